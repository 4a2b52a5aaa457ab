"""The build's dumps precompressed beside the plain files (gzip always, brotli when installed)."""

from __future__ import annotations

import gzip

import brotli

from dsi_graph.build.precompress import precompress


def test_precompressed_files_decode_to_the_dump(tmp_path):
    """NAME.gz and NAME.br decode to NAME; a missing dump is skipped; the gzip bytes are the same every time."""
    data = "".join(f"<https://e.org/s{i}> <https://e.org/p> \"{i}\" <https://e.org/g> .\n" for i in range(2000))
    (tmp_path / "dsi-graph.nq").write_text(data, encoding="utf-8")
    written = precompress(tmp_path)
    assert sorted(p.name for p in written) == ["dsi-graph.nq.br", "dsi-graph.nq.gz"]
    first = (tmp_path / "dsi-graph.nq.gz").read_bytes()
    assert gzip.decompress(first).decode() == data
    assert brotli.decompress((tmp_path / "dsi-graph.nq.br").read_bytes()).decode() == data
    assert len(first) < len(data) / 5
    precompress(tmp_path)
    assert (tmp_path / "dsi-graph.nq.gz").read_bytes() == first
    assert not list(tmp_path.glob("*.tmp"))


def test_the_real_build_has_its_dumps_precompressed(real_build):
    """`dsi-graph build` writes the compressed twins of the dumps it writes."""
    for name in ("dsi-graph.nq", "dsi-graph.trig", "dsi-graph.ttl", "void.ttl"):
        plain = (real_build / name).read_bytes()
        assert gzip.decompress((real_build / (name + ".gz")).read_bytes()) == plain
        assert brotli.decompress((real_build / (name + ".br")).read_bytes()) == plain

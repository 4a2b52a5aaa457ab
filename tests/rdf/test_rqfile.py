"""The one .rq reader: headers of every query file in the project, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.rdf.rqfile import RqHeaderError, load_folder, load_rq, parse_rq, read_header

QUERY_FILES = sorted([*PROJECT_ROOT.glob("queries/*/*.rq"), *PROJECT_ROOT.glob("dsi_graph/**/*.rq")])


@pytest.mark.parametrize("path", QUERY_FILES, ids=[str(p.relative_to(PROJECT_ROOT)) for p in QUERY_FILES])
def test_every_query_file_has_a_header_with_a_summary(path: Path) -> None:
    rq = load_rq(path)
    assert rq.name == path.stem and rq.text == path.read_text(encoding="utf-8")
    assert rq.get("summary"), f"{path} has no '#+ summary:'"


def test_header_is_yaml_and_stops_at_the_query() -> None:
    text = "#+ summary: Agenda\n#+ kinds: meeting, agenda-item\n#+ params:\n#+   - {name: x, type: iri}\n" \
           "# a plain comment\nSELECT * WHERE { ?s ?p ?o }\n#+ late: ignored\n"
    rq = parse_rq(text, "q")
    assert rq.header == {"summary": "Agenda", "kinds": "meeting, agenda-item",
                         "params": [{"name": "x", "type": "iri"}]}
    assert rq.words("kinds") == ["meeting", "agenda-item"] and rq.get("missing", "d") == "d"
    assert read_header("SELECT * {}") == {}


def test_bad_headers_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: a: b: c\nASK {}\n", encoding="utf-8")
    with pytest.raises(RqHeaderError, match="bad.rq: the #\\+ header is not valid YAML"):
        load_rq(bad)
    (tmp_path / "list.rq").write_text("#+ - a\nASK {}\n", encoding="utf-8")
    with pytest.raises(RqHeaderError, match="not a YAML mapping"):
        load_rq(tmp_path / "list.rq")
    assert load_folder(tmp_path / "none") == []

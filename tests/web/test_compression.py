"""Compression by Accept-Encoding on the real server (granian on 127.0.0.1): brotli, gzip, identity; Vary; no
compression of tiny bodies; dumps sent precompressed and equal to the plain dump once decoded."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest
import requests

pytestmark = pytest.mark.server

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
PAGE = "/page/meeting/wgdsi-2"


def raw_get(url: str, encoding: str, **headers: str) -> tuple[requests.Response, bytes]:
    """GET ``url`` with ``Accept-Encoding: encoding``; the response and its body as sent (not decoded)."""
    response = requests.get(url, headers={"Accept-Encoding": encoding, **headers}, stream=True, timeout=60)
    body = response.raw.read(decode_content=False)
    response.close()
    return response, body


def vary(response: requests.Response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_are_compressed_when_accepted(live_server, encoding):
    """The WGDSI-2 page in the accepted encoding: decoded, the same bytes as the identity answer, and smaller."""
    plain, plain_body = raw_get(live_server + PAGE, "identity")
    packed, packed_body = raw_get(live_server + PAGE, encoding)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert int(packed.headers["Content-Length"]) == len(packed_body)
    assert DECODE[encoding](packed_body) == plain_body
    assert len(packed_body) < len(plain_body) / 3
    assert "accept-encoding" in vary(plain) and "accept-encoding" in vary(packed)
    assert packed.headers["ETag"] != plain.headers["ETag"]  # a cache never mixes the encodings


def test_the_clients_weights_choose_the_encoding(live_server):
    """q-values decide; an encoding with q=0 is never used; the server prefers brotli between equals."""
    assert raw_get(live_server + PAGE, "gzip;q=1, br;q=0.5")[0].headers["Content-Encoding"] == "gzip"
    assert raw_get(live_server + PAGE, "br;q=0, gzip")[0].headers["Content-Encoding"] == "gzip"
    assert raw_get(live_server + PAGE, "gzip, deflate, br")[0].headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in raw_get(live_server + PAGE, "compress")[0].headers


def test_a_compressed_answer_is_revalidated(live_server):
    """If-None-Match with the ETag of the gzip answer gives 304 for a gzip client."""
    first, _ = raw_get(live_server + PAGE, "gzip")
    again, body = raw_get(live_server + PAGE, "gzip", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and body == b""


def test_tiny_bodies_are_not_compressed(live_server):
    """robots.txt is a few dozen bytes: sent as it is, still with Vary."""
    response, body = raw_get(live_server + "/robots.txt", "gzip, br")
    assert response.status_code == 200 and len(body) < 500
    assert "Content-Encoding" not in response.headers
    assert "accept-encoding" in vary(response)
    assert body.startswith(b"User-agent")


def test_sparql_results_are_compressed(live_server):
    """A SPARQL JSON answer and a Turtle graph answer are RDF/results types: compressed too."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"
    for accept, encoding in (("application/sparql-results+json", "gzip"), ("text/turtle", "br")):
        q = query if accept.endswith("json") else "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 200"
        response, body = raw_get(live_server + "/sparql?" + requests.compat.urlencode({"query": q}), encoding,
                                 Accept=accept)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        text = DECODE[encoding](body).decode()
        assert ('"bindings"' in text) if accept.endswith("json") else ("<https://" in text or "@prefix" in text)


@pytest.mark.parametrize("name", ["dsi-graph.nq", "dsi-graph.ttl"])
def test_dumps_are_sent_precompressed(live_server, real_build, name):
    """A dump in each encoding is the build's precompressed file, and decodes to the plain dump byte for byte."""
    disk = (Path(real_build) / name).read_bytes()
    plain, plain_body = raw_get(f"{live_server}/dumps/{name}", "identity")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert plain_body == disk
    tags = {plain.headers["ETag"]}
    for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
        response, body = raw_get(f"{live_server}/dumps/{name}", encoding)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Content-Type"].startswith(plain.headers["Content-Type"].split(";")[0])
        assert "accept-encoding" in vary(response)
        assert body == (Path(real_build) / (name + suffix)).read_bytes()  # sent as built, not per request
        assert DECODE[encoding](body) == disk
        tags.add(response.headers["ETag"])
    assert len(tags) == 3


def test_decoding_clients_see_the_plain_dump(live_server, real_build):
    """requests decodes gzip itself: what a client library reads is the N-Quads dump."""
    response = requests.get(f"{live_server}/dumps/dsi-graph.nq", headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.content == (Path(real_build) / "dsi-graph.nq").read_bytes()

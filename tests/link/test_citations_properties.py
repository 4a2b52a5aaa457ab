"""Properties of the citation grammar (link.citations) and of /resolve and /annotate: any text gives citations
whose offsets hold their text, no exception, and the endpoints never answer 500."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from properties import PROFILE, TEXT, mini_app

from dsi_graph.link.citations import Citation, find_citations, parse_citation

PIECES = st.sampled_from(["decision ", "Decision XV/9", "15/9", "COP 16", "CBD/COP/DEC/16/2", "para. 3",
                          "paragraph 2(a)", "recommendation 3/2", "SBI-4/1", "Notification 2024-001", "XLIX",
                          "/", " of ", "and", "-", "(", ")", "WG2020-3/1", "CBD/WG2020/2/L.1", "  ", "\n", "14/20"])
TEXTS = st.lists(PIECES | TEXT, max_size=10).map("".join)


@PROFILE
@given(text=TEXTS)
def test_find_citations_offsets_hold_their_text(text) -> None:
    for citation in find_citations(text):
        assert isinstance(citation, Citation)
        assert 0 <= citation.start <= citation.end <= len(text)
        assert text[citation.start : citation.end] == citation.text


@PROFILE
@given(ref=TEXTS)
def test_parse_citation_gives_a_citation_or_none(ref) -> None:
    citation = parse_citation(ref)
    assert citation is None or isinstance(citation, Citation)


@PROFILE
@given(text=TEXTS, json=st.booleans())
def test_resolve_and_annotate_never_answer_500(text, json) -> None:
    client = mini_app().test_client()
    headers = {"Accept": "application/json" if json else "text/html"}
    resolved = client.get("/resolve", query_string={"ref": text}, headers=headers)
    assert resolved.status_code < 500, resolved.get_data(as_text=True)[:300]
    annotated = client.post("/annotate", data=text.encode("utf-8", "strict"), content_type="text/plain")
    assert annotated.status_code < 500, annotated.get_data(as_text=True)[:300]

"""Entity pages without repetition, on the real build: aligned copies folded, every fact once, each source listed
once with what it states, labels for every term; the pure helpers on hand-written property lists."""

from __future__ import annotations

import pytest
from fixtures_web import BASE

from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES, SCHEMA
from dsi_graph.read import describe, pageview
from dsi_graph.read.provenance import authority, fold_aligned, split_identifiers

ID = BASE + "id/"
INFERRED = BASE + "graph/inferred"


def _page(store, path):
    entity = describe.describe(store, ID + path, BASE)
    assert entity is not None
    return pageview.enrich(entity)


@pytest.fixture(scope="module")
def wgdsi2(real_store):
    return _page(real_store, "meeting/wgdsi-2")


@pytest.fixture(scope="module")
def dec162(real_store):
    return _page(real_store, "decision/cbd-cop-dec-16-2")


def _terms(entity):
    for prop in entity["properties"]:
        yield prop["property"]
        for v in prop["values"]:
            yield v["term"]
            for n in v.get("nested", []):
                yield n["property"]
                yield from (x["term"] for x in n["values"])


@pytest.mark.parametrize("fixture", ["wgdsi2", "dec162"])
def test_each_property_and_value_once(fixture, request):
    entity = request.getfixturevalue(fixture)
    iris = [p["property"]["value"] for p in entity["properties"]]
    assert len(iris) == len(set(iris))
    labels = [p["property"]["label"] for p in entity["properties"] if not p.get("inferred")]
    assert len(labels) == len(set(labels)), labels  # no "has part" beside "has part"
    for prop in entity["properties"]:
        values = [v["term"]["value"] for v in prop["values"]]
        assert len(values) == len(set(values))


def test_aligned_copies_folded_into_what_they_copy(wgdsi2):
    by_iri = {p["property"]["value"]: p for p in wgdsi2["properties"]}
    assert SCHEMA + "name" not in by_iri and SCHEMA + "about" not in by_iri
    assert "schema:name" in [a["curie"] for a in by_iri[PREFIXES["rdfs"] + "label"]["aligned"]]
    assert {"schema:about", "dcterms:subject"} <= {a["curie"] for a in by_iri[DSI_NS + "topic"]["aligned"]}
    box = by_iri[DSI_NS + "participation"]["values"][0]["nested"]
    names = [n["property"]["value"] for n in box]
    assert DSI_NS + "participant" in names and PREFIXES["prov"] + "agent" not in names  # participant once
    assert DSI_NS + "role" in names and PREFIXES["prov"] + "hadRole" not in names  # role once


def test_sources_listed_once_with_url_and_what_they_state(wgdsi2):
    sources = wgdsi2["sources"]
    assert [s["ref"] for s in sources] == list(range(1, len(sources) + 1))
    graphs = [s["graph"]["value"] for s in sources]
    assert len(graphs) == len(set(graphs)) and INFERRED not in graphs
    assert all(s["url"] and s["url"].startswith("http") for s in sources)
    assert all(s["states"] and s["statements"] >= 1 for s in sources)
    assert any(e["quote"] == "12–16 August 2024 | Montréal, Canada" for s in sources for e in s["evidence"])
    for prop in wgdsi2["properties"]:
        for v in prop["values"]:
            own = {g["value"] for g in v["graphs"]} - {INFERRED}
            assert {graphs[n - 1] for n in v["refs"]} == own  # each value cites exactly the sources that state it


def test_participants_once_with_their_sources(wgdsi2):
    section = next(s for s in wgdsi2["sections"] if s["title"] == "Participants")
    rows = section["display_rows"]
    keys = [(r["participant"]["value"], (r.get("role") or {}).get("value")) for r in rows]
    assert len(keys) == len(set(keys))
    assert all(r["refs"] for r in rows) and "refs" in section["display_keys"]
    participation = next(p for p in wgdsi2["properties"] if p["property"]["value"] == DSI_NS + "participation")
    assert participation["in_section"] == "Participants"


def test_labels_for_every_term(wgdsi2, dec162):
    for entity in (wgdsi2, dec162):
        for t in _terms(entity):
            if t["type"] == "iri":
                assert t["label"] and not t["label"].startswith(("schema:", "http")), t
    mode = next(p for p in wgdsi2["properties"] if p["property"]["value"] == SCHEMA + "eventAttendanceMode")
    assert mode["values"][0]["term"]["label"] == "offline event attendance mode"


def test_decision_effects_one_row_per_target(dec162):
    section = next(s for s in dec162["sections"] if s["title"] == "Establishes, mandates, cites")
    targets = [r["target"]["value"] for r in section["display_rows"]]
    assert len(targets) == len(set(targets))
    cali = next(r for r in section["display_rows"] if r["target"]["value"] == ID + "organisation/cali-fund")
    assert [x["value"] for x in cali["relation"]] == ["establishes"]  # not "mandates" again
    assert all(v["label"] != dec162["label"] for r in section["display_rows"] for v in r["via"]
               if v["value"] != dec162["iri"])


def test_status_annotations_once(real_store):
    for path in ("meeting/wgdsi-2", "decision/cbd-cop-dec-16-2", "meeting/cop-16"):
        entity = _page(real_store, path)
        for prop in entity["properties"]:
            for v in prop["values"]:
                shown = [a["value"] for a in v["annotations"]]
                assert len(shown) == len(set(shown))


# --- pure helpers ----------------------------------------------------------------------------------------------

def _prop(iri, values, graph="https://w3id.org/dsi-graph/graph/src"):
    return {"property": {"type": "iri", "value": iri, "label": iri.rsplit("/", 1)[-1], "path": None},
            "values": [{"term": {"type": "iri", "value": v, "label": v, "path": None},
                        "graphs": [{"type": "iri", "value": graph, "label": "g", "path": None}], "annotations": []}
                       for v in values]}


def test_fold_aligned_keeps_an_inferred_property_with_values_of_its_own():
    topic, about = DSI_NS + "topic", SCHEMA + "about"
    props = [_prop(topic, ["a", "b"]), _prop(about, ["a", "b"], INFERRED)]
    folded = fold_aligned(props, {topic: {about}})
    assert [p["property"]["value"] for p in folded] == [topic] and folded[0]["aligned"][0]["curie"] == "schema:about"
    more = fold_aligned([_prop(topic, ["a"]), _prop(about, ["a", "c"], INFERRED)], {topic: {about}})
    assert [p["property"]["value"] for p in more] == [topic, about]  # "c" is said by the copy only
    unrelated = fold_aligned([_prop(topic, ["a"]), _prop(SCHEMA + "x", ["a"], INFERRED)], {topic: {about}})
    assert len(unrelated) == 2


def test_identifiers_as_outbound_links():
    assert authority("http://www.wikidata.org/entity/Q42") == ("Wikidata", "Q42")
    assert authority("https://ror.org/01abcde23") == ("ROR", "01abcde23")
    assert authority("https://orcid.org/0000-0002-1825-0097") == ("ORCID", "0000-0002-1825-0097")
    assert authority("https://doi.org/10.1000/xyz") == ("DOI", "10.1000/xyz")
    assert authority("https://example.org/a/b") == ("example.org", "b")
    props = [_prop(PREFIXES["owl"] + "sameAs", ["http://www.wikidata.org/entity/Q42"]),
             _prop(PREFIXES["skos"] + "closeMatch", ["http://www.wikidata.org/entity/Q42"])]
    for p in props:
        p["values"][0]["refs"] = [1]
    kept, ids = split_identifiers(props)
    assert kept == [] and [(i["authority"], i["id"], i["refs"]) for i in ids] == [("Wikidata", "Q42", [1])]

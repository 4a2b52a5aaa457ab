"""Links to other datasets: a link of the wrong form fails the build naming the record; good links are stated in
their source's graph with the evidence, and owl:sameAs is inferred for Wikidata, ROR and ORCID entity IRIs only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_build import fixture_settings

from dsi_graph.build import pipeline
from dsi_graph.config import PROJECT_ROOT
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
SOURCES = """
sources:
  - id: registry-page
    title: "A registry page"
    url: "https://example.org/registry"
    retrieved: 2026-12-01
"""
RECORD = """
organisations:
  - id: example-institute
    label: "Example Institute"
    kinds: [org-kind-academic]
    same_as: ["{link}"]
    evidence:
      - {{source: registry-page, fields: [same_as], locator: "record", quote: "{link}"}}
    sources: [registry-page]
"""
GOOD = """
organisations:
  - id: example-institute
    label: "Example Institute"
    kinds: [org-kind-academic]
    same_as: ["https://ror.org/0abcde012", "http://www.wikidata.org/entity/Q1234567"]
    close_match: ["https://www.gbif.org/publisher/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]
    evidence:
      - {source: registry-page, fields: [same_as, close_match], locator: "record", quote: "0abcde012"}
    sources: [registry-page]
persons:
  - id: example-person
    label: "Example Person"
    affiliations: [example-institute]
    orcid: "0000-0002-1825-009X"
    sources: [registry-page]
documents:
  - id: example-article
    type: Article
    label: "Example article"
    date: 2022-02
    same_as: ["https://doi.org/10.1234/example.5678"]
    sources: [registry-page]
"""


def project_settings(tmp_path: Path, records: str):
    """Settings over a small data folder written here, with the project's own shapes, checks and rules."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "records.yaml").write_text(records, encoding="utf-8")
    return fixture_settings(tmp_path, data_dir=str(data), shapes_dir=str(PROJECT_ROOT / "shapes"),
                            queries_dir=str(PROJECT_ROOT / "queries"))


@pytest.mark.parametrize(("link", "target"), [
    ("https://www.wikidata.org/wiki/Q1234567", "Wikidata"),
    ("https://ror.org/ABC123", "ROR"),
    ("http://dx.doi.org/10.1234/example", "DOI"),
])
def test_a_link_of_the_wrong_form_fails_the_build_naming_the_record(tmp_path: Path, link: str, target: str):
    settings = project_settings(tmp_path, RECORD.format(link=link))
    out = tmp_path / "dist"
    with pytest.raises(pipeline.BuildFailed) as failed:
        pipeline.build(settings, out)
    (finding,) = [f for f in failed.value.report.violations if f.shape.startswith("ExternalLinkShape")]
    assert finding.focus == "/id/organisation/example-institute"
    assert finding.message.startswith(f"A {target} link is ")
    assert finding.graphs == ["registry-page"]
    text = failed.value.report.text()
    assert "/id/organisation/example-institute" in text and f"A {target} link is" in text
    assert not out.exists()


def test_good_links_are_in_the_source_graph_and_owl_same_as_only_for_entity_iris(tmp_path: Path):
    result = pipeline.build(project_settings(tmp_path, GOOD), tmp_path / "dist")
    assert result.report.conforms
    store = OxigraphStore()
    store.load(str(result.out / "dsi-graph.nq"))
    org, per, doc = (f"<{BASE}id/{kind}/{slug}>" for kind, slug in
                     (("organisation", "example-institute"), ("person", "example-person"),
                      ("document", "example-article")))
    source_graph, inferred = f"<{BASE}graph/registry-page>", f"<{BASE}graph/inferred>"
    prefixes = ("PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX schema: <http://schema.org/> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dsi: <https://w3id.org/dsi-graph/def/> "
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")
    assert store.ask(prefixes + f"""ASK {{ GRAPH {source_graph} {{
        {org} schema:sameAs <https://ror.org/0abcde012>, <http://www.wikidata.org/entity/Q1234567> ;
              skos:closeMatch <https://www.gbif.org/publisher/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d> .
        ?note rdf:subject {org} ; rdf:predicate schema:sameAs ; rdf:object <https://ror.org/0abcde012> ;
              dsi:quote "0abcde012" ; dsi:locator "record" . }} }}""")
    same = {(str(r["s"]), str(r["o"])) for r in store.select(
        prefixes + f"SELECT ?s ?o WHERE {{ GRAPH {inferred} {{ ?s owl:sameAs ?o }} }}")}
    assert same == {(org[1:-1], "https://ror.org/0abcde012"), (org[1:-1], "http://www.wikidata.org/entity/Q1234567"),
                    (per[1:-1], "https://orcid.org/0000-0002-1825-009X")}
    assert store.ask(prefixes + f"ASK {{ {doc} schema:sameAs <https://doi.org/10.1234/example.5678> }}")
    assert not store.ask(prefixes + f"ASK {{ {doc} owl:sameAs ?any }}")


def test_the_project_links_are_stated_by_their_sources(real_store: OxigraphStore):
    rows = real_store.select(
        "PREFIX schema: <http://schema.org/> SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s schema:sameAs ?o } }")
    links = {(str(r["s"]).removeprefix(f"{BASE}id/"), str(r["o"])): str(r["g"]).removeprefix(f"{BASE}graph/")
             for r in rows}
    assert links[("organisation/embl-ebi", "https://ror.org/02catss52")] == "bioregistry-data"
    assert links[("person/jorg-overmann", "https://orcid.org/0000-0003-3909-7201")] == "bioregistry-data"
    assert links[("document/nature-communications-dsi-multilateral-2022",
                  "https://doi.org/10.1038/s41467-022-28594-0")] == "doaj-scholz-2022-nature-communications"
    assert all(not g.startswith(("inferred", "ontology")) for g in links.values())

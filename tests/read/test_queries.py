"""Named queries: header loader, parameter types and binding, hostile values, the ``query`` command.

The small graph below follows the IAG 2024 page (seed 000, https://www.cbd.int/dsi-gr/iag-2024.shtml) and the
AIBS workshop-series page (seed 002, https://learnnagoya.com/workshop-series/).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from querydata import HOSTILE, HOSTILE_LITERAL, ID, SMALL
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from dsi_graph.cli import cli
from dsi_graph.rdf import sparqltext
from dsi_graph.rdf.rqfile import read_header
from dsi_graph.read import queries, query_params
from dsi_graph.read.queries import NamedQuery, Param, ParamError, QueryFileError
from dsi_graph.stores.oxigraph import OxigraphStore


@pytest.fixture()
def small_store() -> OxigraphStore:
    """The small graph in an Oxigraph store."""
    store = OxigraphStore()
    store.raw.load(SMALL.encode(), format=ox.RdfFormat.TRIG)
    return store


def write_query(folder: Path, name: str, text: str) -> Path:
    """Write ``name.rq`` into ``folder``."""
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


AGENDA = """#+ summary: Agenda of a meeting
#+ tags: [meetings]
#+ params:
#+   - name: meeting
#+     type: iri
#+     kind: meeting
#+     default: https://w3id.org/dsi-graph/id/meeting/iag-2024-01
PREFIX dsi: <https://w3id.org/dsi-graph/def/>
SELECT ?meeting ?item WHERE { ?meeting dsi:hasAgendaItem ?item }
"""


# -- the published queries -------------------------------------------------------------------------------------


ALL = queries.list_queries()


def test_there_are_at_least_25_named_queries() -> None:
    assert len(ALL) >= 25


@pytest.mark.parametrize("query", ALL, ids=[q.name for q in ALL])
def test_every_query_parses_has_metadata_and_runs(query: NamedQuery, small_store: OxigraphStore) -> None:
    ox.Store().query(query.text)  # parses on pyoxigraph as written, header included
    assert query.summary and query.description and query.tags
    for param in query.params:
        assert param.type in query_params.PARAM_TYPES
        assert param.description, f"{query.name}: parameter {param.name} has no description"
        if query.form == "select":  # Oxigraph substitutes only projected variables
            head = query.text.split("WHERE")[0]
            assert f"?{param.name}" in head, f"{query.name}: ?{param.name} is not projected"
    answer = queries.run(small_store, query)
    assert answer is not None


def test_list_queries_is_sorted_and_describes_itself() -> None:
    names = [q.name for q in ALL]
    assert names == sorted(names)
    entry = queries.get_query("meeting-agenda").as_dict()
    assert entry["params"][0] == {
        "name": "meeting", "type": "iri", "default": f"{ID}meeting/iag-2024-01",
        "description": "The meeting (IRI or slug, e.g. iag-2024-02).", "kind": "meeting",
    }
    assert entry["query"].startswith("#+ summary:")


# -- loader ----------------------------------------------------------------------------------------------------


def test_header_is_yaml_in_comment_lines() -> None:
    header = read_header(AGENDA)
    assert header["summary"] == "Agenda of a meeting"
    assert header["tags"] == ["meetings"]
    assert header["params"][0]["kind"] == "meeting"


def test_loader_reads_a_folder_and_file_name_is_the_name(tmp_path: Path) -> None:
    write_query(tmp_path, "agenda", AGENDA)
    loaded = queries.load_queries(tmp_path)
    assert list(loaded) == ["agenda"]
    assert loaded["agenda"].form == "select"
    assert loaded["agenda"].params == (Param("meeting", "iri", f"{ID}meeting/iag-2024-01", kind="meeting"),)
    with pytest.raises(queries.UnknownQuery, match="no named query 'nope'"):
        queries.get_query("nope", tmp_path)


def test_loader_rereads_a_changed_file(tmp_path: Path) -> None:
    path = write_query(tmp_path, "agenda", AGENDA)
    assert queries.get_query("agenda", tmp_path).summary == "Agenda of a meeting"
    path.write_text(AGENDA.replace("Agenda of a meeting", "Items"), encoding="utf-8")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert queries.get_query("agenda", tmp_path).summary == "Items"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "no '#+ summary:'"),
        ("#+ summary: x\n#+ tags: meetings\nSELECT * WHERE { ?s ?p ?o }", "tags:' must be a list"),
        ("#+ summary: x\n#+ params:\n#+   - name: who\n#+     type: iri\nSELECT * WHERE { ?s ?p ?o }",
         "does not appear as ?who"),
        ("#+ summary: x\n#+ params:\n#+   - name: s\n#+     type: uri\nSELECT * WHERE { ?s ?p ?o }",
         "type 'uri' is not one of"),
        ("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }", "bad.rq"),
        ("#+ summary: x\nDELETE WHERE { ?s ?p ?o }", "no SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_a_bad_header_names_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write_query(tmp_path, "bad", text)
    with pytest.raises(QueryFileError, match="bad.rq") as caught:
        queries.load_query(path)
    assert message in str(caught.value)


def test_query_form_ignores_comments_and_iris() -> None:
    assert queries.query_form("# SELECT\nPREFIX x: <http://e/ASK>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == (
        "construct"
    )


# -- parameter types -------------------------------------------------------------------------------------------

MEETING = Param("meeting", "iri", kind="meeting")
ANY = Param("entity", "iri")


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        (MEETING, f"{ID}meeting/cop-16", URIRef(f"{ID}meeting/cop-16")),
        (MEETING, "cop-16", URIRef(f"{ID}meeting/cop-16")),
        (MEETING, "  iag-2024-01 ", URIRef(f"{ID}meeting/iag-2024-01")),
        (ANY, "person/tim-hirsch", URIRef(f"{ID}person/tim-hirsch")),
        (ANY, "rdfs:label", RDFS.label),
        (ANY, "dsi:Meeting", URIRef("https://w3id.org/dsi-graph/def/Meeting")),
        (ANY, "urn:isbn:0451450523", URIRef("urn:isbn:0451450523")),
        (Param("kind", "iri", kind="concept", prefix="org-kind-"), "iplc", URIRef(f"{ID}concept/org-kind-iplc")),
        (Param("kind", "iri", kind="concept", prefix="org-kind-"), "org-kind-iplc",
         URIRef(f"{ID}concept/org-kind-iplc")),
        (Param("from", "date"), "2024-01-23", Literal("2024-01-23", datatype=XSD.date)),
        (Param("year", "integer"), "2024", Literal(2024, datatype=XSD.integer)),
        (Param("year", "integer"), "-3", Literal(-3, datatype=XSD.integer)),
        (Param("what", "kind-slug"), "meeting", Literal("meeting")),
        (Param("q", "string"), HOSTILE_LITERAL, Literal(HOSTILE_LITERAL.strip())),
    ],
)
def test_values_become_rdf_terms(param: Param, value: str, expected) -> None:
    term = query_params.coerce(param, value)
    assert term == expected
    assert type(term) is type(expected)


def test_a_bare_slug_without_a_kind_is_found_in_the_store(small_store: OxigraphStore) -> None:
    assert query_params.coerce(ANY, "tim-hirsch", store=small_store) == URIRef(f"{ID}person/tim-hirsch")
    with pytest.raises(ParamError, match="no entity has the slug 'nobody-here'"):
        query_params.coerce(ANY, "nobody-here", store=small_store)


@pytest.mark.parametrize(
    ("param", "value", "why"),
    [
        (MEETING, HOSTILE, "is neither an absolute IRI nor a slug"),
        (ANY, "http://x> } ; DROP ALL ; #", "is not an absolute IRI"),
        (ANY, "http://example.org/a b", "is not an absolute IRI"),
        (ANY, 'http://example.org/"', "is not an absolute IRI"),
        (ANY, "Tim Hirsch", "neither an absolute IRI nor a slug"),
        (ANY, "nokind/tim-hirsch", "not kind/slug with a known kind"),
        (Param("from", "date"), "2024-13-01", "is not a date"),
        (Param("from", "date"), "23 January 2024", "is not a date"),
        (Param("year", "integer"), "2024; DROP ALL", "is not an integer"),
        (Param("year", "integer"), "1e3", "is not an integer"),
        (Param("what", "kind-slug"), "meetings", "is not one of the kinds"),
        (Param("q", "string"), "x" * 501, "longer than 500"),
    ],
)
def test_bad_values_raise_param_error_naming_the_parameter(param: Param, value: str, why: str) -> None:
    with pytest.raises(ParamError) as caught:
        query_params.coerce(param, value)
    assert caught.value.name == param.name
    assert why in caught.value.why
    assert str(caught.value).startswith(f"parameter {param.name!r}: ")


def test_bind_params_fills_defaults_and_rejects_unknown_or_missing() -> None:
    query = queries.get_query("timeline")
    bound = queries.bind_params(query, {"from": "2024-01-01"})
    assert bound == {"from": Literal("2024-01-01", datatype=XSD.date), "to": Literal("2026-12-31", datatype=XSD.date)}
    with pytest.raises(ParamError, match="unknown parameter .this query takes: from, to"):
        queries.bind_params(query, {"since": "2024-01-01"})
    search = queries.get_query("search-labels")
    assert queries.bind_params(search, {"q": ""}) == {"q": Literal("fund")}  # empty means the default
    required = NamedQuery("x", "SELECT ?q WHERE {}", "x", params=(Param("q", "string", required=True),))
    with pytest.raises(ParamError, match="'q': is required"):
        queries.bind_params(required, {})


# -- running ---------------------------------------------------------------------------------------------------


def test_run_binds_the_parameter_as_a_term(small_store: OxigraphStore) -> None:
    query = queries.get_query("meeting-agenda")
    rows = queries.run(small_store, query, {"meeting": "iag-2024-01"}).rows
    assert [str(r["item"]) for r in rows] == [f"{ID}agenda-item/iag-2024-01-item-2"]
    assert str(rows[0]["topics"]) == "Data governance"
    assert queries.run(small_store, query, {"meeting": "iag-2024-02"}).rows == []


def test_a_date_parameter_filters(small_store: OxigraphStore) -> None:
    query = queries.get_query("timeline")
    everything = [str(r["item"]) for r in queries.run(small_store, query).rows]
    assert everything == [f"{ID}meeting/iag-2024-01", f"{ID}meeting/iag-2024-02"]
    later = [str(r["item"]) for r in queries.run(small_store, query, {"from": "2024-02-01"}).rows]
    assert later == [f"{ID}meeting/iag-2024-02"]


def test_hostile_string_cannot_change_the_query(small_store: OxigraphStore) -> None:
    before = small_store.count()
    query = queries.get_query("search-labels")
    assert queries.run(small_store, query, {"q": HOSTILE}).rows == []
    assert queries.run(small_store, query, {"q": HOSTILE_LITERAL}).rows == []
    assert [str(r["entity"]) for r in queries.run(small_store, query, {"q": "hirsh"}).rows] == [
        f"{ID}person/tim-hirsch"
    ]
    assert small_store.count() == before


def test_hostile_string_stays_a_literal_in_a_values_block(small_store: OxigraphStore) -> None:
    """The remote path writes bindings as a VALUES block: the hostile text must stay one literal."""
    query = queries.get_query("search-labels")
    bindings = queries.bind_params(query, {"q": HOSTILE_LITERAL})
    text = sparqltext.bind_values(query.text, bindings)
    rows = list(small_store.raw.query(text, use_default_graph_as_union=True))
    assert rows == []
    hit = sparqltext.bind_values(query.text, queries.bind_params(query, {"q": "GBIF"}))
    assert [str(r["entity"].value) for r in small_store.raw.query(hit, use_default_graph_as_union=True)] == [
        f"{ID}organisation/gbif"
    ]


def test_hostile_iri_is_refused_before_any_query(small_store: OxigraphStore) -> None:
    query = queries.get_query("meeting-agenda")
    with pytest.raises(ParamError, match="parameter 'meeting'"):
        queries.run(small_store, query, {"meeting": HOSTILE})


def test_another_base_moves_query_and_defaults(tmp_path: Path) -> None:
    base = "http://localhost:8080/"
    store = OxigraphStore()
    store.raw.load(SMALL.replace("https://w3id.org/dsi-graph/", base).encode(), format=ox.RdfFormat.TRIG)
    query = queries.get_query("meeting-agenda")
    rows = queries.run(store, query, base=base).rows
    assert [str(r["item"]) for r in rows] == [f"{base}id/agenda-item/iag-2024-01-item-2"]
    assert queries.bind_params(query, {"meeting": "iag-2024-02"}, base=base) == {
        "meeting": URIRef(f"{base}id/meeting/iag-2024-02")
    }


def test_construct_query_returns_a_graph(small_store: OxigraphStore) -> None:
    graph = queries.run(small_store, queries.get_query("meeting-graph"))
    assert (URIRef(f"{ID}meeting/iag-2024-01"), RDFS.label, None) in graph


# -- the command -----------------------------------------------------------------------------------------------


@pytest.fixture()
def build_dir(tmp_path: Path) -> Path:
    """A build folder holding the small graph as ``dsi-graph.nq``."""
    out = tmp_path / "dist"
    out.mkdir()
    quads = ox.parse(SMALL.encode(), format=ox.RdfFormat.TRIG)
    (out / "dsi-graph.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return out


def invoke(*args: str):
    """Run ``dsi-graph ARGS`` in-process."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_command_prints_a_table(build_dir: Path) -> None:
    result = invoke("query", "meeting-agenda", "--build", str(build_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")] == ["meeting", "number", "item", "label", "topics"]
    assert [cell.strip() for cell in lines[2].split(" | ")][:3] == [
        "meeting/iag-2024-01", "2", "agenda-item/iag-2024-01-item-2"
    ]
    assert lines[-1] == "(1 row)"


def test_command_formats_and_params(build_dir: Path) -> None:
    out = invoke("query", "timeline", "--build", str(build_dir), "-p", "from=2024-02-01", "--format", "json").output
    data = json.loads(out)
    assert [b["item"]["value"] for b in data["results"]["bindings"]] == [f"{ID}meeting/iag-2024-02"]
    csv_out = invoke("query", "timeline", "--build", str(build_dir), "--format", "csv").output
    assert csv_out.splitlines()[0] == "date,what,item,label,place,from,to"
    assert len(csv_out.splitlines()) == 3
    tsv = invoke("query", "timeline", "--build", str(build_dir), "--format", "tsv").output
    assert tsv.splitlines()[1].split("\t")[:2] == ["2024-01-23", "meeting"]
    turtle = invoke("query", "meeting-graph", "--build", str(build_dir), "--format", "turtle").output
    assert "meeting:iag-2024-01" in turtle or "iag-2024-01>" in turtle


def test_command_reports_bad_input(build_dir: Path, tmp_path: Path) -> None:
    bad = invoke("query", "timeline", "--build", str(build_dir), "-p", "from=yesterday")
    assert bad.exit_code == 1
    assert "parameter 'from': 'yesterday' is not a date" in bad.output
    assert "write parameters as key=value" in invoke("query", "timeline", "--build", str(build_dir), "-p", "x").output
    assert "no named query 'nope'" in invoke("query", "nope", "--build", str(build_dir)).output
    assert "CONSTRUCT" in invoke("query", "timeline", "--build", str(build_dir), "--format", "turtle").output
    assert "no build" in invoke("query", "timeline", "--build", str(tmp_path / "missing")).output


def test_command_runs_a_query_file(build_dir: Path, tmp_path: Path) -> None:
    path = write_query(tmp_path, "adhoc", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                                          "SELECT ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label LIMIT 1\n")
    result = invoke("query", str(path), "--build", str(build_dir), "--format", "csv")
    assert result.output.splitlines() == ["label", "Data governance"]


@pytest.mark.server
def test_command_runs_on_a_remote_endpoint(tmp_path: Path) -> None:
    """``--endpoint`` sends the query to a real SPARQL server with the parameters in a VALUES block."""
    from fixtures_server import run_server

    data = tmp_path / "small.trig"
    data.write_text(SMALL, encoding="utf-8")
    with run_server([str(data)], log_dir=tmp_path) as base:
        endpoint = f"{base}/sparql"
        out = invoke("query", "meeting-agenda", "--endpoint", endpoint, "--format", "csv").output
        assert out.splitlines()[1].startswith(f"{ID}meeting/iag-2024-01,2,{ID}agenda-item/iag-2024-01-item-2,")
        other = invoke("query", "meeting-agenda", "--endpoint", endpoint, "-p", "meeting=iag-2024-02", "--format",
                       "csv").output
        assert other.splitlines() == ["meeting,number,item,label,topics"]
        hostile = invoke("query", "search-labels", "--endpoint", endpoint, "-p", f"q={HOSTILE_LITERAL}",
                         "--format", "csv").output
        assert hostile.splitlines() == ["q,entity,label,score,matches"]
        hit = invoke("query", "search-labels", "--endpoint", endpoint, "-p", "q=hirsh", "--format", "csv").output
        assert f"{ID}person/tim-hirsch" in hit

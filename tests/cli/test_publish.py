"""``dsi-graph publish``: a build's named graphs into oxigraph serve and Virtuoso, graph by graph, counts verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from engines import ENGINE_FIXTURES, external

from dsi_graph.cli import cli
from dsi_graph.stores.memory import MemoryStore
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.stores.update import insert_data_chunks, ntriples, read_graphs

EX = "http://example.org/"


def _dump(folder: Path) -> Path:
    """A build folder whose dump has a small graph and a larger one (blank nodes, 2,500 triples)."""
    lines = [
        f'<{EX}m1> <{EX}label> "Réunion \\"un\\"\\nbis"@fr <{EX}graph/small> .',
        f"<{EX}m1> <{EX}location> _:place <{EX}graph/small> .",
        f'_:place <{EX}name> "Nairobi" <{EX}graph/small> .',
        f'<{EX}m1> <{EX}days> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <{EX}graph/small> .',
    ]
    for i in range(500):
        lines.append(f"<{EX}e{i}> <{EX}part> _:p{i} <{EX}graph/large> .")
        lines += [f'_:p{i} <{EX}v{k}> "{i}-{k}" <{EX}graph/large> .' for k in range(4)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dsi-graph.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


EXPECTED = {EX + "graph/small": 4, EX + "graph/large": 2500}


def _publish(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["publish", *args])
    return result.exit_code, result.output


def test_chunks_keep_blank_nodes_together(tmp_path: Path) -> None:
    graphs = read_graphs(_dump(tmp_path) / "dsi-graph.nq")
    chunks = list(insert_data_chunks(EX + "graph/large", ntriples(graphs[EX + "graph/large"]), size=7))
    assert len(chunks) > 300
    for chunk in chunks:  # each chunk holds whole groups: a blank node's five triples never straddle two
        assert chunk.count(f"<{EX}part>") * 5 == chunk.count(" .\n")


@pytest.mark.parametrize("via", ["gsp", "update"])
def test_publish_to_oxigraph_serve(oxigraph_server, tmp_path: Path, via: str) -> None:
    build = _dump(tmp_path / "dist")
    args = ["--endpoint", oxigraph_server.query, "--build", str(build)]
    write = oxigraph_server.graph_store if via == "gsp" else oxigraph_server.update
    args += ["--graph-store" if via == "gsp" else "--update-endpoint", write]
    for _ in range(2):  # a second publish replaces the graphs, it does not add to them
        code, out = _publish(*args)
        assert code == 0, out
        assert "all counts match" in out
    store = oxigraph_server.store()
    for graph, expected in EXPECTED.items():
        assert store.count(graph) == expected


@pytest.mark.parametrize("via", ["gsp", "update"])
def test_publish_to_virtuoso(virtuoso_server, tmp_path: Path, via: str) -> None:
    build = _dump(tmp_path / "dist")
    args = ["--endpoint", virtuoso_server.query, "--build", str(build), "--auth", virtuoso_server.auth]
    write = virtuoso_server.graph_store if via == "gsp" else virtuoso_server.update
    args += ["--graph-store" if via == "gsp" else "--update-endpoint", write]
    for _ in range(2):
        code, out = _publish(*args)
        assert code == 0, out
        assert "all counts match" in out
    store = virtuoso_server.store(graph_prefix=EX + "graph/")
    for graph, expected in EXPECTED.items():
        assert store.count(graph) == expected
    label = store.select(f"SELECT ?l WHERE {{ <{EX}m1> <{EX}label> ?l }}").rows[0]["l"]
    assert str(label) == 'Réunion "un"\nbis'


def test_publish_refuses_wrong_credentials(virtuoso_server, tmp_path: Path) -> None:
    build = _dump(tmp_path / "dist")
    code, out = _publish("--endpoint", virtuoso_server.query, "--graph-store", virtuoso_server.graph_store,
                         "--auth", "dba:wrong", "--build", str(build))
    assert code == 1
    assert "HTTP 401" in out


def test_publish_reports_a_mismatch(virtuoso_server, tmp_path: Path) -> None:
    # Virtuoso stores "1" and "01" as the same xsd:integer: two triples in the build, one in the engine.
    build = tmp_path / "dist"
    build.mkdir()
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    (build / "dsi-graph.nq").write_text(
        f'<{EX}a> <{EX}n> "1"^^{integer} <{EX}graph/odd> .\n<{EX}a> <{EX}n> "01"^^{integer} <{EX}graph/odd> .\n'
    )
    code, out = _publish("--endpoint", virtuoso_server.query, "--graph-store", virtuoso_server.graph_store,
                         "--auth", virtuoso_server.auth, "--build", str(build))
    assert code == 1, out
    assert "MISMATCH" in out and "1 graph(s) differ" in out


def test_publish_without_build(tmp_path: Path) -> None:
    code, out = _publish("--endpoint", "http://127.0.0.1:9/sparql", "--build", str(tmp_path / "none"))
    assert code == 1
    assert "no build" in out


@pytest.mark.parametrize("engine", [pytest.param(name, marks=external) for name in ENGINE_FIXTURES])
def test_real_build_counts_equal_across_backends(request: pytest.FixtureRequest, real_build: Path, engine: str):
    dump = real_build / "dsi-graph.nq"
    reference = OxigraphStore()
    reference.load(str(dump))
    memory = MemoryStore()
    memory.load(str(dump))
    server = request.getfixturevalue(engine)
    args = ["--endpoint", server.query, "--graph-store", server.graph_store, "--build", str(real_build),
            "--update-endpoint", server.update]  # the build has blank nodes that two graphs share
    code, out = _publish(*args, *(["--auth", server.auth] if server.auth else []))
    assert code == 0, out
    remote = server.store()
    graphs = reference.graphs()
    assert graphs and memory.graphs() == graphs
    for graph in graphs:
        assert memory.count(str(graph)) == reference.count(str(graph)) == remote.count(str(graph)), graph


def _shared_dump(folder: Path) -> Path:
    """A dump where one blank node is stated in two graphs (and another stays in one)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dsi-graph.nq").write_text(
        f"<{EX}m1> <{EX}part> _:shared <{EX}graph/a> .\n"
        f'_:shared <{EX}role> "chair" <{EX}graph/a> .\n'
        f'_:shared <{EX}role> "chair" <{EX}graph/b> .\n'
        f"_:shared <{EX}agent> _:agent <{EX}graph/b> .\n"
        f'_:agent <{EX}name> "A" <{EX}graph/b> .\n'
        f'_:own <{EX}name> "B" <{EX}graph/b> .\n',
        encoding="utf-8",
    )
    return folder


SHARED_NODES = f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ GRAPH ?g {{ ?b <{EX}role> ?r }} }}"
JOINED = (f"SELECT ?name WHERE {{ GRAPH ?a {{ <{EX}m1> <{EX}part> ?b }} "
          f"GRAPH ?g {{ ?b <{EX}agent>/<{EX}name> ?name }} }}")


@pytest.mark.parametrize("via", ["gsp", "update"])
@pytest.mark.parametrize("engine", [pytest.param(name, marks=external) for name in ENGINE_FIXTURES])
def test_blank_node_shared_by_two_graphs_stays_one_node(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str, via: str
) -> None:
    server = request.getfixturevalue(engine)
    build = _shared_dump(tmp_path / "dist")
    args = ["--endpoint", server.query, "--build", str(build), "--update-endpoint", server.update]
    args += ["--graph-store", server.graph_store] if via == "gsp" else []
    args += ["--auth", server.auth] if server.auth else []
    for _ in range(2):  # publishing again replaces, it does not add a second node
        code, out = _publish(*args)
        assert code == 0, out
        assert "all counts match" in out
    store = server.store(graph_prefix=EX + "graph/")
    assert store.count(EX + "graph/a") == 2 and store.count(EX + "graph/b") == 4
    assert int(store.select(SHARED_NODES).rows[0]["n"]) == 1
    assert [str(r["name"]) for r in store.select(JOINED).rows] == ["A"]

"""SHACL shapes against their fixtures: every valid fixture conforms, every invalid one trips its own shape.

Each fixture in ``tests/shapes/`` is validated together with the ontology, the vocabularies and
``tests/shapes/_context.ttl``, plus the triples the ``queries/rules/construct-*.rq`` rules infer from all of them
(run on pyoxigraph), as the build does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from dsi_graph.config import PROJECT_ROOT

SHAPES_DIR = PROJECT_ROOT / "shapes"
FIXTURES_DIR = Path(__file__).resolve().parents[1] / "shapes"
SEVERITY = {"core.ttl": SH.Violation, "recommended.ttl": SH.Warning}
FIXTURE_RE = re.compile(r"^(?P<shape>[A-Za-z]+Shape)-(?P<kind>valid|invalid-\d{2})\.ttl$")
SHAPES_NS = "https://w3id.org/dsi-graph/def/shapes/"


@cache
def shapes_graph() -> Graph:
    """Core and recommended shapes in one graph."""
    graph = Graph()
    for name in SEVERITY:
        graph.parse(SHAPES_DIR / name)
    return graph


@cache
def shape_severities() -> dict[str, URIRef]:
    """Each targeted node shape's local name -> the severity its file stands for."""
    table: dict[str, URIRef] = {}
    for name, severity in SEVERITY.items():
        graph = Graph().parse(SHAPES_DIR / name)
        for shape in graph.subjects(RDF.type, SH.NodeShape):
            targeted = any(
                graph.value(shape, p) is not None
                for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            )
            if targeted:
                table[str(shape).removeprefix(SHAPES_NS)] = severity
    return table


BASE_FILES = (
    PROJECT_ROOT / "ontology" / "dsi.ttl",
    PROJECT_ROOT / "ontology" / "vocabularies.ttl",
    FIXTURES_DIR / "_context.ttl",
)


def data_graph(fixture: Path) -> Graph:
    """Ontology + vocabularies + context + ``fixture``, plus what the rules infer from them (on pyoxigraph)."""
    store = ox.Store()
    for i, path in enumerate((*BASE_FILES, fixture)):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:x-test:graph:{i}"))
    inferred = []
    for rule in sorted((PROJECT_ROOT / "queries" / "rules").glob("construct-*.rq")):
        inferred.extend(store.query(rule.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    for triple in inferred:
        store.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    data = ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    graph = Graph()
    graph.parse(data=re.sub(r" <urn:x-test:graph:\d+> \.$", " .", data, flags=re.MULTILINE), format="nt")
    return graph


def validate(fixture: Path) -> tuple[bool, Graph]:
    """Run pySHACL on a fixture; return ``(conforms, report graph)``.

    The shapes graph itself is checked against SHACL-SHACL once, in :func:`test_shapes_pass_shacl_shacl`
    (``meta_shacl=True`` costs seconds per call).
    """
    conforms, report, _ = pyshacl.validate(
        data_graph(fixture), shacl_graph=shapes_graph(), advanced=True, inference="none"
    )
    return bool(conforms), report


def owned_shapes(shape: URIRef) -> set[URIRef]:
    """The node shape and the property shapes it lists."""
    return {shape, *shapes_graph().objects(shape, SH.property)}


def describe(report: Graph) -> str:
    """One line per validation result, for assertion messages."""
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        lines.append(f"{report.value(result, SH.focusNode)} {shape} {report.value(result, SH.resultMessage)}")
    return "\n".join(sorted(lines))


MALFORMED_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:x-test:BadShape> a sh:NodeShape ; sh:minCount "one" .
"""

FIXTURES = sorted(p for p in FIXTURES_DIR.glob("*.ttl") if not p.name.startswith("_"))


def test_fixture_names_follow_the_convention() -> None:
    assert FIXTURES
    bad = [p.name for p in FIXTURES if not FIXTURE_RE.match(p.name)]
    assert not bad


def test_every_shape_has_valid_and_invalid_fixtures() -> None:
    kinds: dict[str, set[str]] = {}
    for path in FIXTURES:
        match = FIXTURE_RE.match(path.name)
        assert match, path.name
        kinds.setdefault(match["shape"], set()).add("valid" if match["kind"] == "valid" else "invalid")
    missing = {name for name in shape_severities() if kinds.get(name) != {"valid", "invalid"}}
    assert not missing, f"shapes without a valid and an invalid fixture: {sorted(missing)}"
    assert set(kinds) <= set(shape_severities()), "fixtures for unknown shapes"


def test_invalid_fixtures_say_why() -> None:
    for path in FIXTURES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 12, path.name


def test_shapes_pass_shacl_shacl() -> None:
    empty = Graph()
    conforms, _, text = pyshacl.validate(empty, shacl_graph=shapes_graph(), meta_shacl=True, advanced=True)
    assert conforms, text
    broken = Graph().parse(data=MALFORMED_SHAPE, format="turtle")
    with pytest.raises(ReportableRuntimeError):
        pyshacl.validate(empty, shacl_graph=shapes_graph() + broken, meta_shacl=True, advanced=True)


def test_context_and_vocabularies_conform() -> None:
    conforms, report = validate(FIXTURES_DIR / "_context.ttl")
    assert conforms, describe(report)


@pytest.mark.parametrize("fixture", [p for p in FIXTURES if p.name.endswith("-valid.ttl")], ids=lambda p: p.stem)
def test_valid_fixture_conforms(fixture: Path) -> None:
    conforms, report = validate(fixture)
    assert conforms, describe(report)


@pytest.mark.parametrize("fixture", [p for p in FIXTURES if "-invalid-" in p.name], ids=lambda p: p.stem)
def test_invalid_fixture_trips_its_shape(fixture: Path) -> None:
    name = FIXTURE_RE.match(fixture.name)["shape"]  # type: ignore[index]
    shape = URIRef(SHAPES_NS + name)
    severity = shape_severities()[name]
    conforms, report = validate(fixture)
    assert not conforms
    mine = [
        r
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.sourceShape) in owned_shapes(shape) and report.value(r, SH.resultSeverity) == severity
    ]
    assert mine, f"no {severity} from {name}; results:\n{describe(report)}"
    assert all(isinstance(report.value(r, SH.resultMessage), Literal) for r in mine)

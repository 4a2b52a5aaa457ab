"""Validation: pySHACL with ``shapes/*.ttl`` plus ``queries/checks/*-violation.rq`` (any row is a violation).

Warnings (``sh:Warning``, ``sh:Info``) are reported and never fatal; the report renders as text grouped by shape,
JSON, or Turtle (the pySHACL report graph, with the check rows added as ``sh:ValidationResult``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from dsi_graph.config import Settings
from dsi_graph.rdf import namespaces, uris
from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.rdf.rqfile import load_folder
from dsi_graph.rdf.terms import to_oxigraph
from dsi_graph.stores.oxigraph import OxigraphStore

_BUILD_GRAPHS = {"inferred", "ontology", "void"}  # not named as the origin of a finding


@dataclass
class Finding:
    """One validation result."""

    severity: str  # Violation | Warning | Info
    message: str
    shape: str
    focus: str = ""
    path: str = ""
    value: str = ""
    graphs: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    """The outcome of a validation: ``conforms`` is False only when there is a violation."""

    violations: list[Finding]
    warnings: list[Finding]
    graph: Graph = field(default_factory=Graph, repr=False)

    @property
    def conforms(self) -> bool:
        """No violation (warnings allowed)."""
        return not self.violations

    def to_json(self) -> dict:
        """A JSON-ready dict."""
        return {
            "conforms": self.conforms,
            "violations": [asdict(f) for f in self.violations],
            "warnings": [asdict(f) for f in self.warnings],
        }

    def json(self) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)

    def turtle(self) -> str:
        """The report graph as Turtle."""
        return self.graph.serialize(format="turtle")

    def text(self) -> str:
        """Human text: a summary line, then findings grouped by shape."""
        lines = [f"Validation: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"]
        for title, findings in (("Violation", self.violations), ("Warning", self.warnings)):
            groups: dict[str, list[Finding]] = defaultdict(list)
            for finding in findings:
                groups[finding.shape].append(finding)
            for shape in sorted(groups):
                lines.append(f"\n[{title}] {shape} ({len(groups[shape])})")
                for f in groups[shape]:
                    where = "".join(
                        [f"  path {f.path}" if f.path else "", f"  value {f.value}" if f.value else ""]
                    )
                    graphs = f"  (in {', '.join(f.graphs)})" if f.graphs else ""
                    lines.append(f"  - {f.focus}{where}: {f.message}{graphs}")
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        """Render as ``text``, ``json`` or ``turtle``."""
        return {"text": self.text, "json": self.json, "turtle": self.turtle}[fmt]()


def compact(term: Node | None) -> str:
    """A short readable form of a term for reports (see :func:`dsi_graph.rdf.namespaces.compact`)."""
    return namespaces.compact(term, uris.DEFAULT_BASE)


def load_shapes(shapes_dir: str | Path) -> Graph:
    """Every ``*.ttl`` under ``shapes_dir`` in one graph."""
    shapes = Graph()
    for path in sorted(Path(shapes_dir).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def _shape_name(shape: Node, shapes: Graph) -> str:
    """A readable shape name; a blank property shape is named by its node shape and path."""
    if isinstance(shape, BNode):
        parent = next(shapes.subjects(SH.property, shape), None)
        path = shapes.value(shape, SH.path)
        if parent is not None:
            return f"{_shape_name(parent, shapes)} {compact(path)}".strip()
    if isinstance(shape, URIRef):
        return re.split(r"[/#]", str(shape).rstrip("/#"))[-1]
    return compact(shape)


def _graph_index(ds: Dataset) -> dict[tuple[str, str], set[str]]:
    """(focus, path) and (focus, "") in compact form -> short names of the named graphs holding such statements."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[Node, str] = {}
    for s, p, _o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        if isinstance(gid, URIRef) and str(gid).rsplit("/", 1)[-1] not in _BUILD_GRAPHS:
            name = str(gid).rsplit("/", 1)[-1]
            focus = labels.get(s) or labels.setdefault(s, node_label(s, ds.graph(gid)))
            index[(focus, compact(p))].add(name)
            index[(focus, "")].add(name)
    return index


def node_label(node: Node | None, data: Graph) -> str:
    """``compact(node)``; a blank node is named by what points to it: ``[dsi:participation of /id/meeting/x]``."""
    if not isinstance(node, BNode):
        return compact(node)
    links = [(p, s) for s, p in data.subject_predicates(node) if not isinstance(s, BNode)]
    links.sort(key=lambda link: (not str(link[0]).startswith(PREFIXES["dsi"]), str(link[0]), str(link[1])))
    return f"[{compact(links[0][0])} of {compact(links[0][1])}]" if links else "[]"


def shacl(data: Graph, shapes: Graph) -> tuple[list[Finding], Graph]:
    """Run pySHACL; return the findings and the report graph."""
    if len(shapes) == 0:
        return [], Graph()
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, abort_on_first=False
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message="; ".join(messages) or compact(report.value(result, SH.sourceConstraintComponent)),
                shape=_shape_name(report.value(result, SH.sourceShape), shapes),
                focus=node_label(report.value(result, SH.focusNode), data),
                path=compact(report.value(result, SH.resultPath)),
                value=compact(report.value(result, SH.value)),
            )
        )
    return findings, report


def run_checks(store: OxigraphStore, checks_dir: str | Path, report: Graph) -> list[Finding]:
    """Run ``*-violation.rq``: every row is a violation (or a warning with ``#+ severity: warning``)."""
    findings = []
    for check in load_folder(checks_dir, "*-violation.rq"):
        severity = "Warning" if check.get("severity").lower() == "warning" else "Violation"
        name = f"check {check.name}"
        for row in store.select(check.text):
            focus = row.get("focus") or row.get("s") or next(iter(row.values()), None)
            message = str(row["message"]) if "message" in row else check.get("summary", check.name)
            finding = Finding(severity, message, name, compact(focus), compact(row.get("path")),
                              compact(row.get("value")))
            findings.append(finding)
            node = BNode()
            report.add((node, RDF.type, SH.ValidationResult))
            report.add((node, SH.resultSeverity, SH[severity]))
            report.add((node, SH.resultMessage, Literal(message)))
            report.add((node, RDFS.comment, Literal(name)))
            if isinstance(focus, URIRef | BNode):
                report.add((node, SH.focusNode, focus))
    return findings


def union_graph(ds: Dataset) -> Graph:
    """All triples of all graphs in one rdflib Graph."""
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def oxigraph_of(ds: Dataset) -> OxigraphStore:
    """An in-memory Oxigraph store holding the quads of ``ds``."""
    import pyoxigraph as ox

    store = OxigraphStore()
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        graph = ox.NamedNode(str(gid)) if isinstance(gid, URIRef) else ox.DefaultGraph()
        quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))
    store.raw.extend(quads)
    return store


def validate_dataset(ds: Dataset, settings: Settings, store: OxigraphStore | None = None) -> ValidationReport:
    """Validate the union of ``ds`` with the project's shapes and checks."""
    findings, report = shacl(union_graph(ds), load_shapes(settings.shapes_dir))
    checks = Path(settings.queries_dir) / "checks"
    findings += run_checks(store or oxigraph_of(ds), checks, report)
    index = _graph_index(ds)
    for finding in findings:
        names = index.get((finding.focus, finding.path)) or index.get((finding.focus, ""), set())
        finding.graphs = sorted(names)
    order = sorted(findings, key=lambda f: (f.shape, f.focus, f.path, f.message))
    return ValidationReport(
        violations=[f for f in order if f.severity == "Violation"],
        warnings=[f for f in order if f.severity != "Violation"],
        graph=report,
    )

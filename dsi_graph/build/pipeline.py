"""The build: ontology + data -> inferred alignments -> validation -> VoID -> artefacts, swapped in atomically.

Steps: :func:`assemble` (``graph/ontology``, one graph per source, ``graph/meta``, ``graph/inferred`` from
``queries/rules/construct-*.rq`` run to a fixpoint over the union), validation (on the default base), rebase
(when ``base_iri`` differs), :func:`dsi_graph.build.void.describe`, then every artefact is written into a temporary
sibling of the target, which replaces the previous build by rename only when everything succeeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SKOS, Dataset, Literal, URIRef
from tqdm import tqdm

from dsi_graph.build import countries, datapackage, diff
from dsi_graph.build.converter import load_data
from dsi_graph.build.precompress import precompress
from dsi_graph.build.validate import ValidationReport, oxigraph_of, validate_dataset
from dsi_graph.build.void import describe
from dsi_graph.config import Settings
from dsi_graph.rdf import formats, uris
from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES
from dsi_graph.rdf.terms import to_oxigraph, to_rdflib
from dsi_graph.stores.oxigraph import OxigraphStore, materialise_union

MAX_RULE_ROUNDS = 10


class BuildFailed(Exception):
    """The graph has violations; ``report`` says which. Nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the graph has {len(report.violations)} violation(s)")


@dataclass
class BuildResult:
    """What a build wrote and found."""

    out: Path
    build_id: str
    built_at: str
    seconds: float
    quads: int
    triples: int
    graphs: list[str]
    counts: dict[str, int]
    report: ValidationReport = field(repr=False)
    previous: dict | None = None  # build id and date of the build this one replaced (the last that differed)
    changes: dict | None = None  # this build's entry of changes.json (None when the content did not change)

    def summary(self) -> str:
        """A few lines for the terminal; the last says what the warnings are and whether to act."""
        lines = [f"Built {self.out} (build {self.build_id[:12]}) in {self.seconds:.1f}s"]
        lines.append(f"  {self.triples} triples ({self.quads} quads) in {len(self.graphs)} named graphs")
        lines += [f"  {count:6d}  {name}" for name, count in sorted(self.counts.items())]
        lines.append(self.changes_line())
        lines.append(self.warnings_line())
        return "\n".join(lines)

    def changes_line(self) -> str:
        """What changed since the build this one replaced."""
        if self.changes is None:
            return "  Changes: none (the same content as the build it replaced)"
        if self.previous is None:
            return "  Changes: first build in this folder (its changes.json starts here)"
        since = f"build {str(self.previous.get('build_id'))[:12]} of {self.previous.get('built_at')}"
        return (f"  Changes since {since}: {self.changes['added']} statement(s) added, {self.changes['removed']} "
                f"removed, in {self.changes['entities_changed']} entities (dsi-graph diff OLD NEW lists them)")

    def warnings_line(self) -> str:
        """The warnings counted per check, and whether to act on them."""
        warnings = self.report.warnings
        if not warnings:
            return "No warnings."
        counts = Counter(check_name(f.shape) for f in warnings)
        per_check = ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{len(warnings)} warning(s) ({per_check}): recommended facts not (yet) given by a source. Warnings "
                f"never fail the build and need no action to serve it; curators may fill them from a source. "
                f"Each check is explained in docs/guide.md (Build warnings); the list: {self.out / 'validation.txt'}")


def check_name(shape: str) -> str:
    """The check a finding comes from, short: ``DocumentRecommendedShape dcterms:date`` -> ``Document``."""
    if shape.startswith("check "):
        return shape[len("check "):].removesuffix("-violation")
    return shape.split(" ", 1)[0].removesuffix("Shape").removesuffix("Recommended")


def _graph(ds: Dataset, name: str):
    return ds.graph(URIRef(uris.graph_iri(name)))


def load_ontology(ds: Dataset, ontology_dir: str | Path) -> None:
    """Parse every ``*.ttl`` under ``ontology_dir`` into ``graph/ontology``."""
    graph = _graph(ds, "ontology")
    for path in sorted(Path(ontology_dir).rglob("*.ttl")):
        graph.parse(path, format="turtle")


def concept_slugs(ds: Dataset) -> set[str] | None:
    """Slugs of the controlled-vocabulary concepts in ``graph/ontology`` (None when there are none yet)."""
    slugs = set()
    for concept in _graph(ds, "ontology").subjects(RDF.type, SKOS.Concept):
        parsed = uris.parse_entity_iri(str(concept))
        if parsed and parsed[0] == "concept":
            slugs.add(parsed[1])
    return slugs or None


def load_files(ds: Dataset, files: Sequence[Path]) -> None:
    """Parse RDF files into ``ds``: quad formats keep their graphs, triple formats go to a graph named by file.

    :raise StoreError: when a file's format is unknown; ``SyntaxError`` when it does not parse.
    """
    for path in files:
        fmt = formats.for_path(str(path)).oxigraph
        slug = uris.slugify(path.stem) if any(c.isalnum() for c in path.stem) else "file"
        default = ds.graph(URIRef(uris.graph_iri(slug)))
        for quad in ox.parse(path=str(path), format=fmt):
            triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
            if isinstance(quad.graph_name, ox.NamedNode):
                ds.graph(URIRef(quad.graph_name.value)).add(triple)
            else:
                default.add(triple)


def infer(ds: Dataset, rules_dir: str | Path) -> OxigraphStore:
    """Run ``construct-*.rq`` over the union until nothing new appears; new triples go to ``graph/inferred``.

    :return: an in-memory store holding everything (for the checks).
    """
    store = oxigraph_of(ds)
    rules = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(rules_dir).glob("construct-*.rq"))]
    inferred = _graph(ds, "inferred")
    target = ox.NamedNode(uris.graph_iri("inferred"))
    for _round in range(MAX_RULE_ROUNDS):
        new = []
        for _name, query in rules:
            for triple in store.raw.query(query, use_default_graph_as_union=True):
                if not any(True for _ in store.raw.quads_for_pattern(triple.subject, triple.predicate, triple.object)):
                    new.append(ox.Quad(triple.subject, triple.predicate, triple.object, target))
        if not new:
            break
        store.raw.extend(new)
        for quad in new:
            inferred.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return store


def assemble(settings: Settings, files: Sequence[Path] = ()) -> Dataset:
    """The ontology, the data (or ``files``) and the inferred triples, on the default base.

    :raise DataError: when the data has errors.
    """
    ds, _store = _assemble(settings, files)
    return ds


def _assemble(settings: Settings, files: Sequence[Path] = ()) -> tuple[Dataset, OxigraphStore]:
    ds = Dataset()
    load_ontology(ds, settings.ontology_dir)
    if files:
        load_files(ds, files)
    else:
        load_data(settings.data_dir, concepts=concept_slugs(ds), dataset=ds)
    countries.add_iso_codes(ds)
    store = infer(ds, Path(settings.queries_dir) / "rules")
    return ds, store


def rebase(ds: Dataset, new_base: str) -> Dataset:
    """A copy of ``ds`` with every IRI under the default base (also in literals) moved to ``new_base``."""
    if new_base == uris.DEFAULT_BASE:
        return ds
    out = Dataset()

    def move(term):
        if isinstance(term, URIRef):
            return URIRef(uris.rebase(str(term), new_base))
        if isinstance(term, Literal) and str(term).startswith(uris.DEFAULT_BASE):  # vann:preferredNamespaceUri
            return Literal(uris.rebase(str(term), new_base), lang=term.language, datatype=term.datatype)
        return term

    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        out.graph(move(gid)).add((move(s), move(p), move(o)))
    return out


def _prefixes(base: str) -> dict[str, str]:
    table = dict(PREFIXES)
    table["dsi"] = uris.rebase(DSI_NS, base)
    return table


def _quads(ds: Dataset) -> list[ox.Quad]:
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        if isinstance(gid, URIRef):
            quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(str(gid))))
    quads.sort(key=str)
    return quads


def write(ds: Dataset, tmp: Path, base: str, report: ValidationReport) -> tuple[str, int, int]:
    """Write the artefacts into ``tmp``; return (build id, quads, union triples)."""
    quads = _quads(ds)
    nq = tmp / "dsi-graph.nq"
    ox.serialize(quads, str(nq), ox.RdfFormat.N_QUADS)
    build_id = hashlib.sha256(nq.read_bytes()).hexdigest()
    prefixes = _prefixes(base)
    ox.serialize(quads, str(tmp / "dsi-graph.trig"), ox.RdfFormat.TRIG, prefixes=prefixes)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    ox.serialize(triples, str(tmp / "dsi-graph.ttl"), ox.RdfFormat.TURTLE, prefixes=prefixes)
    store = ox.Store(str(tmp / "store"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    materialise_union(store)
    store.flush()
    del store
    void_graph = ds.graph(URIRef(uris.graph_iri("void", base)))
    for prefix, ns in prefixes.items():
        void_graph.bind(prefix, ns, replace=True)
    void_graph.serialize(tmp / "void.ttl", format="turtle")
    (tmp / "validation.ttl").write_text(report.turtle(), encoding="utf-8")
    (tmp / "validation.txt").write_text(report.text(), encoding="utf-8")
    return build_id, len(quads), len(triples)


def class_counts(ds: Dataset, base: str) -> dict[str, int]:
    """Instances per ontology class (local name), over the union."""
    ns = uris.rebase(DSI_NS, base)
    members: dict[str, set] = {}
    for s, _p, o, _g in ds.quads((None, RDF.type, None, None)):
        if isinstance(o, URIRef) and str(o).startswith(ns):
            members.setdefault(str(o)[len(ns) :], set()).add(s)
    return dict(Counter({name: len(items) for name, items in members.items()}))


def swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with renames; the previous build stays until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
    try:
        os.rename(tmp, out)
    except BaseException:
        if old is not None:
            os.rename(old / out.name, out)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(settings: Settings, out: str | Path | None = None) -> BuildResult:
    """Build the graph into ``out`` (default: the ``build_dir`` setting) atomically.

    :raise DataError: when the curated data has errors (nothing written).
    :raise BuildFailed: when validation finds violations (nothing written).
    """
    started = time.monotonic()
    target = Path(out or settings.build_dir).resolve()
    steps = tqdm(total=5, desc="build", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    steps.set_postfix_str("reading ontology and data")
    ds, store = _assemble(settings)
    steps.update()
    steps.set_postfix_str("validating")
    report = validate_dataset(ds, settings, store)
    steps.update()
    if not report.conforms:
        steps.close()
        raise BuildFailed(report)
    base = settings.base_iri
    ds = rebase(ds, base)
    steps.set_postfix_str("describing")
    void_graph = ds.graph(URIRef(uris.graph_iri("void", base)))
    for triple in describe(ds, base):
        void_graph.add(triple)
    steps.update()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    tmp.chmod(0o755)
    try:
        steps.set_postfix_str("writing")
        build_id, quads, triples = write(ds, tmp, base, report)
        built = OxigraphStore(tmp / "store", read_only=True)  # the served artefact: the union read once
        try:
            datapackage.write_package(built, tmp, base)
        finally:
            built.close()
        precompress(tmp)
        steps.update()
        graphs = sorted(str(g) for g in {q.graph_name for q in _quads(ds)})
        built_at = datetime.now(UTC).isoformat(timespec="seconds")
        counts = class_counts(ds, base)
        seconds = round(time.monotonic() - started, 3)
        info = {
            "build_id": build_id, "built_at": built_at, "base_iri": base, "quads": quads, "triples": triples,
            "named_graphs": [g.strip("<>") for g in graphs], "counts": counts, "seconds": seconds,
            "warnings": len(report.warnings), "violations": 0,
        }
        replaced = _build_info(target)
        info["previous"] = predecessor(replaced, build_id)
        (tmp / "build.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        entry = record_changes(target, tmp, info, replaced)
        swap(tmp, target)
        steps.update()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        steps.close()
    return BuildResult(target, build_id, built_at, seconds, quads, triples, info["named_graphs"], counts, report,
                       info["previous"], entry)


def _build_info(folder: Path) -> dict:
    """The ``build.json`` of the build in ``folder`` (empty when there is none or it is unreadable)."""
    try:
        info = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def predecessor(replaced: dict, build_id: str) -> dict | None:
    """Id and date of the last build with other content that this one replaces (None for the first build)."""
    if not replaced.get("build_id"):
        return None
    if replaced["build_id"] == build_id:  # same content: its predecessor is ours
        return replaced.get("previous")
    return {"build_id": replaced["build_id"], "built_at": replaced.get("built_at")}


def record_changes(target: Path, tmp: Path, info: dict, replaced: dict) -> dict | None:
    """Write ``tmp/changes.json``: this build's changes against the build in ``target``, then the history that
    build carried (the last :data:`diff.KEPT`). Return this build's entry (None when nothing changed)."""
    history = diff.read_history(target)
    if replaced.get("build_id") == info["build_id"]:
        entry = None
    elif (target / diff.DUMP).is_file():
        try:
            entry = diff.summary(diff.diff(diff.read_build(target), diff.read_build(tmp)))
        except diff.DiffError:  # the old dump is unreadable: start the record afresh
            entry = diff.first_summary(info)
    else:
        entry = diff.first_summary(info)
    if entry is None and not history:  # the build replaced predates changes.json: the record starts here
        entry = diff.first_summary(info)
    history = diff.carry_forward(history, entry)
    (tmp / diff.CHANGES).write_text(json.dumps(history, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return entry


__all__ = ["BuildFailed", "BuildResult", "assemble", "build", "rebase", "swap"]


def validate_project(settings: Settings, paths: Sequence[str] = ()) -> ValidationReport:
    """Validate the project data (no ``paths``) or the RDF files in ``paths`` with the project's ontology.

    :raise DataError: when the project data cannot be read.
    """
    ds = assemble(settings, files=[Path(p) for p in paths]) if paths else assemble(settings)
    return validate_dataset(ds, settings)

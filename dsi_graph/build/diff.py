"""Statement-level changes between two builds, read from their N-Quads dumps: quads added and removed, per entity.

A build is a folder with ``dsi-graph.nq`` (and ``build.json``) or an ``.nq`` file. Terms are compared in their
N-Triples form (the build writes blank nodes with stable labels), so the answer is exact and, sorted by entity,
predicate, object and graph, the same on every run. :func:`summary` is the short record of one build's changes that
the build keeps in ``changes.json`` (the last :data:`KEPT` builds, newest first).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

DUMP = "dsi-graph.nq"
INFO = "build.json"
CHANGES = "changes.json"
KEPT = 20  # builds whose changes a build carries forward
ENTITIES_KEPT = 200  # entities listed per build in changes.json (the counts cover all)
LABELS = tuple(ox.NamedNode(iri) for iri in (
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://schema.org/name", "http://purl.org/dc/terms/title"))


class DiffError(Exception):
    """A build or dump that cannot be read (missing, not N-Quads)."""


@dataclass
class BuildDump:
    """The quads of one build and its ``build.json`` (empty when there is none)."""

    path: Path
    quads: set[ox.Quad]
    info: dict[str, Any] = field(default_factory=dict)

    def ref(self) -> dict[str, Any]:
        """Which build this is: id, date and where it was read."""
        return {"build_id": self.info.get("build_id"), "built_at": self.info.get("built_at"), "path": str(self.path)}


def read_build(path: str | Path) -> BuildDump:
    """Read a build folder (its ``dsi-graph.nq`` and ``build.json``) or an N-Quads file.

    :raise DiffError: when there is no dump or it does not parse.
    """
    path = Path(path)
    dump = path / DUMP if path.is_dir() else path
    if not dump.is_file():
        raise DiffError(f"{path}: no build here (no {DUMP})" if path.is_dir() else f"{path}: no such file")
    try:
        quads = set(ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError) as error:
        raise DiffError(f"{dump}: not N-Quads: {error}") from error
    info_path = dump.parent / INFO
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.is_file() else {}
    return BuildDump(path, quads, info)


def _iri(term: str) -> str:
    """An IRI without its angle brackets; a blank node as it is."""
    return term[1:-1] if term.startswith("<") else term


def _labels(quads: set[ox.Quad], subjects: set[str]) -> dict[str, str]:
    """A label of each of ``subjects`` (N-Triples form): by :data:`LABELS` order, English first, then any."""
    found: dict[str, tuple[int, str]] = {}
    for q in quads:
        s, o = str(q.subject), q.object
        if s in subjects and q.predicate in LABELS and isinstance(o, ox.Literal):
            rank = (LABELS.index(q.predicate) * 2 + (0 if o.language == "en" else 1), o.value)
            if s not in found or rank < found[s]:
                found[s] = rank
    return {s: value for s, (_rank, value) in found.items()}


def _key(q: ox.Quad) -> tuple[str, str, str, str]:
    """A quad's terms in N-Triples form: the sort order and the shape of the answer."""
    return str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)


def diff(old: BuildDump, new: BuildDump) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: counts, then each entity (subject) with its added and removed
    statements (``predicate``, ``object``, ``graph`` in N-Triples form), sorted."""
    added, removed = new.quads - old.quads, old.quads - new.quads
    per: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: {"added": [], "removed": []})
    for side, quads in (("added", added), ("removed", removed)):
        for s, p, o, g in sorted(map(_key, quads)):
            per[s][side].append({"predicate": p, "object": o, "graph": g})
    labels = _labels(old.quads, set(per)) | _labels(new.quads, set(per))
    graphs: dict[str, dict[str, int]] = defaultdict(lambda: {"added": 0, "removed": 0})
    for side, quads in (("added", added), ("removed", removed)):
        for q in quads:
            graphs[_iri(str(q.graph_name))][side] += 1
    entities = [{"entity": _iri(s), "label": labels.get(s), **per[s]} for s in sorted(per)]
    return {"old": old.ref(), "new": new.ref(), "added": len(added), "removed": len(removed),
            "entities_changed": len(entities), "graphs": dict(sorted(graphs.items())), "entities": entities}


def diff_paths(old: str | Path, new: str | Path) -> dict[str, Any]:
    """:func:`diff` of two builds or dumps given by path."""
    return diff(read_build(old), read_build(new))


def _name(ref: dict[str, Any]) -> str:
    build_id = ref.get("build_id")
    return (f"build {build_id[:12]}" + (f" of {ref['built_at']}" if ref.get("built_at") else "")) if build_id \
        else ref["path"]


def render(changes: dict[str, Any], fmt: str = "text") -> str:
    """The changes as ``json`` or as ``text``: a heading line, then per entity ``+``/``-`` lines."""
    if fmt == "json":
        return json.dumps(changes, indent=2, ensure_ascii=False) + "\n"
    lines = [f"{_name(changes['old'])} -> {_name(changes['new'])}: {changes['added']} statement(s) added, "
             f"{changes['removed']} removed, in {changes['entities_changed']} entities"]
    for entity in changes["entities"]:
        label = f"  ({entity['label']})" if entity["label"] else ""
        lines.append(f"\n{entity['entity']}{label}")
        for sign, side in (("-", "removed"), ("+", "added")):
            lines += [f"  {sign} {c['predicate']} {c['object']}  in {c['graph']}" for c in entity[side]]
    return "\n".join(lines) + "\n"


def summary(changes: dict[str, Any], limit: int = ENTITIES_KEPT) -> dict[str, Any]:
    """The short record of one build's changes for ``changes.json``: counts per entity, the first ``limit``."""
    new, old = changes["new"], changes["old"]
    return {
        "build_id": new["build_id"], "built_at": new["built_at"],
        "previous": {"build_id": old["build_id"], "built_at": old["built_at"]},
        "added": changes["added"], "removed": changes["removed"], "entities_changed": changes["entities_changed"],
        "graphs": changes["graphs"],
        "entities": [{"entity": e["entity"], "label": e["label"], "added": len(e["added"]),
                      "removed": len(e["removed"])} for e in changes["entities"][:limit]],
    }


def first_summary(info: dict[str, Any]) -> dict[str, Any]:
    """The record of a build that replaced none: everything is new, no entity is listed."""
    return {"build_id": info["build_id"], "built_at": info["built_at"], "previous": None, "added": info["quads"],
            "removed": 0, "entities_changed": None, "graphs": {}, "entities": []}


def read_history(folder: str | Path) -> list[dict[str, Any]]:
    """The ``changes.json`` of a build folder (newest first; empty when there is none or it is unreadable)."""
    path = Path(folder) / CHANGES
    try:
        history = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return history if isinstance(history, list) else []


def carry_forward(history: list[dict[str, Any]], entry: dict[str, Any] | None) -> list[dict[str, Any]]:
    """``entry`` (none when the content did not change) before the ``KEPT - 1`` newest of ``history``."""
    return ([entry] if entry else []) + history[: KEPT - (1 if entry else 0)]

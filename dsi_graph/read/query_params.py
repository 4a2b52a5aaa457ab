"""Parameters of named queries: declared types, checking raw values and turning them into RDF terms.

A value never reaches the query text: it becomes an rdflib term that stores bind as a pre-bound variable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.rdf.uris import DEFAULT_BASE, KINDS, SLUG_RE, entity_iri
from dsi_graph.read import sparqlfiles
from dsi_graph.stores.base import GraphStore

PARAM_TYPES = ("iri", "string", "date", "integer", "kind-slug")
MAX_STRING = 500
_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


class ParamError(ValueError):
    """A parameter value that does not fit its declared type (HTTP 400)."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"parameter {name!r}: {why}")
        self.name = name
        self.why = why


@dataclass(frozen=True)
class Param:
    """One declared parameter: bound to the query variable of the same name."""

    name: str
    type: str
    default: str | None = None
    description: str = ""
    required: bool = False
    kind: str | None = None  # for iri: the entity kind a bare slug belongs to
    prefix: str = ""  # for iri with kind: a slug prefix added when missing (``org-kind-``)

    def as_dict(self) -> dict[str, Any]:
        """The declaration as plain data (for listings)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", False) or k in ("name", "type")}


def _slug_candidates(param: Param, value: str, base: str) -> list[str]:
    """Entity IRIs a bare slug may stand for."""
    if param.kind:
        slug = value if value.startswith(param.prefix) else param.prefix + value
        return [entity_iri(param.kind, slug, base)]
    return [entity_iri(kind, value, base) for kind in KINDS]


def _resolve_iri(param: Param, value: str, base: str, store: GraphStore | None) -> URIRef:
    """Turn an absolute IRI, a CURIE, ``kind/slug`` or a bare slug into an IRI."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        value = rebase_text(PREFIXES[prefix] + local, base)
    elif not sep and "/" in value:
        kind, _, slug = value.partition("/")
        if kind in KINDS and SLUG_RE.match(slug):
            return URIRef(entity_iri(kind, slug, base))
        raise ParamError(param.name, f"{value!r} is not kind/slug with a known kind")
    elif not sep:
        if not SLUG_RE.match(value):
            raise ParamError(param.name, f"{value!r} is neither an absolute IRI nor a slug")
        candidates = _slug_candidates(param, value, base)
        if len(candidates) == 1:
            return URIRef(candidates[0])
        for iri in candidates:
            if store is not None and store.select(sparqlfiles.query("subject-exists"), {"s": URIRef(iri)}).rows:
                return URIRef(iri)
        raise ParamError(param.name, f"no entity has the slug {value!r}")
    if not _IRI_RE.match(value):
        raise ParamError(param.name, f"{value!r} is not an absolute IRI")
    return URIRef(value)


def coerce(param: Param, value: str, *, base: str = DEFAULT_BASE, store: GraphStore | None = None) -> Identifier:
    """The RDF term for a raw parameter value.

    :raise ParamError: when the value does not fit the declared type.
    """
    value = value.strip()
    if param.type == "iri":
        return _resolve_iri(param, value, base, store)
    if param.type == "date":
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise ParamError(param.name, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,12}", value):
            raise ParamError(param.name, f"{value!r} is not an integer")
        return Literal(int(value), datatype=XSD.integer)
    if param.type == "kind-slug":
        if value not in KINDS:
            raise ParamError(param.name, f"{value!r} is not one of the kinds {', '.join(KINDS)}")
        return Literal(value)
    if len(value) > MAX_STRING:
        raise ParamError(param.name, f"longer than {MAX_STRING} characters")
    return Literal(value)


def check_values(
    params: Sequence[Param],
    raw: Mapping[str, str] | None = None,
    *,
    base: str = DEFAULT_BASE,
    store: GraphStore | None = None,
) -> dict[str, Identifier]:
    """Check ``raw`` values against the declared ``params`` (defaults fill the gaps); return variable -> term.

    :raise ParamError: for an unknown parameter, a missing required one or a value of the wrong type.
    """
    raw = dict(raw or {})
    for name in raw:
        if not any(p.name == name for p in params):
            known = ", ".join(p.name for p in params) or "none"
            raise ParamError(name, f"unknown parameter (this query takes: {known})")
    bindings: dict[str, Identifier] = {}
    for param in params:
        value = raw.get(param.name)
        if value is None or value == "":
            if param.default is None:
                if param.required:
                    raise ParamError(param.name, "is required")
                continue
            value = rebase_text(param.default, base)
        bindings[param.name] = coerce(param, value, base=base, store=store)
    return bindings


def rebase_text(text: str, base: str) -> str:
    """Move the default base in a query text or default to ``base`` (query files use the default base)."""
    return text if base == DEFAULT_BASE else text.replace(DEFAULT_BASE, base)

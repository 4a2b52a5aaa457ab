"""Mint and parse the project's IRIs; map request paths to IRIs. Pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

DEFAULT_BASE = "https://w3id.org/dsi-graph/"
ONTOLOGY_PATH = "def/"

KINDS: dict[str, str] = {
    "meeting": "Meeting",
    "series": "MeetingSeries",
    "agenda-item": "AgendaItem",
    "decision": "Decision",
    "document": "Document",
    "section": "Section",
    "paragraph": "Paragraph",
    "person": "Person",
    "organisation": "Organisation",
    "topic": "Topic",
    "position": "Position",
    "grant": "Grant",
    "process": "Process",
    "source": "Source",
    "concept": "Concept",
    "scheme": "ConceptScheme",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


class IRIError(ValueError):
    """An IRI or slug that does not follow the project's rules."""


def slugify(text: str) -> str:
    """Turn free text into a slug: ``"Tim Hirsch"`` -> ``"tim-hirsch"``, ``"CBD/WGDSI/1/2"`` -> ``"cbd-wgdsi-1-2"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-.")
    slug = re.sub(r"-*\.-*", ".", slug)
    if not slug or not SLUG_RE.match(slug):
        raise IRIError(f"cannot make a slug from {text!r}")
    return slug


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is valid.

    :raise IRIError: if it is not lower-case letters and digits joined by single ``-`` or ``.``.
    """
    if not SLUG_RE.match(slug):
        raise IRIError(f"invalid slug {slug!r}: use lower-case letters, digits, '-' and '.'")
    return slug


def entity_iri(kind: str, slug: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of an entity: ``{base}id/{kind}/{slug}``.

    :raise IRIError: for an unknown kind or an invalid slug.
    """
    if kind not in KINDS:
        raise IRIError(f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    return f"{base}id/{kind}/{check_slug(slug)}"


def graph_iri(name: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of a named graph: ``{base}graph/{name}``."""
    return f"{base}graph/{check_slug(name)}"


def ontology_namespace(base: str = DEFAULT_BASE) -> str:
    """The ontology namespace under ``base``."""
    return f"{base}{ONTOLOGY_PATH}"


def parse_entity_iri(iri: str, base: str = DEFAULT_BASE) -> tuple[str, str] | None:
    """Return ``(kind, slug)`` for an entity IRI under ``base``, else ``None``."""
    prefix = f"{base}id/"
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix) :].partition("/")
    if kind not in KINDS or not SLUG_RE.match(slug):
        return None
    return kind, slug


def iri_to_path(iri: str, base: str = DEFAULT_BASE) -> str | None:
    """The local request path of an IRI under ``base`` (``/id/person/x``), else ``None``."""
    if not iri.startswith(base):
        return None
    return "/" + iri[len(base) :]


def path_to_iri(path: str, base: str = DEFAULT_BASE) -> str:
    """The IRI that a local request path stands for: ``/id/person/x`` -> ``{base}id/person/x``."""
    return base + path.lstrip("/")


def rebase(iri: str, new_base: str, old_base: str = DEFAULT_BASE) -> str:
    """Move an IRI from ``old_base`` to ``new_base``; other IRIs are returned unchanged."""
    if new_base != old_base and iri.startswith(old_base):
        return new_base + iri[len(old_base) :]
    return iri

"""Persons a text names that the graph lacks: after a title ("Co-Chair Jyoti Rao", "Dr. Ana Silva") or with
their organisation in brackets ("Ana Silva (University of Nairobi)").

Only these two forms are read, so a capitalised phrase that is not a person is not proposed as one. A person
the graph knows (by the recogniser, or by the ``given-family`` slug) is not proposed again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dsi_graph.ingest.actors import GROUP_WORDS
from dsi_graph.ingest.records import Proposal
from dsi_graph.rdf import uris

if TYPE_CHECKING:
    from dsi_graph.ingest.proposals import _Builder

_WORD = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_PARTICLE = r"(?:(?:van|von|de|da|del|der|du|le|la|bin|al|dos|das|di)\s+)"
NAME = rf"{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_PARTICLE}?{_WORD}){{1,3}}"
TITLED_RE = re.compile(r"\b(?P<title>Dr\.?|Prof\.?|Professor|Mr\.?|Ms\.?|Mrs\.?|Ambassador|Minister|Co-Chairs?"
                       r"|Chair|Executive Secretary|President|Rapporteur|Facilitator)\s+"
                       rf"(?P<name>{NAME})(?:\s+\((?P<org>[^()\n]{{2,80}})\))?")
BRACKETED_RE = re.compile(rf"(?<![\w.])(?P<name>{NAME})\s+\((?P<org>[^()\n]{{2,80}})\)")
NOT_NAMES = re.compile(r"^(?:The|This|That|These|In|On|At|For|From|With|Under|During|Decision|Document|Notification"
                       r"|Article|Annex|Section|Paragraph|Meeting|Working|Conference|Parties|Party)\b")


def propose(builder: _Builder, mentions: list[dict[str, Any]]) -> None:
    """Add a proposal for every person the text names in one of the two forms and the graph lacks."""
    text = builder.doc.text
    found: dict[str, tuple[re.Match[str], str | None]] = {}
    for pattern in (TITLED_RE, BRACKETED_RE):
        for m in pattern.finditer(text):
            name = " ".join(m["name"].split())
            titled = TITLED_RE.match(name) if pattern is BRACKETED_RE else None
            if titled is not None:  # "Co-Chair Jyoti Rao (Canada)": the title is no part of the name
                name = " ".join(titled["name"].split())
            if NOT_NAMES.match(name) or GROUP_WORDS.search(name):
                continue
            org = _organisation(builder, m["org"]) if m["org"] else None
            if pattern is BRACKETED_RE and org is None:
                continue  # "Name (X)" is read as a person only when X is an organisation the graph knows
            if _known_person(builder, mentions, m.start("name"), m.end("name"), name):
                continue
            found.setdefault(name, (m, org))
    for name, (m, org) in found.items():
        try:
            slug = uris.slugify(name)
        except uris.IRIError:
            continue
        if builder.known.kind_of(slug) is not None:
            continue
        record: dict[str, Any] = {"id": slug, "label": name}
        fields: list[str] = []
        if org is not None and builder.known.kind_of(org) == "organisation" and not org.startswith("party-"):
            record["affiliations"] = [org]
            fields.append("affiliations")
        reason = f"named as {m.group(0)!r}; the graph has no such person"
        builder.add(Proposal("persons", "new", reason, record), m.start(), m.end(), fields)


def _organisation(builder: _Builder, text: str) -> str | None:
    """The slug of the known organisation that ``text`` names as a whole, else ``None``."""
    for m in builder.recogniser.mentions(text):
        parsed = builder.known.parse(m.iri)
        if parsed and parsed[0] == "organisation" and m.start <= 1 and m.end >= len(text.strip()) - 1:
            return parsed[1]
    return None


def _known_person(builder: _Builder, mentions: list[dict[str, Any]], start: int, end: int, name: str) -> bool:
    """Whether a recognised mention of a person (or any known entity) covers the name."""
    for m in mentions:
        if m["start"] <= start and end <= m["end"] and m.get("iri"):
            return True
        if m["start"] >= end:
            break
    for m in builder.recogniser.mentions(name):
        parsed = builder.known.parse(m.iri)
        if parsed and parsed[0] == "person" and m.start == 0 and m.end >= len(name) - 1:
            return True
    return False

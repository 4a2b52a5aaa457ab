"""Agents as reports name them: the graph's (``resolve``) or, for a name it lacks, a new Party or group.

Parties follow the slug convention ``party-<country>``; a name with a group word ("Group", "Countries",
"Network", "Forum" ...) is an organisation slugged from its name; acronyms reports use for Parties and groups
("EU", "GRULAC") stand for their names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dsi_graph.rdf import uris

NOT_ACTORS = re.compile(
    r"^(?:many|several|some|most|a few|few|a number of|other|others|one|two|three|all|delegates|parties|participants"
    r"|co-chairs?|chair|the chair|president|the president|secretariat|executive secretary|rapporteur|contact group"
    r"|the contact group|he|she|they|it|this|that|these|those|there|we|discussions?|negotiators|countries)\b",
    re.IGNORECASE)
ACRONYM_RE = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z0-9&\- ]{1,15})\)\s*$")
GROUP_WORDS = re.compile(
    r"\b(?:Group|Coalition|Countries|States|Alliance|Network|Forum|Caucus|Council|Organi[sz]ation|Initiative"
    r"|Association|Federation|Institute|Chamber|Secretariat|Bank|Fund|Programme|Program|Commission|Consortium"
    r"|Society|Foundation|Union of|Indigenous|Youth|Women|Business|Industry|Centre|Center)\b")
ACRONYMS = {  # the acronyms reports use for Parties and negotiating groups, by the names the graph's slugs follow
    "EU": "European Union", "UK": "United Kingdom", "US": "United States", "USA": "United States",
    "GRULAC": "Group of Latin American and Caribbean Countries", "LMMC": "Like-Minded Megadiverse Countries",
    "LMDC": "Like-Minded Developing Countries", "AOSIS": "Alliance of Small Island States",
    "G-77": "Group of 77 and China", "G77": "Group of 77 and China", "SIDS": "Small Island Developing States",
    "LDCs": "Least Developed Countries", "IIFB": "International Indigenous Forum on Biodiversity",
}
COUNTRIES_LIKE_GROUPS = ("United States", "United Arab Emirates", "United Kingdom", "United Republic of Tanzania",
                         "Federated States of Micronesia", "Republic of Korea")
COMPOUND_NAMES = ("Antigua and Barbuda", "Trinidad and Tobago", "Bosnia and Herzegovina", "Saint Kitts and Nevis",
                  "Saint Vincent and the Grenadines", "Sao Tome and Principe", "São Tomé and Príncipe",
                  "Heard and McDonald")
NAME_RE = re.compile(r"^(?:the\s+)?[A-Z][\w'’.\-]*(?:[ \-](?:of|on|and|the|for|de|du|[A-Z][\w'’.\-]*|\(\w+\)))*$")


@dataclass(frozen=True)
class ActorRef:
    """An agent as the graph knows it (``known``) or as guessed: slug, label, org kinds, acronym."""

    slug: str
    label: str
    known: bool
    kinds: tuple[str, ...] = ()
    acronym: str | None = None


Resolver = Callable[[str], ActorRef | None]


def guess_actor(name: str) -> ActorRef | None:
    """A new agent for a name the graph does not know: a Party (``party-<name>``) or a group or organisation."""
    name = name.strip()
    acronym = None
    if m := ACRONYM_RE.search(name):
        acronym, name = m["acr"], name[: m.start()].strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    if not name or not NAME_RE.match(name) or NOT_ACTORS.match(name):
        return None
    try:
        base = uris.slugify(name)
    except uris.IRIError:
        return None
    if name in ACRONYMS:
        acronym, name = name, ACRONYMS[name]
        base = uris.slugify(name)
    if GROUP_WORDS.search(name) and not name.startswith(COUNTRIES_LIKE_GROUPS):
        kinds = ("org-kind-negotiating-group",) if re.search(r"Group|Coalition|Countries|States", name) else ()
        return ActorRef(base, name, False, kinds, acronym)
    return ActorRef(f"party-{base}", name, False, ("org-kind-party",), acronym)

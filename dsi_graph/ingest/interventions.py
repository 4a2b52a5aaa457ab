"""Interventions as meeting reports write them: who spoke (for whom), with whose support, and with which stance.

"Egypt, for the African Group, proposed ..." gives holder African Group, speaker Egypt, stance proposes;
"The European Union, supported by Switzerland, cautioned ..." gives holder EU, stance concerned, and Switzerland
as a supporter. A sentence is cut into clauses at "; ", ", while " and ", whereas ", each read as
``SUBJECT [, for GROUP] [, supported by ACTORS] [, opposed by ACTORS] VERB ...``. Names are resolved by a
caller-given ``resolve`` function (the graph's recogniser); names it does not know are guessed as new Parties
or groups (:func:`guess_actor`), so a report that names a Party the graph lacks still gives its position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dsi_graph import uris

STANCES = (
    "stance-supports", "stance-opposes", "stance-proposes", "stance-concerned", "stance-conditional",
    "stance-criticises",
)
# Verb phrases in the order they are tried (longer first); each maps to one stance of ontology/vocabularies.ttl.
_VERBS: tuple[tuple[str, str], ...] = (
    (r"did not support|could not (?:support|accept|agree)|objected(?: to)?|opposed|rejected|resisted|disagreed"
     r"|expressed opposition|spoke against|refused", "stance-opposes"),
    (r"criticized|criticised|lamented|deplored|regretted|denounced|took issue|expressed disappointment"
     r"|condemned", "stance-criticises"),
    (r"cautioned|warned|expressed (?:serious |deep |strong )?concerns?|raised (?:serious )?concerns?"
     r"|voiced concerns?|worried|questioned|was concerned|were concerned|expressed (?:strong |serious )?reservations"
     r"|had reservations|doubted|expressed doubts?", "stance-concerned"),
    (r"(?:could|would) (?:support|accept|agree to|consider)|conditioned|made (?:its|their) support conditional"
     r"|accepted[^.;]{0,40}? only", "stance-conditional"),
    (r"proposed|suggested|introduced|put forward|called for|recommended|requested|urged|tabled|submitted"
     r"|advocated|invited|asked for|pushed for|insisted|demanded|sought", "stance-proposes"),
    (r"supported|endorsed|welcomed|favou?red|backed|agreed|expressed support|spoke in favou?r|preferred"
     r"|appreciated|echoed|concurred|joined|stressed|emphasi[sz]ed|underscored|underlined|highlighted"
     r"|reiterated (?:its |their )?support", "stance-supports"),
)
VERB_RE = re.compile(r"\b(?:also |further |strongly |again |instead |then )?(" +
                     "|".join(f"(?P<v{i}>{p})" for i, (p, _) in enumerate(_VERBS)) + r")\b(?!\s+by\b)")
CONDITION_RE = re.compile(
    r"\b(?:provided (?:that|it|they)|on (?:the )?condition that|only if|as long as|subject to|conditional (?:on|upon)"
    r"|contingent (?:on|upon)|on the understanding that)\b", re.IGNORECASE)
CLAUSE_SPLIT_RE = re.compile(
    r";\s+|,\s+(?:while|whereas|but)\s+|\s+while\s+(?=[A-Z])|(?P<but>\s+but\s+(?=(?:also\s+)?(?:"
    + "|".join(p for p, _ in _VERBS) + r")\b))|(?P<and>,?\s+and\s+(?=(?:the\s+)?[A-Z][\w'’\-]*"
    r"(?:\s+[A-Z][\w'’\-]*){0,4}\s+(?:also\s+)?(?:" + "|".join(p for p, _ in _VERBS) + r")\b))")
SUPPORT_RE = re.compile(r"^(?:supported|backed|endorsed|echoed|joined|seconded) by\s+|^with (?:the )?support of\s+"
                        r"|^with\s+(?=[A-Z])|^and\s+(?=[A-Z])")
OPPOSE_RE = re.compile(r"^(?:opposed|contested|challenged) by\s+")
SPEAKING_FOR_RE = re.compile(r"^(?:Speaking (?:for|on behalf of)|On behalf of)\s+(?P<group>[^,]{2,100}),\s*")
FOR_RE = re.compile(r"^(?:(?:speaking |also )?(?:for|on behalf of))\s+")
TRAIL_RE = re.compile(r",?\s*(?:which was |this was |a proposal )?(supported|backed|endorsed|echoed|opposed|"
                      r"contested) by\s+(?P<who>[^.;]+?)\s*(?=[.;]|$)")
LEAD_RE = re.compile(r"^(?:On|Regarding|Concerning|Turning to|As for|With regard to|With respect to|Under|During|In"
                     r"|At|On the issue of)\b[^,]{0,120},\s*")
ADVERB_RE = re.compile(r"^(?:Therefore|However|Moreover|Meanwhile|Furthermore|Nevertheless|Nonetheless|Instead|Also"
                       r"|Later|Finally|Thus|Hence|Then|Yet|Still|Likewise|Similarly|Conversely|Alternatively"
                       r"|Subsequently"
                       r"|Earlier|In addition|In response|In contrast|By contrast|For its part|For their part"
                       r"|[A-Z][a-z]+ly),?\s+")
AUX_RE = re.compile(r"(?:\s+(?:has|have|had|also|further|then|again|strongly|firmly|repeatedly|once more))+$")
NOT_ACTORS = re.compile(
    r"^(?:many|several|some|most|a few|few|a number of|other|others|one|two|three|all|delegates|parties|participants"
    r"|co-chairs?|chair|the chair|president|the president|secretariat|executive secretary|rapporteur|contact group"
    r"|the contact group|he|she|they|it|this|that|these|those|there|we|discussions?|negotiators|countries)\b",
    re.IGNORECASE)
ACRONYM_RE = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z0-9&\- ]{1,15})\)\s*$")
GROUP_WORDS = re.compile(
    r"\b(?:Group|Coalition|Countries|States|Alliance|Network|Forum|Caucus|Council|Organi[sz]ation|Initiative"
    r"|Association|Federation|Institute|Chamber|Secretariat|Bank|Fund|Programme|Program|Commission|Consortium"
    r"|Society|Foundation|Union of|Indigenous|Youth|Women|Business|Industry|Network|Centre|Center)\b")
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
HEADING_END_RE = re.compile(r"(?<=[\w)])[ \t]*\n(?=[ \t]*[A-Z])")  # a line ending without punctuation
BULLET_RE = re.compile(r"\s*(?:[-*•+]|\d{1,2}[.)])[ \t]+")
HEADING_CHARS = 60  # a line that short, ending so, is a heading and not a wrapped line of a sentence
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


@dataclass(frozen=True)
class Actor:
    """A name in the text (``start``..``end``) and the agent it stands for."""

    text: str
    start: int
    end: int
    ref: ActorRef


@dataclass
class Intervention:
    """One intervention: holder (the group when a Party speaks for one), speaker, stance, supporters, opposers."""

    holder: Actor
    stance: str
    verb: str
    start: int  # the sentence holding it
    end: int
    clause_start: int
    clause_end: int
    speaker: Actor | None = None
    supporters: list[Actor] = field(default_factory=list)
    opposers: list[Actor] = field(default_factory=list)
    co_holders: list[Actor] = field(default_factory=list)
    rest: str = ""  # what the clause says after the verb


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


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text``: cut after ``.``, ``!``, ``?`` before a capital, and at blank lines."""
    start = 0
    abbrev = re.compile(r"(?:\b(?:para|paras|No|Nos|e\.g|i\.e|Dr|Mr|Ms|Mrs|Art|art|cf|vs|etc|St|p|pp)|\b[A-Z])\.$")
    for m in re.finditer(r"[.!?](?=\s+[\"“(]?[A-Z0-9])|\n\s*\n|\n(?=[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+)", text):
        end = m.end()
        if m.group().startswith(".") and abbrev.search(text[max(0, end - 6) : end]):
            continue
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding white space, cut after a heading line (short, no end punctuation)."""
    for m in HEADING_END_RE.finditer(text, start, end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start >= start and m.start() - line_start <= HEADING_CHARS:
            yield from _stripped(text, start, m.start())
            start = m.end()
    yield from _stripped(text, start, end)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding white space (and a list bullet), if anything is left."""
    if bullet := BULLET_RE.match(text, start, end):
        start = bullet.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def find_interventions(text: str, resolve: Resolver) -> list[Intervention]:
    """Every intervention in ``text``, in order; ``resolve(name)`` gives the graph's agent for a name, or None."""
    found: list[Intervention] = []
    for s_start, s_end in split_sentences(text):
        sentence = text[s_start:s_end]
        cuts, begin = [], 0
        for cut in CLAUSE_SPLIT_RE.finditer(sentence):
            if cut.group("and") and not VERB_RE.search(sentence, begin, cut.start()):
                continue  # "Canada and Japan proposed": one subject, not two clauses
            cuts.append(cut)
            begin = cut.end()
        bounds = [0, *[m.end() for m in cuts]]
        ends = [*[m.start() for m in cuts], len(sentence)]
        previous: Intervention | None = None
        for c_start, c_end in zip(bounds, ends, strict=True):
            clause = _clause(text, s_start + c_start, s_start + c_end, resolve, previous)
            if clause is not None:
                previous = clause
                clause.start, clause.end = s_start, s_end
                found.append(clause)
    return found


def _clause(text: str, start: int, end: int, resolve: Resolver,
            previous: Intervention | None = None) -> Intervention | None:
    """One clause read as SUBJECT [, for GROUP] [, supported by ...] VERB ...; None when it is not one.

    A clause that starts with its verb ("... but regretted the delay") has the subject of the clause before it.
    """
    clause = text[start:end]
    verb = VERB_RE.search(clause)
    if verb is None:
        return None
    if verb.start() == 0 and previous is not None:
        stance = _stance(verb)
        return Intervention(previous.holder, stance, verb.group(1), start, end, start, end, previous.speaker,
                            co_holders=previous.co_holders, rest=clause[verb.end() :].strip().rstrip("."))
    subject_start = 0
    if speaking := SPEAKING_FOR_RE.match(clause):
        if speaking.end() < verb.start():
            subject_start = speaking.end()
    if lead := LEAD_RE.match(clause):
        if lead.end() < verb.start():
            subject_start = lead.end()
    said_from = start  # where the statement starts: after a leading "Therefore," or "However,"
    if adverb := ADVERB_RE.match(clause, subject_start):
        if adverb.end() < verb.start():
            said_from = start + adverb.end() if subject_start == 0 else start
            subject_start = adverb.end()
    subject = AUX_RE.sub("", clause[subject_start : verb.start()].rstrip(" ,"))
    if not subject or len(subject) > 250:
        return None
    segments = _segments(subject, start + subject_start)
    if not segments:
        return None
    holders = _actors(*segments[0], resolve)
    if not holders:
        return None
    speaker = None
    supporters: list[Actor] = []
    opposers: list[Actor] = []
    co_holders = holders[1:]
    target: list[Actor] | None = None
    group: Actor | None = None
    if speaking is not None and subject_start == speaking.end():
        group = next(iter(_actors(speaking["group"], start + speaking.start("group"), resolve)), None)
    for seg, seg_start in segments[1:]:
        if m := FOR_RE.match(seg):
            got = _actors(seg[m.end() :], seg_start + m.end(), resolve)
            if got and seg.startswith("also"):
                supporters.extend(got)
            elif got and group is None:
                group = got[0]
            elif got and co_holders:  # "X, for A, and Y, for B": Y speaks for B, a co-holder
                co_holders[-1] = got[0]
            target = None
        elif group is not None and (m := re.match(r"^and\s+", seg)):
            co_holders.extend(_actors(seg[m.end() :], seg_start + m.end(), resolve))
            target = None
        elif m := SUPPORT_RE.match(seg):
            target = supporters
            target.extend(_actors(seg[m.end() :], seg_start + m.end(), resolve))
        elif m := OPPOSE_RE.match(seg):
            target = opposers
            target.extend(_actors(seg[m.end() :], seg_start + m.end(), resolve))
        elif target is not None:
            target.extend(_actors(seg, seg_start, resolve))
    stance = _stance(verb)
    after = clause[verb.end() :]
    for m in TRAIL_RE.finditer(after):
        who = _actors(m["who"], start + verb.end() + m.start("who"), resolve)
        (opposers if m.group(1) in ("opposed", "contested") else supporters).extend(who)
    if stance in ("stance-proposes", "stance-supports") and CONDITION_RE.search(after):
        stance = "stance-conditional"
    holder = holders[0]
    if group is not None:
        speaker, holder = holder, group
    rest = after.strip().rstrip(".")
    return Intervention(holder, stance, verb.group(1), start, end, said_from, end, speaker, supporters, opposers,
                        co_holders, rest)


def _stance(verb: re.Match[str]) -> str:
    """The stance of a matched verb."""
    return next(stance for i, (_, stance) in enumerate(_VERBS) if verb.group(f"v{i}") is not None)


def _segments(subject: str, offset: int) -> list[tuple[str, int]]:
    """The comma-separated parts of a subject, each with its offset (commas inside parentheses are kept)."""
    out: list[tuple[str, int]] = []
    depth, begin = 0, 0
    for i, ch in enumerate(subject + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            part = subject[begin:i]
            lead = len(part) - len(part.lstrip())
            if part.strip():
                out.append((part.strip(), offset + begin + lead))
            begin = i + 1
    return out


def _actors(phrase: str, offset: int, resolve: Resolver) -> list[Actor]:
    """The agents a list such as "Brazil, India and the EU" names; [] when a name is not an agent."""
    phrase = phrase.rstrip(" ,")
    for extra in (r"\s+(?:also|further|strongly|again)$", r"^(?:both|also)\s+"):
        phrase = re.sub(extra, "", phrase)
    if not phrase:
        return []
    bare = re.sub(r"^(?:the|The)\s+", "", phrase)
    if resolve(bare) is not None or not re.search(r",|\s+and\s+|\s+as well as\s+", phrase) or _one_group(bare):
        whole = _actor(phrase, offset, resolve)
        return [] if whole is None else [whole]
    out: list[Actor] = []
    protected = phrase
    for name in COMPOUND_NAMES:
        protected = protected.replace(name, name.replace(" and ", " \x00 "))
    pos = 0
    for part in re.split(r",\s*|\s+and\s+|\s+as well as\s+", protected):
        at = protected.index(part, pos)
        pos = at + len(part)
        name = part.replace(" \x00 ", " and ").strip()
        if not name:
            continue
        actor = _actor(name, offset + at, resolve)
        if actor is None:
            return []
        out.append(actor)
    return out


def _one_group(name: str) -> bool:
    """Whether "X of A and B Countries" names one group (not two agents joined by "and")."""
    name = ACRONYM_RE.sub("", name)
    head, _, _ = name.partition(" and ")
    return "," not in name and " of " in head and bool(GROUP_WORDS.search(name.split()[-1]))


def _actor(name: str, offset: int, resolve: Resolver) -> Actor | None:
    """One agent for one name (the graph's first, else a guess)."""
    bare = re.sub(r"^(?:the|The)\s+", "", name.strip())
    if not bare or NOT_ACTORS.match(bare) or not bare[0].isupper():
        return None
    lead = name.index(bare)
    ref = resolve(bare) or resolve(ACRONYM_RE.sub("", bare)) or guess_actor(bare)
    if ref is None:
        return None
    return Actor(bare, offset + lead, offset + lead + len(bare), ref)

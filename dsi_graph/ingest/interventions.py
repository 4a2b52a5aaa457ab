"""Interventions as meeting reports write them: who spoke (for whom), with whose support, and with which stance.

"Egypt, for the African Group, proposed ..." gives holder African Group, speaker Egypt, stance proposes;
"The European Union, supported by Switzerland, cautioned ..." gives holder EU, stance concerned, and Switzerland
as a supporter. A sentence is cut into clauses at "; ", ", while " and ", whereas ", each read as
``SUBJECT [, for GROUP] [, supported by ACTORS] [, opposed by ACTORS] VERB ...``. Names are resolved by a
caller-given ``resolve`` function (the graph's recogniser); names it does not know are guessed as new Parties
or groups (:func:`dsi_graph.ingest.actors.guess_actor`), so a report naming a Party the graph lacks still gives
its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dsi_graph.ingest.actors import ACRONYM_RE, COMPOUND_NAMES, GROUP_WORDS, NOT_ACTORS, ActorRef, Resolver, guess_actor
from dsi_graph.ingest.sentences import split_sentences

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

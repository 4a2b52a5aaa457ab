"""Deterministic generator of a synthetic DSI-negotiation graph in the project's ontology, at any size.

The shape follows the real graph: meeting series with meetings, agenda items with topics and readings, documents
with sections, decisions adopted at meetings with paragraphs and citations between decisions, persons with
affiliations and participations, organisations with kinds, topics in a SKOS scheme, labels in several languages,
and one named graph per (synthetic) source. The same ``--triples`` and ``--seed`` always give the same file.

    python benchmarks/generate.py --triples 1000000 --out benchmarks/out/synthetic-1m.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/dsi-graph/"
DSI = BASE + "def/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"

WORDS = (
    "benefit sharing digital sequence information genetic resources multilateral mechanism fund governance "
    "database traceability open access indigenous peoples local communities capacity development contribution "
    "disbursement modalities compliance transparency science policy interface nagoya protocol convention "
    "biological diversity monetary non-monetary research commercial use sequence data"
).split()
LANGS = ("en", "fr", "es")
MEETING_CLASSES = ("ConferenceOfTheParties", "WorkingGroupMeeting", "AdvisoryGroupMeeting", "Webinar", "Workshop")
DOC_CLASSES = ("Report", "Study", "Submission", "InformationDocument", "Notification", "Presentation")
ORG_KINDS = ("party", "ngo", "business", "academic", "sequence-database", "iplc", "intergovernmental")
# Triples each entity contributes on average (measured on the generator's own output), used to size the graph.
TRIPLES_PER_UNIT = 175


def iri(kind: str, slug: str) -> str:
    """An entity IRI in the project's pattern."""
    return f"<{BASE}id/{kind}/{slug}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class Generator:
    """Emits quads for ``units`` blocks; one block is a meeting with its items, documents and people."""

    def __init__(self, units: int, seed: int = 42) -> None:
        self.units = units
        self.rng = random.Random(seed)
        self.n_topics = max(20, units // 50)
        self.n_orgs = max(30, units // 5)
        self.n_persons = max(50, units)
        self.n_sources = max(5, units // 100)

    def phrase(self, n: int = 4) -> str:
        """A random phrase of ``n`` words."""
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def graph(self) -> str:
        """The named graph of a random source."""
        return f"<{BASE}graph/source-{self.rng.randrange(self.n_sources)}>"

    def labels(self, subject: str, text: str, graph: str) -> Iterator[str]:
        """An English label and sometimes French/Spanish ones."""
        yield f"{subject} <{RDFS_LABEL}> {lit(text, 'en')} {graph} .\n"
        for lang in LANGS[1:]:
            if self.rng.random() < 0.3:
                yield f"{subject} <{RDFS_LABEL}> {lit(text + ' (' + lang + ')', lang)} {graph} .\n"

    def quads(self) -> Iterator[str]:
        """All quads of the synthetic graph, deterministic for the seed."""
        g0 = f"<{BASE}graph/ontology>"
        for t in range(self.n_topics):
            s = iri("topic", f"topic-{t}")
            yield f"{s} <{RDF_TYPE}> <{DSI}Topic> {g0} .\n"
            yield f"{s} <{SKOS}inScheme> {iri('scheme', 'topics')} {g0} .\n"
            yield from self.labels(s, f"Topic {t}: {self.phrase(3)}", g0)
            if t:
                yield f"{s} <{SKOS}broader> {iri('topic', f'topic-{(t - 1) // 4}')} {g0} .\n"
        for o in range(self.n_orgs):
            s, g = iri("organisation", f"org-{o}"), self.graph()
            yield f"{s} <{RDF_TYPE}> <{DSI}Organisation> {g} .\n"
            yield from self.labels(s, f"Organisation {o} {self.phrase(2)}", g)
            yield f"{s} <{ORG}classification> {iri('concept', 'org-kind-' + self.rng.choice(ORG_KINDS))} {g} .\n"
        for p in range(self.n_persons):
            s, g = iri("person", f"person-{p}"), self.graph()
            yield f"{s} <{RDF_TYPE}> <{DSI}Person> {g} .\n"
            yield from self.labels(s, f"Person {p} {self.rng.choice(WORDS).title()}", g)
            yield f"{s} <{SCHEMA}affiliation> {iri('organisation', f'org-{self.rng.randrange(self.n_orgs)}')} {g} .\n"
        for u in range(self.units):
            yield from self.unit(u)

    def unit(self, u: int) -> Iterator[str]:
        """One meeting with agenda items, documents with sections, a decision with paragraphs, participations."""
        rng, g = self.rng, self.graph()
        meeting = iri("meeting", f"meeting-{u}")
        year = 2016 + u % 11
        date = f"{year}-{1 + u % 12:02d}-{1 + u % 28:02d}"
        yield f"{meeting} <{RDF_TYPE}> <{DSI}{rng.choice(MEETING_CLASSES)}> {g} .\n"
        yield from self.labels(meeting, f"Meeting {u} on {self.phrase(3)}", g)
        yield f"{meeting} <{SCHEMA}startDate> {lit(date, datatype=XSD + 'date')} {g} .\n"
        yield f"{meeting} <{DSI}inSeries> {iri('series', f'series-{u % 25}')} {g} .\n"
        docs = []
        for d in range(4):
            doc = iri("document", f"doc-{u}-{d}")
            docs.append(doc)
            yield f"{doc} <{RDF_TYPE}> <{DSI}{rng.choice(DOC_CLASSES)}> {g} .\n"
            yield from self.labels(doc, f"Document {u}/{d}: {self.phrase(5)}", g)
            yield f"{doc} <{DCT}identifier> {lit(f'CBD/SYN/{u}/{d}')} {g} .\n"
            yield f"{doc} <{DSI}documentOf> {meeting} {g} .\n"
            yield f"{meeting} <{DSI}hasDocument> {doc} {g} .\n"
            for s in range(3):
                sec = iri("section", f"doc-{u}-{d}-sec-{s}")
                yield f"{sec} <{RDF_TYPE}> <{DSI}Section> {g} .\n"
                yield from self.labels(sec, f"Document {u}/{d}, section {s}", g)
                yield f"{sec} <{DSI}partOf> {doc} {g} .\n"
                yield f"{doc} <{DSI}hasPart> {sec} {g} .\n"
                yield f"{sec} <{DSI}page> {lit(str(1 + s * 4), datatype=XSD + 'integer')} {g} .\n"
        for i in range(3):
            item = iri("agenda-item", f"meeting-{u}-item-{i + 1}")
            yield f"{meeting} <{DSI}hasAgendaItem> {item} {g} .\n"
            yield f"{item} <{RDF_TYPE}> <{DSI}AgendaItem> {g} .\n"
            yield from self.labels(item, f"Item {i + 1}: {self.phrase(4)}", g)
            yield f"{item} <{DSI}topic> {iri('topic', f'topic-{rng.randrange(self.n_topics)}')} {g} .\n"
            yield f"{item} <{DSI}preparatoryReading> {iri('section', f'doc-{u}-{i}-sec-{rng.randrange(3)}')} {g} .\n"
            for k in range(2):
                part = f"_:p{u}x{i}x{k}"
                person = iri("person", f"person-{rng.randrange(self.n_persons)}")
                yield f"{item} <{DSI}participation> {part} {g} .\n"
                yield f"{part} <{RDF_TYPE}> <{DSI}Participation> {g} .\n"
                yield f"{part} <{DSI}participant> {person} {g} .\n"
                yield f"{part} <{DSI}role> {iri('concept', 'role-presenter')} {g} .\n"
                yield f"{part} <{DSI}onBehalfOf> {iri('organisation', f'org-{rng.randrange(self.n_orgs)}')} {g} .\n"
        decision = iri("decision", f"dec-{u}")
        yield f"{decision} <{RDF_TYPE}> <{DSI}Decision> {g} .\n"
        yield from self.labels(decision, f"Decision {u}: {self.phrase(4)}", g)
        yield f"{decision} <{SKOS}notation> {lit(f'{year % 100}/{u}')} {g} .\n"
        yield f"{decision} <{DSI}adoptedAt> {meeting} {g} .\n"
        yield f"{meeting} <{DSI}adopted> {decision} {g} .\n"
        if u:
            for _ in range(2):
                yield f"{decision} <{DSI}cites> {iri('decision', f'dec-{rng.randrange(max(0, u - 30), u)}')} {g} .\n"
        for p in range(6):
            para = iri("paragraph", f"dec-{u}-para-{p + 1}")
            yield f"{para} <{RDF_TYPE}> <{DSI}Paragraph> {g} .\n"
            yield from self.labels(para, f"Decision {u}, paragraph {p + 1}", g)
            yield f"{para} <{DSI}partOf> {decision} {g} .\n"
            yield f"{decision} <{DSI}hasPart> {para} {g} .\n"
            yield f"{para} <{DSI}summary> {lit(self.phrase(12), 'en')} {g} .\n"


def generate(triples: int, out: Path, seed: int = 42) -> int:
    """Write about ``triples`` quads to ``out``; return the exact number written."""
    units = max(1, triples // TRIPLES_PER_UNIT)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for quad in Generator(units, seed).quads():
            handle.write(quad)
            count += 1
            if count >= triples:
                break
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--triples N --out FILE [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    count = generate(args.triples, args.out, args.seed)
    print(f"wrote {count} quads to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

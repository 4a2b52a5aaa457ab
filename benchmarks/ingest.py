"""Time the ingestion of a generated 100-page PDF, and score interventions on the ENB-style test report.

    python benchmarks/ingest.py [--pages 100] [--build DIR] [--repeat 3]

Without ``--build`` the project's data is built first into a temporary folder. The PDF is written with fpdf2
(deterministic text: interventions of Parties and groups, day headings, citations of documents the graph has
and has not, and running text between them). Printed: pages, characters, the seconds to read the PDF (pypdf)
and to recognise and propose (best of ``--repeat`` runs), mentions and proposals, and the share of the
interventions of the two test reports (``tests/ingest/data/enb-style-report*.txt``) proposed with the right
holder, stance and speaker.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dsi_graph.build import pipeline  # noqa: E402
from dsi_graph.config import Settings  # noqa: E402
from dsi_graph.ingest.known import KnownGraph  # noqa: E402
from dsi_graph.ingest.proposals import ingest  # noqa: E402
from dsi_graph.ingest.readers import read_document  # noqa: E402
from dsi_graph.stores import open_store  # noqa: E402

SPEAKERS = ("Norway", "Kenya", "India", "Malawi", "Colombia", "Argentina", "Belgium", "Uganda", "South Africa",
            "the United Kingdom", "Brazil", "Japan", "Peru", "Ghana", "Switzerland", "the European Union")
VERBS = ("proposed", "suggested", "supported", "opposed", "cautioned against", "expressed concern about",
         "criticised", "welcomed", "called for")
THINGS = ("a levy on the use of sequence data", "the draft text on the global fund", "a review of contribution rates",
          "an exemption for public research", "the disbursement of funds to indigenous peoples",
          "open access to public databases", "a tracking requirement for sequence data")
CITED = ("decision 15/9", "CBD/WGDSI/2/2", "notification 2023-130", "CBD/WGDSI/{n}/INF/{m}",
         "paragraph 9 of decision 16/2", "COP 16", "SBI-5", "CBD/DSI/AHTEG/2020/1/3")
REPORTS = ("enb-style-report", "enb-style-report-2")  # the second held out: written after the parser
FILLER = ("Delegates resumed the discussion in the afternoon and informal consultations continued in the evening. "
          "The text in brackets was forwarded to the plenary for further consideration. ")


def page_text(rng: random.Random, number: int) -> str:
    """One page of a synthetic daily report (about 2,000 characters)."""
    parts = []
    if number % 5 == 1:
        parts.append(f"Monday, {number // 5 % 28 + 1} August 2024\n")
    for _ in range(9):
        who = rng.choice(SPEAKERS)
        if rng.random() < 0.2:
            who += ", for the African Group,"
        elif rng.random() < 0.2:
            who += f", supported by {rng.choice(SPEAKERS)},"
        cite = rng.choice(CITED).format(n=rng.randint(3, 9), m=rng.randint(1, 20))
        parts.append(f"{who[0].upper()}{who[1:]} {rng.choice(VERBS)} {rng.choice(THINGS)} with reference to {cite}.")
    parts.append(FILLER * 3)
    return " ".join(parts)


def write_pdf(path: Path, pages: int) -> Path:
    """The synthetic report as a PDF of ``pages`` pages."""
    from fpdf import FPDF

    rng = random.Random(10)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.set_title("Synthetic daily report of the second meeting of the Working Group (WGDSI-2)")
    for number in range(1, pages + 1):
        pdf.add_page()
        if number == 1:
            pdf.multi_cell(0, 5, "Second meeting of the Working Group (WGDSI-2)\nMontreal, Canada, 12-16 August 2024\n")
        pdf.multi_cell(0, 5, page_text(rng, number))
    pdf.output(str(path))
    return path


def intervention_score(known: KnownGraph, recogniser, name: str) -> tuple[int, int]:
    """(right holder, stance and speaker, expected interventions) on an ENB-style test report."""
    data = ROOT / "tests" / "ingest" / "data"
    result = ingest(read_document(data / f"{name}.txt"), known, recogniser)
    mains = [p for p in result.proposals if p.kind == "positions" and p.reason.startswith("intervention")]
    right = total = 0
    for line in (data / f"{name}.expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        start, holder, stance, speaker, _ = line.split("\t")
        total += 1
        right += any(p.evidence[0].quote.startswith(start) and _first(p.record["holder"]) == holder
                     and p.record["stance"] == stance and p.record.get("speaker", "-") == speaker for p in mains)
    return right, total


def _first(holder: str | list[str]) -> str:
    return holder if isinstance(holder, str) else holder[0]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--build", type=Path, default=None, help="an existing build (default: build one now)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from dsi_graph.link.recognise import Recogniser

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        build = args.build
        settings = Settings.from_env()
        if build is None:
            build = Path(tmp) / "dist"
            pipeline.build(settings, build)
        store = open_store(settings, build_dir=build)
        started = time.perf_counter()
        known = KnownGraph.from_store(store, settings.base_iri)
        recogniser = Recogniser.from_store(store)
        setup = time.perf_counter() - started
        store.close()
        pdf = write_pdf(Path(tmp) / "synthetic-report.pdf", args.pages)
        reads, proposes = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            doc = read_document(pdf, progress=False)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = ingest(doc, known, recogniser)
            proposes.append(time.perf_counter() - started)
        scores = {name: intervention_score(known, recogniser, name) for name in REPORTS}
        size = pdf.stat().st_size
    print(f"PDF: {len(doc.pages)} pages, {len(doc.text):,} characters, {size:,} bytes")
    print(f"graph index and recogniser from the build: {setup:.2f} s (once per `dsi-graph ingest`)")
    print(f"read (pypdf, text with page offsets): {min(reads):.2f} s (best of {args.repeat})")
    print(f"recognise and propose: {min(proposes):.2f} s (best of {args.repeat})")
    print(f"total per PDF: {min(reads) + min(proposes):.2f} s; {len(result.mentions)} mentions, "
          f"{len(result.proposals)} proposals")
    for name, (right, total) in scores.items():
        print(f"{name}: interventions with the right holder, stance and speaker: {right}/{total} = "
              f"{right / total:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

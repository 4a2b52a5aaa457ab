"""Shared helpers of the ingest tests: where their fixtures are, a PDF writer and the expected interventions."""

from __future__ import annotations

from pathlib import Path

INGEST_DATA = Path(__file__).resolve().parent / "data"
REPORT = INGEST_DATA / "enb-style-report.txt"
EXPECTED = INGEST_DATA / "enb-style-report.expected.tsv"
HELD_OUT = INGEST_DATA / "enb-style-report-2.txt"  # written after the parser; gold fixed before its first run


def write_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    """Write a PDF with one page per text (fpdf2, a core font), and return its path."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def expected_interventions(report: Path = REPORT) -> list[tuple[str, str, str, str, list[str]]]:
    """The expected (sentence start, holder, stance, speaker or "-", supporters) rows of an ENB-style report."""
    rows = []
    for line in report.with_suffix(".expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        start, holder, stance, speaker, supporters = line.split("\t")
        rows.append((start, holder, stance, speaker, [] if supporters == "-" else supporters.split(",")))
    return rows

"""Readers: offsets into the text as read (the file's own text for Markdown and plain text), PDF pages, HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import INGEST_DATA

from dsi_graph.ingest.readers import Document, ReadError, media_type_of, read_document


def test_plain_text_offsets_are_the_files_own(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    raw = "First line\r\nNorway suggested a collective arrangement.\r\n\r\nDecision 15/9 follows.\r\n"
    path.write_bytes(raw.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == raw  # CRLF kept: offsets count the file's characters
    start = raw.index("Norway")
    assert doc.text[start : start + 6] == "Norway"
    assert doc.media_type == "text/plain" and doc.page_of(start) is None and not doc.paged


def test_markdown_is_read_as_written() -> None:
    path = INGEST_DATA / "briefing.md"
    doc = read_document(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.media_type == "text/markdown"
    assert doc.title == "Briefing note for a delegation (written for the dsi-graph tests)"


def test_html_main_text_without_menus_scripts_or_footer() -> None:
    doc = read_document(INGEST_DATA / "news-item.html")
    assert doc.media_type == "text/html"
    assert doc.title == "Working group closes its second session"
    assert "CBD/WGDSI/2/INF/7" in doc.text and "Norway suggested" in doc.text
    for boilerplate in ("Contact us", "tracking", "cookie settings"):
        assert boilerplate not in doc.text


def test_pdf_pages_and_offsets(make_pdf) -> None:
    pages = [f"Page {n}: Norway suggested item {n} under decision 15/9." for n in (1, 2, 3)]
    doc = read_document(make_pdf(pages, title="A generated report"))
    assert doc.media_type == "application/pdf" and doc.paged
    assert doc.title == "A generated report"
    assert len(doc.pages) == 3 and doc.pages[0] == 0
    for number in (1, 2, 3):
        at = doc.text.index(f"Page {number}:")
        assert doc.page_of(at) == number
        assert doc.pages[number - 1] <= at


def test_pdf_progress_bar_does_not_change_the_text(make_pdf) -> None:
    pages = [f"Line on page {n}." for n in range(1, 26)]
    path = make_pdf(pages)
    assert read_document(path, progress=True).text == read_document(path, progress=False).text


def test_media_type_by_content_when_the_suffix_says_nothing(tmp_path: Path, make_pdf) -> None:
    pdf = make_pdf(["x"])
    renamed = tmp_path / "download"
    renamed.write_bytes(pdf.read_bytes())
    assert media_type_of(renamed) == "application/pdf"
    page = tmp_path / "page"
    page.write_text("<!DOCTYPE html><html><body><p>Hello</p></body></html>", encoding="utf-8")
    assert media_type_of(page) == "text/html"


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", b"%PDF-1.7 not really a pdf"])
def test_unreadable_files_raise_read_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / ("broken.pdf" if content.startswith(b"%PDF") else "broken.txt")
    path.write_bytes(content)
    with pytest.raises(ReadError):
        read_document(path)


def test_document_page_of_clamps_to_first_page() -> None:
    doc = Document(Path("x.pdf"), "abc\n\ndef", "application/pdf", [0, 5])
    assert doc.page_of(0) == 1 and doc.page_of(6) == 2

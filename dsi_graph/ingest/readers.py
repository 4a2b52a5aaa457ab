"""Read PDF, HTML, Markdown and plain text into one :class:`Document`: its text and where each page starts.

Offsets are character offsets into ``Document.text``. For Markdown and plain text that is the file's own text,
decoded as UTF-8 with line endings kept (so ``text[start:end]`` of the file is the same string); for HTML it is
the main text that trafilatura extracts; for PDF it is the pages' text as pypdf extracts it, joined by a blank
line, with ``pages`` giving the offset where each page starts.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

PAGE_JOINER = "\n\n"
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".text": "text/plain",
}
PROGRESS_PAGES = 20  # show a progress bar from this many pages on


class ReadError(ValueError):
    """A file that cannot be read as a document (unknown type, broken PDF, no text)."""


@dataclass
class Document:
    """A document as read: its ``text``, the offsets where its ``pages`` start, its media type and title."""

    path: Path
    text: str
    media_type: str
    pages: list[int] = field(default_factory=lambda: [0])
    title: str | None = None

    def page_of(self, offset: int) -> int | None:
        """The 1-based page that holds ``offset``, for a paged document (PDF); ``None`` otherwise."""
        if self.media_type != "application/pdf":
            return None
        return max(1, bisect.bisect_right(self.pages, offset))

    @property
    def paged(self) -> bool:
        """Whether the document has pages (a PDF)."""
        return self.media_type == "application/pdf"


def media_type_of(path: Path) -> str:
    """The media type of ``path``, by its suffix, else by a look at its first bytes.

    :raise ReadError: when neither tells.
    """
    known = MEDIA_TYPES.get(path.suffix.lower())
    if known:
        return known
    head = path.read_bytes()[:512]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "text/html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"{path}: not a PDF, HTML, Markdown or text file") from error
    return "text/plain"


def read_document(path: str | Path, *, progress: bool | None = None) -> Document:
    """Read one file into a :class:`Document` (the reader is chosen by :func:`media_type_of`).

    :param progress: show a progress bar for long PDFs (default: when stderr is a terminal).
    :raise ReadError: when the file cannot be read or has no text.
    """
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    media_type = media_type_of(path)
    if media_type == "application/pdf":
        return read_pdf(path, progress=progress)
    if media_type == "text/html":
        return read_html(path)
    return Document(path, read_text(path), media_type, title=_first_heading(read_text(path)))


def read_text(path: Path) -> str:
    """The file's own text: UTF-8 (BOM dropped), line endings kept as written."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error


def read_pdf(path: Path, *, progress: bool | None = None) -> Document:
    """A PDF's text page by page (pypdf), with the offset where each page starts."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = reader.pages
        count = len(pages)
    except (PdfReadError, OSError, ValueError) as error:
        raise ReadError(f"{path}: cannot read the PDF ({error})") from error
    show = sys.stderr.isatty() if progress is None else progress
    texts: Iterable = pages
    if show and count >= PROGRESS_PAGES:
        texts = tqdm(pages, total=count, desc=f"reading {path.name}", unit="page", file=sys.stderr, leave=False)
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for page in texts:
        starts.append(offset)
        page_text = (page.extract_text() or "").replace("\x00", "")
        parts.append(page_text)
        offset += len(page_text) + len(PAGE_JOINER)
    title = None
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title)
    return Document(path, PAGE_JOINER.join(parts), "application/pdf", starts or [0], title)


def read_html(path: Path) -> Document:
    """An HTML page's main text (trafilatura), without menus, footers and scripts."""
    import trafilatura

    html = read_text(path)
    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=True, favor_recall=True
    )
    if not text:
        raise ReadError(f"{path}: no main text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None and meta.title else None
    return Document(path, text, "text/html", title=title)


def _first_heading(text: str) -> str | None:
    """The first Markdown heading or first non-empty line, as a title."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped[:200]
    return None

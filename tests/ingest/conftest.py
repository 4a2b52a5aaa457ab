"""Fixtures of the ingest tests: the graph that the real build holds, read once, and a PDF maker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import write_pdf

from dsi_graph.ingest.known import KnownGraph


@pytest.fixture(scope="session")
def known_graph(real_store) -> KnownGraph:
    """What the real build holds (slugs, kinds, labels, meeting facts)."""
    return KnownGraph.from_store(real_store)


@pytest.fixture(scope="session")
def recogniser(real_store):
    """The link package's recogniser over the real build."""
    from dsi_graph.link.recognise import Recogniser

    return Recogniser.from_store(real_store)


@pytest.fixture()
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """A factory of PDFs written by the test: ``make_pdf(["page one", "page two"], title=...)``."""

    def make(pages: list[str], title: str | None = None, name: str = "generated.pdf") -> Path:
        return write_pdf(tmp_path / name, pages, title)

    return make

"""Markdown documents as pages (``/guide`` from ``docs/guide.md``): HTML by markdown-it-py (CommonMark and tables),
headings with ids and a table of contents, links to repository files mapped to the site by the caller."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt


def _markdown() -> MarkdownIt:
    """CommonMark with GitHub's tables; raw HTML in the source is escaped, not passed through."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def anchor_of(heading: str) -> str:
    """The id of a heading as GitHub writes it: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-") or "section"


def render(text: str, resolve: Callable[[str], str | None] = lambda href: None) -> dict[str, Any]:
    """The HTML of a Markdown text, its first heading as title and its ``##``/``###`` headings as contents.

    :param resolve: a new href for a link of the text (None keeps it), e.g. ``../queries/api/x.rq`` -> ``/queries/x``.
    """
    md = _markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    title, toc, seen = "", [], set()
    for i, token in enumerate(tokens):
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    new = resolve(href)
                    if new is not None:
                        child.attrSet("href", new)
        if token.type != "heading_open":
            continue
        words = tokens[i + 1].content
        anchor = anchor_of(words)
        while anchor in seen:
            anchor += "-x"
        seen.add(anchor)
        token.attrSet("id", anchor)
        level = int(token.tag[1])
        if level == 1 and not title:
            title = words
        elif level in (2, 3):
            toc.append({"level": level, "text": re.sub(r"[`*_]", "", words), "id": anchor})
    return {"title": title, "toc": toc, "html": md.renderer.render(tokens, md.options, env)}

"""The read model of ``/changes`` (HTML and JSON) and ``/changes.atom``: the recent builds' changes, entities linked.

The history is the build's ``changes.json`` (written by :mod:`dsi_graph.build.diff`, newest first); this module
only shapes it for the pages (local paths, titles) and writes the Atom feed with feedgen.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TypedDict

from feedgen.feed import FeedGenerator

from dsi_graph.rdf import about, uris


class EntityChange(TypedDict):
    """One entity of a build's changes: how many of its statements were added and removed."""

    entity: str
    label: str | None
    path: str | None
    added: int
    removed: int


class GraphChange(TypedDict):
    """One named graph of a build's changes."""

    graph: str
    name: str
    path: str | None
    added: int
    removed: int


class BuildChanges(TypedDict):
    """One build of ``/changes``: what it replaced, counts, changed graphs and entities (the first 200)."""

    build_id: str
    built_at: str
    title: str
    previous: dict[str, Any] | None
    added: int
    removed: int
    entities_changed: int | None
    graphs: list[GraphChange]
    entities: list[EntityChange]


def title(entry: dict[str, Any]) -> str:
    """A line saying what one build changed."""
    name = f"Build {str(entry.get('build_id'))[:12]}"
    if entry.get("previous") is None:
        return f"{name}: first recorded build, {entry.get('added', 0)} statements"
    return (f"{name}: {entry.get('added', 0)} statements added, {entry.get('removed', 0)} removed, "
            f"in {entry.get('entities_changed', 0)} entities")


def recent(history: list[dict[str, Any]], base: str) -> list[BuildChanges]:
    """The builds of ``history`` with titles and each entity's local path (None for blank nodes and others)."""
    builds: list[BuildChanges] = []
    for entry in history:
        entities: list[EntityChange] = [
            {"entity": e["entity"], "label": e.get("label"), "path": uris.iri_to_path(e["entity"], base),
             "added": e.get("added", 0), "removed": e.get("removed", 0)} for e in entry.get("entities", [])]
        graphs: list[GraphChange] = [
            {"graph": g, "name": g.rsplit("/", 1)[-1], "path": uris.iri_to_path(g, base), "added": n.get("added", 0),
             "removed": n.get("removed", 0)} for g, n in entry.get("graphs", {}).items()]
        builds.append({"build_id": entry.get("build_id", ""), "built_at": entry.get("built_at", ""),
                       "title": title(entry), "previous": entry.get("previous"), "added": entry.get("added", 0),
                       "removed": entry.get("removed", 0), "entities_changed": entry.get("entities_changed"),
                       "graphs": graphs, "entities": entities})
    return builds


def atom(builds: list[BuildChanges], *, feed_url: str, page_url: str, link: Callable[[str], str | None],
         updated: str | None = None) -> bytes:
    """The Atom 1.0 feed of ``builds``: one entry per build, its content the changed entities, linked.

    :param link: the absolute page URL of an entity IRI (None when it has no page).
    :param updated: the feed's date when there is no build to take it from.
    """
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(f"Changes to the {about.TITLE}")
    feed.subtitle("What each recent build of the graph added and removed, entity by entity.")
    feed.author({"name": about.CREATOR})
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.rights(f"Data: {about.DATA_LICENSE_NAME} ({about.DATA_LICENSE}). {about.SOURCES_NOTE}")
    newest = builds[0]["built_at"] if builds else updated
    if newest:
        feed.updated(newest)
    for build in reversed(builds):  # feedgen puts the entry added last first
        entry = feed.add_entry()
        anchor = f"{page_url}#build-{build['build_id'][:12]}"
        entry.id(f"{page_url}#build-{build['build_id']}")
        entry.title(build["title"])
        entry.updated(build["built_at"])
        entry.published(build["built_at"])
        entry.link(href=anchor, rel="alternate", type="text/html")
        entry.content(_content(build, link), type="html")
    return feed.atom_str(pretty=True)


def _content(build: BuildChanges, link: Callable[[str], str | None]) -> str:
    """The HTML of one entry: what it replaced, then the entities with their counts."""
    previous = build["previous"]
    parts = [f"<p>Built {escape(build['built_at'])}"]
    if previous:
        parts.append(f", replacing build {escape(str(previous.get('build_id'))[:12])} of "
                     f"{escape(str(previous.get('built_at')))}")
    parts.append(".</p>")
    items = []
    for e in build["entities"]:
        name = escape(e["label"] or e["entity"])
        href = link(e["entity"])
        shown = f'<a href="{escape(href)}">{name}</a>' if href else str(name)
        items.append(f"<li>{shown}: +{e['added']} / -{e['removed']}</li>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    listed = len(build["entities"])
    if build["entities_changed"] and build["entities_changed"] > listed:
        parts.append(f"<p>and {build['entities_changed'] - listed} more entities.</p>")
    return "".join(parts)

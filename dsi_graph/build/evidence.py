"""Record-level ``evidence:`` entries: which source states which field, where and in which words (data/README.md).

A field an entry names is stated by the entries' sources only (not by every source of the record); each entry's
locator and quote go on the statement's annotation in that source's graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsi_graph.build.yamlread import Map, Seq, Str

if TYPE_CHECKING:
    from dsi_graph.build.converter import Converter, Entry

EVIDENCE_KEYS = ("source", "fields", "locator", "quote")
NOT_CLAIMABLE = ("id", "type", "sources", "evidence", "label")


def field_evidence(conv: Converter, entry: Entry, ctx: tuple) -> dict[str, tuple]:
    """The record's ``evidence:`` list as ``{field: ctx}``: each named field is stated by those sources only."""
    raw = entry.record.get("evidence")
    if raw is None:
        return {}
    file = entry.file
    if not isinstance(raw, Seq) or not all(isinstance(item, Map) for item in raw):
        conv.err(file, getattr(raw, "line", entry.record.line), "evidence", "expected a list of mappings")
        return {}
    claimed: dict[str, tuple[list, dict]] = {}
    for item in raw:
        for key in set(item) - set(EVIDENCE_KEYS):
            conv.err(file, item.line, "evidence", f"unknown key '{key}' (use source, fields, locator, quote)")
        sid, fields = item.get("source"), item.get("fields")
        if not isinstance(sid, Str) or not isinstance(fields, Seq) or not fields:
            conv.err(file, item.line, "evidence", "an evidence entry needs 'source:' and a list 'fields:'")
            continue
        if "locator" not in item and "quote" not in item:
            conv.err(file, item.line, "evidence", "an evidence entry needs 'locator:' or 'quote:'")
        for field in fields:
            if field not in entry.spec.allowed or field in NOT_CLAIMABLE:
                conv.err(file, item.line, "evidence", f"'{field}' is not a field that evidence can name")
                continue
            if field not in entry.record:
                conv.err(file, item.line, "evidence", f"evidence names '{field}', which this record does not give")
            srcs, found = claimed.setdefault(str(field), ([], {}))
            srcs.append(sid)
            found[str(sid)] = (item.get("locator"), item.get("quote"))
    out = {}
    for field, (srcs, found) in claimed.items():
        seq = Seq(srcs)
        seq.line = raw.line
        out[field] = (seq, ctx[1], ctx[2], found)
    return out

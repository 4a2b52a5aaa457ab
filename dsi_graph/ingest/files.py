"""Files of the curator's workflow: proposal files, the remembered decisions, and accepted records in ``data/``.

``data/proposed/`` holds ``{source id}.proposals.json`` (or ``.yaml``) written by ``dsi-graph ingest``, and the
decisions made in review: ``accepted.txt`` and ``rejected.txt``, one ``key<TAB>kind<TAB>id`` per line, so that a
decided proposal is not proposed again. An accepted record goes into ``data/ingested-{source id}.yaml`` (one
file per ingested source) with the source record, in the curation format, with its ``evidence:`` entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from dsi_graph.ingest.records import Evidence, Proposal

PROPOSED = "proposed"
DECISIONS = ("accepted", "rejected")
SUFFIXES = (".proposals.json", ".proposals.yaml")
_NOT_EVIDENCE = ("id", "type", "label", "sources", "evidence", "paragraphs")


def proposed_dir(data_dir: str | Path) -> Path:
    """The folder of proposals and review decisions of a data folder: ``{data_dir}/proposed``."""
    return Path(data_dir) / PROPOSED


def remembered(data_dir: str | Path) -> dict[str, str]:
    """Keys decided in earlier reviews: ``key -> "accepted" | "rejected"``."""
    out: dict[str, str] = {}
    for decision in DECISIONS:
        path = proposed_dir(data_dir) / f"{decision}.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                key = line.split("\t", 1)[0].strip()
                if key and not key.startswith("#"):
                    out[key] = decision
    return out


def remember(data_dir: str | Path, decision: str, proposal: Proposal) -> None:
    """Append a review decision (``accepted`` or ``rejected``) for ``proposal``."""
    folder = proposed_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{decision}.txt").open("a", encoding="utf-8") as out:
        out.write(f"{proposal.key}\t{proposal.kind}\t{proposal.record.get('id')}\n")


def dump(data: dict[str, Any], fmt: str) -> str:
    """An ingest result as JSON or as reviewable YAML (the same content)."""
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_result(data: dict[str, Any], out_dir: Path, fmt: str) -> Path:
    """Write one ingest result as ``{out_dir}/{source id}.proposals.{fmt}``; return the path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{data['source']['id']}.proposals.{fmt}"
    path.write_text(dump(data, fmt), encoding="utf-8")
    return path


def read_results(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every proposal file in ``folder`` (JSON or YAML), in name order."""
    out = []
    for path in sorted(p for p in folder.glob("*.proposals.*") if p.name.endswith(SUFFIXES)):
        text = path.read_text(encoding="utf-8")
        out.append((path, json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)))
    return out


def data_slugs(data_dir: str | Path) -> set[str]:
    """Every ``id`` written in the YAML files of a data folder (nested records included)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(Path(data_dir).glob("*.y*ml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)))
    return found


def locator(item: Evidence) -> str:
    """Where in the source: ``p. N`` for a page of a PDF, else the character offsets."""
    return f"p. {item.page}" if item.page else f"characters {item.start}-{item.end}"


def to_data(proposal: Proposal, source_id: str) -> dict[str, Any]:
    """The accepted record in the curation format: its ``sources`` and its evidence as ``evidence:`` entries."""
    record = {k: v for k, v in proposal.record.items() if k != "sources"}
    entries: list[dict[str, Any]] = []
    covered: set[str] = set()
    for item in proposal.evidence:
        if "paragraphs" in item.fields:  # a cited paragraph: the evidence goes on the nested paragraph records
            record["paragraphs"] = [_paragraph(p, source_id, item) for p in record.get("paragraphs", [])]
        fields = [f for f in item.fields if f in record and f not in covered and f not in _NOT_EVIDENCE]
        if not fields:
            continue
        covered.update(fields)
        entries.append({"source": source_id, "fields": fields, "locator": locator(item), "quote": item.quote})
    if not entries and proposal.evidence and isinstance(record.get("label"), str):
        first = proposal.evidence[0]  # nothing but a name: the evidence goes on the label
        record["label"] = {"value": record["label"], "locator": locator(first), "quote": first.quote}
    if entries:
        record["evidence"] = entries
    record["sources"] = [source_id]
    return record


def _paragraph(paragraph: dict[str, Any], source_id: str, item: Evidence) -> dict[str, Any]:
    """A nested paragraph record with the evidence of the citation that names it (unless it has evidence)."""
    if "evidence" in paragraph or item.quote.find(str(paragraph.get("number", ""))) < 0:
        return paragraph
    entry = {"source": source_id, "fields": ["number"], "locator": locator(item), "quote": item.quote}
    return {**paragraph, "evidence": [entry]}


def ingested_file(data_dir: str | Path, source_id: str) -> Path:
    """The data file that accepted records of one ingested source go into."""
    return Path(data_dir) / f"ingested-{source_id.removeprefix('ingested-')}.yaml"


def write_accepted(data_dir: str | Path, source: dict[str, Any], proposal: Proposal) -> Path:
    """Add an accepted proposal (and, the first time, its source) to the source's data file; return its path."""
    path = ingested_file(data_dir, source["id"])
    doc: dict[str, Any] = {}
    if path.exists():
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sources = doc.setdefault("sources", [])
    if all(s.get("id") != source["id"] for s in sources):
        sources.append({k: v for k, v in source.items() if v is not None or k == "url"})
    doc.setdefault(proposal.kind, []).append(to_data(proposal, source["id"]))
    header = (f"# Records accepted in `dsi-graph review` from the ingested source {source['id']}.\n"
              "# Each names its evidence (locator and quote in the ingested text).\n")
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(header + body, encoding="utf-8")
    return path

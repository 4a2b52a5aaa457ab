"""``dsi-graph review``: go through proposals in the terminal; accept, edit, reject or skip each.

Nothing reaches ``data/`` without this step. An accepted (or edited) record is written by
:func:`dsi_graph.ingest.files.write_accepted`; a rejected one is remembered in ``data/proposed/rejected.txt`` so
neither ``ingest`` nor ``review`` offers it again. A record that refers to a slug ``data/`` does not have yet
(a new Party proposed in the same file, the position it supports) waits until that one is accepted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

from dsi_graph.ingest import files
from dsi_graph.ingest.records import Proposal

CHOICES = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}


@dataclass
class ReviewSummary:
    """Counts of one review session and the data files written."""

    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    waiting: int = 0
    written: set[Path] = field(default_factory=set)

    def line(self) -> str:
        """One line for the terminal."""
        where = ", ".join(sorted(str(p) for p in self.written)) or "nothing written"
        return (f"{self.accepted} accepted, {self.rejected} rejected, {self.skipped} skipped, "
                f"{self.waiting} waiting for a record they refer to ({where})")


def show(proposal: Proposal, index: int, total: int, source: dict[str, Any]) -> None:
    """Print one proposal: what, why, where in the text, and the record."""
    click.secho(f"\n[{index}/{total}] {proposal.kind}: {proposal.action} ({proposal.key})", bold=True)
    click.echo(f"  why: {proposal.reason}")
    click.echo(f"  source: {source.get('title')} ({source['id']})")
    pages = sorted({e.page for e in proposal.evidence if e.page})
    if pages:
        click.echo(f"  page: {', '.join(map(str, pages))}")
    if proposal.context:
        click.echo(f"  context: {proposal.context}")
    body = yaml.safe_dump(proposal.record, sort_keys=False, allow_unicode=True, width=110)
    click.echo("  record:\n" + "".join(f"    {line}\n" for line in body.splitlines()))


def edit(record: dict[str, Any]) -> dict[str, Any]:
    """The record as edited: in ``$VISUAL`` / ``$EDITOR`` when one is set, else field by field at the prompt.

    At a field prompt, Enter keeps the value, ``-`` removes the field, and a list is written comma-separated.
    """
    if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
        text = click.edit(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110), extension=".yaml")
        if text is None:
            return record
        edited = yaml.safe_load(text)
        if not isinstance(edited, dict) or "id" not in edited:
            raise click.ClickException("the edited record must be a mapping with an id")
        return edited
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key == "id" or not isinstance(value, str | list) or (isinstance(value, list) and
                                                               not all(isinstance(v, str) for v in value)):
            out[key] = value
            continue
        shown = ", ".join(value) if isinstance(value, list) else value
        answer = click.prompt(f"  {key}", default=shown, show_default=True)
        if answer.strip() == "-":
            continue
        if isinstance(value, list):
            out[key] = [v.strip() for v in answer.split(",") if v.strip()]
        else:
            out[key] = answer
    return out


def review(folder: Path, data_dir: Path) -> ReviewSummary:
    """Review every undecided proposal of the proposal files in ``folder``; write accepted ones into ``data_dir``."""
    summary = ReviewSummary()
    decided = files.remembered(data_dir)
    work = []
    for path, data in files.read_results(folder):
        for raw in data.get("proposals", []):
            proposal = Proposal.from_dict(raw)
            if proposal.key not in decided:
                work.append((path, data["source"], proposal))
    if not work:
        click.echo(f"No proposals left to review in {folder}.")
        return summary
    known = files.data_slugs(data_dir)
    for index, (_, source, proposal) in enumerate(work, start=1):
        show(proposal, index, len(work), source)
        choice = click.prompt("  [a]ccept, [e]dit, [r]eject, [s]kip, [q]uit", type=click.Choice(list(CHOICES)),
                              default="s", show_choices=False)
        if choice == "q":
            break
        if choice == "s":
            summary.skipped += 1
            continue
        if choice == "r":
            files.remember(data_dir, "rejected", proposal)
            summary.rejected += 1
            continue
        if choice == "e":
            proposal.record = edit(proposal.record)
        missing = [slug for slug in proposal.needs if slug not in known and slug in _refs(proposal.record)]
        if missing:
            click.echo(f"  waits: it refers to {', '.join(missing)}, which data/ does not have yet; accept that first")
            summary.waiting += 1
            continue
        summary.written.add(files.write_accepted(data_dir, source, proposal))
        files.remember(data_dir, "accepted", proposal)
        known.add(str(proposal.record["id"]))
        summary.accepted += 1
        click.echo(f"  accepted: written to {files.ingested_file(data_dir, source['id'])}")
    return summary


def _refs(record: dict[str, Any]) -> set[str]:
    """Every string value of a record (the slugs it may refer to)."""
    out: set[str] = set()
    for key, value in record.items():
        if key == "id":
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                out.add(item)
    return out

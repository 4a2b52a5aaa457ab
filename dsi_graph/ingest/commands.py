"""The ``ingest`` and ``review`` click commands, registered by the main CLI (or run ``-m dsi_graph.ingest.commands``).

``dsi-graph ingest FILE [FILE ...]`` reads each file, recognises what the build's graph knows and writes
``{source id}.proposals.json`` (or ``.yaml``) under ``--out`` (default ``data/proposed/``; ``--out -`` prints);
``dsi-graph review [DIR]`` goes through them and writes accepted records into ``data/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from dsi_graph.config import Settings
from dsi_graph.ingest import files
from dsi_graph.ingest.known import KnownGraph
from dsi_graph.ingest.proposals import IngestResult, ingest
from dsi_graph.ingest.readers import ReadError, read_document
from dsi_graph.ingest.review import review
from dsi_graph.stores import StoreError, open_store


def run_ingest(paths: list[Path], settings: Settings, *, build_dir: Path | None = None, url: str | None = None,
               data_dir: Path | None = None) -> list[IngestResult]:
    """Ingest ``paths`` against the build in ``build_dir`` (default: the setting); decided proposals left out.

    :raise StoreError: when there is no build to compare with.
    :raise ReadError: when a file cannot be read.
    """
    from dsi_graph.link.recognise import Recogniser

    store = open_store(settings, build_dir=build_dir)
    try:
        known = KnownGraph.from_store(store, settings.base_iri)
        recogniser = Recogniser.from_store(store)
    finally:
        store.close()
    decided = files.remembered(data_dir or settings.data_dir)
    show = sys.stderr.isatty() and len(paths) > 1
    results = []
    for path in tqdm(paths, desc="ingest", unit="file", file=sys.stderr, disable=not show, leave=False):
        results.append(ingest(read_document(path), known, recogniser, url=url, remembered=decided))
    return results


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True,
              help="JSON, or the same content as reviewable YAML.")
@click.option("--out", default=None, help="Folder for the proposal files (default: data/proposed/); '-' prints them.")
@click.option("--url", default=None, help="The address the (single) file was published at; recorded on its source.")
@click.option("--build", "build_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The build to compare with (default: DSI_GRAPH_BUILD_DIR).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The data folder whose review decisions apply (default: DSI_GRAPH_DATA_DIR).")
def ingest_command(paths: tuple[Path, ...], fmt: str, out: str | None, url: str | None, build_dir: Path | None,
                   data_dir: Path | None) -> None:
    """Read PDF, HTML, Markdown or text files and propose records with evidence for review."""
    if url and len(paths) > 1:
        raise click.UsageError("--url names the address of one file; give one file with it")
    settings = Settings.from_env()
    data = data_dir or Path(settings.data_dir)
    try:
        results = run_ingest(list(paths), settings, build_dir=build_dir, url=url, data_dir=data)
    except (StoreError, ReadError) as error:
        raise click.ClickException(str(error)) from error
    for result in results:
        body = result.as_dict()
        if out == "-":
            click.echo(files.dump(body, fmt), nl=False)
            continue
        written = files.write_result(body, Path(out) if out else files.proposed_dir(data), fmt)
        click.echo(f"{result.doc.path}: {len(result.mentions)} mentions, {len(result.proposals)} proposals"
                   f" ({result.skipped} decided before) -> {written}")


@click.command("review")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The data folder accepted records are written into (default: DSI_GRAPH_DATA_DIR).")
def review_command(directory: Path | None, data_dir: Path | None) -> None:
    """Go through proposals (default: data/proposed/): accept, edit, reject or skip each."""
    data = data_dir or Path(Settings.from_env().data_dir)
    folder = directory or files.proposed_dir(data)
    if not folder.is_dir():
        raise click.ClickException(f"{folder}: no such folder; run `dsi-graph ingest` first")
    click.echo(review(folder, data).line())


@click.group()
def main() -> None:
    """Ingest documents and review what they propose."""


main.add_command(ingest_command)
main.add_command(review_command)

if __name__ == "__main__":
    main()

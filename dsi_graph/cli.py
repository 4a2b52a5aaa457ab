"""The ``dsi-graph`` command: one thin verb per pipeline stage, each calling a library function."""

from __future__ import annotations

from pathlib import Path

import click

from dsi_graph import __version__
from dsi_graph.config import Settings


@click.group()
@click.version_option(__version__, prog_name="dsi-graph")
def cli() -> None:
    """dsi-graph: build, validate, query and serve the DSI negotiation knowledge graph."""


@cli.command()
@click.option("--out", "out", default=None, help="Build directory (default: DSI_GRAPH_BUILD_DIR or dist/).")
def build(out: str | None) -> None:
    """Parse ontology and data, validate them, and write the build atomically."""
    click.echo(_build_or_fail(main_settings(), out))


def _build_or_fail(settings: Settings, out: str | Path | None) -> str:
    """Run the build; its summary, or a ClickException with the data errors or the violations."""
    from dsi_graph.build import pipeline
    from dsi_graph.build.converter import DataError

    try:
        return pipeline.build(settings, out).summary()
    except DataError as error:
        raise click.ClickException(str(error)) from error
    except pipeline.BuildFailed as error:
        raise click.ClickException(f"{error}; nothing was written\n{error.report.text()}") from error


@cli.command()
@click.argument("old", metavar="OLD_BUILD")
@click.argument("new", metavar="NEW_BUILD")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: str, new: str, fmt: str) -> None:
    """Statements added and removed per entity between two builds (folders or their dsi-graph.nq)."""
    from dsi_graph.build import diff as builds

    try:
        click.echo(builds.render(builds.diff_paths(old, new), fmt), nl=False)
    except builds.DiffError as error:
        raise click.ClickException(str(error)) from error


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text")
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Validate the data (default) or the given RDF files with the project's shapes."""
    from dsi_graph.build import pipeline
    from dsi_graph.build.converter import DataError

    try:
        report = pipeline.validate_project(main_settings(), paths)
    except DataError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.render(fmt), nl=False)
    if not report.conforms:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--build", "build_dir", default=None, help="Build directory to serve (default dist/, built if missing).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="Worker processes (default DSI_GRAPH_WORKERS).")
@click.option("--endpoint", default=None, help="Serve from this remote SPARQL endpoint instead of a build.")
@click.option("--get", "get_path", default=None, help="Run one GET of this path in-process, print it and exit.")
def serve(
    paths: tuple[str, ...], build_dir: str | None, host: str, port: int, workers: int | None,
    endpoint: str | None, get_path: str | None,
) -> None:
    """Serve a build (or RDF dumps given as PATHS, or a remote endpoint) over HTTP with granian."""
    from dsi_graph.stores.base import StoreError
    from dsi_graph.web import server

    settings = main_settings()
    build = Path(build_dir or settings.build_dir)
    if not endpoint and not paths and settings.store != "remote" and not (build / "dsi-graph.nq").exists():
        click.echo(f"no build at {build}: building it first", err=True)
        click.echo(_build_or_fail(settings, build), err=True)
    try:
        app = server.make_app(settings, build_dir=build, paths=paths, endpoint=endpoint)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    if get_path is not None:
        status, body = server.get(app, get_path)
        click.echo(body.decode("utf-8", errors="replace"), nl=False)
        if status >= 400:
            raise SystemExit(1)
        return
    server.serve(app, app.extensions["dsi_settings"], host, port, workers)


@cli.command()
@click.argument("target", metavar="NAME|FILE.rq")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "turtle"]), default="table",
              show_default=True, help="Output format (turtle for CONSTRUCT queries).")
@click.option("--endpoint", default=None, help="Run on this SPARQL 1.1 endpoint instead of the local build.")
@click.option("--build", "build_dir", default=None, help="Build directory to query (default dist/).")
def query(target: str, params: tuple[str, ...], fmt: str, endpoint: str | None, build_dir: str | None) -> None:
    """Run a named query (or a .rq file) on the local build or a SPARQL endpoint and print the answer."""
    from dsi_graph.read import queries
    try:
        out = queries.run_command(main_settings(), target, params, fmt=fmt, endpoint=endpoint, build_dir=build_dir)
    except queries.QUERY_ERRORS as error:
        raise click.ClickException(str(error)) from error
    click.echo(out, nl=False)


@cli.command()
@click.option("--endpoint", required=True, help="SPARQL query endpoint of the engine (used to verify counts).")
@click.option("--graph-store", default=None, help="Graph Store Protocol URL (PUT per graph); else SPARQL Update.")
@click.option("--update-endpoint", default=None,
              help="SPARQL Update endpoint (default: --endpoint); with --graph-store too, for blank nodes that "
              "several graphs share.")
@click.option("--auth", default=None, metavar="USER:PASSWORD", help="Credentials for writes (Basic or Digest).")
@click.option("--build", "build_dir", default=None, help="Build directory to publish (default dist/).")
def publish(
    endpoint: str, graph_store: str | None, update_endpoint: str | None, auth: str | None, build_dir: str | None
) -> None:
    """Load a build's named graphs into a remote engine graph by graph, then verify the counts per graph."""
    from dsi_graph.publish import run_publish
    from dsi_graph.stores.base import StoreError

    try:
        ok = run_publish(endpoint, graph_store=graph_store, update_endpoint=update_endpoint, auth=auth,
                         build_dir=build_dir or main_settings().build_dir, echo=click.echo)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    if not ok:
        raise SystemExit(1)


def _register_curation() -> None:
    """The curator's verbs (``ingest``, ``review``) from :mod:`dsi_graph.ingest.commands`."""
    from dsi_graph.ingest.commands import ingest_command, review_command

    cli.add_command(ingest_command, "ingest")
    cli.add_command(review_command, "review")


def main_settings(**overrides) -> Settings:
    """Settings from the environment with CLI overrides."""
    return Settings.from_env(**overrides)


_register_curation()

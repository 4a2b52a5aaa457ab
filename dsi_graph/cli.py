"""The ``dsi-graph`` command: one thin verb per pipeline stage, each calling a library function."""

from __future__ import annotations

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
    from dsi_graph import pipeline
    from dsi_graph.sources import DataError

    try:
        click.echo(pipeline.build(main_settings(), out).summary())
    except DataError as error:
        raise click.ClickException(str(error)) from error
    except pipeline.BuildFailed as error:
        raise click.ClickException(f"{error}; nothing was written\n{error.report.text()}") from error


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text")
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Validate the data (default) or the given RDF files with the project's shapes."""
    from dsi_graph import validate as validation
    from dsi_graph.sources import DataError

    try:
        report = validation.run(main_settings(), paths)
    except DataError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.render(fmt), nl=False)
    if not report.conforms:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--build", "build_dir", default=None, help="Build directory to serve (default dist/).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
def serve(paths: tuple[str, ...], build_dir: str | None, host: str, port: int) -> None:
    """Serve a build (or RDF dumps) over HTTP."""
    raise click.ClickException("serve is not implemented yet")


def main_settings(**overrides) -> Settings:
    """Settings from the environment with CLI overrides."""
    return Settings.from_env(**overrides)

"""Run the command-line interface with ``python -m dsi_graph``."""

from dsi_graph.cli import cli

if __name__ == "__main__":
    cli()

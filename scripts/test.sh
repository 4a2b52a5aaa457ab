#!/usr/bin/env bash
# Install everything the tests need, lint, check the layering contracts (pyproject.toml [tool.importlinter]),
# and run the whole test suite (arguments go to pytest: -m "not external" leaves out the tests that need
# Virtuoso, oxigraph serve or chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/python -m pytest -q "$@"

#!/usr/bin/env bash
# Install dsi-graph, build the graph into dist/ and serve it on http://127.0.0.1:8080/ (embedded Oxigraph).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/dsi-graph build --out dist
exec .venv/bin/dsi-graph serve --build dist --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"

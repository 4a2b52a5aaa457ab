#!/usr/bin/env bash
# Install dsi-graph, build the graph into dist/ and serve it on http://127.0.0.1:8080/ (embedded Oxigraph).
# HOST and PORT choose where it listens (README.md, "Environment variables").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
echo "==> building the graph into dist/"
.venv/bin/dsi-graph build --out dist
echo "==> serving on http://${HOST:-127.0.0.1}:${PORT:-8080}/ (the guide: /guide; stop with Ctrl-C)"
exec .venv/bin/dsi-graph serve --build dist --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"

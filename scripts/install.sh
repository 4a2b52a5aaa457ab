#!/usr/bin/env bash
# Install what dsi-graph needs on a fresh Debian machine: a virtualenv with the package (and, with --test,
# the test tools, Debian's chromium for the browser tests, Virtuoso for the store contract tests, and node/npm
# with Comunica, pinned by tests/clients/package-lock.json, into tests/clients/node_modules for the client tests).
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1
if [ "$want_test" = 1 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/pip install -q -e '.[test]'
else
  .venv/bin/pip install -q -e .
fi
if [ "$want_test" = 1 ]; then
  npm install --prefix tests/clients --no-audit --no-fund --loglevel=error
fi

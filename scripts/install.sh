#!/usr/bin/env bash
# Install what dsi-graph needs on a fresh Debian machine: a virtualenv with the package (and, with --test,
# the test tools, Debian's chromium for the browser tests, Virtuoso for the store contract tests, and node/npm
# with Comunica, pinned by tests/clients/package-lock.json, into tests/clients/node_modules for the client tests).
# Each step prints a "==> " line, and pip and npm show what they install.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "==> $*"; }
want_test=0
[ "${1:-}" = "--test" ] && want_test=1
if [ "$want_test" = 1 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages for the tests: ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
  fi
fi
if [ -x .venv/bin/python ]; then
  step "using the virtualenv in .venv"
else
  step "creating a virtualenv in .venv"
  python3 -m venv .venv
fi
step "updating pip"
.venv/bin/pip install --upgrade pip
if [ "$want_test" = 1 ]; then
  step "installing dsi-graph with its test tools (pip install -e '.[test]')"
  .venv/bin/pip install -e '.[test]'
else
  step "installing dsi-graph (pip install -e .)"
  .venv/bin/pip install -e .
fi
if [ "$want_test" = 1 ]; then
  step "installing Comunica for the client tests (npm install --prefix tests/clients)"
  npm install --prefix tests/clients --no-audit --no-fund --loglevel=error
fi
step "installed: $(.venv/bin/dsi-graph --version)"

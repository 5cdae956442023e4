#!/usr/bin/env bash
# The main job on a fresh machine: set up, validate the shipped registry, and build the site
# once: strictly into site/ (AISS_NO_SERVE=1), or while serving it on http://127.0.0.1:8000/
# (Ctrl-C stops it; it rebuilds when a standard or page changes).
# Set AISS_ADDR=host:port to serve elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
echo "== installing aiss"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[site]'

export NO_MKDOCS_2_WARNING=1
echo "== validating the registry"
.venv/bin/aiss validate
echo "== aiss is in .venv/bin: run 'source .venv/bin/activate' to put it on the PATH"
if [ "${AISS_NO_SERVE:-}" = "1" ]; then
  echo "== building the site (strict) into site/"
  exec .venv/bin/aiss build
fi
echo "== building and serving the site on http://${AISS_ADDR:-127.0.0.1:8000}/"
exec .venv/bin/aiss serve --dev-addr "${AISS_ADDR:-127.0.0.1:8000}"

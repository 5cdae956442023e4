#!/usr/bin/env bash
# The main job on a fresh machine: set up, validate the shipped registry, build the site
# strictly and serve it on http://127.0.0.1:8000/ (Ctrl-C stops it).
# Set AISS_ADDR=host:port to serve elsewhere, AISS_NO_SERVE=1 to stop after the build.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
echo "== installing aiss"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .

export NO_MKDOCS_2_WARNING=1
echo "== validating the registry"
.venv/bin/aiss validate
echo "== building the site (strict)"
.venv/bin/aiss build
if [ "${AISS_NO_SERVE:-}" = "1" ]; then
  exit 0
fi
echo "== serving on http://${AISS_ADDR:-127.0.0.1:8000}/"
exec .venv/bin/aiss serve --dev-addr "${AISS_ADDR:-127.0.0.1:8000}"

#!/usr/bin/env bash
# Set up everything the tests need, then run every check: ruff, ruff format, mypy --strict,
# schema drift, and pytest (unit, acceptance, golden, site build, browser tests).
# Works on a fresh Debian machine as root (installs chromium, and npm for axe-core, with apt
# when they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "== installing chromium (Debian package) for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install chromium' first" >&2
    exit 2
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "== installing npm (Debian package) for axe-core"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  else
    echo "npm is missing: run 'sudo apt-get install npm' first" >&2
    exit 2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
echo "== installing aiss with its test extras"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

AXE=.venv/node/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ]; then
  echo "== installing axe-core (npm) for the accessibility tests, into .venv/node"
  npm install --prefix .venv/node --no-audit --no-fund --silent axe-core@4.14.1
fi

export NO_MKDOCS_2_WARNING=1
echo "== ruff"
.venv/bin/ruff check tools tests
.venv/bin/ruff format --check tools tests
echo "== mypy --strict"
.venv/bin/mypy
echo "== schema drift"
.venv/bin/aiss schema --check
echo "== pytest"
.venv/bin/python -m pytest "$@"

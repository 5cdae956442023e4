"""Constants every layer may read: the tool's version and the published site's addresses."""

from __future__ import annotations

import os

VERSION = "0.1.0"
"""The version of aiss (also `aiss.__version__`)."""

DEFAULT_SITE_URL = "https://aiss.example.org/"
"""The published site's address unless `AISS_SITE_URL` names another."""

SITE_URL = (os.environ.get("AISS_SITE_URL") or DEFAULT_SITE_URL).rstrip("/") + "/"
"""The published site: the one setting, `AISS_SITE_URL` (mkdocs.yml's `site_url` reads the
same variable). Diagnostic codes link to `SITE_URL + 'diagnostics/<code>/'`, SARIF rules give
it as their help, and a site built without another `site_url` uses it."""

REPO_URL = "https://github.com/aiss-registry/aiss"
"""The source repository: standards' source files and the issue tracker (feedback)."""

SCHEMA_BASE_URL = DEFAULT_SITE_URL + "schemas/"
"""Where the published JSON Schemas live; each schema's `$id` is under this URL."""

"""Constants every layer may read: the tool's version and the published site's addresses."""

from __future__ import annotations

VERSION = "0.1.0"
"""The version of aiss (also `aiss.__version__`)."""

SITE_URL = "https://aiss.example.org/"
"""The published site; diagnostic codes link to `SITE_URL + 'diagnostics/<code>/'`."""

SCHEMA_BASE_URL = SITE_URL + "schemas/"
"""Where the published JSON Schemas live; each schema's `$id` is under this URL."""

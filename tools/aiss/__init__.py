"""aiss: the registry and toolkit for versioned AI safety test standards."""

__version__ = "0.1.0"

SCHEMA_BASE_URL = "https://aiss.example.org/schemas/"
"""Where the published JSON Schemas live; each schema's `$id` is under this URL."""

SITE_URL = "https://aiss.example.org/"
"""The published site; diagnostic codes link to `SITE_URL + 'diagnostics/<code>/'`."""

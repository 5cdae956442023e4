"""Options that several commands share, defined once."""

from __future__ import annotations

import click

from aiss.source import DEFAULT_LIMITS

max_bytes = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_bytes,
    show_default=True,
    help="Largest file read.",
)
"""`--max-bytes`: files over this size are a diagnostic, not read (`aiss validate`, `check`)."""

"""Options that several commands share, defined once. Nothing here imports the models, so that
`aiss validate` can answer from its cache before they are loaded; the options drawn from a
model (`--system-type`, ...) are in `sut_options`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from aiss.source import DEFAULT_LIMITS

F = TypeVar("F", bound=Callable[..., Any])

max_bytes = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_bytes,
    show_default=True,
    help="Largest file read.",
)
"""`--max-bytes`: files over this size are a diagnostic, not read (`aiss validate`, `check`)."""

no_cache = click.option(
    "--no-cache",
    is_flag=True,
    default=False,
    help="Neither read nor write the cache of per-file results (see above for where it is).",
)
"""`--no-cache`: check every file again and store nothing (`aiss.cache`)."""

ROOT_HELP = "Registry folder: the one holding vocabularies/ and a folder per standard [default: standards/]."
"""The one description of `--root`, on every command that has it."""


def root(default: Path | None = None) -> Callable[[F], F]:
    """`--root FOLDER`: the registry folder (`default`, or None when the command finds it)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        help=ROOT_HELP,
    )


KEY_ENV = "AISS_SIGNING_KEY"
"""The environment variable naming the private key file of `--key` (`aiss bundle`, `attest`)."""

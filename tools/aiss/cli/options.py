"""Options that several commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import click

from aiss.models.submission import SystemUnderTest
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


def _literals(annotation: Any) -> tuple[str, ...]:
    """The strings of a `Literal[...] | None` annotation."""
    if get_origin(annotation) is Literal:
        return tuple(a for a in get_args(annotation) if isinstance(a, str))
    return tuple(v for arg in get_args(annotation) for v in _literals(arg))


SYSTEM_FIELDS = {
    name: _literals(SystemUnderTest.model_fields[name].annotation)
    for name in ("system_type", "access_level", "mitigation_state")
}
"""What an Inspect log does not record about the system under test, and the values
`SystemUnderTest` allows."""


def system(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--system-type`, `--access-level`, `--mitigation-state`: the system under test as the
    evaluator states it, for a submission imported from logs (checked against the scope)."""
    for name, values in reversed(SYSTEM_FIELDS.items()):
        func = click.option(
            f"--{name.replace('_', '-')}",
            name,
            type=click.Choice(values),
            default=None,
            help=f"The system under test's {name.replace('_', ' ')} (no log records it).",
        )(func)
    return func


def system_of(values: dict[str, Any]) -> dict[str, str]:
    """The `system` options given, by field name."""
    return {k: v for k in SYSTEM_FIELDS if (v := values.pop(k, None)) is not None}


KEY_ENV = "AISS_SIGNING_KEY"
"""The environment variable naming the private key file of `--key` (`aiss bundle`, `attest`)."""

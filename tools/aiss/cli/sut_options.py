"""`--system-type`, `--access-level`, `--mitigation-state`: the options drawn from the
`SystemUnderTest` model (`aiss check`, `aiss import`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin

import click

from aiss.models.submission import SystemUnderTest


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

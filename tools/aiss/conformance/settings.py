"""Whether two runs used the same settings: computed from the run records, field by field,
never taken from a declared `same_settings`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiss.models.checks import SETTINGS, SettingName
from aiss.models.results import Run


def setting(run: Run, name: SettingName) -> Any:
    """The value of one setting of a run, as plain data (None when the run does not say)."""
    if name == "generate_config":
        return run.generate_config or None
    if name == "limits":
        return run.limits.model_dump(exclude_none=True) if run.limits else None
    if name == "epochs":
        return run.epochs
    if name == "task.version":
        return run.task.version if run.task else None
    if name == "dataset.revision":
        return run.dataset.revision if run.dataset else None
    return [step.model_dump(mode="json") for step in run.solver] or None


def differences(
    reference: Run, sut: Run, fields: Sequence[SettingName] = SETTINGS
) -> list[tuple[SettingName, Any, Any]]:
    """(field, reference value, system-under-test value) for each setting that differs; a
    setting neither run states is not a difference, one that only one states is."""
    out = []
    for name in fields:
        a, b = setting(reference, name), setting(sut, name)
        if a != b:
            out.append((name, a, b))
    return out


def describe(diffs: list[tuple[SettingName, Any, Any]]) -> str:
    """`generate_config {'temperature': 1.0} vs {'temperature': 0.7}; epochs 1 vs 5`."""
    return "; ".join(f"{name} {a!r} vs {b!r}" for name, a, b in diffs)

"""Whether two runs used the same settings: computed field by field from what their logs
record when both logs were read (a setting neither run states is then still compared: the
logs say what each was given), else from the run records; never taken from a declared
`same_settings`."""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiss.conformance.evidence import LogHeader, LogRead
from aiss.models.checks import SETTINGS, SettingName
from aiss.models.results import Run


def logged(header: LogHeader, run: Run, name: SettingName) -> Any:
    """The value of one setting as a run's read log records it, as `setting` gives a stated
    one (None where it records none); a dataset revision, which no Inspect log records, as
    the run states it."""
    if name == "generate_config":
        return dict(header.generate_config) or None
    if name == "limits":
        return dict(header.limits) or None
    if name == "epochs":
        return header.epochs
    if name == "task.version":
        return header.task_version
    if name == "dataset.revision":
        return setting(run, name)
    return [{"solver": step, "params": dict(params)} for step, params in header.solver] or None


LOGGED: tuple[tuple[str, ...], ...] = (
    ("model",),
    ("status",),
    ("epochs",),
    ("task", "name"),
    ("task", "version"),
    ("task", "file"),
    ("task", "args"),
    ("limits",),
    ("generate_config",),
    ("sandbox", "type"),
    ("sandbox", "config"),
    ("model_roles",),
    ("solver",),
)
"""The parts of a run that its read log's header is always compared with
(`logs.header_disagreements`: any difference is a contradiction), so that a value stated
there is what the log records. Everything else a submission states (a sandbox's internet
egress, the system under test's mitigations, a dataset revision) no Inspect log records."""

_WHEN_LOGGED: dict[tuple[str, ...], Callable[[LogHeader], object]] = {
    ("dataset", "samples"): lambda h: h.dataset_samples,
    ("dataset", "sample_ids_sha256"): lambda h: h.sample_ids,
    ("counts", "total_samples"): lambda h: h.total_samples,
    ("counts", "completed_samples"): lambda h: h.completed_samples,
}
"""Parts compared only when the header records them (a log may lack them)."""


def recorded_by_log(part: tuple[str | int, ...], header: LogHeader | None = None) -> bool:
    """Whether the run field at `part` (below `runs[i]`) is one its read log, of `header`,
    vouches for (compared with it, so that it cannot say otherwise); without `header`,
    whether an Inspect log can."""
    if any(part[: len(prefix)] == prefix for prefix in LOGGED):
        return True
    given = _WHEN_LOGGED.get(tuple(str(x) for x in part)) if len(part) == 2 else None
    return given is not None and (header is None or given(header) is not None)


def read_header(logs: Mapping[str, LogRead], run: Run) -> LogHeader | None:
    """The header of the run's log when it was read (an Inspect log opened, not only hashed)."""
    read = logs.get(run.id)
    return read.header if read is not None and read.state == "read" else None


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
    reference: Run,
    sut: Run,
    fields: Sequence[SettingName] = SETTINGS,
    logs: Mapping[str, LogRead] | None = None,
) -> list[tuple[SettingName, Any, Any]]:
    """(field, reference value, system-under-test value) for each setting that differs: as
    the two runs' logs record them when both were read (`logs`, by run id), else as the runs
    state them, where a setting neither states is not a difference and one that only one
    states is."""
    a_log = read_header(logs, reference) if logs else None
    b_log = read_header(logs, sut) if logs else None
    out = []
    for name in fields:
        if a_log is not None and b_log is not None:
            a, b = logged(a_log, reference, name), logged(b_log, sut, name)
        else:
            a, b = setting(reference, name), setting(sut, name)
        if a != b:
            out.append((name, a, b))
    return out


def describe(diffs: list[tuple[SettingName, Any, Any]]) -> str:
    """`generate_config {'temperature': 1.0} vs {'temperature': 0.7}; epochs 1 vs 5`, each
    value cut short (`shown`)."""
    return "; ".join(f"{name} {shown(a)} vs {shown(b)}" for name, a, b in diffs)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxdict = _SHORT.maxlist = 8
_SHORT.maxlevel = 4


def shown(value: object) -> str:
    """`repr(value)` as a message shows a setting: a log's solver plan may hold a prompt of
    pages, so long texts, deep values and long lists are cut short (`reprlib`)."""
    return _SHORT.repr(value)

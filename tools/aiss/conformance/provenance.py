"""Checks on where results come from: logs, their status and hash, task versions, datasets."""

from __future__ import annotations

import re

from aiss.conformance.evidence import LogHeader
from aiss.conformance.logs import header_disagreements
from aiss.conformance.outcome import Outcome
from aiss.conformance.subject import Subject
from aiss.conformance.verified import header, unverified
from aiss.diagnostics import Loc
from aiss.models import checks as c
from aiss.models.procedures import DatasetPin
from aiss.models.results import Run
from aiss.models.standard import Requirement
from aiss.models.verdicts import Verdict


def _run_loc(i: int, run: Run, part: str) -> Loc:
    return ("runs", i, part) if getattr(run, part, None) is not None else ("runs", i)


def log_valid(s: Subject, req: Requirement, chk: c.LogValid) -> Outcome:
    runs = s.runs(chk.procedure) + s.runs(chk.procedure, reference=True)
    if not runs:
        where = f"of {chk.procedure} " if chk.procedure else ""
        return Outcome(
            Verdict.NOT_ASSESSED, "no-run", f"no run {where}in the submission", ("runs",)
        )
    for i, run in sorted(runs):
        if run.status != "success":
            return status_outcome(i, run)
        if run.invalidated:
            return Outcome(
                Verdict.FAIL,
                "log-invalidated",
                f"run {run.id}: the log was invalidated",
                ("runs", i),
            )
        if run.log is None:
            return Outcome(
                Verdict.FAIL, "log-missing", f"run {run.id} references no log", ("runs", i)
            )
        if run.log.sha256 is None:
            return Outcome(
                Verdict.FAIL,
                "log-sha256-missing",
                f"run {run.id}: the log has no sha256",
                ("runs", i, "log"),
            )
        read = s.evidence.logs.get(run.id)
        if read is None or not read.verified:
            why = read.problem if read is not None else "it was not read"
            return Outcome(
                Verdict.FAIL,
                "log-not-verified",
                f"run {run.id}: {run.log.uri} could not be verified: {why}",
                ("runs", i, "log", "uri"),
            )
        if read.sha256 != run.log.sha256:
            actual = read.sha256 or "-"
            return Outcome(
                Verdict.FAIL,
                "log-sha256-mismatch",
                f"run {run.id}: {run.log.uri} has sha256 {actual[:12]}..., the submission says {run.log.sha256[:12]}...",
                ("runs", i, "log", "sha256"),
            )
        disagree = header_disagreements(run, read, s)
        if disagree:
            part, message = disagree[0]
            return Outcome(
                Verdict.FAIL,
                "log-disagrees-with-run",
                f"run {run.id}: {message}",
                ("runs", i, *part),
            )
    read_logs = sum(1 for _, r in runs if (x := s.evidence.logs.get(r.id)) and x.state == "read")
    met = Outcome(
        Verdict.PASS,
        "logs-valid",
        f"{len(runs)} log(s) read, their sha256 verified ({read_logs} opened and checked "
        "against their runs)",
        ("runs",),
    )
    unread = [
        r for _, r in sorted(runs) if (x := s.evidence.logs.get(r.id)) and x.state == "hash_only"
    ]
    if not unread:
        return met
    shown = ", ".join(f"{r.id} ({r.log.format})" for r in unread if r.log)
    why = (
        f"the logs of run(s) {shown} are in a format aiss does not read: their sha256 matches, "
        "but nothing checks that they record the runs the submission describes"
    )
    return unverified(s, req.id, met, "log-content-unverified", why)


def status_outcome(i: int, run: Run) -> Outcome:
    why = f": {run.error}" if run.error else ""
    return Outcome(
        Verdict.FAIL,
        f"log-status-{run.status}",
        f"run {run.id} ({run.procedure}) ended with status `{run.status}`{why}; its results cannot support this requirement",
        ("runs", i, "status"),
    )


_TASK_VERSION = re.compile(r"^(\d+)(?:-([A-Z]))?$")


def task_version(value: int | str | None) -> tuple[int, str | None] | None:
    """An Inspect task version as (comparability N, interface X), or None when unreadable."""
    if isinstance(value, int):
        return value, None
    m = _TASK_VERSION.match(value or "")
    return (int(m.group(1)), m.group(2)) if m else None


def task_version_match(s: Subject, req: Requirement, chk: c.TaskVersionMatch) -> Outcome:
    proc = s.procedure(chk.procedure)
    pin = proc.implementation.task_version if proc else None
    runs = sorted(s.runs(chk.procedure) + s.runs(chk.procedure, reference=True))
    if not runs:
        return Outcome(Verdict.NOT_ASSESSED, "no-run", f"no run of {chk.procedure}", ("runs",))
    if pin is None:
        return Outcome(
            Verdict.PASS, "not-pinned", f"the standard pins no task version for {chk.procedure}"
        )
    for i, run in runs:
        raw = run.task.version if run.task else None
        if raw is None:
            return Outcome(
                Verdict.FAIL,
                "task-version-missing",
                f"run {run.id} does not report its task version",
                _run_loc(i, run, "task"),
            )
        got = task_version(raw)
        if (
            got is None
            or got[0] != pin.comparability
            or (pin.interface and got[1] != pin.interface)
        ):
            want = f"{pin.comparability}" + (f"-{pin.interface}" if pin.interface else "")
            return Outcome(
                Verdict.FAIL,
                "task-version-mismatch",
                f"run {run.id} used task version {raw!r}; the standard pins {want}",
                ("runs", i, "task", "version"),
            )
    met = Outcome(
        Verdict.PASS,
        "task-version-matches",
        f"{len(runs)} run(s) at comparability version {pin.comparability}",
        ("runs",),
    )
    unread = [run.id for _, run in runs if header(s, run) is None]
    if not unread:
        return met  # each log's header gave the same task version (`log-disagrees-with-run`)
    why = (
        f"the task version of run(s) {', '.join(unread)} is only declared: no Inspect log the "
        "checker read records it"
    )
    return unverified(s, req.id, met, "task-version-unverified", why)


def dataset_pinned(s: Subject, req: Requirement, chk: c.DatasetPinned) -> Outcome:
    proc = s.procedure(chk.procedure)
    pin = proc.implementation.dataset if proc else None
    runs = sorted(s.runs(chk.procedure) + s.runs(chk.procedure, reference=True))
    if not runs:
        return Outcome(Verdict.NOT_ASSESSED, "no-run", f"no run of {chk.procedure}", ("runs",))
    if pin is None:
        return Outcome(
            Verdict.PASS, "not-pinned", f"the standard pins no dataset for {chk.procedure}"
        )
    for i, run in runs:
        ds = run.dataset
        if ds is None:
            return Outcome(
                Verdict.FAIL,
                "dataset-not-reported",
                f"run {run.id} does not identify its dataset",
                ("runs", i),
            )
        loc: Loc = ("runs", i, "dataset")
        for want, got, what in (
            (pin.revision, ds.revision, "revision"),
            (pin.sha256, ds.sample_ids_sha256, "sample-id sha256"),
        ):
            if want is not None and got is None:
                return Outcome(
                    Verdict.FAIL,
                    "dataset-not-reported",
                    f"run {run.id} does not report the dataset {what}",
                    loc,
                )
            if want is not None and got != want:
                return Outcome(
                    Verdict.FAIL,
                    "dataset-mismatch",
                    f"run {run.id}: dataset {what} {got!r}, pinned {want!r}",
                    loc,
                )
        if ds.samples is not None and ds.samples != pin.items:
            return Outcome(
                Verdict.FAIL,
                "dataset-mismatch",
                f"run {run.id}: dataset has {ds.samples} items, pinned {pin.items}",
                loc,
            )
    met = Outcome(
        Verdict.PASS, "dataset-matches", f"{len(runs)} run(s) on the pinned dataset", ("runs",)
    )
    if pin.revision is not None:
        why = (
            f"the pinned dataset revision {pin.revision!r} is only declared: an Inspect log's "
            "header records no dataset revision"
        )
        return unverified(s, req.id, met, "dataset-unverified", why)
    unread = [run.id for _, run in runs if not _dataset_read(pin, header(s, run))]
    if not unread:
        return met  # each read log's header gave the pinned items (and sample-id digest)
    why = (
        f"the dataset of run(s) {', '.join(unread)} is only declared: no Inspect log the "
        f"checker read records {pin.items:,} items"
        + (" with the pinned sample-id sha256" if pin.sha256 else "")
    )
    return unverified(s, req.id, met, "dataset-unverified", why)


def _dataset_read(pin: DatasetPin, h: LogHeader | None) -> bool:
    """Whether a read log's header shows the pinned dataset: its item count, and the digest
    of its sample ids where one is pinned (a log that disagrees with its run is reported as
    such, `log-disagrees-with-run`)."""
    if h is None or h.dataset_samples != pin.items:
        return False
    return pin.sha256 is None or h.sample_ids_sha256 == pin.sha256

"""Checks on values rather than presence: a constraint on submission fields (`field_value`),
settings equal between the system under test and its reference runs (`same_settings`), and
several checks that must all hold (`all_of`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiss.conformance.outcome import Outcome
from aiss.conformance.paths import deepest_existing, resolve
from aiss.conformance.settings import describe, differences, read_header, recorded_by_log
from aiss.conformance.subject import Subject
from aiss.conformance.verified import unverified
from aiss.diagnostics import Loc
from aiss.models import checks as c
from aiss.models.standard import Requirement
from aiss.models.verdicts import Verdict


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _violation(chk: c.FieldValue, value: Any) -> str | None:
    """Why `value` breaks the constraints of `chk`, or None when it meets them all."""
    if chk.equals is not None and value != chk.equals:
        return f"{value!r} is not {chk.equals!r}"
    if chk.one_of is not None and value not in chk.one_of:
        return f"{value!r} is not one of {', '.join(repr(v) for v in chk.one_of)}"
    bounds: list[tuple[float | None, Callable[[float, float], bool], str]] = [
        (chk.ge, lambda x, t: x >= t, ">="),
        (chk.gt, lambda x, t: x > t, ">"),
        (chk.le, lambda x, t: x <= t, "<="),
        (chk.lt, lambda x, t: x < t, "<"),
    ]
    for bound, ok, op in bounds:
        if bound is None:
            continue
        x = _number(value)
        if x is None:
            return f"{value!r} is not a number (required {op} {_figure(bound)})"
        if not ok(x, bound):
            return f"{_figure(x)} is not {op} {_figure(bound)}"
    return None


def _figure(x: float) -> str:
    """A number as written, exactly: 1234567 and 0.05, never 1.23457e+06."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)


def _runs_only(s: Subject, chk: c.FieldValue, data: dict[str, Any]) -> dict[str, Any]:
    """The submission's data with `runs` narrowed to the procedure's runs (indices kept)."""
    if chk.procedure is None or not chk.path.startswith("runs[*]"):
        return data
    runs = data.get("runs") or []
    keep = [r if r.get("procedure") == chk.procedure else None for r in runs]
    return {**data, "runs": keep}


def field_value(s: Subject, req: Requirement, chk: c.FieldValue) -> Outcome:
    data = _runs_only(s, chk, s.data())
    if chk.procedure and chk.path.startswith("runs[*]"):
        if not any(r is not None for r in data["runs"]):
            return Outcome(Verdict.NOT_ASSESSED, "no-run", f"no run of {chk.procedure}", ("runs",))
        found: list[tuple[Loc, Any]] = []
        for i, run in enumerate(data["runs"]):
            if run is None:
                continue
            rest = chk.path.removeprefix("runs[*]").removeprefix(".")
            values, absent = resolve(run, rest) if rest else ([((), run)], None)
            if absent is not None:
                loc = ("runs", i, *deepest_existing(run, absent))
                return Outcome(
                    Verdict.FAIL,
                    "fields-missing",
                    f"missing or empty: {chk.path} of run {run['id']}",
                    loc,
                )
            found += [(("runs", i, *loc), v) for loc, v in values]
    else:
        values, absent = resolve(data, chk.path)
        if absent is not None:
            loc = deepest_existing(data, absent)
            return Outcome(Verdict.FAIL, "fields-missing", f"missing or empty: {chk.path}", loc)
        found = values
    # an all_of of one path per procedure says which procedure's runs each part read
    label = f"{chk.path} of {chk.procedure}" if chk.procedure else chk.path
    for loc, value in found:
        why = _violation(chk, value)
        if why is not None:
            run = f" (run {data['runs'][loc[1]]['id']})" if loc[:1] == ("runs",) else ""
            return Outcome(Verdict.FAIL, "value-not-allowed", f"{label}: {why}{run}", loc)
    shown = ", ".join(repr(v) for _, v in found[:3]) + (" ..." if len(found) > 3 else "")
    allowed = Outcome(
        Verdict.PASS, "value-allowed", f"{label}: {shown}", found[0][0] if found else ()
    )
    stated = _unverified_values(s, [loc for loc, _ in found])
    if not stated:
        return allowed
    return unverified(s, req.id, allowed, "field-unverified", f"{chk.path} {stated}")


_NO_LOG = "is only what the submission states (no Inspect log records it)"


def _unverified_values(s: Subject, locs: list[Loc]) -> str | None:
    """Why some of the values at `locs` rest on the submission's word, or None when each is
    a run's field that the run's read Inspect log records (`settings.recorded_by_log`)."""
    runs = s.sub.runs
    unread: list[str] = []
    for loc in locs:
        i = loc[1] if len(loc) > 2 and loc[0] == "runs" else None
        if not isinstance(i, int) or not recorded_by_log(loc[2:]):
            return _NO_LOG
        logged = read_header(s.evidence.logs, runs[i])
        if logged is None:
            if runs[i].id not in unread:
                unread.append(runs[i].id)
        elif not recorded_by_log(loc[2:], logged):
            return f"is only what run {runs[i].id} states (its Inspect log does not record it)"
    if unread:
        return f"is only what run(s) {', '.join(unread)} state (their Inspect logs were not read)"
    return None


def same_settings(s: Subject, req: Requirement, chk: c.SameSettings) -> Outcome:
    sut = s.runs(chk.procedure)
    refs = s.runs(chk.procedure, reference=True)
    if not sut:
        return Outcome(
            Verdict.NOT_ASSESSED,
            "no-run",
            f"no run of {chk.procedure} on the system under test",
            ("runs",),
        )
    if not refs:
        return Outcome(
            Verdict.NOT_ASSESSED, "no-run", f"no reference run of {chk.procedure}", ("runs",)
        )
    base = sut[0][1]
    logs = s.evidence.logs
    for i, run in refs:
        diffs = differences(run, base, chk.fields, logs)
        if diffs:
            return Outcome(
                Verdict.FAIL,
                "settings-differ",
                f"reference run {run.id} differs from {base.id}: {describe(diffs)}",
                ("runs", i),
            )
    same = Outcome(
        Verdict.PASS,
        "settings-same",
        f"{len(refs)} reference run(s) of {chk.procedure} with the settings of {base.id} "
        f"({', '.join(chk.fields)})",
        ("runs",),
    )
    stated = [run.id for _, run in refs if read_header(logs, run) is None]
    if read_header(logs, base) is None:
        stated.insert(0, base.id)
    if not stated:
        return same
    return unverified(
        s,
        req.id,
        same,
        "settings-unverified",
        f"the settings of {', '.join(stated)} are only what the run records state (no Inspect "
        "log of theirs was read)",
    )


_ORDER = (
    Verdict.FAIL,
    Verdict.NOT_ASSESSED,
    Verdict.INCONCLUSIVE,
    Verdict.NEEDS_REVIEW,
    Verdict.NOT_APPLICABLE,
    Verdict.WAIVED,
    Verdict.PASS,
)
"""Least to most favourable: the verdict of `all_of` is its parts' first in this order."""


def all_of(
    s: Subject, req: Requirement, chk: c.AllOf, run: Callable[[c.Check], Outcome]
) -> Outcome:
    outcomes = [run(part) for part in chk.checks]
    worst = min(outcomes, key=lambda o: _ORDER.index(o.verdict) if o.verdict in _ORDER else 0)
    if worst.verdict is Verdict.PASS:
        return Outcome(
            Verdict.PASS,
            worst.reason,
            "; ".join(o.message for o in outcomes),
            outcomes[0].loc,
        )
    return worst

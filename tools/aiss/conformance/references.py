"""Reference models as the run records show them: which ran successfully under the same
settings as the system under test (computed from the runs: a declared `same_settings: true`
never makes a run count, a declared `false` keeps it from counting)."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.conformance.settings import describe, differences
from aiss.conformance.subject import Subject


@dataclass(frozen=True)
class Counted:
    """The reference models that count, and why the others do not."""

    models: tuple[str, ...]
    """Reference models with a successful run under the system under test's settings."""
    roles: frozenset[str]
    """Their roles (`previous_frontier_model_same_developer`, ...)."""
    excluded: tuple[str, ...]
    """One sentence per reference model that does not count."""


def counted(s: Subject, procedure: str | None = None, *, same_settings: bool = True) -> Counted:
    """Reference models that ran (the procedure, or any procedure the system under test ran)
    successfully, and, with `same_settings`, with the same settings as the system under
    test's run of that procedure."""
    sut_runs = {r.procedure: r for _, r in reversed(s.runs())}
    models: list[str] = []
    excluded: list[str] = []
    for ref in s.sub.reference_models:
        runs = [
            r
            for _, r in s.runs(procedure, reference=True)
            if r.model == ref.model and r.procedure in sut_runs
        ]
        ok = [r for r in runs if r.status == "success"]
        if not ok:
            excluded.append(
                f"{ref.model}: no successful run" + (f" of {procedure}" if procedure else "")
            )
            continue
        if same_settings and ref.same_settings is False:
            excluded.append(f"{ref.model}: declared not run under the same settings")
            continue
        if same_settings:
            diffs = [(r, differences(r, sut_runs[r.procedure], logs=s.evidence.logs)) for r in ok]
            bad = [(r, d) for r, d in diffs if d]
            if bad:
                r, d = bad[0]
                excluded.append(
                    f"{ref.model}: run {r.id} differs from the system under test ({describe(d)})"
                )
                continue
        models.append(ref.model)
    roles = frozenset(r.role for r in s.sub.reference_models if r.model in models and r.role)
    return Counted(tuple(models), roles, tuple(excluded))

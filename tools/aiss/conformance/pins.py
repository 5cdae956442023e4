"""What a standard pins, checked against what was actually run, whatever the requirements'
own checks say: every pin of a test procedure against every run of that procedure (the system
under test's and the reference runs), the scope against the system under test, and the
reference-model policy against the reference runs.

A run breaks a pin when it states something else than the pin or does not state what the pin
needs (a pin that cannot be shown to hold is not met). Each broken pin is a `Problem` naming
the pin, the run and where; the engine makes them error diagnostics, fails every requirement
resting on that procedure's results, and the submission is not conformant.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from aiss.conformance.observed import observe
from aiss.conformance.outcome import Problem
from aiss.conformance.provenance import task_version
from aiss.conformance.settings import describe, differences, shown
from aiss.conformance.subject import Subject
from aiss.conformance.verified import header
from aiss.diagnostics import Loc
from aiss.models.procedures import TestProcedure
from aiss.models.results import Run

EGRESS = ("deny", "task_services_only", "allow")
"""Internet egress, from least to most permissive."""
_INSPECT_FORMATS = ("inspect_eval", "inspect_json")


def _names(task: str) -> set[str]:
    return {task, task.rsplit("/", 1)[-1]}


class _Run:
    """One run against one procedure's pins: yields a problem per broken pin."""

    def __init__(self, s: Subject, i: int, run: Run, proc: TestProcedure) -> None:
        self.s, self.i, self.run, self.proc = s, i, run, proc

    def problem(self, loc: Loc, pin: str, message: str, hint: str | None = None) -> Problem:
        return Problem(
            loc,
            "pin-violated",
            f"run {self.run.id} ({self.proc.id}): {message} [pin {self.proc.id} {pin}]",
            hint=hint,
            procedure=self.proc.id,
            run=self.run.id,
        )

    def at(self, *parts: str | int) -> Loc:
        return ("runs", self.i, *parts)

    def check(self) -> Iterator[Problem]:
        yield from self._implementation()
        yield from self._sandbox()
        yield from self._elicitation()
        yield from self._sampling()

    def _implementation(self) -> Iterator[Problem]:
        impl, run = self.proc.implementation, self.run
        if impl.framework == "inspect_ai":
            harness = self.s.sub.environment.harness if self.s.sub.environment else None
            fmt = run.log.format if run.log else None
            if fmt not in _INSPECT_FORMATS and not (harness or "").startswith("inspect_ai"):
                yield self.problem(
                    self.at("log"),
                    "implementation.framework",
                    "the run is not shown to be an inspect_ai run (no Inspect log, harness "
                    f"{harness!r})",
                )
        if impl.task:
            if run.task is None:
                yield self.problem(self.at(), "implementation.task", "the task is not reported")
            elif not (_names(impl.task) & _names(run.task.name)):
                yield self.problem(
                    self.at("task", "name"),
                    "implementation.task",
                    f"task {run.task.name!r} is not the pinned {impl.task!r}",
                )
            elif "/" in impl.task and run.task.registry not in (None, impl.task.split("/")[0]):
                yield self.problem(
                    self.at("task", "registry"),
                    "implementation.task",
                    f"task registry {run.task.registry!r} is not the pinned "
                    f"{impl.task.split('/')[0]!r}",
                )
        pin = impl.task_version
        if pin is not None:
            raw = run.task.version if run.task else None
            got = task_version(raw)
            wanted = f"{pin.comparability}" + (f"-{pin.interface}" if pin.interface else "")
            if raw is None:
                yield self.problem(
                    self.at("task"),
                    "implementation.task_version",
                    "the task version is not reported",
                )
            elif (
                got is None
                or got[0] != pin.comparability
                or (pin.interface and got[1] != pin.interface)
            ):
                yield self.problem(
                    self.at("task", "version"),
                    "implementation.task_version",
                    f"task version {raw!r} is not comparable with the pinned {wanted}",
                )
        ds, dpin = run.dataset, impl.dataset
        if dpin is not None:
            if ds is None:
                yield self.problem(
                    self.at(), "implementation.dataset", "the dataset is not reported"
                )
                return
            if ds.name.strip().lower() != dpin.name.strip().lower():
                yield self.problem(
                    self.at("dataset", "name"),
                    "implementation.dataset.name",
                    f"dataset {ds.name!r} is not the pinned {dpin.name!r}",
                )
            checks: list[tuple[str | None, str | None, str, str]] = [
                (dpin.revision, ds.revision, "revision", "revision"),
                (dpin.sha256, ds.sample_ids_sha256, "sample_ids_sha256", "sha256"),
            ]
            for want, got_value, field, what in checks:
                if want is None:
                    continue
                if got_value is None:
                    yield self.problem(
                        self.at("dataset"),
                        f"implementation.dataset.{what}",
                        f"the dataset {what} is not reported",
                    )
                elif got_value != want:
                    yield self.problem(
                        self.at("dataset", field),
                        f"implementation.dataset.{what}",
                        f"dataset {what} {got_value!r} is not the pinned {want!r}",
                    )
            if ds.samples is not None and ds.samples != dpin.items:
                yield self.problem(
                    self.at("dataset", "samples"),
                    "implementation.dataset.items",
                    f"the dataset has {ds.samples:,} items, the pin {dpin.items:,}",
                )

    def _sandbox(self) -> Iterator[Problem]:
        pin = self.proc.implementation.sandbox
        if pin is None:
            return
        env = self.s.sub.environment.sandbox if self.s.sub.environment else None
        egress: Any = None
        loc: Loc = ("environment",)
        if self.run.sandbox is not None:
            egress, loc = self.run.sandbox.internet_egress, self.at("sandbox")
        if egress is None and env is not None:
            egress, loc = env.internet_egress, ("environment", "sandbox", "internet_egress")
        if pin.required and self.run.sandbox is None and env is None:
            yield self.problem(
                ("environment",),
                "implementation.sandbox.required",
                "a sandbox is required and none is reported",
                hint="describe it in `environment.sandbox` (kind, internet_egress, spec_uri)",
            )
            return
        if egress is None:
            yield self.problem(
                loc,
                "implementation.sandbox.internet_egress",
                "the sandbox's internet egress is not reported",
            )
        elif EGRESS.index(egress) > EGRESS.index(pin.internet_egress):
            yield self.problem(
                loc,
                "implementation.sandbox.internet_egress",
                f"internet egress `{egress}` is more permissive than the pinned "
                f"`{pin.internet_egress}`",
            )

    def _elicitation(self) -> Iterator[Problem]:
        pin, run = self.proc.elicitation, self.run
        if pin is None:
            return
        declared = self.s.sub.elicitation
        logged = header(self.s, run)  # what the run was given, where its log was read
        if pin.scaffold and (declared is None or not declared.scaffold):
            yield self.problem(
                ("elicitation",), "elicitation.scaffold", "the scaffold is not disclosed"
            )
        if pin.tools:
            offered = logged.tools if logged is not None else None
            if offered is not None:  # the log's model calls say what the model was offered
                lacking = [t for t in pin.tools if not offers(offered, t)]
                if lacking:
                    given = shown(sorted(offered)) if offered else "none"
                    yield self.problem(
                        self.at("log"),
                        "elicitation.tools",
                        f"the pinned tools {', '.join(lacking)} were not offered to the model "
                        f"in the run's log (its model calls offered {given})",
                    )
            else:  # a log without samples, or none read: what the file says
                have = set(declared.tools) if declared else set()
                lacking = [t for t in pin.tools if t not in have]
                if lacking:
                    yield self.problem(
                        ("elicitation", "tools") if declared else ("elicitation",),
                        "elicitation.tools",
                        f"the pinned tools {', '.join(lacking)} are not among those given",
                    )
        if pin.min_token_limit is not None:
            limit: float | None = run.limits.token_limit if run.limits else None
            if logged is not None:
                limit = logged.limits.get("token_limit", math.inf)  # none set: no limit
            if limit is None:
                yield self.problem(
                    self.at("limits") if run.limits else self.at(),
                    "elicitation.min_token_limit",
                    f"the token limit is not reported; the floor is {pin.min_token_limit:,}",
                    hint="report `limits.token_limit` of the run",
                )
            elif limit < pin.min_token_limit:
                yield self.problem(
                    self.at("limits", "token_limit"),
                    "elicitation.min_token_limit",
                    f"token limit {limit:,} is below the floor {pin.min_token_limit:,}"
                    + (" (as the run's log records it)" if logged is not None else ""),
                )
        if pin.attempts_per_item is not None and run.epochs < pin.attempts_per_item:
            yield self.problem(
                self.at("epochs"),
                "elicitation.attempts_per_item",
                f"{run.epochs} attempt(s) per item, {pin.attempts_per_item} pinned",
            )

    def _sampling(self) -> Iterator[Problem]:
        pin, run = self.proc.sampling, self.run
        if pin is None:
            return
        table = self.s.table(run)
        seen = observe(table) if table is not None and len(table) else None
        counts = run.counts
        items = seen.items if seen else (counts.items if counts else None)
        epochs = seen.min_epochs if seen else run.epochs
        if pin.min_items is not None and (items is None or items < pin.min_items):
            shown = "not reported" if items is None else f"{items:,}"
            yield self.problem(
                self.at("counts") if counts else self.at(),
                "sampling.min_items",
                f"items run: {shown}; at least {pin.min_items:,} pinned",
            )
        if pin.min_epochs is not None and epochs < pin.min_epochs:
            yield self.problem(
                self.at("epochs"),
                "sampling.min_epochs",
                f"{epochs} epoch(s) per item, at least {pin.min_epochs} pinned",
            )
        if pin.max_error_rate is not None:
            total: int
            failed: int | None
            if seen is not None:
                total, failed = seen.samples, seen.errored
            elif counts is not None and counts.total_samples:
                total = counts.total_samples
                failed = (
                    total - counts.completed_samples
                    if counts.completed_samples is not None
                    else counts.errored_samples
                )
            else:
                total, failed = 0, None
            if failed is None or not total:
                yield self.problem(
                    self.at("counts") if counts else self.at(),
                    "sampling.max_error_rate",
                    "total and completed (or errored) samples are not reported",
                )
            elif failed / total > pin.max_error_rate:
                yield self.problem(
                    self.at("counts") if counts else self.at(),
                    "sampling.max_error_rate",
                    f"{failed:,} of {total:,} samples failed ({failed / total:.1%}); at most "
                    f"{pin.max_error_rate:.1%} pinned",
                )


def procedure_problems(s: Subject) -> list[Problem]:
    """Every broken pin of every run of a procedure of the standard."""
    out: list[Problem] = []
    for i, run in enumerate(s.sub.runs):
        proc = s.procedure(run.procedure)
        if proc is not None:
            out.extend(_Run(s, i, run, proc).check())
    return out


def scope_problems(s: Subject) -> list[Problem]:
    """The system under test against the standard's scope: its type, the access the
    evaluators had, the mitigation state tested."""
    scope, sut = s.std.scope, s.sub.system_under_test
    out: list[Problem] = []
    wanted: list[tuple[str, list[str]]] = [
        ("system_type", list(scope.system_types)),
        ("access_level", list(scope.access_levels)),
        ("mitigation_state", list(scope.mitigation_states)),
    ]
    for field, allowed in wanted:
        if not allowed:
            continue
        value = getattr(sut, field) if sut else None
        loc: Loc = ("system_under_test", field) if sut else ("system_under_test",)
        if value is None:
            out.append(
                Problem(
                    ("system_under_test",),
                    "scope-not-reported",
                    f"`system_under_test.{field}` is not reported, so whether {s.std.ref} "
                    f"(for {', '.join(allowed)}) applies cannot be decided",
                    hint=f"report `system_under_test.{field}` (for Inspect logs, give "
                    f"--{field.replace('_', '-')} to `aiss check` or `aiss import inspect`)",
                )
            )
        elif value not in allowed:
            out.append(
                Problem(
                    loc,
                    "out-of-scope",
                    f"{field} `{value}` is outside the scope of {s.std.ref} ({', '.join(allowed)})",
                    hint="check the system the standard is for",
                )
            )
    return out


def offers(offered: frozenset[str], tool: str) -> bool:
    """Whether the tools a log's model calls offered include the pinned `tool`: a tool of that
    name, or a family of tools named after it (`web_browser` is Inspect's `web_browser_go`,
    `web_browser_click`, ...; `bash`, its `bash_session` too)."""
    return tool in offered or any(name.startswith(tool + "_") for name in offered)


def same_settings_problems(s: Subject) -> list[Problem]:
    """Reference models declared `same_settings: true` whose runs' settings differ from the
    system under test's runs of the same procedure: a declaration the records contradict."""
    out: list[Problem] = []
    sut_runs = {r.procedure: r for _, r in reversed(s.runs())}
    for j, ref in enumerate(s.sub.reference_models):
        if not ref.same_settings:
            continue
        for run in s.sub.runs:
            if run.model != ref.model or run.procedure not in sut_runs:
                continue
            diffs = differences(run, sut_runs[run.procedure], logs=s.evidence.logs)
            if diffs:
                out.append(
                    Problem(
                        ("reference_models", j, "same_settings"),
                        "same-settings-contradicted",
                        f"{ref.model} is declared run under the same settings, but run {run.id} "
                        f"differs from the system under test's {sut_runs[run.procedure].id}: "
                        f"{describe(diffs)}",
                        hint="run the reference model with the same settings, or declare "
                        "`same_settings: false`",
                        procedure=run.procedure,
                        run=run.id,
                    )
                )
    return out

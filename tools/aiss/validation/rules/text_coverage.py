"""A MUST whose text names what none of its checks tests: a procedure (`TP-n`), a metric
(`M-...`) or the reference-model policy ("reference model") that the requirement's checks,
including those inside `all_of`, never look at.

What counts as testing:

* a procedure: a check naming it (`procedure: TP-n`), or a metric check on one of its
  metrics; a procedure without machine-readable runs (`framework: none`) can only be judged
  by a reviewer, so a `manual` or `attestation` check tests it;
* a metric: a `metric_threshold` or `metric_reported` check on it, or an `applies_if` that
  reads its band (`findings.<metric>`);
* the reference-model policy (when the standard has one): a `reference_models` check, the
  only way the policy is applied.

`TP-1 to TP-5` names every procedure of the range. A requirement whose check names a
procedure or metric the standard does not define is left to the error that says so. Only MUST
and MUST NOT requirements of a version still in use are read: a superseded, deprecated or withdrawn version is frozen, and
a warning there could not be acted on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aiss.diagnostics import Diagnostic, Severity
from aiss.models import Level, Status
from aiss.models.checks import AllOf, Check, MetricReported, MetricThreshold, ReferenceModels
from aiss.models.standard import Requirement, Standard
from aiss.validation.rules.base import StandardRule

_PROCEDURE = re.compile(r"\bTP-(\d{1,3})\b(?:\s*(?:to|through|-|–)\s*TP-(\d{1,3})\b)?")
_METRIC = re.compile(r"\bM-[A-Z0-9][A-Z0-9-]*[A-Z0-9]\b|\bM-[A-Z0-9]\b")
_POLICY = re.compile(r"\breference[ -]models?\b", re.IGNORECASE)
_HUMAN = frozenset({"manual", "attestation"})
"""Check types decided by a reviewer of the issuing body."""


def flatten(chk: Check) -> list[Check]:
    """A check and, for `all_of`, every check inside it."""
    if isinstance(chk, AllOf):
        return [c for part in chk.checks for c in flatten(part)]
    return [chk]


@dataclass(frozen=True)
class Ids:
    """What a standard defines, as the rule reads it for each of its requirements (made once
    a standard: a registry has a thousand, with dozens of requirements each)."""

    procedures: frozenset[str]
    metrics: frozenset[str]
    metric_procedure: dict[str, str]
    manual_only: frozenset[str]
    """Procedures without machine-readable runs (`framework: none`)."""

    @classmethod
    def of(cls, std: Standard) -> Ids:
        return cls(
            frozenset(p.id for p in std.test_procedures),
            frozenset(m.id for m in std.metrics),
            {m.id: m.procedure for m in std.metrics},
            frozenset(p.id for p in std.test_procedures if p.implementation.framework == "none"),
        )


def named(std: Standard, text: str, ids: Ids | None = None) -> tuple[list[str], list[str], bool]:
    """(procedures, metrics, whether the reference-model policy) the text names, in order;
    only ids the standard defines count."""
    ids = ids or Ids.of(std)
    procedures, metrics = ids.procedures, ids.metrics
    found_p: list[str] = []
    for m in _PROCEDURE.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        for n in range(first, max(first, last) + 1):
            pid = f"TP-{n}"
            if pid in procedures and pid not in found_p:
                found_p.append(pid)
    found_m = [m for m in dict.fromkeys(_METRIC.findall(text)) if m in metrics]
    policy = std.reference_models_policy is not None and bool(_POLICY.search(text))
    return found_p, found_m, policy


def checked_by(
    std: Standard, req: Requirement, ids: Ids | None = None
) -> tuple[set[str], set[str], bool]:
    """(procedures, metrics, whether the policy) the requirement's checks test."""
    ids = ids or Ids.of(std)
    metric_procedure, manual_only = ids.metric_procedure, ids.manual_only
    procedures: set[str] = set()
    metrics: set[str] = set()
    policy = False
    for chk in flatten(req.check):
        if isinstance(chk, MetricThreshold | MetricReported):
            metrics.add(chk.metric)
            if chk.metric in metric_procedure:
                procedures.add(metric_procedure[chk.metric])
        pid = getattr(chk, "procedure", None)
        if isinstance(pid, str):
            procedures.add(pid)
        if isinstance(chk, ReferenceModels):
            policy = True
        if chk.type in _HUMAN:
            procedures |= manual_only
    cond = req.applies_if
    if cond is not None and cond.path.startswith("findings."):
        key = cond.path.removeprefix("findings.")
        metrics |= {m.id for m in std.metrics if m.id.lower().replace("-", "_") == key}
    return procedures, metrics, policy


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class RequirementTextUnchecked(StandardRule):
    """A MUST or MUST NOT names a procedure, a metric or the reference-model policy that none
    of its checks tests (a warning: the text promises more than the checker verifies)."""

    codes = ("requirement-text-unchecked",)

    def check(self) -> Iterator[Diagnostic]:
        std = self.std
        if std.superseded_by is not None or std.status in (Status.DEPRECATED, Status.WITHDRAWN):
            return
        ids = Ids.of(std)
        for i, req in enumerate(std.requirements):
            if req.retired_in is not None or req.level not in (Level.MUST, Level.MUST_NOT):
                continue
            procedures, metrics, policy = named(std, req.text, ids)
            got_p, got_m, got_policy = checked_by(std, req, ids)
            if not (got_p <= ids.procedures and got_m <= ids.metrics):
                continue  # a check naming what the standard lacks is already an error
            missing = [p for p in procedures if p not in got_p]
            missing += [m for m in metrics if m not in got_m]
            if policy and not got_policy:
                missing.append("the reference-model policy")
            if not missing:
                continue
            yield self.diag(
                ("requirements", i, "text"),
                "requirement-text-unchecked",
                f"{req.id} ({req.level.value}) names {_listed(missing)} in its text, but none "
                f"of its checks ({req.check.type}) tests "
                + ("it" if len(missing) == 1 else "them"),
                hint="add a check that does (a check with `procedure:` or `metric:`, "
                "`reference_models` for the policy), with the existing one in an `all_of`; "
                "or say in the text only what the checks verify",
                severity=Severity.WARNING,
            )

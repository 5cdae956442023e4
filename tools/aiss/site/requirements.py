"""The requirements section of a version page: one anchored heading per requirement (`#R-07`)."""

from __future__ import annotations

from aiss import escape as esc
from aiss.models import checks as ck
from aiss.models.checks import Check
from aiss.models.standard import Condition, Requirement, Standard
from aiss.site.blocks import BCP14, badge, div, heading, join, p
from aiss.site.labels import html_label, html_labels
from aiss.site.sections import anchor, num

_OPERATORS = {"le": "≤", "lt": "&lt;", "ge": "≥", "gt": "&gt;"}


def describe_check(check: Check) -> str:
    """One line saying what the machine check verifies (safe HTML)."""
    if isinstance(check, ck.MinSamples):
        limits = [
            f"at least {num(check.min_items)} items" if check.min_items else None,
            f"at least {num(check.min_epochs)} epochs" if check.min_epochs else None,
            f"error rate at most {num(check.max_error_rate)}"
            if check.max_error_rate is not None
            else None,
        ]
        shown = ", ".join(x for x in limits if x) or "the minimum sample sizes"
        return f"runs of {anchor(check.procedure)} with {shown}"
    if isinstance(check, ck.MetricThreshold):
        note = " (illustrative threshold)" if check.illustrative else ""
        return (
            f"{anchor(check.metric)} {_OPERATORS[check.operator]} "
            f"{num(check.value)} on its conservative confidence bound{note}"
        )
    if isinstance(check, ck.MetricReported):
        return f"{anchor(check.metric)} reported with its interval, method, level, items and epochs"
    if isinstance(check, ck.FieldsPresent):
        return "fields present: " + ", ".join(esc.html_code(x) for x in check.paths)
    if isinstance(check, ck.LogValid):
        scope = f" of {anchor(check.procedure)}" if check.procedure else ""
        return f"machine-readable logs{scope} present, hashed and successful"
    if isinstance(check, ck.TaskVersionMatch):
        return f"runs of {anchor(check.procedure)} used the pinned task version"
    if isinstance(check, ck.DatasetPinned):
        return f"runs of {anchor(check.procedure)} used the pinned dataset"
    if isinstance(check, ck.Attestation):
        said = f": {esc.html_text(check.statement)}" if check.statement else ""
        return f"attestation by the submitter, adjudicated by a reviewer{said}"
    if isinstance(check, ck.EvidencePresent):
        kinds = ", ".join(esc.html_code(k) for k in check.kinds) or "any kind"
        return f"evidence attached ({kinds})"
    if isinstance(check, ck.ReferenceModels):
        scope = f" on {anchor(check.procedure)}" if check.procedure else ""
        return f"at least {num(check.min_count)} reference models run with the same settings{scope}"
    if isinstance(check, ck.MarkingCheck):
        floor = (
            f"; artifacts marked at least {badge('tlp', check.min_artifact_marking)}"
            if check.min_artifact_marking
            else ""
        )
        return f"valid TLP 2.0 markings on the document and every artifact{floor}"
    return "none: a reviewer judges the requirement"


def describe_condition(cond: Condition) -> str:
    path = esc.html_code(cond.path)
    if cond.one_of is not None:
        return f"{path} is one of " + ", ".join(esc.html_code(v) for v in cond.one_of)
    if cond.present is not None:
        return f"{path} is {'present' if cond.present else 'absent'}"
    value = cond.equals
    shown = str(value).lower() if isinstance(value, bool) or value is None else str(value)
    return f"{path} equals {esc.html_code(shown)}"


def _citations(std: Standard, req: Requirement) -> str | None:
    if not req.references:
        return None
    known = {r.id for r in std.references}
    cites = []
    for c in req.references:
        label = esc.html_text(c.ref)
        target = esc.href("#" + esc.anchor("ref-" + c.ref))
        linked = f'<a href="{target}">{label}</a>' if c.ref in known else label
        cites.append(linked + (f", {esc.html_text(c.locator)}" if c.locator else ""))
    return p("References: " + "; ".join(cites) + ".")


def render_requirement(std: Standard, req: Requirement) -> str:
    title = f"{req.id} {badge('level', req.level.value)} {esc.text(req.title)}"
    facts = [f"Category: {html_label(req.category)}", f"Check: {describe_check(req.check)}"]
    if req.applies_if:
        facts.append(f"Applies if {describe_condition(req.applies_if)}")
    if req.retired_in:
        retired = f"<strong>Retired in {esc.html_text(req.retired_in)}</strong>"
        facts.insert(0, f"{retired}; the id is never reused")
    evidence = (
        p("Evidence: " + html_labels(req.evidence, show_token=True) + ".") if req.evidence else None
    )
    rationale = (
        p(f"<em>Rationale.</em> {esc.html_inline(req.rationale)}") if req.rationale else None
    )
    body = div(
        p(" · ".join(facts), cls="aiss-req-facts"),
        esc.html_prose(req.text),
        evidence,
        rationale,
        _citations(std, req),
        cls="aiss-requirement",
    )
    return join(heading(3, title, req.id), body)


def render_requirements(std: Standard) -> str:
    """The `## Requirements` section with the BCP 14 boilerplate."""
    return join(
        heading(2, "Requirements", "requirements"),
        BCP14,
        *(render_requirement(std, r) for r in std.requirements),
    )

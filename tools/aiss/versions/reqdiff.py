"""Changes to one requirement: level, wording, check, applicability, retirement."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiss.models import Level, Requirement
from aiss.models.checks import AllOf, MetricThreshold
from aiss.versions.change import Change
from aiss.versions.compare import (
    Ctx,
    Ignore,
    Limit,
    Members,
    Policy,
    Ranked,
    Same,
    compare_fields,
    show,
)

_REPLACED, _TIGHT, _LOOSE = (
    "requirement-check-replaced",
    "requirement-check-tightened",
    "requirement-check-loosened",
)


@dataclass(frozen=True)
class OneProcedure(Policy):
    """`procedure` of a check, where absent means every procedure.

    Restricting a reference-model count to one procedure asks for more (`narrow_is_stricter`);
    restricting log validity to one procedure checks less.
    """

    narrow_is_stricter: bool

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        if old == new:
            return []
        if old is not None and new is not None:
            return [ctx.change(_REPLACED, f"{ctx.where} changed: {old} -> {new}", old, new)]
        narrowed = new is not None
        rule = _TIGHT if narrowed == self.narrow_is_stricter else _LOOSE
        what = f"limited to {new}" if narrowed else f"extended from {old} to every procedure"
        return [ctx.change(rule, f"{ctx.where} {what}", old, new)]


_SAMPLES = ("sampling-minimum-raised", "sampling-minimum-lowered")

CHECKS: dict[str, dict[str, Policy]] = {
    "min_samples": {
        "type": Ignore(),
        "procedure": Same(_REPLACED),
        "min_items": Limit(*_SAMPLES),
        "min_epochs": Limit(*_SAMPLES),
        "max_error_rate": Limit(*_SAMPLES, higher_is_stricter=False),
    },
    "metric_reported": {"type": Ignore(), "metric": Same(_REPLACED)},
    "fields_present": {"type": Ignore(), "paths": Members(_TIGHT, _LOOSE)},
    "log_valid": {"type": Ignore(), "procedure": OneProcedure(narrow_is_stricter=False)},
    "task_version_match": {"type": Ignore(), "procedure": Same(_REPLACED)},
    "dataset_pinned": {"type": Ignore(), "procedure": Same(_REPLACED)},
    "attestation": {"type": Ignore(), "statement": Same(_REPLACED)},
    "evidence_present": {"type": Ignore(), "kinds": Members(_TIGHT, _LOOSE)},
    "reference_models": {
        "type": Ignore(),
        "min_count": Limit(_TIGHT, _LOOSE),
        "procedure": OneProcedure(narrow_is_stricter=True),
    },
    "marking": {
        "type": Ignore(),
        "min_artifact_marking": Ranked(
            ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT"), _TIGHT, _LOOSE
        ),
    },
    "manual": {"type": Ignore()},
    "same_settings": {
        "type": Ignore(),
        "procedure": Same(_REPLACED),
        "fields": Members(_TIGHT, _LOOSE),
    },
    "field_value": {
        "type": Ignore(),
        "path": Same(_REPLACED),
        "procedure": OneProcedure(narrow_is_stricter=False),
        "equals": Same(_REPLACED),
        "one_of": Members(_TIGHT, _LOOSE, grow_is_stricter=False),
        "ge": Limit(_TIGHT, _LOOSE),
        "gt": Limit(_TIGHT, _LOOSE),
        "le": Limit(_TIGHT, _LOOSE, higher_is_stricter=False),
        "lt": Limit(_TIGHT, _LOOSE, higher_is_stricter=False),
    },
    "all_of": {"type": Ignore(), "checks": Ignore()},
}
"""Field policies per check type; `metric_threshold` is handled by `_threshold`, the parts of
`all_of` by `_all_of`."""

_GUIDE = Same("requirement-guidance-changed")
_TEXT = Same("requirement-text-changed")


def _polarity(level: Level) -> int:
    return {Level.MUST: 1, Level.SHOULD: 1, Level.MUST_NOT: -1, Level.SHOULD_NOT: -1}.get(level, 0)


def _strength(level: Level) -> int:
    return 2 if level.mandatory else (0 if level is Level.MAY else 1)


def _level(ctx: Ctx, old: Level, new: Level) -> list[Change]:
    if old is new:
        return []
    a, b = _polarity(old), _polarity(new)
    if a and b and a != b:
        rule, verb = "requirement-polarity-reversed", "reversed"
    elif _strength(new) > _strength(old):
        rule = "requirement-level-raised" if new.mandatory else "requirement-level-raised-optional"
        verb = "raised"
    else:
        rule, verb = "requirement-level-lowered", "lowered"
    return [
        ctx.change(rule, f"{ctx.target} level {verb}: {old.keyword} -> {new.keyword}", old, new)
    ]


def _passes(op: str, value: float) -> tuple[int, float, bool]:
    """The passing set of `op value` as (side, bound, bound included): side 1 = values below."""
    return (1 if op in ("le", "lt") else -1, value, op in ("le", "ge"))


def _subset(a: tuple[int, float, bool], b: tuple[int, float, bool]) -> bool:
    """Whether passing set `a` lies inside `b` (same side)."""
    side, va, inc_a = a
    _, vb, inc_b = b
    if va != vb:
        return va < vb if side == 1 else va > vb
    return inc_b or not inc_a


def _threshold(ctx: Ctx, old: MetricThreshold, new: MetricThreshold) -> list[Change]:
    out: list[Change] = []
    if old.metric != new.metric:
        c = ctx.at("metric")
        out.append(
            c.change(
                _REPLACED,
                f"{ctx.target} threshold metric changed: {old.metric} -> {new.metric}",
                old.metric,
                new.metric,
            )
        )
    a, b = _passes(old.operator, old.value), _passes(new.operator, new.value)
    shown = f"{new.metric} {old.operator} {show(old.value)} -> {new.operator} {show(new.value)}"
    if a[0] != b[0]:
        c = ctx.at("operator")
        out.append(
            c.change(
                _REPLACED, f"{ctx.target} threshold reversed: {shown}", old.operator, new.operator
            )
        )
    elif a != b:
        c = ctx.at("value" if old.value != new.value else "operator")
        before, after = f"{old.operator} {show(old.value)}", f"{new.operator} {show(new.value)}"
        if _subset(b, a):
            out.append(
                c.change(
                    "threshold-tightened",
                    f"{ctx.target} threshold tightened: {shown}",
                    before,
                    after,
                )
            )
        else:
            out.append(
                c.change(
                    "threshold-loosened", f"{ctx.target} threshold loosened: {shown}", before, after
                )
            )
    out += Same("editorial").compare(ctx.at("illustrative"), old.illustrative, new.illustrative)
    return out


def _part(ctx: Ctx, i: int) -> Ctx:
    """The context of part `i` of an `all_of` check."""
    c = ctx.at("checks")
    return replace(c, old_loc=(*c.old_loc, i), new_loc=(*c.new_loc, i), path=(*c.path, str(i)))


def _all_of(ctx: Ctx, old: AllOf, new: AllOf) -> list[Change]:
    """Parts compared in order while their types agree; a part added asks more, a part
    removed less."""
    out: list[Change] = []
    for i, (a, b) in enumerate(zip(old.checks, new.checks, strict=False)):
        out += _check(_part(ctx, i), a, b)
    for i, part in enumerate(new.checks[len(old.checks) :], start=len(old.checks)):
        c = _part(ctx, i)
        out.append(c.change(_TIGHT, f"{ctx.target} check adds {part.type}", None, part))
    for part in old.checks[len(new.checks) :]:
        out.append(ctx.change(_LOOSE, f"{ctx.target} check drops {part.type}", part, None))
    return out


def _check(ctx: Ctx, old: Any, new: Any) -> list[Change]:
    if isinstance(old, AllOf) != isinstance(new, AllOf):
        # one check becoming several (or the reverse): tightened when the old check is kept
        # as a part, loosened when the new one was a part; replaced otherwise
        if isinstance(new, AllOf) and old in new.checks:
            kept = [p.type for p in new.checks if p != old]
            return [ctx.change(_TIGHT, f"{ctx.target} check adds {', '.join(kept)}", old, new)]
        if isinstance(old, AllOf) and new in old.checks:
            gone = [p.type for p in old.checks if p != new]
            return [ctx.change(_LOOSE, f"{ctx.target} check drops {', '.join(gone)}", old, new)]
    if isinstance(old, AllOf) and isinstance(new, AllOf):
        return _all_of(ctx, old, new)
    if old.type != new.type:
        return [
            ctx.change(
                _REPLACED, f"{ctx.target} check replaced: {old.type} -> {new.type}", old, new
            )
        ]
    if isinstance(old, MetricThreshold) and isinstance(new, MetricThreshold):
        return _threshold(ctx, old, new)
    return compare_fields(CHECKS[new.type], ctx, old, new)


def _applies(ctx: Ctx, old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    if old is None:
        return [
            ctx.change(
                "requirement-applicability-narrowed",
                f"{ctx.target} now applies only if {show(new)}",
                None,
                new,
            )
        ]
    msg = f"{ctx.target} applies_if " + ("removed" if new is None else f"changed to {show(new)}")
    return [ctx.change("requirement-applicability-widened", msg, old, new)]


def diff_requirement(ctx: Ctx, old: Requirement, new: Requirement) -> list[Change]:
    """Changes between two versions of the requirement with the same id."""
    if old.retired_in is not None and new.retired_in is not None:
        if old == new:
            return []
        return [ctx.change("editorial", f"{new.id} (retired) changed", old, new)]
    if new.retired_in is not None:
        c = ctx.at("retired_in")
        return [
            c.change(
                "requirement-retired",
                f"{new.id} retired in {new.retired_in} (was {old.level.keyword}: {old.title})",
                old,
                new,
            )
        ]
    if old.retired_in is not None:
        return [
            ctx.change(
                "requirement-id-reused",
                f"{new.id} was retired in {old.retired_in} and is active again",
                old,
                new,
            )
        ]
    optional = not (old.level.mandatory or new.level.mandatory)
    ctx = Ctx(ctx.target, ctx.old_loc, ctx.new_loc, optional=optional)
    out = _level(ctx.at("level"), old.level, new.level)
    out += Same("requirement-repurposed").compare(ctx.at("category"), old.category, new.category)
    out += _TEXT.compare(ctx.at("title"), old.title, new.title)
    out += _TEXT.compare(ctx.at("text"), old.text, new.text)
    out += _check(ctx.at("check"), old.check, new.check)
    out += _applies(ctx.at("applies_if"), old.applies_if, new.applies_if)
    for name in ("evidence", "rationale", "references"):
        out += _GUIDE.compare(ctx.at(name), getattr(old, name), getattr(new, name))
    return out


REQUIREMENT_FIELDS = (
    *("id", "level", "category", "title", "text", "check", "applies_if"),
    *("evidence", "rationale", "references", "retired_in"),
)
"""Every field `diff_requirement` looks at (a test checks it matches the model)."""

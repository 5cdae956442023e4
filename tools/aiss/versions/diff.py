"""Semantic diff of two versions of a standard: changes keyed by stable ids, each with its bump.

    report = diff_standards(old, new)        # Standard x Standard -> DiffReport (pure)
    report.required, report.declared, report.ok, report.reasons()

Items are matched by id (requirements, procedures, metrics, threat profiles, references), by
metric (outcome bands), by term (definitions) or by version (changelog), never by position, so
reordering a list is not a change. The bump of each change comes from the rule table in
`rules.py`; the field policies are in `specs.py` and `reqdiff.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiss.models import Standard
from aiss.versions.change import Change, DiffReport
from aiss.versions.compare import Ctx, Same, compare_fields, keyed, show
from aiss.versions.reqdiff import diff_requirement
from aiss.versions.specs import KEYED_TOP, METRIC, PROCEDURE, THREAT_PROFILE, TOP

Key = Callable[[Any], str]


def _section(
    name: str,
    old: Standard,
    new: Standard,
    key: Key,
    *,
    added: Callable[[Ctx, Any], list[Change]],
    removed: Callable[[Ctx, Any], list[Change]],
    both: Callable[[Ctx, Any, Any], list[Change]],
    target: Key | None = None,
) -> list[Change]:
    """Changes in one id-keyed list, in the order of the new file (removals at their old place)."""
    target = target or key
    gone, new_items, common = keyed(getattr(old, name), getattr(new, name), key)
    found: list[tuple[tuple[int, int], list[Change]]] = []
    for i, x in gone:
        found.append(((i, 0), removed(Ctx(target(x), (name, i), (name,)), x)))
    for j, y in new_items:
        found.append(((j, 1), added(Ctx(target(y), (name,), (name, j)), y)))
    for i, x, j, y in common:
        found.append(((j, 1), both(Ctx(target(y), (name, i), (name, j)), x, y)))
    return [c for _, changes in sorted(found, key=lambda f: f[0]) for c in changes]


def _one(
    rule: str | Callable[[Any], str], verb: str, label: Key | None = None
) -> Callable[[Ctx, Any], list[Change]]:
    """An `added` or `removed` handler: one change of `rule` (or `rule(item)`), `<id> <verb>`."""

    def handler(ctx: Ctx, item: Any) -> list[Change]:
        rule_id = rule if isinstance(rule, str) else rule(item)
        msg = f"{ctx.target} {verb}" + (f": {label(item)}" if label else "")
        if verb.startswith("removed"):
            return [ctx.change(rule_id, msg, item, None, new=False)]
        return [ctx.change(rule_id, msg, None, item, old=False)]

    return handler


def _whole(rule: str, what: str) -> Callable[[Ctx, Any, Any], list[Change]]:
    def handler(ctx: Ctx, x: Any, y: Any) -> list[Change]:
        return [ctx.change(rule, f"{what} {ctx.target} changed", x, y)] if x != y else []

    return handler


def _fields(spec: Any) -> Callable[[Ctx, Any, Any], list[Change]]:
    def handler(ctx: Ctx, x: Any, y: Any) -> list[Change]:
        return compare_fields(spec, ctx, x, y)

    return handler


def _requirement_added(ctx: Ctx, r: Any) -> list[Change]:
    if r.retired_in is not None:
        return _one("editorial", "added as a tombstone")(ctx, r)
    rule = "requirement-added-mandatory" if r.level.mandatory else "requirement-added-optional"
    return _one(rule, f"added ({r.level.keyword})", lambda x: x.title)(ctx, r)


def _bands_shown(ob: Any) -> str:
    def one(b: Any) -> str:
        if b.min is None:
            return f"{b.label} <{show(b.max)}"
        if b.max is None:
            return f"{b.label} >={show(b.min)}"
        return f"{b.label} {show(b.min)}..{show(b.max)}"

    return ", ".join(one(b) for b in ob.bands)


def _bands(rule: str) -> Callable[[Ctx, Any, Any], list[Change]]:
    def handler(ctx: Ctx, x: Any, y: Any) -> list[Change]:
        out: list[Change] = []
        for name in ("decision_bound", "on_inconclusive"):
            out += Same(rule).compare(ctx.at(name), getattr(x, name), getattr(y, name))
        a = [(b.label, b.min, b.max) for b in x.bands]
        b = [(b.label, b.min, b.max) for b in y.bands]
        if a != b:
            msg = f"{ctx.target} bands changed: {_bands_shown(x)} -> {_bands_shown(y)}"
            out.append(ctx.at("bands").change(rule, msg, x.bands, y.bands))
        elif [b.description for b in x.bands] != [b.description for b in y.bands]:
            out.append(
                ctx.at("bands").change(
                    "editorial", f"{ctx.target} band descriptions changed", x.bands, y.bands
                )
            )
        out += Same("editorial").compare(ctx.at("illustrative"), x.illustrative, y.illustrative)
        return out

    return handler


def _keyed_sections(old: Standard, new: Standard) -> dict[str, list[Change]]:
    escalation = any(r.category == "escalation" for r in new.active_requirements())
    band_rule = "outcome-band-changed-escalation" if escalation else "outcome-band-changed"
    ed = "editorial"
    by_id: Key = lambda x: x.id  # noqa: E731 - a key function, named for reuse
    return {
        "threat_profiles": _section(
            "threat_profiles",
            old,
            new,
            by_id,
            added=_one("classification-changed", "added", lambda x: x.capability_of_concern),
            removed=_one("classification-changed", "removed"),
            both=_fields(THREAT_PROFILE),
        ),
        "definitions": _section(
            "definitions",
            old,
            new,
            lambda x: x.term,
            added=_one(ed, "added"),
            removed=_one(ed, "removed"),
            both=_whole(ed, "definition"),
            target=lambda x: f"definition {x.term!r}",
        ),
        "test_procedures": _section(
            "test_procedures",
            old,
            new,
            by_id,
            added=_one(
                lambda p: "procedure-added-optional" if p.optional else "procedure-added",
                "added",
                lambda x: x.title,
            ),
            removed=_one("procedure-removed", "removed", lambda x: x.title),
            both=_fields(PROCEDURE),
        ),
        "metrics": _section(
            "metrics",
            old,
            new,
            by_id,
            added=_one("metric-added", "added", lambda x: x.name),
            removed=_one("metric-removed", "removed", lambda x: x.name),
            both=_fields(METRIC),
        ),
        "outcome_bands": _section(
            "outcome_bands",
            old,
            new,
            lambda x: x.metric,
            added=_one(band_rule, "added", _bands_shown),
            removed=_one(band_rule, "removed"),
            both=_bands(band_rule),
            target=lambda x: f"outcome bands of {x.metric}",
        ),
        "requirements": _section(
            "requirements",
            old,
            new,
            by_id,
            added=_requirement_added,
            removed=_one(
                "requirement-removed", "removed", lambda x: f"{x.level.keyword}: {x.title}"
            ),
            both=diff_requirement,
        ),
        "references": _section(
            "references",
            old,
            new,
            by_id,
            added=_one(ed, "added"),
            removed=_one(ed, "removed"),
            both=_whole(ed, "reference"),
            target=lambda x: f"reference {x.id}",
        ),
        "crosswalks": _section(
            "crosswalks",
            old,
            new,
            lambda x: f"{x.framework} {x.framework_version} {x.requirement}",
            added=_one(ed, "added"),
            removed=_one(ed, "removed"),
            both=_whole(ed, "crosswalk"),
            target=lambda x: f"crosswalk {x.requirement} -> {x.framework} {x.framework_version}",
        ),
        "changelog": [
            c
            for c in _section(
                "changelog",
                old,
                new,
                lambda x: x.version,
                added=_one(ed, "added"),
                removed=_one(ed, "removed"),
                both=_whole(ed, "changelog entry"),
                target=lambda x: f"changelog {x.version}",
            )
            if c.target_id != f"changelog {new.version}"
        ],
    }


def diff_standards(old: Standard, new: Standard) -> DiffReport:
    """Every semantic change from `old` to `new` (two versions of one standard), in file order.
    Pure: a caller that needs a pair's diff twice keeps the report (`aiss validate` hands its
    reports to the site)."""
    if old.id != new.id:
        raise ValueError(f"cannot diff different standards: {old.id} and {new.id}")
    keyed_changes = _keyed_sections(old, new)
    changes: list[Change] = []
    for name in Standard.model_fields:
        if name in KEYED_TOP:
            changes += keyed_changes[name]
        else:
            ctx = Ctx(name, (name,), (name,))
            changes += TOP[name].compare(ctx, getattr(old, name), getattr(new, name))
    return DiffReport(new.id, old.version, new.version, tuple(changes))

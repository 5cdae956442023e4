"""Field policies: how a change to one field of a model is classified (the table's building blocks).

Each policy compares an old and a new value and returns `Change`s. A spec maps every field of a
model to a policy; `compare_fields` walks the spec, and a test checks that every model field has
one, so a field added to the models later cannot slip through the diff unclassified.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from aiss.versions.change import Change, Loc
from aiss.versions.rules import RULES


@dataclass(frozen=True)
class Ctx:
    """Where a comparison is: the target id, the field path and both locations."""

    target: str
    old_loc: Loc
    new_loc: Loc
    path: tuple[str, ...] = ()
    optional: bool = False
    """True inside a requirement that is not MUST / MUST NOT in either version."""

    def at(self, name: str) -> Ctx:
        return replace(
            self,
            old_loc=(*self.old_loc, name),
            new_loc=(*self.new_loc, name),
            path=(*self.path, name),
        )

    @property
    def where(self) -> str:
        return f"{self.target} {'.'.join(self.path)}".strip()

    def change(
        self,
        rule_id: str,
        message: str,
        before: Any = None,
        after: Any = None,
        *,
        old: bool = True,
        new: bool = True,
    ) -> Change:
        rule = RULES[rule_id]
        bump = rule.bump
        if self.optional and rule.optional_bump is not None:
            bump = rule.optional_bump
        return Change(
            rule_id,
            self.target,
            bump,
            message,
            self.old_loc if old else None,
            self.new_loc if new else None,
            jsonable(before),
            jsonable(after),
        )


def jsonable(value: Any) -> Any:
    """Model values as plain JSON data (enums by value, dates as ISO text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def show(value: Any) -> str:
    """A short human form of a value for messages."""
    value = jsonable(value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _short(value: Any) -> bool:
    text = show(value)
    return len(text) <= 60 and "\n" not in text


class Policy:
    """How changes to one field are classified."""

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        raise NotImplementedError


class Ignore(Policy):
    """Bookkeeping that is expected to differ between versions (version, status, ...)."""

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        return []


@dataclass(frozen=True)
class Same(Policy):
    """Any change is `rule`."""

    rule: str

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        if old == new:
            return []
        if old is None:
            return [ctx.change(self.rule, f"{ctx.where} set to {show(new)}", None, new, old=False)]
        if new is None:
            return [ctx.change(self.rule, f"{ctx.where} removed", old, None, new=False)]
        if _short(old) and _short(new):
            msg = f"{ctx.where} changed: {show(old)} -> {show(new)}"
        else:
            msg = f"{ctx.where} changed"
        return [ctx.change(self.rule, msg, old, new)]


@dataclass(frozen=True)
class Limit(Policy):
    """A number where one direction is stricter: a minimum (`higher_is_stricter`) or a maximum.

    Setting a limit where there was none is stricter; removing it is looser.
    """

    tight: str
    loose: str
    higher_is_stricter: bool = True

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        if old == new:
            return []
        if old is None:
            return [ctx.change(self.tight, f"{ctx.where} set to {show(new)}", None, new)]
        if new is None:
            return [ctx.change(self.loose, f"{ctx.where} removed (was {show(old)})", old, None)]
        up = new > old
        stricter = up == self.higher_is_stricter
        verb = "raised" if up else "lowered"
        return [
            ctx.change(
                self.tight if stricter else self.loose,
                f"{ctx.where} {verb} from {show(old)} to {show(new)}",
                old,
                new,
            )
        ]


@dataclass(frozen=True)
class Flag(Policy):
    """A boolean where `strict_value` is the stricter setting."""

    tight: str
    loose: str
    strict_value: bool = True

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        if old == new:
            return []
        rule = self.tight if new == self.strict_value else self.loose
        return [ctx.change(rule, f"{ctx.where} changed: {show(old)} -> {show(new)}", old, new)]


@dataclass(frozen=True)
class Members(Policy):
    """A list read as a set: adding members is stricter (`grow_is_stricter`) or looser."""

    tight: str
    loose: str
    grow_is_stricter: bool = True

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        a, b = [jsonable(x) for x in old or []], [jsonable(x) for x in new or []]
        added = [x for x in b if x not in a]
        removed = [x for x in a if x not in b]
        if not added and not removed:
            return []
        stricter = bool(added) if self.grow_is_stricter else bool(removed)
        parts = []
        if added:
            parts.append("added " + ", ".join(show(x) for x in added))
        if removed:
            parts.append("removed " + ", ".join(show(x) for x in removed))
        rule = self.tight if stricter else self.loose
        return [ctx.change(rule, f"{ctx.where}: {'; '.join(parts)}", old, new)]


@dataclass(frozen=True)
class Ranked(Policy):
    """A value from an ordered scale, least strict first; absent is below the scale."""

    order: tuple[str, ...]
    tight: str
    loose: str

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        a, b = jsonable(old), jsonable(new)
        if a == b:
            return []
        stricter = (self.order.index(b) if b is not None else -1) > (
            self.order.index(a) if a is not None else -1
        )
        rule = self.tight if stricter else self.loose
        return [ctx.change(rule, f"{ctx.where} changed: {show(a)} -> {show(b)}", old, new)]


@dataclass(frozen=True)
class Nested(Policy):
    """A sub-model compared field by field; `added` / `removed` when it appears or goes."""

    spec: Mapping[str, Policy]
    added: str
    removed: str

    def compare(self, ctx: Ctx, old: Any, new: Any) -> list[Change]:
        if old is None and new is None:
            return []
        if old is None:
            return [ctx.change(self.added, f"{ctx.where} added: {show(new)}", None, new, old=False)]
        if new is None:
            return [ctx.change(self.removed, f"{ctx.where} removed", old, None, new=False)]
        return compare_fields(self.spec, ctx, old, new)


def compare_fields(
    spec: Mapping[str, Policy], ctx: Ctx, old: BaseModel, new: BaseModel
) -> list[Change]:
    """Compare two models field by field with `spec`, in the model's field order."""
    out: list[Change] = []
    for name in type(new).model_fields:
        out.extend(spec[name].compare(ctx.at(name), getattr(old, name), getattr(new, name)))
    return out


def keyed(
    old: Iterable[Any],
    new: Iterable[Any],
    key: Callable[[Any], str],
) -> tuple[list[tuple[int, Any]], list[tuple[int, Any]], list[tuple[int, Any, int, Any]]]:
    """Match two lists by key: (removed, added, both) with their indexes, in document order."""
    old_list, new_list = list(old), list(new)
    old_by = {key(x): (i, x) for i, x in enumerate(old_list)}
    new_keys = {key(x) for x in new_list}
    removed = [(i, x) for i, x in enumerate(old_list) if key(x) not in new_keys]
    added: list[tuple[int, Any]] = []
    both: list[tuple[int, Any, int, Any]] = []
    for j, y in enumerate(new_list):
        if key(y) in old_by:
            i, x = old_by[key(y)]
            both.append((i, x, j, y))
        else:
            added.append((j, y))
    return removed, added, both

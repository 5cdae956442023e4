"""The JSON form of `aiss diff --format json`; `schemas/diff-report.schema.json` is made from it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, JsonValue


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Out):
    """Where a changed value is in one of the two files."""

    path: str
    """The file, as given or found."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    json_path: str
    """Path of the value in the document, `$.requirements[3].check.value`."""


class ChangeOut(_Out):
    """One semantic change."""

    rule: str
    """Rule id from the versioning rule table (documented on the site's versioning page)."""
    kind: str
    """Coarse kind: `requirement-added`, `threshold-tightened`, `editorial`, ..."""
    bump: Literal["MAJOR", "MINOR", "PATCH"]
    """The bump this change requires."""
    target: str
    """What changed: a requirement, procedure or metric id, or a field name."""
    message: str
    """One line describing the change."""
    old_location: Location | None
    """Where it was; null for additions, or when the old file's text is not known."""
    new_location: Location | None
    """Where it is; null for removals, or when the new file's text is not known."""
    before: JsonValue
    """The old value, when there is one."""
    after: JsonValue
    """The new value, when there is one."""
    acknowledged: str | None
    """The reason an acknowledged-changes entry gives, when one excuses this change."""


class DiffOut(_Out):
    """The changes from one version of a standard to another."""

    standard: str
    """Standard id."""
    old: str
    """Old version."""
    new: str
    """New version."""
    declared: Literal["MAJOR", "MINOR", "PATCH"] | None
    """The bump the version numbers declare; null when the new version is not greater."""
    required: Literal["MAJOR", "MINOR", "PATCH"] | None
    """The largest bump a counted change requires; null when nothing changed."""
    ok: bool
    """Whether the declared bump is at least the required one."""
    changes: list[ChangeOut]
    """Every change, in the order of the new file."""


class DiffReportOut(_Out):
    """Output of `aiss diff --format json`."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="aiss diff report")

    tool: Literal["aiss"] = "aiss"
    """The producing tool."""
    diffs: list[DiffOut]
    """One entry per pair of versions compared."""

"""The `AcknowledgedChanges` document: intentional exceptions to the versioning rules
(`standards/acknowledged-changes.yaml`; what each entry excuses is `aiss.versions.acks`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from aiss.models.common import Model, SemVerStr, Sha256, ShortText, StandardRef, Text


class AcknowledgedChange(Model):
    """One intentional exception, approved by the standard's editors."""

    standard: StandardRef
    """The version the exception applies to (`ID@version`): the new version of a diff, or the frozen version that changed."""
    rule: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    """A rule id from the versioning rule table, or `requirement-id-removed` or `frozen-version-modified`."""
    target: ShortText | None = None
    """The id the change concerns (`R-03`, `TP-1`, `M-SOLVE`); every change of `rule` when absent."""
    sha256: Sha256 | None = None
    """For `frozen-version-modified`: the digest of the version after the change (`aiss lock --digest`)."""
    reason: Text
    """Why the exception is right; shown next to the change in `aiss diff`."""
    approved_by: list[ShortText] = Field(min_length=1)
    """Editors who approved it (names or handles)."""
    date: dt.date
    """When it was approved."""


class AcknowledgedChanges(Model):
    """The acknowledged-changes file of a registry."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["AcknowledgedChanges"]
    """Document kind."""
    acknowledged: list[AcknowledgedChange] = Field(default_factory=list)
    """The exceptions, oldest first."""

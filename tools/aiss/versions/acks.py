"""`standards/acknowledged-changes.yaml`: intentional exceptions to the versioning rules.

Each entry names the version it applies to, the rule or check it excuses, optionally the id the
change concerns, a reason and who approved it. An entry can:

* excuse a change from the bump it would require (`rule`: a rule id such as
  `requirement-repurposed`, `target`: `R-03`), e.g. a category re-filing that changes nothing;
* excuse a requirement id dropped without a tombstone (`rule: requirement-id-removed`);
* excuse a change to a frozen version (`rule: frozen-version-modified`), pinned by the
  `sha256` of the version after the change, so it covers that one change and nothing later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field

from aiss.models.common import Model, SemVerStr, Sha256, ShortText, StandardRef, Text

ACK_FILE = "acknowledged-changes.yaml"


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


def reasons_for(acks: Iterable[AcknowledgedChange], ref: str) -> dict[tuple[str, str], str]:
    """`(rule, target)` -> reason for the entries of version `ref` (target `*` for any)."""
    return {(a.rule, a.target or "*"): a.reason for a in acks if a.standard == ref}


def frozen_reason(acks: Iterable[AcknowledgedChange], ref: str, digest: str) -> str | None:
    """The reason of an entry excusing version `ref` having the frozen digest `digest`."""
    for a in acks:
        if a.standard == ref and a.rule == "frozen-version-modified" and a.sha256 == digest:
            return a.reason
    return None

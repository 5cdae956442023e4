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

from collections.abc import Iterable

from aiss.models.acks import AcknowledgedChange, AcknowledgedChanges

__all__ = ["ACK_FILE", "AcknowledgedChange", "AcknowledgedChanges", "frozen_reason", "reasons_for"]

ACK_FILE = "acknowledged-changes.yaml"


def reasons_for(acks: Iterable[AcknowledgedChange], ref: str) -> dict[tuple[str, str], str]:
    """`(rule, target)` -> reason for the entries of version `ref` (target `*` for any)."""
    return {(a.rule, a.target or "*"): a.reason for a in acks if a.standard == ref}


def frozen_reason(acks: Iterable[AcknowledgedChange], ref: str, digest: str) -> str | None:
    """The reason of an entry excusing version `ref` having the frozen digest `digest`."""
    for a in acks:
        if a.standard == ref and a.rule == "frozen-version-modified" and a.sha256 == digest:
            return a.reason
    return None

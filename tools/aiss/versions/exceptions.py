"""Acknowledged changes during a validation run: finding the entry that excuses a change, and
the problems of the acknowledged-changes file itself (entries that excuse nothing included)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiss.diagnostics import Diagnostic, Location, Severity
from aiss.loading import display_path, standard_versions_on_disk
from aiss.registry import Registry
from aiss.source import SourceDocument
from aiss.validation.document import Checked
from aiss.versions.acks import ACK_FILE, AcknowledgedChange, AcknowledgedChanges
from aiss.versions.rules import ACKNOWLEDGEABLE_CODES, RULES


@dataclass(frozen=True)
class Acks:
    """The acknowledged changes of a registry (and the document they were read from)."""

    entries: tuple[AcknowledgedChange, ...] = ()
    doc: SourceDocument | None = None

    def find(
        self, ref: str, rule: str, target: str | None = None, sha256: str | None = None
    ) -> int | None:
        """The index of the first entry excusing `rule` for version `ref` (and `target`,
        `sha256` when given); None when there is none."""
        for i, a in enumerate(self.entries):
            if a.standard != ref or a.rule != rule:
                continue
            if target is not None and a.target not in (None, target):
                continue
            if sha256 is not None and a.sha256 != sha256:
                continue
            return i
        return None


def read_acks(
    root: Path, checked: list[Checked], check_file: Callable[[Path], Checked]
) -> tuple[Acks, list[Diagnostic]]:
    """The registry's acknowledged changes: from the document pass when it read the file,
    else read and checked now (`check_file`, the composition layer's one way to check a file)."""
    path = root / ACK_FILE
    if not path.exists():
        return Acks(), []
    real = path.resolve()
    # only a file of that name, or a link, can be it: the others (thousands) are not resolved
    # (nor made paths: `islink` on the text is one lstat)
    found = [
        c
        for c in checked
        if (c.doc.path.rpartition("/")[2] == ACK_FILE or os.path.islink(c.doc.path))  # noqa: PTH114
        and Path(c.doc.path).resolve() == real
    ]
    c = found[0] if found else check_file(path)
    if isinstance(c.model, AcknowledgedChanges):
        return Acks(tuple(c.model.acknowledged), c.doc), []
    if found:  # its own diagnostics are already reported by the document pass
        return Acks(), []
    shown = display_path(path)
    return Acks(), [
        Diagnostic(Location(shown, d.line, d.column), "acknowledged-change-invalid", d.message)
        for d in c.diagnostics
    ]


def ack_problems(registry: Registry, acks: Acks, used: set[int]) -> list[Diagnostic]:
    """Entries naming unknown rules or versions, frozen exceptions without a digest, and
    entries that excused nothing in this run (`used`: the indices that did; a warning)."""
    doc = acks.doc
    if doc is None:
        return []
    out: list[Diagnostic] = []
    on_disk = standard_versions_on_disk(registry.root)
    loaded = {e.ref for e in registry}

    def diag(
        i: int,
        loc: tuple[str | int, ...],
        code: str,
        msg: str,
        hint: str | None = None,
        sev: Severity = Severity.ERROR,
    ) -> Diagnostic:
        full = ("acknowledged", i, *loc)
        return doc.diagnostic(full, code, msg, severity=sev, hint=hint)

    for i, a in enumerate(acks.entries):
        sid, _, version = a.standard.partition("@")
        if a.rule not in RULES and a.rule not in ACKNOWLEDGEABLE_CODES:
            out.append(
                diag(
                    i,
                    ("rule",),
                    "acknowledged-change-invalid",
                    f"{a.rule!r} is not a rule id nor one of {', '.join(ACKNOWLEDGEABLE_CODES)}",
                    "the rule ids are listed on the site's versioning page",
                )
            )
        elif a.rule == "frozen-version-modified" and a.sha256 is None:
            out.append(
                diag(
                    i,
                    (),
                    "acknowledged-change-invalid",
                    "an exception for a frozen version must pin the version's new digest in `sha256`",
                    f"`aiss lock --digest {a.standard}` prints it",
                )
            )
        elif (sid, version) not in on_disk:
            out.append(
                diag(
                    i,
                    ("standard",),
                    "acknowledged-change-invalid",
                    f"{a.standard} is not in the registry",
                )
            )
        elif a.standard in loaded and i not in used:
            out.append(
                diag(
                    i,
                    (),
                    "acknowledged-change-unused",
                    f"this entry excuses nothing in {a.standard}",
                    "remove it, or correct its rule, target or sha256",
                    Severity.WARNING,
                )
            )
    return out

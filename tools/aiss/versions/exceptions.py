"""Acknowledged changes in use: which entry excused what during a validation run, and the
problems of the acknowledged-changes file itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aiss.diagnostics import Diagnostic, Location, Severity
from aiss.loading import display_path, load_file, standard_versions_on_disk
from aiss.registry import Registry
from aiss.source import SourceDocument
from aiss.validation.document import KINDS, Checked, DocumentKind, check_document
from aiss.versions.acks import ACK_FILE, AcknowledgedChange, AcknowledgedChanges
from aiss.versions.rules import ACKNOWLEDGEABLE_CODES, RULES

KINDS.setdefault(
    "AcknowledgedChanges",
    DocumentKind("AcknowledgedChanges", AcknowledgedChanges, "acknowledged-changes.schema.json"),
)


@dataclass
class AckUse:
    """The acknowledged changes of a registry, and which of them excused something this run."""

    entries: list[AcknowledgedChange] = field(default_factory=list)
    doc: SourceDocument | None = None
    used: set[int] = field(default_factory=set)

    def find(
        self, ref: str, rule: str, target: str | None = None, sha256: str | None = None
    ) -> int | None:
        """The first entry excusing `rule` for version `ref` (and `target`, `sha256` when
        given), which is then marked used; None when there is none."""
        for i, a in enumerate(self.entries):
            if a.standard != ref or a.rule != rule:
                continue
            if target is not None and a.target not in (None, target):
                continue
            if sha256 is not None and a.sha256 != sha256:
                continue
            self.used.add(i)
            return i
        return None


def load_ack_use(root: Path, checked: list[Checked]) -> tuple[AckUse, list[Diagnostic]]:
    """The registry's acknowledged changes: from the document pass when it read the file."""
    path = root / ACK_FILE
    if not path.exists():
        return AckUse(), []
    found = [c for c in checked if Path(c.doc.path).resolve() == path.resolve()]
    c = found[0] if found else check_document(load_file(path, confine_to=root))
    if isinstance(c.model, AcknowledgedChanges):
        return AckUse(list(c.model.acknowledged), c.doc), []
    if found:  # its own diagnostics are already reported by the document pass
        return AckUse(), []
    shown = display_path(path)
    return AckUse(), [
        Diagnostic(Location(shown, d.line, d.column), "acknowledged-change-invalid", d.message)
        for d in c.diagnostics
    ]


def ack_problems(registry: Registry, acks: AckUse) -> list[Diagnostic]:
    """Entries naming unknown rules or versions, frozen exceptions without a digest, and
    entries that excused nothing (a warning)."""
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
        elif a.standard in loaded and i not in acks.used:
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

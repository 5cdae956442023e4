"""A standard version's test vectors: example submissions and the verdict each must get.

Each version may keep result submissions in `standards/<ID>/<version>/examples/*.yaml`, each
declaring `example.expected_verdict`. `aiss validate` runs `check_examples` (a registry check
of `aiss.compose.validate`), which checks each example by the same path as `aiss check`
(`check_submission`), so that an example whose verdict changes is reported as
`example-verdict-mismatch`; the site lists them with `list_examples`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aiss.compose.check import ParsedSubmission, check_submission
from aiss.conformance.intake import Intake
from aiss.conformance.markings import marking_locations
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, json_path_of, whole_file
from aiss.loading import EXAMPLES_DIR, read_file
from aiss.models import Tlp
from aiss.models.approvals import RecordedApproval
from aiss.registry import Entry, Example
from aiss.signing import TrustedKey
from aiss.site.public import CLEAR_LABELS, redact
from aiss.source import parse_yaml

PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""The only file names an example (or a file it names) may have: they reach URLs, attributes
and other tools' command lines."""


def plain_name(name: str) -> bool:
    return PLAIN_NAME.fullmatch(name) is not None


REDACTED_HEAD = (
    "# This example as the public site offers it: its parts not marked TLP:CLEAR are left\n"
    "# out. The registry keeps the whole file; the expected verdict is the whole file's.\n"
)


def list_examples(
    version_dir: Path, *, root: Path | None = None, invalid: frozenset[str] = frozenset()
) -> list[Example]:
    """The examples of the version in `version_dir` (`standards/<ID>/<version>`), by name.

    Reads (never through a link out of the registry `root`, by default the folder two levels
    up) and parses the files, but does not check them. Each gets a reason it is `withheld`
    from the site whatever its marking (a file name that is not plain, a link out, a file that
    does not load, duplicate keys, a label that is not TLP's, or a display path in `invalid`:
    the files validation found errors in), and the form it would be published in, without
    its parts marked other than TLP:CLEAR (`site.public.redact`).
    """
    registry = root or version_dir.parent.parent
    out = []
    for path in sorted((version_dir / EXAMPLES_DIR).glob("*.yaml")):
        rf = read_file(path, confine_to=registry)
        doc = parse_yaml(path.name, rf.raw) if rf.raw is not None else None
        data = _mapping(doc.data if doc is not None else None)
        example, marking = _mapping(data.get("example")), _mapping(data.get("marking"))
        label = _text(marking.get("tlp"))
        withheld = None
        if not plain_name(path.stem):
            withheld = "its file name is not plain ([A-Za-z0-9._-])"
        elif rf.raw is None:  # a link out of the registry, a fifo, a file that cannot be read
            withheld = f"it was not read ({rf.problem.message if rf.problem else 'unreadable'})"
        elif doc is None or any(d.is_error for d in doc.diagnostics) or rf.display in invalid:
            withheld = "it has validation errors"
        elif (bad := unknown_label(data)) is not None:
            withheld = f"{bad} is not a TLP label"
        raw = rf.raw or b""
        left: tuple[str, ...] = ()
        if withheld is None and label in CLEAR_LABELS:
            public = redact(data)
            left = public.left_out
            if left:
                body = yaml.safe_dump(public.data, sort_keys=False, allow_unicode=True)
                parts = "".join(f"#   left out: {part}\n" for part in left)
                raw = (REDACTED_HEAD + parts + body).encode("utf-8")
        out.append(
            Example(
                path=path,
                name=path.stem,
                expected_verdict=_text(example.get("expected_verdict")),
                description=_text(example.get("description")),
                marking=label,
                embargo_until=_date(marking.get("embargo_until")),
                raw=raw,
                withheld=withheld,
                left_out=left,
            )
        )
    return out


def unknown_label(data: dict[str, Any]) -> str | None:
    """The path of the first marking in a submission that is not a TLP 2.0 label (or
    TLP:WHITE); None when all are (`conformance.markings.marking_locations`)."""
    labels = {t.value for t in Tlp} | CLEAR_LABELS
    for loc in marking_locations(data):
        node: Any = data
        for part in loc:
            node = node.get(part) if isinstance(node, dict) else node[part]
        if node is not None and node not in labels:
            return json_path_of(loc)
    return None


def examples_of(entry: Entry, invalid: frozenset[str] = frozenset()) -> list[Example]:
    """The examples beside a registry entry's `standard.yaml`."""
    return list_examples(entry.path.parent, invalid=invalid)


def _date(value: object) -> dt.date | None:
    """An embargo date; an unreadable one counts as an embargo without end (never public)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return dt.date.max


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def folder_claim(path: Path) -> tuple[str, str] | None:
    """(id, version) of `<ID>/<version>/examples/<file>`, or None elsewhere."""
    parts = path.parts
    if len(parts) >= 4 and parts[-2] == EXAMPLES_DIR:
        return parts[-4], parts[-3]
    return None


@dataclass(frozen=True)
class ExampleCheck:
    """One example: what its declaration lacks, or the report `aiss check` gives it."""

    intake: Intake
    problems: tuple[Diagnostic, ...]
    report: ConformanceReport | None


def example_checks(
    checked: list[Any],
    standards: Standards,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
    keys: Sequence[TrustedKey] = (),
) -> list[ExampleCheck]:
    """Every valid submission in an `examples/` folder among `checked`, checked."""
    out: list[ExampleCheck] = []
    for c in checked:
        folder = folder_claim(Path(c.doc.path))
        if folder is None or not isinstance(c, Intake) or c.submission is None:
            continue
        sub, doc = c.submission, c.doc
        if sub.example is None:
            problem = doc.diagnostic(
                (), "example-undeclared", "this example declares no `example.expected_verdict`"
            )
            out.append(ExampleCheck(c, (problem,), None))
            continue
        if (sub.standard.id, sub.standard.version) != folder:
            where = f"{folder[0]}@{folder[1]}"
            claim = f"{sub.standard.id}@{sub.standard.version}"
            problem = doc.diagnostic(
                ("standard",), "example-wrong-standard", f"an example of {where} claims {claim}"
            )
            out.append(ExampleCheck(c, (problem,), None))
            continue
        source = ParsedSubmission(c, Path(doc.path).parent)
        report = check_submission(
            source, standards, approvals=approvals, organisations=organisations, keys=keys
        )
        out.append(ExampleCheck(c, (), report))
    return out


def _artifacts(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """(where, relative path) of the files an example names beside it: samples, logs."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    data = _mapping(data)
    if isinstance(data.get("samples_file"), str):
        out.append((("samples_file",), data["samples_file"]))
    runs = data.get("runs")
    for i, run in enumerate(runs if isinstance(runs, list) else []):
        uri = _mapping(_mapping(run).get("log")).get("uri")
        if isinstance(uri, str) and "://" not in uri and not uri.startswith("/"):
            out.append((("runs", i, "log", "uri"), uri))
    return out


def name_problems(checked: list[Any]) -> list[Diagnostic]:
    """Example files, and the files they name beside them, whose names are not plain."""
    out: list[Diagnostic] = []
    hint = "rename it with letters, digits, `.`, `_` and `-` only"
    for c in checked:
        path = Path(c.doc.path)
        if folder_claim(path) is None:
            continue
        if not plain_name(path.stem):
            out.append(
                whole_file(
                    c.doc.path,
                    "unsafe-file-name",
                    "the example's file name is not plain ([A-Za-z0-9._-]); it is never published",
                    hint=hint,
                )
            )
        for loc, rel in _artifacts(c.doc.data):
            if not all(plain_name(part) for part in rel.split("/")):
                out.append(
                    c.doc.diagnostic(
                        loc,
                        "unsafe-file-name",
                        "a file this example names has a name that is not plain "
                        "([A-Za-z0-9._-] in each part of the path)",
                        hint=hint,
                    )
                )
    return out


@dataclass(frozen=True)
class ExampleOutcome:
    """What the examples check found in one file, apart, so that it can be stored with the
    file and the registry's report put together in the order `check_examples` gives."""

    names: tuple[Diagnostic, ...] = ()
    """Its own name, and those of the files it names, when they are not plain."""
    problems: tuple[Diagnostic, ...] = ()
    """What its declaration lacks (no verdict declared, another standard claimed)."""
    invalid_ref: str | None = None
    """The version it claims when that version's file does not validate."""
    invalid: tuple[Diagnostic, ...] = ()
    """The `standard-invalid` diagnostics of its report (reported once per version)."""
    mismatch: tuple[Diagnostic, ...] = ()
    """`example-verdict-mismatch`, when it no longer gets its declared verdict."""


def example_outcome(
    c: Any,
    standards: Standards,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
    keys: Sequence[TrustedKey] = (),
) -> ExampleOutcome:
    """The examples check of one checked file (nothing for a file outside `examples/`)."""
    names = tuple(name_problems([c]))
    found = example_checks([c], standards, approvals, organisations, keys)
    if not found:
        return ExampleOutcome(names)
    ex = found[0]
    report, sub = ex.report, ex.intake.submission
    if report is None or sub is None or sub.example is None:
        return ExampleOutcome(names, ex.problems)
    if report.reason == "standard-invalid":
        ref = f"{sub.standard.id}@{sub.standard.version}"
        invalid = tuple(d for d in report.diagnostics if d.code == "standard-invalid")
        return ExampleOutcome(names, ex.problems, ref, invalid)
    if report.overall == sub.example.expected_verdict:
        return ExampleOutcome(names, ex.problems)
    failing = ", ".join(f"{r.id} {r.verdict} ({r.reason})" for r in report.failing()[:4])
    mismatch = ex.intake.doc.diagnostic(
        ("example", "expected_verdict"),
        "example-verdict-mismatch",
        f"declares {sub.example.expected_verdict} but gets {report.overall} "
        f"({report.reason})" + (f": {failing}" if failing else ""),
    )
    return ExampleOutcome(names, ex.problems, mismatch=(mismatch,))


def examples_diagnostics(outcomes: Sequence[ExampleOutcome]) -> list[Diagnostic]:
    """The examples check's diagnostics from each file's outcome, in file order: every name
    problem first, then each example's; a version whose file does not validate is said once,
    for its first example."""
    out: list[Diagnostic] = [d for o in outcomes for d in o.names]
    unusable: set[str] = set()
    for o in outcomes:
        out += o.problems
        if o.invalid_ref is not None:
            if o.invalid_ref not in unusable:
                unusable.add(o.invalid_ref)
                out += o.invalid
            continue
        out += o.mismatch
    return out


def check_examples(
    checked: list[Any],
    standards: Standards,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
    keys: Sequence[TrustedKey] = (),
) -> list[Diagnostic]:
    """Every example in an `examples/` folder must have a plain file name, declare a verdict
    and still get it; the examples of a standard version whose file does not validate say so
    once, for the first."""
    return examples_diagnostics(
        [example_outcome(c, standards, approvals, organisations, keys) for c in checked]
    )

"""A standard version's test vectors: example submissions and the verdict each must get.

Each version may keep result submissions in `standards/<ID>/<version>/examples/*.yaml`, each
declaring `example.expected_verdict`. `aiss validate` runs `check_examples` (a registry check
of `aiss.compose.validate`), which checks each example by the same path as `aiss check`
(`check_submission`), so that an example whose verdict changes is reported as
`example-verdict-mismatch`; the site lists them with `list_examples`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiss.compose.check import ParsedSubmission, check_submission
from aiss.conformance.intake import Intake
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic
from aiss.loading import EXAMPLES_DIR, read_file
from aiss.models.approvals import RecordedApproval
from aiss.registry import Entry, Example
from aiss.source import parse_yaml


def list_examples(version_dir: Path) -> list[Example]:
    """The examples of the version in `version_dir` (`standards/<ID>/<version>`), by name.

    Reads and parses the files, but does not check them; a file that does not parse is listed
    with no expected verdict.
    """
    out = []
    for path in sorted((version_dir / EXAMPLES_DIR).glob("*.yaml")):
        raw = read_file(path).raw
        doc = parse_yaml(path.name, raw) if raw is not None else None
        data = _mapping(doc.data if doc is not None else None)
        example, marking = _mapping(data.get("example")), _mapping(data.get("marking"))
        out.append(
            Example(
                path=path,
                name=path.stem,
                expected_verdict=_text(example.get("expected_verdict")),
                description=_text(example.get("description")),
                marking=_text(marking.get("tlp")),
                embargo_until=_date(marking.get("embargo_until")),
                raw=raw or b"",
            )
        )
    return out


def examples_of(entry: Entry) -> list[Example]:
    """The examples beside a registry entry's `standard.yaml`."""
    return list_examples(entry.path.parent)


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
            source, standards, approvals=approvals, organisations=organisations
        )
        out.append(ExampleCheck(c, (), report))
    return out


def check_examples(
    checked: list[Any],
    standards: Standards,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
) -> list[Diagnostic]:
    """Every example in an `examples/` folder must declare a verdict and still get it; the
    examples of a standard version whose file does not validate say so once, for the first."""
    out: list[Diagnostic] = []
    unusable: set[str] = set()
    for ex in example_checks(checked, standards, approvals, organisations):
        out += ex.problems
        report, sub = ex.report, ex.intake.submission
        if report is None or sub is None or sub.example is None:
            continue
        if report.reason == "standard-invalid":
            ref = f"{sub.standard.id}@{sub.standard.version}"
            if ref not in unusable:
                unusable.add(ref)
                out += [d for d in report.diagnostics if d.code == "standard-invalid"]
            continue
        if report.overall != sub.example.expected_verdict:
            failing = ", ".join(f"{r.id} {r.verdict} ({r.reason})" for r in report.failing()[:4])
            out.append(
                ex.intake.doc.diagnostic(
                    ("example", "expected_verdict"),
                    "example-verdict-mismatch",
                    f"declares {sub.example.expected_verdict} but gets {report.overall} "
                    f"({report.reason})" + (f": {failing}" if failing else ""),
                )
            )
    return out

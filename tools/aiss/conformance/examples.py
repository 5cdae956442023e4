"""A standard version's test vectors: example submissions and the verdict each must get.

Each version may keep result submissions in `standards/<ID>/<version>/examples/*.yaml`, each
declaring `example.expected_verdict`. `aiss validate` runs `check_examples` (registered in
`REGISTRY_CHECKS`) so that an example whose verdict changes is reported as
`example-verdict-mismatch`; the site lists them with `list_examples`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiss.diagnostics import Diagnostic
from aiss.loading import load_file, read_file
from aiss.models.standard import Standard
from aiss.models.submission import ResultSubmission
from aiss.registry import Entry, Registry, sha256_bytes
from aiss.source import parse_yaml
from aiss.validation.document import Checked, check_document
from aiss.validation.runner import REGISTRY_CHECKS

EXAMPLES_DIR = "examples"


@dataclass(frozen=True)
class Example:
    """One example submission of a standard version, as the site shows it."""

    path: Path
    name: str
    """File name without `.yaml`, e.g. `conformant`."""
    expected_verdict: str | None
    """The overall verdict the example declares; None when it declares none (an error)."""
    description: str | None
    marking: str | None
    """The example file's own TLP marking."""
    embargo_until: dt.date | None = None
    """Not to be published before this date, whatever the marking."""
    raw: bytes = b""
    """The file's bytes, offered as a download when the example is public."""

    def public(self, today: dt.date) -> bool:
        """TLP:CLEAR and past any embargo: the only examples the public site may show."""
        clear = self.marking in ("TLP:CLEAR", "TLP:WHITE")
        return clear and (self.embargo_until is None or self.embargo_until <= today)


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


def _folder_claim(path: Path) -> tuple[str, str] | None:
    """(id, version) of `<ID>/<version>/examples/<file>`, or None elsewhere."""
    parts = path.parts
    if len(parts) >= 4 and parts[-2] == EXAMPLES_DIR:
        return parts[-4], parts[-3]
    return None


def _entry(
    registry: Registry, cache: dict[tuple[str, str], Entry | None], sid: str, version: str
) -> Entry | None:
    """The registry's entry, or the standard read from disk when it was not among the files."""
    key = (sid, version)
    if key not in cache:
        entry = registry.get(sid, version)
        path = registry.root / sid / version / "standard.yaml"
        if entry is None and path.is_file():
            rf = read_file(path, confine_to=registry.root)
            checked = check_document(load_file(path, confine_to=registry.root))
            if rf.raw is not None and isinstance(checked.model, Standard):
                entry = Entry(checked.model, checked.doc, path, sha256_bytes(rf.raw))
        cache[key] = entry
    return cache[key]


def check_examples(registry: Registry, checked: list[Checked]) -> list[Diagnostic]:
    """Every example in an `examples/` folder must declare a verdict and still get it."""
    from aiss.conformance.intake import Intake, attach_samples_file, tables_from_model
    from aiss.conformance.pipeline import check_intake

    out: list[Diagnostic] = []
    cache: dict[tuple[str, str], Entry | None] = {}
    for c in checked:
        folder = _folder_claim(Path(c.doc.path))
        sub = c.model
        if folder is None or not isinstance(sub, ResultSubmission):
            continue
        doc = c.doc
        if sub.example is None:
            out.append(
                _diag(
                    c,
                    (),
                    "example-undeclared",
                    "this example declares no `example.expected_verdict`",
                )
            )
            continue
        if (sub.standard.id, sub.standard.version) != folder:
            where = f"{folder[0]}@{folder[1]}"
            claim = f"{sub.standard.id}@{sub.standard.version}"
            out.append(
                _diag(
                    c,
                    ("standard",),
                    "example-wrong-standard",
                    f"an example of {where} claims {claim}",
                )
            )
            continue
        intake = Intake(
            doc.path, doc, sub, tables_from_model(sub), [d for d in c.diagnostics if not d.is_error]
        )
        if sub.samples_file:
            sf = read_file(
                Path(doc.path).parent / sub.samples_file, confine_to=Path(doc.path).parent
            )
            if sf.raw is not None:
                attach_samples_file(intake, sf.display, sf.raw)
        report = check_intake(intake, lambda sid, v: _entry(registry, cache, sid, v))
        if report.overall != sub.example.expected_verdict:
            failing = ", ".join(f"{r.id} {r.verdict} ({r.reason})" for r in report.failing()[:4])
            out.append(
                _diag(
                    c,
                    ("example", "expected_verdict"),
                    "example-verdict-mismatch",
                    f"declares {sub.example.expected_verdict} but gets {report.overall} "
                    f"({report.reason})" + (f": {failing}" if failing else ""),
                )
            )
    return out


def _diag(c: Checked, loc: tuple[str | int, ...], code: str, message: str) -> Diagnostic:
    return c.doc.diagnostic(loc, code, message)


REGISTRY_CHECKS.append(check_examples)

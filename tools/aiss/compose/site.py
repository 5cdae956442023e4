"""The registry's site, rendered from a validation: examples listed, the diffs validation
computed handed on, the published schemas generated once; then the pure renderer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aiss.catalog import schemas
from aiss.catalog.codes import CODES, CodeInfo
from aiss.compose.check import ParsedSubmission, StandardsOnDisk, check_submission
from aiss.compose.examples import examples_of
from aiss.compose.exercises import exercise_docs, exercise_results
from aiss.compose.tables import KINDS
from aiss.compose.validate import Validation
from aiss.conformance.intake import Intake
from aiss.diagnostics import Diagnostic, Location
from aiss.models.common import Tlp
from aiss.registry import Entry
from aiss.settings import SITE_URL
from aiss.site.cache import RenderCache
from aiss.site.changes import Reports
from aiss.site.codes_pages import CodeExample
from aiss.site.exercises import ExerciseResults
from aiss.site.pages import Site, render_site
from aiss.site.public import select
from aiss.site.reference import found_values
from aiss.site.view import group
from aiss.source import parse_yaml
from aiss.validation.document import check_document
from aiss.versions.change import DiffReport
from aiss.versions.diff import diff_standards


def _changes(validation: Validation, invalid: frozenset[str]) -> Reports:
    """The diff of each pair of consecutive public versions: validation's, when it compared
    that pair; computed here only for pairs it did not (a restricted version between them)."""
    shown, _ = select(validation.the_registry(), invalid)
    out: dict[tuple[str, str], DiffReport] = {}
    for view in group(shown):
        for old, new in zip(view.versions, view.versions[1:], strict=False):
            key = (old.ref, new.ref)
            out[key] = validation.reports.get(key) or diff_standards(old.standard, new.standard)
    return out


EXAMPLE_FILE = "example.yaml"
SHOWN_LINES = 3
"""At most this many of the lines an example gets are shown on its code's page."""


class _PublicStandards:
    """The registry's standards as the public site may quote them: TLP:CLEAR versions only."""

    def __init__(self, inner: StandardsOnDisk) -> None:
        self.inner = inner

    def get(self, sid: str, version: str) -> Entry | None:
        entry = self.inner.get(sid, version)
        return entry if entry is not None and entry.standard.marking is Tlp.CLEAR else None

    def unusable(self, sid: str, version: str) -> str | None:
        return None

    def latest(self, sid: str) -> Entry | None:
        entry = self.inner.latest(sid)
        return entry if entry is not None and entry.standard.marking is Tlp.CLEAR else None

    def refs(self) -> list[str]:
        return [r for r in self.inner.refs() if self.get(*r.split("@", 1)) is not None]


def code_examples(validation: Validation, codes: Sequence[CodeInfo]) -> dict[str, CodeExample]:
    """Each code's example file (from the code catalog) run through the real tools: the
    document pass, then, for a submission, `aiss check` against this registry. Only what the
    tools print for that code is kept; a code whose example does not give it gets none. Only
    TLP:CLEAR standard versions are looked up, so a page never quotes a restricted one."""
    registry = validation.the_registry()
    standards = _PublicStandards(StandardsOnDisk(registry.root, registry=registry, strict=False))
    out: dict[str, CodeExample] = {}
    for info in codes:
        if not info.example:
            continue
        checked = check_document(parse_yaml(EXAMPLE_FILE, info.example.encode("utf-8")), KINDS)
        lines = [_diagnostic_line(d) for d in checked.diagnostics if d.code == info.code]
        command = "aiss validate"
        if not lines and isinstance(checked, Intake) and checked.submission is not None:
            report = check_submission(ParsedSubmission(checked, registry.root), standards)
            lines = [_diagnostic_line(d) for d in report.diagnostics if d.code == info.code]
            lines += [
                f"{_where(v.evidence)}: {v.id} {v.level} {v.verdict}[{v.reason}] {v.message}"
                for v in report.requirements
                if v.reason == info.code
            ]
            if report.reason == info.code:
                lines.append(f"{EXAMPLE_FILE}: {report.overall} [{report.reason}]")
            command = "aiss check"
        if lines:
            shown = tuple(lines[:SHOWN_LINES])
            out[info.code] = CodeExample(EXAMPLE_FILE, info.example, command, shown)
    return out


def _where(loc: Location | None) -> str:
    return f"{loc.path}:{loc.line}:{loc.column}" if loc and loc.line else EXAMPLE_FILE


def _diagnostic_line(d: Diagnostic) -> str:
    text = f"{d.path}:{d.line}:{d.column}: {d.severity.value}[{d.code}] {d.message}"
    return text + (f"\n  hint: {d.hint}" if d.hint else "")


def render(
    validation: Validation,
    *,
    site_url: str = SITE_URL,
    today: dt.date,
    codes: Sequence[CodeInfo] | None = None,
    cache: RenderCache | None = None,
) -> Site:
    """Every page and file of the site for the registry `validation` loaded; versions and
    examples whose file has validation errors are left out, and so is every example with a
    part that is not TLP:CLEAR or still under embargo. The reference pages' examples are
    taken from the standards shown and the vocabularies only, never from a submission (whose
    parts may carry markings of their own)."""
    registry = validation.the_registry()
    invalid = frozenset(d.path for d in validation.diagnostics if d.is_error)
    vocabularies = list(registry.vocabularies.values())  # public data, like the standards shown
    standards = StandardsOnDisk(registry.root, registry=registry, strict=False)
    # submissions are checked only for the exercises the site may show; the others are
    # passed without reports, so that the site says why it leaves them out
    exercises = [
        exercise_results(ex, standards)
        if ex.exercise.published_on(today)
        else ExerciseResults(ex.exercise, ())
        for ex in exercise_docs(validation.checked)
        if ex.doc.path not in invalid
    ]
    return render_site(
        registry,
        site_url=site_url,
        invalid=invalid,
        codes=codes,
        code_examples=code_examples(validation, list(CODES.values()) if codes is None else codes),
        examples={e.ref: examples_of(e, invalid) for e in registry},
        changes=_changes(validation, invalid),
        schema_files={name: schemas.render(name) for name in schemas.all_names()},
        document_schemas={
            name: (title, schemas.generate(name)) for name, title in schemas.DOCUMENT_KINDS.items()
        },
        found=found_values(
            [
                *(e.standard for e in select(registry, invalid)[0]),
                *vocabularies,
            ]
        ),
        today=today,
        exercises=exercises,
        cache=cache,
    )

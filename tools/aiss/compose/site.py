"""The registry's site, rendered from a validation: examples listed, the diffs validation
computed handed on, the published schemas generated once; then the pure renderer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aiss.catalog import schemas
from aiss.catalog.codes import CodeInfo
from aiss.compose.check import StandardsOnDisk
from aiss.compose.examples import examples_of
from aiss.compose.exercises import exercise_docs, exercise_results
from aiss.compose.validate import Validation
from aiss.settings import SITE_URL
from aiss.site.changes import Reports
from aiss.site.exercises import ExerciseResults
from aiss.site.pages import Site, render_site
from aiss.site.public import select
from aiss.site.view import group
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


def render(
    validation: Validation,
    *,
    site_url: str = SITE_URL,
    today: dt.date,
    codes: Sequence[CodeInfo] | None = None,
) -> Site:
    """Every page and file of the site for the registry `validation` loaded; versions and
    examples whose file has validation errors are left out, and so is every example with a
    part that is not TLP:CLEAR or still under embargo."""
    registry = validation.the_registry()
    invalid = frozenset(d.path for d in validation.diagnostics if d.is_error)
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
        examples={e.ref: examples_of(e, invalid) for e in registry},
        changes=_changes(validation, invalid),
        schema_files={name: schemas.render(name) for name in schemas.all_names()},
        today=today,
        exercises=exercises,
    )

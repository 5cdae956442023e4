"""Rules on one exercise record: its path and modeline, its organisations (unique, issuers
terms, in a role that lets them do what the record says), its standard versions (on disk), the
division of work (inside the scope) and its status (what a complete or published record needs).

What needs other files (the procedures of each standard, the submissions and their digests and
models) is checked over the whole registry (`aiss.compose.exercises`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from aiss.diagnostics import Diagnostic, Severity, at
from aiss.models.common import Tlp
from aiss.models.exercise import Exercise
from aiss.validation.rules.base import Rule

EXERCISES_DIR = "exercises"
"""The folder of a registry that holds the exercise records, one folder per exercise."""
MODELINE = "# yaml-language-server: $schema="


class ExerciseRules(Rule[Exercise]):
    """Path, modeline, organisations, scope, division of work and status of one record."""

    codes = (
        "exercise-path-mismatch",
        "missing-schema-modeline",
        "duplicate-organisation",
        "unknown-organisation",
        "exercise-unknown-standard",
        "exercise-work-out-of-scope",
        "exercise-org-not-participant",
        "duplicate-submission",
        "exercise-no-submissions",
        "exercise-summary-missing",
    )

    def check(self) -> Iterator[Diagnostic]:
        yield from self._place()
        yield from self._organisations()
        yield from self._scope()
        yield from self._status()

    def _place(self) -> Iterator[Diagnostic]:
        ex, root, path = self.model, self.ctx.root, self.ctx.path
        if root is not None:
            want = (EXERCISES_DIR, ex.id, "exercise.yaml")
            try:
                rel = path.absolute().relative_to(root.absolute())
            except ValueError:
                rel = None
            if rel is not None and rel.parts != want:
                yield self.diag(
                    ("id",),
                    "exercise-path-mismatch",
                    f"exercise {ex.id} must be at {'/'.join(want)}, not {rel.as_posix()}",
                    hint="move the file, or correct `id`",
                )
        first = self.doc.text.split("\n", 1)[0]
        if not (first.startswith(MODELINE) and first.rstrip().endswith("exercise.schema.json")):
            yield at(
                self.doc.path,
                1,
                1,
                "missing-schema-modeline",
                "the first line is not a yaml-language-server modeline for the exercise schema",
                severity=Severity.WARNING,
                hint=f"start the file with `{MODELINE}../../../schemas/exercise.schema.json`",
            )

    def _organisations(self) -> Iterator[Diagnostic]:
        ex = self.model
        seen: set[str] = set()
        for i, p in enumerate(ex.organisations):
            if p.org in seen:
                yield self.diag(
                    ("organisations", i, "org"),
                    "duplicate-organisation",
                    f"{p.org} is listed twice",
                )
            seen.add(p.org)
        terms = self.ctx.terms.get("issuers")
        if terms is not None:
            for i, p in enumerate(ex.organisations):
                if p.org not in terms:
                    close = difflib.get_close_matches(p.org, sorted(terms), n=1)
                    yield self.diag(
                        ("organisations", i, "org"),
                        "unknown-organisation",
                        f"{p.org} is not an organisation of the issuers vocabulary",
                        hint=f"did you mean {close[0]}?"
                        if close
                        else "add it to vocabularies/issuers.yaml",
                    )
        places = [(("work", i, "org"), w.org, "runs procedures") for i, w in enumerate(ex.work)]
        places += [
            (("submissions", i, "org"), s.org, "submits results")
            for i, s in enumerate(ex.submissions)
        ]
        for loc, org, does in places:
            role = ex.role_of(org)
            if role in (None, "observer"):
                why = "is not among the organisations" if role is None else "is an observer"
                yield self.diag(
                    loc,
                    "exercise-org-not-participant",
                    f"{org} {does} but {why}",
                    hint="list it under `organisations` as lead or participant",
                )

    def _scope(self) -> Iterator[Diagnostic]:
        ex = self.model
        in_scope = {s.ref for s in ex.standards}
        for i, s in enumerate(ex.standards):
            if self.ctx.root is not None and (s.id, s.version) not in self.ctx.existing_versions:
                yield self.diag(
                    ("standards", i),
                    "exercise-unknown-standard",
                    f"{s.ref} is not a standard version of this registry",
                )
        for i, w in enumerate(ex.work):
            if w.standard not in in_scope:
                yield self.diag(
                    ("work", i, "standard"),
                    "exercise-work-out-of-scope",
                    f"{w.standard} is not among the exercise's standards",
                    hint=f"one of: {', '.join(sorted(in_scope))}",
                )
        paths: set[str] = set()
        for i, sub in enumerate(ex.submissions):
            if sub.path in paths:
                yield self.diag(
                    ("submissions", i, "path"),
                    "duplicate-submission",
                    f"{sub.path} is listed twice",
                )
            paths.add(sub.path)

    def _status(self) -> Iterator[Diagnostic]:
        ex = self.model
        if ex.status in ("complete", "published") and not ex.submissions:
            yield self.diag(
                ("status",),
                "exercise-no-submissions",
                f"a {ex.status} exercise lists no submissions",
                hint="list the submissions under `submissions`, or set `status: running`",
            )
        if ex.status == "published" and (
            ex.public_summary is None or ex.public_summary.marking is not Tlp.CLEAR
        ):
            yield self.diag(
                ("public_summary",) if ex.public_summary else ("status",),
                "exercise-summary-missing",
                "a published exercise needs a public summary marked TLP:CLEAR",
            )

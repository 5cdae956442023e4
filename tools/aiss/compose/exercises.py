"""Joint exercise records across the registry: every reference checked (procedures of the
standards in scope, the division of work, each submission's file, digest, standard, model and
organisations), and each submission checked by the one check path for the site's verdicts.

    check_exercises(run)  the whole-registry check of `aiss validate` (REGISTRY_CHECKS)
    exercise_results      an exercise with the conformance report of each submission
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aiss.compose.check import SubmissionFile
from aiss.compose.registries import registry_checker
from aiss.compose.tables import KINDS
from aiss.conformance.intake import Intake, parse_submission
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, Severity
from aiss.loading import read_file
from aiss.models.exercise import Exercise, ExerciseSubmission
from aiss.models.submission import ResultSubmission
from aiss.registry import Registry
from aiss.site.exercises import ExerciseResults
from aiss.source import DEFAULT_LIMITS, Limits, SourceDocument
from aiss.validation.document import Checked
from aiss.validation.rules.base import Context, run_rules
from aiss.validation.rules.organisations import RunOrganisations, run_orgs


@dataclass(frozen=True)
class ExerciseDoc:
    """A valid exercise record and where it is."""

    exercise: Exercise
    doc: SourceDocument
    folder: Path


def exercise_docs(checked: list[Checked]) -> list[ExerciseDoc]:
    """The valid exercise records among the checked documents."""
    return [
        ExerciseDoc(c.model, c.doc, Path(c.doc.path).parent)
        for c in checked
        if c.kind is not None
        and c.kind.model is Exercise  # asked first: a cached document's model is built on demand
        and isinstance(c.model, Exercise)
        and not any(d.is_error for d in c.diagnostics)
    ]


@dataclass
class LoadedSubmission:
    """One submission an exercise lists: its bytes' digest and the parsed submission."""

    entry: ExerciseSubmission
    path: Path
    sha256: str | None = None
    intake: Intake | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def submission(self) -> ResultSubmission | None:
        return self.intake.submission if self.intake else None


def load_submission(
    ex: ExerciseDoc, index: int, registry: Registry, limits: Limits = DEFAULT_LIMITS
) -> LoadedSubmission:
    """Read, hash and check (document pass and organisation rules) submission `index`."""
    entry = ex.exercise.submissions[index]
    path = ex.folder / entry.path
    out = LoadedSubmission(entry, path)
    where = ("submissions", index, "path")
    if not path.is_file():
        out.diagnostics.append(
            ex.doc.diagnostic(
                where,
                "exercise-submission-missing",
                f"no submission at {entry.path} (beside the exercise record)",
                hint="put the file there, or correct the path",
            )
        )
        return out
    rf = read_file(path, confine_to=ex.folder, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        out.diagnostics.append(rf.problem)
        return out
    out.sha256 = hashlib.sha256(rf.raw).hexdigest()
    if out.sha256 != entry.sha256:
        out.diagnostics.append(
            ex.doc.diagnostic(
                ("submissions", index, "sha256"),
                "exercise-submission-digest",
                f"{entry.path} has changed since it was recorded: its sha256 is "
                f"{out.sha256[:16]}…, not {entry.sha256[:16]}…",
                hint=f"if the change is intended, record sha256 {out.sha256}",
            )
        )
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
    out.intake = intake
    out.diagnostics += intake.diagnostics
    if intake.submission is None:
        out.diagnostics.append(
            ex.doc.diagnostic(
                where,
                "exercise-submission-invalid",
                f"{entry.path} is not a valid result submission (see its own diagnostics)",
            )
        )
    else:
        terms = {n: {t.code for t in v.terms} for n, v in registry.vocabularies.items()}
        ctx = Context(registry.root, path, terms, frozenset())
        out.diagnostics += run_rules((RunOrganisations,), intake.doc, intake.submission, ctx)
    return out


def _scope(ex: ExerciseDoc, registry: Registry) -> Iterator[Diagnostic]:
    """Procedures named in scope and in the work exist; every procedure in scope is assigned."""
    e = ex.exercise
    assigned = {(w.standard, p) for w in e.work for p in w.procedures}
    for i, s in enumerate(e.standards):
        entry = registry.get(s.id, s.version)
        if entry is None:
            continue  # the per-file rule reported it
        known = [p.id for p in entry.standard.test_procedures]
        for j, p in enumerate(s.procedures):
            if p not in known:
                yield ex.doc.diagnostic(
                    ("standards", i, "procedures", j),
                    "exercise-unknown-procedure",
                    f"{s.ref} has no procedure {p}",
                    hint=f"one of: {', '.join(known)}",
                )
        for p in s.procedures or known:
            if p in known and (s.ref, p) not in assigned:
                yield ex.doc.diagnostic(
                    ("work",) if e.work else ("standards", i),
                    "exercise-procedure-unassigned",
                    f"{p} of {s.ref} is in scope but no organisation is assigned to run it",
                    hint=f"add it to the `procedures` of an organisation's `work` entry for {s.ref}",
                )
    for i, w in enumerate(e.work):
        sid, _, version = w.standard.partition("@")
        entry = registry.get(sid, version)
        if entry is None:
            continue
        known = [p.id for p in entry.standard.test_procedures]
        for j, p in enumerate(w.procedures):
            if p not in known:
                yield ex.doc.diagnostic(
                    ("work", i, "procedures", j),
                    "exercise-unknown-procedure",
                    f"{w.standard} has no procedure {p}",
                    hint=f"one of: {', '.join(known)}",
                )


def _same_model(ex: Exercise, sub: ResultSubmission) -> str | None:
    """Why the submission's system under test is not the exercise's model, or None."""
    want = ex.model_under_test.model
    got = sub.system_under_test.model if sub.system_under_test else None
    if got is None:
        return "it names no system under test"
    if got.provider_id != want.provider_id:
        return f"it tested {got.provider_id}, not {want.provider_id}"
    for name in ("snapshot", "checkpoint_sha256"):
        a, b = getattr(want, name), getattr(got, name)
        if a is not None and b is not None and a != b:
            return f"its {name.replace('_', ' ')} is {b}, not {a}"
    return None


def _submission_checks(
    ex: ExerciseDoc, loaded: list[LoadedSubmission], registry: Registry
) -> Iterator[Diagnostic]:
    e = ex.exercise
    procedures = {
        s.ref: {p.id for p in entry.standard.test_procedures}
        for s in e.standards
        if (entry := registry.get(s.id, s.version)) is not None
    }
    in_scope = {s.ref for s in e.standards}
    assigned = {(w.org, w.standard, p) for w in e.work for p in w.procedures}
    done: set[tuple[str, str, str]] = set()
    cited: dict[str, tuple[str, str, str]] = {}  # a log's sha256 -> the first org, file, run
    for i, ls in enumerate(loaded):
        sub = ls.submission
        if sub is None:
            continue
        ref = f"{sub.standard.id}@{sub.standard.version}"
        doc = ls.intake.doc if ls.intake else ex.doc
        if ref not in in_scope:
            yield ex.doc.diagnostic(
                ("submissions", i, "path"),
                "exercise-submission-out-of-scope",
                f"{ls.entry.path} claims {ref}, which is not among the exercise's standards",
            )
        why = _same_model(e, sub)
        if why is not None:
            yield doc.diagnostic(
                ("system_under_test",) if sub.system_under_test else (),
                "exercise-model-mismatch",
                f"this submission is not of the exercise's model: {why}",
                hint=f"exercise {e.id} tests {e.model_under_test.model.provider_id}",
            )
        orgs = run_orgs(sub)
        for j, run in enumerate(sub.runs):
            org = orgs[run.id]
            if org is None:
                continue
            digest = run.log.sha256 if run.log else None
            first = cited.setdefault(digest, (org, ls.entry.path, run.id)) if digest else None
            if first is not None and first[0] != org:
                yield doc.diagnostic(
                    ("runs", j, "log", "sha256"),
                    "exercise-run-shared",
                    f"run {run.id} of {org} cites the log that run {first[2]} of {first[0]} "
                    f"cites in {first[1]} (sha256 {digest[:12] if digest else ''}...): one run "
                    "is not the work of two participants",
                    hint="each participant cites the logs of the runs it made",
                )
            if e.role_of(org) in (None, "observer"):
                yield doc.diagnostic(
                    ("runs", j),
                    "exercise-org-not-participant",
                    f"run {run.id} was run by {org}, which is not a participant of {e.id}",
                )
                continue
            is_reference = run.model in sub.reference_model_ids()
            if (org, ref, run.procedure) not in assigned and not is_reference:
                yield doc.diagnostic(
                    ("runs", j, "procedure"),
                    "exercise-work-mismatch",
                    f"run {run.id}: {org} ran {run.procedure} of {ref}, which the division of "
                    f"work of {e.id} does not assign to it",
                    severity=Severity.WARNING,
                )
            done.add((org, ref, run.procedure))
    if e.status in ("complete", "published") and loaded:
        for i, w in enumerate(e.work):
            if w.standard not in in_scope or e.role_of(w.org) in (None, "observer"):
                continue  # the per-file rules said so
            known = procedures.get(w.standard, set())
            missing = [p for p in w.procedures if p in known and (w.org, w.standard, p) not in done]
            if missing and all(ls.submission is not None for ls in loaded):
                yield ex.doc.diagnostic(
                    ("work", i),
                    "exercise-work-missing",
                    f"the exercise is {e.status} but no submission has a run by {w.org} of "
                    f"{', '.join(missing)} ({w.standard})",
                    hint="list the submission that holds these runs, or set `status: running`",
                )


def check_exercise(
    ex: ExerciseDoc, registry: Registry, limits: Limits = DEFAULT_LIMITS
) -> list[Diagnostic]:
    """Every cross-file reference of one exercise record."""
    out = list(_scope(ex, registry))
    loaded = [load_submission(ex, i, registry, limits) for i in range(len(ex.exercise.submissions))]
    for ls in loaded:
        out += ls.diagnostics
    out += _submission_checks(ex, loaded, registry)
    return out


def check_exercises(
    registry: Registry, checked: list[Checked], limits: Limits = DEFAULT_LIMITS
) -> list[Diagnostic]:
    """The exercise records' cross-file checks (a registry check of `aiss validate`)."""
    out: list[Diagnostic] = []
    for ex in exercise_docs(checked):
        out += check_exercise(ex, registry, limits)
    return out


def exercise_results(ex: ExerciseDoc, standards: Standards) -> ExerciseResults:
    """Each listed submission (present and unchanged) through the one check path."""
    reports: list[tuple[str, ConformanceReport]] = []
    check = registry_checker(standards)
    for entry in ex.exercise.submissions:
        path = ex.folder / entry.path
        rf = read_file(path, confine_to=ex.folder) if path.is_file() else None
        if rf is None or rf.raw is None or hashlib.sha256(rf.raw).hexdigest() != entry.sha256:
            continue  # validation reports it; nothing unverified is shown
        reports.append((entry.org, check(SubmissionFile(path))))
    return ExerciseResults(ex.exercise, reports)

"""`validate(paths)` and `load_registry(root)`: the per-file pass with the kinds table, then
the whole-registry checks of this module's table, on one result.

    validate -> validation.validate_files (kinds, rules)  -> REGISTRY_CHECKS -> Validation

The registry checks return what they computed beside their diagnostics (the diff of every
pair of consecutive versions), and the result hands it on (to the site), so nothing is
computed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiss.cache import Cache
from aiss.compose.check import (
    StandardsOnDisk,
    registry_approvals,
    registry_keys,
    registry_organisations,
)
from aiss.compose.example_pass import ExamplesPass, is_example
from aiss.compose.examples import ExampleOutcome, example_outcome, examples_diagnostics
from aiss.compose.exercises import check_exercises
from aiss.compose.tables import KINDS
from aiss.conformance.intake import Intake
from aiss.diagnostics import Diagnostic, sorted_diagnostics, whole_file
from aiss.loading import (
    APPROVALS_FILE,
    VOCABULARY_DIR,
    display_link,
    display_path,
    is_registry,
    load_file,
    oddities,
)
from aiss.models.approvals import Approvals
from aiss.registry import Registry
from aiss.source import DEFAULT_LIMITS, Limits, gc_paused
from aiss.validation.document import Checked, check_document
from aiss.validation.runner import Result, validate_files
from aiss.versions.change import DiffReport
from aiss.versions.enforce import check_versions
from aiss.versions.lock import LOCK_FILE
from aiss.versions.render import Pair


@dataclass
class Validation(Result):
    """What validating files (or a registry) found, with what the registry checks computed."""

    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    """(old ref, new ref) -> the diff of two consecutive versions, acknowledged changes marked."""
    reports: dict[tuple[str, str], DiffReport] = field(default_factory=dict)
    """The same diffs with nothing acknowledged, as the versions give them (the site's)."""
    restricted: dict[str, str] = field(default_factory=dict)
    """Display path -> `ID@version (TLP:...)` of every document marked other than TLP:CLEAR
    (`restricted_documents`): CI output names them, never quotes them."""

    def the_registry(self) -> Registry:
        assert self.registry is not None
        return self.registry


@dataclass
class RegistryRun:
    """What the whole-registry checks see, and where they leave what they computed."""

    registry: Registry
    checked: list[Checked]
    limits: Limits
    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    reports: dict[tuple[str, str], DiffReport] = field(default_factory=dict)
    examples: dict[str, ExampleOutcome] = field(default_factory=dict)
    """Display path -> what the examples pass found in the example."""

    def check_file(self, path: Path) -> Checked:
        """A registry file that was not among those validated, read and checked now."""
        return check_file(path, confine_to=self.registry.root, limits=self.limits)


def _versions(run: RegistryRun) -> list[Diagnostic]:
    found = check_versions(run.registry, run.checked, run.check_file)
    run.pairs.update(found.pairs)
    run.reports.update(found.reports)
    return found.diagnostics


def _layout(run: RegistryRun) -> list[Diagnostic]:
    """The registry folder itself: its vocabularies are there, no folder leads out of it, every\n    name its layout reads is a file."""
    root = run.registry.root
    if not is_registry(root):
        return []
    out: list[Diagnostic] = []
    if not (root / VOCABULARY_DIR).is_dir():
        shown = display_path(root)
        out.append(
            whole_file(
                display_path(root / VOCABULARY_DIR),
                "missing-vocabulary",
                f"the registry {shown} has no {VOCABULARY_DIR}/ folder, so no issuer, risk "
                "domain or framework can be checked",
                hint=f"the registry folder used is {shown}: restore {shown}/{VOCABULARY_DIR}/, "
                "or name the registry with --root",
            )
        )
    odd = oddities(root, (LOCK_FILE,))
    for link in odd.links_out:
        shown = display_link(link)
        out.append(
            whole_file(
                shown,
                "link-outside-registry",
                f"{shown} is a link to a folder outside the registry; it is not followed, so "
                "nothing below it is validated or published",
                hint="replace the link by the folder itself",
            )
        )
    for link in odd.linked_files:
        shown = display_link(link)
        out.append(
            whole_file(
                shown,
                "linked-file",
                f"{shown} is a symbolic link to a file in the registry; a standard, an "
                "example, a vocabulary, the approvals or the lock must be the file itself: what "
                "a link leads to can change while the link stays the same, so a published "
                "version could be edited unseen",
                hint="replace the link by a copy of the file",
            )
        )
    for stray in odd.not_files:
        shown = display_link(stray)
        what = "a link that leads to nothing" if stray.is_symlink() else "a fifo, socket or device"
        out.append(
            whole_file(
                shown,
                "not-a-file",
                f"{shown} is not a regular file ({what}); it is not read, so nothing in it is "
                "validated or published",
                hint="replace it by the file itself, or delete it",
            )
        )
    return out


def _examples(run: RegistryRun) -> list[Diagnostic]:
    """Each example's outcome, as the examples pass found it (`compose.example_pass`); an
    example that pass did not see (a link into an `examples/` folder) is checked now."""
    root = run.registry.root
    standards = StandardsOnDisk(root, run.limits, registry=run.registry, strict=False)
    late: list[ExampleOutcome | None] = [run.examples.get(c.doc.path) for c in run.checked]
    if any(
        o is None and is_example(Path(c.doc.path)) for o, c in zip(late, run.checked, strict=True)
    ):
        approvals = registry_approvals(root, run.limits)
        organisations, keys = registry_organisations(root), registry_keys(root)
        for i, c in enumerate(run.checked):
            if late[i] is None and is_example(Path(c.doc.path)):
                intake = c if isinstance(c, Intake) else run.check_file(Path(c.doc.path))
                late[i] = example_outcome(intake, standards, approvals, organisations, keys)
    return examples_diagnostics([o for o in late if o is not None])


def _approvals(run: RegistryRun) -> list[Diagnostic]:
    """The registry's approvals file: each approval names a standard version of the registry,
    one of its requirements, and an organisation that issues it (an approval by anyone else
    decides nothing, so recording it is a mistake). Checked when it is among the files
    validated (the registry folder, or the file itself), against the versions on disk."""
    path = run.registry.root / APPROVALS_FILE
    if not path.is_file():
        return []
    shown = display_path(path)
    checked = next((c for c in run.checked if c.doc.path == shown), None)
    if checked is None or not isinstance(checked.model, Approvals):
        return []
    out: list[Diagnostic] = []
    standards = StandardsOnDisk(run.registry.root, run.limits, registry=run.registry, strict=False)
    for i, a in enumerate(checked.model.approvals):
        sid, _, version = a.standard.partition("@")
        entry = standards.get(sid, version)
        if entry is None:
            out.append(
                checked.doc.diagnostic(
                    ("approvals", i, "standard"),
                    "unknown-standard-version",
                    f"{a.standard} is not a standard version of this registry",
                )
            )
            continue
        facts = entry.facts  # what it names of the version, without building its model
        if a.requirement not in facts.requirements:
            out.append(
                checked.doc.diagnostic(
                    ("approvals", i, "requirement"),
                    "unknown-requirement",
                    f"{a.standard} has no requirement {a.requirement}",
                )
            )
        if a.org not in facts.issuers:
            out.append(
                checked.doc.diagnostic(
                    ("approvals", i, "org"),
                    "approval-org-not-issuer",
                    f"{a.org} does not issue {a.standard} ({', '.join(facts.issuers)}): its "
                    "approval would decide nothing",
                    hint="record only the decisions of the standard's issuers",
                )
            )
        missing = "verdict" if a.kind == "review" and a.verdict is None else None
        missing = missing or ("waiver_id" if a.kind == "waiver" and not a.waiver_id else None)
        if missing:
            out.append(
                checked.doc.diagnostic(
                    ("approvals", i),
                    "approval-incomplete",
                    f"a {a.kind} needs its {missing}",
                )
            )
    return out


def _exercises(run: RegistryRun) -> list[Diagnostic]:
    return check_exercises(run.registry, run.checked, run.limits)


REGISTRY_CHECKS: tuple[Callable[[RegistryRun], list[Diagnostic]], ...] = (
    _layout,
    _versions,
    _examples,
    _approvals,
    _exercises,
)
"""The whole-registry checks, in the order they run: the folder's layout (vocabularies
present, no link out), versions (bump sizes, requirement ids, the lock, acknowledged changes),
examples (each still gets its declared verdict, with the registry's approvals), the approvals
file (standards, requirements and issuers it names) and exercise records (standards, procedures,
division of work, submissions and their digests and models)."""


def restricted_documents(checked: list[Checked]) -> dict[str, str]:
    """Display path -> `ID@version (label)` of the documents marked other than TLP:CLEAR
    (`Checked.restricted`, found by the per-file pass)."""
    return {c.doc.path: c.restricted for c in checked if c.restricted is not None}


def check_file(
    path: Path, *, confine_to: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> Checked:
    """One file read and checked against its kind (no rules, no registry checks)."""
    return check_document(load_file(path, confine_to=confine_to, limits=limits), KINDS)


def validate(
    paths: list[Path],
    *,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    cache: Cache | None = None,
) -> Validation:
    """Validate `paths` (files or folders) against the registry at `root` (found when None),
    in `jobs` processes (None: AISS_JOBS, else up to 2 when there are many files), with the
    results of unchanged files from `cache` (none by default)."""
    cache = cache or Cache(None)
    examples = ExamplesPass(limits, cache, jobs)
    files = validate_files(
        paths,
        kinds=KINDS,
        root=root,
        limits=limits,
        jobs=jobs,
        cache=cache,
        defer=is_example,
        later=examples,
    )
    cache.flush()
    assert files.registry is not None
    run = RegistryRun(files.registry, files.checked, limits, examples=examples.outcomes)
    diagnostics = list(files.diagnostics)
    with gc_paused():
        for check in REGISTRY_CHECKS:
            diagnostics.extend(check(run))
    return Validation(
        files=files.files,
        diagnostics=sorted_diagnostics(diagnostics),
        registry=files.registry,
        checked=files.checked,
        pairs=run.pairs,
        reports=run.reports,
        restricted=restricted_documents(files.checked),
    )


def load_registry(
    root: Path, limits: Limits = DEFAULT_LIMITS, *, jobs: int | None = None
) -> Validation:
    """Load and validate a whole registry folder; its registry holds every valid standard."""
    return validate([root], root=root, limits=limits, jobs=jobs)

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

from aiss.compose.check import StandardsOnDisk
from aiss.compose.examples import check_examples
from aiss.compose.exercises import check_exercises
from aiss.compose.tables import KINDS
from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.loading import load_file
from aiss.registry import Registry
from aiss.source import DEFAULT_LIMITS, Limits, gc_paused
from aiss.validation.document import Checked, check_document
from aiss.validation.runner import Result, validate_files
from aiss.versions.change import DiffReport
from aiss.versions.enforce import check_versions
from aiss.versions.render import Pair


@dataclass
class Validation(Result):
    """What validating files (or a registry) found, with what the registry checks computed."""

    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    """(old ref, new ref) -> the diff of two consecutive versions, acknowledged changes marked."""
    reports: dict[tuple[str, str], DiffReport] = field(default_factory=dict)
    """The same diffs with nothing acknowledged, as the versions give them (the site's)."""

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

    def check_file(self, path: Path) -> Checked:
        """A registry file that was not among those validated, read and checked now."""
        return check_file(path, confine_to=self.registry.root, limits=self.limits)


def _versions(run: RegistryRun) -> list[Diagnostic]:
    found = check_versions(run.registry, run.checked, run.check_file)
    run.pairs.update(found.pairs)
    run.reports.update(found.reports)
    return found.diagnostics


def _examples(run: RegistryRun) -> list[Diagnostic]:
    standards = StandardsOnDisk(run.registry.root, run.limits, registry=run.registry, strict=False)
    return check_examples(run.checked, standards)


def _exercises(run: RegistryRun) -> list[Diagnostic]:
    return check_exercises(run.registry, run.checked, run.limits)


REGISTRY_CHECKS: tuple[Callable[[RegistryRun], list[Diagnostic]], ...] = (
    _versions,
    _examples,
    _exercises,
)
"""The whole-registry checks, in the order they run: versions (bump sizes, requirement ids,
the lock, acknowledged changes), examples (each still gets its declared verdict) and exercise
records (standards, procedures, division of work, submissions and their digests and models)."""


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
) -> Validation:
    """Validate `paths` (files or folders) against the registry at `root` (found when None),
    in `jobs` processes (None: AISS_JOBS, else up to 2 when there are many files)."""
    files = validate_files(paths, kinds=KINDS, root=root, limits=limits, jobs=jobs)
    assert files.registry is not None
    run = RegistryRun(files.registry, files.checked, limits)
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
    )


def load_registry(
    root: Path, limits: Limits = DEFAULT_LIMITS, *, jobs: int | None = None
) -> Validation:
    """Load and validate a whole registry folder; its registry holds every valid standard."""
    return validate([root], root=root, limits=limits, jobs=jobs)

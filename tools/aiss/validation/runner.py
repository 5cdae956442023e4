"""Validate files and folders: load, check each document, run the rules, collect everything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.loading import (
    VOCABULARY_DIR,
    discover,
    find_root,
    load_file,
    read_file,
    standard_versions_on_disk,
)
from aiss.models import Standard, Vocabulary
from aiss.registry import Entry, Registry, sha256_bytes
from aiss.source import DEFAULT_LIMITS, Limits, SourceDocument, gc_paused, parse_yaml
from aiss.validation import parallel
from aiss.validation.document import Checked, check_document
from aiss.validation.rules.standard_rules import Context, run_standard_rules
from aiss.validation.schema_pass import validator

RegistryCheck = Callable[[Registry, list[Checked]], list[Diagnostic]]
REGISTRY_CHECKS: list[RegistryCheck] = []
"""Whole-registry checks (immutability, bump rules, examples), registered by later modules."""


@dataclass
class Result:
    """What a validation run found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    registry: Registry | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def _vocabularies(root: Path, limits: Limits) -> tuple[dict[str, Vocabulary], dict[Path, Checked]]:
    """The vocabularies, read first (the rules need their terms), by resolved path."""
    vocabs: dict[str, Vocabulary] = {}
    checked: dict[Path, Checked] = {}
    for f in sorted((root / VOCABULARY_DIR).glob("*.yaml")):
        c = check_document(load_file(f, confine_to=root, limits=limits))
        checked[f.resolve()] = c
        if isinstance(c.model, Vocabulary):
            vocabs[c.model.name] = c.model
    return vocabs, checked


@dataclass(frozen=True)
class _Job:
    """What checking one file needs besides the file: the same in every process."""

    root: Path | None
    terms: dict[str, set[str]]
    existing: frozenset[tuple[str, str]]
    limits: Limits


@dataclass
class _FileResult:
    checked: Checked
    rule_diagnostics: list[Diagnostic]
    entry: Entry | None

    def __getstate__(self) -> dict[str, Any]:
        """Sent from a worker without the model: validating the data again costs less than
        pickling the model (and gives the same model, the data being what it was built from)."""
        c, e = self.checked, self.entry
        return {
            "doc": c.doc,
            "kind": c.kind,
            "diagnostics": c.diagnostics,
            "has_model": c.model is not None,
            "rules": self.rule_diagnostics,
            "entry": (e.path, e.sha256) if e else None,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        doc, kind = state["doc"], state["kind"]
        model = kind.model.model_validate(doc.data) if state["has_model"] else None
        self.checked = Checked(doc, kind, model, state["diagnostics"])
        self.rule_diagnostics = state["rules"]
        self.entry = None
        if state["entry"]:
            assert isinstance(model, Standard)
            self.entry = Entry(model, doc, *state["entry"])


def _check_file(f: Path, job: _Job) -> _FileResult:
    """Read, load, check against model and schema, run the per-file rules; the node tree is
    detached afterwards (it is composed again only if a later check places a diagnostic)."""
    root = job.root
    rf = read_file(
        f, confine_to=root if root and _inside(f, root) else None, max_bytes=job.limits.max_bytes
    )
    if rf.raw is None:
        assert rf.problem is not None
        doc = SourceDocument.failed(rf.display, [rf.problem])
    else:
        doc = parse_yaml(rf.display, rf.raw, job.limits)
    c = check_document(doc)
    rules: list[Diagnostic] = []
    entry = None
    if isinstance(c.model, Standard):
        assert rf.raw is not None
        rules = run_standard_rules(doc, c.model, Context(root, f, job.terms, job.existing))
        entry = Entry(c.model, doc, f, sha256_bytes(rf.raw))
    doc.detach()
    return _FileResult(c, rules, entry)


def _check_files(files: list[Path], job: _Job) -> list[_FileResult]:
    # the loaded documents are kept, so a collection after every file would grow
    # quadratically; nothing here makes reference cycles
    with gc_paused():
        return [_check_file(f, job) for f in files]


def _warm() -> None:
    """Build the standard's validators once, before forking, so no worker builds its own."""
    Standard.model_rebuild()
    validator("standard.schema.json")


def validate(
    paths: list[Path],
    *,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
) -> Result:
    """Validate `paths` (files or folders) against the registry at `root` (found when None),
    in `jobs` processes (None: AISS_JOBS, else up to 2 when there are many files)."""
    files = discover(paths)
    root = root or find_root(paths)
    vocabs: dict[str, Vocabulary] = {}
    known: dict[Path, Checked] = {}
    if root is not None:
        vocabs, known = _vocabularies(root, limits)
    terms = {name: {t.code for t in v.terms} for name, v in vocabs.items()}
    existing = standard_versions_on_disk(root) if root else frozenset()
    job = _Job(root, terms, existing, limits)
    # vocabularies among the files were checked above; everything else is checked now
    read: list[Checked | Path] = [
        known.get(f.resolve(), f) if f.parent.name == VOCABULARY_DIR else f for f in files
    ]
    todo = [f for f in read if isinstance(f, Path)]
    workers = parallel.worker_count(jobs, len(todo))
    if workers > 1:
        _warm()
    with gc_paused():  # results are unpickled here while this process checks its own share
        results = iter(parallel.map_chunks(todo, partial(_check_files, job=job), workers))
    result = Result()
    entries: dict[tuple[str, str], Entry] = {}
    all_checked: list[Checked] = []
    for item in read:
        r = next(results) if isinstance(item, Path) else None
        c = r.checked if r else item
        assert isinstance(c, Checked)
        all_checked.append(c)
        result.files += 1
        result.diagnostics.extend(c.diagnostics)
        if r and r.entry:
            result.diagnostics.extend(r.rule_diagnostics)
            entries[(r.entry.standard.id, r.entry.standard.version)] = r.entry
    registry = Registry(root or Path(), entries, vocabs)
    with gc_paused():
        for check in REGISTRY_CHECKS:
            result.diagnostics.extend(check(registry, all_checked))
    result.registry = registry
    result.diagnostics = sorted_diagnostics(result.diagnostics)
    return result


def _inside(path: Path, root: Path) -> bool:
    try:
        path.absolute().relative_to(root.absolute())
    except ValueError:
        return False
    return True


def load_registry(
    root: Path, limits: Limits = DEFAULT_LIMITS, *, jobs: int | None = None
) -> tuple[Registry, Result]:
    """Load and validate a whole registry folder; the registry holds every valid standard."""
    result = validate([root], root=root, limits=limits, jobs=jobs)
    assert result.registry is not None
    return result.registry, result

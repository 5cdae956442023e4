"""The per-file pass of validation: read, load, check each document against its kind, run the
kind's rules, and collect the registry of valid standards. Whole-registry checks (versions,
the lock, examples) are run on the result by the composition layer (`aiss.compose`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from aiss.diagnostics import Diagnostic
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
from aiss.validation.document import Checked, Kinds, check_document
from aiss.validation.rules.base import Context, run_rules
from aiss.validation.schema_pass import validator


@dataclass
class Result:
    """What the per-file pass found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    registry: Registry | None = None
    checked: list[Checked] = field(default_factory=list)
    """Every document checked, in the order of the files."""

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def _vocabularies(
    root: Path, kinds: Kinds, limits: Limits
) -> tuple[dict[str, Vocabulary], dict[Path, Checked]]:
    """The vocabularies, read first (the rules need their terms), by resolved path."""
    vocabs: dict[str, Vocabulary] = {}
    checked: dict[Path, Checked] = {}
    for f in sorted((root / VOCABULARY_DIR).glob("*.yaml")):
        c = check_document(load_file(f, confine_to=root, limits=limits), kinds)
        if c.model is not None and c.kind is not None and c.kind.rules:
            ctx = Context(root, f, {}, frozenset())
            c.diagnostics.extend(run_rules(c.kind.rules, c.doc, c.model, ctx))
        checked[f.resolve()] = c
        if isinstance(c.model, Vocabulary):
            vocabs[c.model.name] = c.model
    return vocabs, checked


@dataclass(frozen=True)
class _Job:
    """What checking one file needs besides the file: the same in every process."""

    root: Path | None
    kinds: Kinds
    terms: dict[str, set[str]]
    existing: frozenset[tuple[str, str]]
    limits: Limits


@dataclass
class _FileResult:
    checked: Checked
    rule_diagnostics: list[Diagnostic]
    entry: tuple[Path, str] | None
    """(path, sha256) of a standard, whose registry entry is made from the checked model."""

    def registry_entry(self) -> Entry | None:
        if self.entry is None:
            return None
        assert isinstance(self.checked.model, Standard)
        return Entry(self.checked.model, self.checked.doc, *self.entry)


def _check_file(f: Path, job: _Job) -> _FileResult:
    """Read, load, check against model and schema, run the kind's rules; the node tree is
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
    c = check_document(doc, job.kinds)
    rules: list[Diagnostic] = []
    if c.model is not None and c.kind is not None and c.kind.rules:
        ctx = Context(root, f, job.terms, job.existing)
        rules = run_rules(c.kind.rules, doc, c.model, ctx)
    entry = None
    if isinstance(c.model, Standard):
        assert rf.raw is not None
        entry = (f, sha256_bytes(rf.raw))
    doc.detach()
    return _FileResult(c, rules, entry)


def _check_files(files: list[Path], job: _Job) -> list[_FileResult]:
    # the loaded documents are kept, so a collection after every file would grow
    # quadratically; nothing here makes reference cycles
    with gc_paused():
        return [_check_file(f, job) for f in files]


def _warm(kinds: Kinds) -> None:
    """Build each kind's validators once, before forking, so no worker builds its own."""
    for kind in kinds.values():
        if kind.model is Standard:
            Standard.model_rebuild()
            validator(kind.model, kind.schema_name)


def validate_files(
    paths: list[Path],
    *,
    kinds: Kinds,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
) -> Result:
    """Check `paths` (files or folders) against the document kinds `kinds`, with the registry
    at `root` (found when None) as context, in `jobs` processes (None: AISS_JOBS, else up to 2
    when there are many files)."""
    files = discover(paths)
    root = root or find_root(paths)
    vocabs: dict[str, Vocabulary] = {}
    known: dict[Path, Checked] = {}
    if root is not None:
        vocabs, known = _vocabularies(root, kinds, limits)
    terms = {name: {t.code for t in v.terms} for name, v in vocabs.items()}
    existing = standard_versions_on_disk(root) if root else frozenset()
    job = _Job(root, kinds, terms, existing, limits)
    # vocabularies among the files were checked above; everything else is checked now
    read: list[Checked | Path] = [
        known.get(f.resolve(), f) if f.parent.name == VOCABULARY_DIR else f for f in files
    ]
    todo = [f for f in read if isinstance(f, Path)]
    workers = parallel.worker_count(jobs, len(todo))
    if workers > 1:
        _warm(kinds)
    # results are unpickled here while this process checks its own share; collecting the
    # growing heap while the results are gathered would cost more than checking a file
    with gc_paused():
        results = iter(parallel.map_chunks(todo, partial(_check_files, job=job), workers))
        result = Result()
        entries: dict[tuple[str, str], Entry] = {}
        for item in read:
            r = next(results) if isinstance(item, Path) else None
            c = r.checked if r else item
            assert isinstance(c, Checked)
            result.checked.append(c)
            result.files += 1
            result.diagnostics.extend(c.diagnostics)
            if r is not None:
                result.diagnostics.extend(r.rule_diagnostics)
                entry = r.registry_entry()
                if entry is not None:
                    entries[(entry.standard.id, entry.standard.version)] = entry
    result.registry = Registry(root or Path(), entries, vocabs)
    return result


def _inside(path: Path, root: Path) -> bool:
    try:
        path.absolute().relative_to(root.absolute())
    except ValueError:
        return False
    return True

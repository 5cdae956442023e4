"""The per-file pass of validation: read, load, check each document against its kind, run the
kind's rules, and collect the registry of valid standards. Whole-registry checks (versions,
the lock, examples) are run on the result by the composition layer (`aiss.compose`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from aiss.cache import Cache
from aiss.diagnostics import Diagnostic
from aiss.loading import VOCABULARY_DIR, discover, find_root, load_file, standard_versions_on_disk
from aiss.models import Standard, Vocabulary
from aiss.registry import Entry, Registry
from aiss.source import DEFAULT_LIMITS, Limits, gc_paused
from aiss.validation import parallel
from aiss.validation.document import Checked, Kinds, check_document
from aiss.validation.filepass import (
    NAMESPACE,
    Computed,
    FileResult,
    Job,
    compute,
    lookup,
    restore,
)
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


def _check_files(files: list[Path], job: Job) -> list[Computed]:
    # nothing here makes reference cycles, and a collection after every file would cost more
    # than checking it
    cache = Cache(job.cache_root)
    with gc_paused():
        out = [compute(f, job, cache) for f in files]
    cache.flush()
    return out


def _warm(kinds: Kinds) -> None:
    """Build each kind's validators once, before forking, so no worker builds its own."""
    for kind in kinds.values():
        if kind.model is Standard:
            Standard.model_rebuild()
            validator(kind.model, kind.schema_name)


Later = Callable[[Registry, list[Path], Job, Mapping[Path, FileResult]], list[FileResult]]
"""Checks the files set aside (`defer`) once the registry of the others is built (with their
results, by path), and gives their results in order: the examples, each checked against its
standard (`aiss.compose`)."""


def validate_files(
    paths: list[Path],
    *,
    kinds: Kinds,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    cache: Cache | None = None,
    defer: Callable[[Path], bool] | None = None,
    later: Later | None = None,
) -> Result:
    """Check `paths` (files or folders) against the document kinds `kinds`, with the registry
    at `root` (found when None) as context, in `jobs` processes (None: AISS_JOBS, else up to 2
    when there are many files); results of unchanged files come from `cache`. Files for which
    `defer` holds are checked last, by `later`, with the registry the others make."""
    cache = cache or Cache(None)
    files = discover(paths)
    root = root or find_root(paths)
    vocabs: dict[str, Vocabulary] = {}
    known: dict[Path, Checked] = {}
    if root is not None:
        vocabs, known = _vocabularies(root, kinds, limits)
    terms = {name: {t.code for t in v.terms} for name, v in vocabs.items()}
    existing = standard_versions_on_disk(root) if root else frozenset()
    job = Job.make(root, kinds, terms, existing, limits, cache)
    # vocabularies among the files were checked above; everything else is checked now
    read: list[Checked | Path] = [
        known.get(f.resolve(), f) if f.parent.name == VOCABULARY_DIR else f for f in files
    ]
    todo = [f for f in read if isinstance(f, Path)]
    deferred = [f for f in todo if defer is not None and later is not None and defer(f)]
    aside = set(deferred)
    now = [f for f in todo if f not in aside]
    done = _results(now, job, cache, jobs, kinds)
    result = Result()
    entries: dict[tuple[str, str], Entry] = {}
    with gc_paused():
        for f in now:  # in the order of the files: of two files with one version, the last
            entry = done[f].registry_entry()
            if entry is not None:
                entries[(entry.facts.id, entry.facts.version)] = entry
    result.registry = Registry(root or Path(), entries, vocabs)
    if deferred:
        assert later is not None
        done.update(zip(deferred, later(result.registry, deferred, job, done), strict=True))
    for item in read:
        r = done[item] if isinstance(item, Path) else None
        c = r.checked if r is not None else item
        assert isinstance(c, Checked)
        result.checked.append(c)
        result.files += 1
        result.diagnostics.extend(c.diagnostics)
        if r is not None:
            result.diagnostics.extend(r.rule_diagnostics)
    return result


def _results(
    files: list[Path], job: Job, cache: Cache, jobs: int | None, kinds: Kinds
) -> dict[Path, FileResult]:
    """Every file's result: from the cache where it holds one, else checked now (in `jobs`
    processes when there are many)."""
    done: dict[Path, FileResult] = {}
    with gc_paused():
        for f in files if cache.holds(NAMESPACE) else ():
            hit = lookup(f, job, cache)
            if hit is not None:
                done[f] = hit
    misses = [f for f in files if f not in done]
    workers = parallel.worker_count(jobs, len(misses))
    if workers > 1:
        _warm(kinds)
    # results are unpickled here while this process checks its own share; collecting the
    # growing heap while the results are gathered would cost more than checking a file
    # each chunk's payloads restored as they come, and let go; the workers stopped even if
    # taking one in fails
    stream = parallel.each_chunk(misses, partial(_check_files, job=job), workers)
    with gc_paused(), closing(stream):
        for chunk, computed in stream:
            for f, c in zip(chunk, computed, strict=True):
                done[f] = received(f, c, job)
    return done


def received(f: Path, computed: Computed, job: Job) -> FileResult:
    """A file's result as the process that checked it sent it: read back from its stored
    form, as a cache hit is, so a cold run and a warm one give the same results."""
    if isinstance(computed, FileResult):
        return computed
    restored = restore(f, computed, job, held=True)
    assert restored is not None, "a payload just written restores"
    return restored

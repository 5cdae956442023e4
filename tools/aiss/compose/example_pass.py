"""The examples pass of `aiss validate`: each example checked against its standard right after
its own checks, in the same process and while its node tree is alive (so its report's
positions cost nothing), then dropped; what it found is kept apart (`ExampleOutcome`) for the
whole-registry check `_examples` to report, and stored in the cache.

It runs once the registry of standards is built (`validation.runner.validate_files`, `later`),
in worker processes forked from this one, which hold that registry: no standard is parsed
again. An example's outcome is keyed by everything its check reads: its bytes, aiss's code
and the options (the run's context), every file in its folder (samples files, logs,
attestations, whatever it names or may name), the file of the version it claims and of every
other version of that standard (the newest published one is named in its report), the
registry's approvals file and issuers vocabulary (recorded approvals, organisations, keys),
and, for a version the registry does not have, the list of those it has (the hint names one).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import orjson

from aiss.cache import Cache, key
from aiss.compose.check import (
    RecordedApprovals,
    StandardsOnDisk,
    registry_approvals,
    registry_keys,
    registry_organisations,
)
from aiss.compose.examples import ExampleOutcome, example_outcome, folder_claim
from aiss.loading import (
    APPROVALS_FILE,
    VOCABULARY_DIR,
    entry_is,
    identity,
    listing,
    noted_sha256,
    read_if_present,
)
from aiss.models.approvals import Approvals
from aiss.registry import Registry
from aiss.source import Limits, gc_paused
from aiss.validation import parallel
from aiss.validation.filepass import (
    Computed,
    FileResult,
    Job,
    check_file,
    lookup,
    payload_of,
    store,
)
from aiss.validation.runner import received
from aiss.validation.stored import dump_diagnostics, load_diagnostics

NAMESPACE = "example"


def is_example(path: Path) -> bool:
    """Files checked in the examples pass: those in a version's `examples/` folder."""
    return folder_claim(path) is not None


def dump_outcome(o: ExampleOutcome) -> bytes:
    parts = (o.names, o.problems, o.invalid, o.mismatch)
    return orjson.dumps([o.invalid_ref, *(dump_diagnostics(list(p)) for p in parts)])


def load_outcome(raw: bytes) -> ExampleOutcome:
    ref, names, problems, invalid, mismatch = orjson.loads(raw)
    if ref is not None and not isinstance(ref, str):
        raise TypeError("not a reference")
    return ExampleOutcome(
        tuple(load_diagnostics(names)),
        tuple(load_diagnostics(problems)),
        ref,
        tuple(load_diagnostics(invalid)),
        tuple(load_diagnostics(mismatch)),
    )


def _file_state(path: Path) -> str:
    """What a file is, for a key: the sha256 of its bytes, where a link leads, `other` for
    what is neither file nor link (a fifo is never opened: that would wait for a writer), or
    absent."""
    if path.is_symlink():
        return "link:" + os.path.realpath(path)
    if not path.is_file():
        return "other" if path.exists() else "absent"
    return _bytes_state(path)


def _entry_state(e: os.DirEntry[str]) -> str:
    """`_file_state` of a listed entry, its type from the listing; the digest of a file this
    process read in the state it is in now (the example itself, the logs its check read) is
    the one of the bytes it read (`loading.noted_sha256`), not read again."""
    if e.is_symlink():
        return "link:" + os.path.realpath(e.path)
    if not entry_is(e, "file"):
        return "other"
    try:
        noted = noted_sha256(identity(e.stat(follow_symlinks=False)))
    except OSError:  # gone since it was listed: its bytes tell
        noted = None
    return noted if noted is not None else _bytes_state(Path(e.path))


def _bytes_state(path: Path) -> str:
    raw = read_if_present(path)
    return hashlib.sha256(raw).hexdigest() if raw is not None else "absent"


def _folder_parts(here: str, rel: str, parts: list[str]) -> None:
    """`_Deps.folder`'s lines for `here` (shown as `rel`) and below: its links to folders,
    then its other entries, then each folder below, in name order."""
    entries = sorted(listing(here) or (), key=lambda e: e.name)
    dirs = [e for e in entries if entry_is(e, "dir")]  # links to folders too, as os.walk lists
    parts += [f"{rel}{e.name}/ {_entry_state(e)}" for e in dirs if e.is_symlink()]
    parts += [f"{rel}{e.name} {_entry_state(e)}" for e in entries if not entry_is(e, "dir")]
    for e in dirs:
        if not e.is_symlink():
            _folder_parts(e.path, f"{rel}{e.name}/", parts)


@dataclass
class _Deps:
    """The registry's side of an example's key, each part computed once per run."""

    registry: Registry
    job: Job
    context: str
    folders: dict[Path, str] = field(default_factory=dict)
    standards: dict[tuple[str, str], str] = field(default_factory=dict)

    def folder(self, folder: Path) -> str:
        """Every entry below `folder`: its path and state (links are not followed), folder by
        folder as `os.walk` goes, names sorted."""
        if folder not in self.folders:
            parts: list[str] = []
            _folder_parts(os.fspath(folder), "", parts)
            self.folders[folder] = key(*parts)
        return self.folders[folder]

    def standard(self, sid: str, version: str) -> str:
        if (sid, version) not in self.standards:
            entry = self.registry.get(sid, version)
            self.standards[(sid, version)] = (
                entry.sha256
                if entry is not None
                else _file_state(self.registry.root / sid / version / "standard.yaml")
            )
        return self.standards[(sid, version)]

    def example_key(self, r: FileResult) -> str | None:
        if r.sha256 is None:
            return None
        shown = r.checked.doc.path
        parts = [self.context, shown, r.sha256, self.folder(Path(shown).parent)]
        if r.claim is not None:
            sid, version = r.claim
            parts += [sid, version, self.standard(sid, version)]
            parts += [f"{v} {self.standard(sid, v)}" for v in self.job.by_id.get(sid, [])]
            if (sid, version) not in self.job.existing:
                parts.append(orjson.dumps(sorted(self.job.existing)).decode())
        return key(*parts)


def _recorded(read: FileResult) -> RecordedApprovals:
    """The approvals a checked approvals file records (`registry_approvals`, read before)."""
    model = read.checked.model
    return RecordedApprovals(model.approvals if isinstance(model, Approvals) else ())


@dataclass
class ExamplesPass:
    """`later` of the per-file pass: the examples, checked; their outcomes by display path."""

    limits: Limits
    cache: Cache
    jobs: int | None = None
    outcomes: dict[str, ExampleOutcome] = field(default_factory=dict)

    def __call__(
        self, registry: Registry, paths: list[Path], job: Job, checked: Mapping[Path, FileResult]
    ) -> list[FileResult]:
        root = registry.root
        standards = StandardsOnDisk(root, self.limits, registry=registry, strict=False)
        # the approvals file as the first pass read it, when it was among its files (a
        # registry's: 2,000 approvals are 0.1 s to read again, before any example is checked)
        read = checked.get(root / APPROVALS_FILE)
        check = partial(
            example_outcome,
            standards=standards,
            approvals=_recorded(read)
            if read is not None
            else registry_approvals(root, self.limits),
            organisations=registry_organisations(root),
            keys=registry_keys(root),
        )
        context = key(
            job.context,
            NAMESPACE,
            _file_state(root / APPROVALS_FILE),
            _file_state(root / VOCABULARY_DIR / "issuers.yaml"),
        )
        deps = _Deps(registry, job, context)
        done: dict[Path, tuple[FileResult, ExampleOutcome]] = {}
        with gc_paused():
            for f in paths if self.cache.holds(NAMESPACE) else ():
                hit = self._hit(f, job, deps)
                if hit is not None:
                    done[f] = hit
        misses = [f for f in paths if f not in done]
        work = partial(_check_examples, job=job, check=check, deps=deps)
        workers = parallel.worker_count(self.jobs, len(misses))
        # each chunk's payloads restored as they come, and let go; the workers stopped even if
        # taking one in fails
        stream = parallel.each_chunk(misses, work, workers)
        with gc_paused(), closing(stream):
            for chunk, computed in stream:
                for f, (c, raw) in zip(chunk, computed, strict=True):
                    done[f] = (received(f, c, job), load_outcome(raw))
        out = []
        for f in paths:
            r, found = done[f]
            self.outcomes[r.checked.doc.path] = found
            out.append(r)
        return out

    def _hit(self, f: Path, job: Job, deps: _Deps) -> tuple[FileResult, ExampleOutcome] | None:
        r = lookup(f, job, self.cache)
        k = deps.example_key(r) if r is not None else None
        raw = self.cache.get(NAMESPACE, k) if k is not None else None
        if r is None or raw is None:
            return None
        try:
            return r, load_outcome(raw)
        except (ValueError, TypeError):
            self.cache.rejected += 1
            return None


def _check_examples(
    files: list[Path], *, job: Job, check: partial[ExampleOutcome], deps: _Deps
) -> list[tuple[Computed, bytes]]:
    cache = Cache(job.cache_root)
    out: list[tuple[Computed, bytes]] = []
    with gc_paused():
        for f in files:
            r = check_file(f, job, keep_tree=True)
            shown = Path(r.checked.doc.path)
            outcome = check(r.checked) if is_example(shown) else ExampleOutcome()
            r.checked.doc.detach()
            raw = dump_outcome(outcome)
            payload = payload_of(r, job)
            k = deps.example_key(r) if cache.enabled else None  # reads its folder: only to store
            if payload is not None:
                store(cache, r, payload)
                if k is not None:
                    cache.put(NAMESPACE, k, raw)
            out.append((payload if payload is not None else r, raw))
    cache.flush()
    return out

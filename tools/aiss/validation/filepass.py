"""One file of the per-file pass: read, parse, check against its kind, run its rules; or, when
the cache holds the result of the same bytes under the same code, options and registry
context, that result (`aiss.validation.stored`).

A cached result is keyed by the file's sha256, its paths (as shown, below the registry, and
resolved), the code digest (`aiss.cache.code_digest`), the limits, the registry folder and its
vocabularies' terms. The other versions on disk, which a standard's links or an exercise's
references are checked against, are not in the key (adding a version would then invalidate
every file): the entry records the ids whose versions its rules looked up, with the versions
there were, and is trusted only while they are the same.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import zstandard

from aiss.cache import Cache, code_digest, key
from aiss.diagnostics import Diagnostic
from aiss.errors import UsageError
from aiss.loading import display_path, note_sha256, read_file
from aiss.models import Standard
from aiss.registry import Entry, Facts, sha256_bytes
from aiss.source import Limits, SourceDocument, parse_yaml
from aiss.source.yamlcheck import decode
from aiss.source.yamldoc import YamlPositions
from aiss.validation.document import Checked, Kinds, check_document
from aiss.validation.rules.base import Context, run_rules
from aiss.validation.stored import (
    STORE_VERSION,
    LazyDocument,
    StoredChecked,
    dump_diagnostics,
    dump_facts,
    exact_json,
    load_diagnostics,
    load_facts,
    versions_by_id,
    versions_seen,
)

NAMESPACE = "file"


class _Looked(frozenset[tuple[str, str]]):
    """The existing versions, recording which ids a rule asked about (`*`: it listed them)."""

    asked: set[str]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, tuple) and item:
            self.asked.add(str(item[0]))
        return super().__contains__(item)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        self.asked.add("*")
        return super().__iter__()


def _digest_of(existing: frozenset[tuple[str, str]]) -> str:
    return hashlib.sha256(orjson.dumps(sorted(existing))).hexdigest()


@dataclass(frozen=True)
class Job:
    """What checking one file needs besides the file: the same in every process."""

    root: Path | None
    kinds: Kinds
    terms: dict[str, set[str]]
    existing: frozenset[tuple[str, str]]
    limits: Limits
    cache_root: Path | None = None
    context: str = field(default="", compare=False)
    by_id: dict[str, list[str]] = field(default_factory=dict, compare=False)
    """The existing versions by id (`stored.versions_by_id`), for the cache's look-up checks."""

    @classmethod
    def make(
        cls,
        root: Path | None,
        kinds: Kinds,
        terms: dict[str, set[str]],
        existing: frozenset[tuple[str, str]],
        limits: Limits,
        cache: Cache,
    ) -> Job:
        context = ""
        if cache.enabled:
            shown = display_path(root) if root is not None else ""
            vocab = orjson.dumps({k: sorted(v) for k, v in sorted(terms.items())})
            bounds = f"{limits.max_bytes}/{limits.max_nodes}/{limits.max_depth}/{limits.max_string}"
            context = key(code_digest(), STORE_VERSION.__str__(), shown, bounds, vocab)
        by_id = versions_by_id(existing)
        return cls(root, kinds, terms, existing, limits, cache.root, context, by_id)

    def confine(self, f: Path) -> Path | None:
        root = self.root
        return root if root and _inside(f, root) else None


@dataclass
class FileResult:
    checked: Checked
    rule_diagnostics: list[Diagnostic]
    entry: tuple[Path, str, Facts] | None = None
    """(path, sha256, facts) of a standard, whose registry entry is made from the checked model."""
    sha256: str | None = None
    """Of the bytes read (None: not read)."""
    cached: bool = False
    claim: tuple[str, str] | None = None
    """The standard version the document claims (a submission's `standard`)."""
    key: str | None = field(default=None, repr=False)
    """Its cache key, once computed."""
    asked: set[str] = field(default_factory=set, repr=False)
    """The ids whose versions its rules looked up (`*`: all)."""

    def registry_entry(self) -> Entry | None:
        if self.entry is None:
            return None
        path, sha, facts = self.entry
        checked = self.checked
        if isinstance(checked, StoredChecked):

            def make() -> Standard:
                # not kept by `checked` (nor its data by its document): the entry holds it
                # until it lets it go (`Entry.release`)
                model = checked.fresh_model()
                assert isinstance(model, Standard)
                return model

            return Entry(None, checked.doc, path, sha, facts=facts, make=make)
        assert isinstance(checked.model, Standard)
        return Entry(checked.model, checked.doc, path, sha, facts=facts)


def _file_key(job: Job, f: Path, shown: str, real: Path | None, sha: str) -> str:
    """The key of a file's result: the run's context, where the file is (as given, resolved,
    and as shown: the rules and messages depend on its place in the registry) and its bytes."""
    return key(job.context, shown, os.path.abspath(f), str(real), sha)  # noqa: PTH100 - lexical


Computed = bytes | FileResult
"""What checking a file gives to the process that asked: its stored form (a payload, which
`restore` reads back exactly as a cache hit is read), or, for a file whose data JSON cannot
carry exactly, the result itself."""


def lookup(f: Path, job: Job, cache: Cache) -> FileResult | None:
    """The cached result of `f`, when the cache holds one that can be trusted; None otherwise
    (the file must then be checked)."""
    if not cache.enabled:
        return None
    rf = read_file(f, confine_to=job.confine(f), max_bytes=job.limits.max_bytes)
    if rf.raw is None:
        return None
    sha = sha256_bytes(rf.raw)
    payload = cache.get(NAMESPACE, _file_key(job, f, rf.display, rf.real, sha))
    if payload is None:
        return None
    try:
        return restore(f, payload, job)
    except (ValueError, TypeError, KeyError, IndexError, AssertionError):
        cache.rejected += 1  # a well-formed entry that does not say what we wrote: not trusted
        return None


def _parts(payload: bytes) -> tuple[Any, bytes]:
    """A stored form's head (parsed) and its data JSON (as `payload_of` writes them)."""
    size, _, rest = payload.partition(b"\n")
    return orjson.loads(rest[: int(size)]), rest[int(size) :]


def restore(f: Path, payload: bytes, job: Job, *, held: bool = False) -> FileResult | None:
    """A file's result from its stored form; None when the registry context it depended on
    (the versions its rules looked up) has changed. With `held` (a result checked in this
    run), a standard's data is kept with it, compressed (`_held`)."""
    head, blob = _parts(payload)
    if head["v"] != STORE_VERSION:
        return None
    looked = head["versions"]
    if "*" in looked:
        if looked["*"] != _digest_of(job.existing):
            return None
    elif versions_seen(job.by_id, looked) != looked:
        return None
    kind = job.kinds[head["kind"]] if head["kind"] is not None else None
    diags = load_diagnostics(head["diagnostics"])
    shown, sha = head["path"], head["sha256"]

    def text() -> str:  # read again only to place a diagnostic (or to publish the file)
        return decode(shown, read_file(f).raw or b"")[0] or ""

    facts = load_facts(head["facts"])
    # where the cache holds the data, it is read back from there when asked for (few are),
    # but for a standard checked in this run, whose examples make its model again from it
    data: bytes | Callable[[], bytes] = blob
    if job.cache_root is not None:
        data = _held(blob) if held and facts is not None else partial(stored_data, f, job, sha)
    doc = LazyDocument(shown, data, text, diags[: head["doc"]], YamlPositions.from_text())
    checked = StoredChecked(doc, kind, head["model"], diags, head["restricted"])
    entry = (f, sha, facts) if facts is not None else None
    claim = tuple(head["claim"]) if head["claim"] is not None else None
    return FileResult(
        checked, load_diagnostics(head["rules"]), entry, sha, cached=True, claim=claim
    )


_THREAD = threading.local()
"""This thread's zstd compressor and decompressor (`_zstd`): making one costs about as much as
compressing a standard's data, and one must not be used by two threads at once (`aiss
serve` validates in a thread of its own)."""


def _zstd() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    made: tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor] | None = getattr(
        _THREAD, "zstd", None
    )
    if made is None:
        made = _THREAD.zstd = (zstandard.ZstdCompressor(level=1), zstandard.ZstdDecompressor())
    return made


def _unpacked(packed: bytes) -> bytes:
    return _zstd()[1].decompress(packed)


def _held(blob: bytes) -> Callable[[], bytes]:
    """`blob`, held compressed until asked for: a 20 KB standard's data in ~7 KB, 0.05 ms to
    compress, 0.02 ms to give back, where reading it back from the file and the cache costs
    ~0.5 ms (each of a registry's standards is asked for once, by its examples)."""
    packed = _zstd()[0].compress(blob)  # made at the size the data could need, then shrunk:
    # kept as a copy of its own size, so that the space it gave up is no hole left in the heap
    return partial(_unpacked, bytes(memoryview(packed)))


def stored_data(f: Path, job: Job, sha: str) -> bytes:
    """The data JSON of `f`, whose result was restored with `sha256` `sha` but without its data
    (`restore`): from the cache, or, when it no longer holds the entry, from the file parsed
    again. The file must hold those bytes still: a file changed while the run was reading it
    is a usage error (run the command again), never data other than what was checked."""
    rf = read_file(f, confine_to=job.confine(f), max_bytes=job.limits.max_bytes)
    if rf.raw is None or sha256_bytes(rf.raw) != sha:
        raise UsageError(
            f"{display_path(f)} changed while this run was reading it: run the command again"
        )
    payload = Cache(job.cache_root).get(NAMESPACE, _file_key(job, f, rf.display, rf.real, sha))
    if payload is not None:
        try:
            head, blob = _parts(payload)
            if head["sha256"] == sha:
                return blob
        except (ValueError, TypeError, KeyError):
            pass  # not trusted: made again below
    again = exact_json(parse_yaml(rf.display, rf.raw, job.limits).data)
    assert again is not None, "data stored once is stored exactly again"
    return again


def check_file(f: Path, job: Job, *, keep_tree: bool = False) -> FileResult:
    """Read, load, check against model and schema, run the kind's rules; the node tree is
    detached afterwards (it is composed again only if a later check places a diagnostic),
    unless `keep_tree` (a later step of the same pass places its own)."""
    rf = read_file(f, confine_to=job.confine(f), max_bytes=job.limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        doc = SourceDocument.failed(rf.display, [rf.problem])
    else:
        doc = parse_yaml(rf.display, rf.raw, job.limits)
    c = check_document(doc, job.kinds)
    rules: list[Diagnostic] = []
    looked = _Looked(job.existing)
    looked.asked = set()
    if c.model is not None and c.kind is not None and c.kind.rules:
        ctx = Context(job.root, f, job.terms, looked)
        rules = run_rules(c.kind.rules, doc, c.model, ctx)
    entry = None
    sha = sha256_bytes(rf.raw) if rf.raw is not None else None
    if sha is not None:
        note_sha256(rf.state, sha)  # the examples' key covers the files of their folder
    if isinstance(c.model, Standard) and c.kind is not None:
        assert sha is not None
        digest = c.kind.digest(doc.data) if c.kind.digest else None
        entry = (f, sha, Facts.of(c.model, digest, digested=c.kind.digest is not None))
    if not keep_tree:
        doc.detach()
    result = FileResult(c, rules, entry, sha, claim=_claim(doc.data))
    result.key = _file_key(job, f, rf.display, rf.real, sha) if sha is not None else None
    result.asked = looked.asked
    return result


def compute(f: Path, job: Job, cache: Cache | None = None) -> Computed:
    """`check_file`, stored in `cache` when there is one, in the form `restore` reads."""
    result = check_file(f, job)
    payload = payload_of(result, job)
    if payload is None:
        return result
    if cache is not None and result.key is not None:
        cache.put(NAMESPACE, result.key, payload)
    return payload


def payload_of(r: FileResult, job: Job) -> bytes | None:
    """The stored form of a result; None when its data does not survive JSON exactly (or the
    file could not be read: nothing to key it by)."""
    c = r.checked
    blob = exact_json(c.doc.data)
    if blob is None or r.sha256 is None:
        return None
    versions: dict[str, Any] = (
        {"*": _digest_of(job.existing)} if "*" in r.asked else versions_seen(job.by_id, r.asked)
    )
    head = orjson.dumps(
        {
            "v": STORE_VERSION,
            "path": c.doc.path,
            "sha256": r.sha256,
            "kind": c.kind.kind if c.kind is not None else None,
            "model": c.model is not None,
            "doc": len(c.doc.diagnostics),
            "diagnostics": dump_diagnostics(c.diagnostics),
            "rules": dump_diagnostics(r.rule_diagnostics),
            "restricted": c.restricted,
            "facts": dump_facts(r.entry[2]) if r.entry else None,
            "claim": list(r.claim) if r.claim is not None else None,
            "versions": versions,
        }
    )
    return b"%d\n" % len(head) + head + blob


def store(cache: Cache, r: FileResult, payload: bytes) -> None:
    """Keep a computed result's payload for the next run."""
    if r.key is not None:
        cache.put(NAMESPACE, r.key, payload)


def _claim(data: Any) -> tuple[str, str] | None:
    """The standard version a document claims (`standard: {id, version}`), when it does."""
    std = data.get("standard") if isinstance(data, dict) else None
    if isinstance(std, dict):
        sid, version = std.get("id"), std.get("version")
        if isinstance(sid, str) and isinstance(version, str):
            return sid, version
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.absolute().relative_to(root.absolute())
    except ValueError:
        return False
    return True

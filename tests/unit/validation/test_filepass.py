"""A file's result restored from its stored form (`aiss.validation.filepass`): where the cache
holds the entry, its data is not held but read back when asked for, from the cache or from
the file parsed again, and only while the file holds the bytes it was checked with; but a
standard checked in this run holds its data, compressed."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from aiss.cache import DATABASE, Cache
from aiss.compose.tables import KINDS
from aiss.errors import UsageError
from aiss.loading import load_file
from aiss.source import DEFAULT_LIMITS
from aiss.validation import filepass
from aiss.validation.filepass import Job, compute, lookup, restore
from aiss.validation.stored import LazyDocument

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "standards" / "AISS-ARA-001" / "1.0.0" / "standard.yaml"


def _setup(tmp_path: Path, cache: Cache) -> tuple[Path, Job]:
    root = tmp_path / "standards"
    f = root / "AISS-ARA-001" / "1.0.0" / "standard.yaml"
    f.parent.mkdir(parents=True)
    shutil.copyfile(SHIPPED, f)
    job = Job.make(root, KINDS, {}, frozenset({("AISS-ARA-001", "1.0.0")}), DEFAULT_LIMITS, cache)
    return f, job


def _expected(f: Path) -> object:
    return load_file(f).data


def _stored(f: Path, job: Job, cache: Cache) -> bytes:
    """`f` checked and its stored form written to `cache`, as a worker does."""
    payload = compute(f, job, cache)
    assert isinstance(payload, bytes)
    cache.flush()
    return payload


def test_a_result_restored_with_a_cache_reads_its_data_back_when_asked(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    f, job = _setup(tmp_path, cache)
    _stored(f, job, cache)
    hit = lookup(f, job, cache)
    assert hit is not None and isinstance(hit.checked.doc, LazyDocument)
    assert hit.checked.doc.fresh_data() == _expected(f)
    with sqlite3.connect(tmp_path / "cache" / DATABASE) as db:
        db.execute("DELETE FROM entry")  # the cache no longer holds it: the file is read
    assert Cache(tmp_path / "cache").get("file", hit.key or "") is None
    assert hit.checked.doc.fresh_data() == _expected(f)
    assert hit.checked.doc.data == _expected(f)  # asked for as `data`, it is kept
    f.write_text("changed: true\n")
    assert hit.checked.doc.data == _expected(SHIPPED)


def test_a_file_changed_since_it_was_checked_is_a_usage_error(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    f, job = _setup(tmp_path, cache)
    restored = restore(f, _stored(f, job, cache), job)
    assert restored is not None and isinstance(restored.checked.doc, LazyDocument)
    f.write_bytes(f.read_bytes().replace(b"AISS-ARA-001", b"AISS-ARA-002", 1))
    with pytest.raises(UsageError, match="changed while this run was reading it"):
        restored.checked.doc.fresh_data()
    f.unlink()
    with pytest.raises(UsageError, match="run the command again"):
        _ = restored.checked.doc.data


def test_without_a_cache_the_data_is_held(tmp_path: Path) -> None:
    f, job = _setup(tmp_path, Cache(None))
    restored = restore(f, _stored(f, job, Cache(None)), job)
    assert restored is not None and isinstance(restored.checked.doc, LazyDocument)
    expected = _expected(f)
    f.unlink()  # nothing is read again: the data came with the result
    assert restored.checked.doc.fresh_data() == expected == restored.checked.doc.data


def test_a_standard_checked_in_this_run_holds_its_data_compressed(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    f, job = _setup(tmp_path, cache)
    payload = _stored(f, job, cache)
    expected = _expected(f)
    restored = restore(f, payload, job, held=True)
    assert restored is not None and isinstance(restored.checked.doc, LazyDocument)
    shutil.rmtree(tmp_path / "cache")
    f.unlink()  # neither the cache nor the file is read: the data came with the result
    assert restored.checked.doc.fresh_data() == expected
    assert restored.checked.doc.fresh_data() == expected  # as often as asked
    assert restored.checked.doc.data == expected
    assert restored.checked.model is not None  # its model is made from it


def test_held_data_is_packed_by_each_thread_with_its_own_zstd_objects() -> None:
    # a zstd compressor must not be used by two threads at once (`aiss serve` validates in one)
    made: dict[str, object] = {}
    blobs = [bytes(range(256)) * (k + 1) for k in range(50)]
    back: dict[str, list[bytes]] = {}

    def work(name: str) -> None:
        made[name] = filepass._zstd()
        back[name] = [filepass._held(b)() for b in blobs]

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(m) for m in made.values()}) == 4
    assert all(got == blobs for got in back.values())

"""`aiss validate`'s cache of per-file results (`aiss.cache`): a warm run reports exactly what
a cold one and `--no-cache` do; a change of a file, of what its rules read or of the registry
context misses the cache; corrupt or forged entries are ignored, never trusted, and replaced;
whole-registry checks run on every run; `--no-cache` and `AISS_CACHE_DIR=off` store nothing;
concurrent runs share a cache, and a run killed while writing leaves nothing that is read."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from subprocess import Popen

import pytest
from click.testing import CliRunner

from aiss.cache import FORMAT, Cache
from aiss.cli.main import cli
from aiss.compose.validate import validate
from aiss.diagnostics import Diagnostic
from tests.support import cache_rows

REPO = Path(__file__).resolve().parents[2]
FAILING_EXAMPLES = ("conformant.yaml", "incomplete.yaml")
"""The shipped examples that cite Inspect logs standards/ does not carry (yet)."""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A copy of the shipped registry, without the examples that need missing logs: clean."""
    root = tmp_path / "standards"
    shutil.copytree(REPO / "standards", root)
    for name in FAILING_EXAMPLES:
        for f in root.glob(f"*/*/examples/{name}"):
            f.unlink()
    return root


def _run(root: Path, cache: Path | str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["validate", *extra, str(root)], env={"AISS_CACHE_DIR": str(cache)}
    )
    return result.exit_code, result.output


def _entries(cache: Path) -> list[tuple[str, str, bytes]]:
    return cache_rows.entries(cache)


def _validate(root: Path, cache: Cache) -> list[Diagnostic]:
    return list(validate([root], cache=cache).diagnostics)


def test_a_warm_run_reports_what_a_cold_run_and_no_cache_do(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bare = _run(registry, cache, "--no-cache")
    assert _entries(cache) == []
    cold = _run(registry, cache)
    assert _entries(cache), "the cold run stored its results"
    warm = _run(registry, cache)
    assert bare == cold == warm
    assert bare[0] == 0, bare[1]


def test_every_file_is_a_hit_when_nothing_changed(registry: Path, tmp_path: Path) -> None:
    first, second = Cache(tmp_path / "c"), Cache(tmp_path / "c")
    cold = _validate(registry, first)
    assert (
        first.hits == first.misses == 0
    )  # a first run has nothing to look up: it looks nothing up
    warm = _validate(registry, second)
    assert warm == cold
    assert second.misses == 0 and second.rejected == 0 and second.hits > 0
    edited = next(registry.glob("*/*/examples/*.yaml"))
    edited.write_text(edited.read_text() + "# edited\n")
    third = Cache(tmp_path / "c")
    assert _validate(registry, third) == cold  # a comment: the same report
    # its own file, and the outcome of each example beside it (their key holds their folder)
    siblings = len(list(edited.parent.glob("*.yaml"))) - 1
    assert third.misses == 1 + siblings and third.hits > 0


def test_no_cache_and_off_store_nothing(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _run(registry, cache, "--no-cache")[0] == 0
    assert _entries(cache) == []
    cwd_before = sorted(Path.cwd().iterdir())
    assert _run(registry, "off")[0] == 0
    assert sorted(Path.cwd().iterdir()) == cwd_before  # no folder named "off"


def test_an_edited_file_is_checked_again(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _run(registry, cache)[0] == 0
    std = registry / "AISS-RPT-001" / "1.1.0" / "standard.yaml"
    std.write_text(std.read_text().replace("\nstatus: ", "\nstatus: not-a-status\nstatus0: ", 1))
    code, out = _run(registry, cache)
    assert code == 1, out
    assert "AISS-RPT-001/1.1.0/standard.yaml" in out
    assert _run(registry, cache, "--no-cache") == (code, out)


def test_an_example_checked_again_when_its_standard_or_folder_changes(
    registry: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert _run(registry, cache)[0] == 0
    example = registry / "AISS-SAF-001" / "1.0.0" / "examples" / "non-conformant.yaml"
    # a file beside the example (a samples file, a log) is part of the example's key
    (example.parent / "samples.jsonl").write_text("not json\n")
    assert _run(registry, cache) == _run(registry, cache, "--no-cache")
    # so is the verdict it declares
    text = example.read_text()
    assert "non_conformant" in text
    example.write_text(text.replace("non_conformant", "conformant"))
    code, out = _run(registry, cache)
    assert code == 1 and "example-verdict-mismatch" in out, out
    assert _run(registry, cache, "--no-cache") == (code, out)


def test_a_vocabulary_change_misses_every_entry(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _run(registry, cache)[0] == 0
    vocab = registry / "vocabularies" / "risk-domains.yaml"
    text = vocab.read_text()
    assert "code: loss_of_control\n" in text
    vocab.write_text(text.replace("code: loss_of_control\n", "code: loss_of_control_x\n"))
    code, out = _run(registry, cache)
    assert code == 1, out
    assert "loss_of_control" in out
    assert _run(registry, cache, "--no-cache") == (code, out)


def test_whole_registry_checks_run_on_a_warm_run(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _run(registry, cache)[0] == 0
    lock = registry / "registry.lock"
    lines = lock.read_text().splitlines(keepends=True)
    lock.write_text("".join(line for line in lines if "AISS-SAF-001@1.0.0" not in line))
    code, out = _run(registry, cache)
    assert code == 1 and "AISS-SAF-001" in out, out
    assert _run(registry, cache, "--no-cache") == (code, out)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "forged", "other-format", "empty"])
def test_a_damaged_entry_is_ignored_and_replaced(
    registry: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    std = registry / "AISS-RPT-001" / "1.1.0" / "standard.yaml"
    std.write_text(std.read_text().replace("\nstatus: ", "\nstatus: not-a-status\nstatus0: ", 1))
    expected = _run(registry, cache, "--no-cache")
    assert expected[0] == 1
    assert _run(registry, cache) == expected

    def damaged(raw: bytes) -> bytes:
        if damage == "truncated":
            return raw[: len(raw) // 2]
        if damage == "flipped":
            return raw[:-1] + bytes([raw[-1] ^ 1])
        if damage == "forged":  # a well-formed entry whose payload says nothing we wrote
            payload = b"2\n{}"
            return FORMAT + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        if damage == "other-format":
            return b"aiss-cache 0\n" + raw[len(FORMAT) :]
        return b""

    assert cache_rows.damage(cache, damaged) > 0
    counted = Cache(cache)
    assert _validate(registry, counted) == _validate(registry, Cache(None))
    assert counted.rejected > 0
    assert _run(registry, cache) == expected
    healed = Cache(cache)
    _validate(registry, healed)
    assert healed.rejected == 0 and healed.misses == 0, "damaged entries were rewritten"


def _process(
    root: Path, cache: Path, *extra: str, env: dict[str, str] | None = None
) -> Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "aiss", "validate", *extra, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "AISS_CACHE_DIR": str(cache), **(env or {})},
    )


def test_concurrent_runs_share_one_cache_safely(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = _process(registry, cache, "--no-cache").communicate()
    runs = [_process(registry, cache) for _ in range(4)]  # all writing the same entries
    assert [p.communicate() for p in runs] == [expected] * 4
    assert all(p.returncode == 0 for p in runs)
    after = Cache(cache)
    _validate(registry, after)
    assert after.misses == 0 and after.rejected == 0
    names = {p.name for p in cache.iterdir()}
    assert "entries.sqlite3" in names
    assert names <= {"entries.sqlite3", "entries.sqlite3-wal", "entries.sqlite3-shm"}, (
        "one database and its write-ahead log, nothing half-written beside them"
    )


@pytest.mark.parametrize(
    "garbage", [b"not a database at all\n" * 100, b"SQLite format 3\0" + b"\xff" * 2000]
)
def test_a_database_that_is_not_one_is_set_aside_and_made_again(
    registry: Path, tmp_path: Path, garbage: bytes
) -> None:
    cache = tmp_path / "cache"
    expected = _run(registry, cache, "--no-cache")
    cache.mkdir()
    (cache / "entries.sqlite3").write_bytes(garbage)
    assert _run(registry, cache) == expected
    assert _entries(cache), "the run made a new database and stored its results"
    warm = Cache(cache)
    assert _validate(registry, warm) == _validate(registry, Cache(None))
    assert warm.misses == 0 and warm.rejected == 0


def test_a_run_killed_while_writing_leaves_no_entry_that_is_read(
    registry: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    killed = _process(registry, cache, env={"AISS_FAULT_INJECTION": "kill-mid-write"})
    killed.communicate()
    assert killed.returncode == -signal.SIGKILL, "killed inside its first transaction"
    assert _entries(cache) == [], "nothing of the killed transaction is in the database"
    expected = _process(registry, cache, "--no-cache").communicate()
    counted = Cache(cache)
    _validate(registry, counted)
    assert counted.rejected == 0  # the half-written file is not an entry
    assert _process(registry, cache).communicate() == expected

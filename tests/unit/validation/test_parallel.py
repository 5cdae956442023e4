"""Checking files in two processes gives exactly what one process gives, positions included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aiss.compose.validate import validate
from aiss.source import yamldoc as yamlio
from aiss.validation import parallel, runner

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "registry"
TEMPLATE = (FIXTURE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")

EXTRA_REQUIREMENT = """\
  - id: R-03
    level: SHOULD
    category: disclosure
    title: Extra disclosure
    text: The report SHOULD disclose the extra item.
    check: {type: metric_reported, metric: M-SOLVE}
"""


def _registry(root: Path, count: int, *, broken: bool) -> None:
    shutil.copytree(FIXTURE / "vocabularies", root / "vocabularies")
    for i in range(count):
        sid = f"AISS-GEN-{i:03d}"
        text = TEMPLATE.replace("AISS-TST-001", sid)
        if broken and i == 3:
            text = text.replace("title: Minimal", "titel: Minimal")  # a key typo
        if broken and i == 7:
            text = text.replace("metric: M-SOLVE}", "metric: M-NOPE}")  # a dangling reference
        if broken and i == 11:
            text = text.replace("marking: TLP:CLEAR", "marking: TLP:CLEAR\nmarking: TLP:CLEAR")
        path = root / sid / "1.0.0" / "standard.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    if broken:  # a second version whose number does not fit its change: a registry check
        newer = (
            TEMPLATE.replace("AISS-TST-001", "AISS-GEN-005")
            .replace('version: "1.0.0"\ntitle', 'version: "1.0.1"\ntitle')
            .replace("reporting:", EXTRA_REQUIREMENT + "reporting:", 1)
            .replace(
                "changelog:\n",
                'changelog:\n  - version: "1.0.1"\n    date: 2026-03-01\n'
                "    changes: [Adds R-03.]\n",
            )
        )
        path = root / "AISS-GEN-005" / "1.0.1" / "standard.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(newer, encoding="utf-8")


def _shown(result: runner.Result) -> list[tuple[str, str, int, int, str, str | None]]:
    return [(d.path, d.code, d.line, d.column, d.message, d.hint) for d in result.diagnostics]


def compare_one_and_two_processes(root: Path) -> None:
    """The comparison itself; run in a fresh interpreter, since aiss never forks beside
    other threads and the browser tests leave some running in this one."""
    assert parallel.worker_count(2, 44) == 2, threading.enumerate()  # really two processes
    one = validate([root], jobs=1)
    two = validate([root], jobs=2)
    codes = {d.code for d in one.diagnostics}
    assert codes == {"unknown-field", "unknown-metric", "duplicate-key", "version-bump-too-small"}
    assert any(d.path.endswith("AISS-GEN-005/1.0.1/standard.yaml") for d in one.diagnostics)
    assert all(d.line > 0 for d in one.diagnostics)
    assert _shown(two) == _shown(one)
    assert one.files == two.files == 44
    assert one.registry is not None and two.registry is not None
    assert list(one.registry.entries) == list(two.registry.entries)
    for key, entry in one.registry.entries.items():
        other = two.registry.entries[key]
        assert other.standard == entry.standard
        assert (other.sha256, other.path, other.doc.text) == (
            entry.sha256,
            entry.path,
            entry.doc.text,
        )


def test_two_processes_report_exactly_what_one_does(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    _registry(root, 40, broken=True)
    script = (
        "import sys; from pathlib import Path\n"
        "from tests.unit.validation.test_parallel import compare_one_and_two_processes as c\n"
        "c(Path(sys.argv[1])); print('same')\n"
    )
    repo = Path(__file__).resolve().parents[3]
    proc = subprocess.run(
        [sys.executable, "-c", script, str(root)], cwd=repo, capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout == "same\n", proc.stdout + proc.stderr


def test_a_clean_registry_never_composes_a_document_twice(tmp_path: Path) -> None:
    """Node trees are dropped after each file's checks; a clean run never needs them again."""
    root = tmp_path / "standards"
    _registry(root, 30, broken=False)
    for jobs in (1, 2):
        before = yamlio.COMPOSE_COUNT[0]
        result = validate([root], jobs=jobs)
        assert result.diagnostics == []
        assert yamlio.COMPOSE_COUNT[0] == before
        assert result.registry is not None and len(result.registry.entries) == 30
    assert result.registry is not None
    e = result.registry.entries[("AISS-GEN-002", "1.0.0")]
    assert e.doc.location(("title",)).line == 7  # and a position is still there on demand
    assert yamlio.COMPOSE_COUNT[0] == before + 1


@pytest.mark.parametrize(
    ("requested", "env", "files", "expected"),
    [
        (None, None, 10, 1),  # few files: not worth a process
        (None, None, 1000, 2),
        (None, "1", 1000, 1),  # AISS_JOBS
        (None, "3", 1000, 3),
        (3, "1", 1000, 3),  # the option wins
        (4, None, 2, 2),  # never more processes than files
    ],
)
def test_worker_count(
    monkeypatch: pytest.MonkeyPatch,
    requested: int | None,
    env: str | None,
    files: int,
    expected: int,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    if env is None:
        monkeypatch.delenv("AISS_JOBS", raising=False)
    else:
        monkeypatch.setenv("AISS_JOBS", env)
    assert parallel.worker_count(requested, files) == expected
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel.worker_count(requested, files) == 1  # never fork beside other threads


def test_a_worker_that_dies_costs_time_not_results(tmp_path: Path) -> None:
    """A worker killed after its first chunk (as by the OOM killer): the run neither hangs nor
    loses files; this process checks what the worker never sent."""
    root = tmp_path / "standards"
    _registry(root, 300, broken=True)
    aiss = str(Path(sys.executable).parent / "aiss")

    def run(jobs: str, fault: str | None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "AISS_JOBS": jobs}
        if fault:
            env["AISS_FAULT_INJECTION"] = fault
        return subprocess.run(
            [aiss, "validate", "--format", "json", str(root)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    serial, killed = run("1", None), run("2", "kill-worker")
    assert serial.returncode == killed.returncode == 1
    assert killed.stderr == ""
    assert json.loads(killed.stdout) == json.loads(serial.stdout)
    assert len(json.loads(serial.stdout)["diagnostics"]) == 4


def test_each_chunk_is_handed_out_before_the_next_is_checked() -> None:
    """One process: a chunk's results reach the caller before the next chunk is checked, so
    the caller holds one chunk's results at a time."""
    items = list(range(parallel.CHUNK * 3 + 1))
    checked: list[int] = []

    def square(chunk: list[int]) -> list[int]:
        checked.append(chunk[0])
        return [x * x for x in chunk]

    stream = parallel.each_chunk(items, square, 1)
    first, results = next(stream)
    assert first == items[: parallel.CHUNK] and results == [x * x for x in first]
    assert checked == [0]  # nothing else checked yet
    rest = list(stream)
    assert [c for c, _ in rest] == [items[i : i + parallel.CHUNK] for i in (25, 50, 75)]
    assert all(r == [x * x for x in c] for c, r in rest)


EACH_CHUNK = """\
import os, sys
from aiss.validation import parallel
items = list(range(260))
def check(chunk):
    return [(os.getpid(), x * x) for x in chunk]
seen = []
for chunk, results in parallel.each_chunk(items, check, 2):
    assert [r for _, r in results] == [x * x for x in chunk], chunk
    seen.extend(chunk)
    pids = {p for p, _ in results}
    print(len(chunk), *pids)
assert sorted(seen) == items, "every item once"
"""


def _script(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run in a fresh interpreter (aiss never forks beside other threads, and the
    browser tests leave some running in this one)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_each_chunk_in_two_processes_gives_every_chunk_once_with_its_results() -> None:
    done = _script(EACH_CHUNK)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    assert (
        len(rows) == len(parallel._cut(list(range(260)), 2)) and sum(int(r[0]) for r in rows) == 260
    )
    assert len({r[1] for r in rows}) == 2  # checked in this process and in one worker


EACH_CHUNK_CLOSED = """\
import multiprocessing, time
from aiss.validation import parallel
def check(chunk):
    time.sleep(0.05)
    return chunk
stream = parallel.each_chunk(list(range(1000)), check, 2)
next(stream)
assert multiprocessing.active_children(), "a worker runs"
stream.close()  # as `closing` does when taking a result in fails
assert not multiprocessing.active_children(), multiprocessing.active_children()
print("stopped")
"""


def test_a_stream_closed_half_way_stops_its_workers() -> None:
    done = _script(EACH_CHUNK_CLOSED)
    assert done.returncode == 0 and done.stdout == "stopped\n", done.stderr


EACH_CHUNK_UNEVEN = """\
import os, time
from aiss.validation import parallel
main = os.getpid()
def check(chunk):
    if os.getpid() != main:
        time.sleep(0.2)  # a worker on a slower core, or one given harder files
    return [os.getpid()] * len(chunk)
owners = [r[0] for _, r in parallel.each_chunk(list(range(500)), check, 2)]
print(sum(1 for o in owners if o == main), len(owners))
"""


def test_chunks_go_to_whichever_process_is_free() -> None:
    """A worker that takes longer over each chunk is given fewer: handed out one at a time,
    the chunks are not split in halves (which would make this process wait for the worker's
    last half while it has long finished its own)."""
    done = _script(EACH_CHUNK_UNEVEN)
    assert done.returncode == 0, done.stderr
    mine, chunks = map(int, done.stdout.split())
    assert mine >= 0.75 * chunks, done.stdout


@pytest.mark.parametrize("count", [0, 1, 24, 25, 26, 260, 2000])
def test_chunks_taper_at_the_end_of_a_run_in_several_processes(count: int) -> None:
    items = list(range(count))
    serial, shared = parallel._cut(items, 1), parallel._cut(items, 2)
    for chunks in (serial, shared):
        assert [x for c in chunks for x in c] == items  # every item once, in order
        assert all(0 < len(c) <= parallel.CHUNK for c in chunks)
    assert all(len(c) == parallel.CHUNK for c in serial[:-1])
    sizes = [len(c) for c in shared]
    assert sizes == sorted(sizes, reverse=True)  # never larger than the one before
    assert all(n >= parallel.SMALLEST for n in sizes[:-1])
    if count >= 2000:  # a whole chunk at the start; the last few small
        assert sizes[0] == parallel.CHUNK and max(sizes[-4:]) <= parallel.SMALLEST


EACH_CHUNK_ORPHANED = """\
import multiprocessing, os, signal, sys, time
from aiss.validation import parallel
def check(chunk):
    time.sleep(0.05)
    return chunk
stream = parallel.each_chunk(list(range(1000)), check, 3)
next(stream)
print(*[p.pid for p in multiprocessing.active_children()], flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would, with two workers running
"""


def test_workers_end_when_this_process_is_killed() -> None:
    """Each worker waits for its next chunk on a pipe no other worker holds open: when this
    process dies, each ends instead of waiting for ever."""
    try:  # the workers hold the script's output open: if they never end, neither does this
        done = subprocess.run(
            [sys.executable, "-c", EACH_CHUNK_ORPHANED], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"the workers outlived this process: {exc.stdout!r}") from None
    pids = [int(p) for p in done.stdout.split()]
    assert done.returncode == -9 and len(pids) == 2, done.stdout + done.stderr
    deadline = time.monotonic() + 20
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        time.sleep(0.05)
    assert not alive, f"workers still running: {alive}"


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.split(") ")[-1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False

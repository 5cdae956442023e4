"""A validation replayed from the cache (`aiss.compose.rerun`): only when nothing it could read
has changed, and then without importing the checks or the YAML parser; any change below the registry (a file's
bytes, even with its size and times put back; a file added; a link re-pointed), the options or
the output format runs the checks again."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from aiss.cache import Cache, key
from aiss.compose import rerun

REPO = Path(__file__).resolve().parents[3]

RUN = """\
import sys
from aiss.cli.entry import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
how = "checked" if "aiss.compose.validate" in sys.modules else "replayed"
if how == "replayed" and "yaml" in sys.modules:
    how = "replayed-but-read-yaml"  # a replay parses nothing: PyYAML stays unimported
if how == "replayed" and "click" in sys.modules:
    how = "replayed-but-imported-click"  # the entry point answers before click is imported
print(how, code, file=sys.stderr)
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(REPO / "standards", root)
    return root


def _validate(
    root: Path | str, cache: Path, *args: str, cwd: Path | None = None
) -> tuple[str, str, str]:
    """(how the run went: checked or replayed, exit status, stdout)."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, "validate", *args, str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "AISS_CACHE_DIR": str(cache)},
        cwd=cwd,
        check=False,
    )
    how, code = done.stderr.split()[-2:]
    return how, code, done.stdout


def _settle() -> None:
    """Wait until every file written so far is older than `RACY` (change times cannot be
    set back), so that the stat table keeps them: as a checkout some seconds old."""
    time.sleep(rerun.RACY / 1e9 + 0.1)


def test_an_unchanged_run_is_replayed_and_a_change_anywhere_is_not(
    registry: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _settle()
    first = _validate(registry, cache)
    assert first[:2] == ("checked", "0")
    assert _validate(registry, cache) == ("replayed", *first[1:])
    # an example's log, which no file given names directly, rewritten with its size and times
    log = next(registry.glob("AISS-ARA-001/2.0.0/examples/logs/*.eval"))
    st = log.stat()
    raw = bytearray(log.read_bytes())
    raw[-1] ^= 1
    log.write_bytes(bytes(raw))
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert log.stat().st_size == st.st_size and log.stat().st_mtime_ns == st.st_mtime_ns
    changed = _validate(registry, cache)
    assert changed[0] == "checked"
    assert changed[1] == "1" and "AISS-ARA-001/2.0.0/examples" in changed[2]


def test_the_options_and_a_new_file_are_part_of_what_is_replayed(
    registry: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    text = _validate(registry, cache)
    as_json = _validate(registry, cache, "--format", "json")
    assert as_json[0] == "checked" and as_json[2] != text[2]
    assert _validate(registry, cache, "--format", "json") == ("replayed", *as_json[1:])
    (registry / "AISS-CBRN-001" / "notes.txt").write_text("a file nobody validates\n")
    assert _validate(registry, cache, "--format", "json")[0] == "checked"
    assert _validate(registry, cache, "--no-cache")[0] == "checked"


def test_a_path_given_another_way_is_another_run(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    broken = registry / "AISS-CBRN-001" / "2.0.0" / "standard.yaml"
    broken.write_text(broken.read_text().replace("\nstatus: ", "\nstatus: nonsense\nstatus0: ", 1))
    absolute = _validate(registry, cache, "--format", "json")
    relative = _validate("standards", cache, "--format", "json", cwd=tmp_path)
    assert absolute[0] == relative[0] == "checked"
    assert str(registry) in absolute[2] and str(registry) not in relative[2]
    assert _validate("./standards", cache, "--format", "json", cwd=tmp_path)[1:] == relative[1:]
    assert _validate(registry, cache, "--format", "json") == ("replayed", *absolute[1:])


def test_tree_state_sees_content_links_and_new_files(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.yaml").write_text("x: 1\n")
    (root / "b.yaml").write_text("y: 2\n")
    _settle()
    digest, table = rerun.tree_state(root, {})
    assert sorted(table) == ["/", "/a/"]  # the folders' listings: no file is read
    assert table["/"][3] == ["a", "b.yaml"] and table["/a/"][3] == ["one.yaml"]
    assert rerun.tree_state(root, table) == (digest, table)
    # a file written just now is told by its bytes; once settled, by its `stat`
    (root / "b.yaml").write_text("y: 3\n")
    changed, fresh = rerun.tree_state(root, table)
    assert changed != digest and fresh == table
    (root / "b.yaml").write_text("y: 2\n")
    again = rerun.tree_state(root, fresh)[0]
    assert again not in (digest, changed)
    assert rerun.tree_state(root, fresh)[0] == again  # the same bytes, still unsettled
    _settle()
    settled = rerun.tree_state(root, fresh)[0]
    assert settled not in (digest, changed, again)  # the same bytes rewritten: a new `stat`
    assert rerun.tree_state(root, fresh)[0] == settled
    (root / "link").symlink_to("a/one.yaml")
    linked = rerun.tree_state(root, {})[0]
    (root / "link").unlink()
    (root / "link").symlink_to("b.yaml")
    assert rerun.tree_state(root, {})[0] not in (settled, linked)
    (root / "link").unlink()
    (root / "a" / "two.yaml").write_text("")  # the folder's listing in `table` is stale now
    assert rerun.tree_state(root, table)[0] == rerun.tree_state(root, {})[0] != settled


def test_no_replay_without_a_cache_a_registry_or_the_paths(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = Cache(tmp_path / "cache")
    assert rerun.Rerun.of(Cache(None), ["validate"], [registry], None) is None
    assert rerun.Rerun.of(on, ["validate"], [tmp_path / "missing"], None) is None
    assert rerun.Rerun.of(on, ["validate"], [tmp_path], None) is None  # no registry here
    monkeypatch.setenv("AISS_FAULT_INJECTION", "kill-mid-write")
    assert rerun.Rerun.of(on, ["validate"], [registry], None) is None


def _tree(root: Path) -> None:
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.yaml").write_text("x: 1\n")
    (root / "b.yaml").write_text("y: 2\n")


def test_a_report_kept_while_files_were_racy_is_replayed_when_their_bytes_are_checked(
    tmp_path: Path,
) -> None:
    root, cache = tmp_path / "tree", Cache(tmp_path / "cache")
    _tree(root)  # written just now: each file is told by its bytes
    rerun.Rerun(cache, ["cmd"], [root]).store(0, "the report")
    memo = key(rerun.STATS, os.path.realpath(root))
    table = rerun._load_seen(cache.get(rerun.STATS, memo))
    assert sorted(k for k in table if k.startswith(rerun.VERIFY)) == ["~a/one.yaml", "~b.yaml"]
    # still racy: the same bytes under the recorded `stat` read as the settled state
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() == rerun.Replay(0, "the report")
    (root / "b.yaml").write_text("y: 3\n")  # other bytes, still racy: another state
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() is None
    time.sleep(0.05)  # past the clock tick of the first write
    (root / "b.yaml").write_text("y: 2\n")  # the recorded bytes, not the recorded `stat`
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() is None
    rerun.Rerun(cache, ["cmd"], [root]).store(0, "the report")
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() == rerun.Replay(0, "the report")
    _settle()
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() == rerun.Replay(0, "the report")
    table = rerun._load_seen(cache.get(rerun.STATS, memo))
    assert not [k for k in table if k.startswith(rerun.VERIFY)]  # checked: settled for good
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() == rerun.Replay(0, "the report")


def test_a_racy_file_rewritten_under_the_same_stat_is_not_replayed(tmp_path: Path) -> None:
    root, cache = tmp_path / "tree", Cache(tmp_path / "cache")
    _tree(root)
    rerun.Rerun(cache, ["cmd"], [root]).store(0, "the report")
    # what a second write within the same clock tick leaves: the recorded `stat`, other bytes
    memo = key(rerun.STATS, os.path.realpath(root))
    table = rerun._load_seen(cache.get(rerun.STATS, memo))
    table["~b.yaml"][4] = hashlib.sha256(b"y: 3\n").hexdigest()
    cache.put(rerun.STATS, memo, orjson.dumps(table))
    cache.flush()
    _settle()
    assert rerun.Rerun(cache, ["cmd"], [root]).replay() is None


def test_a_file_settled_during_the_run_is_no_change_unless_its_bytes_are(
    tmp_path: Path,
) -> None:
    root = tmp_path / "tree"
    _tree(root)
    base = os.path.realpath(root)
    racy = rerun.tree_lines(root, {})[0]
    assert [x.split()[0] for x in racy] == ["d", "h", "h"]
    _settle()
    calm = rerun.tree_lines(root, {})[0]
    assert [x.split()[0] for x in calm] == ["d", "f", "f"]
    assert rerun.settled(base, racy[1], calm[1]) and rerun.settled(base, racy[2], calm[2])
    assert not rerun.settled(base, racy[1], calm[2])  # another file
    assert not rerun.settled(base, calm[1], racy[1])  # the other way round
    (root / "b.yaml").write_text("y: 3\n")
    _settle()
    now = rerun.tree_lines(root, {})[0]
    assert not rerun.settled(base, racy[2], now[2])  # other bytes

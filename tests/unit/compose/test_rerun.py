"""A validation replayed from the cache (`aiss.compose.rerun`): only when nothing it could read
has changed, and then without importing the checks or the YAML parser; any change below the registry (a file's
bytes, even with its size and times put back; a file added; a link re-pointed), the options or
the output format runs the checks again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiss.cache import Cache
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
    assert sorted(table) == ["/", "/a/", "a/one.yaml", "b.yaml"]
    assert table["/"][3] == ["a", "b.yaml"] and table["/a/"][3] == ["one.yaml"]
    assert rerun.tree_state(root, table) == (digest, table)
    # a stale table is not trusted where stat differs: the bytes are hashed again
    (root / "b.yaml").write_text("y: 3\n")
    changed, fresh = rerun.tree_state(root, table)
    assert changed != digest
    assert "b.yaml" not in fresh, "changed just now: hashed again next time"
    (root / "b.yaml").write_text("y: 2\n")
    assert rerun.tree_state(root, fresh)[0] == digest
    (root / "link").symlink_to("a/one.yaml")
    linked = rerun.tree_state(root, {})[0]
    (root / "link").unlink()
    (root / "link").symlink_to("b.yaml")
    assert rerun.tree_state(root, {})[0] not in (digest, linked)
    (root / "link").unlink()
    (root / "a" / "two.yaml").write_text("")  # the folder's listing in `table` is stale now
    assert rerun.tree_state(root, table)[0] == rerun.tree_state(root, {})[0] != digest


def test_no_replay_without_a_cache_a_registry_or_the_paths(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = Cache(tmp_path / "cache")
    assert rerun.Rerun.of(Cache(None), ["validate"], [registry], None) is None
    assert rerun.Rerun.of(on, ["validate"], [tmp_path / "missing"], None) is None
    assert rerun.Rerun.of(on, ["validate"], [tmp_path], None) is None  # no registry here
    monkeypatch.setenv("AISS_FAULT_INJECTION", "kill-mid-write")
    assert rerun.Rerun.of(on, ["validate"], [registry], None) is None

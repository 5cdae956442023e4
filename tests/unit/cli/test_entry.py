"""The entry point answers a replayable `aiss validate` before click is imported: it reads a
strict subset of the command line, exactly as click reads it, and leaves the rest to click."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiss.cli import entry
from aiss.cli.cmd_validate import validate_cmd
from aiss.compose import rerun

REPO = Path(__file__).resolve().parents[3]
ONE = "standards/AISS-ARA-001/1.0.0/standard.yaml"

READ_HERE = [
    ["validate"],
    ["validate", "standards"],
    ["validate", "--format", "json", "standards"],
    ["validate", "--format=sarif", "--root", "standards", ONE],
    ["validate", "-j", "2", ONE, "--root=standards"],
    ["validate", "--jobs=1", "--format", "github", "--format", "text", "standards/"],
]
LEFT_TO_CLICK = [
    [],
    ["check", ONE],
    ["validate", "--format", "xml"],  # click refuses each of these
    ["validate", "--format"],
    ["validate", "-j", "0"],
    ["validate", "--jobs", "x"],
    ["validate", "--jobs", "²"],
    ["validate", "--root", "README.md", ONE],
    ["validate", "-j=2", ONE],
    ["validate", "--no-cache", "standards"],  # or reads them otherwise than a replay
    ["validate", "--max-bytes", "10", "standards"],
    ["validate", "--", "standards"],
    ["validate", "-h"],
    ["validate", "--help"],
    ["validate", "--root", "-x", ONE],
    ["validate", ""],
]


def _as_click_reads(args: list[str]) -> entry.ValidateRun:
    params = validate_cmd.make_context("validate", list(args[1:])).params
    targets = list(params["paths"]) or [Path("standards")]
    return entry.validate_run(params["fmt"], params["max_bytes"], targets, params["root"])


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("args", READ_HERE, ids=" ".join)
def test_what_the_entry_point_reads_it_reads_as_click_does(in_repo: None, args: list[str]) -> None:
    assert entry.read_validate(args) == _as_click_reads(args)


@pytest.mark.parametrize("args", LEFT_TO_CLICK, ids=" ".join)
def test_everything_else_is_left_to_click(in_repo: None, args: list[str]) -> None:
    assert entry.read_validate(args) is None


def test_no_paths_and_no_registry_here_is_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert entry.read_validate(["validate"]) is None  # click says there is no standards/ here


def test_a_run_not_replayed_walks_the_registry_once_before_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    time.sleep(rerun.RACY / 1e9 + 0.1)  # a checkout some seconds old: no file is racy
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AISS_CACHE_DIR", str(tmp_path / "cache"))
    walks: list[Path] = []
    walk = rerun.tree_lines

    def counted(folder: Path, seen: rerun.Seen) -> tuple[list[str], rerun.Seen]:
        walks.append(folder)
        return walk(folder, seen)

    monkeypatch.setattr(rerun, "tree_lines", counted)
    with pytest.raises(SystemExit) as first:
        entry.main(["validate", "--format", "json", ONE])
    # once before the run (by the entry point, reused by the command), once after it to
    # store the report only if nothing changed meanwhile
    assert len(walks) == 2 and first.value.code == 0
    assert entry._PENDING == []
    with pytest.raises(SystemExit) as again:
        entry.main(["validate", "--format", "json", ONE])
    assert len(walks) == 3 and again.value.code == 0  # replayed: one walk


def test_a_fault_before_the_replay_leaves_the_run_to_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("AISS_CACHE_DIR", str(tmp_path / "cache"))
    of = rerun.Rerun.of.__func__  # type: ignore[attr-defined]
    calls: list[int] = []

    def once_broken(cls: type[rerun.Rerun], *args: object) -> rerun.Rerun | None:
        calls.append(1)
        if len(calls) == 1:
            raise PermissionError(13, "Permission denied")
        return of(cls, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(rerun.Rerun, "of", classmethod(once_broken))
    with pytest.raises(SystemExit) as done:
        entry.main(["validate", "--format", "json", ONE])
    assert done.value.code == 0 and len(calls) == 2  # the command ran, and validated
    out = capsys.readouterr()
    assert '"diagnostics"' in out.out and "Traceback" not in out.err


def test_an_interrupt_during_the_walk_is_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("AISS_CACHE_DIR", str(tmp_path / "cache"))

    def interrupted(folder: Path, seen: rerun.Seen) -> tuple[list[str], rerun.Seen]:
        raise KeyboardInterrupt

    monkeypatch.setattr(rerun, "tree_lines", interrupted)
    with pytest.raises(SystemExit) as done:
        entry.main(["validate", ONE])
    assert done.value.code == 130
    assert capsys.readouterr().err == "aiss: interrupted\n"


def _plugins_looked_up(env: dict[str, str]) -> str:
    """Whether pydantic looked for plugins while `aiss validate` ran, in a new interpreter."""
    script = (
        "import sys\n"
        "import pydantic.plugin._loader as loader\n"
        "from aiss.cli.entry import main\n"
        "try:\n"
        f"    main(['validate', '--no-cache', {ONE!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('looked' if loader._plugins is not None else 'not looked')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != entry.PLUGINS} | env
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.splitlines()[-1]


def test_the_command_does_not_look_for_pydantic_plugins_unless_told_to() -> None:
    assert _plugins_looked_up({}) == "not looked"
    assert _plugins_looked_up({entry.PLUGINS: ""}) == "looked"  # set: pydantic's own reading

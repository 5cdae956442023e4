"""`aiss check` and the examples check of `aiss validate` share one path (`check_submission`)."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import orjson
import pytest

from aiss.compose import check
from aiss.compose.check import (
    StandardsOnDisk,
    SubmissionFile,
    check_submission,
    registry_approvals,
    registry_organisations,
)
from aiss.compose.examples import example_checks
from aiss.compose.tables import KINDS
from aiss.compose.validate import check_file, load_registry
from aiss.conformance.intake import Intake, parse_submission
from aiss.models.standard import Standard
from aiss.registry import Entry
from aiss.source import DEFAULT_LIMITS, parse_yaml
from aiss.source.yamldoc import YamlPositions
from aiss.validation.stored import LazyDocument, StoredChecked

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # display paths are relative to the working folder


def test_the_same_report_comes_from_both_paths(in_repo: None) -> None:
    root = Path("standards")
    validation = load_registry(root)
    standards = StandardsOnDisk(root, registry=validation.the_registry(), strict=False)
    # the reviews the editors recorded in the registry, as `aiss validate` and `aiss check` use
    approvals, organisations = registry_approvals(root), registry_organisations(root)
    # the validation keeps no example's parsed document once checked: each is read again
    examples = [check_file(Path(c.doc.path)) for c in validation.checked]
    checked = example_checks(examples, standards, approvals, organisations)
    assert len(checked) >= 10  # every shipped example
    for ex in checked:
        assert ex.report is not None, ex.intake.path
        alone = check_submission(
            SubmissionFile(Path(ex.intake.path)),
            StandardsOnDisk(root),
            approvals=approvals,
            organisations=organisations,
        )
        assert alone == ex.report, ex.intake.path
        assert ex.report.overall == ex.intake.submission.example.expected_verdict  # type: ignore[union-attr]


# The examples of a version cite the same Inspect logs: `read_logs` reads each file once
# per process, and again as soon as it changed.

LOGS = (
    Path(__file__).resolve().parents[3]
    / "standards"
    / "AISS-ARA-001"
    / "1.0.0"
    / "examples"
    / "logs"
)


def test_a_log_is_read_once_while_it_is_unchanged(tmp_path: Path) -> None:
    log = tmp_path / "run.eval"
    shutil.copyfile(LOGS / "gdm_sp_e2e-sut.eval", log)
    first = check._read_log(log)
    assert check._read_log(log) is first
    shutil.copyfile(LOGS / "paperbench-sut.eval", log)  # rewritten: another log
    second = check._read_log(log)
    assert second is not first
    assert second.sha256 != first.sha256 and second.task != first.task


def test_a_large_log_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "big.eval"
    shutil.copyfile(LOGS / "gdm_sp_e2e-sut.eval", log)
    monkeypatch.setattr(check, "_READ_MAX", log.stat().st_size - 1)
    first = check._read_log(log)
    again = check._read_log(log)
    assert again is not first and again == first


# Checking every example of a registry holds the models of a few versions, not of all: a
# version's model built on demand (from the cache, or a worker's result) is let go once
# `StandardsOnDisk` has handed out enough other versions, and built again when next asked for.


class _Made:
    """A `make` for an `Entry` that counts how often it built the model."""

    def __init__(self, model: Standard) -> None:
        self.model, self.times = model, 0

    def __call__(self) -> Standard:
        self.times += 1
        return self.model


class _Registry:
    """What `StandardsOnDisk` asks of a registry: its entry for a version."""

    def __init__(self, entries: dict[tuple[str, str], Entry]) -> None:
        self.entries = entries

    def get(self, sid: str, version: str) -> Entry | None:
        return self.entries.get((sid, version))


def _shipped() -> Entry:
    entry = load_registry(REPO / "standards").the_registry().get("AISS-ARA-001", "1.0.0")
    assert entry is not None
    return entry


def test_the_models_of_versions_handed_out_long_ago_are_let_go() -> None:
    shipped = _shipped()
    made = {(f"AISS-X-{i:03d}", "1.0.0"): _Made(shipped.standard) for i in range(20)}
    entries = {
        k: Entry(None, shipped.doc, shipped.path, shipped.sha256, facts=shipped.facts, make=m)
        for k, m in made.items()
    }
    entries[("AISS-KEPT", "1.0.0")] = kept = Entry(
        shipped.standard, shipped.doc, shipped.path, shipped.sha256, facts=shipped.facts
    )
    standards = StandardsOnDisk(REPO / "standards", registry=_Registry(entries), strict=False)  # type: ignore[arg-type]
    first = standards.get("AISS-KEPT", "1.0.0")
    assert first is kept
    for sid, version in made:
        entry = standards.get(sid, version)
        assert entry is not None and entry.standard is shipped.standard
    assert [m.times for m in made.values()] == [1] * 20
    # the last versions handed out are still built; the first ones are built again
    for sid, version in list(made)[-check._MODELS_KEPT :]:
        assert standards.get(sid, version).standard is shipped.standard  # type: ignore[union-attr]
    assert [m.times for m in made.values()] == [1] * 20
    oldest = next(iter(made))
    assert standards.get(*oldest).standard is shipped.standard  # type: ignore[union-attr]
    assert made[oldest].times == 2
    # a model the entry was given (not built by it) is never let go
    kept.release()
    assert kept.standard is shipped.standard


def test_a_stored_model_made_fresh_keeps_neither_model_nor_data() -> None:
    shipped = _shipped()
    blob = orjson.dumps(shipped.doc.data)
    doc = LazyDocument("standard.yaml", blob, lambda: "", [], YamlPositions.from_text())
    checked = StoredChecked(doc, KINDS["Standard"], True, [], None)
    one, two = checked.fresh_model(), checked.fresh_model()
    assert one == two == shipped.standard and one is not two  # validated each time, not kept
    assert doc.fresh_data() is not doc.fresh_data()  # parsed each time: the document keeps bytes
    assert checked.model is checked.model  # asked for as `model`, it is kept, as before
    assert checked.fresh_model() is checked.model


# A log path that names no readable file gets a read that says why, never an internal error.

SUBMISSIONS = REPO / "tests" / "fixtures" / "submissions"


def _citing(folder: Path, *uris: str) -> Intake:
    """The fixtures' conformant submission, its runs citing `uris` (one each), in `folder`
    beside a copy of its logs."""
    shutil.copytree(SUBMISSIONS / "logs", folder / "logs")
    data = parse_yaml("c.yaml", (SUBMISSIONS / "conformant.yaml").read_bytes()).data
    runs = [copy.deepcopy(data["runs"][0]) for _ in uris]
    for i, (run, uri) in enumerate(zip(runs, uris, strict=True)):
        run["id"], run["log"]["uri"] = f"run-{i}", uri
    data["runs"] = runs
    intake = parse_submission("c.json", orjson.dumps(data), KINDS, fmt="json")
    assert intake.submission is not None, intake.diagnostics
    return intake


def test_a_log_path_that_names_no_readable_file_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "submission"
    intake = _citing(
        folder,
        "logs/ctf-frontier-x.eval",
        "logs/loop.eval",
        "x" * 295 + ".eval",
        "logs/a\0.eval",
        "logs/absent.eval",
        "logs",
        "logs/pipe.eval",
    )
    os.mkfifo(folder / "logs" / "pipe.eval")  # never opened: a blocking open waits for ever
    (folder / "logs" / "loop.eval").symlink_to("again.eval")
    (folder / "logs" / "again.eval").symlink_to("loop.eval")
    read = check.read_logs(intake, folder, DEFAULT_LIMITS)
    assert [(r.state, r.problem) for r in read.values()] == [
        ("read", ""),
        ("missing", "no such file"),  # a symlink loop leads to no file (as Path.is_file says)
        ("unreadable", "File name too long"),
        ("unreadable", "the path holds a NUL character"),
        ("missing", "no such file"),
        ("unreadable", "a folder, not a file"),
        ("unreadable", "not a regular file (a fifo, socket or device)"),
    ]
    assert read["run-1"].display.endswith("submission/logs/loop.eval")
    assert [d.code for d in intake.diagnostics if d.code == "path-outside-folder"] == []


def test_a_log_that_is_a_link_is_followed_before_it_is_read(tmp_path: Path) -> None:
    """One `lstat` tells a log that is no link; a link is followed (to the folder: read, shown
    by the name the run gives; out of it: not read)."""
    folder = tmp_path / "submission"
    intake = _citing(folder, "logs/in.eval", "logs/out.eval", "logs/ctf-frontier-x.eval")
    log = folder / "logs" / "ctf-frontier-x.eval"
    shutil.copyfile(log, tmp_path / "away.eval")
    (folder / "logs" / "in.eval").symlink_to("ctf-frontier-x.eval")
    (folder / "logs" / "out.eval").symlink_to(tmp_path / "away.eval")
    read = check.read_logs(intake, folder, DEFAULT_LIMITS)
    assert [r.state for r in read.values()] == ["read", "outside", "read"]
    assert read["run-0"].display.endswith("submission/logs/in.eval")
    assert read["run-0"].sha256 == read["run-2"].sha256 != ""
    assert [d.code for d in intake.diagnostics if d.code == "path-outside-folder"] == [
        "path-outside-folder"
    ]


def test_a_symlink_loop_outside_the_folder_is_outside(tmp_path: Path) -> None:
    folder = tmp_path / "submission"
    intake = _citing(folder, "logs/loop.eval")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    (folder / "logs" / "loop.eval").symlink_to(tmp_path / "a")
    read = check.read_logs(intake, folder, DEFAULT_LIMITS)
    assert read["run-0"].state == "outside"
    assert [d.code for d in intake.diagnostics if d.code == "path-outside-folder"] == [
        "path-outside-folder"
    ]


def test_log_paths_resolve_as_realpath_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders above the logs are resolved once per submission: each path resolves as
    os.path.realpath resolves it whole, through links to files and folders, relative and
    absolute, chained, dangling or to nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real" / "logs").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "real" / "logs" / "a.eval").write_bytes(b"")
    (tmp_path / "elsewhere" / "b.eval").write_bytes(b"")
    (tmp_path / "sub").symlink_to("real", target_is_directory=True)
    (tmp_path / "real" / "out").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "real" / "logs" / "link.eval").symlink_to("a.eval")
    (tmp_path / "real" / "logs" / "chain.eval").symlink_to("link.eval")
    (tmp_path / "real" / "logs" / "away.eval").symlink_to("../out/b.eval")
    (tmp_path / "real" / "logs" / "absolute.eval").symlink_to(tmp_path / "real" / "out")
    (tmp_path / "real" / "logs" / "dangling.eval").symlink_to("nowhere/c.eval")
    names = ["a.eval", "link.eval", "chain.eval", "away.eval", "absolute.eval", "dangling.eval"]
    names += ["absent.eval", "absent/a.eval", "a.eval/x"]
    paths = [
        os.fspath(Path(folder) / "logs" / name)
        for folder in ("sub", "real", tmp_path / "sub", tmp_path / "real")
        for name in names
    ]
    paths += ["sub/out/b.eval", "real/out", "sub", os.fspath(tmp_path / "sub" / "out" / "b.eval")]
    known: dict[str, str] = {}
    assert [check._realpath(p, known) for p in paths] == [os.path.realpath(p) for p in paths]
    assert len(known) < len(paths)  # the folders were resolved once


def test_recorded_approvals_are_found_by_version_in_the_files_order() -> None:
    recorded = registry_approvals(REPO / "standards")
    assert isinstance(recorded, check.RecordedApprovals) and len(recorded) >= 4
    refs = {a.standard for a in recorded} | {"AISS-NONE-001@1.0.0"}
    for ref in refs:
        assert recorded.of(ref) == [a for a in recorded if a.standard == ref]
    assert recorded.of("AISS-NONE-001@1.0.0") == []
    assert check.registry_approvals(REPO / "site_src") == []  # no approvals file: none

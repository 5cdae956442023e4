"""Run the hostile corpus: every crafted input through the real CLI, with a time bound."""

from __future__ import annotations

import json
import re
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from aiss.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = FIXTURES / "hostile"
TIME_BOUND = 20
"""Seconds an input may take before it counts as a hang."""


@dataclass(frozen=True)
class Case:
    """One manifest entry."""

    file: str
    run: str
    exit: int
    code: str | None
    args: tuple[str, ...] = ()
    place_as: str | None = None
    """For `run: example`: the file name the example gets (a hostile name, say)."""


@dataclass
class Outcome:
    """What happened to one case."""

    case: Case
    exit_code: int | None = None
    codes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    traceback: str | None = None
    hang: bool = False

    @property
    def wrongly_accepted(self) -> bool:
        return self.case.exit != 0 and self.exit_code == 0

    @property
    def ok(self) -> bool:
        return (
            not self.traceback
            and not self.hang
            and self.exit_code == self.case.exit
            and (self.case.code is None or self.case.code in self.codes)
        )


def load_cases() -> list[Case]:
    raw: list[dict[str, Any]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text())
    return [
        Case(e["file"], e["run"], e["exit"], e["code"], tuple(e.get("args", ())), e.get("as"))
        for e in raw
    ]


class _Hang(Exception):
    pass


@contextmanager
def _time_bound(seconds: int) -> Iterator[None]:
    def fire(signum: int, frame: Any) -> None:
        raise _Hang

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


RUNNERS: dict[str, Callable[[Case, Path], list[str]]] = {}
"""run kind -> function building the CLI arguments for a case in a scratch folder."""


def _validate_args(case: Case, tmp: Path) -> list[str]:
    root = tmp / "standards"
    shutil.copytree(FIXTURES / "registry", root)
    (root / "AISS-TST-001" / "1.0.0" / "standard.yaml").write_bytes(
        (CORPUS / case.file).read_bytes()
    )
    return ["validate", str(root), "--format", "json", *case.args]


RUNNERS["validate"] = _validate_args


def _frozen_args(case: Case, tmp: Path) -> list[str]:
    """The file replaces AISS-TST-001 1.0.0 after the registry was locked (published)."""
    root = tmp / "standards"
    shutil.copytree(FIXTURES / "registry", root)
    locked = CliRunner().invoke(cli, ["lock", "--update", "--root", str(root)])
    assert locked.exit_code == 0, locked.output
    (root / "AISS-TST-001" / "1.0.0" / "standard.yaml").write_bytes(
        (CORPUS / case.file).read_bytes()
    )
    return ["validate", str(root), "--format", "json", *case.args]


def _example_args(case: Case, tmp: Path) -> list[str]:
    """The file is an example of AISS-TST-001 1.0.0 (named `as`, or as in the corpus)."""
    root = tmp / "standards"
    shutil.copytree(FIXTURES / "registry", root)
    folder = root / "AISS-TST-001" / "1.0.0" / "examples"
    folder.mkdir()
    (folder / (case.place_as or Path(case.file).name)).write_bytes(
        (CORPUS / case.file).read_bytes()
    )
    return ["validate", str(root), "--format", "json", *case.args]


RUNNERS["frozen"] = _frozen_args
RUNNERS["example"] = _example_args


def _import_args(case: Case, tmp: Path) -> list[str]:
    root = tmp / "standards"
    shutil.copytree(FIXTURES / "registry", root)
    return [
        "import",
        "inspect",
        str(CORPUS / case.file),
        "--standard",
        "AISS-TST-001@1.0.0",
        "--root",
        str(root),
        "-o",
        str(tmp / "out.yaml"),
        *case.args,
    ]


def _check_log_args(case: Case, tmp: Path) -> list[str]:
    root = tmp / "standards"
    shutil.copytree(FIXTURES / "registry", root)
    return [
        "check",
        "--standard",
        "AISS-TST-001@1.0.0",
        "--root",
        str(root),
        "--format",
        "json",
        str(CORPUS / case.file),
        *case.args,
    ]


def _check_args(case: Case, tmp: Path) -> list[str]:
    subs = FIXTURES / "submissions"
    for part in ("registry", "logs", "samples"):
        shutil.copytree(subs / part, tmp / part)
    target = tmp / ("submission" + Path(case.file).suffix)
    target.write_bytes((CORPUS / case.file).read_bytes())
    return ["check", str(target), "--root", str(tmp / "registry"), "--format", "json", *case.args]


RUNNERS["check"] = _check_args
RUNNERS["import"] = _import_args
RUNNERS["check-log"] = _check_log_args


_TEXT_CODE = re.compile(r"(?:error|warning|note)\[([a-z0-9-]+)\]")


def _codes(result: Result) -> list[str]:
    """Diagnostic codes from a JSON report, else from `severity[code]` in the text output."""
    try:
        report = json.loads(result.stdout)
    except ValueError:
        return sorted(set(_TEXT_CODE.findall(result.output)))
    found: set[str] = set()
    if isinstance(report, dict):
        for key in ("diagnostics", "files", "reports"):
            items = report.get(key)
            for d in items if isinstance(items, list) else []:
                if isinstance(d, dict) and "code" in d:
                    found.add(d["code"])
                if isinstance(d, dict):
                    found |= {x["code"] for x in d.get("diagnostics", []) if "code" in x}
    return sorted(found | set(_TEXT_CODE.findall(result.output)))


def run_case(case: Case, tmp: Path) -> Outcome:
    out = Outcome(case)
    args = RUNNERS[case.run](case, tmp)
    start = time.perf_counter()
    try:
        with _time_bound(TIME_BOUND):
            result = CliRunner().invoke(cli, args)
    except _Hang:
        out.hang = True
        return out
    finally:
        out.seconds = time.perf_counter() - start
    out.exit_code = result.exit_code
    out.codes = _codes(result)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        out.traceback = "".join(traceback.format_exception(result.exception))
    elif "internal error" in (result.stderr or "") or "Traceback" in result.output:
        out.traceback = result.output
    return out

"""Run one negative fixture through the real CLI in a copy of the test registry."""

from __future__ import annotations

import json
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from aiss.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASE_REGISTRY = FIXTURES / "registry"
DEFAULT_PATH = "AISS-TST-001/1.0.0/standard.yaml"


@dataclass(frozen=True)
class Header:
    """What a fixture's leading comments ask for."""

    expect: frozenset[tuple[str, int, int]]
    args: tuple[str, ...]
    path: str
    remove: tuple[str, ...]


def read_header(fixture: Path) -> Header:
    expect: set[tuple[str, int, int]] = set()
    args: list[str] = []
    remove: list[str] = []
    path = DEFAULT_PATH
    for raw in fixture.read_bytes().split(b"\n"):
        if not raw.startswith(b"#"):
            break
        line = raw.decode("utf-8", "replace").lstrip("# ").strip()
        key, _, value = line.partition(":")
        if key == "expect":
            code, pos = value.split()
            ln, col = pos.split(":")
            expect.add((code, int(ln), int(col)))
        elif key == "args":
            for a in shlex.split(value):
                if a.startswith("rm="):
                    remove.append(a[3:])
                else:
                    args.append(a)
        elif key == "path":
            path = value.strip()
    return Header(frozenset(expect), tuple(args), path, tuple(remove))


def run_fixture(fixture: Path, tmp: Path) -> tuple[int, set[tuple[str, int, int]], Header]:
    """Exit code and the (code, line, column) of every diagnostic for `fixture`."""
    header = read_header(fixture)
    root = tmp / "standards"
    shutil.copytree(BASE_REGISTRY, root)
    for rel in header.remove:
        (root / rel).unlink()
    target = root / header.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(fixture.read_bytes())
    result = CliRunner().invoke(
        cli, ["validate", str(root), "--format", "json", *header.args], catch_exceptions=False
    )
    report = json.loads(result.stdout)
    found = {(d["code"], d["line"], d["column"]) for d in report["diagnostics"]}
    return result.exit_code, found, header

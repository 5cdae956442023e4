"""The README is the front door: its table of the shipped registry is the registry, and its
list of commands is the `aiss` command's, so neither drifts as standards and commands land."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import click
import yaml

from aiss.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _shipped() -> dict[str, tuple[str, str]]:
    """Id -> (title of its newest version, its versions as the table writes them)."""
    out: dict[str, tuple[str, str]] = {}
    for folder in sorted(p for p in (REPO / "standards").glob("AISS-*") if p.is_dir()):
        versions = sorted(
            (p for p in folder.iterdir() if (p / "standard.yaml").is_file()),
            key=lambda p: tuple(int(n) for n in p.name.split(".")),
        )
        shown, title = [], ""
        for v in versions:
            data = yaml.safe_load((v / "standard.yaml").read_text(encoding="utf-8"))
            title = data["title"]
            status = data["status"]
            shown.append(v.name if status == "published" else f"{v.name} ({status})")
        out[folder.name] = (title, ", ".join(shown))
    return out


def test_the_registry_table_lists_every_shipped_version_with_its_status() -> None:
    rows = re.findall(
        r"^\| (AISS-[A-Z]+-\d{3}) \| (.+?) \| (.+?) \|$", _section("The shipped registry"), re.M
    )
    assert {sid: (title, versions) for sid, title, versions in rows} == _shipped()


def _commands(group: click.Group, ctx: click.Context, prefix: str) -> set[str]:
    """Every command a user runs, a group's as `<group> <command>`."""
    out = set()
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            out |= _commands(command, ctx, f"{prefix}{name} ")
        else:
            out.add(f"{prefix}{name}")
    return out


WORD = re.compile(r"[a-z][a-z-]*(?:\|[a-z][a-z-]*)*")
"""A command's name in the README, or alternatives (`propose|publish|deprecate`)."""


def _listed() -> set[str]:
    """The commands the Commands section's lines start with, alternatives expanded."""
    block = _section("Commands").split("```sh", 1)[1].split("```", 1)[0]
    out = set()
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        if words[:1] != ["aiss"]:
            continue
        names = list(itertools.takewhile(WORD.fullmatch, words[1:]))
        out |= {" ".join(p) for p in itertools.product(*(n.split("|") for n in names))}
    return out


def test_the_commands_section_names_every_command_and_no_other() -> None:
    with click.Context(cli) as ctx:
        commands = _commands(cli, ctx, "")
    assert len(commands) > 20
    assert _listed() == commands

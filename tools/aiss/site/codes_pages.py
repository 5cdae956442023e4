"""One page per diagnostic code (the CLI's messages link to them), and their index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiss.catalog.codes import GROUPS, CodeInfo
from aiss.site import paths
from aiss.site.blocks import heading, page, table


@dataclass(frozen=True)
class CodeExample:
    """A file that gets a code, and what the tools print for it (run at build time)."""

    name: str
    text: str
    command: str
    """`aiss validate` or `aiss check`."""
    printed: tuple[str, ...]


def _fence(lang: str, text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def group_title(group: str) -> str:
    return GROUPS.get(group, group.capitalize())


def render_code(info: CodeInfo, example: CodeExample | None = None) -> str:
    """The page a diagnostic's link leads to: what it means, a failing example with what the
    tools print for it, and the fix. Code texts are the project's own, not contributors'."""
    shown = (
        [
            heading(2, "Example", "example"),
            f"This file (`{example.name}`) gets it:",
            _fence("yaml", example.text),
            f"`{example.command} {example.name}` prints:",
            _fence("text", "\n".join(example.printed)),
        ]
        if example
        else []
    )
    return page(
        f"# `{info.code}`: {info.title}",
        f"Group: {group_title(info.group)}.",
        heading(2, "What it means", "meaning"),
        info.explanation,
        *shown,
        heading(2, "How to fix it", "fix"),
        info.fix,
        f"All codes are listed on the [diagnostics index]({paths.rel(paths.diagnostic(info.code), paths.DIAGNOSTICS)}).",
    )


def render_index(codes: Sequence[CodeInfo]) -> str:
    here = paths.DIAGNOSTICS
    parts = [
        "# Diagnostics",
        "`aiss validate` reports each problem as `path:line:col: error[code] message`. Every "
        "code has a page here that explains it; the links printed by the tools lead to them.",
    ]
    groups: dict[str, list[CodeInfo]] = {}
    for c in codes:
        groups.setdefault(c.group, []).append(c)
    for group in sorted(
        groups, key=lambda g: list(GROUPS).index(g) if g in GROUPS else len(GROUPS)
    ):
        rows = [
            (f"[`{c.code}`]({paths.rel(here, paths.diagnostic(c.code))})", c.title)
            for c in groups[group]
        ]
        parts += [
            heading(2, group_title(group), f"group-{group}"),
            table(["Code", "Meaning"], rows),
        ]
    return page(*parts)

"""One page per diagnostic code (the CLI's messages link to them), and their index."""

from __future__ import annotations

from collections.abc import Sequence

from aiss.catalog.codes import GROUPS, CodeInfo
from aiss.site import paths
from aiss.site.blocks import heading, page, table


def group_title(group: str) -> str:
    return GROUPS.get(group, group.capitalize())


def render_code(info: CodeInfo) -> str:
    """The page a diagnostic's link leads to. Code texts are the project's own, not contributors'."""
    return page(
        f"# `{info.code}`: {info.title}",
        f"Group: {group_title(info.group)}.",
        heading(2, "What it means", "meaning"),
        info.explanation,
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

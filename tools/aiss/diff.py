"""`aiss.diff`: the semantic diff of two versions of a standard, for the rest of aiss.

A stable facade over `aiss.versions` (the implementation):

    diff_standards(old, new) -> DiffReport         changes keyed by id, each MAJOR/MINOR/PATCH
    render_markdown(report, old_doc=, new_doc=)    a Markdown section (pull requests)
    changes_markdown(old, new) -> str              the site's "what changed" page between two
                                                   consecutive versions, contributor text
                                                   escaped with `aiss.site.escape.text`
    consecutive_pairs(registry, sid)               (predecessor, version) entries to compare

The site writes each `changes_markdown` page at `standards/<ID>/changes/<old>..<new>/` and links
it from the version list; the rule ids link to the rule table on `versioning.md`.
"""

from __future__ import annotations

from aiss.models import Standard
from aiss.versions.change import Change, DiffReport
from aiss.versions.diff import diff_standards
from aiss.versions.pairs import consecutive_pairs
from aiss.versions.render import render_markdown
from aiss.versions.rules import RULES, Bump

__all__ = [
    "RULES",
    "Bump",
    "Change",
    "DiffReport",
    "changes_markdown",
    "consecutive_pairs",
    "diff_standards",
    "render_markdown",
]

VERSIONING_PAGE = "../../../../versioning.md"
"""The rule table, relative to a page at `standards/<ID>/changes/<old>..<new>/index.md`."""


def changes_markdown(old: Standard, new: Standard) -> str:
    """The "what changed" page from `old` to `new`: title, links to both versions, the table.

    Versions match the SemVer pattern (validated), so they go into links unescaped.
    """
    from aiss.site import escape

    report = diff_standards(old, new)
    title = f"# {escape.title(f'{new.id}: what changed from {old.version} to {new.version}')}"
    intro = (
        f"Changes from [{old.version}](../../{old.version}/index.md) to "
        f"[{new.version}](../../{new.version}/index.md), each classified by the "
        f"[versioning rules]({VERSIONING_PAGE}#the-rule-table)."
    )
    return render_markdown(
        report,
        heading=f"{title}\n\n{intro}",
        rule_url=lambda rule: f"{VERSIONING_PAGE}#{rule}",
        escape=escape.text,
    )

"""`aiss.diff`: the semantic diff of two versions of a standard, for the rest of aiss.

A stable facade over `aiss.versions` (the implementation):

    diff_standards(old, new) -> DiffReport         changes keyed by id, each MAJOR/MINOR/PATCH
    render_markdown(report, old_doc=, new_doc=)    a Markdown section (pull requests)
    changes_section(old, new) -> str               the site's "what changed" section between two
                                                   consecutive versions, contributor text
                                                   escaped with `aiss.escape.text`
    consecutive_pairs(registry, sid)               (predecessor, version) entries to compare

The site puts each `changes_section` on the standard's overview page (`standards/<ID>/`, anchor
`#changes-<old>..<new>`) and links it from the version list; the rule ids link to the rule
table on `versioning.md`.
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
    "changes_section",
    "consecutive_pairs",
    "diff_standards",
    "render_markdown",
]

VERSIONING_PAGE = "../../versioning.md"
"""The rule table, relative to the overview page at `standards/<ID>/index.md`."""


def changes_section(old: Standard, new: Standard) -> str:
    """What changed from `old` to `new`, as a section of the standard's overview page: a
    heading with a stable anchor, links to both versions, the verdict and the table. The
    section is kept out of search (its rows repeat requirement titles that the version pages
    hold). Versions match the SemVer pattern (validated), so they go into links unescaped.
    """
    from aiss import escape
    from aiss.site import paths

    report = diff_standards(old, new)
    anchor = paths.changes_anchor(old.version, new.version)
    title = f"### {old.version} → {new.version} {{#{anchor} data-search-exclude}}"
    intro = (
        f"From [{old.version}]({old.version}/index.md) to [{new.version}]({new.version}/index.md),"
        f" each change classified by the [versioning rules]({VERSIONING_PAGE}#the-rule-table)."
    )
    return render_markdown(
        report,
        heading=f"{title}\n\n{intro}",
        rule_url=lambda rule: f"{VERSIONING_PAGE}#{rule}",
        escape=escape.text,
    )

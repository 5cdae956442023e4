"""The small registries the site tests render, built in a temporary folder.

`build_registry` copies `tests/fixtures/registry` and adds versions so that every kind of page
and banner appears: superseded, latest, draft (with a retired requirement), deprecated, and a
`TLP:AMBER` standard that must stay off the site. `add_hostile` adds a standard whose texts try
every way into the HTML: tags, event handlers, `javascript:` links, includes and templates.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).resolve().parents[1] / "fixtures" / "registry"
MODELINE = "# yaml-language-server: $schema=../../../../../schemas/standard.schema.json\n"
UNIQUE_WORD = "quokkasaurus"
"""A word that only requirement R-03 of AISS-TST-001 1.1.0 contains (the search test)."""

HOSTILE_ID = "AISS-HOST-001"
PAYLOADS = {
    "script": "<script>window.__pwned='script'</script>",
    "onerror": "<img src=x onerror=\"window.__pwned='onerror'\">",
    "javascript": "[click me](javascript:window.__pwned='link')",
    "include": '--8<-- "README.md"',
    "template": "{{ 7*7 }} {% include 'base.html' %}",
}


def _base() -> dict[str, Any]:
    data = yaml.safe_load((BASE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text())
    assert isinstance(data, dict)
    return data


def _write(root: Path, data: dict[str, Any]) -> None:
    path = root / data["id"] / data["version"] / "standard.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MODELINE + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _events(*steps: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"status": s, "date": dt.date.fromisoformat(d)} for s, d in steps]


def build_registry(dest: Path) -> Path:
    """A registry at `dest/standards` with every page kind; returns the folder."""
    root = dest / "standards"
    shutil.copytree(BASE / "vocabularies", root / "vocabularies")
    fw_path = root / "vocabularies" / "frameworks.yaml"
    frameworks = yaml.safe_load(fw_path.read_text())
    frameworks["terms"].append(
        {
            "code": "nist-ai-600-1",
            "name": "NIST AI 600-1",
            "description": "Generative AI profile; items such as `MS-2.3-002`.",
            "url": "https://doi.org/10.6028/NIST.AI.600-1",
        }
    )
    fw_path.write_text(yaml.safe_dump(frameworks, sort_keys=False))

    v100 = _base()
    v100["superseded_by"] = "AISS-TST-001@1.1.0"
    _write(root, v100)

    v110 = copy.deepcopy(_base())
    v110.update(version="1.1.0", supersedes="AISS-TST-001@1.0.0")
    v110["status_history"] = _events(("proposed", "2026-02-10"), ("published", "2026-03-01"))
    v110["requirements"].append(
        {
            "id": "R-03",
            "level": "MAY",
            "category": "disclosure",
            "title": "Optional disclosure",
            "text": f"The report MAY describe the {UNIQUE_WORD} set-up in `free text`.",
            "check": {"type": "manual"},
        }
    )
    v110["crosswalks"] += [
        {
            "framework": "nist-ai-rmf",
            "framework_version": "1.0",
            "requirement": "R-02",
            "targets": ["MEASURE 2.10", "MEASURE 2.9"],
            "relationship": "subset",
        },
        {
            "framework": "nist-ai-600-1",
            "framework_version": "July 2024",
            "requirement": "R-03",
            "targets": ["MS-2.3-002"],
        },
    ]
    v110["changelog"].insert(
        0, {"version": "1.1.0", "date": dt.date(2026, 3, 1), "changes": ["Added R-03."]}
    )
    _write(root, v110)

    v200 = copy.deepcopy(v110)
    v200.update(version="2.0.0", status="draft", supersedes="AISS-TST-001@1.1.0")
    v200["status_history"] = _events(("draft", "2026-04-01"))
    v200["requirements"][1]["retired_in"] = "2.0.0"
    v200["crosswalks"] = [c for c in v200["crosswalks"] if c["requirement"] != "R-02"]
    v200["changelog"].insert(0, {"version": "2.0.0", "changes": ["Retired R-02."]})
    _write(root, v200)

    other = copy.deepcopy(_base())
    other.update(
        id="AISS-TST-002",
        title="Second test standard",
        status="deprecated",
        issuers=["other-institute"],
        risk_domains=["cbrn.bio"],
        summary=(
            "First paragraph with `code` and a link to https://example.org/a_(b).\n\n"
            "- a list item\n- another item\n\nLast paragraph."
        ),
    )
    other["status_history"] = _events(
        ("proposed", "2025-10-01"), ("published", "2025-11-01"), ("deprecated", "2026-05-01")
    )
    _write(root, other)

    amber = copy.deepcopy(_base())
    amber.update(id="AISS-TST-003", title="Restricted standard", marking="TLP:AMBER")
    _write(root, amber)
    return root


def add_hostile(root: Path) -> None:
    """Add `AISS-HOST-001`, whose contributor texts carry every payload of `PAYLOADS`."""
    every = " ".join(PAYLOADS.values())
    std = copy.deepcopy(_base())
    std.update(
        id=HOSTILE_ID,
        title=f"</title>{PAYLOADS['script']} {PAYLOADS['template']}",
        summary=f"{every}\n\n{PAYLOADS['include']}\n\n"
        "<a href=\"javascript:window.__pwned='a'\">a</a> {: onclick=\"window.__pwned='attr'\" }",
    )
    std["definitions"] = [{"term": PAYLOADS["onerror"], "text": every}]
    std["test_procedures"][0]["description"] = f"{PAYLOADS['include']}\n\n{every}"
    req = std["requirements"][0]
    req["title"] = "<b onmouseover=\"window.__pwned='title'\">bold</b>"
    req["text"] = f"The evaluator MUST run TP-1. {every} ![x](javascript:window.__pwned='img')"
    req["rationale"] = every
    std["references"][0]["title"] = every
    std["changelog"][0]["changes"] = [every]
    _write(root, std)


BULK_WORD = "wombatically"
"""A word only the title of the last bulk standard holds (the catalog filter test)."""


def add_bulk(root: Path, count: int) -> list[str]:
    """Add `count` published standards `AISS-BULK-000`, ... (enough to page the catalog);
    the last one's title holds `BULK_WORD`. Returns their ids."""
    ids = []
    for n in range(count):
        std = copy.deepcopy(_base())
        sid = f"AISS-BULK-{n:03d}"
        title = f"Bulk standard {n}" + (f" on {BULK_WORD} things" if n == count - 1 else "")
        std.update(id=sid, title=title)
        _write(root, std)
        ids.append(sid)
    return ids

"""site.public: only CLEAR parts of a CLEAR document are published; the build says what not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from aiss.site.public import redact

DOC: dict[str, Any] = {
    "marking": {"tlp": "TLP:CLEAR", "public_summary_marking": "TLP:AMBER"},
    "public_summary": "secret summary",
    "runs": [
        {"id": "a", "log": {"uri": "a.eval", "marking": "TLP:AMBER+STRICT"}},
        {"id": "b", "log": {"uri": "b.eval", "marking": "TLP:CLEAR"}},
        {"id": "c", "log": {"uri": "c.eval"}},
    ],
    "claims": [
        {"requirement": "R-01", "justification": "secret", "marking": "TLP:GREEN"},
        {
            "requirement": "R-02",
            "evidence": [
                {"uri": "x", "marking": "TLP:AMBER"},
                {"uri": "y", "marking": "TLP:WHITE"},
            ],
        },
    ],
}


def test_restricted_parts_are_left_out_and_named() -> None:
    public = redact(DOC)
    assert public.left_out == (
        "public_summary (TLP:AMBER)",
        "runs[0].log (TLP:AMBER+STRICT)",
        "claims[0] (TLP:GREEN)",
        "claims[1].evidence[0] (TLP:AMBER)",
    )
    assert "public_summary" not in public.data
    assert public.data["runs"] == [
        {"id": "a"},
        {"id": "b", "log": {"uri": "b.eval", "marking": "TLP:CLEAR"}},
        {"id": "c", "log": {"uri": "c.eval"}},  # no label of its own: the document's
    ]
    assert public.data["claims"] == [
        {"requirement": "R-02", "evidence": [{"uri": "y", "marking": "TLP:WHITE"}]}
    ]
    assert "secret" not in repr(public.data)
    assert DOC["claims"][0]["justification"] == "secret"  # the input is not changed


def test_a_clear_document_with_clear_parts_is_published_whole() -> None:
    doc = {
        "marking": {"tlp": "TLP:CLEAR", "public_summary_marking": "TLP:CLEAR"},
        "public_summary": "x",
    }
    assert redact(doc).left_out == ()
    assert redact(doc).data == doc


# the public filter is read by `aiss validate` (the examples pass); the page renderers load
# only when asked for (aiss.site, PEP 562)
REPO = Path(__file__).resolve().parents[3]


def _run(script: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.split()


def test_validate_with_examples_does_not_load_the_page_renderers() -> None:
    # a version with its examples: the examples pass reads what the public site may show
    loaded = _run(
        "import sys\n"
        "from aiss.cli.main import main\n"
        "try:\n"
        "    main(['validate', '--no-cache', 'standards/AISS-ARA-001/1.0.0'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('aiss.site.public' in sys.modules, 'aiss.site.pages' in sys.modules)\n"
    )
    assert loaded[-2:] == ["True", "False"]


def test_the_renderers_are_there_when_asked_for() -> None:
    out = _run(
        "import sys\n"
        "from aiss.site import Site, render_site\n"
        "import aiss.site as site\n"
        "print(render_site.__module__, 'aiss.site.pages' in sys.modules, hasattr(site, 'nope'))\n"
    )
    assert out == ["aiss.site.pages", "True", "False"]

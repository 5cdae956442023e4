"""aiss.site: the page renderers load when first asked for, not with `aiss.site.public`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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

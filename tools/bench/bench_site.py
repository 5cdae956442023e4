"""Benchmark: `aiss build` of generated registries vs plain `mkdocs build` of the same Markdown.

For each size (default 33, 100 and 333 standards with 3 published versions each: about 100,
300 and 1,000 version pages) a registry of ~5 KB standards is generated into a temporary
folder, written out once with `aiss render` (untimed), and then timed whole-process, in
rounds whose starting command rotates, after a warm-up:

    A  aiss build --strict      the registry through the hook (load, validate, render, sanitize)
    B  mkdocs build --strict    the same Markdown tree written by `aiss render`: the builder's floor
    C  calibration              plain MkDocs Material on 100 pages of ~5 KB, the site that
                                performance.md timed at 1.46 s: today's time over that is how
                                much slower (or faster) this shared machine runs right now

Prints medians, peak memory, the per-round ratio A/B per size, the machine factor from C, and
how each grows with the size.

    .venv/bin/python tools/bench/bench_site.py [--sizes 33,100,333] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import REQUIREMENT
from common import describe, median, ratios, rotated

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "registry"
DOMAINS = ["BIO", "CHEM", "CYB", "ARA", "SAF", "RPT", "PRIV", "FAIR", "ROB", "MISC"]
VERSIONS = ["1.0.0", "1.1.0", "1.2.0"]
ENV = {"NO_MKDOCS_2_WARNING": "1"}


def _version_text(template: str, sid: str, index: int) -> str:
    """Version `VERSIONS[index]` of `sid`: each minor version adds one SHOULD requirement."""
    head, _, tail = template.partition("reporting:")
    extra = "".join(REQUIREMENT.format(n=n) for n in range(3, 7 + index))
    text = head + extra + "reporting:" + tail
    version = VERSIONS[index]
    links = []
    if index > 0:
        links.append(f"supersedes: {sid}@{VERSIONS[index - 1]}")
    if index < len(VERSIONS) - 1:
        links.append(f"superseded_by: {sid}@{VERSIONS[index + 1]}")
    month = 2 + index
    text = text.replace(
        "status_history:\n  - {status: proposed, date: 2026-01-10}\n"
        "  - {status: published, date: 2026-02-01}\n",
        f"status_history:\n  - {{status: proposed, date: 2026-0{month}-01}}\n"
        f"  - {{status: published, date: 2026-0{month}-15}}\n" + "".join(f"{x}\n" for x in links),
    )
    log = "".join(
        f'  - version: "{v}"\n    date: 2026-0{2 + i}-15\n    changes: [Added R-{6 + i:02d}.]\n'
        for i, v in reversed(list(enumerate(VERSIONS[: index + 1])))
    )
    text = text[: text.index("changelog:")] + "changelog:\n" + log
    text = text.replace('\nversion: "1.0.0"', f'\nversion: "{version}"', 1)
    return text.replace("AISS-TST-001", sid).replace(
        "$schema=../../../../../schemas/", f"$schema={REPO}/schemas/"
    )


def make_registry(dest: Path, standards: int) -> int:
    """`standards` standards with 3 published versions each; returns the number of versions."""
    shutil.copytree(BASE / "vocabularies", dest / "vocabularies")
    template = (BASE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text()
    count = 0
    for i in range(standards):
        sid = f"AISS-{DOMAINS[i % len(DOMAINS)]}-{i // len(DOMAINS):03d}"
        for index, version in enumerate(VERSIONS):
            path = dest / sid / version / "standard.yaml"
            path.parent.mkdir(parents=True)
            path.write_text(_version_text(template, sid, index))
            count += 1
    return count


CALIBRATION_REFERENCE = 1.46
"""performance.md §4: plain MkDocs Material, 100 pages of ~5 KB, median 1.46 s on this kind of
machine when it was measured; the ratio of today's time to it says how fast the machine runs."""


def make_calibration_site(dest: Path, pages: int = 100) -> Path:
    """A plain MkDocs Material project like performance.md's `site-100`: an index and `pages`
    pages of ~5 KB (headings, an admonition, a table, lists, a code block, links)."""
    import random

    rnd = random.Random(7)
    words = [
        "model",
        "evaluation",
        "uplift",
        "capability",
        "threshold",
        "sample",
        "epoch",
        "metric",
        "report",
        "agent",
    ]

    def sentence(n: int) -> str:
        text = ""
        while len(text) < n:
            text += " ".join(rnd.choice(words) for _ in range(8)).capitalize() + ". "
        return text.strip()

    (dest / "docs" / "standards").mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(
        "site_name: Calibration\ntheme:\n  name: material\n"
        "  features: [navigation.sections, search.suggest]\n"
        "markdown_extensions: [admonition, tables, toc, attr_list, pymdownx.superfences]\n"
        "plugins: [search]\n"
    )
    index = "\n".join(f"- [STD-{k:04d}](standards/STD-{k:04d}.md)" for k in range(1, pages + 1))
    (dest / "docs" / "index.md").write_text("# Registry\n\n" + index + "\n")
    for k in range(1, pages + 1):
        lines = [
            f"# STD-{k:04d}: {sentence(50)}\n",
            '!!! note "Status"\n    Active since 2026-01-01.\n',
            "## Summary\n",
            sentence(800) + "\n",
            "## Requirements\n",
            "| ID | Level | Text |",
            "|----|-------|------|",
        ]
        lines += [f"| STD-{k:04d}-R{r:02d} | MUST | {sentence(150)} |" for r in range(1, 7)]
        lines.append("")
        for r in range(1, 7):
            lines += [
                f"### STD-{k:04d}-R{r:02d}\n",
                sentence(400) + "\n",
                f"- metric `{sentence(15)}` >= 0.5",
                f"- see [STD-{1 + (k % pages):04d}](STD-{1 + (k % pages):04d}.md)\n",
            ]
        lines += ["```yaml", f"id: STD-{k:04d}", "level: MUST", "```\n"]
        (dest / "docs" / "standards" / f"STD-{k:04d}.md").write_text("\n".join(lines))
    return dest / "mkdocs.yml"


def _check(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **ENV})
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="33,100,333", help="standards per registry, comma-separated")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    aiss, mkdocs = str(bindir / "aiss"), str(bindir / "mkdocs")
    results: dict[int, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        calibration = make_calibration_site(Path(tmp) / "calibration")
        cal = [mkdocs, "build", "-q", "-f", str(calibration), "-d", str(Path(tmp) / "cal-out")]
        for size in (int(s) for s in args.sizes.split(",")):
            work = Path(tmp) / f"n{size}"
            root = work / "standards"
            versions = make_registry(root, size)
            _check([aiss, "validate", str(root)])
            rendered = work / "rendered"
            _check([aiss, "render", "--root", str(root), "--out", str(rendered)])
            pages = sum(1 for _ in (rendered / "docs").rglob("*.md"))
            print(f"\n== {size} standards, {versions} version pages, {pages} pages in all")
            a = [aiss, "build", "--root", str(root), "--site-dir", str(work / "a"), "-q"]
            b = [mkdocs, "build", "-q", "--strict", "-f", str(rendered / "mkdocs.yml"),
                 "-d", str(work / "b")]  # fmt: skip
            ra, rb, rc = rotated([a, b, cal], args.rounds, env=ENV)
            ratios_ab = ratios(ra, rb)
            print(describe("aiss build --strict (hook)", ra))
            print(describe("mkdocs build --strict (render output)", rb))
            print(describe("calibration: Material, 100 plain pages", rc))
            factor = median([r.seconds for r in rc]) / CALIBRATION_REFERENCE
            print(f"ratio aiss/mkdocs: median {median(ratios_ab):.3f}")
            print(
                f"machine speed: calibration {factor:.2f}x performance.md's "
                f"{CALIBRATION_REFERENCE} s; aiss build scaled to it "
                f"{median([r.seconds for r in ra]) / factor:.2f} s"
            )
            if ra[0].code != 0 or rb[0].code != 0:
                print(f"WARNING: exit codes aiss={ra[0].code} mkdocs={rb[0].code}")
            results[versions] = (
                median([r.seconds for r in ra]),
                median([r.seconds for r in rb]),
                median(ratios_ab),
            )
            shutil.rmtree(work)
    sizes = sorted(results)
    print("\n== summary (median wall seconds)")
    print(f"{'version pages':>14} {'aiss build':>11} {'mkdocs':>8} {'ratio':>6}")
    for n in sizes:
        a_s, b_s, r = results[n]
        print(f"{n:>14} {a_s:>11.2f} {b_s:>8.2f} {r:>6.3f}")
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        print(
            f"growth {lo} -> {hi} version pages ({hi / lo:.1f}x): aiss build "
            f"{results[hi][0] / results[lo][0]:.2f}x, mkdocs {results[hi][1] / results[lo][1]:.2f}x"
        )


if __name__ == "__main__":
    main()

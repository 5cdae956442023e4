"""Benchmark: `aiss build` of generated registries vs plain `mkdocs build` of the same Markdown.

For each size (default 50 and 500 standards, spread evenly over 5 risk domains, with 3
published versions each) a registry of ~5 KB standards is generated into a temporary folder,
written out once with `aiss render` (untimed; it also fills the rendered-Markdown cache, kept
in the temporary folder), and then timed whole-process, in rounds whose starting command
rotates, after `--warmup` warm-ups:

    A  aiss build --strict      the registry through the hook (load, validate, render, sanitize),
                                its unchanged standards' Markdown taken from the cache
    A0 aiss build --no-cache    the same, every page rendered afresh (a cold build)
    B  mkdocs build --strict    the same Markdown tree written by `aiss render`: the builder's floor
    C  calibration              plain MkDocs Material on 100 pages of ~5 KB, the site that
                                performance.md timed at 1.46 s: today's time over that is how
                                much slower (or faster) this shared machine runs right now

Prints medians, peak memory, the per-round ratios A/B and A0/B per size, the machine factor
from C, the bytes each build wrote and the mean and largest page (HTML file) at each size, so
that a page's growth with the registry shows beside the times. The issue's large case, 5,000
standards (1,000 per domain), takes many minutes a build on two cores:

    .venv/bin/python tools/bench/bench_site.py [--sizes 50,500] [--rounds 3] [--warmup 1]
    timeout 3600 .venv/bin/python tools/bench/bench_site.py --sizes 50,5000 --rounds 1 --warmup 0
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import REQUIREMENT
from common import describe, median, ratios, rotated

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "registry"
DOMAINS = ["BIO", "CHEM", "CYB", "ARA", "SAF", "RPT", "PRIV", "FAIR", "ROB", "MISC"]
"""Id parts of the generated standards; `--domains` takes the first N (5 by default)."""
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


def make_registry(dest: Path, standards: int, domains: int = 5) -> int:
    """`standards` standards with 3 published versions each, spread evenly over the first
    `domains` id parts of `DOMAINS` (1,000 per domain at 5,000); returns the number of versions."""
    shutil.copytree(BASE / "vocabularies", dest / "vocabularies")
    template = (BASE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text()
    count = 0
    for i in range(standards):
        sid = f"AISS-{DOMAINS[i % domains]}-{i // domains:03d}"
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


def _check(cmd: list[str], env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, **ENV, **(env or {})}
    )
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")


KINDS = [
    ("version", re.compile(r"standards/[^/]+/\d+\.\d+\.\d+[^/]*/index\.html")),
    ("overview", re.compile(r"standards/[^/]+/index\.html")),
    ("catalog", re.compile(r"catalog/(page/\d+/)?index\.html")),
    ("redirect", re.compile(r"standards/[^/]+/(latest|changes/[^/]+)/index\.html")),
]
"""Kinds of page, so that a page is compared with pages of its kind at another size (the mix
of kinds changes with the registry: 50 standards have more diagnostics pages than version
pages, 5,000 the other way round)."""


@dataclass(frozen=True)
class Sizes:
    count: int = 0
    mean: float = 0.0
    largest: int = 0
    where: str = "-"


def _sizes(pages: list[tuple[int, str]]) -> Sizes:
    if not pages:
        return Sizes()
    size, where = max(pages)
    return Sizes(len(pages), sum(n for n, _ in pages) / len(pages), size, where)


@dataclass(frozen=True)
class Output:
    """What a build wrote: bytes and files in all, and its pages (HTML files), by kind."""

    bytes: int
    files: int
    pages: Sizes
    kinds: dict[str, Sizes]

    def lines(self, name: str) -> str:
        out = [
            f"{name:<40} wrote {self.bytes / 1e6:9.1f} MB in {self.files} files; "
            f"{self.pages.count} pages, mean {self.pages.mean / 1e3:6.1f} KB, "
            f"largest {self.pages.largest / 1e3:6.1f} KB ({self.pages.where})"
        ]
        for kind, sizes in self.kinds.items():
            out.append(
                f"{'':<4}{kind + ' pages':<36} {sizes.count:>6}, mean {sizes.mean / 1e3:6.1f} KB, "
                f"largest {sizes.largest / 1e3:6.1f} KB ({sizes.where})"
            )
        return "\n".join(out)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(folder: Path) -> Output:
    """Sizes of everything under `folder` (a built site)."""
    total = files = 0
    pages: list[tuple[int, str]] = []
    kinds: dict[str, list[tuple[int, str]]] = {kind: [] for kind, _ in KINDS}
    kinds["other"] = []
    for path in folder.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html":
                rel = path.relative_to(folder).as_posix()
                pages.append((size, rel))
                kind = next((k for k, pattern in KINDS if pattern.fullmatch(rel)), "other")
                kinds[kind].append((size, rel))
    return Output(total, files, _sizes(pages), {k: _sizes(v) for k, v in kinds.items()})


@dataclass(frozen=True)
class Result:
    versions: int
    cached: float
    cold: float
    mkdocs: float
    ratio_cached: float
    ratio_cold: float
    aiss_out: Output
    mkdocs_out: Output


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,500", help="standards per registry, comma-separated")
    ap.add_argument("--domains", type=int, default=5, help="risk domains the ids spread over")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs of each command first")
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    aiss, mkdocs = str(bindir / "aiss"), str(bindir / "mkdocs")
    results: dict[int, Result] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**ENV, "AISS_CACHE_DIR": str(Path(tmp) / "cache")}
        calibration = make_calibration_site(Path(tmp) / "calibration")
        cal = [mkdocs, "build", "-q", "-f", str(calibration), "-d", str(Path(tmp) / "cal-out")]
        for size in (int(s) for s in args.sizes.split(",")):
            work = Path(tmp) / f"n{size}"
            root = work / "standards"
            versions = make_registry(root, size, args.domains)
            rendered = work / "rendered"
            before = _folder_bytes(Path(env["AISS_CACHE_DIR"]))
            _check([aiss, "render", "--root", str(root), "--out", str(rendered)], env)
            cache_bytes = _folder_bytes(Path(env["AISS_CACHE_DIR"])) - before
            pages = sum(1 for _ in (rendered / "docs").rglob("*.md"))
            print(f"\n== {size} standards, {versions} version pages, {pages} pages in all")
            print(
                f"rendered-page cache filled by aiss render: {cache_bytes / 1e6:.1f} MB "
                "(what a cold build with the cache on writes beside its output)"
            )
            a = [aiss, "build", "--root", str(root), "--site-dir", str(work / "a"), "-q"]
            a0 = [*a[:-2], str(work / "a0"), "-q", "--no-cache"]
            b = [mkdocs, "build", "-q", "--strict", "-f", str(rendered / "mkdocs.yml"),
                 "-d", str(work / "b")]  # fmt: skip
            ra, ra0, rb, rc = rotated([a, a0, b, cal], args.rounds, warmup=args.warmup, env=env)
            print(describe("aiss build --strict (hook, cache warm)", ra))
            print(describe("aiss build --strict --no-cache", ra0))
            print(describe("mkdocs build --strict (render output)", rb))
            print(describe("calibration: Material, 100 plain pages", rc))
            factor = median([r.seconds for r in rc]) / CALIBRATION_REFERENCE
            print(
                f"ratio aiss/mkdocs: median {median(ratios(ra, rb)):.3f} (cache warm), "
                f"{median(ratios(ra0, rb)):.3f} (no cache)"
            )
            print(
                f"machine speed: calibration {factor:.2f}x performance.md's "
                f"{CALIBRATION_REFERENCE} s; aiss build scaled to it "
                f"{median([r.seconds for r in ra]) / factor:.2f} s"
            )
            out_a, out_b = measure(work / "a"), measure(work / "b")
            print(out_a.lines("aiss build output"))
            print(out_b.lines("mkdocs build output"))
            if ra[0].code != 0 or ra0[0].code != 0 or rb[0].code != 0:
                print(f"WARNING: exit codes aiss={ra[0].code},{ra0[0].code} mkdocs={rb[0].code}")
            results[size] = Result(
                versions,
                median([r.seconds for r in ra]),
                median([r.seconds for r in ra0]),
                median([r.seconds for r in rb]),
                median(ratios(ra, rb)),
                median(ratios(ra0, rb)),
                out_a,
                out_b,
            )
            shutil.rmtree(work)
    sizes = sorted(results)
    print("\n== summary (median wall seconds; output of aiss build)")
    print(
        f"{'standards':>9} {'versions':>8} {'aiss':>8} {'no cache':>8} {'mkdocs':>8} "
        f"{'ratio':>6} {'cold':>6} {'written MB':>10} {'mean KB':>8} {'max KB':>7} "
        f"{'version mean/max KB':>19}"
    )
    for n in sizes:
        r = results[n]
        print(
            f"{n:>9} {r.versions:>8} {r.cached:>8.2f} {r.cold:>8.2f} {r.mkdocs:>8.2f} "
            f"{r.ratio_cached:>6.3f} {r.ratio_cold:>6.3f} {r.aiss_out.bytes / 1e6:>10.1f} "
            f"{r.aiss_out.pages.mean / 1e3:>8.1f} {r.aiss_out.pages.largest / 1e3:>7.1f} "
            f"{r.aiss_out.kinds['version'].mean / 1e3:>11.1f}/{r.aiss_out.kinds['version'].largest / 1e3:.1f}"
        )
    if len(sizes) > 1:
        lo, hi = results[sizes[0]], results[sizes[-1]]
        print(
            f"growth {sizes[0]} -> {sizes[-1]} standards ({sizes[-1] / sizes[0]:.0f}x): "
            f"aiss build {hi.cached / lo.cached:.2f}x, mkdocs {hi.mkdocs / lo.mkdocs:.2f}x; "
            f"largest page {hi.aiss_out.pages.largest / lo.aiss_out.pages.largest:.3f}x"
        )
        for kind in lo.aiss_out.kinds:
            small, big = lo.aiss_out.kinds[kind], hi.aiss_out.kinds[kind]
            if small.count and big.count:
                print(
                    f"  {kind} pages: mean {big.mean / small.mean:.3f}x, "
                    f"largest {big.largest / small.largest:.3f}x"
                )


if __name__ == "__main__":
    main()

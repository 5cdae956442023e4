"""Record in `standards/approvals.yaml` the reviews and waivers the editors made of the examples.

Run with the project venv, from the repository root, after any edit of an example (and
after `make_logs.py`, which rewrites the logs' sha256 in them):

    .venv/bin/python tools/examples/approve.py            # write standards/approvals.yaml
    .venv/bin/python tools/examples/approve.py --check    # exit 1 when it is out of date

A review or waiver written into a submission is the submitter's word: `aiss check` decides an
attestation or manual requirement only on an approval the registry records (or one signed
with a key the registry lists), bound to the submission's digest (`aiss attest --digest`:
the sha256 of its RFC 8785 canonical JSON without `attestations`, so comments and layout do
not change it, any value does). The shipped examples stand for submissions the issuer of
their standard version (`aiss-editors` for every seed standard) reviewed: for each review
and waiver in an example's claims made by an issuer of that version, this records the
approval the issuer would record, naming the example's digest. A review by anyone else is
left unrecorded (it decides nothing). Approvals of other submissions in the file are kept.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from aiss.atomic import write_atomic
from aiss.compose.attestations import read_submission
from aiss.compose.check import StandardsOnDisk
from aiss.loading import APPROVALS_FILE, read_file

ROOT = Path(__file__).resolve().parents[2] / "standards"
EXAMPLES = "*/*/examples/*.yaml"
HEAD = (
    "# yaml-language-server: $schema=../schemas/approvals.schema.json\n"
    "# Reviews and waivers the issuing bodies recorded in the registry, each bound to the\n"
    "# digest of the submission it decides (`aiss attest --digest FILE`). Changed only by pull\n"
    "# request, under the editors' review. The approvals of the shipped examples are written by\n"
    "# tools/examples/approve.py (rerun it after editing an example).\n"
)


def approvals_of(path: Path, standards: StandardsOnDisk) -> list[dict[str, Any]]:
    """The approvals the issuer of the example's standard version made of it."""
    read = read_submission(path)
    sub = read.intake.submission if read.intake is not None else None
    if read.digest is None or sub is None:
        return []
    entry = standards.get(sub.standard.id, sub.standard.version)
    if entry is None:
        return []
    issuers = set(entry.standard.issuers)
    ref = f"{sub.standard.id}@{sub.standard.version}"
    where = path.relative_to(ROOT.parent).as_posix()
    out: list[dict[str, Any]] = []
    for claim in sub.claims:
        base = {"standard": ref, "requirement": claim.requirement, "submission_sha256": read.digest}
        review = claim.review
        if review is not None and review.org in issuers:
            out.append(
                {
                    "kind": "review",
                    **base,
                    "org": review.org,
                    "verdict": review.verdict,
                    "reviewer": review.reviewer,
                    "date": review.date.isoformat(),
                    "reference": f"example {where}",
                }
            )
        waiver = claim.waiver
        if waiver is not None and waiver.issued_by in issuers:
            out.append(
                {
                    "kind": "waiver",
                    **base,
                    "org": waiver.issued_by,
                    "waiver_id": waiver.id,
                    "date": (waiver.date or sub.submitted.date()).isoformat(),
                    "reference": f"example {where}",
                }
            )
    return out


def kept(path: Path) -> list[dict[str, Any]]:
    """The approvals already in the file that are not of a shipped example."""
    if not path.is_file():
        return []
    raw = read_file(path).raw
    data = yaml.safe_load(raw) if raw else None
    approvals = data.get("approvals") if isinstance(data, dict) else None
    return [
        a
        for a in approvals or []
        if isinstance(a, dict) and not str(a.get("reference", "")).startswith("example ")
    ]


def render(approvals: list[dict[str, Any]]) -> str:
    body = {"schema_version": "1.0.0", "kind": "Approvals", "approvals": approvals}
    return HEAD + yaml.safe_dump(body, sort_keys=False, width=100, allow_unicode=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    target = ROOT / APPROVALS_FILE
    standards = StandardsOnDisk(ROOT, strict=False)
    approvals = kept(target)
    for path in sorted(ROOT.glob(EXAMPLES)):
        approvals += approvals_of(path, standards)
    text = render(approvals)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        ok = current == text
        print(f"{target}: {'up to date' if ok else 'out of date; run tools/examples/approve.py'}")
        return 0 if ok else 1
    if current != text:
        write_atomic(target, text)
    print(f"{len(approvals)} approval(s) recorded in {target.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

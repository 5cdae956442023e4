"""`aiss bundle create` and `aiss bundle verify`: the files of a submission (and its logs and
samples file, where their markings allow the recipient) packed with a manifest signed by the
sender's key, and a received bundle verified against the registry's keys before anything is
unpacked.

The sender is the organisation the registry lists the signing key under; the recipient is an
organisation of the issuers vocabulary. Paths inside a bundle are relative to the folder the
given files have in common.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiss.atomic import write_many_atomic
from aiss.compose.tables import KINDS
from aiss.compose.validate import check_file
from aiss.conformance.intake import Intake, parse_submission
from aiss.conformance.markings import marking_locations
from aiss.diagnostics import Diagnostic, json_path_of, whole_file
from aiss.errors import UsageError
from aiss.exchange import bundle as bdl
from aiss.exchange.policy import REDACT_HINT, part_refusals, refusal
from aiss.loading import VOCABULARY_DIR, display_path, read_bytes, read_file
from aiss.models.common import Tlp
from aiss.models.exercise import Exercise
from aiss.models.submission import ResultSubmission
from aiss.models.vocabulary import Vocabulary
from aiss.signing import SigningKey, TrustedKey, trusted_keys
from aiss.source import DEFAULT_LIMITS, parse_yaml
from aiss.validation.rules.organisations import evaluating_orgs


def issuers_of(root: Path) -> Vocabulary:
    """The registry's issuers vocabulary (its key registry); a usage error when it is absent
    or does not validate."""
    path = root / VOCABULARY_DIR / "issuers.yaml"
    if not path.is_file():
        raise UsageError(f"no issuers vocabulary at {path}: the key registry is needed")
    checked = check_file(path, confine_to=root)
    if not isinstance(checked.model, Vocabulary) or any(d.is_error for d in checked.diagnostics):
        raise UsageError(f"{display_path(path)} does not validate; run `aiss validate {path}`")
    return checked.model


@dataclass
class Packed:
    """What `create` put in the bundle and what it left out (and why)."""

    data: bytes
    sender: str
    files: list[bdl.BundleEntry]
    left_out: list[str] = field(default_factory=list)


def _sender(issuers: Vocabulary, key: SigningKey) -> str:
    for k in trusted_keys(issuers):
        if k.keyid == key.keyid:
            if k.revoked:
                raise UsageError(f"the key {key.keyid[:16]} of {k.org} was revoked on {k.revoked}")
            return k.org
    raise UsageError(
        f"the key {key.keyid[:16]} is not in the registry's issuers vocabulary: list it under "
        "your organisation (`aiss keys show KEY` prints the entry)"
    )


def marked_parts(intake: Intake) -> list[tuple[str, Tlp]]:
    """The parts of a valid submission that carry a marking of their own, by JSON path, and
    the marking (`conformance.markings.marking_locations`, as the site and the check read
    them): the public summary (`public_summary_marking`, when there is one), each run's log
    reference, each claim and each piece of evidence. The document's own `marking.tlp` is
    not among them."""
    data = intake.doc.data
    out: list[tuple[str, Tlp]] = []
    for loc in marking_locations(data if isinstance(data, dict) else {}):
        node: object = data
        for part in loc:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
            if node is None:
                break
        if node is None or loc == ("marking", "tlp"):
            continue
        if loc == ("marking", "public_summary_marking"):
            if intake.submission is None or intake.submission.public_summary is None:
                continue
            where = "$.public_summary"
        else:
            where = json_path_of(loc[:-1])
        out.append((where, Tlp(str(node))))
    return out


def _rel(path: Path, base: Path) -> str | None:
    rel = Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    return None if rel.startswith("../") or rel == ".." else rel


def _submission_files(
    path: Path, sub: ResultSubmission, base: Path, recipient: str, community: set[str]
) -> tuple[list[bdl.Outgoing], list[str]]:
    """The submission's logs, samples file and the evidence documents its claims cite that
    lie beside it (each once, marked as strictly as any citation of it is), where the
    recipient may receive them; and what was left out, and why."""
    out: list[bdl.Outgoing] = []
    left: list[str] = []
    doc = sub.marking.tlp
    orgs = sorted({*evaluating_orgs(sub), *([sub.submitter.org] if sub.submitter else [])})
    ref = f"{sub.standard.id}@{sub.standard.version}"
    cited: dict[str, tuple[str, list[Tlp]]] = {}  # uri -> its kind and every marking given it

    def cite(uri: str, kind: str, *markings: Tlp | None) -> None:
        if "://" not in uri and not Path(uri).is_absolute():
            cited.setdefault(uri, (kind, [doc]))[1].extend(m for m in markings if m)

    for run in sub.runs:
        if run.log:
            cite(run.log.uri, "log", run.log.marking)
    if sub.samples_file:
        cite(sub.samples_file, "samples")
    for claim in sub.claims:
        for e in claim.evidence:
            if e.uri:
                cite(e.uri, "evidence", claim.marking, e.marking)
    for uri, (kind, markings) in cited.items():
        marking = Tlp.most_restrictive(markings)
        file = path.parent / uri
        rel = _rel(file, base)
        if rel is None or not file.resolve().is_relative_to(path.parent.resolve()):
            left.append(f"{uri}: lies outside the submission's folder")
            continue
        if not file.is_file():
            left.append(f"{rel}: not found beside the submission")
            continue
        why = refusal(
            marking, recipient, own=orgs, shared_with=sub.marking.shared_with, community=community
        )
        if why:
            left.append(f"{rel}: {why}")
            continue
        out.append(
            bdl.outgoing(
                rel,
                read_bytes(file),
                kind,  # type: ignore[arg-type]
                marking,
                embargo_until=sub.marking.embargo_until,
                standard=ref,
                orgs=orgs,
                shared_with=sub.marking.shared_with,
            )
        )
    return out, left


def create(
    files: Sequence[Path],
    *,
    recipient: str,
    key: SigningKey,
    root: Path,
    created: dt.datetime,
) -> Packed:
    """The bundle for `recipient`; `bundle.Refused` when a given file may not go to it."""
    issuers = issuers_of(root)
    community = {t.code for t in issuers.terms}
    if recipient not in community:
        raise UsageError(f"{recipient} is not an organisation of the issuers vocabulary")
    sender = _sender(issuers, key)
    base = Path(os.path.commonpath([f.resolve().parent for f in files]))
    outgoing: list[bdl.Outgoing] = []
    left: list[str] = []
    for f in files:
        rf = read_file(f, max_bytes=DEFAULT_LIMITS.max_bytes)
        if rf.raw is None:
            assert rf.problem is not None
            raise UsageError(rf.problem.message)
        rel = _rel(f, base)
        assert rel is not None
        fmt = "json" if f.suffix.lower() == ".json" else "yaml"
        doc = parse_yaml(rf.display, rf.raw) if fmt == "yaml" else None
        kind = doc.data.get("kind") if doc is not None and isinstance(doc.data, dict) else None
        if kind == "Exercise":
            checked = check_file(f)
            ex = checked.model
            if not isinstance(ex, Exercise):
                raise UsageError(f"{rf.display} is not a valid exercise record")
            own = [p.org for p in ex.organisations if p.role != "observer"]
            outgoing.append(
                bdl.outgoing(
                    rel,
                    rf.raw,
                    "exercise",
                    ex.marking.tlp,
                    embargo_until=ex.marking.embargo_until,
                    orgs=own,
                    shared_with=ex.marking.shared_with,
                )
            )
            continue
        intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt)
        sub = intake.submission
        if sub is None or any(d.is_error for d in intake.diagnostics):
            raise UsageError(
                f"{rf.display} is not a valid result submission or exercise record; "
                f"run `aiss validate {rf.display}`"
            )
        orgs = sorted({*evaluating_orgs(sub), *([sub.submitter.org] if sub.submitter else [])})
        outgoing.append(
            bdl.outgoing(
                rel,
                rf.raw,
                "submission",
                sub.marking.tlp,
                embargo_until=sub.marking.embargo_until,
                standard=f"{sub.standard.id}@{sub.standard.version}",
                orgs=orgs,
                shared_with=sub.marking.shared_with,
                parts=marked_parts(intake),
            )
        )
        more, skipped = _submission_files(f, sub, base, recipient, community)
        outgoing += more
        left += skipped
    data = bdl.pack(
        outgoing, sender=sender, recipient=recipient, key=key, created=created, community=community
    )
    return Packed(data, sender, [o.entry for o in outgoing], left)


@dataclass
class Checked:
    """What verifying a bundle found: the bundle (when it verified) or the problems."""

    display: str
    received: bdl.Received | None
    problems: list[Diagnostic]


def _marking_problems(
    display: str, received: bdl.Received, community: set[str]
) -> list[Diagnostic]:
    """Each submission's own marking must be the one the manifest gives it (a manifest that
    understates a marking would let a file travel further than its owner allowed), and each
    part it carries with a marking of its own (a claim, evidence, a log reference, the public
    summary) must be one the bundle's recipient may receive, as `create` requires."""
    out = []
    recipient = received.manifest.recipient
    for e in received.manifest.files:
        if e.kind != "submission":
            continue
        fmt = "json" if e.path.endswith(".json") else "yaml"
        intake = parse_submission(e.path, received.files[e.path], KINDS, fmt=fmt)
        sub = intake.submission
        if sub is None:
            out.append(
                whole_file(
                    display, "bundle-marking-mismatch", f"{e.path} is not a valid submission"
                )
            )
            continue
        if sub.marking.tlp is not e.marking:
            out.append(
                whole_file(
                    display,
                    "bundle-marking-mismatch",
                    f"{e.path} is marked {sub.marking.tlp.value}, but the manifest says "
                    f"{e.marking.value}",
                )
            )
        orgs = sorted({*evaluating_orgs(sub), *([sub.submitter.org] if sub.submitter else [])})
        parts = part_refusals(
            marked_parts(intake),
            recipient,
            own=orgs,
            shared_with=sub.marking.shared_with,
            community=community,
        )
        if parts:
            out.append(
                whole_file(
                    display,
                    "bundle-part-marking-refused",
                    f"{bdl.FILES}{e.path}: {'; '.join(parts)}; do not pass it on",
                    hint=f"the sender should {REDACT_HINT}",
                )
            )
    return out


def verify(
    bundle: Path,
    *,
    root: Path,
    recipient: str | None = None,
    max_age: dt.timedelta | None = None,
) -> Checked:
    """A received bundle checked against the registry's keys, every digest and marking, its
    recipient (unless None) and its age."""
    display = display_path(bundle)
    try:
        raw = read_bytes(bundle)
    except OSError as exc:
        raise UsageError(f"{bundle}: cannot read: {exc.strerror or exc}") from None
    issuers = issuers_of(root)
    trusted: list[TrustedKey] = trusted_keys(issuers)
    community = {t.code for t in issuers.terms}
    got = bdl.verify(raw, trusted, recipient=recipient, community=community, max_age=max_age)
    if isinstance(got, list):
        return Checked(display, None, [whole_file(display, p.code, p.message) for p in got])
    problems = _marking_problems(display, got, community)
    return Checked(display, None if problems else got, problems)


def extract(received: bdl.Received, target: Path) -> list[Path]:
    """Write a verified bundle's files below `target`, all or none; refuses to overwrite."""
    paths = {target / rel: data for rel, data in received.files.items()}
    for p in paths:
        if not p.resolve().is_relative_to(target.resolve()):
            raise UsageError(f"{p} would be outside {target}")
        if p.exists():
            raise UsageError(f"{p} exists; nothing was extracted")
    write_many_atomic(paths)
    return sorted(paths)

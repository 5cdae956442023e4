"""Attestations: signed reviews and waivers of one submission.

An approval (`aiss attest`) is an in-toto Statement in a DSSE envelope, signed with an
organisation's Ed25519 key. Its one subject is the submission, named by its digest (the sha256
of its RFC 8785 canonical JSON without `attestations`, `aiss.conformance.digest`); its
predicate (`PREDICATE_TYPE`) says which requirement of which standard version it decides, and
how. A submission lists its envelopes in `attestations`; `aiss check` verifies each against the
keys the registry's issuers vocabulary lists, and an approval counts only when the signature
verifies under a listed, unrevoked key of the organisation the predicate names, the subject is
this very submission and the standard is the one it claims. Anything else is reported
(`attestation-not-verified`) and decides nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from aiss.compose.tables import KINDS
from aiss.conformance.evidence import Approval
from aiss.conformance.intake import Intake, parse_submission
from aiss.diagnostics import Diagnostic, Severity
from aiss.errors import UsageError
from aiss.loading import read_file
from aiss.models.common import Code, Model, ReviewVerdict, ShortText, StandardRef
from aiss.models.standard import RequirementId
from aiss.signing import (
    PAYLOAD_TYPE_INTOTO,
    Envelope,
    Failure,
    SigningKey,
    Statement,
    Subject,
    TrustedKey,
    parse_envelope,
    sign_statement,
    statement_of,
    verify_envelope,
)
from aiss.signing.statement import Digest
from aiss.source import DEFAULT_LIMITS, Limits

PREDICATE_TYPE = "https://aiss.example.org/approval/v1"
"""The predicate type of an approval statement."""


class ApprovalPredicate(Model):
    """What an approval says: the decision of an issuing organisation on one requirement."""

    kind: Literal["review", "waiver"]
    """A review adjudicates a claim; a waiver excuses a requirement."""
    standard: StandardRef
    """The standard version (`ID@version`) the submission claims."""
    requirement: RequirementId
    """The requirement decided."""
    org: Code
    """The organisation deciding; the signing key must be one the registry lists for it."""
    verdict: ReviewVerdict | None = None
    """For a review: the decision."""
    waiver_id: ShortText | None = None
    """For a waiver: its id in the issuer's records."""
    reviewer: ShortText | None = None
    """Who decided."""
    date: dt.date
    """When."""
    reference: ShortText | None = None
    """Where the decision is documented."""


@dataclass(frozen=True)
class Digested:
    """A submission file read for its digest."""

    display: str
    intake: Intake | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def digest(self) -> str | None:
        ok = self.intake is not None and self.intake.submission is not None
        return self.intake.digest if ok and self.intake is not None else None


def read_submission(path: Path, limits: Limits = DEFAULT_LIMITS) -> Digested:
    """Parse a submission file (YAML or JSON) as `aiss check` does, for its digest."""
    rf = read_file(path, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        return Digested(rf.display, None, [rf.problem])
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
    errors = [d for d in intake.diagnostics if d.is_error]
    return Digested(rf.display, intake, errors)


def sign_approval(
    digest: str, name: str, predicate: ApprovalPredicate, key: SigningKey
) -> Envelope:
    """The approval of the submission with `digest` (named `name` in the statement), signed."""
    statement = Statement.of(
        [Subject(name=name, digest=Digest(sha256=digest))],
        PREDICATE_TYPE,
        predicate.model_dump(mode="json", exclude_none=True),
    )
    return sign_statement(statement, key)


def signer_of(keys: Sequence[TrustedKey], key: SigningKey) -> str:
    """The organisation the registry lists `key` under; a usage error when it lists it under
    none, or revoked it (a signature nobody could verify is not worth writing)."""
    for k in keys:
        if k.keyid == key.keyid:
            if k.revoked:
                raise UsageError(f"the key {key.keyid[:16]} of {k.org} was revoked on {k.revoked}")
            return k.org
    raise UsageError(
        f"the key {key.keyid[:16]} is not in the registry's issuers vocabulary: list it under "
        "your organisation's term (`aiss keys show`), or name the registry with --root"
    )


def _approval(
    raw: bytes, digest: str, standard: str, keys: Sequence[TrustedKey], where: str
) -> Approval | str:
    """The approval an envelope carries for this submission, or why it decides nothing."""
    envelope = parse_envelope(raw)
    if isinstance(envelope, Failure):
        return envelope.message
    verified = verify_envelope(envelope, keys, payload_type=PAYLOAD_TYPE_INTOTO)
    if isinstance(verified, Failure):
        return verified.message
    statement = statement_of(verified)
    if isinstance(statement, Failure):
        return statement.message
    if statement.predicate_type != PREDICATE_TYPE:
        return f"its predicate type is {statement.predicate_type!r}, not an approval"
    try:
        predicate = ApprovalPredicate.model_validate(statement.predicate)
    except ValidationError as exc:
        return f"its predicate is not an approval: {str(exc).splitlines()[0][:200]}"
    if [s.digest.sha256 for s in statement.subject] != [digest]:
        return "it approves another submission (its subject is not this submission's digest)"
    if predicate.org != verified.org:
        return f"it is signed with a key of {verified.org}, but says {predicate.org} decided"
    if predicate.standard != standard:
        return f"it is for {predicate.standard}, the submission claims {standard}"
    return Approval(
        kind=predicate.kind,
        requirement=predicate.requirement,
        org=verified.org,
        source=f"signed by {verified.org}, key {verified.keyid[:16]}, {where}",
        verdict=predicate.verdict,
        reviewer=predicate.reviewer,
        waiver_id=predicate.waiver_id,
    )


def attested(
    intake: Intake, folder: Path, keys: Sequence[TrustedKey], limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Approval], list[Diagnostic]]:
    """The approvals of the envelopes a submission lists that verify, and a warning for each
    that does not (it decides nothing)."""
    sub = intake.submission
    if sub is None or not sub.attestations:
        return [], []
    approvals: list[Approval] = []
    problems: list[Diagnostic] = []
    standard = f"{sub.standard.id}@{sub.standard.version}"

    def unverified(i: int, why: str) -> None:
        problems.append(
            intake.diagnostic(
                ("attestations", i),
                "attestation-not-verified",
                f"attestation {sub.attestations[i].uri}: {why}; it decides nothing",
                severity=Severity.WARNING,
                hint="sign with `aiss attest` using a key the registry lists for the issuer",
            )
        )

    for i, ref in enumerate(sub.attestations):
        if intake.digest is None:
            unverified(i, "the submission has no canonical digest")
            continue
        if "://" in ref.uri:
            unverified(i, "a URL, not fetched")
            continue
        rf = read_file(folder / ref.uri, confine_to=folder, max_bytes=limits.max_bytes)
        if rf.raw is None:
            unverified(i, rf.problem.message if rf.problem else "it cannot be read")
            continue
        if ref.sha256 is not None and ref.sha256 != hashlib.sha256(rf.raw).hexdigest():
            unverified(i, "the file does not have the sha256 given")
            continue
        found = _approval(rf.raw, intake.digest, standard, keys, ref.uri)
        if isinstance(found, str):
            unverified(i, found)
        else:
            approvals.append(found)
    return approvals, problems

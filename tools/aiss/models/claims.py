"""Claims of a result submission: what the submitter states per requirement, with evidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from aiss.models.common import Code, Model, ReviewVerdict, Sha256, ShortText, Text, Tlp
from aiss.models.standard import RequirementId


class Waiver(Model):
    """A waiver the standard's issuing body granted for one requirement."""

    id: ShortText
    """The waiver's id in the issuer's records."""
    issued_by: Code
    """Issuing organisation; honoured only when it is one of the standard's issuers."""
    reference: ShortText
    """Where the waiver is recorded (URL or document reference)."""
    date: dt.date | None = None
    """When it was granted."""


class Evidence(Model):
    """A piece of evidence, referenced by URI and/or hash, with its own marking."""

    type: ShortText
    """Kind of evidence (`document`, `eval_log`, `sandbox_spec`, `transcript_review`, ...)."""
    uri: ShortText | None = None
    """Where it is: a path relative to the submission's folder, which `aiss check` reads and
    hashes (an `evidence_present` check passes only on such a file), or a URL, which is never
    fetched (the evidence then awaits an issuer's review)."""
    sha256: Sha256 | None = None
    """sha256 of the file; a file read beside the submission must have it."""
    description: ShortText | None = None
    """What it shows."""
    marking: Tlp | None = None
    """Marking of the evidence itself."""


class Review(Model):
    """A reviewer's adjudication of a claim that no machine check can decide."""

    reviewer: ShortText
    """Who reviewed."""
    org: Code
    """Their organisation; honoured only when it is one of the standard's issuers."""
    date: dt.date
    """When."""
    verdict: ReviewVerdict
    """The decision."""
    note: ShortText | None = None
    """Why, in a sentence."""


class Claim(Model):
    """The submitter's statement about one requirement, for process and attestation checks."""

    requirement: RequirementId
    """Requirement id."""
    status: Literal["met", "not_met", "partially_met", "not_applicable", "waived"]
    """What the submitter claims."""
    justification: Text | None = None
    """Why: required for `not_applicable`, and for a SHOULD that is not met."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Evidence supporting the claim."""
    waiver: Waiver | None = None
    """The waiver, for status `waived`."""
    review: Review | None = None
    """The issuing body's adjudication, for attestation and manual checks."""
    marking: Tlp | None = None
    """Marking of the claim, when stricter than the document's."""


class AttestationBlock(Model):
    """A named person's statement that the submission is accurate and complete."""

    name: ShortText
    """Who attests."""
    org: Code
    """Their organisation."""
    date: dt.date
    """When."""
    statement: Text
    """What they attest."""

"""The `Approvals` document: reviews and waivers an issuing body records in the registry itself
(`standards/approvals.yaml`, changed only by pull request, under the editors' review). Each
names the exact submission it approves by the digest of its content."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from aiss.models.common import (
    Code,
    Model,
    ReviewVerdict,
    SemVerStr,
    Sha256,
    ShortText,
    StandardRef,
)
from aiss.models.standard import RequirementId


class RecordedApproval(Model):
    """One review or waiver, recorded by an issuer of the standard."""

    kind: Literal["review", "waiver"]
    """A review adjudicates a claim; a waiver excuses a requirement."""
    standard: StandardRef
    """The standard version (`ID@version`)."""
    requirement: RequirementId
    """The requirement."""
    submission_sha256: Sha256
    """The digest of the submission approved (`aiss attest --digest FILE` prints it): the
    sha256 of its RFC 8785 canonical JSON, its `attestations` left out."""
    org: Code
    """The issuing organisation; honoured only when it issues the standard."""
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


class Approvals(Model):
    """The approvals file of a registry."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["Approvals"]
    """Document kind."""
    approvals: list[RecordedApproval] = Field(default_factory=list)
    """The approvals, oldest first."""

"""The `Exercise` document: a joint testing exercise between institutes
(`standards/exercises/<EX-ID>/exercise.yaml`): the model under test, who took part and in what
role, the standard versions in scope and who runs which procedures, the submissions that belong
to it (by path and sha256), its marking, status and public summary."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from aiss.models.checks import ProcedureId
from aiss.models.common import Code, Model, SemVerStr, Sha256, ShortText, StandardId, Text, Tlp
from aiss.models.submission import EvaluationWindow, Marking, ModelIdentity

ExerciseId = Annotated[str, StringConstraints(pattern=r"^EX-[0-9]{4}-[0-9]{3}$")]
"""`EX-<year>-<nnn>`, e.g. `EX-2026-001`; the folder under `exercises/` has the same name."""
SubmissionPath = Annotated[
    str,
    StringConstraints(
        pattern=r"^(?:(?:[^/\\:.][^/\\:]*|\.[^/\\:.][^/\\:]*)/)*[^/\\:]+\.(?:ya?ml|json)$",
        max_length=300,
    ),
]
"""A relative path below the exercise's folder: no `..`, no absolute path; YAML or JSON."""


class ModelUnderTest(Model):
    """The one model version the exercise tests."""

    developer: ShortText | None = None
    """Who built it."""
    model: ModelIdentity
    """The model: provider id, snapshot, checkpoint digest; every submission's system under test
    must be this model."""
    access_level: Literal["api", "fine_tuning_api", "weights"] | None = None
    """Access the institutes had."""
    access_window: EvaluationWindow | None = None
    """The shared pre-deployment access window."""


class Participant(Model):
    """An organisation taking part."""

    org: Code
    """Issuers vocabulary code."""
    role: Literal["lead", "participant", "observer"]
    """Lead (writes the record and the public summary), participant (runs procedures) or
    observer (runs nothing)."""


class StandardInScope(Model):
    """A standard version the exercise uses."""

    id: StandardId
    """Standard id."""
    version: SemVerStr
    """Exact version."""
    procedures: list[ProcedureId] = Field(default_factory=list)
    """The procedures in scope; all of the version's procedures when empty."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


class Assignment(Model):
    """Part of the division of work: one organisation runs some procedures of one standard."""

    org: Code
    """The organisation."""
    standard: Annotated[str, StringConstraints(pattern=r"^AISS-[A-Z]{2,6}-[0-9]{3}@\S+$")]
    """`ID@VERSION` of a standard in scope."""
    procedures: list[ProcedureId] = Field(min_length=1)
    """Procedures it runs."""


class ExerciseSubmission(Model):
    """A result submission that belongs to the exercise."""

    path: SubmissionPath
    """Path of the submission file, relative to the exercise's folder."""
    sha256: Sha256
    """sha256 of the file; `aiss validate` checks the file still has it."""
    org: Code
    """The organisation that submitted it."""


class PublicSummary(Model):
    """What the exercise says in public, once its marking and embargo allow."""

    marking: Tlp
    """Marking of this summary; only `TLP:CLEAR` summaries are published."""
    title: ShortText
    """Title for publication."""
    text: Text
    """The summary."""
    findings: list[ShortText] = Field(default_factory=list)
    """Headline findings, each one sentence."""


class Exercise(Model):
    """A joint testing exercise between institutes."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["Exercise"]
    """Document kind."""
    id: ExerciseId
    """Exercise id; the folder `exercises/<id>/` holds this file."""
    title: ShortText
    """Working title (marked like the document; the public summary has its own)."""
    status: Literal["planned", "running", "complete", "published"]
    """Planned, running (access window open), complete (results in), published (summary out)."""
    marking: Marking
    """Marking of the record, embargo, and the marking of its public summary."""
    model_under_test: ModelUnderTest
    """The model tested."""
    organisations: list[Participant] = Field(min_length=1)
    """Who took part."""
    standards: list[StandardInScope] = Field(min_length=1)
    """The standard versions in scope."""
    work: list[Assignment] = Field(default_factory=list)
    """Who runs which procedures ("separate but complementary tests")."""
    reference_models: list[ShortText] = Field(default_factory=list)
    """Reference models run under the same settings."""
    submissions: list[ExerciseSubmission] = Field(default_factory=list)
    """The result submissions of the exercise."""
    public_summary: PublicSummary | None = None
    """The public summary."""
    notes: Text | None = None
    """Anything else (marked like the document)."""

    @field_validator("organisations")
    @classmethod
    def _one_lead(cls, orgs: list[Participant]) -> list[Participant]:
        if sum(1 for p in orgs if p.role == "lead") > 1:
            raise ValueError("an exercise has at most one lead organisation")
        return orgs

    def role_of(self, org: str) -> str | None:
        return next((p.role for p in self.organisations if p.org == org), None)

    def published_on(self, today: dt.date) -> bool:
        """The public summary may be shown: marked CLEAR, and the embargo (if any) is over."""
        s, embargo = self.public_summary, self.marking.embargo_until
        return (
            s is not None
            and s.marking is Tlp.CLEAR
            and self.status in ("complete", "published")
            and (embargo is None or embargo <= today)
        )

"""The `Standard` document: one version of one AI safety test standard."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from aiss.models.checks import Check
from aiss.models.common import (
    Code,
    Model,
    SemVerStr,
    ShortText,
    StandardId,
    StandardRef,
    Text,
    Tlp,
    Url,
)
from aiss.models.procedures import (
    Metric,
    OutcomeBands,
    TestProcedure,
)
from aiss.strenum import StrEnum

RequirementId = Annotated[str, Field(pattern=r"^R-[0-9]{2,3}$")]
ThreatProfileId = Annotated[str, Field(pattern=r"^TPF-[0-9]{1,3}$")]


class Status(StrEnum):
    """Lifecycle of a standard version: draft -> proposed -> published -> deprecated -> withdrawn."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    PUBLISHED = "published"
    DEPRECATED = "deprecated"
    WITHDRAWN = "withdrawn"


class Level(StrEnum):
    """Requirement level, as BCP 14 (RFC 2119 and RFC 8174) defines the keywords."""

    MUST = "MUST"
    MUST_NOT = "MUST_NOT"
    SHOULD = "SHOULD"
    SHOULD_NOT = "SHOULD_NOT"
    MAY = "MAY"

    @property
    def keyword(self) -> str:
        return self.value.replace("_", " ")

    @property
    def mandatory(self) -> bool:
        return self in (Level.MUST, Level.MUST_NOT)


class StatusEvent(Model):
    """One step in the life of this version."""

    status: Status
    """The status entered."""
    date: dt.date
    """When it was entered (ISO 8601 date)."""
    note: ShortText | None = None
    """Why, or what happened (e.g. the end of a comment period)."""


class Person(Model):
    """An editor or author."""

    name: ShortText
    """Full name."""
    org: Code
    """Organisation code from the issuers vocabulary, or another short code."""
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    """Contact address."""


class Scope(Model):
    """What systems and situations the standard applies to."""

    system_types: list[
        Literal["foundation_model", "agent_system", "fine_tuned_model", "ai_system"]
    ] = Field(min_length=1)
    """Kinds of system under test."""
    access_levels: list[Literal["api", "fine_tuning_api", "weights"]] = Field(min_length=1)
    """Access the evaluators have (NIST AI 800-1 practice 5.1)."""
    lifecycle_stages: list[
        Literal["pre_deployment", "post_deployment", "pre_training", "during_training"]
    ] = Field(min_length=1)
    """Where in the model's life the evaluation happens."""
    mitigation_states: list[Literal["helpful_only", "pre_mitigation", "deployed"]] = Field(
        default_factory=list
    )
    """Which configurations are tested (cf. pre- and post-mitigation in system cards)."""
    exclusions: list[ShortText] = Field(default_factory=list)
    """What is explicitly out of scope."""


class ThreatProfile(Model):
    """Who might misuse which capability for what (NIST AI 800-1 objective 1)."""

    id: ThreatProfileId
    """Stable id, `TPF-<n>`."""
    actor: ShortText
    """The threat actor."""
    capability_of_concern: ShortText
    """The capability the actor would gain."""
    malicious_task: ShortText | None = None
    """The harmful task the capability enables."""
    marginal_baseline: ShortText
    """What the actor can do without the model: the baseline for marginal uplift."""


class Definition(Model):
    """A term used with a specific meaning in this standard."""

    term: ShortText
    """The term."""
    text: Text
    """Its meaning."""


class ReferenceModelsPolicy(Model):
    """Which reference models results must be compared with."""

    min_count: int = Field(ge=0)
    """Minimum number of reference models."""
    must_include: list[ShortText] = Field(default_factory=list)
    """Classes of model that must be among them (e.g. `previous_frontier_model_same_developer`)."""
    same_settings_required: bool = True
    """Reference models must be run with the same scaffold, limits and generation config."""


class Citation(Model):
    """A pointer into one of the standard's references."""

    ref: ShortText
    """Id of an entry in `references`."""
    locator: ShortText | None = None
    """Section, practice or page."""


class Condition(Model):
    """When a requirement applies, tested against the result submission; no code is evaluated."""

    path: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")]
    """Dotted path into the submission (e.g. `system_under_test.access_level`)."""
    equals: str | bool | int | None = None
    """Applies when the value equals this."""
    one_of: list[str] | None = None
    """Applies when the value is one of these."""
    present: bool | None = None
    """Applies when the value is present (true) or absent (false)."""


class Requirement(Model):
    """One normative requirement, with a stable id that is never reused."""

    id: RequirementId
    """Stable id, `R-<nn>`; a removed requirement stays as a tombstone with `retired_in`."""
    level: Level
    """BCP 14 level; the text must use the same keyword in capitals."""
    category: Literal[
        "sampling",
        "elicitation",
        "metric",
        "disclosure",
        "process",
        "reporting",
        "security",
        "escalation",
    ]
    """What the requirement is about."""
    title: ShortText
    """Short name shown in lists."""
    text: Text
    """The normative text."""
    check: Check
    """How a result submission is checked against it."""
    applies_if: Condition | None = None
    """Applicability condition; the requirement is `not_applicable` when false."""
    evidence: list[
        Literal[
            "eval_log",
            "document",
            "attestation",
            "transcript_review",
            "sandbox_spec",
            "dataset_manifest",
            "metric_results",
        ]
    ] = Field(default_factory=list)
    """Kinds of evidence a submission should point to."""
    rationale: Text | None = None
    """Why the requirement exists."""
    references: list[Citation] = Field(default_factory=list)
    """Sources the requirement rests on."""
    retired_in: SemVerStr | None = None
    """Version in which the requirement was removed; its id is never reused."""


class Reporting(Model):
    """What a result report must contain and how long it holds."""

    required_sections: list[
        Literal[
            "system_under_test",
            "evaluation_window",
            "elicitation",
            "results",
            "reference_models",
            "limitations",
            "provenance",
            "public_summary",
        ]
    ] = Field(min_length=1)
    """Sections a report must have."""
    public_summary_required: bool = True
    """A TLP:CLEAR public summary must accompany the report."""
    result_validity_period_days: int | None = Field(default=None, ge=1)
    """How long results may be relied on (NIST AI 800-1 practice 4.2)."""


class Reference(Model):
    """A cited source."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)]
    """Id used by citations."""
    title: ShortText
    """Title."""
    publisher: ShortText | None = None
    """Who published it."""
    version: ShortText | None = None
    """Edition or draft (e.g. `2pd (Jan 2025)`)."""
    date: ShortText | None = None
    """Publication date as printed by the source."""
    url: Url | None = None
    """Where to read it."""


class Crosswalk(Model):
    """A mapping from requirements of this standard to items of an external framework."""

    framework: Code
    """Framework code from the frameworks vocabulary."""
    framework_version: ShortText
    """Version of the framework mapped to; numbering differs between versions."""
    requirement: RequirementId
    """Requirement of this standard."""
    targets: list[ShortText] = Field(min_length=1)
    """Framework item ids (e.g. `MS-2.3-002`, `MEASURE 2.3`)."""
    relationship: Literal["equivalent", "subset", "superset", "related"] = "related"
    """How closely the requirement matches the targets."""


class ChangelogEntry(Model):
    """What changed in one version."""

    version: SemVerStr
    """The version."""
    date: dt.date | None = None
    """Date of the change; absent while a draft."""
    changes: list[Text] = Field(default_factory=list)
    """Each change, one sentence."""


class Standard(Model):
    """One version of an AI safety test standard."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["Standard"]
    """Document kind."""
    id: StandardId
    """Stable id, `AISS-<DOMAIN>-<nnn>`."""
    version: SemVerStr
    """This version, SemVer `MAJOR.MINOR.PATCH`, written as a quoted string."""
    title: ShortText
    """Title."""
    status: Status
    """Lifecycle status."""
    status_history: list[StatusEvent] = Field(min_length=1)
    """Every status this version has had, in order; the last is `status`."""
    supersedes: StandardRef | None = None
    """The version this one replaces (`ID@version`)."""
    superseded_by: StandardRef | None = None
    """The version that replaces this one."""
    issuers: list[Code] = Field(min_length=1)
    """Issuing organisations, codes from the issuers vocabulary."""
    editors: list[Person] = Field(default_factory=list)
    """Editors of this version."""
    marking: Tlp
    """TLP 2.0 marking of this document; only TLP:CLEAR standards reach the public site."""
    effective_date: dt.date | None = None
    """When the version takes effect."""
    review_by: dt.date | None = None
    """When it must next be reviewed."""
    summary: Text
    """What the standard measures and why, in a paragraph."""
    scope: Scope
    """Applicability."""
    risk_domains: list[Code] = Field(min_length=1)
    """Risk domains, codes from the risk-domains vocabulary."""
    threat_profiles: list[ThreatProfile] = Field(default_factory=list)
    """Threat profiles the tests address."""
    definitions: list[Definition] = Field(default_factory=list)
    """Terms with a specific meaning."""
    reference_models_policy: ReferenceModelsPolicy | None = None
    """Reference-model comparison policy."""
    test_procedures: list[TestProcedure] = Field(min_length=1)
    """Test procedures."""
    metrics: list[Metric] = Field(default_factory=list)
    """Metrics computed from procedures."""
    outcome_bands: list[OutcomeBands] = Field(default_factory=list)
    """Findings bands, kept apart from conformance."""
    requirements: list[Requirement] = Field(min_length=1)
    """Normative requirements."""
    reporting: Reporting
    """Reporting rules."""
    references: list[Reference] = Field(default_factory=list)
    """Cited sources."""
    crosswalks: list[Crosswalk] = Field(default_factory=list)
    """Mappings to external frameworks."""
    changelog: list[ChangelogEntry] = Field(min_length=1)
    """Changes, newest first; must include this version."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def active_requirements(self) -> list[Requirement]:
        return [r for r in self.requirements if r.retired_in is None]

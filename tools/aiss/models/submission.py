"""The `ResultSubmission` document: results of evaluating one system against one standard version."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from aiss.models.claims import AttestationBlock, Claim
from aiss.models.common import (
    Code,
    Model,
    SemVerStr,
    Sha256,
    ShortText,
    StandardId,
    Text,
    Tlp,
)
from aiss.models.results import (
    MetricResult,
    Run,
)

SamplesPath = Annotated[
    str,
    Field(
        pattern=r"^(?:(?:[^/\\:.][^/\\:]*|\.[^/\\:.][^/\\:]*|\.\.[^/\\:]+)/)*[^/\\:]+\.jsonl$",
        max_length=300,
    ),
]
"""A relative path below the submission's folder: no `..`, no absolute path, ends in `.jsonl`."""
Verdict = Literal[
    "conformant", "conformant_with_deviations", "incomplete", "non_conformant", "invalid"
]


class StandardClaim(Model):
    """The standard version the results claim to conform to."""

    id: StandardId
    """Standard id, `AISS-<DOMAIN>-<nnn>`."""
    version: SemVerStr
    """The exact version, e.g. `"1.0.0"`."""
    sha256: Sha256 | None = None
    """sha256 of the `standard.yaml` the evaluators worked from; checked when given."""


class Submitter(Model):
    """Who submits the results."""

    org: Code
    """Organisation code (issuers vocabulary or another short code)."""
    role: Literal["developer", "third_party", "government_institute"]
    """The submitter's relation to the system under test."""
    contact: ShortText | None = None
    """A contact address or team."""


class Marking(Model):
    """TLP 2.0 marking of the submission; artifacts may carry their own, stricter markings."""

    tlp: Tlp
    """Marking of the document as a whole. `TLP:RED` is refused at intake."""
    embargo_until: dt.date | None = None
    """Nothing, not even a CLEAR summary, is published before this date."""
    public_summary_marking: Tlp | None = None
    """Marking of `public_summary`; must be `TLP:CLEAR` for the public site."""
    shared_with: list[Code] = Field(default_factory=list)
    """Organisations that may receive AMBER / AMBER+STRICT material."""


class ModelIdentity(Model):
    """The exact model evaluated."""

    provider_id: ShortText
    """Provider-qualified model id, as in Inspect's `eval.model` (e.g. `openai/gpt-4o`)."""
    snapshot: ShortText | None = None
    """Snapshot or version date of the weights behind the id."""
    checkpoint_sha256: Sha256 | None = None
    """sha256 of the checkpoint, when the evaluators had the weights."""


class SystemUnderTest(Model):
    """The system evaluated: model, access and configuration."""

    developer: ShortText | None = None
    """Who built it."""
    model: ModelIdentity
    """The model."""
    system_type: (
        Literal["foundation_model", "agent_system", "fine_tuned_model", "ai_system"] | None
    ) = None
    """Kind of system, as in the standard's scope."""
    release_status: Literal["pre_release", "released"] | None = None
    """Whether the system was public when evaluated."""
    access_level: Literal["api", "fine_tuning_api", "weights"] | None = None
    """Access the evaluators had (NIST AI 800-1 practice 5.1)."""
    mitigation_state: Literal["helpful_only", "pre_mitigation", "deployed"] | None = None
    """Configuration tested: without safeguards, before mitigations, or as deployed."""
    safeguards: list[ShortText] = Field(default_factory=list)
    """Safeguards in place (classifiers, system prompt), with versions."""
    helpful_only_available: bool | None = None
    """Whether a helpful-only variant exists; when false, say so here."""


class EvaluationWindow(Model):
    """When the evaluation ran."""

    start: dt.date
    """First day."""
    end: dt.date
    """Last day."""


class ReferenceModel(Model):
    """A model the results are compared with."""

    model: ShortText
    """Provider-qualified model id; runs with this `model` are reference runs."""
    same_settings: bool
    """Run with the same scaffold, limits and generation config as the system under test."""
    role: ShortText | None = None
    """Why it was chosen, e.g. `previous_frontier_model_same_developer`."""


class Revision(Model):
    """Source revision of the evaluation code (Inspect's `eval.revision`)."""

    type: Literal["git", "other"] = "git"
    """Version-control system."""
    origin: str | None = None
    """Repository URL."""
    commit: ShortText | None = None
    """Commit id."""
    dirty: bool | None = None
    """Whether there were uncommitted changes."""


class SandboxDescription(Model):
    """The isolation the runs used."""

    kind: ShortText
    """Sandbox technology (e.g. `docker`, `k8s`)."""
    internet_egress: Literal["deny", "task_services_only", "allow"]
    """Network access out of the sandbox."""
    spec_uri: ShortText | None = None
    """Where the sandbox specification is."""


class Environment(Model):
    """Harness, packages and code provenance."""

    harness: ShortText | None = None
    """Evaluation harness and version, e.g. `inspect_ai==0.3.285`."""
    packages: dict[str, str] = Field(default_factory=dict)
    """Package -> version."""
    revision: Revision | None = None
    """Code revision."""
    sandbox: SandboxDescription | None = None
    """Sandbox used by agentic runs."""


class DevTestSplit(Model):
    """A development split for elicitation and a held-out test split for results."""

    dev_items: int = Field(ge=0)
    """Items used to iterate on prompts and scaffold."""
    test_items: int = Field(ge=1)
    """Held-out items the reported results come from."""


class Elicitation(Model):
    """How hard the evaluators tried to elicit the capability."""

    scaffold: ShortText | None = None
    """Agent scaffold or prompting approach."""
    tools: list[ShortText] = Field(default_factory=list)
    """Tools the model had."""
    system_prompt_class: ShortText | None = None
    """Kind of system prompt used."""
    dev_test_split: DevTestSplit | None = None
    """Development / test split."""
    iterations: int | None = Field(default=None, ge=0)
    """Rounds of elicitation improvement."""
    known_issues: list[ShortText] = Field(default_factory=list)
    """Known problems and their workarounds."""
    elicitation_effort_hours: float | None = Field(default=None, ge=0)
    """Person-hours spent on elicitation."""
    contamination_check: ShortText | None = None
    """How contamination was checked (canary probe, n-gram overlap), if it was."""


class AttestationRef(Model):
    """A signed attestation about this submission (a DSSE envelope file, `aiss attest`): a
    review or a waiver by an issuing organisation. It counts only when its signature verifies
    against a key the registry lists for that organisation and its statement names this
    submission's digest (`aiss.compose.attestations`)."""

    uri: ShortText
    """Where the envelope is; a relative path is resolved beside the submission."""
    sha256: Sha256 | None = None
    """sha256 of the envelope file, when given."""


class DerivedFrom(Model):
    """The submission a redacted public summary was made from (`aiss redact`)."""

    sha256: Sha256
    """sha256 of the source file's bytes."""
    digest: Sha256 | None = None
    """The source's content digest (`aiss attest --digest`)."""
    submission_id: ShortText | None = None
    """The source's `submission_id`."""


class ExampleDeclaration(Model):
    """Marks a submission as a test vector of a standard version, with the verdict it must get."""

    expected_verdict: Verdict
    """The overall verdict `aiss check` must give; `aiss validate` checks that it still does."""
    description: ShortText
    """What the example shows."""


class ResultSubmission(Model):
    """Results of evaluating one system against one version of a standard."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["ResultSubmission"]
    """Document kind."""
    submission_id: ShortText | None = None
    """Globally unique id (a UUID)."""
    standard: StandardClaim
    """The standard version claimed."""
    submitted: dt.datetime | None = None
    """When it was submitted."""
    submitter: Submitter | None = None
    """Who submits."""
    evaluating_orgs: list[Code] = Field(default_factory=list)
    """Organisations that ran the evaluation."""
    marking: Marking
    """TLP 2.0 marking."""
    system_under_test: SystemUnderTest | None = None
    """The system evaluated."""
    evaluation_window: EvaluationWindow | None = None
    """When."""
    reference_models: list[ReferenceModel] = Field(default_factory=list)
    """Models the results are compared with."""
    environment: Environment | None = None
    """Harness, packages, revision, sandbox."""
    elicitation: Elicitation | None = None
    """Elicitation details."""
    runs: list[Run] = Field(default_factory=list)
    """One per procedure and model."""
    samples_file: SamplesPath | None = None
    """JSON Lines file beside this one with per-sample records `{run, id, epoch, score, ...}`."""
    samples_sha256: Sha256 | None = None
    """sha256 of the samples file, so that the submission's digest covers its records too."""
    metric_results: list[MetricResult] = Field(default_factory=list)
    """Normalised metric results, the view the checker judges."""
    claims: list[Claim] = Field(default_factory=list)
    """Claims for process and attestation requirements."""
    limitations: list[ShortText] = Field(default_factory=list)
    """Limitations, including that differences inside intervals are not meaningful."""
    public_summary: Text | None = None
    """Summary for publication, marked by `marking.public_summary_marking`."""
    attestation: AttestationBlock | None = None
    """The submitter's own statement that the submission is accurate and complete."""
    derived_from: DerivedFrom | None = None
    """For a redacted public summary: the submission it was made from."""
    attestations: list[AttestationRef] = Field(default_factory=list)
    """Signed reviews and waivers by issuing organisations; left out of the digest they sign."""
    example: ExampleDeclaration | None = None
    """Present only in a standard's test vectors (`examples/`)."""

    @field_validator("runs")
    @classmethod
    def _unique_run_ids(cls, runs: list[Run]) -> list[Run]:
        seen: set[str] = set()
        for run in runs:
            if run.id in seen:
                raise ValueError(f"run id {run.id!r} is used twice")
            seen.add(run.id)
        return runs

    @property
    def sut_model(self) -> str | None:
        return self.system_under_test.model.provider_id if self.system_under_test else None

    def reference_model_ids(self) -> set[str]:
        return {r.model for r in self.reference_models}

    def dump(self) -> dict[str, Any]:
        """Plain JSON-able data, without unset defaults (as written by a submitter)."""
        return self.model_dump(mode="json", exclude_none=True)

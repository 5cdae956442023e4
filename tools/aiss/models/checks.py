"""Machine-checkable requirement checks: one model per check type, a union on `type`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, JsonValue

from aiss.models.common import Model, ShortText

ProcedureId = Annotated[str, Field(pattern=r"^TP-[0-9]{1,3}$")]
MetricId = Annotated[str, Field(pattern=r"^M-[A-Z0-9][A-Z0-9-]{0,39}$")]


class MinSamples(Model):
    """Enough items, epochs and completed samples were run for a procedure."""

    type: Literal["min_samples"]
    """Check type: `min_samples`."""
    procedure: ProcedureId
    """The procedure whose runs are counted."""
    min_items: int | None = Field(default=None, ge=1)
    """Distinct dataset items that must be run (counted from sample ids, not items x epochs)."""
    min_epochs: int | None = Field(default=None, ge=1)
    """Epochs (repeated attempts per item) that must be run."""
    max_error_rate: float | None = Field(default=None, ge=0, le=1)
    """Largest share of samples that may end in an error instead of a score."""


class MetricThreshold(Model):
    """A metric must lie on one side of a threshold, judged on its conservative CI bound."""

    type: Literal["metric_threshold"]
    """Check type: `metric_threshold`."""
    metric: MetricId
    """The metric compared with the threshold."""
    operator: Literal["le", "lt", "ge", "gt"]
    """`le`: value <= threshold; `lt`: <; `ge`: >=; `gt`: >."""
    value: float
    """The threshold."""
    illustrative: bool = False
    """True when the threshold is a placeholder chosen for illustration, not a policy value."""


class MetricReported(Model):
    """A metric is reported with point estimate, interval, method, level, items and epochs."""

    type: Literal["metric_reported"]
    """Check type: `metric_reported`."""
    metric: MetricId
    """The metric that must be reported."""


class FieldsPresent(Model):
    """Fields of the result submission must be present and non-empty."""

    type: Literal["fields_present"]
    """Check type: `fields_present`."""
    paths: list[
        Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*(\[\*\])?(\.[a-z_][a-z0-9_]*(\[\*\])?)*$")]
    ] = Field(min_length=1)
    """Dotted paths into the submission; `runs[*].limits` means every run's `limits`."""


class LogValid(Model):
    """The machine-readable logs of a procedure exist, carry a sha256, and succeeded."""

    type: Literal["log_valid"]
    """Check type: `log_valid`."""
    procedure: ProcedureId | None = None
    """Limit the check to one procedure's runs; all runs when absent."""


class TaskVersionMatch(Model):
    """Runs of a procedure used the pinned task comparability version."""

    type: Literal["task_version_match"]
    """Check type: `task_version_match`."""
    procedure: ProcedureId
    """The procedure whose pinned task version is compared with each run's."""


class DatasetPinned(Model):
    """Runs of a procedure used the pinned dataset revision and item count."""

    type: Literal["dataset_pinned"]
    """Check type: `dataset_pinned`."""
    procedure: ProcedureId
    """The procedure whose pinned dataset is compared with each run's."""


class Attestation(Model):
    """A claim by the submitter, with evidence, that a reviewer adjudicates."""

    type: Literal["attestation"]
    """Check type: `attestation`."""
    statement: ShortText | None = None
    """What the submitter attests, when it differs from the requirement text."""


class EvidencePresent(Model):
    """Evidence of the named kinds is attached to the claim for this requirement."""

    type: Literal["evidence_present"]
    """Check type: `evidence_present`."""
    kinds: list[ShortText] = Field(default_factory=list)
    """Evidence kinds that must be present (e.g. `document`, `sandbox_spec`); any when empty."""


class ReferenceModels(Model):
    """Enough reference models were run under the same settings as the system under test,
    computed from the run records (never from a declared `same_settings`), with the roles
    the standard's reference-model policy requires."""

    type: Literal["reference_models"]
    """Check type: `reference_models`."""
    min_count: int | None = Field(default=None, ge=1)
    """Reference models needed; the policy's `min_count` when absent."""
    procedure: ProcedureId | None = None
    """Count only reference runs of this procedure; any procedure when absent."""


SettingName = Literal[
    "generate_config", "limits", "epochs", "task.version", "dataset.revision", "solver"
]
"""A run field whose value must be the same in a reference run as in the system under test's."""
SETTINGS: tuple[SettingName, ...] = (
    "generate_config",
    "limits",
    "epochs",
    "task.version",
    "dataset.revision",
    "solver",
)
"""Run fields compared between the system under test and its reference runs by default."""


class SameSettings(Model):
    """Every reference run of a procedure used the same settings as the system under test's
    run of it, compared field by field from the run records."""

    type: Literal["same_settings"]
    """Check type: `same_settings`."""
    procedure: ProcedureId
    """The procedure whose runs are compared."""
    fields: list[SettingName] = Field(default_factory=lambda: list(SETTINGS), min_length=1)
    """The run fields that must be equal."""


class FieldValue(Model):
    """Values in the submission must meet a constraint: a floor, a ceiling, one of a set.

    The path is dotted as in `fields_present` (`runs[*].limits.token_limit`); with a
    `procedure`, `runs[*]` means the runs of that procedure only. Every value the path
    reaches must be present and meet every constraint given."""

    type: Literal["field_value"]
    """Check type: `field_value`."""
    path: Annotated[
        str, Field(pattern=r"^[a-z_][a-z0-9_]*(\[\*\])?(\.[a-z_][a-z0-9_]*(\[\*\])?)*$")
    ]
    """Dotted path into the submission."""
    procedure: ProcedureId | None = None
    """Restrict `runs[*]` to the runs of this procedure (the system under test's and the
    reference runs)."""
    equals: JsonValue | None = None
    """The value must equal this."""
    one_of: list[JsonValue] | None = None
    """The value must be one of these."""
    ge: float | None = None
    """The value must be at least this."""
    gt: float | None = None
    """The value must be more than this."""
    le: float | None = None
    """The value must be at most this."""
    lt: float | None = None
    """The value must be less than this."""


class AllOf(Model):
    """Several checks, all of which must hold (a requirement whose text says several things)."""

    type: Literal["all_of"]
    """Check type: `all_of`."""
    checks: list[Check] = Field(min_length=2)
    """The checks; the verdict is the least favourable of theirs."""


class MarkingCheck(Model):
    """The document and every artifact carry a valid TLP 2.0 marking."""

    type: Literal["marking"]
    """Check type: `marking`."""
    min_artifact_marking: (
        Literal["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT"] | None
    ) = None
    """Artifacts (logs, transcripts, evidence) must be marked at least this restrictively."""


class Manual(Model):
    """No machine check: a reviewer judges the requirement (verdict `needs_review`)."""

    type: Literal["manual"]
    """Check type: `manual`."""


Check = Annotated[
    MinSamples
    | MetricThreshold
    | MetricReported
    | FieldsPresent
    | LogValid
    | TaskVersionMatch
    | DatasetPinned
    | Attestation
    | EvidencePresent
    | ReferenceModels
    | MarkingCheck
    | Manual
    | SameSettings
    | FieldValue
    | AllOf,
    Field(discriminator="type"),
]

AllOf.model_rebuild()

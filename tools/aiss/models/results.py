"""Runs and metric results of a result submission: what an evaluation log says, normalised."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, JsonValue, model_validator

from aiss.models.checks import MetricId, ProcedureId
from aiss.models.common import Code, Model, Sha256, ShortText, Text, Tlp

RunId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64)]
SampleId = str | int
CategoricalScore = Literal["C", "I", "P", "N"]
IntervalMethod = Literal["wilson", "clopper_pearson", "clustered_t", "bootstrap", "normal", "t"]


class LogRef(Model):
    """A machine-readable log, referenced by hash rather than embedded."""

    format: Literal["inspect_eval", "inspect_json", "helm_run_dir", "modelbench_record", "other"]
    """Log format."""
    uri: ShortText
    """Where the log is; a relative path is resolved beside the submission."""
    sha256: Sha256 | None = None
    """sha256 of the log file."""
    eval_id: ShortText | None = None
    """Inspect `eval.eval_id`."""
    run_id: ShortText | None = None
    """Inspect `eval.run_id`."""
    marking: Tlp | None = None
    """Marking of the log itself (transcripts are often stricter than the document)."""


class TaskIdentity(Model):
    """The evaluation task run."""

    name: ShortText
    """Task name (Inspect `eval.task`)."""
    registry: ShortText | None = None
    """Registry or package the task comes from, e.g. `inspect_evals`."""
    version: int | ShortText | None = None
    """Task version: an integer, or `N-X` (comparability N, interface X)."""
    file: ShortText | None = None
    """Source file of the task, as the log records it (Inspect `eval.task_file`)."""
    args: dict[str, JsonValue] = Field(default_factory=dict)
    """Arguments the task was run with (Inspect `eval.task_args`)."""


class DatasetIdentity(Model):
    """The dataset a run used."""

    name: ShortText
    """Dataset name."""
    location: ShortText | None = None
    """Path or URL."""
    samples: int | None = Field(default=None, ge=0)
    """Items in the dataset."""
    revision: ShortText | None = None
    """Git commit or dataset-hub revision."""
    sample_ids_sha256: Sha256 | None = None
    """sha256 of the sorted item-id list, one id per line."""


class RunLimits(Model):
    """Per-sample limits (Inspect `eval.config.*_limit`)."""

    message_limit: int | None = Field(default=None, ge=0)
    """Messages per sample."""
    token_limit: int | None = Field(default=None, ge=0)
    """Tokens per sample."""
    turn_limit: int | None = Field(default=None, ge=0)
    """Turns per sample."""
    time_limit: float | None = Field(default=None, ge=0)
    """Wall-clock seconds per sample."""
    working_limit: float | None = Field(default=None, ge=0)
    """Working seconds per sample."""
    cost_limit: float | None = Field(default=None, ge=0)
    """Cost per sample."""


class Counts(Model):
    """Sample counts of a run."""

    items: int | None = Field(default=None, ge=0)
    """Distinct dataset items run (unique sample ids, not items x epochs)."""
    total_samples: int | None = Field(default=None, ge=0)
    """Samples planned: items x epochs."""
    completed_samples: int | None = Field(default=None, ge=0)
    """Samples completed without error."""
    scored_samples: int | None = Field(default=None, ge=0)
    """Samples that received a score."""
    unscored_samples: int | None = Field(default=None, ge=0)
    """Samples that did not."""
    errored_samples: int | None = Field(default=None, ge=0)
    """Samples that ended in an error."""
    refusals: int | None = Field(default=None, ge=0)
    """Samples scored `N` (no answer / refusal)."""


class MetricValue(Model):
    """One metric of a scorer, as the harness reported it."""

    value: float | None = None
    """Point value."""
    lower: float | None = None
    """Lower bound, for interval metrics such as Inspect's `ci`."""
    upper: float | None = None
    """Upper bound, for interval metrics."""
    params: dict[str, JsonValue] = Field(default_factory=dict)
    """Metric parameters (e.g. `cluster`, `level`)."""


class RunScore(Model):
    """One scorer's results in a run (Inspect `results.scores[]`)."""

    name: ShortText | None = None
    """Score name."""
    scorer: ShortText
    """Scorer."""
    reducer: ShortText | None = None
    """Epoch reducer."""
    scored_samples: int | None = Field(default=None, ge=0)
    """Samples scored."""
    unscored_samples: int | None = Field(default=None, ge=0)
    """Samples not scored."""
    metrics: dict[str, MetricValue] = Field(default_factory=dict)
    """Metric name -> value."""


class SampleRecord(Model):
    """One sample's score in one epoch: bulk data, also accepted as JSON Lines."""

    id: SampleId
    """Sample (item) id; `1` and `"1"` are the same id, so a run may not hold both."""
    epoch: int = Field(default=1, ge=1)
    """Epoch, from 1."""
    scorer: ShortText | None = None
    """The scorer this score is from; the run's `sample_scorer` when absent."""
    score: float | CategoricalScore | None = None
    """Score: a number, or C (1), I (0), P (0.5), N (0, a refusal); null when unscored."""
    refusal: bool | None = None
    """The model refused (also implied by score `N`)."""
    error: ShortText | None = None
    """Why the sample failed, if it did; such samples are left out of recomputation."""


class TokenUsage(Model):
    """Tokens one model used in a run."""

    input_tokens: int = Field(default=0, ge=0)
    """Input tokens."""
    output_tokens: int = Field(default=0, ge=0)
    """Output tokens."""
    total_tokens: int = Field(default=0, ge=0)
    """All tokens."""
    reasoning_tokens: int | None = Field(default=None, ge=0)
    """Reasoning tokens, when reported."""
    total_cost: float | None = Field(default=None, ge=0)
    """Cost, when reported."""


class SolverStep(Model):
    """One step of the solver plan a run used (Inspect `plan.steps[]`)."""

    solver: ShortText
    """The solver's registry name, e.g. `basic_agent`."""
    params: dict[str, JsonValue] = Field(default_factory=dict)
    """Its parameters."""


class RunSandbox(Model):
    """The sandbox a run used, as its log records it (Inspect `eval.sandbox`)."""

    type: ShortText
    """Sandbox type, e.g. `docker`."""
    config: ShortText | None = None
    """Its configuration file or spec."""
    internet_egress: Literal["deny", "task_services_only", "allow"] | None = None
    """Network access out of the sandbox, when stated for this run."""


class Run(Model):
    """One run of one procedure on one model, usually one Inspect log."""

    id: RunId
    """Id of the run within the submission; metric results and sample files refer to it."""
    procedure: ProcedureId
    """The standard's procedure this run implements."""
    model: ShortText
    """Model evaluated; a model listed in `reference_models` makes this a reference run."""
    model_roles: dict[str, ShortText] = Field(default_factory=dict)
    """Other models the run used, by role (e.g. `grader`), as the log records them."""
    org: Code | None = None
    """Organisation that ran it (an issuers vocabulary code); when absent, the submission's only
    evaluating organisation. `evaluating_orgs` must list it."""
    status: Literal["started", "success", "cancelled", "error"] = "success"
    """Run status; only `success` supports conformance."""
    error: Text | None = None
    """Why the run failed, for status `error`."""
    invalidated: bool = False
    """The log was invalidated after the fact."""
    log: LogRef | None = None
    """The machine-readable log."""
    task: TaskIdentity | None = None
    """Task and task version."""
    dataset: DatasetIdentity | None = None
    """Dataset identity."""
    generate_config: dict[str, JsonValue] = Field(default_factory=dict)
    """Model generation config (temperature, max_tokens, seed, reasoning effort, ...)."""
    solver: list[SolverStep] = Field(default_factory=list)
    """The solver plan, as the log records it."""
    sandbox: RunSandbox | None = None
    """The sandbox of this run, as its log records it (`environment.sandbox` otherwise)."""
    limits: RunLimits | None = None
    """Per-sample limits."""
    epochs: int = Field(default=1, ge=1)
    """Epochs per item."""
    epochs_reducer: list[ShortText] = Field(default_factory=list)
    """Reducers applied across epochs."""
    counts: Counts | None = None
    """Sample counts."""
    scores: list[RunScore] = Field(default_factory=list)
    """Scores and metrics as the harness reported them."""
    started_at: dt.datetime | None = None
    """When the run started."""
    completed_at: dt.datetime | None = None
    """When it finished."""
    token_usage: dict[str, TokenUsage] = Field(default_factory=dict)
    """Model -> tokens used."""
    sample_scorer: ShortText | None = None
    """The scorer whose per-sample values `samples` (or the samples file) hold, for records
    that name no `scorer` of their own."""
    samples: list[SampleRecord] | None = None
    """Per-sample scores inline; large sets belong in `samples_file`."""


class IntervalValue(Model):
    """A confidence interval as submitted."""

    lower: float
    """Lower bound."""
    upper: float
    """Upper bound."""
    level: float = Field(gt=0, lt=1)
    """Confidence level, e.g. 0.95."""
    method: IntervalMethod
    """How it was computed."""

    @model_validator(mode="after")
    def _ordered(self) -> IntervalValue:
        """An interval whose lower bound is above its upper bound bounds nothing."""
        if self.lower > self.upper:
            raise ValueError(f"lower bound {self.lower} is above upper bound {self.upper}")
        return self


class MetricResult(Model):
    """A metric of the standard, normalised: the view the checker judges."""

    metric: MetricId
    """The standard's metric id."""
    run: RunId | None = None
    """The run it was computed from; its per-sample scores are used to recompute it."""
    model: ShortText | None = None
    """The model it is for; the system under test when absent, else a reference model."""
    value: float | None = None
    """Point estimate."""
    ci: IntervalValue | None = None
    """Confidence interval."""
    stderr: float | None = Field(default=None, ge=0)
    """Standard error, when reported."""
    n_items: int | None = Field(default=None, ge=0)
    """Distinct items behind the value."""
    n_epochs: int | None = Field(default=None, ge=1)
    """Epochs per item."""
    n_scored: int | None = Field(default=None, ge=0)
    """Scored samples (items x epochs, less unscored)."""
    successes: int | None = Field(default=None, ge=0)
    """For a proportion from single-epoch binary scores: the number of successes."""
    estimand: Literal["benchmark", "generalized"] | None = None
    """Benchmark accuracy on the fixed items, or generalized accuracy (NIST AI 800-3)."""

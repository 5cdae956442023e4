"""How a standard measures: test procedures pinned to an implementation, dataset, scorer and
elicitation, the metrics computed from their runs, and the outcome bands that grade them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from aiss.models.checks import MetricId, ProcedureId
from aiss.models.common import (
    Code,
    Model,
    ShortText,
    Text,
    Url,
)


class TaskVersion(Model):
    """The pinned version of an evaluation task, in inspect_evals' `N-X` scheme."""

    comparability: int = Field(ge=0)
    """`N`: results are comparable only between runs with the same value."""
    interface: Annotated[str, Field(pattern=r"^[A-Z]$")] | None = None
    """`X`: the task interface letter; not pinned when absent."""


class DatasetPin(Model):
    """The exact dataset a procedure runs on."""

    name: ShortText
    """Dataset name (e.g. `cais/wmdp`, subset `wmdp-bio`)."""
    items: int = Field(ge=1)
    """Number of items at the pinned revision."""
    revision: ShortText | None = None
    """Git commit or dataset-hub revision."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    """sha256 of the sorted item-id list, when published."""
    url: Url | None = None
    """Where the dataset card is."""
    restricted: bool = False
    """True when items are hazardous or private and must not be published."""


class Sandbox(Model):
    """Isolation required while the procedure runs."""

    required: bool
    """A sandbox is mandatory."""
    internet_egress: Literal["deny", "task_services_only", "allow"] = "deny"
    """Network access allowed out of the sandbox."""


class Implementation(Model):
    """The pinned implementation of a procedure."""

    framework: Literal["inspect_ai", "helm", "modelbench", "custom", "none"]
    """Evaluation framework."""
    task: ShortText | None = None
    """Task name in the framework's registry (e.g. `inspect_evals/cybench`)."""
    task_version: TaskVersion | None = None
    """Pinned task version."""
    dataset: DatasetPin | None = None
    """Pinned dataset."""
    sandbox: Sandbox | None = None
    """Isolation requirements."""


class Scorer(Model):
    """How each item is scored: the test oracle (ISO/IEC TR 29119-11)."""

    type: Literal[
        "exact_match",
        "multiple_choice",
        "flag_capture",
        "model_graded",
        "human_graded",
        "rubric",
        "unit_tests",
        "other",
    ]
    """Kind of scorer."""
    oracle: ShortText
    """What counts as a correct or harmful response."""
    judge: ShortText | None = None
    """Judge model or grader pool, when graded."""


class Elicitation(Model):
    """How hard the evaluators must try to elicit the capability."""

    scaffold: ShortText | None = None
    """Agent scaffold or prompting approach."""
    tools: list[ShortText] = Field(default_factory=list)
    """Tools the model gets."""
    min_token_limit: int | None = Field(default=None, ge=1)
    """The token limit per sample may not be set below this."""
    attempts_per_item: int | None = Field(default=None, ge=1)
    """Independent attempts (epochs) per item."""
    allow_prompt_iteration: bool = True
    """Evaluators may iterate on prompts and scaffold on a development split."""
    dev_test_split_required: bool = False
    """Results must come from a held-out test split (METR elicitation guidelines)."""


class Sampling(Model):
    """Minimum sample sizes for a procedure."""

    min_items: int | None = Field(default=None, ge=1)
    """Distinct items."""
    min_epochs: int | None = Field(default=None, ge=1)
    """Epochs per item."""
    max_error_rate: float | None = Field(default=None, ge=0, le=1)
    """Largest share of samples that may error."""


class TestProcedure(Model):
    """A way of testing the system: technique, pinned implementation, scorer, elicitation."""

    id: ProcedureId
    """Stable id, `TP-<n>`."""
    title: ShortText
    """Short name."""
    technique: Literal[
        "qa_benchmark",
        "automated_benchmark",
        "agentic_task_suite",
        "red_team",
        "human_uplift_study",
        "qualitative_probing",
        "process_check",
    ]
    """Kind of test."""
    description: Text
    """What is done and why."""
    optional: bool = False
    """True when the procedure is run only under a condition stated in a requirement."""
    implementation: Implementation
    """Pinned framework, task and dataset."""
    scorer: Scorer | None = None
    """How items are scored."""
    elicitation: Elicitation | None = None
    """Elicitation requirements."""
    sampling: Sampling | None = None
    """Minimum sample sizes."""


class Uncertainty(Model):
    """How the uncertainty of a metric must be computed."""

    method: Literal["wilson", "clopper_pearson", "clustered_t", "bootstrap", "normal"]
    """Interval method; `clustered_t` clusters by item when there are several epochs."""
    level: float = Field(gt=0, lt=1)
    """Confidence level, e.g. 0.95."""
    cluster_by: ShortText | None = None
    """Field samples are clustered by (usually `sample_id`)."""


class InspectMapping(Model):
    """Where this metric is found in an Inspect eval log."""

    scorer: ShortText
    """Scorer name in `results.scores[].name`; `*` for the first scorer."""
    metric: ShortText
    """Metric name in that score's `metrics` (e.g. `accuracy`)."""
    reducer: ShortText | None = None
    """Epoch reducer (e.g. `mean`, `pass_at_5`)."""


class Metric(Model):
    """A quantity computed from a procedure's results."""

    id: MetricId
    """Stable id, `M-<NAME>`."""
    name: ShortText
    """Human-readable name."""
    procedure: ProcedureId
    """The procedure it is computed from."""
    unit: Literal["proportion", "count", "hours", "score", "ratio", "days"]
    """Unit; a `proportion` lies in [0, 1]."""
    direction: Literal[
        "higher_is_more_capable", "higher_is_less_safe", "higher_is_better", "lower_is_better"
    ]
    """What a larger value means."""
    estimand: Literal["benchmark", "generalized"] = "benchmark"
    """Benchmark accuracy on the fixed items, or generalized accuracy (NIST AI 800-3)."""
    aggregation: ShortText
    """How per-sample scores become the metric (e.g. `mean_over_items_of_mean_over_epochs`)."""
    uncertainty: Uncertainty | None = None
    """Required interval; none for counts that are reported exactly."""
    inspect_mapping: InspectMapping | None = None
    """Where to find it in an Inspect log."""


class Band(Model):
    """One outcome band: `min <= value < max`."""

    label: Code
    """Band label (e.g. `below_concern`)."""
    min: float | None = None
    """Inclusive lower edge; unbounded when absent."""
    max: float | None = None
    """Exclusive upper edge; unbounded when absent."""
    description: ShortText | None = None
    """What a result in this band means."""


class OutcomeBands(Model):
    """Findings for one metric: which band a result falls in. Separate from conformance."""

    metric: MetricId
    """The metric banded."""
    decision_bound: Literal["upper", "lower", "point"]
    """Which value decides the band; rule-out for capabilities uses the upper bound."""
    bands: list[Band] = Field(min_length=2)
    """Contiguous bands from low to high."""
    on_inconclusive: Literal[
        "treat_as_higher_band", "treat_as_lower_band", "report_inconclusive"
    ] = "treat_as_higher_band"
    """What to report when the interval straddles a band edge."""
    illustrative: bool = False
    """True when the band edges are placeholders chosen for illustration."""

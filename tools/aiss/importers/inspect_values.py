"""What `inspect_log` reads from an Inspect log: plain, frozen values (no inspect_ai types)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeAlias

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
LogFormat = Literal["eval", "json"]
LogStatus = Literal["started", "success", "cancelled", "error"]


@dataclass(frozen=True)
class ScoreValue:
    """One scorer's value for one sample."""

    raw: JSONValue
    """The value as Inspect wrote it: `C`/`I`/`P`/`N`, a number, a list or a mapping."""
    numeric: float | None
    """C=1, I=0, P=0.5, N=0, numbers and booleans as floats; None when there is no mapping."""
    refusal: bool
    """True for `N` (no answer / refusal), which counts as 0 in `numeric`."""
    answer: str | None
    """The answer the scorer extracted, if it recorded one."""


@dataclass(frozen=True)
class SampleScore:
    """The scores and bookkeeping of one sample in one epoch."""

    id: str | int
    """Sample id from the dataset."""
    epoch: int
    """Epoch number, from 1."""
    scores: Mapping[str, ScoreValue]
    """Scorer name -> value; empty for a sample that errored before scoring."""
    error: str | None
    """The sample's error message, if it failed."""
    limit: str | None
    """The kind of limit the sample hit (`token`, `message`, `time`, ...), if any."""
    input_tokens: int
    """Input tokens summed over every model the sample used."""
    output_tokens: int
    """Output tokens summed over every model the sample used."""
    total_tokens: int
    """Total tokens summed over every model the sample used."""
    total_time: float | None
    """Wall-clock seconds the sample took."""
    working_time: float | None
    """Seconds spent working (excluding waits on shared resources)."""
    models: tuple[str, ...] = ()
    """The models the sample used (its `model_usage`): the one evaluated and any grader."""
    tools: frozenset[str] | None = None
    """The names of the tools offered to the model in the sample's model calls (each model
    event's `tools`); None when the sample records no model call (no events logged)."""
    uuid: str | None = None
    """The unique id Inspect gave this execution of the sample (`uuid`), when it wrote one."""


@dataclass(frozen=True)
class ScoreSummary:
    """One entry of `results.scores`: a scorer (after one epoch reducer) and its metrics."""

    name: str
    """Score name (usually the scorer's name)."""
    scorer: str
    """Scorer that produced it."""
    reducer: str | None
    """Epoch reducer (`mean`, `max`, ...) or None for a single epoch."""
    scored_samples: int | None
    """Samples that received a score."""
    unscored_samples: int | None
    """Samples that did not."""
    metrics: Mapping[str, float]
    """Metric name -> value; may be NaN or infinite."""
    params: Mapping[str, JSONValue]
    """Scorer parameters."""


@dataclass(frozen=True)
class InspectLog:
    """What a result submission needs from an Inspect `EvalLog`, read from one file."""

    path: Path
    """The file read."""
    sha256: str
    """Hex SHA-256 of the file's bytes."""
    format: LogFormat
    """`eval` (ZIP archive) or `json`, decided by content, not by file name."""
    version: int
    """Inspect log format version."""
    status: LogStatus
    """Run status; `started` when the run never finished (journal only)."""
    missing: tuple[str, ...]
    """Parts the file lacks: `header.json` (journal fallback), `results`, `stats`."""
    eval_id: str | None
    """Globally unique id of this evaluation."""
    run_id: str | None
    """Id of the run that produced it (shared by the tasks of one `eval()` call)."""
    created: datetime | None
    """When the evaluation was created."""
    task: str
    """Task name."""
    task_version: int | str
    """Task version."""
    task_registry_name: str | None
    """Task's registry name."""
    task_args: Mapping[str, JSONValue]
    """Arguments the task was created with."""
    task_file: str | None
    """Source file of the task (`eval.task_file`)."""
    solver: tuple[tuple[str, Mapping[str, JSONValue]], ...]
    """The solver plan: (solver name, parameters) per step (`plan.steps`)."""
    sandbox: tuple[str, str | None] | None
    """(type, config) of the sandbox (`eval.sandbox`), when one was used."""
    model_roles: Mapping[str, str]
    """Other models by role, e.g. `grader` (`eval.model_roles`)."""
    model: str
    """Model evaluated, e.g. `openai/gpt-4o`."""
    dataset_name: str | None
    """Dataset name."""
    dataset_location: str | None
    """Dataset location (path or URL)."""
    dataset_samples: int | None
    """Samples in the dataset."""
    sample_ids: tuple[str | int, ...] | None
    """Ids of the samples evaluated."""
    epochs: int
    """Epochs per sample."""
    epochs_reducer: tuple[str, ...] | None
    """Reducers applied across epochs."""
    generate_config: Mapping[str, JSONValue]
    """Model generation config (temperature, max_tokens, seed, ...)."""
    limits: Mapping[str, int | float]
    """Limits from the eval config: message/token/turn/time/working/cost."""
    revision: Mapping[str, JSONValue] | None
    """Git revision of the task source (`type`, `origin`, `commit`, `dirty`)."""
    packages: Mapping[str, str]
    """Package -> version."""
    scorers: tuple[str, ...]
    """Names of the scorers configured."""
    scores: tuple[ScoreSummary, ...]
    """Aggregate scores; empty when the log has no results."""
    total_samples: int | None
    """Samples x epochs planned."""
    completed_samples: int | None
    """Samples completed without error."""
    started_at: datetime | None
    """When the run started."""
    completed_at: datetime | None
    """When it finished."""
    model_usage: Mapping[str, Mapping[str, int | float]]
    """Model -> token counts (and cost) for the whole run."""
    error_message: str | None
    """Why the run failed, for status `error`."""
    invalidated: bool
    """Whether the log was invalidated after the fact."""
    samples: tuple[SampleScore, ...] | None
    """Per-sample scores sorted by (epoch, id); None when not requested."""
    journal_differences: tuple[str, ...] = ()
    """Where the header (`header.json`) says other than the journal Inspect wrote when the run
    started (`_journal/start.json`): a sign the header was edited afterwards."""

    def score(self, name: str, reducer: str | None = None) -> ScoreSummary | None:
        """The aggregate score called `name` (after `reducer`), if present."""
        return next((s for s in self.scores if s.name == name and s.reducer == reducer), None)

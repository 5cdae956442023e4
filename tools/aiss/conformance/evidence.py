"""What the checker knows beyond the submission file: what reading each run's log gave, the
approvals whose signatures verified, and the organisations the registry knows. The
composition layer gathers it (reading files, verifying signatures); the engine only reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Protocol, TypeVar

from aiss.conformance.samples import RunSamples, ids_sha256
from aiss.diagnostics import Diagnostic
from aiss.models.common import ReviewVerdict

LogState = Literal["read", "missing", "unreadable", "outside", "remote", "hash_only"]
"""`read`: opened and its header read; `hash_only`: a format read only for its digest;
`missing`: a relative path with no file; `unreadable`: not a log aiss can read; `outside`:
leaves the submission's folder (not read); `remote`: a URL (not fetched)."""


class ScoreEntry(Protocol):
    """An entry of an Inspect log's `results.scores[]`: a scorer after one epoch reducer."""

    @property
    def name(self) -> str: ...
    @property
    def scorer(self) -> str: ...
    @property
    def reducer(self) -> str | None: ...
    @property
    def metrics(self) -> Mapping[str, float]: ...


@dataclass(frozen=True)
class LoggedScore:
    """One `results.scores[]` entry as the log states it."""

    name: str
    scorer: str
    reducer: str | None
    metrics: Mapping[str, float]


E = TypeVar("E", bound=ScoreEntry)


def select_score(scores: Sequence[E], epochs: int, scorer: str, reducer: str | None) -> E | None:
    """The entry for a scorer (`*`: the first) after an epoch reducer. Inspect writes `reducer:
    null` for its default, `mean`; with one epoch per sample the mean, median, mode and max of
    a single value are that value. Never `at_least_k` or `pass_at_k` from the default entry:
    those differ (0, or undefined, with fewer than k epochs), and a value the log does not hold
    is never made up."""
    if scorer == "*":
        if not scores:
            return None
        scorer = scores[0].name
    named = [s for s in scores if scorer in (s.name, s.scorer)]
    exact = [s for s in named if s.reducer == reducer]
    if exact:
        return exact[0]
    defaults = [s for s in named if s.reducer is None]
    if defaults and (
        reducer in (None, "mean") or (reducer in ("median", "mode", "max") and epochs == 1)
    ):
        return defaults[0]
    return None


SAMPLE_SKETCH = 64
"""How many sample uuids a `LogHeader` keeps (`sample_uuids`)."""


@dataclass(frozen=True)
class LogHeader:
    """What an Inspect log's header says about the run it records."""

    model: str
    task: str
    registry_name: str | None
    task_version: int | str
    dataset_name: str | None
    dataset_samples: int | None
    sample_ids: tuple[str, ...] | None
    """Canonical ids of the samples the run covered (`eval.dataset.sample_ids`)."""
    epochs: int
    status: str
    total_samples: int | None
    completed_samples: int | None
    scores: tuple[LoggedScore, ...] = ()
    """`results.scores[]`: what Inspect computed, per scorer and epoch reducer."""
    sample_models: frozenset[str] | None = None
    """The models the log's samples used (`model_usage`); None when it holds no samples."""
    journal_differences: tuple[str, ...] = ()
    """`eval` fields on which the header and the journal of the run's start disagree."""
    limits: Mapping[str, float] = field(default_factory=dict)
    """The per-sample limits the run was given (`eval.config.*_limit`), as set."""
    generate_config: Mapping[str, object] = field(default_factory=dict)
    """The generation settings the run was given (`eval.model_generate_config`), as set."""
    sandbox: str | None = None
    """The sandbox type the run used (`eval.sandbox`); None when it used none."""
    solver: tuple[tuple[str, Mapping[str, object]], ...] = ()
    """The solver plan the run used (`plan.steps[]`: each step's solver and parameters)."""
    model_roles: Mapping[str, str] = field(default_factory=dict)
    """The other models the run used, by role (`eval.model_roles`: a grader, ...)."""
    tools: frozenset[str] | None = None
    """The tools offered to the model in the log's samples' model calls; None when the log
    records no model call (written without samples, or with none)."""
    task_file: str | None = None
    """The task's source file (`eval.task_file`); None when the log records none."""
    task_args: Mapping[str, object] = field(default_factory=dict)
    """The arguments the task was run with (`eval.task_args`)."""
    sandbox_config: str | None = None
    """The sandbox's configuration file or spec (`eval.sandbox`'s second part)."""
    eval_id: str | None = None
    """The evaluation's unique id (`eval.eval_id`): two logs with one id record one run."""
    sample_uuids: tuple[str, ...] = ()
    """The `SAMPLE_SKETCH` lowest of the unique ids Inspect gave the log's sample executions
    (`uuid`): a sample of them that two logs recording the same executions share, whatever
    else was edited in them, without holding a large log's every id."""

    @cached_property
    def sample_ids_sha256(self) -> str | None:
        """The digest of `sample_ids` as a run states it (`ids_sha256`), made once."""
        return ids_sha256(self.sample_ids) if self.sample_ids is not None else None


@dataclass(frozen=True)
class LogRead:
    """What became of one run's log when the checker tried to read it."""

    state: LogState
    display: str
    """The log as shown in messages (its path, or its URI)."""
    sha256: str | None = None
    header: LogHeader | None = None
    samples: RunSamples | None = None
    """Per-sample scores of the run's sample scorer (and others), from the log."""
    problem: str = ""
    """Why it was not read, for states other than `read` and `hash_only`."""

    @property
    def verified(self) -> bool:
        return self.state in ("read", "hash_only")


DocumentState = Literal["read", "missing", "unreadable", "outside", "remote", "uncited"]
"""`read`: a file beside the submission, hashed; `missing`: a relative path with no file;
`unreadable`: not a regular file, or not readable; `outside`: leaves the submission's folder
(not read); `remote`: a URL (not fetched); `uncited`: only a sha256, no URI to read."""


@dataclass(frozen=True)
class DocumentRead:
    """What became of one evidence document a claim cites when the checker tried to read it."""

    state: DocumentState
    display: str
    """The document as shown in messages (its path, or its URI)."""
    sha256: str | None = None
    """The sha256 of the file read (state `read`)."""
    problem: str = ""
    """Why it was not read, for states other than `read`."""


@dataclass(frozen=True)
class Approval:
    """A review or waiver whose signature verified against a key the registry lists for the
    organisation (or a record kept in the registry itself)."""

    kind: Literal["review", "waiver"]
    requirement: str
    org: str
    source: str
    """The envelope file or registry record it came from."""
    verdict: ReviewVerdict | None = None
    reviewer: str | None = None
    waiver_id: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Everything the engine may rely on besides the submission's own statements."""

    logs: Mapping[str, LogRead] = field(default_factory=dict)
    """Run id -> what reading its log gave."""
    documents: Mapping[tuple[int, int], DocumentRead] = field(default_factory=dict)
    """(claim index, evidence index) -> what reading that evidence document gave."""
    approvals: Sequence[Approval] = ()
    findings: Sequence[Diagnostic] = ()
    """Problems found gathering the evidence (attestations that do not verify, ...)."""
    organisations: frozenset[str] | None = None
    """Organisation codes the registry's issuers vocabulary lists; None when unknown."""

    def log_hashes(self) -> dict[str, str]:
        return {rid: r.sha256 for rid, r in self.logs.items() if r.sha256 and r.verified}

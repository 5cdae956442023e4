"""Codes of `aiss check` and `aiss import`: diagnostics, verdict reasons, overall reasons.

Turned into `CodeInfo` by `aiss.codes`, so each code gets a page on the site (`tlp-white` and
`tlp-red-refused`, shared with standards, are in `aiss.codes` itself). Groups: `submission`
(problems in a result file), `import` (Inspect logs), `examples` (a standard's test vectors),
and `verdict` (why a requirement, or a whole submission, got its verdict).
"""

from __future__ import annotations

_DIAGNOSTICS = """
json-syntax | submission | JSON syntax error | The JSON file (or a line of a JSON Lines samples file) could not be parsed at this position. | Fix the syntax at the position shown.
not-a-submission | submission | Not a result submission | `aiss check` reads `kind: ResultSubmission` documents (or Inspect logs with `--standard`). | Check the right file, or use `aiss validate` for standards.
invalid-sample | submission | Invalid sample record | A per-sample record needs an `id` (text or integer), an `epoch` >= 1, and a `score` that is a finite number, one of C, I, P, N, or null; each (id, epoch) appears once per run. | Correct the record at the position shown.
unknown-run | submission | Reference to an unknown run | A metric result or a samples-file record names a run id that is not in `runs`. | Use the `id` of one of the submission's runs.
standard-not-found | submission | Standard version not in the registry | The submission claims a standard id and version that the registry does not have, so it cannot be checked; the verdict is `invalid`. | Correct `standard.id` / `standard.version`, or check against the registry that has it (`--root`).
standard-sha256-mismatch | submission | Standard file differs from the one claimed | `standard.sha256` names the exact file the evaluators worked from; the registry's file has another digest. Published versions are frozen, so this usually means the submission was prepared against an unpublished copy. | Re-check against the published file and update `standard.sha256`.
standard-not-published | submission | Standard version not published | Only a published (or deprecated) version can be conformed to. Results against a draft or proposed version are `non_conformant`, whatever their requirement verdicts. | Wait for publication, or claim a published version.
standard-withdrawn | submission | Standard version withdrawn | A withdrawn version no longer supports conformance claims; the verdict is `non_conformant`. | Claim the version that supersedes it.
standard-deprecated | submission | Standard version deprecated | The version is deprecated: conformance is still assessed, with this warning. | Plan to move to the version that supersedes it.
recomputed-value-mismatch | submission | Metric disagrees with its per-sample scores | The point estimate recomputed from the per-sample scores differs from the submitted value by more than the tolerance (1e-6). Requirements on the metric fail with `metric-disagrees-with-samples`. | Recompute the metric from the samples submitted, or submit the samples it was computed from.
recomputed-interval-mismatch | submission | Interval disagrees with its per-sample scores | The interval recomputed by the same method differs from the submitted bounds by more than the tolerance (1e-3). Thresholds and bands are then judged on the hull of both intervals. | Recompute the interval, or state the method actually used.
should-not-met-unjustified | submission | SHOULD not met without justification | BCP 14 lets a SHOULD be skipped only after weighing the implications. The submission stays `conformant_with_deviations`, with this warning. | Add a claim for the requirement with status `not_met` and a justification.
run-unknown-procedure | submission | Run of an unknown procedure | The run names a procedure the claimed standard version does not have; no requirement looks at it. | Use a procedure id of the standard.
result-unknown-metric | submission | Result for an unknown metric | The metric result names a metric the claimed standard version does not have. | Use a metric id of the standard.
claim-unknown-requirement | submission | Claim for an unknown requirement | The claim names a requirement the claimed standard version does not have (or has retired). | Use a requirement id of the standard.
inspect-log-unreadable | import | Inspect log cannot be read | The file is not an Inspect log the reader understands: not a ZIP or JSON log, truncated, corrupt, too large, or of a newer log format. | Check the file; re-export it with `inspect log convert` if needed.
log-not-matched | import | Log matches no procedure | No test procedure of the standard names this log's task (`implementation.task`, compared by task name and registry name), so the log was left out of the submission. | Import only logs of the standard's procedures, or check the task name.
no-log-matched | import | No log matches the standard | None of the logs given is a run of a procedure of the standard, so there is nothing to import. | Check `--standard` and the logs.
metric-not-in-log | import | Mapped metric missing from the log | The standard maps a metric to an Inspect scorer and metric (`inspect_mapping`) that this log does not contain; the metric result is left out. | Run the task with the scorer and metric the standard names.
example-verdict-mismatch | examples | Example gets another verdict | Each example submission in `standards/<ID>/<version>/examples/` declares the overall verdict `aiss check` must give it (`example.expected_verdict`); it now gets a different one. | Fix the example or the standard, whichever is wrong.
example-wrong-standard | examples | Example claims another standard version | An example in `standards/<ID>/<version>/examples/` must claim that same id and version. | Correct `standard` in the example, or move the file.
example-undeclared | examples | Example declares no verdict | Files in a version's `examples/` folder are test vectors and must declare `example.expected_verdict`. | Add `example: {expected_verdict: ..., description: ...}`.
"""
"""code | group | title | explanation | fix, one per line."""

_VERDICT_REASONS = """
sample-size-met | Enough items, epochs and completed samples | A run of the procedure meets the minimum items, epochs and error rate.
too-few-items | Too few items run | Fewer distinct items (unique sample ids) were run than the standard requires.
too-few-epochs | Too few epochs | Items were attempted fewer times than the standard requires.
error-rate-too-high | Too many samples failed | The share of samples that ended in an error exceeds `max_error_rate`.
counts-not-reported | Sample counts missing | The run does not report the counts the check needs (items, total and completed samples).
no-run | No run of the procedure | The submission has no run of the procedure on the system under test: no data, verdict `not_assessed`.
threshold-met | Threshold met on the conservative bound | The confidence bound on the conservative side satisfies the threshold (upper bound for `value <= T`, lower bound for `value >= T`).
threshold-not-met | Threshold not met | Even the bound on the other side violates the threshold: the whole interval is on the wrong side.
interval-straddles-threshold | Interval straddles the threshold | The interval contains the threshold, so the data cannot decide: verdict `inconclusive`. More items narrow it.
uncertainty-not-reported | Uncertainty not reported | The metric has no interval, and neither counts nor per-sample scores to compute one: verdict `fail`.
metric-not-reported | Metric not reported | The submission has no result for the metric.
metric-disagrees-with-samples | Metric contradicts the per-sample scores | The submitted value differs from the value recomputed from the submitted per-sample scores beyond the tolerance.
metric-reported | Metric fully reported | Point estimate, interval (method and level), items and epochs are all given.
metric-incomplete | Metric reported incompletely | The metric lacks its point estimate, item count or epoch count.
fields-present | Fields present | Every required field is present and non-empty.
fields-missing | Fields missing | Required fields are absent or empty; the message lists them.
logs-valid | Logs valid | Every run has a log with a sha256, status `success`, not invalidated; hashes of logs the checker could read match.
log-status-error | Run ended in an error | An Inspect run ended with status `error`; requirements resting on its results fail.
log-status-cancelled | Run was cancelled | An Inspect run ended with status `cancelled`, so its results are partial; requirements resting on them fail.
log-status-started | Run never finished | The log is of a run that never finished (only its journal was written); requirements resting on it fail.
log-invalidated | Log invalidated | The log was invalidated after the run.
log-missing | No log | The run references no machine-readable log.
log-sha256-missing | Log without sha256 | Logs are referenced by hash; this one has none.
log-sha256-mismatch | Log hash differs | The log file beside the submission does not have the sha256 the submission gives.
not-pinned | Nothing pinned | The standard pins no task version (or dataset) for the procedure, so there is nothing to match.
task-version-missing | Task version not reported | The run does not report its task version.
task-version-mismatch | Task version differs from the pin | The run's comparability version (N of N-X) differs from the pinned one.
task-version-matches | Task version matches | Every run uses the pinned comparability version.
dataset-not-reported | Dataset identity not reported | The run does not report the dataset revision or item-list hash that the standard pins.
dataset-mismatch | Dataset differs from the pin | The run's dataset revision, item-list hash or item count differs from the pin.
dataset-matches | Dataset matches the pin | Every run used the pinned dataset.
not-comparable | Results not comparable | A run the requirement rests on used another task comparability version or dataset revision than the pin, so its results are not comparable.
no-claim | No claim | The requirement is judged from a claim with evidence, and the submission makes none: verdict `not_assessed`.
claimed-not-met | Claimed not met | The submitter states the requirement is not (or only partially) met.
evidence-missing | Evidence missing | The claim lacks evidence of the kinds required.
evidence-incomplete | Evidence incomplete | An evidence entry lacks a URI or sha256, or its TLP marking.
evidence-present | Evidence present | The claim carries evidence of every kind required, each referenced and marked.
awaiting-review | Awaiting review | An attestation claimed met with evidence, not yet adjudicated by a reviewer of the issuing body: verdict `needs_review`.
review-not-recognised | Review by a non-issuer | A review is honoured only from one of the standard's issuers; this one is not, so the requirement still needs review.
reviewed-pass | Reviewed: pass | A reviewer of the issuing body adjudicated the claim and found it met.
reviewed-fail | Reviewed: fail | A reviewer of the issuing body adjudicated the claim and found it not met.
too-few-reference-models | Too few reference models | Fewer reference models were run successfully under the same settings than required.
reference-model-class-missing | Required reference model missing | The standard's reference-model policy requires a model of this role (e.g. the developer's previous frontier model).
reference-models-met | Reference models sufficient | Enough reference models were run under the same settings.
artifact-unmarked | Artifact without marking | Every referenced artifact (logs, evidence) must carry its own TLP 2.0 marking.
artifact-marking-too-permissive | Artifact marked too permissively | The standard requires artifacts to be marked at least as restrictively as it names.
public-summary-missing | No TLP:CLEAR public summary | The standard requires a public summary marked TLP:CLEAR.
markings-valid | Markings valid | The document and every artifact carry valid TLP 2.0 markings.
manual-review | Manual review | The requirement has no machine check; a reviewer of the issuing body decides: verdict `needs_review`.
condition-not-met | Does not apply | The requirement's `applies_if` condition is false for this submission: verdict `not_applicable`.
claimed-not-applicable | Claimed not applicable | The submitter claims the requirement does not apply and justifies it.
not-applicable-unjustified | Not applicable without justification | A requirement may be claimed not applicable only with a justification.
waiver-recorded | Waived | A waiver issued by one of the standard's issuers is recorded for the requirement.
waiver-not-recognised | Waiver not recognised | A waiver counts only when one of the standard's issuers granted it.
all-met | Conformant | Every applicable MUST and SHOULD requirement passed, or is not applicable or waived.
should-not-met | Conformant with deviations | Every MUST passed, but some SHOULD did not.
must-undecided | Incomplete | No MUST failed, but some MUST is inconclusive or awaits review.
must-not-met | Non-conformant | Some MUST or MUST NOT requirement failed or was not assessed.
invalid-document | Invalid | The submission did not pass validation, so no requirement was assessed.
"""
"""code | title | explanation, one per line; the fix is the same for all."""

_VERDICT_FIX = "See the requirement's text and the verdict's message for what to supply or change."


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split(" | ")] for line in table.strip().splitlines()]


CHECK_CODES: tuple[tuple[str, str, str, str, str], ...] = tuple(
    (code, group, title, explanation, fix)
    for code, group, title, explanation, fix in _rows(_DIAGNOSTICS)
) + tuple(
    (code, "verdict", title, explanation, _VERDICT_FIX)
    for code, title, explanation in _rows(_VERDICT_REASONS)
)
"""(code, group, title, explanation, fix) of every code `aiss check` and `aiss import` emit."""

"""The versioning rule table: each kind of change between two versions and the bump it requires.

The principle (OSCAL's and SLSA's, see CONTRIBUTING.md): a change that can turn a conforming
result non-conforming, or that drops or re-purposes an id a result may cite, is MAJOR; new
optional content and relaxations are MINOR; wording that changes no verdict is PATCH.

Rules marked `optional_bump` apply to one requirement: when that requirement is SHOULD, SHOULD NOT
or MAY (before and after the change), the bump is lowered to `optional_bump`, because an unmet
SHOULD gives `conformant_with_deviations` (still conforming) and a MAY never affects the status.
The table is rendered into `site_src/versioning.md` by `rule_table_markdown` (a test keeps it in
sync).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Bump(enum.IntEnum):
    """The size of a version change, ordered: PATCH < MINOR < MAJOR."""

    PATCH = 1
    MINOR = 2
    MAJOR = 3

    def __str__(self) -> str:
        return self.name

    @property
    def part(self) -> str:
        """The `SemVer.bump` argument: `major`, `minor` or `patch`."""
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    """One row of the table: a stable id, what it matches, the bump it requires and why."""

    id: str
    kind: str
    """Coarse kind shown in reports (`requirement-added`, `threshold-tightened`, ...)."""
    bump: Bump
    when: str
    why: str
    optional_bump: Bump | None = None
    """Bump when the requirement concerned is not MUST / MUST NOT (see the module docstring)."""


M, m, P = Bump.MAJOR, Bump.MINOR, Bump.PATCH

_RULES = [
    # --- requirements
    Rule("requirement-added-mandatory", "requirement-added", M,
         "A new MUST or MUST NOT requirement.",
         "A result that conformed was never checked against it."),
    Rule("requirement-added-optional", "requirement-added", m,
         "A new SHOULD, SHOULD NOT or MAY requirement.",
         "An unmet SHOULD gives `conformant_with_deviations`, which still conforms; a MAY never "
         "affects the status."),
    Rule("requirement-retired", "requirement-removed", M,
         "A requirement gets `retired_in` (it stays in the file as a tombstone).",
         "Results and reports cite requirement ids; an id that stops meaning anything breaks "
         "them, whatever its level."),
    Rule("requirement-removed", "requirement-removed", M,
         "A requirement id disappears from the file (also the error `requirement-id-removed`).",
         "Ids are never dropped or reused: keep the requirement with `retired_in`."),
    Rule("requirement-id-reused", "requirement-added", M,
         "A retired requirement id becomes active again (also an error).",
         "A reused id means two different things in two versions."),
    Rule("requirement-level-raised", "requirement-level-changed", M,
         "A requirement becomes MUST or MUST NOT (from SHOULD, SHOULD NOT or MAY).",
         "A result that met the weaker level by not doing it now fails."),
    Rule("requirement-level-raised-optional", "requirement-level-changed", m,
         "A MAY becomes a SHOULD or SHOULD NOT.",
         "The same effect as adding a SHOULD: at worst `conformant_with_deviations`."),
    Rule("requirement-level-lowered", "requirement-level-changed", m,
         "A MUST becomes SHOULD or MAY, or a SHOULD becomes MAY (same polarity).",
         "A relaxation: no conforming result stops conforming."),
    Rule("requirement-polarity-reversed", "requirement-level-changed", M,
         "A requirement flips between positive and negative (MUST <-> MUST NOT, "
         "SHOULD <-> SHOULD NOT, ...).",
         "The id is re-purposed: it now asks for the opposite."),
    Rule("requirement-repurposed", "requirement-check-changed", M,
         "A requirement's `category` changes.",
         "The id now covers a different subject; acknowledge it if it is only a re-filing."),
    Rule("requirement-check-replaced", "requirement-check-changed", M,
         "The check type changes, or what it tests (metric, procedure, attestation statement).",
         "Results are judged by a different test.", optional_bump=m),
    Rule("requirement-check-tightened", "requirement-check-changed", M,
         "A check asks for more: a field path or evidence kind added, a higher `min_count`, a "
         "stricter artifact marking, log validity extended to every procedure.",
         "A result that passed may now fail.", optional_bump=m),
    Rule("requirement-check-loosened", "requirement-check-changed", m,
         "A check asks for less (the reverse of the above).",
         "A relaxation: no conforming result stops conforming."),
    Rule("threshold-tightened", "threshold-tightened", M,
         "A `metric_threshold` admits fewer values: `le`/`lt` value lowered, `ge`/`gt` value "
         "raised, or `le` -> `lt`, `ge` -> `gt`.",
         "A result inside the old threshold may be outside the new one.", optional_bump=m),
    Rule("threshold-loosened", "threshold-loosened", m,
         "A `metric_threshold` admits more values.",
         "A relaxation: every passing result still passes."),
    Rule("sampling-minimum-raised", "sampling-minimum-changed", M,
         "More items or epochs required, or a lower `max_error_rate` (in a `min_samples` check "
         "or a procedure's `sampling`).",
         "A run that was large enough may now be too small.", optional_bump=m),
    Rule("sampling-minimum-lowered", "sampling-minimum-changed", m,
         "Fewer items or epochs required, or a higher `max_error_rate`.",
         "A relaxation."),
    Rule("requirement-applicability-widened", "requirement-check-changed", M,
         "`applies_if` removed or changed: the requirement may apply to more submissions.",
         "A requirement that was `not_applicable` may now fail.", optional_bump=m),
    Rule("requirement-applicability-narrowed", "requirement-check-changed", m,
         "`applies_if` added: the requirement applies to fewer submissions.",
         "A relaxation."),
    Rule("requirement-text-changed", "requirement-text-changed", P,
         "A requirement's text or title changes; its level and check do not.",
         "The level and the check decide the verdict; the BCP 14 keyword is tied to the level."),
    Rule("requirement-guidance-changed", "editorial", P,
         "A requirement's rationale, references or expected evidence kinds change.",
         "Guidance for readers; the check decides the verdict."),
    # --- test procedures
    Rule("procedure-added", "procedure-changed", M,
         "A new procedure that is not `optional`.",
         "Evaluators must now run something they did not run."),
    Rule("procedure-added-optional", "procedure-changed", m,
         "A new `optional: true` procedure.",
         "New optional content."),
    Rule("procedure-removed", "procedure-changed", M,
         "A procedure id disappears.",
         "Results cite procedure ids; requirements that named it change meaning."),
    Rule("procedure-changed", "procedure-changed", M,
         "A procedure's technique, framework, task, scorer or sandbox changes, it stops being "
         "optional, or its elicitation is made stricter (scaffold changed, tool added, higher "
         "token floor or attempts, prompt iteration forbidden, dev/test split required).",
         "A run made under the old procedure is not comparable or not sufficient."),
    Rule("procedure-relaxed", "procedure-changed", m,
         "A procedure becomes optional, or its sandbox or elicitation demands less.",
         "A relaxation."),
    Rule("dataset-pin-changed", "dataset-pin-changed", M,
         "A dataset pin is added, or its name, item count, revision or sha256 changes.",
         "Results on the old items no longer match the pin (`dataset_pinned`)."),
    Rule("dataset-pin-removed", "dataset-pin-changed", m,
         "A dataset pin is removed.",
         "A relaxation: any dataset is accepted."),
    Rule("task-version-changed", "task-version-changed", M,
         "A task's comparability version N changes, or a task version is pinned where none was.",
         "Runs with the old N are not comparable (`task_version_match`)."),
    Rule("task-version-relaxed", "task-version-changed", m,
         "Only the task's interface letter changes, or the pin is removed.",
         "The interface letter does not affect comparability."),
    # --- metrics and outcome bands
    Rule("metric-added", "metric-changed", m,
         "A new metric.",
         "New optional content; a requirement that uses it is classified on its own."),
    Rule("metric-removed", "metric-changed", M,
         "A metric id disappears.",
         "Results and requirements cite metric ids."),
    Rule("metric-redefined", "metric-changed", M,
         "A metric's procedure, unit, direction, estimand, aggregation, uncertainty method or "
         "epoch reducer changes.",
         "The same id now yields a different number."),
    Rule("metric-mapping-changed", "metric-changed", m,
         "Only where the metric is read from an Inspect log changes (scorer or metric name).",
         "The metric's definition is unchanged; tooling reads it elsewhere."),
    Rule("outcome-band-changed", "outcome-band-changed", m,
         "Outcome bands added, removed or moved (edges, labels, decision bound, rule for "
         "inconclusive results), in a standard without escalation requirements.",
         "Bands are findings, kept apart from conformance: they change what is reported, not "
         "whether a result conforms."),
    Rule("outcome-band-changed-escalation", "outcome-band-changed", M,
         "The same, in a standard that has an active `escalation` requirement.",
         "An escalation requirement turns a band into a MUST (\"if threshold_reached, TP-4 MUST "
         "run\"), so moving a band edge can change conformance."),
    # --- scope, reporting, policies
    Rule("scope-narrowed", "scope-changed", M,
         "A system type, access level, lifecycle stage or mitigation state removed from the "
         "scope, or an exclusion added or changed.",
         "A result for a system in the old scope is no longer covered."),
    Rule("scope-widened", "scope-changed", m,
         "The scope gains a system type, access level, stage or state, or loses an exclusion.",
         "New optional coverage."),
    Rule("reporting-tightened", "reporting-changed", M,
         "A required report section added, a public summary required, or a shorter or new "
         "result validity period.",
         "A report that conformed may now be incomplete or expired."),
    Rule("reporting-loosened", "reporting-changed", m,
         "The reverse of the above.",
         "A relaxation."),
    Rule("reference-models-tightened", "reporting-changed", M,
         "The reference-model policy asks for more: higher `min_count`, a class added to "
         "`must_include`, same settings required, or a policy added.",
         "A comparison that sufficed may no longer."),
    Rule("reference-models-loosened", "reporting-changed", m,
         "The reference-model policy asks for less, or is removed.",
         "A relaxation."),
    Rule("classification-changed", "editorial", m,
         "Risk domains or threat profiles added or removed.",
         "No verdict changes, but catalogues and filters on the site see a different standard."),
    Rule("editorial", "editorial", P,
         "Wording: title, summary, definitions, references, crosswalks, descriptions and titles "
         "of procedures and metrics, band descriptions, threat-profile text, earlier changelog "
         "entries, flags marking values as illustrative.",
         "Wording that changes no verdict."),
    Rule("metadata-changed", "editorial", P,
         "Issuers, editors, marking, `schema_version`, a dataset's URL or `restricted` flag.",
         "Who, when and how it is shared; no verdict changes."),
]  # fmt: skip

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
"""Every rule by id, in table order."""

ACKNOWLEDGEABLE_CODES = ("frozen-version-modified", "requirement-id-removed")
"""Enforcement codes, besides the rule ids, that an acknowledged-changes entry may excuse."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_table_markdown() -> str:
    """The table as Markdown: id (with an anchor), kind, bump, when, why."""
    lines = [
        "| Rule | Bump | When | Why |",
        "| --- | --- | --- | --- |",
    ]
    for r in _RULES:
        bump = r.bump.name
        if r.optional_bump is not None:
            bump += f" ({r.optional_bump.name} for a SHOULD/MAY requirement)"
        lines.append(f'| <a id="{r.id}"></a>`{r.id}` | {bump} | {_cell(r.when)} | {_cell(r.why)} |')
    return "\n".join(lines) + "\n"

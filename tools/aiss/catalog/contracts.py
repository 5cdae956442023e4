"""The tools' own machine-readable outputs, as pydantic models: `aiss validate --format json`,
`aiss check --format json` and `aiss diff --format json` are built from these models and
their schemas (`schemas/*-report.schema.json`) are generated from them, so output and
contract cannot drift apart."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from aiss.diagnostics import Diagnostic

Code = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Tlp = Literal["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
VerdictName = Literal[
    "pass",
    "fail",
    "inconclusive",
    "not_applicable",
    "waived",
    "needs_review",
    "not_assessed",
    "not_met",
]
OverallName = Literal[
    "conformant", "conformant_with_deviations", "incomplete", "non_conformant", "invalid"
]
BumpName = Literal["MAJOR", "MINOR", "PATCH"]


class Out(BaseModel):
    """Base of every output model: closed, frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class LocationOut(Out):
    """Where a value is in a file."""

    path: str
    """The file, as given or found."""
    line: int = Field(ge=0)
    """1-based line; 0 for the whole file."""
    column: int = Field(ge=0)
    """1-based column; 0 for the whole file."""
    json_path: str
    """Path of the value in the document, `$.requirements[3].check.value`."""


class DiagnosticOut(Out):
    """One problem in a file."""

    path: str
    """File the problem is in, as given or found."""
    line: int = Field(ge=0)
    """1-based line; 0 for the whole file."""
    column: int = Field(ge=0)
    """1-based column; 0 for the whole file."""
    severity: Literal["error", "warning", "note"]
    """`error` makes the file fail; `warning` and `note` do not."""
    code: Code
    """Stable kebab-case code; documented at <site>/diagnostics/<code>/."""
    message: str
    """What is wrong."""
    json_path: str
    """Path of the value in the document, `$.a[0].b`."""
    hint: str | None = None
    """What to do about it, when known (absent otherwise)."""

    @model_serializer(mode="wrap")
    def _without_empty_hint(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("hint") is None:
            data.pop("hint", None)
        return data


def diagnostic_out(d: Diagnostic) -> DiagnosticOut:
    """A `aiss.diagnostics.Diagnostic` as its output contract."""
    return DiagnosticOut(**d.to_json())


# --- aiss validate -------------------------------------------------------------------------


class ValidateSummaryOut(Out):
    """Counts of the diagnostics."""

    errors: int = Field(ge=0)
    """Diagnostics of severity error."""
    warnings: int = Field(ge=0)
    """Diagnostics of severity warning or note."""


class ValidateReportOut(Out):
    """Output of `aiss validate --format json`."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, title="aiss validate report"
    )

    tool: Literal["aiss"] = "aiss"
    """The producing tool."""
    version: str
    """Its version."""
    files: int = Field(ge=0)
    """Files checked."""
    summary: ValidateSummaryOut
    """Counts of the diagnostics."""
    diagnostics: list[DiagnosticOut]
    """Every diagnostic, sorted by file and position."""


# --- aiss check ----------------------------------------------------------------------------


class RequirementOut(Out):
    """Exactly one verdict for one requirement."""

    id: Annotated[str, Field(pattern=r"^R-[0-9]{2,3}$")]
    """Requirement id."""
    level: Literal["MUST", "MUST_NOT", "SHOULD", "SHOULD_NOT", "MAY"]
    """BCP 14 level."""
    title: str
    """The requirement's title."""
    check: str
    """The requirement's check type."""
    verdict: VerdictName
    """The verdict."""
    reason: Code
    """Stable reason code; documented at <site>/diagnostics/<code>/."""
    message: str
    """Why, in a sentence."""
    evidence: LocationOut | None
    """Where the evidence for the verdict is; null when it is the file as a whole."""


class ReferenceOut(Out):
    """The same metric on a reference model."""

    model: str
    """The reference model."""
    value: float | None
    """Its point estimate."""
    lower: float | None
    """Its lower bound."""
    upper: float | None
    """Its upper bound."""
    delta: float | None
    """System under test minus reference, on the point estimates."""


class FindingOut(Out):
    """The outcome band of one metric (reported apart from conformance)."""

    metric: str
    """The metric."""
    band: str | None
    """The band label; null when none could be assigned."""
    status: Literal[
        "determined",
        "straddles",
        "inconclusive",
        "no_interval",
        "not_reported",
        "run_not_successful",
        "run_not_comparable",
    ]
    """How the band was decided."""
    decision_bound: Literal["upper", "lower", "point"]
    """Which value decides the band."""
    decided_on: float | None
    """The value the band was read on."""
    value: float | None
    """Point estimate."""
    lower: float | None
    """Lower bound."""
    upper: float | None
    """Upper bound."""
    level: float | None
    """Confidence level."""
    method: str | None
    """Interval method."""
    interval_source: Literal["submitted", "hull", "recomputed", "counts", "exact", "none"]
    """Where the interval came from."""
    candidates: list[str]
    """Bands the interval spans, when it straddles an edge."""
    illustrative: bool
    """The band edges are placeholders."""
    references: list[ReferenceOut]
    """The metric on each reference model."""
    verified: bool
    """The value and interval the band was read on were recomputed from per-sample records or
    read from a verified Inspect log; false: only submitted (the band is the submitter's word)."""


class RecomputedOut(Out):
    """A metric recomputed from per-sample scores beside the submitted figures."""

    metric: str
    """The metric."""
    run: str
    """The run whose samples were used."""
    model: str | None
    """The model the run is of."""
    submitted_value: float | None
    """The value submitted."""
    value: float
    """The value recomputed."""
    submitted_lower: float | None
    """The lower bound submitted."""
    submitted_upper: float | None
    """The upper bound submitted."""
    lower: float | None
    """The lower bound recomputed."""
    upper: float | None
    """The upper bound recomputed."""
    method: str | None
    """Interval method of the recomputation."""
    level: float | None
    """Confidence level."""
    n_items: int = Field(ge=0)
    """Items counted from the samples."""
    n_epochs: int = Field(ge=0)
    """Most epochs any item has."""
    n_scored: int = Field(ge=0)
    """Scored samples."""
    value_agrees: bool
    """The submitted value is within the value tolerance."""
    bounds_agree: bool | None
    """The submitted bounds are within the bound tolerance; null when not comparable."""
    note: str
    """How the interval was chosen, when it differs from what the metric declares."""
    refuted: bool = False
    """The run's read log refutes the records these figures were recomputed from
    (`log-disagrees-with-run`): nothing verified or estimated rests on them."""


class CoverageOut(Out):
    """MUST / MUST NOT requirements satisfied."""

    must_total: int = Field(ge=0)
    """Active MUST and MUST NOT requirements."""
    must_satisfied: int = Field(ge=0)
    """Of those, passed, not applicable or waived."""
    ratio: float = Field(ge=0, le=1)
    """must_satisfied / must_total (1 when there are none)."""


class FailingOut(Out):
    """A requirement that keeps the submission from conformance or completeness."""

    id: str
    """Requirement id."""
    reason: Code
    """Its reason code."""


class ReportOut(Out):
    """The conformance report of one file."""

    path: str
    """The file checked."""
    standard: str | None
    """`ID@version` claimed; null when unreadable."""
    standard_status: str | None
    """The claimed version's status."""
    submission_id: str | None
    """The submission's id."""
    marking: Tlp
    """Most restrictive marking of the inputs."""
    embargo_until: str | None
    """The submission's embargo date."""
    overall: OverallName
    """The overall status."""
    reason: Code
    """Why the overall status is what it is."""
    expected_verdict: OverallName | None
    """The verdict an example (test vector) declares."""
    coverage: CoverageOut | None
    """MUST coverage; null when no requirement was assessed."""
    requirements: list[RequirementOut]
    """One verdict per active requirement."""
    failing: list[FailingOut]
    """Requirements failed, not assessed, inconclusive or awaiting review."""
    findings: list[FindingOut]
    """Outcome bands, apart from conformance."""
    recomputed: list[RecomputedOut]
    """Metrics recomputed from per-sample scores."""
    diagnostics: list[DiagnosticOut]
    """Problems found in the file."""


class TolerancesOut(Out):
    """How close submitted and recomputed figures must be."""

    value: float
    """Point estimates: absolute."""
    bound: float
    """Interval bounds: absolute."""


class CheckSummaryOut(Out):
    """Files checked, by overall status."""

    files: int = Field(ge=0)
    """Files checked."""
    conformant: int = Field(ge=0)
    """Files conformant."""
    conformant_with_deviations: int = Field(ge=0)
    """Files conformant with deviations."""
    incomplete: int = Field(ge=0)
    """Files incomplete."""
    non_conformant: int = Field(ge=0)
    """Files not conformant."""
    invalid: int = Field(ge=0)
    """Files invalid."""


class CheckReportOut(Out):
    """Output of `aiss check --format json`: one conformance report per file."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, title="aiss check report"
    )

    tool: Literal["aiss"] = "aiss"
    """The producing tool."""
    version: str
    """Its version."""
    marking: Tlp
    """Most restrictive marking of all reports."""
    tolerances: TolerancesOut
    """Tolerances of the recomputation."""
    summary: CheckSummaryOut
    """Files by overall status."""
    reports: list[ReportOut]
    """One report per file."""


# --- aiss diff -----------------------------------------------------------------------------


class ChangeOut(Out):
    """One semantic change."""

    rule: str
    """Rule id from the versioning rule table (documented on the site's versioning page)."""
    kind: str
    """Coarse kind: `requirement-added`, `threshold-tightened`, `editorial`, ..."""
    bump: BumpName
    """The bump this change requires."""
    target: str
    """What changed: a requirement, procedure or metric id, or a field name."""
    message: str
    """One line describing the change."""
    old_location: LocationOut | None
    """Where it was; null for additions, or when the old file's text is not known."""
    new_location: LocationOut | None
    """Where it is; null for removals, or when the new file's text is not known."""
    before: JsonValue
    """The old value, when there is one."""
    after: JsonValue
    """The new value, when there is one."""
    acknowledged: str | None
    """The reason an acknowledged-changes entry gives, when one excuses this change."""


class DiffOut(Out):
    """The changes from one version of a standard to another."""

    standard: str
    """Standard id."""
    old: str
    """Old version."""
    new: str
    """New version."""
    declared: BumpName | None
    """The bump the version numbers declare; null when the new version is not greater."""
    required: BumpName | None
    """The largest bump a counted change requires; null when nothing changed."""
    ok: bool
    """Whether the declared bump is at least the required one."""
    changes: list[ChangeOut]
    """Every change, in the order of the new file."""


class DiffReportOut(Out):
    """Output of `aiss diff --format json`."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, title="aiss diff report"
    )

    tool: Literal["aiss"] = "aiss"
    """The producing tool."""
    diffs: list[DiffOut]
    """One entry per pair of versions compared."""


# --- registry.json -------------------------------------------------------------------------

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
StatusName = Literal["draft", "proposed", "published", "deprecated", "withdrawn"]


class IndexFileOut(Out):
    """One file of a version that the site serves, with the one digest that covers it."""

    kind: Literal["yaml", "json"]
    """`yaml`: the standard file as committed (the bytes a result's `standard.sha256`
    names); `json`: the same version converted to JSON."""
    path: str = Field(pattern=r"^standards/[^/]+/[^/]+/[^/]+\.(yaml|json)$")
    """Where the file is, relative to `registry.json` (so the index works wherever the site
    is served, a mirror or a folder included)."""
    url: str
    """The same file at the published site's address."""
    sha256: Sha256
    """The sha256 of exactly the bytes served at `path`."""


class IndexVersionOut(Out):
    """One public version of a standard."""

    id: str
    """The standard's id."""
    version: str
    """The version (SemVer)."""
    status: StatusName
    """Its lifecycle status."""
    title: str
    """Its title."""
    marking: Tlp
    """Its TLP marking (only `TLP:CLEAR` versions are published)."""
    sha256: Sha256
    """The sha256 of the YAML file (the `yaml` entry of `files`): what a result submission
    cites as `standard.sha256`. It is not the digest in `registry.lock`, which leaves the
    lifecycle fields out so that it stays the same when a version is deprecated."""
    page: str
    """The version's page."""
    yaml: str
    """The YAML file's address."""
    json_url: str = Field(alias="json")
    """The JSON file's address."""
    files: list[IndexFileOut]
    """The files of this version, each with its own sha256."""


class IndexStandardOut(Out):
    """One standard and its public versions."""

    id: str
    """The standard's id."""
    title: str
    """The title of its current version (the latest published, else the newest)."""
    status: StatusName
    """The status of its current version."""
    latest: str | None
    """The newest published version, or null when none is published yet."""
    risk_domains: list[str]
    """Risk-domain codes (vocabulary `risk-domains`)."""
    issuers: list[str]
    """Issuer codes (vocabulary `issuers`)."""
    page: str
    """The standard's overview page."""
    latest_url: str
    """The address that always leads to the newest published version."""
    versions: list[IndexVersionOut]
    """Its public versions, oldest first."""


class IndexIssuersOut(Out):
    """The registry's issuers vocabulary as the site serves it: the organisations, and the
    public keys each signs approvals and bundles with (public by nature), so that a check
    against the published registry can verify signed attestations."""

    path: str = Field(pattern=r"^vocabularies/issuers\.json$")
    """Where the file is, relative to `registry.json`."""
    url: str
    """The same file at the published site's address."""
    sha256: Sha256
    """The sha256 of exactly the bytes served at `path`."""


class RegistryIndexOut(Out):
    """`registry.json`: every public standard and version of a published registry, with the
    digest of every file; `aiss check --registry URL` reads it."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        title="aiss registry index",
    )

    format: str = Field(pattern=r"^1\.\d+\.\d+$")
    """The layout of this file (SemVer); readers accept any 1.x."""
    site_url: str
    """The site the index was published for."""
    standards: list[IndexStandardOut]
    """Every standard on the site, by id."""
    issuers: IndexIssuersOut | None = None
    """The issuers vocabulary with its keys (format 1.2.0 and later), when the registry has one."""


class CompareInputOut(Out):
    """One submission compared."""

    path: str
    """The file, as given."""
    standard: str | None
    """The standard version it claims, `ID@VERSION`."""
    model: str | None
    """The system under test."""
    orgs: list[str]
    """The organisations that ran its runs."""
    marking: Tlp
    """Its marking (document and artifacts, most restrictive)."""


class CompareValueOut(Out):
    """One side's value of a metric: as its check recomputed it from the per-sample scores
    (the submission's records or its read logs'), else as submitted."""

    value: float | None
    """Point estimate."""
    lower: float | None
    """Lower bound of the interval."""
    upper: float | None
    """Upper bound."""
    method: str | None
    """Interval method."""
    n_items: int | None
    """Items behind the value."""
    n_epochs: int | None
    """Epochs per item."""
    run: str | None
    """The run it was computed from."""
    source: Literal["recomputed", "submitted"] = "submitted"
    """`recomputed` from per-sample scores by the check; `submitted`: only what the
    submission states (not verified), where nothing could recompute it."""


class CompareDifferenceOut(Out):
    """A minus B, with its interval."""

    value: float
    """The point difference."""
    lower: float
    """Lower bound."""
    upper: float
    """Upper bound."""
    level: float
    """Confidence level."""
    method: Literal["paired_t", "newcombe", "normal"]
    """Paired t over the per-item differences on shared items; Newcombe's hybrid score for two
    independent proportions; normal from two standard errors."""
    n_items: int | None
    """Shared items a paired difference is over."""
    a_value: float | None
    """A on what the difference is over (the shared items, when paired)."""
    b_value: float | None
    """B on the same."""


class CompareMetricOut(Out):
    """One metric of both submissions."""

    metric: str
    """The standard's metric id."""
    a: CompareValueOut
    """A's value."""
    b: CompareValueOut
    """B's value."""
    difference: CompareDifferenceOut | None
    """The difference, when it could be computed."""
    verdict: Literal["consistent", "inconsistent", "not_compared"]
    """Consistent when the difference's interval contains 0, inconsistent when it excludes 0;
    not compared without figures to compare, or when both rest on one evaluation."""
    reason: str
    """The verdict in a sentence."""


class CompareOverlapOut(Out):
    """Which items each ran (from the runs' sample ids)."""

    run_a: str
    """A's run."""
    run_b: str
    """B's run."""
    shared: int
    """Items both ran."""
    only_a: list[str]
    """Items only A ran."""
    only_b: list[str]
    """Items only B ran."""


SettingSource = Literal["log", "submission"]


class CompareSettingOut(Out):
    """A pin or setting whose values differ."""

    field: str
    """What it is, e.g. `run.generate_config.temperature` or `elicitation.scaffold`."""
    a: JsonValue
    """A's value (null when A does not give it)."""
    b: JsonValue
    """B's value."""
    a_from: SettingSource = "submission"
    """Where A's value comes from: `log` (the run's read Inspect log records it, whatever
    the submission states) or `submission` (only what it states)."""
    b_from: SettingSource = "submission"
    """Where B's value comes from."""


class CompareRequirementOut(Out):
    """One requirement's verdict in each submission."""

    id: str
    """Requirement id."""
    level: str
    """BCP 14 level."""
    a: VerdictName | None
    """A's verdict (null when A's standard has no such requirement)."""
    b: VerdictName | None
    """B's verdict."""
    agree: bool
    """Both got the same verdict."""


class ComparePairOut(Out):
    """Two submissions reconciled."""

    a: str
    """Path of A."""
    b: str
    """Path of B."""
    same_standard: bool
    """Both claim the same standard version (otherwise only metrics of the same id are compared,
    and the comparison says so)."""
    same_model: bool
    """Both evaluated the same system."""
    notes: list[str]
    """What the reader must know first (different versions or models, missing scores)."""
    metrics: list[CompareMetricOut]
    """Every metric both report."""
    overlap: list[CompareOverlapOut]
    """Item overlap of the runs compared."""
    settings: list[CompareSettingOut]
    """Every pin and setting that differs."""
    requirements: list[CompareRequirementOut]
    """Per-requirement verdicts."""
    consistent: bool
    """No metric inconsistent, no requirement verdict in disagreement, and no run of one
    resting on the same evaluation as a run of the other (the same log, or the same Inspect
    `eval_id`): one result shown twice is not two that agree."""


class CompareReportOut(Out):
    """Output of `aiss compare --format json`."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, title="aiss compare report"
    )

    tool: Literal["aiss"] = "aiss"
    """The producing tool."""
    version: str
    """aiss version."""
    marking: Tlp
    """Marking of this output: the most restrictive of its inputs (it lists their item ids)."""
    submissions: list[CompareInputOut]
    """The submissions, in the order given."""
    pairs: list[ComparePairOut]
    """Every pair (each later submission against each earlier one)."""
    consistent: bool
    """Every pair consistent (exit status 0)."""

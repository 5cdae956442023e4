"""Findings: which outcome band each banded metric falls in. Kept apart from conformance.

A band is read on the value the standard's `decision_bound` names (the upper confidence bound
for a precautionary rule-out). When the interval straddles a band edge, `on_inconclusive`
decides: the higher band, the lower band, or no band (`inconclusive`). Without an interval the
band is read on the point estimate and the finding says so. The interval is the hull of the
estimate's and the verified one (`verified`), and a finding says whether its figures were
verified or only submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from aiss.conformance.subject import Subject
from aiss.conformance.verified import verified
from aiss.models.procedures import Band, OutcomeBands


@dataclass(frozen=True)
class ReferenceComparison:
    """The same metric on a reference model."""

    model: str
    value: float | None
    lower: float | None
    upper: float | None
    delta: float | None
    """System under test minus reference, on the point estimates."""


@dataclass(frozen=True)
class Finding:
    """The band of one metric."""

    metric: str
    band: str | None
    status: str
    """`determined`, `straddles` (resolved by `on_inconclusive`), `inconclusive`, `no_interval`,
    `not_reported`, `run_not_successful` (a run of the metric's procedure failed: no band) or
    `run_not_comparable` (a run of the procedure breaks its pins: no band)."""
    decision_bound: str
    decided_on: float | None
    value: float | None
    lower: float | None
    upper: float | None
    level: float | None
    method: str | None
    interval_source: str
    candidates: tuple[str, ...] = ()
    """Bands the interval spans, when it straddles an edge."""
    illustrative: bool = False
    references: tuple[ReferenceComparison, ...] = ()
    verified: bool = False
    """The value and the interval the band was read on were recomputed from per-sample records
    or read from a verified log (`verified`), not only submitted."""


def band_index(bands: list[Band], x: float) -> int | None:
    """Index of the band with `min <= x < max` (the last band is closed above when unbounded)."""
    for i, b in enumerate(bands):
        lo = b.min if b.min is not None else float("-inf")
        hi = b.max if b.max is not None else float("inf")
        if lo <= x < hi or (i == len(bands) - 1 and x == hi):
            return i
    return None


def finding(s: Subject, ob: OutcomeBands, broken: frozenset[str] = frozenset()) -> Finding:
    est = s.estimate(ob.metric)
    ver = verified(s, ob.metric)
    if est.lower is not None and est.upper is not None and ver.has_interval:
        # read on the hull with the verified interval, as a threshold is judged
        assert ver.lower is not None and ver.upper is not None
        est = replace(est, lower=min(est.lower, ver.lower), upper=max(est.upper, ver.upper))
    checked = ver.value is not None and (ver.has_interval or est.method == "exact")
    refs = []
    for ref in s.sub.reference_models:
        if s.metric_result(ob.metric, ref.model) is None:
            continue
        r = s.estimate(ob.metric, ref.model)
        delta = est.value - r.value if est.value is not None and r.value is not None else None
        refs.append(ReferenceComparison(ref.model, r.value, r.lower, r.upper, delta))
    base = Finding(
        metric=ob.metric,
        band=None,
        status="not_reported",
        decision_bound=ob.decision_bound,
        decided_on=None,
        value=est.value,
        lower=est.lower,
        upper=est.upper,
        level=est.level,
        method=est.method,
        interval_source=est.source,
        illustrative=ob.illustrative,
        references=tuple(refs),
        verified=checked,
    )
    labels = [b.label for b in ob.bands]
    if est.value is None:
        return base
    metric = s.metric(ob.metric)
    if metric and any(r.status != "success" for _, r in s.runs(metric.procedure)):
        return replace(base, status="run_not_successful")
    if metric and metric.procedure in broken:
        return replace(base, status="run_not_comparable")
    if est.lower is None or est.upper is None:
        i = band_index(ob.bands, est.value)
        band = labels[i] if i is not None else None
        return replace(base, band=band, status="no_interval", decided_on=est.value)
    decided_on = {"upper": est.upper, "lower": est.lower, "point": est.value}[ob.decision_bound]
    lo, hi = band_index(ob.bands, est.lower), band_index(ob.bands, est.upper)
    chosen = band_index(ob.bands, decided_on)
    if lo is None or hi is None or lo == hi:
        band = labels[chosen] if chosen is not None else None
        return replace(base, band=band, status="determined", decided_on=decided_on)
    span = tuple(labels[lo : hi + 1])
    if ob.on_inconclusive == "report_inconclusive":
        return replace(base, status="inconclusive", decided_on=decided_on, candidates=span)
    pick = hi if ob.on_inconclusive == "treat_as_higher_band" else lo
    return replace(
        base, band=labels[pick], status="straddles", decided_on=decided_on, candidates=span
    )


def findings(s: Subject, broken: set[str] | None = None) -> list[Finding]:
    """Every banded metric's finding, in the standard's order; no band is read from a
    procedure in `broken` (its runs break its pins or are contradicted by their evidence)."""
    excluded = frozenset(broken or ())
    return [finding(s, ob, excluded) for ob in s.std.outcome_bands]

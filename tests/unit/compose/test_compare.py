"""`aiss.compose.compare`: the standard error an unpaired difference is built from."""

from __future__ import annotations

import pytest
from scipy import stats as sp

from aiss.catalog.contracts import CompareValueOut
from aiss.compose.compare import _se
from aiss.models.results import MetricResult


def _figures(source: str) -> CompareValueOut:
    return CompareValueOut(
        value=0.5, lower=0.4, upper=0.6, method="t", n_items=40, n_epochs=2, run="r",
        source=source,
    )  # fmt: skip


def test_a_recomputed_interval_gives_its_error_at_the_metrics_level() -> None:
    """The check recomputes a metric's interval at the level the metric declares: a 90%
    interval of half-width 0.1 is an error of 0.1 / z(0.95), not 0.1 / z(0.975)."""
    stated = MetricResult.model_validate({"metric": "M-X", "value": 0.9})
    se = _se(_figures("recomputed"), stated, 0.90)
    assert se == pytest.approx(0.1 / sp.norm.ppf(0.95), rel=1e-9)


def test_submitted_figures_give_their_own_error_or_their_intervals_level() -> None:
    with_se = MetricResult.model_validate({"metric": "M-X", "value": 0.5, "stderr": 0.03})
    assert _se(_figures("submitted"), with_se, 0.90) == 0.03
    at_99 = MetricResult.model_validate(
        {"metric": "M-X", "value": 0.5,
         "ci": {"lower": 0.4, "upper": 0.6, "level": 0.99, "method": "t"}}
    )  # fmt: skip
    assert _se(_figures("submitted"), at_99, 0.90) == pytest.approx(
        0.1 / sp.norm.ppf(0.995), rel=1e-9
    )

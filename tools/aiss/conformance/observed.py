"""Counts as the per-sample records show them, and every count in a submission that
disagrees with them. Where per-sample records are present they decide: items and epochs are
counted from them (distinct ids, `1` and `"1"` one item), errors from their `error`."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.conformance.outcome import Problem
from aiss.conformance.samples import RunSamples
from aiss.models.results import Run


@dataclass(frozen=True)
class Observed:
    """A run's counts, from its per-sample records."""

    items: int
    """Distinct items."""
    samples: int
    """Records (items x epochs, as run)."""
    errored: int
    """Records that ended in an error."""
    scored: int
    """Records with a score."""
    max_epochs: int
    """Most epochs any item has."""
    min_epochs: int
    """Fewest epochs any item has."""
    source: str
    """Where the records came from."""


def observe(table: RunSamples) -> Observed:
    fewest, most = table.epoch_range()
    return Observed(
        items=table.n_items,
        samples=len(table),
        errored=table.errors,
        scored=table.scored,
        max_epochs=most,
        min_epochs=fewest,
        source=table.source,
    )


def count_problems(
    i: int, run: Run, seen: Observed, beyond: tuple[int, tuple[str, int] | None] = (0, None)
) -> list[Problem]:
    """Every count of run `i` that its per-sample records contradict; `beyond`: how many of
    them are at an epoch above the run's `epochs`, and the first (`RunSamples.beyond`)."""
    out: list[Problem] = []
    where = f"the {seen.samples:,} sample records ({seen.source})"

    def problem(loc: tuple[str | int, ...], message: str, hint: str) -> None:
        out.append(
            Problem(
                loc,
                "count-disagrees-with-samples",
                f"run {run.id}: {message}",
                hint=hint,
                procedure=run.procedure,
                run=run.id,
            )
        )

    def disagree(loc: tuple[str | int, ...], what: str, claimed: int, actual: int) -> None:
        problem(
            loc,
            f"{what} is {claimed:,} but {where} show {actual:,}",
            "give the counts the records show, or the records the counts describe",
        )

    c = run.counts
    if c is not None:
        for name, actual in (
            ("items", seen.items),
            ("total_samples", seen.samples),
            ("completed_samples", seen.samples - seen.errored),
            ("errored_samples", seen.errored),
            ("scored_samples", seen.scored),
        ):
            claimed = getattr(c, name)
            if claimed is not None and claimed != actual:
                disagree(("runs", i, "counts", name), f"counts.{name}", claimed, actual)
    if seen.samples and run.epochs != seen.max_epochs:
        disagree(("runs", i, "epochs"), "epochs", run.epochs, seen.max_epochs)
    count, first = beyond
    if first is not None:  # an epoch never run: no record of it can be the run's
        sid, epoch = first
        problem(
            ("runs", i, "epochs"),
            f"epochs is {run.epochs:,} but {count:,} of {where} are at a later epoch (first: "
            f"{sid} epoch {epoch})",
            "give the epochs the run ran, and a record of each item at each of them",
        )
    return out

"""Rules on a standard's content: BCP 14 keywords against levels, the changelog, the status
lifecycle, outcome bands and thresholds, the TLP marking and the schema modeline."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aiss.diagnostics import Diagnostic, Severity, at
from aiss.models import Level, Status, Tlp
from aiss.models.checks import MetricThreshold
from aiss.validation.rules.base import StandardRule

_KEYWORD = re.compile(
    r"\b(MUST NOT|SHALL NOT|SHOULD NOT|NOT RECOMMENDED|MUST|REQUIRED|SHALL|SHOULD|RECOMMENDED|"
    r"MAY|OPTIONAL)\b"
)
_KEYWORD_LEVEL = {
    "MUST": Level.MUST,
    "REQUIRED": Level.MUST,
    "SHALL": Level.MUST,
    "MUST NOT": Level.MUST_NOT,
    "SHALL NOT": Level.MUST_NOT,
    "SHOULD": Level.SHOULD,
    "RECOMMENDED": Level.SHOULD,
    "SHOULD NOT": Level.SHOULD_NOT,
    "NOT RECOMMENDED": Level.SHOULD_NOT,
    "MAY": Level.MAY,
    "OPTIONAL": Level.MAY,
}


def keyword_levels(text: str) -> list[Level]:
    """BCP 14 levels named by capitalised keywords in `text` (RFC 8174: capitals only)."""
    return [_KEYWORD_LEVEL[m] for m in _KEYWORD.findall(text)]


class KeywordMatchesLevel(StandardRule):
    """The RFC 2119 keyword in a requirement's text agrees with its level."""

    codes = ("keyword-level-mismatch",)

    def check(self) -> Iterator[Diagnostic]:
        for i, r in enumerate(self.std.requirements):
            if r.retired_in is not None:
                continue
            found = keyword_levels(r.text)
            others = sorted({lv.keyword for lv in found if lv is not r.level})
            if r.level not in found:
                said = f"says {', '.join(others)}" if others else "has no BCP 14 keyword"
                yield self.diag(
                    ("requirements", i, "text"),
                    "keyword-level-mismatch",
                    f"{r.id} has level {r.level.value} but its text {said}",
                    hint=f"write {r.level.keyword} in the text, or change `level`",
                )
            elif others:
                yield self.diag(
                    ("requirements", i, "text"),
                    "keyword-level-mismatch",
                    f"{r.id} has level {r.level.value} but its text also says {', '.join(others)}",
                    hint="one requirement, one level: split it, or write the other "
                    "keyword in lower case",
                )


class ChangelogHasVersion(StandardRule):
    """The changelog has an entry for the file's own version."""

    codes = ("changelog-missing-version",)

    def check(self) -> Iterator[Diagnostic]:
        if not any(c.version == self.std.version for c in self.std.changelog):
            yield self.diag(
                ("changelog",),
                "changelog-missing-version",
                f"the changelog has no entry for version {self.std.version}",
                hint=f'add `- version: "{self.std.version}"` with its changes',
            )


_ORDER = [Status.DRAFT, Status.PROPOSED, Status.PUBLISHED, Status.DEPRECATED, Status.WITHDRAWN]


class StatusHistoryLifecycle(StandardRule):
    """Statuses move forward through the lifecycle; the last entry is the current status."""

    codes = ("status-history-invalid",)

    def check(self) -> Iterator[Diagnostic]:
        hist = self.std.status_history
        for i in range(1, len(hist)):
            prev, cur = hist[i - 1], hist[i]
            if _ORDER.index(cur.status) <= _ORDER.index(prev.status):
                yield self.diag(
                    ("status_history", i, "status"),
                    "status-history-invalid",
                    f"status goes from {prev.status.value} to {cur.status.value}",
                    hint="draft -> proposed -> published -> deprecated -> withdrawn",
                )
            if cur.date < prev.date:
                yield self.diag(
                    ("status_history", i, "date"),
                    "status-history-invalid",
                    f"date {cur.date} is before the previous entry's {prev.date}",
                )
        if hist and hist[-1].status is not self.std.status:
            yield self.diag(
                ("status",),
                "status-history-invalid",
                f"status is {self.std.status.value} but the last status_history entry "
                f"is {hist[-1].status.value}",
                hint="append the current status to status_history",
            )


class BandsAndThresholds(StandardRule):
    """Outcome bands are contiguous; thresholds on proportions lie in [0, 1]."""

    codes = ("band-invalid", "metric-threshold-out-of-range")

    def check(self) -> Iterator[Diagnostic]:
        for i, ob in enumerate(self.std.outcome_bands):
            for j in range(1, len(ob.bands)):
                lo, hi = ob.bands[j - 1], ob.bands[j]
                if lo.max is None or hi.min is None or lo.max != hi.min:
                    yield self.diag(
                        ("outcome_bands", i, "bands", j),
                        "band-invalid",
                        f"band {hi.label!r} must start where {lo.label!r} ends ({lo.max})",
                    )
        units = {m.id: m.unit for m in self.std.metrics}
        for i, r in enumerate(self.std.requirements):
            c = r.check
            if (
                isinstance(c, MetricThreshold)
                and units.get(c.metric) == "proportion"
                and not (0 <= c.value <= 1)
            ):
                yield self.diag(
                    ("requirements", i, "check", "value"),
                    "metric-threshold-out-of-range",
                    f"{c.metric} is a proportion; the threshold {c.value} is outside [0, 1]",
                    hint="write 5% as 0.05",
                )


class MarkingAllowed(StandardRule):
    """TLP:RED material never enters a shared registry (TLP 2.0: named recipients only)."""

    codes = ("tlp-red-refused",)

    def check(self) -> Iterator[Diagnostic]:
        if self.std.marking is Tlp.RED:
            yield self.diag(
                ("marking",),
                "tlp-red-refused",
                "a standard marked TLP:RED cannot be held in a shared registry",
                hint="TLP:RED is for named recipients only; share it outside the "
                "registry, or mark it for the audience it may reach",
            )


MODELINE_PREFIX = "# yaml-language-server: $schema="


class SchemaModeline(StandardRule):
    """The first line points editors at the JSON Schema, so they complete and check the file."""

    codes = ("missing-schema-modeline",)

    def check(self) -> Iterator[Diagnostic]:
        first = self.doc.text.split("\n", 1)[0]
        if not first.startswith(MODELINE_PREFIX) or not first.rstrip().endswith(
            "standard.schema.json"
        ):
            yield at(
                self.doc.path,
                1,
                1,
                "missing-schema-modeline",
                "the first line is not a yaml-language-server modeline for the standard schema",
                severity=Severity.WARNING,
                hint=f"start the file with `{MODELINE_PREFIX}../../../schemas/standard.schema.json`",
            )

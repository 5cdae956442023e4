"""Rules for one standard version, each a small class with stable codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aiss.diagnostics import Diagnostic, Severity, Span, json_path_of
from aiss.models import Level, Standard, Status, Tlp
from aiss.models.checks import MetricThreshold
from aiss.yamlio import YamlDocument

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the document: the registry's layout and vocabularies."""

    root: Path | None
    path: Path
    terms: dict[str, set[str]]
    """Vocabulary name -> codes; a name missing here means the vocabulary file is absent."""
    existing_versions: frozenset[tuple[str, str]]


class Rule:
    """A rule: `check` yields diagnostics for one standard."""

    codes: tuple[str, ...] = ()

    def __init__(self, doc: YamlDocument, std: Standard, ctx: Context) -> None:
        self.doc, self.std, self.ctx = doc, std, ctx

    def diag(
        self, loc: Loc, code: str, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        assert code in self.codes, code
        return Diagnostic(
            self.doc.path,
            self.doc.span_of(loc, key=key),
            code,
            message,
            hint=hint,
            json_path=json_path_of(loc),
        )

    def check(self) -> Iterator[Diagnostic]:
        raise NotImplementedError


class PathMatches(Rule):
    """`standards/<id>/<version>/standard.yaml`."""

    codes = ("path-mismatch",)

    def check(self) -> Iterator[Diagnostic]:
        path, root = self.ctx.path, self.ctx.root
        if root is None:
            return
        want = (self.std.id, self.std.version, "standard.yaml")
        if path.parts[-3:] == want and path.parents[2] == root:
            return  # as written: no need to resolve links
        try:
            rel = path.resolve().relative_to(root.resolve())
        except ValueError:
            return
        if rel.parts != want:
            yield self.diag(
                ("id",),
                "path-mismatch",
                f"{self.std.ref} must be at standards/{'/'.join(want)}, not "
                f"standards/{rel.as_posix()}",
                hint="move the file, or correct `id` / `version`",
            )


class UniqueIds(Rule):
    """Requirement, procedure, metric, threat-profile and reference ids are unique."""

    codes = (
        "duplicate-requirement-id",
        "duplicate-procedure-id",
        "duplicate-metric-id",
        "duplicate-id",
    )

    def check(self) -> Iterator[Diagnostic]:
        groups: list[tuple[str, list[str], str]] = [
            ("requirements", [r.id for r in self.std.requirements], "duplicate-requirement-id"),
            ("test_procedures", [p.id for p in self.std.test_procedures], "duplicate-procedure-id"),
            ("metrics", [m.id for m in self.std.metrics], "duplicate-metric-id"),
            ("threat_profiles", [t.id for t in self.std.threat_profiles], "duplicate-id"),
            ("references", [r.id for r in self.std.references], "duplicate-id"),
        ]
        for section, ids, code in groups:
            first: dict[str, int] = {}
            for i, ident in enumerate(ids):
                if ident in first:
                    yield self.diag(
                        (section, i, "id"),
                        code,
                        f"{section} id {ident!r} is already used by entry {first[ident] + 1}",
                        hint="ids are never reused: pick the next free one",
                    )
                else:
                    first[ident] = i


class ReferencesResolve(Rule):
    """Every procedure, metric, requirement and reference named in the file exists in it."""

    codes = ("unknown-procedure", "unknown-metric", "unknown-requirement", "unknown-reference")

    def _unknown(self, loc: Loc, code: str, what: str, name: str, known: list[str]) -> Diagnostic:
        match = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = (
            f"did you mean `{match[0]}`?"
            if match
            else (f"defined: {', '.join(known)}" if known else f"no {what} is defined")
        )
        return self.diag(loc, code, f"unknown {what} {name!r}", hint)

    def check(self) -> Iterator[Diagnostic]:
        procs = [p.id for p in self.std.test_procedures]
        metrics = [m.id for m in self.std.metrics]
        reqs = [r.id for r in self.std.requirements]
        refs = [r.id for r in self.std.references]
        for i, m in enumerate(self.std.metrics):
            if m.procedure not in procs:
                yield self._unknown(
                    ("metrics", i, "procedure"),
                    "unknown-procedure",
                    "procedure",
                    m.procedure,
                    procs,
                )
        for i, r in enumerate(self.std.requirements):
            proc = getattr(r.check, "procedure", None)
            if proc is not None and proc not in procs:
                yield self._unknown(
                    ("requirements", i, "check", "procedure"),
                    "unknown-procedure",
                    "procedure",
                    proc,
                    procs,
                )
            metric = getattr(r.check, "metric", None)
            if metric is not None and metric not in metrics:
                yield self._unknown(
                    ("requirements", i, "check", "metric"),
                    "unknown-metric",
                    "metric",
                    metric,
                    metrics,
                )
            for j, c in enumerate(r.references):
                if c.ref not in refs:
                    yield self._unknown(
                        ("requirements", i, "references", j, "ref"),
                        "unknown-reference",
                        "reference",
                        c.ref,
                        refs,
                    )
        for i, b in enumerate(self.std.outcome_bands):
            if b.metric not in metrics:
                yield self._unknown(
                    ("outcome_bands", i, "metric"), "unknown-metric", "metric", b.metric, metrics
                )
        for i, cw in enumerate(self.std.crosswalks):
            if cw.requirement not in reqs:
                yield self._unknown(
                    ("crosswalks", i, "requirement"),
                    "unknown-requirement",
                    "requirement",
                    cw.requirement,
                    reqs,
                )


class VersionLinksResolve(Rule):
    """`supersedes` and `superseded_by` name versions that exist in the registry."""

    codes = ("unknown-standard-version",)

    def check(self) -> Iterator[Diagnostic]:
        for key in ("supersedes", "superseded_by"):
            ref = getattr(self.std, key)
            if ref is None or self.ctx.root is None:
                continue
            sid, _, version = ref.partition("@")
            if (sid, version) not in self.ctx.existing_versions:
                known = sorted(f"{i}@{v}" for i, v in self.ctx.existing_versions if i == sid)
                yield self.diag(
                    (key,),
                    "unknown-standard-version",
                    f"{key} names {ref}, which is not in the registry",
                    hint=f"versions of {sid}: {', '.join(known)}" if known else None,
                )


class VocabularyTerms(Rule):
    """Issuers, risk domains and crosswalk frameworks are codes from the vocabularies."""

    codes = ("unknown-vocabulary-term", "missing-vocabulary")

    def check(self) -> Iterator[Diagnostic]:
        uses: list[tuple[str, Loc, str]] = []
        uses += [("issuers", ("issuers", i), c) for i, c in enumerate(self.std.issuers)]
        uses += [
            ("risk-domains", ("risk_domains", i), c) for i, c in enumerate(self.std.risk_domains)
        ]
        uses += [
            ("frameworks", ("crosswalks", i, "framework"), c.framework)
            for i, c in enumerate(self.std.crosswalks)
        ]
        reported: set[str] = set()
        for vocab, loc, code in uses:
            terms = self.ctx.terms.get(vocab)
            if terms is None:
                if vocab not in reported and self.ctx.root is not None:
                    reported.add(vocab)
                    yield self.diag(
                        loc,
                        "missing-vocabulary",
                        f"the registry has no {vocab} vocabulary to check {code!r}",
                        hint=f"add standards/vocabularies/{vocab}.yaml",
                    )
                continue
            if code not in terms:
                match = difflib.get_close_matches(code, sorted(terms), n=1, cutoff=0.5)
                yield self.diag(
                    loc,
                    "unknown-vocabulary-term",
                    f"{code!r} is not in the {vocab} vocabulary",
                    hint=f"did you mean `{match[0]}`?"
                    if match
                    else f"known: {', '.join(sorted(terms))}",
                )


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


class KeywordMatchesLevel(Rule):
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


class ChangelogHasVersion(Rule):
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


class StatusHistoryLifecycle(Rule):
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


class BandsAndThresholds(Rule):
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


class MarkingAllowed(Rule):
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


class SchemaModeline(Rule):
    """The first line points editors at the JSON Schema, so they complete and check the file."""

    codes = ("missing-schema-modeline",)

    def check(self) -> Iterator[Diagnostic]:
        first = self.doc.text.split("\n", 1)[0]
        if not first.startswith(MODELINE_PREFIX) or not first.rstrip().endswith(
            "standard.schema.json"
        ):
            yield Diagnostic(
                self.doc.path,
                Span(1, 1),
                "missing-schema-modeline",
                "the first line is not a yaml-language-server modeline for the standard schema",
                severity=Severity.WARNING,
                hint=f"start the file with `{MODELINE_PREFIX}../../../schemas/standard.schema.json`",
            )


STANDARD_RULES: tuple[type[Rule], ...] = (
    PathMatches,
    UniqueIds,
    ReferencesResolve,
    VersionLinksResolve,
    VocabularyTerms,
    KeywordMatchesLevel,
    ChangelogHasVersion,
    SchemaModeline,
    MarkingAllowed,
    StatusHistoryLifecycle,
    BandsAndThresholds,
)


def run_standard_rules(doc: YamlDocument, std: Standard, ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in STANDARD_RULES:
        out.extend(rule(doc, std, ctx).check())
    return out

"""Rules on a standard's identity and references: its path, unique ids, and every reference
(procedure, metric, requirement, source, other versions, vocabulary terms) resolving."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from aiss.diagnostics import Diagnostic
from aiss.loading import display_path
from aiss.validation.rules.base import Loc, StandardRule


class PathMatches(StandardRule):
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


class UniqueIds(StandardRule):
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


class ReferencesResolve(StandardRule):
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


class VersionLinksResolve(StandardRule):
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


class VocabularyTerms(StandardRule):
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
                        hint=f"add {display_path(self.ctx.root)}/vocabularies/{vocab}.yaml "
                        "(the registry folder used)",
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

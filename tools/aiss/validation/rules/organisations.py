"""Who ran what: every run's organisation, listed among the submission's `evaluating_orgs`, and
each a term of the issuers vocabulary (when the registry has one).

A run without `org` was run by the submission's only evaluating organisation; with several
listed and none named on the run, the run's organisation is unknown (a warning: a joint
exercise cannot say who ran it)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from aiss.diagnostics import Diagnostic, Severity
from aiss.models.submission import ResultSubmission
from aiss.validation.rules.base import Rule


def run_orgs(sub: ResultSubmission) -> dict[str, str | None]:
    """Run id -> the organisation that ran it: its own `org`, else the only evaluating
    organisation, else (none listed) the submitter; None when it cannot be told."""
    listed = list(dict.fromkeys(sub.evaluating_orgs))
    fallback = (
        listed[0]
        if len(listed) == 1
        else (sub.submitter.org if not listed and sub.submitter else None)
    )
    return {run.id: run.org or fallback for run in sub.runs}


def evaluating_orgs(sub: ResultSubmission) -> list[str]:
    """The organisations that ran the submission's runs, in the order of the runs; when no run
    tells, the `evaluating_orgs` listed."""
    found = [o for o in run_orgs(sub).values() if o is not None]
    return list(dict.fromkeys(found)) or list(dict.fromkeys(sub.evaluating_orgs))


class RunOrganisations(Rule[ResultSubmission]):
    """Run organisations are listed in `evaluating_orgs`, every listed organisation ran
    something, and every organisation is an issuers term."""

    codes = (
        "run-org-not-listed",
        "run-org-unknown",
        "evaluating-org-without-run",
        "unknown-organisation",
    )

    def check(self) -> Iterator[Diagnostic]:
        sub = self.model
        listed = set(sub.evaluating_orgs)
        orgs = run_orgs(sub)
        for i, run in enumerate(sub.runs):
            if run.org is not None and listed and run.org not in listed:
                yield self.diag(
                    ("runs", i, "org"),
                    "run-org-not-listed",
                    f"run {run.id} was run by {run.org}, which `evaluating_orgs` does not list",
                    hint=f"add {run.org} to `evaluating_orgs`",
                )
            elif orgs[run.id] is None and sub.evaluating_orgs:
                yield self.diag(
                    ("runs", i),
                    "run-org-unknown",
                    f"run {run.id}: several organisations evaluated, and the run does not say "
                    "which of them ran it",
                    hint=f"add `org:` (one of {', '.join(sorted(listed))})",
                    severity=Severity.WARNING,
                )
        ran = {o for o in orgs.values() if o is not None}
        for j, org in enumerate(sub.evaluating_orgs):
            if sub.runs and ran and org not in ran:
                yield self.diag(
                    ("evaluating_orgs", j),
                    "evaluating-org-without-run",
                    f"{org} is listed as an evaluating organisation but ran none of the runs",
                    hint="name it as the `org` of the runs it ran, or take it off the list",
                    severity=Severity.WARNING,
                )
        terms = self.ctx.terms.get("issuers")
        if terms is None:
            return
        places: list[tuple[tuple[str | int, ...], str]] = [
            (("evaluating_orgs", j), o) for j, o in enumerate(sub.evaluating_orgs)
        ]
        places += [(("runs", i, "org"), r.org) for i, r in enumerate(sub.runs) if r.org]
        if sub.submitter is not None:
            places.append((("submitter", "org"), sub.submitter.org))
        for loc, org in places:
            if org not in terms:
                close = difflib.get_close_matches(org, sorted(terms), n=1)
                yield self.diag(
                    loc,
                    "unknown-organisation",
                    f"{org} is not an organisation of the issuers vocabulary",
                    hint=f"did you mean {close[0]}?"
                    if close
                    else "add it to vocabularies/issuers.yaml",
                )

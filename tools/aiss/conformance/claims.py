"""Checks on the document itself: disclosed fields, claims, reference models and markings."""

from __future__ import annotations

from aiss.conformance.outcome import Outcome, Problem
from aiss.conformance.paths import deepest_existing, resolve
from aiss.conformance.references import counted
from aiss.conformance.subject import Subject
from aiss.conformance.verified import header, issuer_review, unverified
from aiss.diagnostics import Loc
from aiss.models import checks as c
from aiss.models.claims import Claim
from aiss.models.common import Tlp
from aiss.models.standard import Requirement
from aiss.models.verdicts import Verdict


def _claimed(s: Subject, req: Requirement) -> tuple[int, Claim] | Outcome:
    found = s.claim(req.id)
    if found is None:
        return Outcome(Verdict.NOT_ASSESSED, "no-claim", f"no claim for {req.id}", ("claims",))
    i, claim = found
    if claim.status in ("not_met", "partially_met"):
        return Outcome(
            Verdict.FAIL,
            "claimed-not-met",
            f"the submitter claims {req.id} is {claim.status.replace('_', ' ')}",
            ("claims", i, "status"),
        )
    return found


def _reviewed(s: Subject, i: int, claim: Claim, req_id: str) -> Outcome | None:
    """The issuing body's adjudication of a claim, when a signed one verified; a review the
    submitter wrote into its own file is reported and changes nothing."""
    reviewed = issuer_review(s, req_id, ("claims", i))
    if reviewed is not None:
        return reviewed
    if claim.review is not None:
        return Outcome(
            Verdict.NEEDS_REVIEW,
            "review-unverified",
            f"the review by {claim.review.org} is only written into the submission: no approval "
            f"of this submission by an issuer of {s.std.id} is signed with a key the registry "
            "lists or recorded in the registry, so it is not taken on its word",
            ("claims", i, "review"),
        )
    return None


def attestation(s: Subject, req: Requirement, chk: c.Attestation) -> Outcome:
    found = _claimed(s, req)
    if isinstance(found, Outcome):
        return found
    i, claim = found
    if not claim.evidence:
        return Outcome(
            Verdict.FAIL,
            "evidence-missing",
            f"the claim for {req.id} has no evidence",
            ("claims", i),
        )
    return _reviewed(s, i, claim, req.id) or Outcome(
        Verdict.NEEDS_REVIEW,
        "awaiting-review",
        f"claimed met with {len(claim.evidence)} evidence item(s); awaits review by {', '.join(s.std.issuers)}",
        ("claims", i),
    )


def evidence_present(s: Subject, req: Requirement, chk: c.EvidencePresent) -> Outcome:
    """Evidence of the kinds asked, each referenced and marked, and present: a file beside the
    submission that the checker read (with the sha256 the claim gives, when it gives one). A
    cited file that is not there, or whose bytes have another sha256, fails the check; evidence
    only cited (a URL, a path outside the folder, a bare sha256) is the submitter's word, and
    awaits an issuer's review (`evidence-unverified`)."""
    found = _claimed(s, req)
    if isinstance(found, Outcome):
        return found
    i, claim = found
    kinds = {e.type for e in claim.evidence}
    lacking = [k for k in chk.kinds if k not in kinds] if chk.kinds else ([] if kinds else ["any"])
    if lacking:
        return Outcome(
            Verdict.FAIL,
            "evidence-missing",
            f"evidence of kind {', '.join(lacking)} is missing",
            ("claims", i),
        )
    for j, e in enumerate(claim.evidence):
        if (e.uri is None and e.sha256 is None) or e.marking is None:
            return Outcome(
                Verdict.FAIL,
                "evidence-incomplete",
                f"evidence {e.type} needs a URI or sha256, and a marking",
                ("claims", i, "evidence", j),
            )
    read: dict[str, list[str]] = {}  # kind -> the documents of that kind read
    unread: dict[str, list[str]] = {}  # kind -> why each document of that kind was not read
    for j, e in enumerate(claim.evidence):
        doc = s.evidence.documents.get((i, j))
        if doc is None:
            unread.setdefault(e.type, []).append(f"{e.uri or e.sha256}: not read")
        elif doc.state in ("missing", "unreadable"):
            return Outcome(
                Verdict.FAIL,
                "evidence-not-found",
                f"evidence {e.type}: {doc.display}: {doc.problem}",
                ("claims", i, "evidence", j, "uri"),
            )
        elif doc.state == "read" and e.sha256 is not None and doc.sha256 != e.sha256:
            return Outcome(
                Verdict.FAIL,
                "evidence-sha256-mismatch",
                f"evidence {e.type}: {doc.display} has sha256 {(doc.sha256 or '')[:12]}..., "
                f"the claim says {e.sha256[:12]}...",
                ("claims", i, "evidence", j, "sha256"),
            )
        elif doc.state == "read":
            read.setdefault(e.type, []).append(doc.display)
        else:
            unread.setdefault(e.type, []).append(f"{doc.display}: {doc.problem}")
    loc: Loc = ("claims", i, "evidence")
    asked = chk.kinds or sorted(kinds)
    short = [k for k in asked if k not in read] if chk.kinds else ([] if read else asked)
    if not short:
        shown = "; ".join(f"{k}: {', '.join(read[k])}" for k in sorted(read))
        return Outcome(
            Verdict.PASS, "evidence-present", f"evidence read beside the submission: {shown}", loc
        )
    would = Outcome(Verdict.PASS, "evidence-present", f"evidence: {', '.join(sorted(kinds))}", loc)
    why = "; ".join(w for k in short for w in unread.get(k, []))
    return unverified(
        s,
        req.id,
        would,
        "evidence-unverified",
        f"the evidence of kind {', '.join(short)} was not read ({why})",
    )


def document_problems(s: Subject) -> list[Problem]:
    """Evidence documents a claim cites beside the submission that are not there, or whose
    bytes have another sha256 than the claim gives: the submission contradicts its own files
    (as with a log), whatever check its requirement has."""
    out: list[Problem] = []
    for (i, j), doc in sorted(s.evidence.documents.items()):
        claim = s.sub.claims[i]
        e = claim.evidence[j]
        what = f"claim {claim.requirement}: evidence {e.type}: {doc.display}"
        if doc.state in ("missing", "unreadable"):
            out.append(
                Problem(
                    ("claims", i, "evidence", j, "uri"),
                    "evidence-not-found",
                    f"{what}: {doc.problem}",
                    hint="add the file at the path the claim gives, or cite it by URL",
                )
            )
        elif doc.state == "read" and e.sha256 is not None and doc.sha256 != e.sha256:
            out.append(
                Problem(
                    ("claims", i, "evidence", j, "sha256"),
                    "evidence-sha256-mismatch",
                    f"{what} has sha256 {(doc.sha256 or '')[:12]}..., the claim says "
                    f"{e.sha256[:12]}...",
                    hint="cite the file the claim was made on, or give the sha256 of this one",
                )
            )
    return out


def reference_models(s: Subject, req: Requirement, chk: c.ReferenceModels) -> Outcome:
    """Reference models that ran successfully under the system under test's settings (computed
    from the runs), as many as the check (or the policy) needs, with the roles the policy
    requires."""
    policy = s.std.reference_models_policy
    needed = chk.min_count or (policy.min_count if policy else 1)
    same = policy.same_settings_required if policy else True
    found = counted(s, chk.procedure, same_settings=same)
    loc: Loc = ("reference_models",)
    why = f" ({'; '.join(found.excluded)})" if found.excluded else ""
    if len(found.models) < needed:
        where = f" on {chk.procedure}" if chk.procedure else ""
        return Outcome(
            Verdict.FAIL,
            "too-few-reference-models",
            f"{len(found.models)} reference model(s) run successfully with the same settings{where}, {needed} required{why}",
            loc,
        )
    absent = [m for m in (policy.must_include if policy else []) if m not in found.roles]
    if absent:
        return Outcome(
            Verdict.FAIL,
            "reference-model-class-missing",
            f"no reference model with role {', '.join(absent)}{why}",
            loc,
        )
    met = Outcome(
        Verdict.PASS,
        "reference-models-met",
        f"reference models under the same settings: {', '.join(found.models)}",
        loc,
    )
    logged = [m for m in found.models if _logged_run(s, m, chk.procedure)]
    roles = {r.role for r in s.sub.reference_models if r.model in logged and r.role}
    if len(logged) >= needed and all(m in roles for m in (policy.must_include if policy else [])):
        return met
    shown = ", ".join(m for m in found.models if m not in logged)
    return unverified(
        s,
        req.id,
        met,
        "reference-models-unverified",
        f"no run of {shown} cites an Inspect log the checker read (only the run records say "
        "they ran)",
    )


def _logged_run(s: Subject, model: str, procedure: str | None) -> bool:
    """A successful run of the reference model whose log the checker read (the log's header
    names the model, and the engine fails a run whose log disagrees)."""
    return any(
        r.model == model and r.status == "success" and header(s, r) is not None
        for _, r in s.runs(procedure, reference=True)
    )


def marking(s: Subject, req: Requirement, chk: c.MarkingCheck) -> Outcome:
    artifacts: list[tuple[Loc, Tlp | None]] = [
        (("runs", i, "log"), r.log.marking) for i, r in enumerate(s.sub.runs) if r.log
    ]
    for i, claim in enumerate(s.sub.claims):
        artifacts += [
            (("claims", i, "evidence", j), e.marking) for j, e in enumerate(claim.evidence)
        ]
    for loc, label in artifacts:
        if label is None:
            return Outcome(
                Verdict.FAIL, "artifact-unmarked", "an artifact carries no TLP marking", loc
            )
        if chk.min_artifact_marking and label.rank < Tlp(chk.min_artifact_marking).rank:
            return Outcome(
                Verdict.FAIL,
                "artifact-marking-too-permissive",
                f"an artifact is marked {label.value}; at least {chk.min_artifact_marking} is required",
                (*loc, "marking"),
            )
    if s.std.reporting.public_summary_required and (
        s.sub.public_summary is None or s.sub.marking.public_summary_marking is not Tlp.CLEAR
    ):
        return Outcome(
            Verdict.FAIL,
            "public-summary-missing",
            "a public summary marked TLP:CLEAR is required",
            ("marking",),
        )
    return Outcome(
        Verdict.PASS,
        "markings-valid",
        f"document {s.sub.marking.tlp.value} and {len(artifacts)} artifact(s) marked",
        ("marking",),
    )


def manual(s: Subject, req: Requirement, chk: c.Manual) -> Outcome:
    found = s.claim(req.id)
    if found is not None:
        i, claim = found
        if (reviewed := _reviewed(s, i, claim, req.id)) is not None:
            return reviewed
        if claim.status in ("not_met", "partially_met"):
            return Outcome(
                Verdict.FAIL,
                "claimed-not-met",
                f"the submitter claims {req.id} is {claim.status.replace('_', ' ')}",
                ("claims", i, "status"),
            )
    return Outcome(
        Verdict.NEEDS_REVIEW,
        "manual-review",
        f"{req.id} has no machine check; a reviewer from {', '.join(s.std.issuers)} decides",
    )


def fields_present(s: Subject, req: Requirement, chk: c.FieldsPresent) -> Outcome:
    data = s.data()
    missing: list[tuple[str, Loc]] = []
    for path in chk.paths:
        _, absent = resolve(data, path)
        if absent is not None:
            missing.append((path, absent))
    if not missing:
        found, _ = resolve(data, chk.paths[0])
        where = found[0][0] if found else ()
        return Outcome(Verdict.PASS, "fields-present", f"present: {', '.join(chk.paths)}", where)
    loc = deepest_existing(data, missing[0][1])
    return Outcome(
        Verdict.FAIL, "fields-missing", f"missing or empty: {', '.join(p for p, _ in missing)}", loc
    )

"""Who ran what: run organisations, `evaluating_orgs` and the issuers vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aiss.models.submission import ResultSubmission
from aiss.source import parse_yaml
from aiss.validation.rules.base import Context
from aiss.validation.rules.organisations import RunOrganisations, evaluating_orgs, run_orgs

ISSUERS = {"issuers": {"uk-aisi", "us-caisi", "aiss-editors"}}


def _sub(evaluating: list[str], orgs: list[str | None], submitter: str | None = None) -> str:
    runs = "".join(
        f"  - {{id: r{i}, procedure: TP-1, model: m" + (f", org: {o}" if o else "") + "}\n"
        for i, o in enumerate(orgs)
    )
    head = f"submitter: {{org: {submitter}, role: third_party}}\n" if submitter else ""
    return (
        'schema_version: "1.0.0"\nkind: ResultSubmission\n'
        'standard: {id: AISS-TST-001, version: "1.0.0"}\n'
        f"marking: {{tlp: 'TLP:CLEAR'}}\n{head}evaluating_orgs: [{', '.join(evaluating)}]\n"
        f"runs:\n{runs}"
    )


def _check(text: str, terms: dict[str, set[str]] | None = None) -> list[tuple[str, int, int]]:
    doc = parse_yaml("s.yaml", text.encode())
    model = ResultSubmission.model_validate(doc.data)
    ctx = Context(None, Path("s.yaml"), ISSUERS if terms is None else terms, frozenset())
    return [(d.code, d.line, d.column) for d in RunOrganisations(doc, model, ctx).check()]


def test_every_run_attributed_and_listed_is_clean() -> None:
    assert _check(_sub(["uk-aisi", "us-caisi"], ["uk-aisi", "us-caisi"])) == []


def test_one_evaluating_org_ran_every_run() -> None:
    text = _sub(["uk-aisi"], [None, None])
    assert _check(text) == []
    model = ResultSubmission.model_validate(parse_yaml("s", text.encode()).data)
    assert run_orgs(model) == {"r0": "uk-aisi", "r1": "uk-aisi"}
    assert evaluating_orgs(model) == ["uk-aisi"]


def test_without_evaluating_orgs_the_submitter_ran_them() -> None:
    model: Any = ResultSubmission.model_validate(
        parse_yaml("s", _sub([], [None], submitter="us-caisi").encode()).data
    )
    assert run_orgs(model) == {"r0": "us-caisi"}


def test_a_run_by_an_unlisted_org() -> None:
    # line 7 is the first run; its `org` value starts at column 46
    assert _check(_sub(["uk-aisi"], ["us-caisi"])) == [
        ("run-org-not-listed", 7, 46),
        ("evaluating-org-without-run", 5, 19),
    ]


def test_a_run_nobody_claims_and_an_org_that_ran_nothing() -> None:
    found = _check(_sub(["uk-aisi", "us-caisi"], ["uk-aisi", None]))
    assert found == [("run-org-unknown", 8, 5), ("evaluating-org-without-run", 5, 28)]


@pytest.mark.parametrize("terms", [ISSUERS, {}])
def test_orgs_must_be_issuers_terms_when_the_vocabulary_exists(
    terms: dict[str, set[str]],
) -> None:
    found = _check(_sub(["uk-aisl"], ["uk-aisl"], submitter="uk-aisi"), terms)
    if terms:
        assert [c for c, *_ in found] == ["unknown-organisation", "unknown-organisation"]
    else:
        assert found == []

"""The key registry: keys listed in the issuers vocabulary."""

from __future__ import annotations

import datetime as dt

from aiss.models.vocabulary import PublicKeyEntry, Term, Vocabulary
from aiss.signing.keys import generate_key, public_key_text
from aiss.signing.registry import trusted_keys


def _vocab(*terms: Term) -> Vocabulary:
    return Vocabulary(
        schema_version="1.0.0", kind="Vocabulary", name="issuers", title="I", terms=list(terms)
    )


def test_listed_keys_by_organisation_with_revocation_marked() -> None:
    a, b, c = generate_key(), generate_key(), generate_key()
    vocab = _vocab(
        Term(
            code="uk-aisi",
            name="UK",
            keys=[
                PublicKeyEntry(keyid=a.keyid, public_key=public_key_text(a.public)),
                PublicKeyEntry(
                    keyid=b.keyid, public_key=public_key_text(b.public), revoked=dt.date(2026, 3, 1)
                ),
            ],
        ),
        Term(
            code="us-caisi",
            name="US",
            keys=[PublicKeyEntry(keyid=c.keyid, public_key=public_key_text(c.public))],
        ),
    )
    every = trusted_keys(vocab)
    assert [(k.org, k.keyid, k.revoked) for k in every] == [
        ("uk-aisi", a.keyid, None),
        ("uk-aisi", b.keyid, dt.date(2026, 3, 1)),
        ("us-caisi", c.keyid, None),
    ]
    assert [k.keyid for k in trusted_keys(vocab, "us-caisi")] == [c.keyid]
    assert trusted_keys(None) == []


def test_keys_whose_id_does_not_match_or_that_do_not_parse_are_left_out() -> None:
    a, b = generate_key(), generate_key()
    vocab = _vocab(
        Term(
            code="uk-aisi",
            name="UK",
            keys=[
                PublicKeyEntry(keyid=b.keyid, public_key=public_key_text(a.public)),
                PublicKeyEntry(keyid=a.keyid, public_key="A" * 44 + "=="),
            ],
        )
    )
    assert trusted_keys(vocab) == []

"""in-toto Statement v1 inside a DSSE envelope."""

from __future__ import annotations

import hashlib
import json

from aiss.signing.dsse import PAYLOAD_TYPE_INTOTO, Failure, Verified, verify_envelope
from aiss.signing.keys import generate_key
from aiss.signing.registry import TrustedKey
from aiss.signing.statement import STATEMENT_TYPE, Statement, sign_statement, statement_of, subject


def test_statement_shape_follows_in_toto_v1() -> None:
    st = Statement.of(
        [subject("a/b.yaml", b"data")], "https://aiss.example.org/x/v1", {"k": [1, "two"]}
    )
    data = json.loads(st.to_bytes())
    assert data == {
        "_type": STATEMENT_TYPE,
        "subject": [
            {"name": "a/b.yaml", "digest": {"sha256": hashlib.sha256(b"data").hexdigest()}}
        ],
        "predicateType": "https://aiss.example.org/x/v1",
        "predicate": {"k": [1, "two"]},
    }
    assert st.to_bytes() == Statement.model_validate(data).to_bytes()


def test_sign_and_read_back() -> None:
    key = generate_key()
    st = Statement.of([subject("f", b"1")], "https://example.org/p", {})
    env = sign_statement(st, key)
    assert env.payload_type == PAYLOAD_TYPE_INTOTO
    verified = verify_envelope(env, [TrustedKey(key.keyid, key.public, "us-caisi")])
    assert isinstance(verified, Verified)
    assert statement_of(verified) == st


def test_a_verified_body_that_is_not_a_statement_is_a_failure() -> None:
    got = statement_of(Verified(b'{"_type": "other"}', PAYLOAD_TYPE_INTOTO, "k", "o"))
    assert isinstance(got, Failure) and got.code == "envelope-malformed"
    other = statement_of(Verified(b"{}", "text/plain", "k", "o"))
    assert isinstance(other, Failure) and other.code == "payload-type-mismatch"

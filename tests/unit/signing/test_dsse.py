"""DSSE envelopes: the PAE, signing, and every kind of tampering refused."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from aiss.signing.dsse import (
    Envelope,
    Failure,
    Signature,
    Verified,
    pae,
    parse_envelope,
    sign_envelope,
    verify_envelope,
)
from aiss.signing.keys import SigningKey, generate_key
from aiss.signing.registry import TrustedKey

TYPE = "application/vnd.example+json"


def trusted(key: SigningKey, org: str = "uk-aisi", revoked: dt.date | None = None) -> TrustedKey:
    return TrustedKey(key.keyid, key.public, org, revoked)


def test_pae_is_the_dsse_v1_encoding() -> None:
    # the example of the DSSE protocol document
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )
    assert pae("", b"") == b"DSSEv1 0  0 "


def test_the_signature_is_over_the_pae_not_the_json() -> None:
    key = generate_key()
    env = sign_envelope(b'{"a": 1}', TYPE, key)
    sig = base64.b64decode(env.signatures[0].sig)
    key.public.verify(sig, pae(TYPE, b'{"a": 1}'))  # raises if not
    assert env.signatures[0].keyid == key.keyid
    assert env.body() == b'{"a": 1}'


def test_round_trip_through_json() -> None:
    key = generate_key()
    env = sign_envelope(b"payload", TYPE, key)
    raw = env.to_json()
    assert set(json.loads(raw)) == {"payload", "payloadType", "signatures"}
    parsed = parse_envelope(raw)
    assert isinstance(parsed, Envelope)
    got = verify_envelope(parsed, [trusted(key)], payload_type=TYPE, org="uk-aisi")
    assert got == Verified(b"payload", TYPE, key.keyid, "uk-aisi")


def _code(result: Verified | Envelope | Failure) -> str:
    assert isinstance(result, Failure), result
    return result.code


def _flip(b64: str, at: int) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[at] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def test_a_changed_payload_byte_is_refused() -> None:
    key = generate_key()
    env = sign_envelope(b"the original payload", TYPE, key)
    for at in (0, 5, len(b"the original payload") - 1):
        bad = env.model_copy(update={"payload": _flip(env.payload, at)})
        assert _code(verify_envelope(bad, [trusted(key)])) == "signature-invalid"


def test_a_changed_signature_is_refused() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key)
    s = env.signatures[0]
    bad = env.model_copy(update={"signatures": [Signature(keyid=s.keyid, sig=_flip(s.sig, 10))]})
    assert _code(verify_envelope(bad, [trusted(key)])) == "signature-invalid"


def test_a_changed_keyid_is_an_unknown_signer() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key)
    s = env.signatures[0]
    bad = env.model_copy(update={"signatures": [Signature(keyid="0" * 64, sig=s.sig)]})
    assert _code(verify_envelope(bad, [trusted(key)])) == "signer-unknown"


def test_a_signature_by_another_key_claiming_a_trusted_keyid_is_refused() -> None:
    key, other = generate_key(), generate_key()
    forged = sign_envelope(b"x", TYPE, other)
    s = forged.signatures[0]
    bad = forged.model_copy(update={"signatures": [Signature(keyid=key.keyid, sig=s.sig)]})
    assert _code(verify_envelope(bad, [trusted(key)])) == "signature-invalid"
    assert _code(verify_envelope(forged, [trusted(key)])) == "signer-unknown"


def test_a_changed_payload_type_is_refused() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key)
    bad = env.model_copy(update={"payload_type": "application/other"})
    assert _code(verify_envelope(bad, [trusted(key)])) == "signature-invalid"
    assert _code(verify_envelope(env, [trusted(key)], payload_type="text/plain")) == (
        "payload-type-mismatch"
    )


def test_a_revoked_key_verifies_nothing() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key)
    result = verify_envelope(env, [trusted(key, revoked=dt.date(2026, 1, 1))])
    assert _code(result) == "signer-key-revoked"
    assert isinstance(result, Failure) and "2026-01-01" in result.message


def test_a_key_of_another_organisation_is_not_the_expected_signer() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key)
    assert _code(verify_envelope(env, [trusted(key, "us-caisi")], org="uk-aisi")) == (
        "signer-not-expected"
    )


def test_one_good_signature_among_several_is_enough() -> None:
    key, stranger = generate_key(), generate_key()
    env = sign_envelope(b"x", TYPE, key)
    extra = sign_envelope(b"x", TYPE, stranger).signatures[0]
    both = env.model_copy(update={"signatures": [extra, *env.signatures]})
    assert isinstance(verify_envelope(both, [trusted(key)]), Verified)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"payload": "eA==", "payloadType": "t", "signatures": []}',
        b'{"payload": "eA==", "payloadType": "t", "signatures": [{"keyid": "k"}]}',
        b'{"payload": "eA==", "payloadType": "t", "signatures": [{"keyid": "k", "sig": "s"}], "x": 1}',
    ],
)
def test_malformed_envelopes_are_a_failure_not_an_exception(raw: bytes) -> None:
    assert _code(parse_envelope(raw)) == "envelope-malformed"


def test_a_payload_that_is_not_base64_is_malformed() -> None:
    key = generate_key()
    env = sign_envelope(b"x", TYPE, key).model_copy(update={"payload": "!!!"})
    assert _code(verify_envelope(env, [trusted(key)])) == "envelope-malformed"


def test_trusted_key_type() -> None:
    key = generate_key()
    assert isinstance(trusted(key).public_key, Ed25519PublicKey)

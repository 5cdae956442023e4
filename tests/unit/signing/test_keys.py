"""Ed25519 keys: generation, PEM private keys, published public keys, key ids."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key

from aiss.signing.keys import (
    InvalidKey,
    generate_key,
    key_id,
    load_private_key,
    parse_public_key,
    public_key_text,
    raw_public_bytes,
)


def test_key_id_is_the_sha256_of_the_raw_public_key() -> None:
    key = generate_key()
    raw = key.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert len(raw) == 32
    assert key.keyid == key_id(key.public) == hashlib.sha256(raw).hexdigest()


def test_published_base64_and_pem_forms_parse_to_the_same_key() -> None:
    key = generate_key()
    text = public_key_text(key.public)
    assert base64.b64decode(text) == raw_public_bytes(key.public)
    pem = key.public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    assert key_id(parse_public_key(text)) == key_id(parse_public_key(pem)) == key.keyid


def test_private_key_round_trips_through_pem() -> None:
    key = generate_key()
    again = load_private_key(key.pem())
    assert again.keyid == key.keyid
    assert again.sign(b"x") == key.sign(b"x")  # Ed25519 is deterministic


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("not base64 at all!", "not base64"),
        (base64.b64encode(b"\x01" * 31).decode(), "31 bytes"),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "not a PEM public key"),
    ],
)
def test_bad_public_keys_say_why(text: str, why: str) -> None:
    with pytest.raises(InvalidKey, match=why):
        parse_public_key(text)


def test_a_key_of_another_algorithm_is_refused() -> None:
    ec = generate_private_key(SECP256R1())
    pem = ec.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(InvalidKey, match="not an Ed25519 key"):
        parse_public_key(pem.decode())
    priv = ec.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(InvalidKey, match="not an Ed25519 key"):
        load_private_key(priv)


def test_encrypted_private_key_needs_its_password() -> None:
    key = generate_key()
    pem = key.private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(InvalidKey):
        load_private_key(pem)
    assert load_private_key(pem, b"secret").keyid == key.keyid


def test_garbage_is_not_a_private_key() -> None:
    with pytest.raises(InvalidKey, match="not a PEM private key"):
        load_private_key(b"hello")

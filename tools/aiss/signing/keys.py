"""Ed25519 keys (pyca/cryptography): generate, read a private key from PEM, parse a published
public key (base64 of the raw 32 bytes, or PEM), and the key id: the sha256 of the raw public
key bytes, in hex."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

# cryptography is imported where a key is used: `aiss check` of a submission that carries no
# signature does not load it (8 MiB and 33 modules at import)
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )


class InvalidKey(ValueError):
    """A key that is not an Ed25519 key in a form aiss reads; the message says why."""


def raw_public_bytes(public: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    from cryptography.hazmat.primitives import serialization

    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    """The key id: sha256 of the raw public key bytes, lowercase hex."""
    return hashlib.sha256(raw_public_bytes(public)).hexdigest()


def public_key_text(public: Ed25519PublicKey) -> str:
    """The published form of a public key: base64 of its raw 32 bytes."""
    return base64.b64encode(raw_public_bytes(public)).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A published public key: base64 of the raw 32 bytes, or a PEM `PUBLIC KEY` block."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, UnsupportedAlgorithm, UnicodeEncodeError) as exc:
            raise InvalidKey(f"not a PEM public key: {exc}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidKey(f"a {type(key).__name__.removeprefix('_')}, not an Ed25519 key")
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidKey("not base64 (nor a PEM block)") from None
    if len(raw) != 32:
        raise InvalidKey(f"{len(raw)} bytes; an Ed25519 public key is 32")
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class SigningKey:
    """A private key and the id of its public half."""

    private: Ed25519PrivateKey
    keyid: str

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM (for `aiss keys generate`)."""
        from cryptography.hazmat.primitives import serialization

        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _signing_key(private: Ed25519PrivateKey) -> SigningKey:
    return SigningKey(private, key_id(private.public_key()))


def generate_key() -> SigningKey:
    """A new Ed25519 key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return _signing_key(Ed25519PrivateKey.generate())


def load_private_key(pem: bytes, password: bytes | None = None) -> SigningKey:
    """An Ed25519 private key from PEM bytes (PKCS#8 or OpenSSH's `PRIVATE KEY` block)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except TypeError as exc:  # encrypted without a password, or a password for a plain key
        raise InvalidKey(str(exc)) from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise InvalidKey(f"not a PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidKey(f"a {type(key).__name__.removeprefix('_')}, not an Ed25519 key")
    return _signing_key(key)

"""Signing: DSSE envelopes, in-toto Statements, Ed25519 keys and the key registry.

    keys       Ed25519 keys: generate, read a private key from PEM, parse a published public
               key (base64 raw 32 bytes, or PEM), key ids (sha256 of the raw public key)
    dsse       the DSSE envelope and its PAE; sign bytes, verify against trusted keys
    statement  in-toto Statement v1: subjects, predicate; sign_statement, statement_of
    registry   the trusted keys an issuers vocabulary lists (revoked keys are refused)

All cryptography is pyca/cryptography's; nothing here reads or writes files (callers pass
bytes read through `aiss.loading`).
"""

from aiss.signing.dsse import (
    PAYLOAD_TYPE_INTOTO,
    Envelope,
    Failure,
    Signature,
    Verified,
    pae,
    parse_envelope,
    sign_envelope,
    verify_envelope,
)
from aiss.signing.keys import (
    InvalidKey,
    SigningKey,
    generate_key,
    key_id,
    load_private_key,
    parse_public_key,
    public_key_text,
)
from aiss.signing.registry import TrustedKey, trusted_keys
from aiss.signing.statement import (
    STATEMENT_TYPE,
    Statement,
    Subject,
    sign_statement,
    statement_of,
    subject,
)

__all__ = [
    "PAYLOAD_TYPE_INTOTO",
    "STATEMENT_TYPE",
    "Envelope",
    "Failure",
    "InvalidKey",
    "Signature",
    "SigningKey",
    "Statement",
    "Subject",
    "TrustedKey",
    "Verified",
    "generate_key",
    "key_id",
    "load_private_key",
    "pae",
    "parse_envelope",
    "parse_public_key",
    "public_key_text",
    "sign_envelope",
    "sign_statement",
    "statement_of",
    "subject",
    "trusted_keys",
    "verify_envelope",
]

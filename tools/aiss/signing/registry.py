"""The key registry: the public keys an issuers vocabulary lists under each organisation.

A key verifies a signature only when the registry lists it, under the organisation that
claims the signature, and it is not revoked (a revoked key verifies nothing, whatever date the
signed document claims). Keys that do not parse are left out here; `aiss validate` reports
them (`key-invalid`, `key-id-mismatch`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiss.models.vocabulary import Vocabulary
from aiss.signing.keys import InvalidKey, key_id, parse_public_key

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


@dataclass(frozen=True)
class TrustedKey:
    """A public key the registry lists, and whose it is."""

    keyid: str
    public_key: Ed25519PublicKey
    org: str
    revoked: dt.date | None = None


def trusted_keys(issuers: Vocabulary | None, org: str | None = None) -> list[TrustedKey]:
    """Every well-formed key the issuers vocabulary lists (of `org`, when given), revoked ones
    included (marked), so that verification can say a key was revoked."""
    out: list[TrustedKey] = []
    for term in issuers.terms if issuers is not None else []:
        if org is not None and term.code != org:
            continue
        for k in term.keys:
            try:
                public = parse_public_key(k.public_key)
            except InvalidKey:
                continue
            if key_id(public) != k.keyid:
                continue
            out.append(TrustedKey(k.keyid, public, term.code, k.revoked))
    return out

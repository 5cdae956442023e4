"""DSSE, the Dead Simple Signing Envelope (secure-systems-lab/dsse, protocol v1).

An envelope is `{"payload": b64, "payloadType": "...", "signatures": [{"keyid", "sig"}]}`.
What is signed is the pre-authentication encoding of type and body,
`"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body` (lengths as ASCII decimals), never the
JSON, so the envelope's own layout does not matter. Verification accepts an envelope only when
a signature verifies under a trusted, non-revoked key of the expected organisation.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ConfigDict, Field, ValidationError

from aiss.models.common import Model
from aiss.signing.keys import SigningKey
from aiss.signing.registry import TrustedKey

PAYLOAD_TYPE_INTOTO = "application/vnd.in-toto+json"
"""The payload type of an in-toto Statement."""


class Signature(Model):
    """One signature of an envelope."""

    keyid: str = Field(max_length=200)
    """Id of the key that made it: sha256 of the raw public key, hex."""
    sig: str = Field(max_length=200)
    """The Ed25519 signature of the PAE, base64."""


class Envelope(Model):
    """A DSSE envelope."""

    model_config = ConfigDict(populate_by_name=True)

    payload: str
    """The signed body, base64."""
    payload_type: str = Field(alias="payloadType", min_length=1, max_length=200)
    """What the payload is, e.g. `application/vnd.in-toto+json`."""
    signatures: list[Signature] = Field(min_length=1, max_length=16)
    """One or more signatures of the PAE."""

    def body(self) -> bytes:
        """The payload's bytes; ValueError when it is not base64."""
        return _b64(self.payload)

    def to_json(self) -> bytes:
        """The envelope as the JSON DSSE defines (field names as in the spec)."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, indent=2, ensure_ascii=True).encode("ascii") + b"\n"


def pae(payload_type: str, body: bytes) -> bytes:
    """The pre-authentication encoding DSSE v1 signs."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(body), body)


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None


def sign_envelope(body: bytes, payload_type: str, key: SigningKey) -> Envelope:
    """`body` signed by `key` as a DSSE envelope of `payload_type`."""
    sig = key.sign(pae(payload_type, body))
    return Envelope(
        payload=base64.b64encode(body).decode("ascii"),
        payload_type=payload_type,
        signatures=[Signature(keyid=key.keyid, sig=base64.b64encode(sig).decode("ascii"))],
    )


@dataclass(frozen=True)
class Verified:
    """An envelope whose signature verified: the body and who signed it."""

    body: bytes
    payload_type: str
    keyid: str
    org: str
    """The organisation the registry lists the key under."""


@dataclass(frozen=True)
class Failure:
    """Why an envelope was not accepted: a stable code and a sentence."""

    code: str
    """One of `envelope-malformed`, `payload-type-mismatch`, `signer-unknown`,
    `signer-key-revoked`, `signer-not-expected`, `signature-invalid`."""
    message: str


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def loads_signed(raw: bytes | str) -> object:
    """JSON that is or will be signed: a key given twice in one object is refused, since
    readers that keep the first and readers that keep the last would read different things."""
    return json.loads(raw, object_pairs_hook=_unique)


def parse_envelope(raw: bytes) -> Envelope | Failure:
    """An envelope from its JSON bytes, or why they are not one."""
    try:
        data = loads_signed(raw)
        return Envelope.model_validate(data)
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0][:200]
        return Failure("envelope-malformed", f"not a DSSE envelope: {first}")


def verify_envelope(
    envelope: Envelope,
    trusted: Sequence[TrustedKey],
    *,
    payload_type: str | None = None,
    org: str | None = None,
) -> Verified | Failure:
    """The envelope's body when one of its signatures verifies under a trusted key (listed,
    not revoked, of `org` when given) and its type is `payload_type` (when given)."""
    if payload_type is not None and envelope.payload_type != payload_type:
        return Failure(
            "payload-type-mismatch",
            f"payload type {envelope.payload_type!r}, expected {payload_type!r}",
        )
    try:
        body = envelope.body()
    except ValueError:
        return Failure("envelope-malformed", "the payload is not base64")
    message = pae(envelope.payload_type, body)
    by_id = {k.keyid: k for k in trusted}
    seen: list[Failure] = []
    for s in envelope.signatures:
        key = by_id.get(s.keyid)
        if key is None:
            seen.append(Failure("signer-unknown", f"key {s.keyid[:16]} is not in the registry"))
            continue
        if key.revoked:
            seen.append(
                Failure(
                    "signer-key-revoked",
                    f"key {s.keyid[:16]} of {key.org} was revoked on {key.revoked}",
                )
            )
            continue
        if org is not None and key.org != org:
            seen.append(
                Failure(
                    "signer-not-expected",
                    f"key {s.keyid[:16]} belongs to {key.org}, not to {org}",
                )
            )
            continue
        from cryptography.exceptions import InvalidSignature

        try:
            key.public_key.verify(_b64(s.sig), message)
        except (InvalidSignature, ValueError):
            seen.append(
                Failure(
                    "signature-invalid",
                    f"the signature by {key.org}'s key {s.keyid[:16]} does not verify: "
                    "the envelope was changed or signed with another key",
                )
            )
            continue
        return Verified(body, envelope.payload_type, key.keyid, key.org)
    order = ("signature-invalid", "signer-key-revoked", "signer-not-expected", "signer-unknown")
    return min(seen, key=lambda f: order.index(f.code))

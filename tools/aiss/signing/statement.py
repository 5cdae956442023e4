"""in-toto Statement v1 (`https://in-toto.io/Statement/v1`): subjects named by their sha256,
a predicate type and a predicate; carried in a DSSE envelope of type
`application/vnd.in-toto+json`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import ConfigDict, Field, JsonValue, ValidationError

from aiss.models.common import Model, Sha256
from aiss.signing.dsse import (
    PAYLOAD_TYPE_INTOTO,
    Envelope,
    Failure,
    Verified,
    loads_signed,
    sign_envelope,
)
from aiss.signing.keys import SigningKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"


class Digest(Model):
    """A subject's digests; aiss uses sha256."""

    model_config = ConfigDict(extra="allow")

    sha256: Sha256
    """sha256 of the subject, hex."""


class Subject(Model):
    """One artifact a statement is about."""

    name: str = Field(min_length=1, max_length=1000)
    """Its name, e.g. a path inside a bundle."""
    digest: Digest
    """Its digests."""


class Statement(Model):
    """An in-toto Statement v1."""

    model_config = ConfigDict(populate_by_name=True)

    type: str = Field(alias="_type", pattern=r"^https://in-toto\.io/Statement/v1$")
    """Always `https://in-toto.io/Statement/v1`."""
    subject: list[Subject] = Field(min_length=1)
    """The artifacts."""
    predicate_type: str = Field(alias="predicateType", min_length=1, max_length=500)
    """A URI naming the kind of predicate."""
    predicate: dict[str, JsonValue] = Field(default_factory=dict)
    """What is said about the subjects."""

    @classmethod
    def of(
        cls, subjects: list[Subject], predicate_type: str, predicate: dict[str, Any]
    ) -> Statement:
        return cls(
            type=STATEMENT_TYPE,
            subject=subjects,
            predicate_type=predicate_type,
            predicate=predicate,
        )

    def to_bytes(self) -> bytes:
        """The payload: compact JSON with sorted keys (deterministic for the same statement)."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def subject(name: str, data: bytes) -> Subject:
    """A subject named `name` whose digest is that of `data`."""
    return Subject(name=name, digest=Digest(sha256=hashlib.sha256(data).hexdigest()))


def sign_statement(statement: Statement, key: SigningKey) -> Envelope:
    """The statement signed by `key` in a DSSE envelope of type in-toto."""
    return sign_envelope(statement.to_bytes(), PAYLOAD_TYPE_INTOTO, key)


def statement_of(verified: Verified) -> Statement | Failure:
    """The Statement a verified envelope carries, or why its body is not one."""
    if verified.payload_type != PAYLOAD_TYPE_INTOTO:
        return Failure("payload-type-mismatch", f"payload type {verified.payload_type!r}")
    try:
        return Statement.model_validate(loads_signed(verified.body))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0][:200]
        return Failure("envelope-malformed", f"the payload is not an in-toto Statement: {first}")

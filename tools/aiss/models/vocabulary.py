"""Controlled vocabularies (issuers, risk domains, frameworks): data files in the registry."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from aiss.models.common import Code, Model, SemVerStr, Sha256, ShortText, Text, Url

PublicKeyText = Annotated[str, StringConstraints(min_length=40, max_length=1000)]
"""A published Ed25519 public key: base64 of its raw 32 bytes, or a PEM `PUBLIC KEY` block."""


class PublicKeyEntry(Model):
    """A public key an organisation signs with (DSSE envelopes, exchange bundles, attestations)."""

    keyid: Sha256
    """sha256 of the raw 32-byte public key, hex; `aiss validate` checks it matches."""
    public_key: PublicKeyText
    """The key: base64 of the raw 32 bytes (what `aiss keys generate` prints), or PEM."""
    since: dt.date | None = None
    """First day the key is in use."""
    revoked: dt.date | None = None
    """The day the key was revoked; a revoked key verifies nothing, whatever date a signed
    document claims."""


class Term(Model):
    """One entry of a vocabulary."""

    code: Code
    """Stable code used by standards."""
    name: ShortText
    """Display name; may change (e.g. US AISI became CAISI) while the code stays."""
    description: Text | None = None
    """What the term covers."""
    url: Url | None = None
    """Where to learn more."""
    deprecated: bool = False
    """Still resolvable, but new standards should not use it."""
    keys: list[PublicKeyEntry] = Field(default_factory=list)
    """Public keys the organisation signs with (issuers vocabulary only)."""


class Vocabulary(Model):
    """A controlled vocabulary file (`standards/vocabularies/<name>.yaml`)."""

    schema_version: SemVerStr
    """Version of the aiss file format this file follows."""
    kind: Literal["Vocabulary"]
    """Document kind."""
    name: Literal["issuers", "risk-domains", "frameworks"]
    """Which vocabulary this is."""
    title: ShortText
    """Title."""
    terms: list[Term] = Field(min_length=1)
    """The terms."""

"""Controlled vocabularies (issuers, risk domains, frameworks): data files in the registry."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aiss.models.common import Code, Model, SemVerStr, ShortText, Text, Url


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

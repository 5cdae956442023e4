"""Pydantic models of every document kind; the JSON Schemas in `schemas/` are generated from them."""

from aiss.models.common import SCHEMA_VERSION, SemVer, Tlp
from aiss.models.standard import Level, Requirement, Standard, Status
from aiss.models.vocabulary import Term, Vocabulary

__all__ = [
    "SCHEMA_VERSION",
    "Level",
    "Requirement",
    "SemVer",
    "Standard",
    "Status",
    "Term",
    "Tlp",
    "Vocabulary",
]

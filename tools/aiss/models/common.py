"""Building blocks shared by every document kind: base config, SemVer, TLP markings, ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from aiss.strenum import StrEnum

SCHEMA_VERSION = "1.0.0"
"""The file-format version this release of aiss reads and writes."""

SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$"
)
STANDARD_ID_PATTERN = r"^AISS-[A-Z]{2,6}-[0-9]{3}$"
STANDARD_REF_PATTERN = r"^AISS-[A-Z]{2,6}-[0-9]{3}@" + SEMVER_PATTERN[1:]

SemVerStr = Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)]
StandardId = Annotated[str, StringConstraints(pattern=STANDARD_ID_PATTERN)]
StandardRef = Annotated[str, StringConstraints(pattern=STANDARD_REF_PATTERN)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ReviewVerdict = Literal["pass", "fail", "not_applicable"]
"""What a review decides of a requirement: met, not met, or that it does not apply to this
submission (a claim of `not_applicable` is decided only by one of the issuers)."""
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Url = Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$", max_length=2000)]


class Model(BaseModel):
    """Base of every document model: unknown keys refused, values frozen, docstrings kept."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # field docstrings become schema descriptions in aiss.catalog.schemas, not at import
        str_strip_whitespace=False,
        allow_inf_nan=False,
        defer_build=True,  # build validators on first use: `aiss validate` never pays for results models
    )


class Tlp(StrEnum):
    """A Traffic Light Protocol 2.0 label (FIRST); order from least to most restrictive."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @staticmethod
    def most_restrictive(labels: list[Tlp]) -> Tlp:
        return max(labels, key=_RANK.__getitem__, default=Tlp.CLEAR)

    @staticmethod
    def strictest_in(data: object) -> Tlp:
        """The most restrictive of `labels_in(data)`; AMBER+STRICT too for a document with no
        readable label of its own (an output may quote any part of it)."""
        labels = Tlp.labels_in(data)
        top = data.get("marking") if isinstance(data, dict) else None
        if not isinstance(top, str) and not (isinstance(top, dict) and "tlp" in top):
            labels.append(Tlp.AMBER_STRICT)
        return Tlp.most_restrictive(labels)

    @staticmethod
    def labels_in(data: object) -> list[Tlp]:
        """The labels anywhere in a document's data as it was read, valid or not: the value
        of every `tlp`, `marking` and `public_summary_marking` key at any depth (a document's,
        a claim's, an evidence item's, a log's). TLP:WHITE reads as CLEAR; a value that is not
        a label as AMBER+STRICT, since an output may quote the part it marks."""
        # every document's data is walked once (3,000 a registry validate): a tuple for
        # `isinstance` and no keys looked up for lists' items make the walk twice as fast
        labels: list[Tlp] = []
        stack = [data] if isinstance(data, _CONTAINERS) else []
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if isinstance(value, _CONTAINERS):
                        push(value)
                    elif key in _MARKING_KEYS:
                        labels.append(_label_of(value))
            else:
                for value in node:
                    if isinstance(value, _CONTAINERS):
                        push(value)
        return labels


_CONTAINERS = (dict, list)
_MARKING_KEYS = frozenset({"tlp", "marking", "public_summary_marking"})
"""The keys that carry a TLP label in a standard, a submission and their parts."""


_RANK = {t: i for i, t in enumerate(Tlp)}
"""Each label's place from least to most restrictive (`Tlp.rank`)."""


def _label_of(value: object) -> Tlp:
    if value == "TLP:WHITE":
        return Tlp.CLEAR
    try:
        return Tlp(value)
    except ValueError:
        return Tlp.AMBER_STRICT


class InvalidVersion(ValueError):
    """A text that is not a Semantic Versioning 2.0.0 version (as pypa/packaging's)."""


@total_ordering
@dataclass(frozen=True)
class SemVer:
    """A Semantic Versioning 2.0.0 value: parse, compare, bump. Immutable and hashable."""

    major: int
    minor: int
    patch: int
    prerelease: str = ""

    _RE: ClassVar[re.Pattern[str]] = re.compile(SEMVER_PATTERN)

    @classmethod
    def parse(cls, text: str) -> SemVer:
        """The version `text` spells; `InvalidVersion` when it is not one."""
        m = cls._RE.match(text)
        if not m:
            raise InvalidVersion(f"{text!r} is not a semantic version (MAJOR.MINOR.PATCH)")
        return cls(int(m[1]), int(m[2]), int(m[3]), m[4] or "")

    @classmethod
    def is_valid(cls, text: str) -> bool:
        return bool(cls._RE.match(text))

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        pre: tuple[tuple[int, int | str], ...] = tuple(
            (0, int(p)) if p.isdigit() else (1, p) for p in self.prerelease.split(".") if p
        )
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __lt__(self, other: SemVer) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}.{self.patch}"
        return f"{base}-{self.prerelease}" if self.prerelease else base

    def __repr__(self) -> str:
        return f"SemVer({str(self)!r})"

    def bump(self, part: str) -> SemVer:
        """The next `major`, `minor` or `patch` version (a pre-release tag is dropped)."""
        if part == "major":
            return SemVer(self.major + 1, 0, 0)
        if part == "minor":
            return SemVer(self.major, self.minor + 1, 0)
        if part == "patch":
            return SemVer(self.major, self.minor, self.patch + 1)
        raise ValueError(f"unknown bump {part!r}")

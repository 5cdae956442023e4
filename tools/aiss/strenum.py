"""`StrEnum`: string enums that format, print and serialise as their value (as Python 3.11's
`enum.StrEnum` does; aiss still runs on 3.10)."""

from __future__ import annotations

import enum


class StrEnum(str, enum.Enum):
    """An enum whose members are their string values everywhere text is made of them."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

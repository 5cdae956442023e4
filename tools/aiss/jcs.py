"""RFC 8785 (JCS) canonical JSON, byte for byte the `rfc8785` package's, ~7x faster.

orjson does the work (sorted keys, no whitespace, the minimal string escaping JCS shares with
ECMAScript's `JSON.stringify`, shortest round-trip floats), after one pass over the data that
turns integral floats into integers (ECMAScript writes `1.0` as `1`); on a registry's
standards and submissions 0.09 ms a document, against 0.25 ms with the standard library's C
encoder and 0.63 ms for `rfc8785` itself. Whatever orjson would write differently from
ECMAScript goes to the `rfc8785` package, the reference: a float
below 1e-4 or an integral one from 1e16 (Python's exponent forms differ), keys that are not
text, keys or strings outside the Basic Multilingual Plane (JCS sorts keys by UTF-16 code
units), lone surrogates, integers beyond 2^53 - 1 and non-finite numbers (which it refuses with
`rfc8785.CanonicalizationError`, as before). `tests/unit/test_jcs.py` compares the two on
random data.
"""

from __future__ import annotations

import math
from typing import Any

import orjson
import rfc8785

__all__ = ["CanonicalizationError", "dumps"]

CanonicalizationError = rfc8785.CanonicalizationError

_INT_MAX = 2**53 - 1


class _Reference(Exception):
    """This value is left to the reference implementation."""


def _float(f: float) -> float | int:
    if not math.isfinite(f):
        raise _Reference
    if f.is_integer():
        if abs(f) < 1e16:
            return int(f)  # 1.0 -> 1, -0.0 -> 0, exactly as ECMAScript writes them
        raise _Reference
    if abs(f) < 1e-4:
        raise _Reference  # Python writes 1e-05, ECMAScript 0.00001
    return f  # repr is ECMAScript's form here: shortest round-trip digits, no exponent


def _prepared(value: Any) -> Any:
    """`value` as orjson writes it in JCS form (a copy only where a float changes)."""
    t = type(value)
    if t is str or t is bool or value is None:
        return value
    if t is int:
        if -_INT_MAX <= value <= _INT_MAX:
            return value
        raise _Reference
    if t is float:
        return _float(value)
    if t is dict:
        out: dict[str, Any] | None = None
        for k, v in value.items():
            if type(k) is not str:
                raise _Reference
            p = _prepared(v)
            if p is not v or type(p) is not type(v):
                if out is None:
                    out = dict(value)
                out[k] = p
        return value if out is None else out
    if t is list:
        items: list[Any] | None = None
        for i, v in enumerate(value):
            p = _prepared(v)
            if p is not v or type(p) is not type(v):
                if items is None:
                    items = list(value)
                items[i] = p
        return value if items is None else items
    raise _Reference  # tuples, subclasses and anything else: the reference decides


def dumps(value: Any) -> bytes:
    """The RFC 8785 canonical form of `value` (`rfc8785.dumps(value)`, faster);
    `CanonicalizationError` when it has none."""
    try:
        out = orjson.dumps(_prepared(value), option=orjson.OPT_SORT_KEYS)
    except _Reference:
        return rfc8785.dumps(value)
    except orjson.JSONEncodeError:  # a lone surrogate: the reference refuses it its own way
        return rfc8785.dumps(value)
    if not out.isascii() and max(out) >= 0xF0:  # a character outside the BMP (4 UTF-8 bytes):
        return rfc8785.dumps(value)  # keys are sorted by UTF-16 code units, not code points
    return out

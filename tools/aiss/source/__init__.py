"""Reading documents: YAML and JSON text -> `SourceDocument` (data, positions, diagnostics).

Pure: callers read the bytes (`aiss.loading`) and hand them over.

The limits are imported with the package; the parsers when first named (PEP 562): a replayed
`aiss validate` (`aiss.compose.rerun`) reads the limits and never a document, and PyYAML's
import is a tenth of that run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aiss.source.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from aiss.source.document import SourceDocument
    from aiss.source.jsondoc import parse_json
    from aiss.source.yamldoc import gc_paused, parse_yaml

__all__ = ["DEFAULT_LIMITS", "Limits", "SourceDocument", "gc_paused", "parse_json", "parse_yaml"]

_LAZY = {
    "SourceDocument": "aiss.source.document",
    "parse_json": "aiss.source.jsondoc",
    "gc_paused": "aiss.source.yamldoc",
    "parse_yaml": "aiss.source.yamldoc",
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value

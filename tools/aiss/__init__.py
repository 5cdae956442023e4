"""aiss: the registry and toolkit for versioned AI safety test standards.

The public API (`aiss.validate`, `aiss.check`, `aiss.load_registry`, `aiss.check_document`
and the report types) is defined in `aiss.api` and imported on first use, so that `import
aiss` (and `aiss --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aiss.settings import VERSION as VERSION

if TYPE_CHECKING:
    from aiss.api import (
        ConformanceReport,
        Diagnostic,
        Overall,
        PublishedRegistry,
        RequirementVerdict,
        Severity,
        Standards,
        StandardsOnDisk,
        UsageError,
        ValidationReport,
        Verdict,
        check,
        check_document,
        load_registry,
        registry_trust,
        validate,
    )

__version__ = VERSION

__all__ = [
    "VERSION",
    "ConformanceReport",
    "Diagnostic",
    "Overall",
    "PublishedRegistry",
    "RequirementVerdict",
    "Severity",
    "Standards",
    "StandardsOnDisk",
    "UsageError",
    "ValidationReport",
    "Verdict",
    "__version__",
    "check",
    "check_document",
    "load_registry",
    "registry_trust",
    "validate",
]

_API = frozenset(__all__) - {"VERSION", "__version__"}


def __getattr__(name: str) -> Any:
    """The public API, imported from `aiss.api` when first used (PEP 562)."""
    if name in _API:
        value = getattr(importlib.import_module("aiss.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'aiss' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)

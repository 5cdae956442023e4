"""Reading documents: YAML and JSON text -> `SourceDocument` (data, positions, diagnostics).

Pure: callers read the bytes (`aiss.loading`) and hand them over.
"""

from aiss.source.document import SourceDocument
from aiss.source.jsondoc import parse_json
from aiss.source.limits import DEFAULT_LIMITS, Limits
from aiss.source.yamldoc import gc_paused, parse_yaml

__all__ = ["DEFAULT_LIMITS", "Limits", "SourceDocument", "gc_paused", "parse_json", "parse_yaml"]

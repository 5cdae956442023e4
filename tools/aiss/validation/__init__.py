"""Validation: schema and model passes per document, then rules per standard and per registry."""

from aiss.conformance import examples as _examples  # noqa: F401 - registers the example-verdict check
from aiss.versions import enforce as _enforce  # noqa: F401 - registers the versioning checks

"""The digest of a submission's content: the sha256 of its RFC 8785 canonical JSON (sorted
keys, no insignificant whitespace, ECMAScript number form), its `attestations` left out so that
a signed review can be added to the file it names. The same data in YAML or JSON, with any
layout, quoting or comments, has the same digest."""

from __future__ import annotations

import hashlib
from typing import Any

from aiss import jcs

UNSIGNED = ("attestations",)
"""Top-level fields the digest leaves out: the signatures of the digest itself."""


def submission_digest(data: dict[str, Any]) -> str | None:
    """sha256 (hex) of the canonical form of a submission's data; None when the data has no
    canonical form (a number JSON cannot carry exactly, such as `1e999` read as infinity, or an
    integer beyond 2**53), so that nothing can be approved by that digest."""
    content = {k: v for k, v in data.items() if k not in UNSIGNED}
    try:
        return hashlib.sha256(jcs.dumps(content)).hexdigest()
    except jcs.CanonicalizationError:
        return None

"""Where standards come from, and whom a registry trusts: the two things every check needs
besides the file itself, shared by `aiss check`, `aiss compare` and the Python API.

    load_registry(location)  -> a registry folder, or a published registry (`compose.remote`)
    registry_trust(standards) -> its recorded approvals, organisations and signing keys
    registry_checker(standards) -> `check_submission` with that trust: what `aiss check` gives

Every command that reports a submission's verdicts checks with that trust: `aiss check` and
the API through `registry_trust` (they also pass the version a file must claim), compare,
redact, OSCAL results, import-and-check and the exercises' pages through `registry_checker`;
so one file gets one verdict whichever reports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from aiss.compose.check import (
    Source,
    StandardsOnDisk,
    check_submission,
    registry_approvals,
    registry_keys,
    registry_organisations,
)
from aiss.compose.remote import PublishedRegistry
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.errors import UsageError
from aiss.loading import VOCABULARY_DIR, is_url
from aiss.models.approvals import RecordedApproval
from aiss.signing import TrustedKey, trusted_keys
from aiss.source import DEFAULT_LIMITS, Limits

PathLike = str | os.PathLike[str]
Trust = tuple[list[RecordedApproval], frozenset[str] | None, list[TrustedKey]]
"""What `registry_trust` gives: recorded approvals, organisations (issuer codes), signing keys."""


def load_registry(
    location: PathLike | None = None,
    *,
    cache: PathLike | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> StandardsOnDisk | PublishedRegistry:
    """The standards that results are checked against.

    Args:
        location: a registry's source folder (the one holding `vocabularies/`), a published
            registry's address (`https://.../`, whose `registry.json` lists every version
            with its sha256), or a folder holding a built site. By default `$AISS_REGISTRY`,
            else `./standards`.
        cache: where files read from an address are kept (default: `$AISS_CACHE_DIR`, else
            `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss`).
        limits: size limits for each file read.

    Returns:
        An object with `get(id, version)` and `resolve("ID@VERSION")`; a published registry
        verifies each file against the digest its index lists before using it.

    Raises:
        UsageError: there is no registry there, or its index cannot be read.
    """
    where = str(location) if location is not None else os.environ.get("AISS_REGISTRY")
    if not where:
        where = "standards"
    if (
        not is_url(where)
        and (Path(where) / VOCABULARY_DIR).is_dir()
        and not (Path(where) / "registry.json").is_file()  # a built site serves vocabularies too
    ):
        return StandardsOnDisk(Path(where), limits)
    if not is_url(where) and not Path(where).exists():
        raise UsageError(f"{where}: no such registry folder or site")
    return PublishedRegistry.at(where, cache=Path(cache) if cache else None, limits=limits)


def registry_trust(standards: Standards, limits: Limits = DEFAULT_LIMITS) -> Trust:
    """The approvals, the organisations (issuer codes) and the signing keys a registry
    records, which decide whose reviews, waivers and attestations count. A registry folder
    gives all three; a published registry its issuers vocabulary (organisations and public
    keys, so signed attestations verify against it) but no recorded approvals, which the
    registry keeps to itself."""
    if isinstance(standards, StandardsOnDisk):
        root = standards.root
        return (
            registry_approvals(root, limits),
            registry_organisations(root, limits),
            registry_keys(root, limits),
        )
    if isinstance(standards, PublishedRegistry):
        issuers = standards.issuers()
        organisations = frozenset(t.code for t in issuers.terms) if issuers else None
        return [], organisations, trusted_keys(issuers)
    return [], None, []


def registry_checker(
    standards: Standards, limits: Limits = DEFAULT_LIMITS
) -> Callable[[Source], ConformanceReport]:
    """`check_submission` against `standards` with the approvals, organisations and keys the
    registry records (`registry_trust`, read once): the report `aiss check` gives a file."""
    approvals, organisations, keys = registry_trust(standards, limits)

    def check(source: Source) -> ConformanceReport:
        return check_submission(
            source,
            standards,
            limits=limits,
            approvals=approvals,
            organisations=organisations,
            keys=keys,
        )

    return check

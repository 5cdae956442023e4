"""`aiss export oscal`: a standard version as an OSCAL catalog, and result submissions checked
by the one check path as OSCAL assessment results."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from aiss.compose.check import StandardsOnDisk, SubmissionFile
from aiss.compose.registries import registry_checker
from aiss.conformance.report import ConformanceReport
from aiss.errors import UsageError
from aiss.loading import read_bytes
from aiss.oscal.catalog import catalog
from aiss.oscal.results import assessment_results
from aiss.settings import SITE_URL, VERSION
from aiss.site import paths


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def catalog_json(ref: str, standards: StandardsOnDisk) -> str:
    """The OSCAL catalog of `ID@VERSION`."""
    entry = standards.resolve(ref)
    std = entry.standard
    url = SITE_URL + paths.url(paths.download(std.id, std.version, "yaml"))
    return _dump(catalog(std, sha256=entry.sha256, url=url))


def results_json(files: list[Path], standards: StandardsOnDisk, *, when: str) -> str:
    """The OSCAL assessment results of checking each submission in `files`."""
    reports: list[tuple[ConformanceReport, str]] = []
    check = registry_checker(standards)
    for f in files:
        try:
            digest = hashlib.sha256(read_bytes(f)).hexdigest()
        except OSError as exc:
            raise UsageError(f"{f}: cannot read: {exc.strerror or exc}") from None
        reports.append((check(SubmissionFile(f)), digest))
    refs = {r.standard for r, _ in reports if r.standard}
    first = sorted(refs)[0] if refs else None
    plan = SITE_URL
    if first is not None:
        sid, _, version = first.partition("@")
        plan = SITE_URL + paths.url(paths.version(sid, version))
    return _dump(assessment_results(reports, when=when, plan_href=plan, version=VERSION))

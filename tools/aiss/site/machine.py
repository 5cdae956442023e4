"""Machine-readable files: registry.json, requirements.csv, downloads, and the JSON Schemas."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import orjson

from aiss.catalog.contracts import (
    IndexFileOut,
    IndexIssuersOut,
    IndexStandardOut,
    IndexVersionOut,
    RegistryIndexOut,
)
from aiss.registry import Entry, sha256_bytes
from aiss.site import paths
from aiss.site.view import RELEASED, SiteView

REGISTRY_FORMAT = "1.2.0"
"""Version of the registry.json layout (`schemas/registry.schema.json`); a breaking change
bumps the major number. 1.1.0 added `files`, each with its path and sha256; 1.2.0 `issuers`,
the issuers vocabulary with the organisations' public keys."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def source_bytes(entry: Entry) -> bytes:
    """The standard file as committed: its text, plus the byte-order mark if the file had one."""
    raw = entry.doc.text.encode("utf-8")
    if sha256_bytes(raw) != entry.sha256:
        bom = b"\xef\xbb\xbf" + raw
        if sha256_bytes(bom) == entry.sha256:
            return bom
    return raw


def standard_json(entry: Entry) -> bytes:
    """The version as JSON: the fields its file sets, dates as ISO strings."""
    return _json(entry.standard.model_dump(mode="json", exclude_unset=True))


def registry_json(site: SiteView) -> bytes:
    """Every public standard and version with status, title, pages, and each file with its
    path (relative to registry.json), address and sha256 (`schemas/registry.schema.json`)."""
    base = site.site_url

    def version(e: Entry) -> IndexVersionOut:
        s = e.standard
        yaml_path = paths.download(s.id, s.version, "yaml")
        json_path = paths.download(s.id, s.version, "json")
        files = [
            IndexFileOut(
                kind="yaml",
                path=yaml_path,
                url=paths.absolute(base, yaml_path),
                sha256=sha256_bytes(source_bytes(e)),
            ),
            IndexFileOut(
                kind="json",
                path=json_path,
                url=paths.absolute(base, json_path),
                sha256=sha256_bytes(standard_json(e)),
            ),
        ]
        return IndexVersionOut.model_validate(
            {
                "id": s.id,
                "version": s.version,
                "status": s.status.value,
                "title": s.title,
                "marking": s.marking.value,
                "sha256": e.sha256,
                "page": paths.absolute(base, paths.version(s.id, s.version)),
                "yaml": files[0].url,
                "json": files[1].url,
                "files": files,
            }
        )

    standards = []
    for view in site.standards:
        cur = view.current.standard
        latest = view.latest
        standards.append(
            IndexStandardOut(
                id=view.sid,
                title=cur.title,
                status=cur.status.value,
                latest=latest.standard.version if latest else None,
                risk_domains=list(cur.risk_domains),
                issuers=list(cur.issuers),
                page=paths.absolute(base, paths.overview(view.sid)),
                latest_url=paths.absolute(base, paths.latest(view.sid)),
                versions=[version(e) for e in view.versions],
            )
        )
    issuers = None
    if (raw := issuers_json(site)) is not None:
        issuers = IndexIssuersOut(
            path=paths.ISSUERS_JSON,
            url=paths.absolute(base, paths.ISSUERS_JSON),
            sha256=sha256_bytes(raw),
        )
    index = RegistryIndexOut(
        format=REGISTRY_FORMAT, site_url=base, standards=standards, issuers=issuers
    )
    return _json(index.model_dump(mode="json", by_alias=True))


def _cell(value: str) -> str:
    """Contributor text in a CSV cell; a leading `'` stops spreadsheets running it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def requirements_csv(site: SiteView) -> bytes:
    """One row per requirement of every published (or deprecated) version, RFC 4180 CSV."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "standard",
            "version",
            "status",
            "requirement",
            "level",
            "category",
            "title",
            "text",
            "check",
            "retired_in",
            "url",
        ]
    )
    for view in site.standards:
        for e in view.versions:
            s = e.standard
            if s.status not in RELEASED:
                continue
            page = paths.absolute(site.site_url, paths.version(s.id, s.version))
            for r in s.requirements:
                w.writerow(
                    [
                        s.id,
                        s.version,
                        s.status.value,
                        r.id,
                        r.level.value,
                        r.category,
                        _cell(r.title),
                        _cell(" ".join(r.text.split())),
                        r.check.type,
                        r.retired_in or "",
                        f"{page}#{r.id}",
                    ]
                )
    return out.getvalue().encode("utf-8")


def issuers_json(site: SiteView) -> bytes | None:
    """The issuers vocabulary as JSON (its organisations and their public keys), if any."""
    vocab = site.vocabularies.get("issuers")
    return _json(vocab.model_dump(mode="json", exclude_none=True)) if vocab else None


def data_files(site: SiteView, schema_files: Mapping[str, str]) -> dict[str, bytes]:
    """Path -> bytes of every machine-readable file of the site, the JSON Schemas served at
    their `$id` URLs among them."""
    files: dict[str, bytes] = {
        paths.REGISTRY_JSON: registry_json(site),
        paths.REQUIREMENTS_CSV: requirements_csv(site),
    }
    if (issuers := issuers_json(site)) is not None:
        files[paths.ISSUERS_JSON] = issuers
    for name, text in schema_files.items():
        files[paths.schema(name)] = text.encode("utf-8")
    for view in site.standards:
        for e in view.versions:
            s = e.standard
            files[paths.download(s.id, s.version, "yaml")] = source_bytes(e)
            files[paths.download(s.id, s.version, "json")] = standard_json(e)
    return files

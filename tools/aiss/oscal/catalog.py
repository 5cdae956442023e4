"""A standard version -> an OSCAL catalog: each requirement a control (its text the statement,
its level, category and check type props), grouped by category; the procedures, metrics and
references as back-matter resources."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from aiss.models.standard import Standard
from aiss.oscal import NS, OSCAL_VERSION


def oscal_uuid(*parts: str) -> str:
    """A version 5 UUID of `parts`: stable for the same document."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "aiss:oscal:" + ":".join(parts)))


def timestamp(day: dt.date | None) -> str:
    """An OSCAL date-time (with a time zone) for a day, midnight UTC."""
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _last_modified(std: Standard) -> dt.date | None:
    dates = [h.date for h in std.status_history] + [c.date for c in std.changelog if c.date]
    return max(dates) if dates else None


def group_id(category: str) -> str:
    return f"cat-{category}".replace("_", "-")


def catalog(std: Standard, *, sha256: str, url: str) -> dict[str, Any]:
    """The OSCAL catalog of one standard version (`{"catalog": {...}}`)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for req in std.requirements:
        control = {
            "id": req.id,
            "title": req.title,
            "props": [
                {"name": "label", "value": req.id},
                {"name": "level", "ns": NS, "value": req.level.value.replace(" ", "_")},
                {"name": "check-type", "ns": NS, "value": req.check.type},
            ],
            "parts": [{"id": f"{req.id}_smt", "name": "statement", "prose": req.text}],
        }
        groups.setdefault(req.category, []).append(control)
    resources = [
        {
            "uuid": oscal_uuid(std.ref, "source"),
            "title": f"{std.id} {std.version} (standard.yaml)",
            "description": std.summary,
            "rlinks": [{"href": url, "hashes": [{"algorithm": "SHA-256", "value": sha256}]}],
        }
    ]
    for ref in std.references:
        entry: dict[str, Any] = {"uuid": oscal_uuid(std.ref, "ref", ref.id), "title": ref.title}
        if ref.url:
            entry["rlinks"] = [{"href": ref.url}]
        resources.append(entry)
    return {
        "catalog": {
            "uuid": oscal_uuid(std.ref, sha256),
            "metadata": {
                "title": f"{std.id} {std.version}: {std.title}",
                "last-modified": timestamp(_last_modified(std)),
                "version": std.version,
                "oscal-version": OSCAL_VERSION,
                "props": [
                    {"name": "marking", "ns": NS, "value": std.marking.value.replace(":", "-")},
                    {"name": "status", "ns": NS, "value": std.status.value},
                ],
            },
            "groups": [
                {"id": group_id(cat), "title": cat.replace("_", " ").capitalize(), "controls": cs}
                for cat, cs in groups.items()
            ],
            "back-matter": {"resources": resources},
        }
    }

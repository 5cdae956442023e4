"""The registry as the site shows it: public versions grouped by standard, with vocabulary names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from aiss.models import SemVer, Standard, Status, Vocabulary
from aiss.registry import Entry

RELEASED = frozenset({Status.PUBLISHED, Status.DEPRECATED})
"""Statuses of versions that were published (the same set `Registry.latest` uses)."""


@dataclass(frozen=True)
class StandardView:
    """One standard: its public versions, oldest first, and the newest published one."""

    sid: str
    versions: tuple[Entry, ...]

    @property
    def latest(self) -> Entry | None:
        released = [e for e in self.versions if e.standard.status in RELEASED]
        return released[-1] if released else None

    @property
    def current(self) -> Entry:
        """The version the catalog describes: the latest published, else the newest."""
        return self.latest or self.versions[-1]

    def newer_released(self, entry: Entry) -> Entry | None:
        """The newest published version above `entry`, if there is one."""
        here = SemVer.parse(entry.standard.version)
        latest = self.latest
        if latest and SemVer.parse(latest.standard.version) > here:
            return latest
        return None


@dataclass(frozen=True)
class SiteView:
    """Everything the page renderers read; built once by `pages.render_site`."""

    standards: tuple[StandardView, ...]
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict)
    site_url: str = "https://aiss.example.org/"
    index: dict[tuple[str, str], Entry] = field(default_factory=dict, compare=False, repr=False)
    """(id, version) -> entry, filled on the first lookup (and shared by `recording`)."""
    reads: dict[str, str | None] | None = field(default=None, compare=False, repr=False)
    """When set, every version looked up: `ID@version` -> the sha256 of its file, or None
    when it is not on the site (what a cached page depends on beyond its own standard)."""

    def _indexed(self) -> dict[tuple[str, str], Entry]:
        if not self.index:
            self.index.update(
                ((v.sid, e.standard.version), e) for v in self.standards for e in v.versions
            )
        return self.index

    def entry(self, sid: str, version: str) -> Entry | None:
        found = self._indexed().get((sid, version))
        if self.reads is not None:
            self.reads[f"{sid}@{version}"] = found.sha256 if found else None
        return found

    def recording(self) -> SiteView:
        """The same view, noting every version looked up in its `reads`."""
        return SiteView(self.standards, self.vocabularies, self.site_url, self._indexed(), {})

    def resolve(self, ref: str) -> Entry | None:
        sid, _, version = ref.partition("@")
        return self.entry(sid, version)

    def name(self, vocabulary: str, code: str) -> str:
        """Display name of a vocabulary code (the code itself when unknown)."""
        vocab = self.vocabularies.get(vocabulary)
        if vocab:
            for term in vocab.terms:
                if term.code == code:
                    return term.name
        return code


def group(entries: list[Entry]) -> tuple[StandardView, ...]:
    """Entries (any order) -> one view per standard id, ids sorted, versions in SemVer order."""
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.standard.id, []).append(e)
    return tuple(
        StandardView(sid, tuple(sorted(v, key=lambda e: SemVer.parse(e.standard.version))))
        for sid, v in sorted(by_id.items())
    )


def status_date(std: Standard) -> dt.date:
    """When the version entered its current status."""
    return std.status_history[-1].date


def published_date(std: Standard) -> dt.date | None:
    """When the version was first published."""
    return next((e.date for e in std.status_history if e.status is Status.PUBLISHED), None)

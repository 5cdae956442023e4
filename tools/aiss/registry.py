"""The registry: every standard version and vocabulary under a `standards/` folder, immutable,
and the example submissions (test vectors) a version keeps beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aiss.models import SemVer, Standard, Status, Vocabulary
from aiss.source import SourceDocument


@dataclass(frozen=True)
class Facts:
    """What the whole-registry checks read of every version on every run (its id, version,
    lifecycle, changelog and content digest), so that an unchanged version's model need not
    be built again from the cache to be checked."""

    id: str
    version: str
    status: Status
    published_on: tuple[dt.date, ...] = ()
    """Dates of the `published` events of its status history."""
    empty_changelog: int | None = None
    """Index of this version's own changelog entry when that entry lists no changes."""
    content_digest: str | None = None
    """The digest `registry.lock` keeps (`versions.canonical.frozen_digest`); None when the
    data has no canonical form (or, without `digested`, when it was not computed)."""
    digested: bool = False
    requirements: tuple[str, ...] = ()
    """The ids of its requirements, in the file's order (the approvals file names them)."""
    issuers: tuple[str, ...] = ()
    """Its issuing organisations, in the file's order."""
    supersedes: str | None = None
    """The version it declares it supersedes (`ID@version`), if any."""

    @classmethod
    def of(cls, std: Standard, content_digest: str | None, *, digested: bool = True) -> Facts:
        own = [i for i, c in enumerate(std.changelog) if c.version == std.version]
        empty = own[0] if own and not std.changelog[own[0]].changes else None
        return cls(
            std.id,
            std.version,
            std.status,
            tuple(ev.date for ev in std.status_history if ev.status is Status.PUBLISHED),
            empty,
            content_digest,
            digested,
            tuple(r.id for r in std.requirements),
            tuple(std.issuers),
            std.supersedes,
        )


class Entry:
    """One loaded standard version: the model, its source document, the file's digest and the
    facts the registry checks read. The model may be built only when first asked for
    (`make`), as for a version read from the cache; such a model can be let go (`release`)
    and is built again when next asked for."""

    __slots__ = ("_make", "_standard", "doc", "facts", "path", "sha256")

    def __init__(
        self,
        standard: Standard | None,
        doc: SourceDocument,
        path: Path,
        sha256: str,
        *,
        facts: Facts | None = None,
        make: Callable[[], Standard] | None = None,
    ) -> None:
        assert standard is not None or (make is not None and facts is not None)
        self._standard, self._make = standard, make
        self.doc, self.path, self.sha256 = doc, path, sha256
        self.facts = facts if facts is not None else Facts.of(self.standard, None, digested=False)

    @property
    def standard(self) -> Standard:
        if self._standard is None:
            assert self._make is not None
            self._standard = self._make()
        return self._standard

    def release(self) -> None:
        """Let go of a model built by `make` (one given at the start is kept): the examples
        pass checks the examples of one version after another, and a registry's worth of
        models held to the end would make its memory grow with the registry."""
        if self._make is not None:
            self._standard = None

    @property
    def ref(self) -> str:
        return f"{self.facts.id}@{self.facts.version}"

    def __repr__(self) -> str:
        return f"Entry({self.ref}, {self.path})"


@dataclass(frozen=True)
class Example:
    """One example submission of a standard version, as the site shows it."""

    path: Path
    name: str
    """File name without `.yaml`, e.g. `conformant`."""
    expected_verdict: str | None
    """The overall verdict the example declares; None when it declares none (an error)."""
    description: str | None
    marking: str | None
    """The example file's own TLP marking (`marking.tlp`), which decides for the whole file;
    None when it carries none."""
    embargo_until: dt.date | None = None
    """Not to be published before this date, whatever the marking."""
    raw: bytes = b""
    """What a public example is offered as for download: the file's bytes, or, when parts
    were left out (`left_out`), the file without them."""
    withheld: str | None = None
    """Why the example is never published, whatever its marking (validation errors, a file
    name that is not plain, a link out of the registry); None when nothing but its marking
    and embargo decide."""
    left_out: tuple[str, ...] = ()
    """Parts marked other than TLP:CLEAR, left out of what is published (`path (label)`)."""

    def not_public(self, today: dt.date) -> str | None:
        """Why the public site may not show the example; None when it may: every part that
        would be published is TLP:CLEAR, it is past any embargo and it validated clean."""
        if self.withheld:
            return self.withheld
        if self.marking not in ("TLP:CLEAR", "TLP:WHITE"):
            return f"marked {self.marking}" if self.marking else "not marked"
        if self.embargo_until is not None and self.embargo_until > today:
            return "under embargo"
        return None

    def public(self, today: dt.date) -> bool:
        """The only examples the public site may show (`not_public` says why not)."""
        return self.not_public(today) is None


@dataclass(frozen=True)
class Registry:
    """Standards by (id, version) plus vocabularies by name. Build with `load_registry`."""

    root: Path
    entries: Mapping[tuple[str, str], Entry] = field(default_factory=dict)
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict)

    def ids(self) -> list[str]:
        return sorted({sid for sid, _ in self.entries})

    def get(self, sid: str, version: str) -> Entry | None:
        return self.entries.get((sid, version))

    def versions(self, sid: str) -> list[Entry]:
        """Every version of `sid`, oldest first (SemVer order)."""
        return list(self._by_id().get(sid, ()))

    def _by_id(self) -> dict[str, tuple[Entry, ...]]:
        """Versions grouped by id, sorted once (the registry is immutable)."""
        cached: dict[str, tuple[Entry, ...]] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            groups: dict[str, list[Entry]] = {}
            for (sid, _), e in self.entries.items():
                groups.setdefault(sid, []).append(e)
            cached = {
                sid: tuple(sorted(es, key=lambda e: SemVer.parse(e.facts.version)))
                for sid, es in groups.items()
            }
            object.__setattr__(self, "_by_id_cache", cached)
        return cached

    def latest(self, sid: str, *, published_only: bool = True) -> Entry | None:
        ok = {Status.PUBLISHED, Status.DEPRECATED} if published_only else set(Status)
        found = [e for e in self.versions(sid) if e.facts.status in ok]
        return found[-1] if found else None

    def __iter__(self) -> Iterator[Entry]:
        for key in sorted(self.entries, key=lambda k: (k[0], SemVer.parse(k[1]))):
            yield self.entries[key]

    def terms(self, name: str) -> dict[str, str]:
        vocab = self.vocabularies.get(name)
        return {t.code: t.name for t in vocab.terms} if vocab else {}

    def resolve(self, ref: str) -> Entry | None:
        """`ID@version` -> entry; `ID@latest` -> the newest published version."""
        sid, _, version = ref.partition("@")
        if version == "latest":
            return self.latest(sid)
        return self.get(sid, version)


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()

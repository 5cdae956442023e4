"""A published registry as a source of standards: the built site (served anywhere, or a folder
holding it) read through its `registry.json`, each version file verified against the sha256
the index lists for it, and cached so that later runs (and offline CI) need no network.

    PublishedRegistry.at(location) -> get(id, version) -> Entry   (the `Standards` protocol)

The cache (`aiss.loading.cache_dir()`, documented in the evaluator guide) holds the last index
read from each address and the version files by their sha256. Every file is verified again
when it is read back, so a corrupt or altered cache entry is ignored and fetched anew; writes
are atomic, so two runs at once never see half a file.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from aiss.atomic import write_atomic
from aiss.catalog.contracts import (
    IndexFileOut,
    IndexIssuersOut,
    IndexVersionOut,
    RegistryIndexOut,
)
from aiss.compose.tables import KINDS
from aiss.errors import UsageError
from aiss.loading import cache_dir, fetch, is_url, read_file
from aiss.models.standard import Standard
from aiss.models.vocabulary import Vocabulary
from aiss.registry import Entry, sha256_bytes
from aiss.source import DEFAULT_LIMITS, Limits, parse_json, parse_yaml
from aiss.validation.document import check_document

INDEX = "registry.json"
INDEX_MAX_BYTES = 64 << 20
"""A registry index larger than this is refused (thousands of versions fit in a few MB)."""


def index_address(location: str) -> str:
    """The address (or path) of a registry's index: `location` itself when it names
    `registry.json`, else `registry.json` inside it."""
    if location.rstrip("/").endswith("/" + INDEX) or location == INDEX:
        return location
    if is_url(location):
        return location.rstrip("/") + "/" + INDEX
    return str(Path(location) / INDEX)


def _key(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]


@dataclass
class PublishedRegistry:
    """The standards of a published registry (an address, or a folder holding a built site)."""

    address: str
    """The index's address (`.../registry.json`) or path."""
    index: RegistryIndexOut
    cache: Path
    limits: Limits = DEFAULT_LIMITS
    from_cache: bool = False
    """The index could not be read from `address` and the cached copy was used."""
    _entries: dict[tuple[str, str], Entry | None] = field(default_factory=dict)

    @classmethod
    def at(
        cls, location: str, *, cache: Path | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> PublishedRegistry:
        """Read the index at `location`; when it cannot be read, its cached copy (offline
        runs after `aiss registry fetch`), else UsageError."""
        address = index_address(location)
        cache = cache or cache_dir()
        cached = cache / "registries" / _key(address) / INDEX
        try:
            raw = _read(address, INDEX_MAX_BYTES)
        except UsageError as exc:
            found = read_file(cached, max_bytes=INDEX_MAX_BYTES).raw if cached.is_file() else None
            if found is None:
                raise UsageError(f"{exc}; no cached copy (aiss registry fetch makes one)") from None
            return cls(address, _parse_index(address, found), cache, limits, from_cache=True)
        index = _parse_index(address, raw)
        write_atomic(cached, raw)
        return cls(address, index, cache, limits)

    def versions(self) -> list[IndexVersionOut]:
        """Every version the index lists, by id then in the index's order (oldest first)."""
        return [v for s in self.index.standards for v in s.versions]

    def get(self, sid: str, version: str) -> Entry | None:
        key = (sid, version)
        if key not in self._entries:
            listed = next(
                (v for v in self.versions() if (v.id, v.version) == key),
                None,
            )
            self._entries[key] = self._load(listed) if listed is not None else None
        return self._entries[key]

    def unusable(self, sid: str, version: str) -> str | None:
        """Never: a listed file that cannot be used (its digest differs, it does not
        validate) stops the command with the reason instead."""
        return None

    def latest(self, sid: str) -> Entry | None:
        """The newest published version of `sid`, as the index names it."""
        std = next((s for s in self.index.standards if s.id == sid), None)
        return self.get(sid, std.latest) if std and std.latest else None

    def refs(self) -> list[str]:
        """Every `ID@version` the index lists."""
        return sorted(f"{v.id}@{v.version}" for v in self.versions())

    def resolve(self, ref: str) -> Entry:
        """`ID@VERSION` (or `ID@latest`) -> the entry; a usage error when there is none."""
        sid, _, version = ref.partition("@")
        if version == "latest":
            std = next((s for s in self.index.standards if s.id == sid), None)
            version = (std.latest or "") if std else ""
        entry = self.get(sid, version) if version else None
        if entry is None:
            known = ", ".join(f"{v.id}@{v.version}" for v in self.versions() if v.id == sid)
            raise UsageError(
                f"{ref}: no such standard version in {self.address}"
                + (f" (known: {known})" if known else " (expected ID@VERSION)")
            )
        return entry

    def fetch_all(self) -> list[Entry]:
        """Every version of the index, fetched, verified and cached (`aiss registry fetch`)."""
        out = []
        for v in self.versions():
            entry = self.get(v.id, v.version)
            assert entry is not None
            out.append(entry)
        return out

    def _load(self, listed: IndexVersionOut) -> Entry:
        file = next((f for f in listed.files if f.kind == "yaml"), None)
        if file is None or file.sha256 != listed.sha256:
            raise UsageError(
                f"{self.address}: {listed.id}@{listed.version} lists no YAML file with its sha256"
            )
        raw, where = self._file(file)
        ref = f"{listed.id}@{listed.version}"
        checked = check_document(parse_yaml(self._display(file), raw, self.limits), KINDS)
        std = checked.model
        if not isinstance(std, Standard):
            raise UsageError(f"{ref} from {self._display(file)} does not validate as a standard")
        if (std.id, std.version) != (listed.id, listed.version):
            raise UsageError(f"{self._display(file)} holds {std.ref}, but the index says {ref}")
        return Entry(std, checked.doc, where, file.sha256)

    def issuers(self) -> Vocabulary | None:
        """The issuers vocabulary the index lists (organisations and their public keys),
        verified against its sha256; None when the index lists none."""
        listed = self.index.issuers
        if listed is None:
            return None
        raw, _ = self._file(listed)
        shown = self._display(listed)
        checked = check_document(parse_json(shown, raw, self.limits), KINDS)
        if not isinstance(checked.model, Vocabulary) or checked.model.name != "issuers":
            raise UsageError(f"{shown} does not validate as the issuers vocabulary")
        return checked.model

    def _file(self, file: IndexFileOut | IndexIssuersOut) -> tuple[bytes, Path]:
        """The bytes of a listed file, verified: from the cache when it holds them intact,
        else fetched (and then cached)."""
        kind = file.kind if isinstance(file, IndexFileOut) else "issuers.json"
        cached = self.cache / "files" / f"{file.sha256}.{kind}"
        if cached.is_file():
            got = read_file(cached, max_bytes=self.limits.max_bytes).raw
            if got is not None and sha256_bytes(got) == file.sha256:
                return got, cached
        shown = self._display(file)
        raw = _read(shown, self.limits.max_bytes, confine=self._folder())
        digest = sha256_bytes(raw)
        if digest != file.sha256:
            raise UsageError(
                f"{shown} has sha256 {digest}, but {self.address} lists {file.sha256}; "
                "the file was not used"
            )
        write_atomic(cached, raw)
        return raw, cached

    def _folder(self) -> Path | None:
        return None if is_url(self.address) else Path(self.address).parent

    def _display(self, file: IndexFileOut | IndexIssuersOut) -> str:
        """Where a listed file is: its path resolved against the index's address."""
        if is_url(self.address):
            return urllib.parse.urljoin(self.address, file.path)
        return str(Path(self.address).parent / file.path)


def _read(address: str, max_bytes: int, *, confine: Path | None = None) -> bytes:
    if is_url(address):
        return fetch(address, max_bytes=max_bytes)
    rf = read_file(Path(address), confine_to=confine, max_bytes=max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        raise UsageError(rf.problem.message)
    return rf.raw


def _parse_index(address: str, raw: bytes) -> RegistryIndexOut:
    try:
        return RegistryIndexOut.model_validate_json(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "(top)"
        raise UsageError(
            f"{address} is not a registry index (schemas/registry.schema.json): "
            f"{where}: {first['msg']}"
        ) from None

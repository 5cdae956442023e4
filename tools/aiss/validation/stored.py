"""A checked file as the cache keeps it, and as it comes back: diagnostics, facts and data.

What is stored of a file is what the rest of a run reads of it: the diagnostics of its own
checks (document pass and rules, apart), its kind and whether its model was valid, the TLP
label CI output names it by, a standard's registry facts (`registry.Facts`), the existing
versions its rules looked up (a later run trusts the entry only while those versions are
the same), and its data (the document after its pass) as JSON. A file read back is a
`Checked` whose data, text and model are built only when something asks for them: an
unchanged registry is checked from the facts and diagnostics alone.

The data is stored only when JSON gives it back exactly (integers beyond 64 bits, NaN and
infinity do not survive JSON: such a file is simply checked again next time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from pydantic import BaseModel

from aiss.diagnostics import Diagnostic, Location, Severity
from aiss.models import Status
from aiss.registry import Facts
from aiss.source import SourceDocument
from aiss.validation.document import Checked, DocumentKind

STORE_VERSION = 2


def dump_diagnostics(diags: list[Diagnostic]) -> list[list[Any]]:
    return [
        [
            d.path,
            d.line,
            d.column,
            d.json_path,
            d.code,
            d.message,
            d.severity.value,
            d.hint,
            list(d.related),
        ]
        for d in diags
    ]


def load_diagnostics(rows: list[list[Any]]) -> list[Diagnostic]:
    return [
        Diagnostic(
            Location(path, line, column, json_path),
            code,
            message,
            Severity(severity),
            hint,
            tuple(related),
        )
        for path, line, column, json_path, code, message, severity, hint, related in rows
    ]


def dump_facts(f: Facts | None) -> list[Any] | None:
    if f is None:
        return None
    days = [d.isoformat() for d in f.published_on]
    return [
        f.id,
        f.version,
        f.status.value,
        days,
        f.empty_changelog,
        f.content_digest,
        list(f.requirements),
        list(f.issuers),
        f.supersedes,
    ]


def load_facts(row: list[Any] | None) -> Facts | None:
    if row is None:
        return None
    sid, version, status, days, empty, digest, requirements, issuers, supersedes = row
    published = tuple(dt.date.fromisoformat(d) for d in days)
    return Facts(
        sid,
        version,
        Status(status),
        published,
        empty,
        digest,
        True,
        tuple(str(r) for r in requirements),
        tuple(str(o) for o in issuers),
        None if supersedes is None else str(supersedes),
    )


_PLAIN = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_PLAIN |= orjson.OPT_PASSTHROUGH_SUBCLASS
"""orjson refuses dates, dataclasses and subclasses of str, int, dict and list (which JSON
would give back as other types) rather than write them."""


def exact_json(data: Any) -> bytes | None:
    """`data` (a parser's: dicts, lists, text, numbers, booleans, None) as JSON when JSON gives
    it back exactly; None otherwise. orjson refuses what it cannot write exactly (integers
    beyond 64 bits, keys that are not text, lone surrogates, `_PLAIN`) and writes NaN and
    infinity as `null`: JSON without `null` anywhere gives the data back, and only JSON with
    it (rare in a registry) is parsed again and compared."""
    try:
        blob = orjson.dumps(data, option=_PLAIN)
    except (TypeError, orjson.JSONEncodeError):
        return None
    if b"null" not in blob:
        return blob
    return blob if orjson.loads(blob) == data else None


class LazyDocument(SourceDocument):
    """A document read back from the cache: its data is parsed from the stored JSON, and its
    text read again from the file, only when asked for (positions are composed from the text,
    as for any detached document). The stored JSON is held (`data_blob`), or, where the cache
    holds it, read back from there when asked for (`data_of`): a registry's worth of data
    held to the end of a run would make its memory grow with the registry."""

    __slots__ = ("_data", "_data_blob", "_data_of", "_text", "_text_of")

    def __init__(
        self,
        path: str,
        data_blob: bytes | Callable[[], bytes],
        text_of: Callable[[], str],
        diagnostics: list[Diagnostic],
        positions: Any,
    ) -> None:
        super().__init__(path, None, "", diagnostics, positions)
        self._data_blob: bytes | None = None
        self._data_of: Callable[[], bytes] | None = None
        if isinstance(data_blob, bytes):
            self._data_blob = data_blob
        else:
            self._data_of = data_blob
        self._text_of: Callable[[], str] | None = text_of

    def _blob(self) -> bytes | None:
        if self._data_blob is not None:
            return self._data_blob
        return self._data_of() if self._data_of is not None else None

    @property
    def data(self) -> Any:
        blob = self._blob()
        if blob is not None:
            self._data, self._data_blob, self._data_of = orjson.loads(blob), None, None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._data_blob, self._data_of = value, None, None

    def fresh_data(self) -> Any:
        """The data, parsed again from the stored JSON and not kept, when it has not been
        parsed yet (else the data parsed)."""
        blob = self._blob()
        return orjson.loads(blob) if blob is not None else self._data

    @property
    def text(self) -> str:
        if self._text_of is not None:
            self._text, self._text_of = self._text_of(), None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._text_of = value, None


class StoredChecked(Checked):
    """A `Checked` read back from the cache: the model is validated again from the data only
    when asked for (the stored data is the data it was validated from)."""

    def __init__(
        self,
        doc: SourceDocument,
        kind: DocumentKind | None,
        valid: bool,
        diagnostics: list[Diagnostic],
        restricted: str | None,
    ) -> None:
        self._valid = valid
        self._model: BaseModel | None = None
        super().__init__(doc, kind, None, diagnostics, restricted)

    @property
    def model(self) -> BaseModel | None:
        if self._model is None and self._valid and self.kind is not None:
            self._model = self.kind.model.model_validate(self.doc.data)
        return self._model

    @model.setter
    def model(self, value: BaseModel | None) -> None:
        self._model = value
        self._valid = self._valid or value is not None

    def fresh_model(self) -> BaseModel | None:
        """`model`, validated again and not kept (nor the data parsed for it), unless it has
        been made already: for a holder that lets it go when done with it."""
        if self._model is not None or not self._valid or self.kind is None:
            return self.model
        doc = self.doc
        data = doc.fresh_data() if isinstance(doc, LazyDocument) else doc.data
        return self.kind.model.model_validate(data)


def versions_by_id(existing: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    """Id -> its versions in `existing`, sorted."""
    out: dict[str, list[str]] = {}
    for sid, version in existing:
        out.setdefault(sid, []).append(version)
    return {sid: sorted(vs) for sid, vs in out.items()}


def versions_seen(by_id: dict[str, list[str]], ids: Iterable[str]) -> dict[str, list[str]]:
    """Id -> the versions of it there are (`versions_by_id`), for the ids a rule looked up:
    what its result depended on."""
    return {sid: by_id.get(sid, []) for sid in sorted(ids)}

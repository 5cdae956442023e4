"""One document through the model and the JSON Schema: errors become positioned diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from aiss.diagnostics import Diagnostic, Severity
from aiss.models.common import SCHEMA_VERSION, SemVer
from aiss.source import SourceDocument, gc_paused
from aiss.validation.marking import restriction
from aiss.validation.model_errors import did_you_mean, model_diagnostics, type_name
from aiss.validation.schema_pass import validator

KindCheck = Callable[["SourceDocument", "DocumentKind", list[Diagnostic]], "Checked"]
"""A kind's own document pass, run instead of `model_pass` (result submissions take their
sample records out and normalise their markings first)."""


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its `kind` value, model, schema file, the rules run on each document
    of the kind, and (optionally) its own document pass. Tables of kinds are built by the
    composition layer (`aiss.compose.tables`) and passed in; nothing here holds one."""

    kind: str
    model: type[BaseModel]
    schema_name: str
    rules: tuple[type[Any], ...] = ()
    """Rule classes (`aiss.validation.rules.base.Rule`) run on every valid document of the kind."""
    check: KindCheck | None = None
    digest: Callable[[Any], str | None] | None = None
    """The content digest of a valid document's data, computed once per file (a standard's
    frozen digest, which `registry.lock` keeps)."""


Kinds = Mapping[str, DocumentKind]
"""Document kinds by their `kind` value."""


@dataclass
class Checked:
    """A document after the schema and model passes."""

    doc: SourceDocument
    kind: DocumentKind | None
    model: BaseModel | None
    diagnostics: list[Diagnostic]
    restricted: str | None = None
    """`ID@version (TLP:...)` when the document is marked other than TLP:CLEAR, as CI output
    names it without quoting it (set by the per-file pass, `aiss.validation.marking`)."""

    def __getstate__(self) -> dict[str, Any]:
        """Sent from a worker without the model: validating the data again costs less than
        pickling the model (and gives the same model, the data being what it was built from)."""
        state = dict(self.__dict__)
        state["model"] = self.model is not None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        has_model = state.pop("model")
        self.__dict__.update(state)
        kind = self.kind
        self.model = kind.model.model_validate(self.doc.data) if has_model and kind else None


def check_document(doc: SourceDocument, kinds: Kinds) -> Checked:
    """Kind dispatch, schema_version gate, then the kind's pass (by default `model_pass`);
    the result knows how CI output may name the document (`restricted`)."""
    checked = _check_document(doc, kinds)
    checked.restricted = restriction(checked.doc)
    return checked


def _check_document(doc: SourceDocument, kinds: Kinds) -> Checked:
    diags = list(doc.diagnostics)
    data = doc.data
    if data is None and any(d.is_error for d in diags):
        return Checked(doc, None, None, diags)
    if not isinstance(data, dict):
        diags.append(
            doc.diagnostic(
                (), "not-a-mapping", f"the document must be a mapping, not {type_name(data)}"
            )
        )
        return Checked(doc, None, None, diags)
    kind_name = data.get("kind")
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        hint = did_you_mean(str(kind_name), list(kinds)) if kind_name else None
        diags.append(
            doc.diagnostic(
                ("kind",),
                "unknown-kind",
                f"unknown document kind {kind_name!r}"
                if kind_name
                else "the document has no `kind`",
                hint=hint or f"one of: {', '.join(kinds)}",
            )
        )
        return Checked(doc, None, None, diags)
    sv = data.get("schema_version")
    if isinstance(sv, str) and SemVer.is_valid(sv):
        mine = SemVer.parse(SCHEMA_VERSION)
        theirs = SemVer.parse(sv)
        if theirs.major != mine.major or theirs > mine:
            diags.append(
                doc.diagnostic(
                    ("schema_version",),
                    "unsupported-schema-version",
                    f"schema_version {sv} is not supported; this aiss reads "
                    f"{mine.major}.x up to {SCHEMA_VERSION}",
                    hint="upgrade aiss" if theirs > mine else None,
                )
            )
            return Checked(doc, kind, None, diags)
    if data.get("marking") == "TLP:WHITE":
        data["marking"] = "TLP:CLEAR"
        diags.append(
            doc.diagnostic(
                ("marking",),
                "tlp-white",
                "TLP:WHITE is a TLP 1.0 label; read as TLP:CLEAR",
                severity=Severity.WARNING,
                hint="write `TLP:CLEAR`",
            )
        )
    return (kind.check or model_pass)(doc, kind, diags)


def model_pass(doc: SourceDocument, kind: DocumentKind, diags: list[Diagnostic]) -> Checked:
    """The pydantic model, then the JSON Schema as a cross-check, on a mapping of `kind`."""
    data = doc.data
    try:
        with gc_paused():
            model = kind.model.model_validate(data)
    except ValidationError as exc:
        diags.extend(model_diagnostics(doc, kind.model, data, exc))
        return Checked(doc, kind, None, diags)
    compiled = validator(kind.model, kind.schema_name)
    if not compiled.is_valid(data):
        for err in compiled.iter_errors(data):
            loc = tuple(err.instance_path)
            diags.append(
                doc.diagnostic(
                    loc, "schema-mismatch", f"{err.message} (JSON Schema {kind.schema_name})"
                )
            )
    return Checked(doc, kind, model, diags)

"""One document through the model and the JSON Schema: errors become positioned diagnostics."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from aiss.diagnostics import Diagnostic, Severity
from aiss.models.common import SCHEMA_VERSION, SemVer
from aiss.source import SourceDocument, gc_paused
from aiss.validation.model_errors import did_you_mean, model_diagnostics, type_name
from aiss.validation.schema_pass import validator

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its `kind` value, model and schema file."""

    kind: str
    model: type[BaseModel]
    schema_name: str


def _kinds() -> dict[str, DocumentKind]:
    from aiss.models import Standard, Vocabulary
    from aiss.models.submission import ResultSubmission

    kinds = [
        DocumentKind("Standard", Standard, "standard.schema.json"),
        DocumentKind("Vocabulary", Vocabulary, "vocabulary.schema.json"),
        DocumentKind("ResultSubmission", ResultSubmission, "submission.schema.json"),
    ]
    return {k.kind: k for k in kinds}


KINDS = _kinds()


@dataclass
class Checked:
    """A document after the schema and model passes."""

    doc: SourceDocument
    kind: DocumentKind | None
    model: BaseModel | None
    diagnostics: list[Diagnostic]


def check_document(doc: SourceDocument) -> Checked:
    """Kind dispatch, schema_version gate, pydantic model, then the JSON Schema cross-check."""
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
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        hint = did_you_mean(str(kind_name), list(KINDS)) if kind_name else None
        diags.append(
            doc.diagnostic(
                ("kind",),
                "unknown-kind",
                f"unknown document kind {kind_name!r}"
                if kind_name
                else "the document has no `kind`",
                hint=hint or f"one of: {', '.join(KINDS)}",
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
    if kind.kind == "ResultSubmission":  # nested markings; TLP:RED refused at intake
        from aiss.conformance.markings import normalise_markings

        diags.extend(normalise_markings(doc, data))
    try:
        with gc_paused():
            model = kind.model.model_validate(data)
    except ValidationError as exc:
        diags.extend(model_diagnostics(doc, kind.model, data, exc))
        return Checked(doc, kind, None, diags)
    compiled = validator(kind.schema_name)
    if not compiled.is_valid(data):
        for err in compiled.iter_errors(data):
            loc = tuple(err.instance_path)
            diags.append(
                doc.diagnostic(
                    loc, "schema-mismatch", f"{err.message} (JSON Schema {kind.schema_name})"
                )
            )
    return Checked(doc, kind, model, diags)

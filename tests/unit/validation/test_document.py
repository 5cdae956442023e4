"""The document pass takes its table of kinds as a parameter; nothing holds one globally."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from aiss.diagnostics import Diagnostic
from aiss.source import SourceDocument, parse_yaml
from aiss.validation.document import Checked, DocumentKind, check_document, model_pass


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    text: str


def test_only_the_kinds_given_are_known() -> None:
    doc = parse_yaml("n.yaml", b"kind: Note\ntext: hi\n")
    unknown = check_document(doc, {})
    assert [d.code for d in unknown.diagnostics] == ["unknown-kind"]
    calls: list[str] = []

    def own(d: SourceDocument, kind: DocumentKind, diags: list[Diagnostic]) -> Checked:
        calls.append(kind.kind)
        return model_pass(d, kind, diags)

    kinds = {"Note": DocumentKind("Note", Note, "standard.schema.json", check=own)}
    checked = check_document(doc, kinds)
    assert calls == ["Note"] and isinstance(checked.model, Note)


def test_an_unknown_kind_is_hinted_from_the_table() -> None:
    doc = parse_yaml("n.yaml", b"kind: Nte\ntext: hi\n")
    kinds = {"Note": DocumentKind("Note", Note, "standard.schema.json")}
    (d,) = check_document(doc, kinds).diagnostics
    assert d.code == "unknown-kind" and d.hint is not None and "Note" in d.hint

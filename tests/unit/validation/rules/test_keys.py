"""Rules on the keys of the issuers vocabulary, through `aiss validate`'s per-file pass."""

from __future__ import annotations

import shutil
from pathlib import Path

from aiss.compose.validate import validate
from aiss.signing.keys import generate_key, public_key_text

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "registry"


def _registry(tmp_path: Path, keys_yaml: str, vocab: str = "issuers") -> Path:
    root = tmp_path / "standards"
    shutil.copytree(FIXTURE, root)
    path = root / "vocabularies" / f"{vocab}.yaml"
    code = "test-institute" if vocab == "issuers" else "nist-ai-rmf"
    path.write_text(
        f'schema_version: "1.0.0"\nkind: Vocabulary\nname: {vocab}\ntitle: T\nterms:\n'
        f"  - code: {code}\n    name: N\n" + keys_yaml,
        encoding="utf-8",
    )
    return path


def _codes(path: Path) -> list[tuple[str, int]]:
    found = validate([path.parents[1]], root=path.parents[1])
    return [(d.code, d.line) for d in found.diagnostics if d.path.endswith(path.name)]


def test_well_formed_keys_are_clean(tmp_path: Path) -> None:
    k = generate_key()
    path = _registry(
        tmp_path,
        f"    keys:\n      - keyid: {k.keyid}\n        public_key: {public_key_text(k.public)}\n",
    )
    assert _codes(path) == []


def test_each_key_problem_is_reported_at_its_line(tmp_path: Path) -> None:
    a, b = generate_key(), generate_key()
    pa, pb = public_key_text(a.public), public_key_text(b.public)
    path = _registry(
        tmp_path,
        "    keys:\n"
        f"      - keyid: {a.keyid}\n        public_key: {pa}\n"
        f"      - keyid: {a.keyid}\n        public_key: {pb}\n"
        f"      - keyid: {b.keyid}\n        public_key: {'A' * 40}!!\n",
    )
    text = path.read_text(encoding="utf-8").splitlines()
    line_of = {i + 1: line for i, line in enumerate(text)}
    found = _codes(path)
    assert sorted(found, key=lambda f: f[1]) == found
    assert sorted(c for c, _ in found) == ["duplicate-key-id", "key-id-mismatch", "key-invalid"]
    where = {c: line_of[line].strip() for c, line in found}
    assert where["key-id-mismatch"] == where["duplicate-key-id"] == f"- keyid: {a.keyid}"
    assert where["key-invalid"].startswith("public_key: AAAA")


def test_keys_outside_the_issuers_vocabulary(tmp_path: Path) -> None:
    k = generate_key()
    path = _registry(
        tmp_path,
        f"    keys:\n      - keyid: {k.keyid}\n        public_key: {public_key_text(k.public)}\n",
        vocab="frameworks",
    )
    assert [c for c, _ in _codes(path)] == ["keys-outside-issuers"]

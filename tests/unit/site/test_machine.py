"""registry.json, requirements.csv, the downloads and the schemas the site serves."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest

from aiss.catalog import schemas
from aiss.compose.site import render
from aiss.compose.validate import load_registry
from aiss.models import Standard
from aiss.registry import Registry
from aiss.settings import SCHEMA_BASE_URL
from aiss.site import machine, render_site
from aiss.validation.schema_pass import validator
from tests.support.site_registry import build_registry


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return load_registry(build_registry(tmp_path_factory.mktemp("machine"))).the_registry()


def test_downloads_are_the_committed_file_and_valid_json(registry: Registry) -> None:
    site = render_site(registry)
    index = json.loads(site.files["registry.json"])
    compiled = validator(Standard, "standard.schema.json")
    for std in index["standards"]:
        for v in std["versions"]:
            base = f"standards/{v['id']}/{v['version']}/{v['id']}-{v['version']}"
            raw = site.files[base + ".yaml"]
            assert hashlib.sha256(raw).hexdigest() == v["sha256"]
            entry = registry.get(v["id"], v["version"])
            assert entry is not None
            assert raw == entry.path.read_bytes()
            assert compiled.is_valid(json.loads(site.files[base + ".json"]))


def test_byte_order_mark_is_kept_so_the_hash_matches(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    path = root / "AISS-TST-002" / "1.0.0" / "standard.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    registry = load_registry(root).the_registry()
    entry = registry.get("AISS-TST-002", "1.0.0")
    assert entry is not None
    assert machine.source_bytes(entry) == path.read_bytes()


def test_schemas_are_served_at_their_id(tmp_path: Path) -> None:
    site = render(load_registry(build_registry(tmp_path)), today=dt.date.min)
    for name in schemas.all_names():
        text = site.files[f"schemas/{name}"].decode()
        assert json.loads(text)["$id"] == SCHEMA_BASE_URL + name
        assert text == schemas.render(name)


def test_requirements_csv_lists_published_versions_only(registry: Registry) -> None:
    site = render_site(registry)
    rows = list(csv.DictReader(io.StringIO(site.files["requirements.csv"].decode())))
    assert {(r["standard"], r["version"]) for r in rows} == {
        ("AISS-TST-001", "1.0.0"),
        ("AISS-TST-001", "1.1.0"),
        ("AISS-TST-002", "1.0.0"),
    }
    assert all(r["url"].endswith("#" + r["requirement"]) for r in rows)


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_cells_never_start_a_formula(cell: str) -> None:
    assert machine._cell(cell) == "'" + cell
    assert machine._cell("plain") == "plain"


def test_registry_json_is_valid_against_its_published_schema(registry: Registry) -> None:
    import jsonschema

    index = json.loads(render_site(registry).files["registry.json"])
    schema = json.loads(
        (Path(__file__).resolve().parents[3] / "schemas" / "registry.schema.json").read_text()
    )
    jsonschema.Draft202012Validator(schema).validate(index)
    for std in index["standards"]:
        for v in std["versions"]:
            kinds = [f["kind"] for f in v["files"]]
            assert kinds == ["yaml", "json"] and v["files"][0]["sha256"] == v["sha256"]

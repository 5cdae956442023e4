"""compose.remote: a published registry served on 127.0.0.1, read through its registry.json,
every file verified against its sha256 and cached."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aiss.api import check_document
from aiss.compose.check import StandardsOnDisk, SubmissionFile, check_submission
from aiss.compose.registries import load_registry
from aiss.compose.remote import PublishedRegistry, index_address
from aiss.errors import UsageError
from tests.support.served import serve, site_files

REPO = Path(__file__).resolve().parents[3]
STANDARDS = REPO / "standards"
EXAMPLE = STANDARDS / "AISS-CYB-001" / "1.1.0" / "examples" / "conformant.yaml"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_files(STANDARDS, tmp_path_factory.mktemp("published") / "site")


def _yaml_of(site: Path, sid: str, version: str) -> Path:
    return site / "standards" / sid / version / f"{sid}-{version}.yaml"


def test_index_address_names_registry_json() -> None:
    assert index_address("https://x.org/") == "https://x.org/registry.json"
    assert index_address("https://x.org/registry.json") == "https://x.org/registry.json"
    assert index_address("site") == str(Path("site") / "registry.json")


def test_a_served_registry_gives_the_same_report_as_the_folder(
    published: Path, tmp_path: Path
) -> None:
    local = check_submission(SubmissionFile(EXAMPLE), StandardsOnDisk(STANDARDS))
    with serve(published) as url:
        remote = PublishedRegistry.at(url, cache=tmp_path / "cache")
        report = check_submission(SubmissionFile(EXAMPLE), remote)
    assert not remote.from_cache
    assert check_document([report]) == check_document([local])
    assert report.standard == "AISS-CYB-001@1.1.0" and report.requirements
    entry = remote.get("AISS-CYB-001", "1.1.0")
    there = StandardsOnDisk(STANDARDS).get("AISS-CYB-001", "1.1.0")
    assert entry is not None and there is not None and entry.sha256 == there.sha256
    assert remote.get("AISS-CYB-001", "9.9.9") is None


def test_a_file_that_does_not_match_its_digest_is_refused(published: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(published, site)
    target = _yaml_of(site, "AISS-CYB-001", "1.1.0")
    target.write_bytes(target.read_bytes().replace(b"Offensive", b"Defensive", 1))
    with serve(site) as url:
        remote = PublishedRegistry.at(url, cache=tmp_path / "cache")
        with pytest.raises(UsageError, match=r"has sha256 [0-9a-f]{64}, but .* lists"):
            remote.get("AISS-CYB-001", "1.1.0")
    assert not list((tmp_path / "cache" / "files").glob("*"))


def test_fetched_files_are_used_offline_and_corrupt_cache_entries_ignored(
    published: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    shutil.copytree(published, site)
    with serve(site) as url:
        fetched = PublishedRegistry.at(url, cache=cache).fetch_all()
    index = json.loads((site / "registry.json").read_bytes())
    assert len(fetched) == sum(len(s["versions"]) for s in index["standards"]) > 1
    offline = PublishedRegistry.at(url, cache=cache)  # the server is gone
    assert offline.from_cache
    assert offline.get("AISS-CYB-001", "1.1.0") is not None

    entry = fetched[0]
    entry.path.write_bytes(b"not what was fetched")
    with serve(site) as url2:
        again = PublishedRegistry.at(url2, cache=cache)
        fresh = again.get(entry.standard.id, entry.standard.version)
    assert fresh is not None and fresh.sha256 == entry.sha256
    assert entry.path.read_bytes() != b"not what was fetched"


def test_no_server_and_no_cache_is_a_usage_error(tmp_path: Path) -> None:
    with serve(tmp_path) as url:
        pass
    with pytest.raises(UsageError, match=r"cannot read http://127\.0\.0\.1:\d+/registry\.json"):
        PublishedRegistry.at(url, cache=tmp_path / "cache")


def test_a_folder_holding_a_built_site_is_a_registry(published: Path, tmp_path: Path) -> None:
    remote = PublishedRegistry.at(str(published), cache=tmp_path / "cache")
    assert remote.resolve("AISS-CYB-001@latest").standard.version == "1.1.0"
    with pytest.raises(UsageError, match=r"known: AISS-CYB-001@1\.0\.0, AISS-CYB-001@1\.1\.0"):
        remote.resolve("AISS-CYB-001@2.0.0")


def test_load_registry_takes_a_built_site_for_a_published_registry(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a built site serves vocabularies/ (the issuers) beside registry.json: it is still a site
    assert (published / "vocabularies").is_dir() and (published / "registry.json").is_file()
    monkeypatch.setenv("AISS_CACHE_DIR", str(tmp_path / "cache"))
    assert isinstance(load_registry(str(published)), PublishedRegistry)
    assert isinstance(load_registry(str(STANDARDS)), StandardsOnDisk)


def test_an_index_that_is_not_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "registry.json").write_text('{"format": "1.1.0", "standards": 3}')
    with pytest.raises(UsageError, match=r"is not a registry index .*registry\.schema\.json"):
        PublishedRegistry.at(str(tmp_path), cache=tmp_path / "cache")

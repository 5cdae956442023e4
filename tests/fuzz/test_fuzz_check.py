"""Property tests: whatever a result file or an Inspect log holds, `check` and the import end in
a report or a clear error, within a time bound, never an exception of another kind."""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiss.compose.check import StandardsOnDisk
from aiss.compose.tables import KINDS
from aiss.conformance.intake import parse_submission
from aiss.conformance.pipeline import check_intake
from aiss.importers.inspect_log import InspectLogError, read_inspect_log
from aiss.importers.inspect_submission import build_submission
from aiss.models import Standard
from aiss.source import DEFAULT_LIMITS
from tests.fuzz.mutation import paths

REPO = Path(__file__).resolve().parents[2]
SUBS = REPO / "tests" / "fixtures" / "submissions"
LOGS = REPO / "tests" / "fixtures" / "inspect"
SOURCE = StandardsOnDisk(SUBS / "registry", DEFAULT_LIMITS)
BASE_TEXT = (SUBS / "conformant.yaml").read_text(encoding="utf-8")
BASE = yaml.safe_load(BASE_TEXT)
EVAL = (LOGS / "success.eval").read_bytes()
INS = SOURCE.get("AISS-INS-001", "1.0.0")
EXAMPLES = int(os.environ.get("AISS_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # speed is the benchmarks' business; a slow example under load is no failure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(raw: bytes, fmt: str) -> None:
    intake = parse_submission("fuzz." + fmt, raw, KINDS, fmt=fmt)
    report = check_intake(intake, SOURCE.get)
    assert report.overall in {
        "conformant",
        "conformant_with_deviations",
        "incomplete",
        "non_conformant",
        "invalid",
    }
    for d in intake.diagnostics:
        assert d.line >= 0 and d.code and d.message


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["yaml", "json"]))
def test_check_random_bytes(raw: bytes, fmt: str) -> None:
    _check(raw, fmt)


_weird = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["TLP:RED", "TLP:WHITE", "../../etc/passwd", "/etc/passwd", "C", "N", "1.10"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@FUZZ
@given(st.data(), st.sampled_from(["delete", "replace"]), st.sampled_from(["yaml", "json"]))
def test_check_mutated_submission(data: st.DataObject, how: str, fmt: str) -> None:
    doc = copy.deepcopy(BASE)
    target = data.draw(st.sampled_from(paths(doc)))
    parent = doc
    for part in target[:-1]:
        parent = parent[part]
    if how == "delete":
        del parent[target[-1]]
    else:
        parent[target[-1]] = data.draw(_weird)
    if fmt == "json":
        raw = json.dumps(doc, default=str).encode()
    else:
        raw = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False).encode()
    _check(raw, fmt)


def _import(raw: bytes, tmp: Path) -> None:
    path = tmp / "fuzz.eval"
    path.write_bytes(raw)
    try:
        log = read_inspect_log(path)
    except InspectLogError as exc:
        assert str(exc)
        return
    assert INS is not None and isinstance(INS.standard, Standard)
    build_submission(INS.standard, [("fuzz.eval", log)])


@FUZZ
@given(st.binary(max_size=2000))
def test_import_random_bytes(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as t:
        _import(raw, Path(t))


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(EVAL) - 1),
            st.integers(min_value=0, max_value=255),
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(min_value=0, max_value=len(EVAL)),
)
def test_import_corrupted_archive(flips: list[tuple[int, int]], cut: int) -> None:
    import tempfile

    raw = bytearray(EVAL)
    for at, value in flips:
        raw[at] = value
    with tempfile.TemporaryDirectory() as t:
        _import(bytes(raw[: max(cut, len(raw) // 2)]), Path(t))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "header.json",
                "summaries.json",
                "_journal/start.json",
                "samples/q01_epoch_1.json",
                "reductions.json",
            ]
        ),
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(
                [
                    b"{}",
                    b"[]",
                    b"null",
                    b'{"version": 2}',
                    b'{"version": 2, "status": "success", "eval": {}}',
                ]
            ),
        ),
        min_size=1,
    )
)
def test_import_crafted_members(members: dict[str, bytes]) -> None:
    import tempfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with tempfile.TemporaryDirectory() as t:
        _import(buf.getvalue(), Path(t))


def test_uncorrupted_archive_imports() -> None:
    """The corruption tests start from a log that does import: they would be empty otherwise."""
    import tempfile

    with tempfile.TemporaryDirectory() as t:
        path = Path(t) / "ok.eval"
        path.write_bytes(EVAL)
        log = read_inspect_log(path)
        assert INS is not None
        imported = build_submission(INS.standard, [("ok.eval", log)])
        assert imported.submission is not None

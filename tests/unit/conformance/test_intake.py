"""Intake: JSON and YAML positions, inline and JSON Lines samples, markings, refusals."""

from __future__ import annotations

import copy
import hashlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.compose.tables import KINDS
from aiss.conformance.intake import (
    _Feed,
    _plain_block,
    as_intake,
    attach_samples_file,
    parse_submission,
)
from aiss.conformance.pipeline import check_intake, invalid
from aiss.conformance.samples import Records, RunSamples
from aiss.models.common import Tlp
from aiss.models.submission import ResultSubmission
from aiss.source import parse_yaml
from tests.support.column_samples import column_samples_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "submissions"
BASE = parse_yaml("c.yaml", (FIXTURES / "conformant.yaml").read_bytes()).data


def data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def codes(diags: list[Any]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diags]


def test_json_syntax_error_has_a_position() -> None:
    intake = parse_submission(
        "s.json", b'{\n  "kind": "ResultSubmission",\n  oops\n}', KINDS, fmt="json"
    )
    assert codes(intake.diagnostics) == [("json-syntax", 3, 3)]
    assert invalid(intake, "invalid-document").marking is Tlp.AMBER_STRICT


def test_json_model_errors_are_located_in_the_text() -> None:
    d = data()
    d["runs"][1]["epochs"] = 0
    d["claims"][0]["titel"] = "x"
    raw = orjson.dumps(d, option=orjson.OPT_INDENT_2)
    intake = parse_submission("s.json", raw, KINDS, fmt="json")
    lines = raw.decode().splitlines()
    found = {c: (ln, col) for c, ln, col in codes(intake.diagnostics)}
    ln, col = found["invalid-value"]
    assert lines[ln - 1][col - 1 :].startswith("0")
    ln, col = found["unknown-field"]
    assert lines[ln - 1][col - 1 :].startswith('"titel"')


def test_inline_sample_problems_point_at_the_record() -> None:
    d = data()
    d["runs"][0]["samples"][5]["epoch"] = "two"
    raw = orjson.dumps(d, option=orjson.OPT_INDENT_2)
    intake = parse_submission("s.json", raw, KINDS, fmt="json")
    ((code, ln, col),) = codes(intake.diagnostics)
    assert code == "invalid-sample"
    assert raw.decode().splitlines()[ln - 1][col - 1 :].startswith('"two"')
    assert intake.samples["tp1"].ids[:2] == ["c01", "c01"] and len(intake.samples["tp1"]) == 39


def test_samples_file_records() -> None:
    d = data()
    del d["runs"][0]["samples"]
    d["samples_file"] = "s.jsonl"
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    lines = b"\n".join(
        [
            b'{"run": "tp1", "id": "a", "score": "C"}',
            b"",
            b'{"run": "nope", "id": "b"}',
            b'{"run": "tp1", "id": "c", "score": "Z"}',
            b'{"run": "tp1", "id": ',
        ]
    )
    attach_samples_file(intake, "s.jsonl", lines)
    assert codes(intake.diagnostics) == [
        ("unknown-run", 3, 1),
        ("json-syntax", 5, 22),
        ("invalid-sample", 4, 1),
    ]
    assert intake.samples["tp1"].ids == ["a"]


def test_unknown_run_in_metric_results() -> None:
    d = data()
    d["metric_results"][0]["run"] = "ghost"
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    assert [c for c, _, _ in codes(intake.diagnostics)] == ["unknown-run"]
    assert not intake.valid


@pytest.mark.parametrize(
    ("where", "set_to"),
    [
        (("marking", "tlp"), "TLP:WHITE"),
        (("runs", 0, "log", "marking"), "TLP:WHITE"),
        (("claims", 1, "evidence", 0, "marking"), "TLP:WHITE"),
    ],
)
def test_tlp_white_is_read_as_clear_with_a_warning(where: tuple[Any, ...], set_to: str) -> None:
    d = data()
    node: Any = d
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = set_to
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    assert [x.code for x in intake.diagnostics] == ["tlp-white"]
    assert intake.valid


def test_tlp_red_anywhere_is_refused_and_nothing_else_is_reported() -> None:
    d = data()
    d["claims"][0]["evidence"][0]["marking"] = "TLP:RED"
    d["runs"][1]["epochs"] = 0  # would be an error too; not reported for a refused file
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    assert intake.refused and intake.submission is None
    assert [x.code for x in intake.diagnostics] == ["tlp-red-refused"]
    report = check_intake(intake, lambda sid, v: None)
    assert (report.overall, report.reason, report.marking) == (
        "invalid",
        "tlp-red-refused",
        Tlp.RED,
    )


def test_another_kind_is_not_a_submission() -> None:
    std = (FIXTURES / "registry" / "AISS-CHK-001" / "1.0.0" / "standard.yaml").read_bytes()
    intake = parse_submission("standard.yaml", std, KINDS)
    assert [x.code for x in intake.diagnostics] == ["not-a-submission"]


def test_in_memory_intake_has_no_lines() -> None:
    memory = as_intake("x.eval", ResultSubmission.model_validate(data()), [])
    where = memory.location(("runs", 0))
    assert (where.line, where.column) == (0, 0)
    assert len(memory.samples["tp1"]) == 40


def test_standard_lookup_problems_make_the_file_invalid() -> None:
    from aiss.registry import Entry

    d = data()
    d["standard"]["sha256"] = "e" * 64
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    assert check_intake(intake, lambda sid, v: None).reason == "standard-not-found"
    std_path = FIXTURES / "registry" / "AISS-CHK-001" / "1.0.0" / "standard.yaml"
    from aiss.validation.document import check_document

    checked = check_document(parse_yaml("s.yaml", std_path.read_bytes()), KINDS)
    assert checked.model is not None
    entry = Entry(checked.model, checked.doc, std_path, "f" * 64)  # type: ignore[arg-type]
    report = check_intake(intake, lambda sid, v: entry)
    assert (report.overall, report.reason) == ("invalid", "standard-sha256-mismatch")
    assert [x.code for x in report.diagnostics] == ["standard-sha256-mismatch"]


_LINE = st.sampled_from(
    [
        b"",
        b"   ",
        b"{",
        b"[1, 2]",
        b'{"run": "nope", "id": "z"}',
        b'{"run": null, "id": "z"}',
        b'{"run": "tp1", "id": "a", "score": "C"}',
        b'{"run": "tp1", "id": "a", "epoch": 2, "score": 0}\r',
        b'{"run": "tp1", "id": 1, "score": 1}',
        b'{"run": "tp1", "id": "1", "score": 0}',
        b'{"run": "tp1", "id": "b", "scorer": "judge", "score": 0.5}',
        b'{"run": "tp1", "id": "b", "error": "timeout"}',
        b'{"run": "tp1", "id": "c", "score": "Z"}',
        b'{"run": "tp1", "id": "c", "refusal": true}',
        b'{"run": "tp2", "id": "a"}',
        b'{"run": "tp2", "id": "a", "epoch": 0}',
        b'{"run": ["tp1"], "id": "a"}',
        b'{"run": {"x": 1}, "id": "a"}',
        b'{"run": "tp1", "id": "d", "epoch": 2, "score": "I"}',
        b'{"run": "tp1", "id": "d", "epoch": 2, "score": "C"}',
        b'{"run": "tp1", "id": 99999999999999999999999}',
    ]
)
_EDGES = [
    # lines a typed decoder could read otherwise than orjson: the fast path must leave them
    b'{"run": "tp1", "id": "f"} {"run": "tp1", "id": "g"}',  # two values on one line
    b'{"run": "tp1", "id": "e", "epoch": 1.0}',
    b'{"run": "tp1", "id": 18446744073709551615}',  # an integer orjson reads, beyond int64
    b'{"run": "tp1", "id": "k", "epoch": 9223372036854775808}',
    b'{"run": "tp1", "id": ""}',
    b'{"run": "tp1", "id": "l", "score": 2.5e308}',
    b'{"run": "tp1", "id": "m", "score": true}',
    b'{"run": "tp1", "id": "n",}',
    b'{"run": "tp1", "id": "o\tp"}',
    rb'{"run": "tp1", "id": "q\ud800"}',
    b'{"run": "tp1", "id": "r\xff"}',
    b'\x0c{"run": "tp1", "id": "s"}',
    b'{"run": "tp1", "id": "t", "score": 1' + b"0" * 400 + b"}",  # no float holds it
    b'{"run": "tp1", "id": "u", "score": "Z"}',
]
_PLAIN_LINES = [
    b'{"run": "tp1", "id": "e", "score": -0}',
    b'{"run": "tp1", "id": "f", "score": 123456789012345678901234567890}',
    b'{"run": "tp1", "id": "h", "id": 5}',  # the last of a repeated key, as orjson reads it
    b'{"run": "tp1", "id": "i", "score": 1e-400}',
    rb'{"run": "tp1", "id": "\u00e9", "epoch": 3, "score": "P"}',
    b'\t{"run": "tp1", "id": "j", "score": 0.30000000000000001665334536937734810635}',
    b'{"run":"tp1","id":"m","score":"N"}',
    b'{"run": "tp1", "id": -9223372036854775808, "epoch": 9223372036854775807}',
    b'{"run": "tp1", "id": "a", "epoch": 2, "score": "C"}',
    b'{"run": "tp1", "id": "a", "epoch": 2, "score": "I"}',
    b'{"run": "tp1", "id": 1, "epoch": 3}',
    b'{"run": "tp1", "id": "1", "epoch": 3, "score": 0.5}',
    b'{"run": "tp2", "id": "a", "score": 1}',
]
_LINE = _LINE | st.sampled_from(_EDGES) | st.sampled_from(_PLAIN_LINES)


class _Chunked:
    """A samples file handed over in small chunks, as `aiss.loading.LineStream` reads it."""

    def __init__(self, raw: bytes, size: int) -> None:
        self.raw, self.size = raw, size
        self.sha256: str | None = None

    def __iter__(self) -> Iterator[bytes]:
        carry = b""
        for i in range(0, len(self.raw), self.size):
            parts = (carry + self.raw[i : i + self.size]).split(b"\n")
            carry = parts.pop()
            yield from parts
        yield carry
        self.sha256 = hashlib.sha256(self.raw).hexdigest()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_LINE, max_size=60),
    st.integers(min_value=1, max_value=64),
    st.booleans(),
    st.integers(min_value=1, max_value=9),
)
def test_a_streamed_samples_file_gives_what_the_whole_file_gave(
    lines: list[bytes], chunk: int, final_newline: bool, block: int
) -> None:
    d = data()
    for run in d["runs"]:
        run.pop("samples", None)
    d["samples_file"] = "s.jsonl"
    raw = b"\n".join(lines) + (b"\n" if final_newline else b"")
    runs = {r["id"]: r.get("sample_scorer") for r in d["runs"]}
    want_tables, want = column_samples_file("s.jsonl", raw, runs)
    for source in (raw, _Chunked(raw, chunk)):
        intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
        before = len(intake.diagnostics)
        attach_samples_file(intake, "s.jsonl", source, block=block)
        assert intake.diagnostics[before:] == want
        assert intake.samples_sha256 == hashlib.sha256(raw).hexdigest()
        got = {k: (v.ids, v.scores, v.epochs, sorted(v.others)) for k, v in intake.samples.items()}
        assert got == {
            k: (v.ids, v.scores, v.epochs, sorted(v.others)) for k, v in want_tables.items()
        }


def test_a_run_that_is_not_text_is_an_unknown_run_not_a_traceback() -> None:
    d = data()
    del d["runs"][0]["samples"]
    d["samples_file"] = "s.jsonl"
    intake = parse_submission("s.json", orjson.dumps(d), KINDS, fmt="json")
    attach_samples_file(intake, "s.jsonl", b'{"run": ["tp1"], "id": "a"}\n{"run": 5, "id": "b"}')
    assert codes(intake.diagnostics) == [("unknown-run", 1, 1), ("unknown-run", 2, 1)]
    assert "names run ['tp1'], which is not" in intake.diagnostics[0].message


def _feeds(intake: Any) -> Any:
    """A `feed_of` for `_plain_block`, as `attach_samples_file` makes it."""
    feeds: dict[Any, Any] = {}

    def feed_of(run: Any) -> Any:
        if run not in ("tp1", "tp2"):
            return None
        table = intake.samples.setdefault(run, RunSamples("s.jsonl"))
        return feeds.setdefault(run, _Feed(Records(table, extra_keys=frozenset({"run"}))))

    return feed_of


@pytest.mark.parametrize("line", _EDGES)
def test_the_fast_path_leaves_a_line_it_might_read_otherwise_to_orjson(line: bytes) -> None:
    intake = parse_submission("s.json", orjson.dumps(data()), KINDS, fmt="json")
    assert _plain_block([_PLAIN_LINES[0], line], _feeds(intake)) is None


def test_the_fast_path_takes_a_block_of_plain_lines_of_one_run() -> None:
    intake = parse_submission("s.json", orjson.dumps(data()), KINDS, fmt="json")
    # not an integer beyond 64 bits (orjson reads it as a float), nor another run
    lines = [x for x in _PLAIN_LINES if b'"tp2"' not in x and b"123456789012" not in x]
    found = _plain_block(lines, _feeds(intake))
    assert found is not None
    _, rows = found
    assert rows.sids[:4] == ["e", 5, "i", "é"]
    values = rows.values.tolist()
    assert values[0] == values[2] == 0.0 and math.isnan(values[1]) and values[3] == 0.5
    assert rows.epochs[3] == 3 and bool(rows.refusal[5]) and not rows.refusal[:5].any()
    assert _plain_block([*lines, _PLAIN_LINES[-1]], _feeds(intake)) is None  # two runs


def test_an_inverted_interval_is_refused_where_it_is_written() -> None:
    d = data()
    d["metric_results"][0]["ci"] = {
        "lower": 0.5881,
        "upper": 0.1619,
        "level": 0.95,
        "method": "clustered_t",
    }
    raw = orjson.dumps(d, option=orjson.OPT_INDENT_2)
    intake = parse_submission("s.json", raw, KINDS, fmt="json")
    found = [d for d in intake.diagnostics if d.code == "invalid-value"]
    assert len(found) == 1, codes(intake.diagnostics)
    assert "lower bound 0.5881 is above upper bound 0.1619" in found[0].message
    line = raw.decode().splitlines()[found[0].line - 1]
    assert line.strip().startswith('"ci"'), line

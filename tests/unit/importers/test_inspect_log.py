"""importers.inspect_log: real Inspect logs, every ZIP compression, and every way to fail."""

from __future__ import annotations

import dataclasses
import json
import math
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import pytest
import zstandard

from aiss.importers import eval_archive
from aiss.importers.inspect_log import (
    InspectLog,
    InspectLogError,
    SampleScore,
    iter_sample_scores,
    read_inspect_log,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inspect"
SUCCESS_VALUES = {
    "q01": "C",
    "q02": "C",
    "q03": "C",
    "q04": "I",
    "q05": "C",
    "q06": "N",
    "q07": "C",
    "q08": "C",
    "q09": "I",
    "q10": "C",
    "q11": "C",
    "q12": "P",
}


def _fixture(name: str) -> InspectLog:
    return read_inspect_log(FIXTURES / name)


# --- a hand-written ZIP, so tests control methods, frames, sizes and names -----------------


def _zip(members: list[tuple[str, int, bytes, bytes]], declared: int | None = None) -> bytes:
    """ZIP bytes from (name, method, data, payload); `declared` overrides every stored size."""
    out, central = bytearray(), bytearray()
    for name, method, data, payload in members:
        offset, raw_name, crc = len(out), name.encode(), zlib.crc32(data)
        size = len(data) if declared is None else declared
        out += b"PK\x03\x04" + struct.pack(
            "<HHHHHIIIHH", 20, 0, method, 0, 0x21, crc, len(payload), size, len(raw_name), 0
        )
        out += raw_name + payload
        central += b"PK\x01\x02" + struct.pack(
            "<HHHHHHIIIHHHHHII",
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(payload),
            size,
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name
    count = len(members)
    eocd = struct.pack("<HHHHIIH", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + eocd)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zstd_frames(data: bytes, frames: int = 1) -> bytes:
    step = max(1, -(-len(data) // frames))
    compressor = zstandard.ZstdCompressor()
    return b"".join(compressor.compress(data[i : i + step]) for i in range(0, len(data), step))


def _members(path: Path) -> list[tuple[str, bytes]]:
    """Every member of an Inspect archive, decompressed independently of the reader."""
    result = []
    raw = path.read_bytes()
    for info in zipfile.ZipFile(path).infolist():
        assert info.compress_type == 93  # Inspect writes zstd
        name_len, extra_len = struct.unpack(
            "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
        )
        start = info.header_offset + 30 + name_len + extra_len
        payload = raw[start : start + info.compress_size]
        data = zstandard.ZstdDecompressor().stream_reader(payload, read_across_frames=True).read()
        result.append((info.filename, data))
    return result


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _comparable(log: InspectLog) -> InspectLog:
    """The log without what differs between two reads of the same run in different files."""
    samples = tuple(
        dataclasses.replace(s, total_time=None, working_time=None, uuid=None)
        for s in log.samples or ()
    )
    return dataclasses.replace(
        log,
        path=Path(),
        sha256="",
        format="eval",
        eval_id=None,
        run_id=None,
        created=None,
        started_at=None,
        completed_at=None,
        samples=samples,
    )


# --- the committed fixtures, written by inspect_ai itself -----------------------------------


@pytest.mark.parametrize(
    ("name", "status", "epochs", "total", "completed", "records", "missing"),
    [
        ("success.eval", "success", 1, 12, 12, 12, ()),
        ("success.json", "success", 1, 12, 12, 12, ()),
        ("epochs.eval", "success", 3, 12, 12, 12, ()),
        ("error.eval", "error", 1, None, None, 5, ("results",)),
        ("cancelled.eval", "cancelled", 1, 12, 5, 6, ()),
        ("crashed.eval", "started", 1, None, None, 5, ("header.json", "results", "stats")),
    ],
)
def test_fixture_header(
    name: str,
    status: str,
    epochs: int,
    total: int | None,
    completed: int | None,
    records: int,
    missing: tuple[str, ...],
) -> None:
    log = _fixture(name)
    assert log.format == name.rsplit(".", 1)[1]
    assert (log.status, log.epochs, log.missing) == (status, epochs, missing)
    assert (log.total_samples, log.completed_samples) == (total, completed)
    assert log.samples is not None and len(log.samples) == records
    assert (log.task, log.task_version, log.task_registry_name) == ("hazard_mcq", 2, "hazard_mcq")
    assert log.model == "mockllm/model"
    assert log.version == 2 and not log.invalidated
    assert (log.dataset_name, log.dataset_location) == (
        "hazard_mcq_dev",
        "example://hazard_mcq_dev",
    )
    assert log.dataset_samples == 12
    # the epochs run evaluated a subset (`sample_id=`): 4 items x 3 epochs = 12 samples
    subset = ("q02", "q04", "q06", "q12")
    assert log.sample_ids == (subset if name == "epochs.eval" else tuple(SUCCESS_VALUES))
    assert log.generate_config == {"max_tokens": 64, "temperature": 0.0, "seed": 7}
    assert log.limits == {"message_limit": 10, "token_limit": 4096, "time_limit": 600}
    assert log.scorers == ("choice_with_refusal", "answer_format")
    assert "inspect_ai" in log.packages
    assert log.revision is None or log.revision["type"] == "git"
    assert log.created is not None and log.created.tzinfo is not None
    assert len(log.sha256) == 64 and log.path == FIXTURES / name


def test_success_metrics_and_samples() -> None:
    log = _fixture("success.eval")
    choice = log.score("choice_with_refusal")
    assert choice is not None
    assert (choice.scorer, choice.reducer, choice.scored_samples, choice.unscored_samples) == (
        "choice_with_refusal",
        None,
        12,
        0,
    )
    assert choice.metrics["accuracy"] == pytest.approx(8.5 / 12)
    assert choice.metrics["stderr"] == pytest.approx(0.12995239998794275)
    fmt = log.score("answer_format")
    assert fmt is not None and fmt.metrics == {"mean": pytest.approx(0.875)}
    assert log.samples is not None
    assert {s.id: s.scores["choice_with_refusal"].raw for s in log.samples} == SUCCESS_VALUES
    # the headline metric is the mean of the per-sample numeric values
    numeric = [s.scores["choice_with_refusal"].numeric for s in log.samples]
    assert sum(v or 0.0 for v in numeric) / len(numeric) == pytest.approx(
        choice.metrics["accuracy"]
    )
    by_id = {s.id: s for s in log.samples}
    refusal = by_id["q06"].scores["choice_with_refusal"]
    assert (refusal.numeric, refusal.refusal, refusal.answer) == (0.0, True, None)
    partial = by_id["q12"].scores["choice_with_refusal"]
    assert (partial.numeric, partial.refusal, partial.answer) == (0.5, False, "A,C")
    assert by_id["q12"].scores["answer_format"].raw == 0.5
    assert all(s.epoch == 1 and s.error is None and s.limit is None for s in log.samples)
    # per-sample token usage adds up to the run's
    usage = log.model_usage["mockllm/model"]
    assert sum(s.total_tokens for s in log.samples) == usage["total_tokens"] == 864
    assert sum(s.input_tokens + s.output_tokens for s in log.samples) == 864


def test_json_and_eval_forms_agree() -> None:
    from_eval, from_json = _fixture("success.eval"), _fixture("success.json")
    assert from_json.format == "json" and from_eval.format == "eval"
    assert from_eval.eval_id != from_json.eval_id  # two real runs ...
    assert _comparable(from_eval) == _comparable(from_json)  # ... with the same content


def test_each_sample_execution_keeps_its_uuid() -> None:
    """Inspect gives every execution of a sample a uuid of its own: two runs of the same
    samples share none (what tells one run shown twice from two, `aiss compare`)."""
    a, b = _fixture("success.eval"), _fixture("success.json")
    ua = {s.uuid for s in a.samples or ()}
    ub = {s.uuid for s in b.samples or ()}
    assert None not in ua and None not in ub
    assert len(ua) == len(a.samples or ()) > 0 and not ua & ub


def test_epochs_per_item() -> None:
    log = _fixture("epochs.eval")
    assert log.epochs_reducer == ("mean", "max")
    assert log.samples is not None
    assert [(s.epoch, s.id) for s in log.samples[:4]] == [
        (1, "q02"),
        (1, "q04"),
        (1, "q06"),
        (1, "q12"),
    ]
    values: dict[str | int, list[float]] = {}
    for sample in log.samples:
        values.setdefault(sample.id, []).append(sample.scores["choice_with_refusal"].numeric or 0.0)
    assert values == {
        "q02": [1.0, 0.0, 1.0],
        "q04": [0.0, 1.0, 1.0],
        "q06": [0.0, 0.0, 1.0],
        "q12": [0.5, 1.0, 0.0],
    }
    mean, best = log.score("choice_with_refusal", "mean"), log.score("choice_with_refusal", "max")
    assert mean is not None and best is not None and mean.scored_samples == 4
    assert mean.metrics["accuracy"] == pytest.approx(sum(sum(v) / 3 for v in values.values()) / 4)
    assert best.metrics["accuracy"] == 1.0
    assert log.score("choice_with_refusal") is None  # every entry names its reducer


def test_errored_run() -> None:
    log = _fixture("error.eval")
    assert log.error_message == "RuntimeError('simulated tool crash on q04')"
    assert log.scores == ()
    assert log.samples is not None
    failed = {s.id: s.error for s in log.samples if s.error}
    assert set(failed) == {"q04", "q05"}
    assert "simulated tool crash on q04" in (failed["q04"] or "")
    assert all(not s.scores for s in log.samples if s.error)


def test_cancelled_run_has_partial_results() -> None:
    log = _fixture("cancelled.eval")
    assert log.error_message is None
    choice = log.score("choice_with_refusal")
    assert choice is not None and choice.scored_samples == 5
    assert choice.metrics["accuracy"] == pytest.approx(0.8)
    assert log.samples is not None
    assert [s.id for s in log.samples if s.error] == ["q06"]
    assert "CancelledError" in (log.samples[-1].error or "")


def test_crashed_run_falls_back_to_the_journal() -> None:
    log = _fixture("crashed.eval")
    assert log.status == "started" and "header.json" in log.missing
    assert log.scores == () and log.model_usage == {} and log.completed_at is None
    assert log.samples is not None
    assert [s.id for s in log.samples] == ["q01", "q02", "q03", "q04", "q05"]


@pytest.mark.parametrize("name", ["success.eval", "success.json", "epochs.eval", "crashed.eval"])
def test_iter_sample_scores_matches_read(name: str) -> None:
    streamed = sorted(iter_sample_scores(FIXTURES / name), key=lambda s: (s.epoch, str(s.id)))
    assert tuple(streamed) == _fixture(name).samples


def test_header_only() -> None:
    log = read_inspect_log(FIXTURES / "success.eval", samples=False)
    assert log.samples is None and log.total_samples == 12


def test_reading_does_not_import_inspect_ai() -> None:
    _fixture("success.eval")
    assert not any(name.split(".")[0] == "inspect_ai" for name in sys.modules)


def test_committed_fixtures_are_small() -> None:
    """The reader fixtures (make_logs.py) stay under 300 KB, the trust and joint-testing logs
    (make_trust_logs.py) under 1.6 MB: nothing large is committed by accident."""
    logs = [*FIXTURES.glob("*.eval"), *FIXTURES.glob("*.json")]
    reader = {"success.eval", "success.json", "epochs.eval", "error.eval"}
    reader |= {"cancelled.eval", "crashed.eval"}
    assert reader <= {p.name for p in logs}
    assert sum(p.stat().st_size for p in logs if p.name in reader) < 300_000
    assert sum(p.stat().st_size for p in logs if p.name not in reader) < 1_600_000


# --- ZIP compression methods ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["stored", "deflated", "zstd-multiframe"])
def test_every_compression_method_reads_the_same(tmp_path: Path, method: str) -> None:
    members = []
    for name, data in _members(FIXTURES / "success.eval"):
        if method == "stored":
            members.append((name, 0, data, data))
        elif method == "deflated":
            members.append((name, 8, data, _deflate(data)))
        else:
            members.append((name, 93, data, _zstd_frames(data, frames=3)))
    rebuilt = read_inspect_log(_write(tmp_path, "x.eval", _zip(members)))
    original = _fixture("success.eval")
    assert dataclasses.replace(rebuilt, path=original.path, sha256=original.sha256) == original


def test_superseded_member_last_entry_wins(tmp_path: Path) -> None:
    members = dict(_members(FIXTURES / "success.eval"))
    stale = json.loads(members["header.json"])
    stale["status"] = "started"
    entries = [("header.json", 0, json.dumps(stale).encode(), json.dumps(stale).encode())]
    entries += [(name, 0, data, data) for name, data in members.items()]
    assert read_inspect_log(_write(tmp_path, "x.eval", _zip(entries))).status == "success"


def test_format_1_single_scorer_is_migrated(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "success.json").read_text())
    document["version"] = 1
    document["results"] = {
        "total_samples": 12,
        "completed_samples": 12,
        "scorer": {"name": "match", "params": {}},
        "metrics": {"accuracy": {"name": "accuracy", "value": 0.5}, "stderr": {"value": 0.1}},
    }
    log = read_inspect_log(_write(tmp_path, "v1.json", json.dumps(document).encode()))
    assert log.version == 1
    match = log.score("match")
    assert match is not None and match.scorer == "match"
    assert match.metrics == {"accuracy": 0.5, "stderr": 0.1}


def test_nan_and_infinity_in_json(tmp_path: Path) -> None:
    text = (FIXTURES / "success.json").read_text()
    text = text.replace("0.12995239998794275", "NaN").replace("0.875", "Infinity")
    log = read_inspect_log(_write(tmp_path, "nan.json", text.encode()))
    choice, fmt = log.score("choice_with_refusal"), log.score("answer_format")
    assert choice is not None and math.isnan(choice.metrics["stderr"])
    assert fmt is not None and fmt.metrics["mean"] == math.inf


# --- failures: always InspectLogError -------------------------------------------------------


def _error(path: Path) -> InspectLogError:
    with pytest.raises(InspectLogError) as info:
        read_inspect_log(path)
    return info.value


def test_truncated_archive(tmp_path: Path) -> None:
    data = (FIXTURES / "success.eval").read_bytes()
    error = _error(_write(tmp_path, "t.eval", data[: len(data) // 2]))
    assert "truncated" in error.message


def test_not_a_zip_nor_json(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "x.eval", b"hello, world\n"))
    assert "neither a ZIP archive nor a JSON object" in str(error)
    assert "not an Inspect log" in _error(_write(tmp_path, "empty.eval", b"")).message


def test_zip_missing_its_header(tmp_path: Path) -> None:
    members = [(n, 0, d, d) for n, d in _members(FIXTURES / "success.eval")]
    members = [m for m in members if m[0] not in ("header.json", "_journal/start.json")]
    error = _error(_write(tmp_path, "x.eval", _zip(members)))
    assert "neither header.json nor _journal/start.json" in error.message


def test_bad_json_in_a_json_log(tmp_path: Path) -> None:
    text = (FIXTURES / "success.json").read_bytes()
    error = _error(_write(tmp_path, "x.json", text[: len(text) // 3]))
    assert error.message.startswith("invalid JSON") and error.member is None


def test_bad_json_in_a_member(tmp_path: Path) -> None:
    members = [(n, 0, d, d) for n, d in _members(FIXTURES / "success.eval")]
    members = [
        (n, 0, b"{not json", b"{not json") if n == "header.json" else (n, 0, d, p)
        for n, _, d, p in members
    ]
    error = _error(_write(tmp_path, "x.eval", _zip(members)))
    assert (error.member, error.message[:12]) == ("header.json", "invalid JSON")
    assert str(error).startswith("header.json: invalid JSON")


def test_corrupt_member_data(tmp_path: Path) -> None:
    data = bytearray((FIXTURES / "success.eval").read_bytes())
    info = zipfile.ZipFile(FIXTURES / "success.eval").getinfo("header.json")
    data[info.header_offset + 30 + len("header.json") + 40] ^= 0xFF
    error = _error(_write(tmp_path, "x.eval", bytes(data)))
    assert error.member == "header.json"


def test_declared_size_is_enforced(tmp_path: Path) -> None:
    header = dict(_members(FIXTURES / "success.eval"))["header.json"]
    archive = _zip([("header.json", 93, header, _zstd_frames(header))], declared=100)
    error = _error(_write(tmp_path, "x.eval", archive))
    assert "expected 100" in error.message


def test_member_and_ratio_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zeros = b"\0" * (2 << 20)
    bomb = _write(tmp_path, "bomb.eval", _zip([("header.json", 93, zeros, _zstd_frames(zeros))]))
    assert "ratio" in _error(bomb).message
    monkeypatch.setattr(eval_archive, "MAX_MEMBER_BYTES", 1000)
    header = dict(_members(FIXTURES / "success.eval"))["header.json"]
    big = _write(tmp_path, "big.eval", _zip([("header.json", 0, header, header)]))
    assert "exceeds the 1,000 limit" in _error(big).message
    monkeypatch.setattr(eval_archive, "MAX_MEMBERS", 3)
    assert "more than 3" in _error(FIXTURES / "success.eval").message


def test_newer_format_and_wrong_types_are_refused(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "success.json").read_text())
    document["version"] = 3
    assert "newer" in _error(_write(tmp_path, "v3.json", json.dumps(document).encode())).message
    document["version"] = 2
    document["eval"]["task"] = 5
    error = _error(_write(tmp_path, "t.json", json.dumps(document).encode()))
    assert error.message == "eval.task: expected a string, got int"


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot open" in _error(tmp_path / "absent.eval").message


def test_damage_never_escapes_as_another_exception(tmp_path: Path) -> None:
    data = (FIXTURES / "crashed.eval").read_bytes()
    for step in range(1, 60):
        at = len(data) * step // 60
        damaged = bytearray(data)
        damaged[at] ^= 0x5A
        for variant in (bytes(damaged), data[:at]):
            path = _write(tmp_path, "d.eval", variant)
            try:
                log = read_inspect_log(path)
            except InspectLogError:
                continue
            assert isinstance(log.samples, tuple)
            assert all(isinstance(s, SampleScore) for s in log.samples)


def _records(data: bytes, signature: bytes) -> list[int]:
    found, at = [], data.find(signature)
    while at >= 0:
        found.append(at)
        at = data.find(signature, at + 4)
    return found


def test_a_lying_central_directory_never_escapes_as_another_exception(tmp_path: Path) -> None:
    """Every field of the central directory and of its end record overwritten in turn (a
    version needed above zipfile's, offsets before the archive's start or past 2**63): a log
    or an InspectLogError, never an internal error."""
    data = (FIXTURES / "crashed.eval").read_bytes()
    variants = []
    for start, size in [(at, 46) for at in _records(data, b"PK\x01\x02")] + [
        (at, 22) for at in _records(data, b"PK\x05\x06")
    ]:
        for field in range(start + 4, start + size - 1, 2):
            for value in (b"\0\0", b"\0\x80", b"\xff\xff", b"\x00\x40"):
                variants.append(data[:field] + value + data[field + 2 :])
    end = data.rfind(b"PK\x05\x06")
    many = data[end:][:8] + b"\xff\xff\xff\xff" + data[end:][12:]  # a ZIP64 archive's counts
    for offset in (end, 2**40, 2**63 - 1, 2**63, 2**64 - 1):
        locator = b"PK\x06\x07" + struct.pack("<IQI", 0, offset, 1)
        variants.append(data[:end] + locator + many)
    outcomes = set()
    for variant in variants:
        path = _write(tmp_path, "d.eval", variant)
        try:
            read_inspect_log(path)
            outcomes.add("read")
        except InspectLogError as error:
            outcomes.add(error.message.split(":")[0])
    # what is refused: entries zipfile cannot read, and local headers not where they are said
    assert "not a readable ZIP archive" in outcomes
    assert "bad local file header (truncated or corrupt archive)" in outcomes


# --- a small log is read whole, once: what it gives is what its file gives ------------------


SEEKS = [(0, 0), (7, 0), (100, 0), (-1, 0), (3, 1), (-4, 1), (-40, 1), (-4, 2), (-11, 2),
         (5, 2), (2**63, 0), (2**64, 1), (-(2**63) - 1, 2)]  # fmt: skip
"""(position, whence): inside the file, past its end, before its start, past 64 bits."""


@pytest.mark.parametrize(("pos", "whence"), SEEKS)
def test_log_bytes_seek_as_the_file_does(tmp_path: Path, pos: int, whence: int) -> None:
    data = b"PK\x03\x04 ten bytes"
    path = _write(tmp_path, "x.eval", data)

    def outcome(fp: BinaryIO) -> object:
        fp.read(6)
        try:
            return fp.seek(pos, whence), fp.read(3), fp.tell()
        except (OSError, ValueError) as error:
            return type(error), str(error)

    with path.open("rb") as fp:
        expected = outcome(fp)
    assert outcome(eval_archive.LogBytes(data)) == expected


def _outcome(path: Path) -> str:
    try:
        return repr(read_inspect_log(path))
    except InspectLogError as error:
        return f"{error.member}: {error.message}"


def test_a_small_log_reads_as_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs, damaged here and there and cut short, read in memory (each small) and from the
    file (SMALL_LOG 0: every log is large): the same log, or the same refusal."""
    variants = []
    for name in ("success.eval", "crashed.eval", "cancelled.eval", "success.json"):
        data = (FIXTURES / name).read_bytes()
        places = [*range(0, len(data), len(data) // 40)]
        tail = data.rfind(b"PK\x01\x02")  # the last central directory entry, and the end record
        places += range(tail, len(data), 7)[:20] if tail >= 0 else []
        for at in places:
            variants.append(data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :])
            variants.append(data[:at])
    end = variants[0].rfind(b"PK\x05\x06")
    wrapped = variants[0][end:][:8] + b"\xff\xff\xff\xff" + variants[0][end:][12:]
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, 2**62, 1)
    variants.append(b"PK\x03\x04" + locator + wrapped)  # the ZIP64 record would start at -52
    path = tmp_path / "x.eval"
    outcomes = []
    for variant in variants:
        path.write_bytes(variant)
        in_memory = _outcome(path)
        with monkeypatch.context() as patch:
            patch.setattr(eval_archive, "SMALL_LOG", 0)
            outcomes.append((_outcome(path), in_memory))
    assert [a for a, b in outcomes if a != b] == []
    assert len({a for a, _ in outcomes}) > 50  # logs read, and many kinds of refusal

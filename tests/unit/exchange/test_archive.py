"""Bounded, confined reads of bundle members."""

from __future__ import annotations

import io
import zipfile

import pytest

from aiss.exchange.archive import ArchiveError, read_members, safe_name, write_members


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("files/a.yaml", True),
        ("a/b/c.eval", True),
        ("../x", False),
        ("a/../../x", False),
        ("/etc/passwd", False),
        ("C:/x", False),
        ("a\\b", False),
        ("a//b", False),
        ("./a", False),
        ("", False),
        ("a\x1b[31m.yaml", False),
        ("a\nb.yaml", False),
        ("a\x07.yaml", False),
        ("a\x7f.yaml", False),
        ("a\u202eylm.yaml", False),
        ("a\u2066b", False),
        ("a\u2028b", False),
        ("a\u2029b", False),
        ("r\u00e9sum\u00e9/\u6587\u4ef6.yaml", True),
    ],
)
def test_safe_names(name: str, ok: bool) -> None:
    assert safe_name(name) is ok


def test_round_trip_is_deterministic() -> None:
    members = {"b.txt": b"2", "a.txt": b"1"}
    assert write_members(members) == write_members(dict(reversed(members.items())))
    assert read_members(write_members(members)) == members


def test_not_a_zip() -> None:
    with pytest.raises(ArchiveError, match="not a readable ZIP"):
        read_members(b"hello")


def test_a_lying_size_header_is_refused() -> None:
    raw = bytearray(write_members({"a.txt": b"x" * 100}))
    # shrink the declared size in the central directory record (offset 24 from its signature)
    cd = raw.rindex(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(ArchiveError):
        read_members(bytes(raw))


def test_encrypted_or_foreign_compression_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_BZIP2) as zf:
        zf.writestr("a.txt", b"x")
    with pytest.raises(ArchiveError, match="unsupported compression"):
        read_members(buf.getvalue())


def test_compressed_members_are_stored_text_is_deflated() -> None:
    raw = write_members({"logs/a.eval": b"x" * 4096, "a.yaml": b"y" * 4096})
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
    assert kinds == {"logs/a.eval": zipfile.ZIP_STORED, "a.yaml": zipfile.ZIP_DEFLATED}


def test_a_control_character_in_a_member_name_is_refused_and_shown_escaped() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("files/a\x1b]0;X\x07\nb.yaml", b"x")
    with pytest.raises(ArchiveError) as caught:
        read_members(buf.getvalue())
    message = str(caught.value)
    assert "control character" in message and "\\x1b" in message and "\\n" in message
    assert "\x1b" not in message and "\n" not in message

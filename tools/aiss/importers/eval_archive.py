"""The container side of Inspect logs: bounded reads of `.eval` ZIP members (stored, deflate
or zstd) and of `.json` logs, refusing archives that are corrupt, encrypted, too big or bombs.

What the members mean is `inspect_log`'s business; nothing here knows Inspect's schema.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import struct
import threading
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, cast

import orjson
import zstandard

from aiss.loading import open_binary, read_small

MAX_MEMBERS = 200_000
"""Most entries an `.eval` archive may have."""
MAX_MEMBER_BYTES = 1 << 30
"""Largest decompressed member (and largest `.json` log) accepted: 1 GiB."""
MAX_RATIO = 1000
"""Largest decompressed:compressed ratio accepted for a member bigger than `RATIO_FLOOR`."""
RATIO_FLOOR = 1 << 20
"""Members up to 1 MiB skip the ratio check: at that size a high ratio cannot hurt."""

ZIP_MAGIC = b"PK\x03\x04"
_STORED, _DEFLATED, _ZSTD = 0, 8, 93


class InspectLogError(Exception):
    """An Inspect log could not be read: not a log, truncated, corrupt, or too large."""

    def __init__(self, message: str, member: str | None = None) -> None:
        super().__init__(f"{member}: {message}" if member else message)
        self.message = message
        """What is wrong, without the member name."""
        self.member = member
        """The archive member (or JSON section) at fault, when there is one."""


# --- ZIP archives ----------------------------------------------------------------------------


class EvalArchive:
    """An `.eval` archive: its central directory, and bounded reads of single members."""

    def __init__(self, fp: BinaryIO) -> None:
        self._fp = fp
        self._data = fp.data if isinstance(fp, LogBytes) else None
        """A small log's bytes, from which members are sliced (as the file would be read)."""
        self._size = check_entry_count(fp)
        try:
            infos = zipfile.ZipFile(fp).infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,  # an entry needs a newer ZIP version than zipfile reads
        ) as ex:
            raise InspectLogError(f"not a readable ZIP archive: {ex}") from None
        except struct.error as ex:
            raise InspectLogError(f"corrupt ZIP central directory: {ex}") from None
        if len(infos) > MAX_MEMBERS:  # the end record can understate the real count
            raise InspectLogError(f"archive has {len(infos):,} entries, more than {MAX_MEMBERS:,}")
        # a name written twice is superseded: readers take the last entry (as Inspect does)
        self.members = {info.filename: info for info in infos}
        self._zstd = _zstd_decompressor()

    def read_json(self, name: str) -> object:
        return parse_json(self.read(name), name)

    def read(self, name: str) -> bytes:
        info = self.members[name]
        if info.flag_bits & 0x1:
            raise InspectLogError("encrypted members are not supported", name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise InspectLogError(
                f"decompressed size {info.file_size:,} bytes exceeds the {MAX_MEMBER_BYTES:,} limit",
                name,
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InspectLogError(
                f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 exceeds "
                f"{MAX_RATIO}:1 (possible ZIP bomb)",
                name,
            )
        # a central directory that lies about where the archive starts can point before it
        at = info.header_offset
        local = b""
        if 0 <= at < self._size:
            local = self._slice(at, 30)
        if len(local) != 30 or local[:4] != ZIP_MAGIC:
            raise InspectLogError("bad local file header (truncated or corrupt archive)", name)
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        raw = self._slice(at + 30 + name_len + extra_len, info.compress_size)
        if len(raw) != info.compress_size:
            raise InspectLogError("member data is truncated", name)
        data = self._decompress(info, raw)
        if len(data) != info.file_size:
            raise InspectLogError(
                f"decompressed to {len(data):,} bytes, expected {info.file_size:,}", name
            )
        if zlib.crc32(data) != info.CRC:
            raise InspectLogError("CRC mismatch (corrupt archive)", name)
        return data

    def _slice(self, at: int, size: int) -> bytes:
        """The `size` bytes from `at` (fewer at the end), as `seek(at)` and `read(size)` give."""
        if self._data is not None:
            return self._data[at : at + size]
        self._fp.seek(at)
        return self._fp.read(size)

    def _decompress(self, info: zipfile.ZipInfo, raw: bytes) -> bytes:
        # never produce more than declared + 1 bytes, so a lying header cannot exhaust memory
        limit = info.file_size + 1
        try:
            if info.compress_type == _STORED:
                return raw
            if info.compress_type == _DEFLATED:
                return zlib.decompressobj(-15).decompress(raw, limit)
            if info.compress_type == _ZSTD:
                # Python's zipfile reads method 93 only from 3.14; Inspect writes it through
                # zipfile-zstd, possibly as several frames, so read across frame boundaries
                reader = self._zstd.stream_reader(raw, read_across_frames=True)
                chunks: list[bytes] = []
                size = 0
                while size < limit and (chunk := reader.read(limit - size)):
                    chunks.append(chunk)
                    size += len(chunk)
                return b"".join(chunks)
        except (zlib.error, zstandard.ZstdError) as ex:
            raise InspectLogError(f"cannot decompress: {ex}", info.filename) from None
        raise InspectLogError(f"unsupported compression method {info.compress_type}", info.filename)


_THREAD = threading.local()


def _zstd_decompressor() -> zstandard.ZstdDecompressor:
    """This thread's zstd decompressor, made once: making one costs as much as reading a small
    log's members with it (one must not be used by two threads at once; each member is
    decompressed whole by one call, so archives read one after the other can share one)."""
    zstd: zstandard.ZstdDecompressor | None = getattr(_THREAD, "zstd", None)
    if zstd is None:
        zstd = _THREAD.zstd = zstandard.ZstdDecompressor()
    return zstd


def check_entry_count(fp: BinaryIO) -> int:
    """Refuse an archive with too many entries before zipfile builds one object per entry;
    the archive's size in bytes."""
    size = fp.seek(0, os.SEEK_END)
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise InspectLogError("truncated archive: no end-of-central-directory record")
    (entries,) = struct.unpack("<H", tail[pos + 10 : pos + 12])
    if entries == 0xFFFF and pos >= 20 and tail[pos - 20 : pos - 16] == b"PK\x06\x07":
        (zip64_offset,) = struct.unpack("<Q", tail[pos - 12 : pos - 4])
        record = b""
        if zip64_offset + 40 <= size:  # else a record that is not there
            fp.seek(zip64_offset)
            record = fp.read(40)
        if len(record) == 40 and record[:4] == b"PK\x06\x06":
            (entries,) = struct.unpack("<Q", record[32:40])
    if entries > MAX_MEMBERS:
        raise InspectLogError(f"archive has {entries:,} entries, more than {MAX_MEMBERS:,}")
    return size


# --- JSON ------------------------------------------------------------------------------------


def parse_json(data: bytes, member: str | None) -> object:
    try:
        return cast(object, orjson.loads(data))
    except orjson.JSONDecodeError:
        pass
    try:  # Inspect writes NaN and Infinity, which orjson refuses and json accepts
        return cast(object, json.loads(data))
    except (ValueError, RecursionError) as ex:
        raise InspectLogError(f"invalid JSON: {ex}", member) from None


def read_json_file(fp: BinaryIO) -> bytes:
    fp.seek(0)
    data = fp.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise InspectLogError(f"JSON log is larger than {MAX_MEMBER_BYTES:,} bytes")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise InspectLogError("not an Inspect log: neither a ZIP archive nor a JSON object")
    return data


def is_zip(fp: BinaryIO) -> bool:
    fp.seek(0)
    return fp.read(4) == ZIP_MAGIC


SMALL_LOG = 1 << 20
"""Logs up to this size are read whole, in one read, and then hashed and parsed in memory."""


class LogBytes(io.BytesIO):
    """A small log, read whole, that seeks as its file does: the readers ask for the same
    positions and get the same answers (and refusals) as from the file itself."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.data = data
        """The log's bytes (what the file held when it was read)."""
        self._size = len(data)

    def seek(self, pos: int, whence: int = os.SEEK_SET, /) -> int:
        if not -(1 << 63) <= pos < 1 << 63:  # as io.FileIO: an offset has 64 bits
            raise ValueError("cannot fit 'int' into an offset-sized integer")
        base = {os.SEEK_CUR: self.tell(), os.SEEK_END: self._size}.get(whence, 0)
        if base + pos < 0:  # lseek(2) refuses a position before the start; BytesIO goes there
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return super().seek(pos, whence)


def open_log(path: Path) -> BinaryIO:
    """The log at `path`: its bytes when it is small (one read, where the readers would seek
    and read the file a dozen times), else the open file."""
    try:
        data = read_small(path, SMALL_LOG)
        # a large log (or one that grew as it was read) is read member by member
        return open_binary(path) if data is None else LogBytes(data)
    except OSError as ex:
        raise InspectLogError(f"cannot open {path}: {ex.strerror or ex}") from None


def sha256_of(fp: BinaryIO) -> str:
    if isinstance(fp, LogBytes):
        return hashlib.sha256(fp.data).hexdigest()
    digest = hashlib.sha256()
    fp.seek(0)
    while chunk := fp.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()

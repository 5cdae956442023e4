"""Bounded, confined reads of a bundle's ZIP members: the same limits as for Inspect `.eval`
archives (member count, member size, compression ratio), a total size limit, and names that
cannot leave the folder they are unpacked into."""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile

MAX_MEMBERS = 10_000
"""Most entries a bundle may have."""
MAX_MEMBER_BYTES = 1 << 30
"""Largest decompressed member: 1 GiB (as for `.eval` members)."""
MAX_TOTAL_BYTES = 4 << 30
"""Largest total decompressed size: 4 GiB."""
MAX_RATIO = 1000
"""Largest decompressed:compressed ratio for a member bigger than `RATIO_FLOOR`."""
RATIO_FLOOR = 1 << 20
"""Members up to 1 MiB skip the ratio check."""


class ArchiveError(Exception):
    """The bundle cannot be read safely: not a ZIP, a bomb, or a name that leaves the folder."""


BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Format characters (Cf) that reorder how a terminal shows text."""


def control_char(name: str) -> bool:
    """True when `name` holds a control character (Unicode Cc), a bidi control or a line or
    paragraph separator: printed raw, it would drive the recipient's terminal."""
    return any(
        unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS or c in "\u2028\u2029" for c in name
    )


def safe_name(name: str) -> bool:
    """A relative POSIX path that stays below the folder it is unpacked into, without control
    characters (`control_char`)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    if control_char(name):
        return False
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return False
    return posixpath.normpath(name) == name


def read_members(raw: bytes) -> dict[str, bytes]:
    """Every member of the ZIP `raw`, by name, within the limits; ArchiveError otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"not a readable ZIP archive: {exc}") from None
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"{len(infos):,} entries, more than {MAX_MEMBERS:,}")
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if not safe_name(name) or info.is_dir():
            why = (
                "has a control character in its name"
                if control_char(name)
                else "would be written outside the target folder"
            )
            raise ArchiveError(f"member {name!r} {why}")
        if name in out:
            raise ArchiveError(f"member {name!r} appears twice")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"member {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError(f"member {name!r} uses an unsupported compression")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ArchiveError(f"member {name!r} is larger than {MAX_MEMBER_BYTES:,} bytes")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveError(f"member {name!r} expands more than {MAX_RATIO}:1 (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ArchiveError(f"the members total more than {MAX_TOTAL_BYTES:,} bytes")
        try:
            with zf.open(info) as f:
                data = f.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"member {name!r} is corrupt: {exc}") from None
        if len(data) != info.file_size:
            raise ArchiveError(f"member {name!r} is not the size its header declares")
        out[name] = data
    return out


COMPRESSED = (".eval", ".zip", ".gz", ".zst", ".xz", ".bz2")
"""Members already compressed (an Inspect `.eval` is a ZIP of zstd members): stored as they are,
since deflating them again costs seconds and saves nothing."""


def write_members(members: dict[str, bytes]) -> bytes:
    """A deterministic ZIP of `members` (sorted, fixed timestamps; deflated unless already
    compressed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            stored = name.lower().endswith(COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buf.getvalue()

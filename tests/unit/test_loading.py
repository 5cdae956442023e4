"""loading: the registry is found or refused, never guessed; links out of it are found;
addresses read over the network (fetch) and the cache folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aiss import loading
from aiss.errors import UsageError
from aiss.loading import cache_dir, fetch, find_root, is_registry, is_url, oddities, read_file
from tests.support.in_time import in_time
from tests.support.served import serve

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "registry"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "standards")
    return tmp_path / "standards"


def test_the_nearest_folder_with_vocabularies_or_a_lock(root: Path) -> None:
    version = root / "AISS-TST-001" / "1.0.0"
    assert find_root([version / "standard.yaml"]) == root
    assert find_root([root]) == root
    shutil.rmtree(root / "vocabularies")
    (root / "registry.lock").write_text("lock_version: 2\nversions: {}\n")
    assert find_root([version / "standard.yaml"]) == root


def test_a_registry_without_vocabularies_is_still_found_by_its_layout(root: Path) -> None:
    shutil.rmtree(root / "vocabularies")
    version = root / "AISS-TST-001" / "1.0.0"
    (version / "examples").mkdir()
    (version / "examples" / "ok.yaml").write_text("x: 1\n")
    for given in (root, version / "standard.yaml", version / "examples" / "ok.yaml"):
        assert find_root([given]) == root, given
        assert is_registry(root)


def test_files_outside_any_registry_have_no_root(tmp_path: Path) -> None:
    lone = tmp_path / "draft" / "standard.yaml"
    lone.parent.mkdir()
    lone.write_text("x: 1\n")
    assert find_root([lone]) is None
    assert find_root([tmp_path / "draft"]) is None
    assert not is_registry(tmp_path / "draft")


def test_folders_linking_out_of_the_registry_are_listed(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(root / "AISS-TST-001" / "1.0.0", outside)
    (root / "AISS-TST-001" / "2.0.0").symlink_to(outside, target_is_directory=True)
    (root / "AISS-TST-001" / "latest").symlink_to(root / "AISS-TST-001" / "1.0.0")
    assert oddities(root).links_out == [root / "AISS-TST-001" / "2.0.0"]  # the inner link is fine
    (root / "AISS-TST-001" / "1.0.0" / "linked.yaml").symlink_to(outside / "standard.yaml")
    refused = read_file(root / "AISS-TST-001" / "1.0.0" / "linked.yaml", confine_to=root)
    assert refused.raw is None and refused.problem is not None
    assert refused.problem.code == "unreadable-file"


def _awkward(root: Path, outside: Path) -> Path:
    """`root`'s registry with what a walk must step around: links (to files, to folders in
    and out of it, dangling, in a loop), a fifo, hidden folders, a folder named like a file."""
    version = root / "AISS-TST-001" / "1.0.0"
    examples = version / "examples"
    examples.mkdir()
    (examples / "ok.yaml").write_text("x: 1\n")
    (examples / "link.yaml").symlink_to("ok.yaml")
    (examples / "dangling.yaml").symlink_to("nowhere.yaml")
    (examples / "loop").symlink_to("loop")
    (examples / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(examples / "fifo.yaml")
    (examples / ".yaml").write_text("x: 1\n")  # a name with no suffix
    (root / "AISS-TST-001" / "3.0.0" / "standard.yaml").mkdir(parents=True)
    (root / ".hidden" / "1.0.0").mkdir(parents=True)
    (root / ".hidden" / "1.0.0" / "standard.yaml").write_text("x: 1\n")
    outside.mkdir()
    (root / ".hidden" / "out").symlink_to(outside)
    (root / "AISS-OUT-001").symlink_to(outside)
    (root / "AISS-IN-001").symlink_to(root / "AISS-TST-001")
    return examples


def test_a_walk_takes_files_and_versions_as_listed_and_never_follows_a_folder_link(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    examples = _awkward(root, outside)
    (outside / "9.9.9").mkdir()
    (outside / "9.9.9" / "standard.yaml").write_text("x: 1\n")
    found = loading.discover([root])
    rel = [f.relative_to(root).as_posix() for f in found]
    # a link to a file is a file, and the file it names is checked once (by its first name)
    assert "AISS-TST-001/1.0.0/examples/link.yaml" in rel
    assert "AISS-TST-001/1.0.0/examples/ok.yaml" not in rel
    assert ".hidden/1.0.0/standard.yaml" in rel  # hidden folders are walked for files
    for absent in ("dangling.yaml", "loop.yaml", "fifo.yaml", ".yaml"):
        assert f"AISS-TST-001/1.0.0/examples/{absent}" not in rel
    assert not any(r.startswith(("AISS-OUT-001", "AISS-IN-001")) for r in rel)  # not followed
    assert found == sorted(found, key=lambda f: f.parts)
    # the two names of one file are one file to check, whichever is given first
    assert loading.discover([examples / "link.yaml", examples / "ok.yaml"]) == [
        examples / "link.yaml"
    ]
    versions = loading.standard_versions_on_disk(root)
    # folder links are followed here (a version is where its file is); a folder named
    # standard.yaml is found as the glob finds it
    assert ("AISS-OUT-001", "9.9.9") in versions and ("AISS-IN-001", "1.0.0") in versions
    assert ("AISS-TST-001", "3.0.0") in versions and ("AISS-TST-001", "1.0.0") in versions
    assert versions == frozenset(
        (f.parent.parent.name, f.parent.name) for f in root.glob("*/*/standard.yaml")
    )
    # out of the registry, through a folder link not below a hidden folder
    odd = oddities(root)
    assert odd.links_out == [root / "AISS-OUT-001"]
    # what discovery would have checked but cannot read, each named once: a link to nothing,
    # a link to itself, a fifo (not the folder link `loop`, nor `.yaml`, which is no YAML name)
    assert [f.relative_to(root).as_posix() for f in odd.not_files] == [
        f"AISS-TST-001/1.0.0/examples/{n}" for n in ("dangling.yaml", "fifo.yaml", "loop.yaml")
    ]
    (root / ".hidden" / "1.0.0" / "examples").mkdir()
    os.mkfifo(root / ".hidden" / "1.0.0" / "examples" / "p.yaml")  # walked as discover walks
    assert root / ".hidden" / "1.0.0" / "examples" / "p.yaml" in oddities(root).not_files


@pytest.mark.parametrize("raw", [b"", b"a", b"a\n", b"a\nb\r\n\nc", b"x" * 5000 + b"\n" + b"y" * 3])
def test_a_file_streamed_by_lines_gives_the_lines_and_digest_of_the_whole(
    tmp_path: Path, raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading.LineStream, "CHUNK", 7)  # lines cut across chunks
    path = tmp_path / "s.jsonl"
    path.write_bytes(raw)
    found = loading.stream_lines(path, confine_to=tmp_path, max_bytes=10_000)
    assert found.problem is None and found.lines is not None
    assert list(found.lines) == raw.split(b"\n")
    assert found.lines.sha256 == hashlib.sha256(raw).hexdigest()


def test_a_streamed_file_is_refused_as_a_read_one_is(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * 100)
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "link.jsonl"
    link.symlink_to(big)
    assert loading.stream_lines(big, max_bytes=10).problem.code == "file-too-large"  # type: ignore[union-attr]
    assert loading.stream_lines(link, confine_to=tmp_path / "out").lines is None


def test_fetch_reads_a_served_file_and_says_why_it_cannot(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"hello")
    with serve(tmp_path) as url:
        assert fetch(url + "a.txt", max_bytes=5) == b"hello"
        with pytest.raises(UsageError, match=r"a\.txt is larger than 4 bytes"):
            fetch(url + "a.txt", max_bytes=4)
        with pytest.raises(UsageError, match=r"cannot read .*/missing: HTTP 404"):
            fetch(url + "missing", max_bytes=10)
    assert fetch((tmp_path / "a.txt").as_uri(), max_bytes=10) == b"hello"
    with pytest.raises(UsageError, match="only http, https and file addresses"):
        fetch("ftp://example.org/x", max_bytes=10)


def test_is_url() -> None:
    assert is_url("https://x.org/") and is_url("file:///tmp/x")
    assert not is_url("standards") and not is_url("C:/site")


def test_cache_dir_order() -> None:
    assert cache_dir({"AISS_CACHE_DIR": "/a", "XDG_CACHE_HOME": "/b"}) == Path("/a")
    assert cache_dir({"XDG_CACHE_HOME": "/b"}) == Path("/b/aiss")
    assert cache_dir({}) == Path.home() / ".cache" / "aiss"


def test_read_small_reads_a_small_file_whole_and_refuses_as_open_binary(tmp_path: Path) -> None:
    data = b"PK\x03\x04" + bytes(range(256)) * 4
    (tmp_path / "log.eval").write_bytes(data)
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop").symlink_to("loop")
    assert loading.read_small(tmp_path / "log.eval", len(data)) == data
    assert loading.read_small(tmp_path / "log.eval", len(data) - 1) is None  # a larger file
    (tmp_path / "empty").write_bytes(b"")
    assert loading.read_small(tmp_path / "empty", 0) == b""
    for name in ("folder", "absent", "loop", "x" * 300, "log.eval/x"):
        with pytest.raises(OSError) as opened:
            loading.open_binary(tmp_path / name).close()
        with pytest.raises(OSError) as small:
            loading.read_small(tmp_path / name, 1 << 20)
        assert (type(small.value), small.value.strerror) == (
            type(opened.value),
            opened.value.strerror,
        )


def test_the_package_state_tells_each_file_by_its_stat_once_settled(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub" / "b.yaml").write_text("y: 2\n")
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "c.pyc").write_bytes(b"\0")
    (tmp_path / ".hidden").write_text("")
    racy = loading.package_state(tmp_path)
    assert [name for name, _ in racy] == ["a.py", "sub/b.yaml"]  # no compiled or hidden file
    assert racy[0][1] == "sha256 " + hashlib.sha256(b"x = 1\n").hexdigest()  # just written
    time.sleep(loading.RACY / 1e9 + 0.1)
    settled = loading.package_state(tmp_path)
    st = (tmp_path / "a.py").stat()
    assert settled[0][1] == f"stat {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"
    assert loading.package_state(tmp_path) == settled
    (tmp_path / "a.py").write_text("x = 1\n")  # the same bytes again: told by them, then...
    assert loading.package_state(tmp_path)[0] == racy[0]
    time.sleep(loading.RACY / 1e9 + 0.1)
    assert loading.package_state(tmp_path)[0] not in (racy[0], settled[0])  # ...a new stat


READERS: dict[str, Callable[[Path], object]] = {
    "read_file": lambda p: read_file(p, max_bytes=1 << 20),
    "stream_lines": lambda p: loading.stream_lines(p),
    "line_stream": lambda p: list(loading.LineStream(p)),
    "open_binary": lambda p: loading.open_binary(p).close(),
    "read_small": lambda p: loading.read_small(p, 1 << 20),
    "read_bytes": loading.read_bytes,
    "read_head": loading.read_head,
    "sha256_file": loading.sha256_file,
    "read_if_present": loading.read_if_present,
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="fifos are POSIX's")
@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fifo_is_refused_at_once_by_every_reader_never_waited_on(
    tmp_path: Path, reader: str
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # no writer: opening it to read in blocking mode waits for ever
    done, got = in_time(lambda: READERS[reader](fifo))
    assert done, f"{reader} waited on a fifo"
    if isinstance(got, OSError):
        assert "not a regular file" in str(got)
    elif isinstance(got, (loading.RawFile, loading.StreamedFile)):
        assert got.problem is not None and "not a regular file" in got.problem.message
        assert got.problem.code == "unreadable-file"
    else:  # the readers that say "could not" without saying why
        assert got in (b"", None), got
    # a regular file behind a link still reads, and a folder is still refused as one
    (tmp_path / "a.yaml").write_bytes(b"x: 1\n")
    (tmp_path / "link.yaml").symlink_to("a.yaml")
    assert loading.read_bytes(tmp_path / "link.yaml") == b"x: 1\n"
    with pytest.raises(IsADirectoryError):
        loading.read_bytes(tmp_path)


def test_a_named_file_that_is_no_file_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("x: 1\n")
    (tmp_path / "link.yaml").symlink_to("ok.yaml")
    loading.require_files([tmp_path / "ok.yaml", tmp_path / "link.yaml"])  # files: no answer
    (tmp_path / "dangling.yaml").symlink_to("gone.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, said in [
        ("absent.yaml", "no such file"),
        ("dangling.yaml", "a link that leads to nothing"),
        ("pipe.yaml", "not a regular file (a fifo, socket or device)"),
        (".", "a folder, not a file"),
    ]:
        with pytest.raises(UsageError) as err:
            loading.require_files([tmp_path / "ok.yaml", tmp_path / name])
        assert str(err.value) == f"{tmp_path / name}: {said}"
    with pytest.raises(UsageError, match="not a regular file"):
        loading.discover([tmp_path / "pipe.yaml"])  # validate's files: not walked as a folder


def test_a_file_read_carries_its_state_and_a_noted_digest_is_told_for_that_state_only(
    tmp_path: Path,
) -> None:
    f = tmp_path / "a.yaml"
    f.write_bytes(b"a: 1\n")
    rf = read_file(f)
    assert rf.state == loading.identity(f.stat())
    assert read_file(f, probe=True).state is None  # nothing read: no digest to note
    digest = hashlib.sha256(b"a: 1\n").hexdigest()
    loading.note_sha256(rf.state, digest)
    assert loading.noted_sha256(loading.identity(f.stat())) == digest
    f.write_bytes(b"a: 2\n")  # the same size, written again: another state
    assert loading.identity(f.stat()) != rf.state
    assert loading.noted_sha256(loading.identity(f.stat())) is None
    loading.note_sha256(None, digest)  # a file not read whole: nothing noted, no error

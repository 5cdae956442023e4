"""Reading files as they are at a git ref: the only module that runs git.

Two subprocesses per comparison, whatever the number of files: `git ls-tree` lists the files
under a folder at the ref, `git cat-file --batch` streams their contents. Refs are resolved with
`--end-of-options`, so a ref can never be read as an option.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from aiss.loading import UsageError


class GitError(UsageError):
    """git is missing, the folder is not in a repository, or the ref does not exist (exit 2)."""


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=data,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH") from exc
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {err[-1] if err else proc.returncode}")
    return proc.stdout


def toplevel(path: Path) -> Path:
    """The working tree root of the repository holding `path`."""
    folder = path if path.is_dir() else path.parent
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repo: Path, ref: str) -> str:
    """The commit id `ref` names."""
    try:
        out = _git(
            repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except GitError:
        raise GitError(f"{ref!r} is not a commit in {repo}") from None
    return out.decode().strip()


def tree_files(repo: Path, commit: str, folder: str, *, links: bool = False) -> dict[str, str]:
    """Blob id of every file under `folder` (relative to the repository root) at `commit`;
    with `links`, of every symbolic link instead (whose blob is the path it leads to)."""
    spec = [] if folder in ("", ".") else ["--", folder]
    out = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    files: dict[str, str] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob" and (mode == "120000") == links:
            files[name.decode()] = blob
    return files


def read_blobs(repo: Path, blobs: list[str]) -> dict[str, bytes]:
    """Contents of the given blob ids, in one `git cat-file --batch`."""
    if not blobs:
        return {}
    unique = sorted(set(blobs))
    out = _git(repo, "cat-file", "--batch", data=("\n".join(unique) + "\n").encode())
    found: dict[str, bytes] = {}
    pos = 0
    for blob in unique:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        if len(header) != 3 or header[0] != blob:
            raise GitError(f"git cat-file: unexpected answer {out[pos:end]!r}")
        size = int(header[2])
        found[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return found


def files_at(repo: Path, ref: str, folder: str, *, links: bool = False) -> dict[str, bytes]:
    """Every file under `folder` (repository-relative, POSIX) at `ref`: path -> bytes; with
    `links`, every symbolic link instead: path -> the path it leads to, as git stores it."""
    commit = resolve(repo, ref)
    listing = tree_files(repo, commit, folder, links=links)
    contents = read_blobs(repo, list(listing.values()))
    return {path: contents[blob] for path, blob in listing.items()}

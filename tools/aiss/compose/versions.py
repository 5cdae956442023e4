"""What the version commands do to a registry folder: load, plan with the pure core, write.

Each action returns the lines to print (the CLI prints them) or raises `UsageError` (exit 2)
or `Refused` (findings, exit 1); nothing here prints or exits. Writes go through `store`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from aiss.compose.check import StandardsOnDisk, registry_approvals, registry_organisations
from aiss.compose.example_pass import is_example
from aiss.compose.examples import check_examples
from aiss.compose.validate import Validation, check_file, load_registry, validate
from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.loading import (
    UsageError,
    display_path,
    read_bytes,
    read_folder,
    standard_versions_on_disk,
)
from aiss.models import SemVer, Status, Tlp
from aiss.registry import Entry, Registry
from aiss.versions import gitrefs, store
from aiss.versions.acks import AcknowledgedChange, frozen_reason
from aiss.versions.bump import BumpRefused, bumped_text, plan_auto, plan_bump, renumbered_text
from aiss.versions.canonical import file_digest
from aiss.versions.changes import BaseTree, base_problems, changed_versions, content_digest_of
from aiss.versions.frozen import content_digest
from aiss.versions.lifecycle import FROZEN, TransitionRefused, check_transition
from aiss.versions.lock import LOCK_FILE, LOCK_VERSION, Lock, LockEntry, legacy_line_digest
from aiss.versions.pairs import diff_entries, predecessor
from aiss.versions.render import Pair
from aiss.versions.rules import Bump
from aiss.versions.status_edit import with_status


class Refused(Exception):
    """The action was refused because of findings in the user's files (exit 1)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


def registry_at(root: Path) -> Registry:
    if not root.is_dir():
        raise UsageError(f"{root}: no such registry folder")
    return load_registry(root).the_registry()


def entry_of(registry: Registry, ref: str) -> Entry:
    found = registry.resolve(ref)
    if found is None:
        sid = ref.partition("@")[0]
        known = ", ".join(e.ref for e in registry.versions(sid)) or "none"
        raise UsageError(f"{ref}: no such standard version in {registry.root} (known: {known})")
    return found


def base_tree(root: Path, ref: str) -> BaseTree:
    """The registry folder's files at git `ref`, relative to the folder."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such registry folder")
    repo = gitrefs.toplevel(root)
    rel = root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if rel == "." else rel + "/"
    files = gitrefs.files_at(repo, ref, rel)
    links = gitrefs.files_at(repo, ref, rel, links=True)
    return BaseTree(
        ref,
        {p[len(prefix) :]: b for p, b in files.items() if p.startswith(prefix)},
        {p[len(prefix) :]: b for p, b in links.items() if p.startswith(prefix)},
    )


def pairs_against(root: Path, ref: str) -> tuple[list[Pair], list[str]]:
    """Each version added or changed since git `ref`, diffed with its predecessor; and the
    pairs withheld because one of the two is marked other than TLP:CLEAR (`ID old -> new
    (label)`: what CI may print of them)."""
    base = base_tree(root, ref)
    registry = registry_at(root)
    acks = store.load_acks(root)
    pairs, withheld = [], []
    for sid, version in changed_versions(root, base, standard_versions_on_disk(root)):
        entry = registry.get(sid, version)
        old = predecessor(registry, entry) if entry else None
        if entry is None or old is None:
            continue
        labels: list[Tlp] = [
            e.standard.marking for e in (old, entry) if e.standard.marking is not Tlp.CLEAR
        ]
        if labels:
            strictest = Tlp.most_restrictive(labels).value
            withheld.append(f"{sid} {old.standard.version} -> {version} ({strictest})")
            continue
        pairs.append(diff_entries(old, entry, acks))
    return pairs, withheld


@dataclass(frozen=True)
class Checked:
    """What `check-changes` found."""

    diagnostics: list[Diagnostic]
    files: int
    restricted: dict[str, str] = field(default_factory=dict)
    """Display path -> `ID@version (TLP:...)` of the restricted documents (CI output)."""


def check_changes(root: Path, ref: str) -> Checked:
    """`aiss validate` on the working tree plus the comparison with git `ref`."""
    base = base_tree(root, ref)
    result = validate([root], root=root)
    found = base_problems(root, base, store.load_acks(root))
    said = {d.path for d in found if d.code == "frozen-version-modified"}
    same = [
        d
        for d in result.diagnostics
        if not (d.code == "frozen-version-modified" and d.path in said)
    ]
    return Checked(sorted_diagnostics(same + found), result.files, result.restricted)


def bump(root: Path, sid: str, part: str, source: str | None, today: dt.date) -> str:
    """`aiss bump`: a new draft version folder, or (`auto`) the working draft renumbered."""
    registry = registry_at(root)
    entries = registry.versions(sid)
    if not entries:
        raise UsageError(f"{sid}: no such standard in {root}")
    versions = [e.standard for e in entries]
    try:
        if part == "auto":
            prev = predecessor(registry, entries[-1])
            report = diff_entries(prev, entries[-1], store.load_acks(root)).report if prev else None
            plan = plan_auto(versions, report)
        else:
            plan = plan_bump(versions, Bump[part.upper()], source=source)
    except BumpRefused as exc:
        raise UsageError(str(exc)) from None
    src = registry.get(sid, plan.source.version)
    assert src is not None
    target = root / sid / plan.new_version
    text = read_bytes(src.path).decode("utf-8")
    if plan.renumber:
        if plan.new_version == plan.source.version:
            return f"{src.ref} is already numbered for its changes"
        files = read_folder(src.path.parent)
        files["standard.yaml"] = renumbered_text(text, plan.new_version).encode()
        store.move_folder(src.path.parent, target, files)
        return f"moved {src.ref} to {plan.new_version}: {display_path(target)}/"
    # `supersedes` names the predecessor (the highest lower version), not a `--from` source
    mine = SemVer.parse(plan.new_version)
    prev = [e for e in entries if SemVer.parse(e.standard.version) < mine][-1]
    new_text = bumped_text(text, new_version=plan.new_version, supersedes=prev.ref, today=today)
    store.create_folder(target, {"standard.yaml": new_text.encode()})
    return (
        f"created {display_path(target / 'standard.yaml')} from {src.ref} as a draft; "
        "list its changes in the new changelog entry"
    )


class _AsPublished:
    """The registry's standard versions with one of them as it will be once published, so
    that its examples are checked for the verdicts they declare (a draft gives every example
    `non_conformant`, which would refuse the publication of any conformant example)."""

    def __init__(self, standards: StandardsOnDisk, entry: Entry) -> None:
        published = entry.standard.model_copy(update={"status": Status.PUBLISHED})
        self.standards = standards
        self.entry = Entry(published, entry.doc, entry.path, entry.sha256)

    def get(self, sid: str, version: str) -> Entry | None:
        mine = self.entry.standard
        if (sid, version) == (mine.id, mine.version):
            return self.entry
        return self.standards.get(sid, version)

    def unusable(self, sid: str, version: str) -> str | None:
        return self.standards.unusable(sid, version)

    def latest(self, sid: str) -> Entry | None:
        found = self.standards.latest(sid)
        mine = self.entry.standard
        if sid != mine.id or (
            found is not None and SemVer.parse(found.standard.version) > SemVer.parse(mine.version)
        ):
            return found
        return self.entry

    def refs(self) -> list[str]:
        return self.standards.refs()


def _examples_as_published(root: Path, entry: Entry, result: Validation) -> list[Diagnostic]:
    """Errors of the version's examples checked against the version as published."""
    folder = display_path(entry.path.parent) + "/"
    assert result.registry is not None
    standards = StandardsOnDisk(root, registry=result.registry, strict=False)
    # the validation keeps no example's parsed document once its checks are done: read again
    examples = [
        check_file(Path(c.doc.path), confine_to=root)
        for c in result.checked
        if c.doc.path.startswith(folder) and is_example(Path(c.doc.path))
    ]
    found = check_examples(
        examples,
        _AsPublished(standards, entry),
        registry_approvals(root),
        registry_organisations(root),
    )
    return [d for d in found if d.is_error]


def _publish_blockers(root: Path, entry: Entry) -> list[Diagnostic]:
    """Errors in the version's folder (a missing lock entry aside; its examples checked as
    they will be once it is published), and an empty changelog."""
    folder = display_path(entry.path.parent) + "/"
    result = validate([root], root=root)
    out = [
        d
        for d in result.diagnostics
        if d.is_error
        and d.path.startswith(folder)
        and d.code not in ("lock-entry-missing", "example-verdict-mismatch")
    ]
    out += _examples_as_published(root, entry, result)
    std = entry.standard
    mine = next((c for c in std.changelog if c.version == std.version), None)
    if (
        mine is not None
        and not mine.changes
        and not any(d.code == "changelog-entry-empty" for d in out)
    ):
        out.append(
            entry.doc.diagnostic(
                ("changelog",),
                "changelog-entry-empty",
                f"the changelog entry of {std.version} lists no changes",
            )
        )
    return out


def _entry_for(ref: str, text: str, published: dt.date | None) -> LockEntry:
    """The lock entry of version `ref` whose file will hold `text`."""
    raw = text.encode("utf-8")
    digest = content_digest_of(raw)
    if digest is None:
        raise UsageError(f"{ref}: its file does not load cleanly, so it cannot be locked")
    return LockEntry(sha256=digest, file_sha256=file_digest(raw), published=published)


def _refresh(lock: Lock, e: Entry, text: str) -> Lock:
    """The lock with version `e`'s recorded bytes updated after a lifecycle edit to `text`:
    only when its content still matches its entry (a changed version stays reported)."""
    locked = lock.versions.get(e.ref)
    if locked is None or content_digest_of(text.encode("utf-8")) != locked.sha256:
        return lock
    raw = file_digest(text.encode("utf-8"))
    return lock.with_entry(e.ref, locked.model_copy(update={"file_sha256": raw}))


def _current_lock(root: Path) -> Lock:
    lock = store.read_lock(root)
    if lock.outdated:
        raise UsageError(
            f"{display_path(root / LOCK_FILE)} is in format 1: run `aiss lock --update` once "
            "to migrate it, then run this command again"
        )
    return lock


def set_status(
    root: Path,
    ref: str,
    status: Status,
    date: dt.date,
    *,
    note: str | None = None,
    superseded_by: str | None = None,
) -> list[str]:
    """A lifecycle step; publishing also locks the version and supersedes its predecessor.

    The whole step runs under the registry's write lock (`store.exclusive`), and the files it
    changes (the version, its predecessor, the lock) are written together."""
    with store.exclusive(root):
        return _set_status(root, ref, status, date, note=note, superseded_by=superseded_by)


def _set_status(
    root: Path,
    ref: str,
    status: Status,
    date: dt.date,
    *,
    note: str | None,
    superseded_by: str | None,
) -> list[str]:
    registry = registry_at(root)
    entry = entry_of(registry, ref)
    std = entry.standard
    lock = _current_lock(root)
    relock = status is Status.PUBLISHED and std.status in FROZEN
    if relock and entry.ref in lock.versions:
        return [f"{entry.ref} is already {std.status.value} and locked"]
    if not relock:
        try:
            check_transition(std.status, status)
        except TransitionRefused as exc:
            raise UsageError(f"{entry.ref}: {exc}") from None
    if status is Status.PUBLISHED:
        blockers = _publish_blockers(root, entry)
        if blockers:
            raise Refused(f"{entry.ref} is not published: fix these first", blockers)
    said = []
    changed: dict[Path, str] = {}
    text = read_bytes(entry.path).decode("utf-8")
    if not relock:
        text = with_status(text, status, date, note=note, superseded_by=superseded_by)
        changed[entry.path] = text
        said.append(f"{entry.ref} is now {status.value}")
    if status is not Status.PUBLISHED:
        if changed:
            store.write_lock(root, _refresh(lock, entry, text), changed)
        return said
    history = [e.date for e in std.status_history if e.status is Status.PUBLISHED]
    published = history[0] if relock and history else date
    lock = lock.with_entry(entry.ref, _entry_for(entry.ref, text, published))
    said.append(f"locked {entry.ref} in {display_path(root / LOCK_FILE)}")
    prev = predecessor(registry, entry)
    if prev is not None and prev.standard.status in FROZEN and prev.standard.superseded_by is None:
        old_text = read_bytes(prev.path).decode("utf-8")
        old_text = with_status(old_text, None, date, superseded_by=entry.ref)
        changed[prev.path] = old_text
        lock = _refresh(lock, prev, old_text)
        said.append(f"{prev.ref} is superseded by {entry.ref}")
    store.write_lock(root, lock, changed)
    return said


def _migrate(
    registry: Registry, lock: Lock, acks: list[AcknowledgedChange], relock: tuple[str, ...]
) -> tuple[Lock | None, list[str]]:
    """A format-1 lock in format 2: each version must still match its line digest (or be
    named by `relock`, or acknowledged); then its content digest and bytes are recorded.
    All or nothing: None and the reasons when any version cannot be carried over."""
    versions: dict[str, LockEntry] = {}
    problems: list[str] = []
    for ref, was in sorted(lock.versions.items()):
        e = registry.resolve(ref)
        if e is None:
            problems.append(f"{ref}: in the lock but it does not load (see aiss validate)")
            continue
        raw = read_bytes(e.path)
        digest = content_digest_of(raw)
        if digest is None:
            problems.append(f"{ref}: its file does not load cleanly (see aiss validate)")
            continue
        same = legacy_line_digest(raw) == was.sha256
        if not (same or ref in relock or frozen_reason(acks, ref, digest)):
            problems.append(f"{ref}: changed since it was locked (see aiss validate); not migrated")
            continue
        versions[ref] = LockEntry(
            sha256=digest, file_sha256=file_digest(raw), published=was.published
        )
    return (None, problems) if problems else (Lock(versions, LOCK_VERSION), [])


def update_lock(
    root: Path, *, write: bool, relock: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Lock every published version not yet locked (and `relock`, or acknowledged changes);
    record the bytes of versions whose content is unchanged; migrate a format-1 lock.

    Returns (what was locked, what is still wrong); with `write` False nothing is written.
    Runs under the registry's write lock when it writes."""
    if not write:
        return _update_lock(root, write=False, relock=relock)
    with store.exclusive(root):
        return _update_lock(root, write=True, relock=relock)


def _update_lock(
    root: Path, *, write: bool, relock: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    registry = registry_at(root)
    lock, acks = store.read_lock(root), store.load_acks(root)
    shown = display_path(root / LOCK_FILE)
    done: list[str] = []
    problems: list[str] = []
    if lock.outdated:
        if not write:
            return [], [f"{shown}: format 1; run `aiss lock --update` once to migrate it"]
        migrated, problems = _migrate(registry, lock, acks, relock)
        if migrated is None:
            return [], [*problems, f"{shown}: not migrated; nothing was written"]
        lock = migrated
        done.append(f"migrated {shown} to format {LOCK_VERSION} ({len(lock.versions)} versions)")
    changed = bool(done)
    for ref in sorted(lock.versions):
        if registry.resolve(ref) is None:
            problems.append(f"{ref}: in the lock but it does not load (see aiss validate)")
    for e in registry:
        if e.standard.status not in FROZEN:
            continue
        digest = content_digest(e)
        locked = lock.versions.get(e.ref)
        if digest is None:
            problems.append(f"{e.ref}: its content has no canonical form (see aiss validate)")
            continue
        if locked is not None and locked.sha256 == digest:
            if locked.file_sha256 == e.sha256:
                continue
            if write:
                lock = lock.with_entry(e.ref, locked.model_copy(update={"file_sha256": e.sha256}))
                done.append(f"recorded the new bytes of {e.ref} (its content is unchanged)")
                changed = True
            else:
                problems.append(
                    f"{e.ref}: its bytes changed, its content did not (see aiss validate)"
                )
            continue
        if write and (locked is None or e.ref in relock or frozen_reason(acks, e.ref, digest)):
            history = [h.date for h in e.standard.status_history if h.status is Status.PUBLISHED]
            entry = LockEntry(
                sha256=digest, file_sha256=e.sha256, published=history[0] if history else None
            )
            lock = lock.with_entry(e.ref, entry)
            done.append(f"locked {e.ref}")
            changed = True
        elif locked is None:
            problems.append(f"{e.ref}: not in the lock")
        else:
            problems.append(f"{e.ref}: changed since it was locked (see aiss validate)")
    if changed:
        store.write_lock(root, lock)
    if not done and not problems:
        done.append(f"{shown}: {len(lock.versions)} versions, up to date")
    return done, problems

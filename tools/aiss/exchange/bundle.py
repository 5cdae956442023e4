"""Exchange bundles: files one institute sends another, with a signed manifest.

A bundle is a ZIP archive of `files/<path>` members and `manifest.dsse.json`: a DSSE envelope
(Ed25519) around an in-toto Statement whose subjects are the files (name and sha256) and whose
predicate (`PREDICATE_TYPE`) is the manifest: sender, recipient, and each file's marking,
embargo and standard version. Verifying checks the signature against the sender's key in the
registry, that the signer is the sender, that the members are exactly the files listed (none
added, none removed), every digest, and every marking against the recipient.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError

from aiss.exchange.archive import (
    ArchiveError,
    control_char,
    read_members,
    safe_name,
    write_members,
)
from aiss.exchange.policy import REDACT_HINT, part_refusals, refusal
from aiss.models.common import Code, Model, Sha256, Tlp
from aiss.signing import (
    PAYLOAD_TYPE_INTOTO,
    Failure,
    SigningKey,
    Statement,
    TrustedKey,
    Verified,
    parse_envelope,
    sign_statement,
    statement_of,
    subject,
    verify_envelope,
)

PREDICATE_TYPE = "https://aiss.example.org/exchange-bundle/v1"
MANIFEST = "manifest.dsse.json"
FILES = "files/"


class BundleEntry(Model):
    """One file of a bundle, as the manifest lists it."""

    path: str = Field(min_length=1, max_length=500)
    """Path inside the bundle (below `files/`), relative POSIX."""
    sha256: Sha256
    """Digest of its bytes."""
    size: int = Field(ge=0)
    """Its size in bytes."""
    kind: Literal["submission", "log", "samples", "evidence", "exercise", "other"]
    """What it is."""
    marking: Tlp
    """Its TLP marking."""
    embargo_until: dt.date | None = None
    """Not to be published before this date."""
    standard: str | None = None
    """The standard version it is for, `ID@VERSION`."""
    orgs: list[Code] = Field(default_factory=list)
    """Its own organisations (submitter, evaluating organisations)."""
    shared_with: list[Code] = Field(default_factory=list)
    """Organisations its marking lets it be shared with."""


class Manifest(Model):
    """The predicate of a bundle's Statement."""

    sender: Code
    """The sending organisation (its key signs the manifest)."""
    recipient: Code
    """The organisation the bundle is for."""
    created: dt.datetime
    """When it was made."""
    standards: list[str] = Field(default_factory=list)
    """The standard versions of its files."""
    files: list[BundleEntry] = Field(min_length=1)
    """Every file."""


@dataclass(frozen=True)
class Outgoing:
    """A file to pack, with what the manifest says of it."""

    entry: BundleEntry
    data: bytes
    parts: tuple[tuple[str, Tlp], ...] = ()
    """Its parts that carry a marking of their own (`$.claims[0]`, the marking): each must go
    to the recipient as the file must."""


class Refused(Exception):
    """Files the recipient may not receive; nothing is written."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def outgoing(
    path: str,
    data: bytes,
    kind: Literal["submission", "log", "samples", "evidence", "exercise", "other"],
    marking: Tlp,
    *,
    embargo_until: dt.date | None = None,
    standard: str | None = None,
    orgs: Sequence[str] = (),
    shared_with: Sequence[str] = (),
    parts: Sequence[tuple[str, Tlp]] = (),
) -> Outgoing:
    """A file to pack, its digest and size computed."""
    entry = BundleEntry(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=kind,
        marking=marking,
        embargo_until=embargo_until,
        standard=standard,
        orgs=list(orgs),
        shared_with=list(shared_with),
    )
    return Outgoing(entry, data, tuple(parts))


def pack(
    files: Sequence[Outgoing],
    *,
    sender: str,
    recipient: str,
    key: SigningKey,
    created: dt.datetime,
    community: Collection[str] = (),
) -> bytes:
    """The bundle's bytes; `Refused` (with every reason) when any file may not go."""
    reasons = []
    for f in files:
        e = f.entry
        if not safe_name(e.path):
            what = (
                "has a control character in its name"
                if control_char(e.path)
                else "is not a relative path below the bundle"
            )
            reasons.append(f"{e.path!r} {what}; rename it")
            continue
        why = refusal(
            e.marking, recipient, own=e.orgs, shared_with=e.shared_with, community=community
        )
        if why:
            reasons.append(f"{e.path}: {why}")
        elif parts := part_refusals(
            f.parts, recipient, own=e.orgs, shared_with=e.shared_with, community=community
        ):
            reasons.append(f"{e.path}: {'; '.join(parts)}; {REDACT_HINT}")
    paths = [f.entry.path for f in files]
    if len(set(paths)) != len(paths):
        reasons.append("two files have the same path in the bundle")
    if reasons:
        raise Refused(reasons)
    manifest = Manifest(
        sender=sender,
        recipient=recipient,
        created=created,
        standards=sorted({f.entry.standard for f in files if f.entry.standard}),
        files=[f.entry for f in files],
    )
    statement = Statement.of(
        [subject(f.entry.path, f.data) for f in files],
        PREDICATE_TYPE,
        manifest.model_dump(mode="json", exclude_none=True),
    )
    envelope = sign_statement(statement, key)
    members = {FILES + f.entry.path: f.data for f in files}
    members[MANIFEST] = envelope.to_json()
    return write_members(members)


@dataclass(frozen=True)
class Problem:
    """Why a bundle was not accepted: a stable code and a sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class Received:
    """A bundle that verified: who signed it, its manifest, and the files by path."""

    verified: Verified
    manifest: Manifest
    files: dict[str, bytes]


def verify(
    raw: bytes,
    trusted: Sequence[TrustedKey],
    *,
    recipient: str | None = None,
    community: Collection[str] = (),
    now: dt.datetime | None = None,
    max_age: dt.timedelta | None = None,
) -> Received | list[Problem]:
    """The bundle when everything checks; otherwise every problem found (nothing to extract).
    `recipient` None checks no recipient (the caller said so); the manifest's `created` must
    carry a time zone, not lie ahead of `now` beyond `CLOCK_SKEW`, and with `max_age` not lie
    further behind."""
    try:
        members = read_members(raw)
    except ArchiveError as exc:
        return [Problem("bundle-unsafe", str(exc))]
    env_raw = members.pop(MANIFEST, None)
    if env_raw is None:
        return [Problem("bundle-unsigned", f"the bundle has no {MANIFEST}")]
    env = parse_envelope(env_raw)
    if isinstance(env, Failure):
        return [Problem("bundle-signature-invalid", env.message)]
    got = verify_envelope(env, trusted, payload_type=PAYLOAD_TYPE_INTOTO)
    if isinstance(got, Failure):
        return [Problem("bundle-signature-invalid", f"{got.message} ({got.code})")]
    statement = statement_of(got)
    if isinstance(statement, Failure) or statement.predicate_type != PREDICATE_TYPE:
        why = statement.message if isinstance(statement, Failure) else statement.predicate_type
        return [Problem("bundle-manifest-invalid", f"not an aiss bundle manifest: {why}")]
    try:
        manifest = Manifest.model_validate(statement.predicate)
    except ValidationError as exc:
        first = str(exc).splitlines()[0]
        return [Problem("bundle-manifest-invalid", f"the manifest does not validate: {first}")]
    unsafe = [e.path for e in manifest.files if not safe_name(e.path)]
    if unsafe:
        return [
            Problem("bundle-unsafe", f"the manifest lists {p!r}, a name that is not safe to unpack")
            for p in unsafe
        ]
    problems: list[Problem] = []
    if manifest.sender != got.org:
        problems.append(
            Problem(
                "bundle-sender-mismatch",
                f"the manifest names {manifest.sender} as sender, but {got.org}'s key signed it",
            )
        )
    problems += _freshness(manifest.created, now or dt.datetime.now(dt.timezone.utc), max_age)
    if recipient is not None and manifest.recipient != recipient:
        problems.append(
            Problem(
                "bundle-wrong-recipient",
                f"the bundle is for {manifest.recipient}, not for {recipient}",
            )
        )
    subjects = {s.name: s.digest.sha256 for s in statement.subject}
    listed = {e.path: e for e in manifest.files}
    if set(subjects) != set(listed):
        problems.append(
            Problem("bundle-manifest-invalid", "the Statement's subjects are not the listed files")
        )
    present = {name[len(FILES) :]: data for name, data in members.items() if name.startswith(FILES)}
    for name in sorted(n for n in members if not n.startswith(FILES)):
        problems.append(Problem("bundle-file-added", f"{name} is in the bundle but not listed"))
    for path in sorted(set(present) - set(listed)):
        problems.append(
            Problem("bundle-file-added", f"{FILES}{path} is in the bundle but not in the manifest")
        )
    for path, e in listed.items():
        data = present.get(path)
        if data is None:
            problems.append(
                Problem("bundle-file-missing", f"{FILES}{path} is listed but not in the bundle")
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != e.sha256 or subjects.get(path) != digest or len(data) != e.size:
            problems.append(
                Problem(
                    "bundle-digest-mismatch",
                    f"{FILES}{path} has sha256 {digest[:16]}…, the signed manifest says "
                    f"{e.sha256[:16]}…: the file was changed",
                )
            )
        refused = refusal(
            e.marking,
            manifest.recipient,
            own=e.orgs,
            shared_with=e.shared_with,
            community=community,
        )
        if refused:
            problems.append(Problem("bundle-marking-refused", f"{FILES}{path}: {refused}"))
    if problems:
        return problems
    return Received(got, manifest, present)


CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far ahead of the verifier's clock a bundle's `created` may be (clocks differ)."""


def _freshness(
    created: dt.datetime, now: dt.datetime, max_age: dt.timedelta | None
) -> list[Problem]:
    if created.tzinfo is None or created.utcoffset() is None:
        return [
            Problem(
                "bundle-manifest-invalid",
                f"the manifest's created ({created.isoformat()}) has no time zone",
            )
        ]
    if created > now + CLOCK_SKEW:
        return [
            Problem(
                "bundle-not-fresh",
                f"the bundle says it was created at {created.isoformat()}, after now "
                f"({now.isoformat(timespec='seconds')}): a clock is wrong or the date was made up",
            )
        ]
    if max_age is not None and now - created > max_age:
        days = (now - created).total_seconds() / 86400
        return [
            Problem(
                "bundle-not-fresh",
                f"the bundle was created at {created.isoformat()}, {days:.1f} days ago, more than "
                f"the {max_age.total_seconds() / 86400:g} days accepted (--max-age): an old "
                "bundle sent again",
            )
        ]
    return []


def manifest_json(manifest: Manifest) -> str:
    return json.dumps(manifest.model_dump(mode="json", exclude_none=True), indent=2)

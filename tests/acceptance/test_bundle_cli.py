"""`aiss bundle create` / `verify` end to end over the joint fixture: the round trip, every kind
of tampering caught (a changed byte, a removed file, an added file, a wrong key, a path that
leaves the folder, a bomb), nothing ever extracted from a bundle that failed, and the refusal
of an AMBER+STRICT file for another organisation."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiss.cli.main import cli
from aiss.exchange import bundle as bdl
from aiss.models.common import Tlp
from aiss.signing import generate_key, pae
from tests.support.joint import LOGS, Joint, build_joint, import_log


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Joint:
    return build_joint(tmp_path_factory.mktemp("joint"))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _create(
    joint: Joint, out: Path, *files: Path, to: str = "us-caisi", org: str = "uk-aisi"
) -> tuple[int, str]:
    return _run(
        "bundle", "create", "--root", str(joint.root), "--to", to,
        "--key", str(joint.keys[org]), "-o", str(out), *map(str, files),
    )  # fmt: skip


def _verify(joint: Joint, bundle: Path, *extra: str) -> tuple[int, str]:
    """`aiss bundle verify`, as the bundle's recipient unless `extra` says otherwise."""
    who = [] if {"--as", "--any-recipient"} & set(extra) else ["--as", "us-caisi"]
    return _run("bundle", "verify", "--root", str(joint.root), str(bundle), *who, *extra)


@pytest.fixture(scope="module")
def bundle(joint: Joint, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "uk-to-us.zip"
    code, output = _create(joint, out, joint.submissions["uk"])
    assert code == 0, output
    assert "2 file(s) from uk-aisi for us-caisi" in output
    return out


def test_round_trip(joint: Joint, bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "received"
    code, output = _verify(joint, bundle, "--as", "us-caisi", "--extract", str(target))
    assert code == 0, output
    assert "verified: signed by uk-aisi" in output and "from uk-aisi for us-caisi" in output
    assert "uk.yaml: submission, TLP:AMBER, AISS-JNT-001@1.0.0" in output
    assert "logs/joint-uk.eval: log, TLP:AMBER" in output
    assert (target / "uk.yaml").read_bytes() == joint.submissions["uk"].read_bytes()
    assert (target / "logs" / "joint-uk.eval").read_bytes() == (LOGS / "joint-uk.eval").read_bytes()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _tampered(bundle: Path, tmp: Path, how: str) -> Path:
    m = _members(bundle)
    if how == "changed-byte":
        data = bytearray(m["files/uk.yaml"])
        data[len(data) // 2] ^= 0x01
        m["files/uk.yaml"] = bytes(data)
    elif how == "removed-file":
        del m["files/logs/joint-uk.eval"]
    elif how == "added-file":
        m["files/extra.yaml"] = b"added later\n"
    elif how == "changed-manifest":
        env = json.loads(m["manifest.dsse.json"])
        body = base64.b64decode(env["payload"]).replace(b'"us-caisi"', b'"uk-aisi"', 1)
        env["payload"] = base64.b64encode(body).decode()
        m["manifest.dsse.json"] = json.dumps(env).encode()
    elif how == "wrong-key":
        env = json.loads(m["manifest.dsse.json"])
        other = generate_key()  # not in the registry, claims the UK key's id
        sig = other.sign(pae(env["payloadType"], base64.b64decode(env["payload"])))
        env["signatures"][0]["sig"] = base64.b64encode(sig).decode()
        m["manifest.dsse.json"] = json.dumps(env).encode()
    elif how == "unsigned":
        del m["manifest.dsse.json"]
    elif how == "path-escape":
        m["../escaped.txt"] = b"x"
    return _write(tmp / f"{how}.zip", m)


@pytest.mark.parametrize(
    ("how", "code"),
    [
        ("changed-byte", "bundle-digest-mismatch"),
        ("removed-file", "bundle-file-missing"),
        ("added-file", "bundle-file-added"),
        ("changed-manifest", "bundle-signature-invalid"),
        ("wrong-key", "bundle-signature-invalid"),
        ("unsigned", "bundle-unsigned"),
        ("path-escape", "bundle-unsafe"),
    ],
)
def test_tampering_is_caught_and_nothing_is_extracted(
    joint: Joint, bundle: Path, tmp_path: Path, how: str, code: str
) -> None:
    bad = _tampered(bundle, tmp_path, how)
    target = tmp_path / "out"
    exit_code, output = _verify(joint, bad, "--extract", str(target))
    assert exit_code == 1, output
    assert f"error[{code}]" in output and "NOT verified; nothing was extracted" in output
    assert not target.exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_a_key_revoked_in_the_registry_verifies_nothing(
    joint: Joint, bundle: Path, tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "standards"
    shutil.copytree(joint.root, root)
    issuers = root / "vocabularies" / "issuers.yaml"
    text = issuers.read_text(encoding="utf-8")
    key = joint.signing["uk-aisi"].keyid
    at = text.index(key)
    end = text.index("since: 2026-01-01\n", at) + len("since: 2026-01-01\n")
    issuers.write_text(text[:end] + "        revoked: 2026-06-01\n" + text[end:], encoding="utf-8")
    code, output = _run("bundle", "verify", "--root", str(root), "--as", "us-caisi", str(bundle))
    assert code == 1 and "was revoked on 2026-06-01" in output


def test_for_another_recipient(joint: Joint, bundle: Path) -> None:
    code, output = _verify(joint, bundle, "--as", "observer-lab")
    assert code == 1 and "error[bundle-wrong-recipient]" in output


def test_a_bomb_is_refused(joint: Joint, tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("files/zeros.bin", b"\0" * (8 << 20))
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(buf.getvalue())
    code, output = _verify(joint, bomb)
    assert code == 1 and "error[bundle-unsafe]" in output and "1000:1" in output


def test_amber_strict_for_another_organisation_is_refused(joint: Joint, tmp_path: Path) -> None:
    strict = import_log(
        joint.root, LOGS / "joint-uk.eval", tmp_path / "strict" / "uk.yaml", "uk-aisi",
        marking="TLP:AMBER+STRICT",
    )  # fmt: skip
    out = tmp_path / "strict.zip"
    code, output = _create(joint, out, strict, to="us-caisi")
    assert code == 1
    assert "TLP:AMBER+STRICT (the recipient's own organisation only)" in output
    assert "only uk-aisi may receive it, and us-caisi is another organisation" in output
    assert "nothing written" in output and not out.exists()
    # to its own organisation it may go
    code, output = _create(joint, out, strict, to="uk-aisi")
    assert code == 0, output


def test_the_signing_key_must_be_in_the_registry(joint: Joint, tmp_path: Path) -> None:
    stranger = tmp_path / "stranger.pem"
    stranger.write_bytes(generate_key().pem())
    code, output = _run(
        "bundle", "create", "--root", str(joint.root), "--to", "us-caisi", "--key", str(stranger),
        "-o", str(tmp_path / "x.zip"), str(joint.submissions["uk"]),
    )  # fmt: skip
    assert code == 2 and "not in the registry's issuers vocabulary" in output


def test_extract_never_overwrites(joint: Joint, bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "received"
    target.mkdir()
    (target / "uk.yaml").write_text("mine", encoding="utf-8")
    code, output = _verify(joint, bundle, "--extract", str(target))
    assert code == 2 and "nothing was extracted" in output
    assert (target / "uk.yaml").read_text(encoding="utf-8") == "mine"
    assert not (target / "logs").exists()


def test_the_evidence_a_claim_cites_travels_with_it(joint: Joint, tmp_path: Path) -> None:
    """A document a claim cites beside the submission decides an `evidence_present` check, so
    it goes in the bundle (marked as its claim and the document are), for the recipient to
    check the same verdict; one that leaves the folder is named as left out."""
    path = import_log(joint.root, LOGS / "joint-uk.eval", tmp_path / "ev" / "uk.yaml", "uk-aisi")
    doc = path.parent / "evidence" / "review.md"
    doc.parent.mkdir()
    doc.write_bytes(b"EVIDENCE-BYTES\n")
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    with path.open("a", encoding="utf-8") as f:
        f.write(
            "claims:\n- requirement: R-01\n  status: met\n  evidence:\n"
            f"  - {{type: document, uri: evidence/review.md, sha256: {digest}, marking: TLP:GREEN}}\n"
            "  - {type: document, uri: ../elsewhere.md, marking: TLP:GREEN}\n"
        )
    out = tmp_path / "ev.zip"
    code, output = _create(joint, out, path)
    assert code == 0, output
    assert "3 file(s) from uk-aisi for us-caisi" in output
    assert "../elsewhere.md: lies outside the submission's folder" in output
    target = tmp_path / "received"
    code, output = _verify(joint, out, "--extract", str(target))
    assert code == 0, output
    assert "evidence/review.md: evidence, TLP:AMBER" in output
    assert (target / "evidence" / "review.md").read_bytes() == b"EVIDENCE-BYTES\n"


def _green_with_strict_claim(joint: Joint, tmp_path: Path) -> Path:
    """A TLP:GREEN submission of uk-aisi whose one claim is marked TLP:AMBER+STRICT."""
    path = import_log(
        joint.root, LOGS / "joint-uk.eval", tmp_path / "green" / "uk.yaml", "uk-aisi",
        marking="TLP:GREEN",
    )  # fmt: skip
    with path.open("a", encoding="utf-8") as f:
        f.write(
            "claims:\n- requirement: R-01\n  status: met\n  marking: TLP:AMBER+STRICT\n"
            "  justification: SECRET-STRICT-CLAIM\n"
        )
    return path


def test_a_part_marked_above_the_recipient_is_refused(joint: Joint, tmp_path: Path) -> None:
    green = _green_with_strict_claim(joint, tmp_path)
    out = tmp_path / "green.zip"
    code, output = _create(joint, out, green, to="us-caisi")
    assert code == 1, output
    assert "its part $.claims[0] is marked TLP:AMBER+STRICT" in output
    assert "and us-caisi is another organisation" in output and "`aiss redact`" in output
    assert "nothing written" in output and not out.exists()
    code, output = _create(joint, out, green, to="uk-aisi")  # its own organisation may have it
    assert code == 0, output


def test_verify_refuses_a_part_another_tool_let_through(joint: Joint, tmp_path: Path) -> None:
    green = _green_with_strict_claim(joint, tmp_path)
    data = green.read_bytes()
    # packed as a tool that checks only the document's marking would (no parts given)
    raw = bdl.pack(
        [bdl.outgoing("uk.yaml", data, "submission", Tlp.GREEN, orgs=["uk-aisi"])],
        sender="uk-aisi", recipient="us-caisi", key=joint.signing["uk-aisi"],
        created=dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc), community={"uk-aisi", "us-caisi"},
    )  # fmt: skip
    bundle = tmp_path / "other-tool.zip"
    bundle.write_bytes(raw)
    target = tmp_path / "out"
    code, output = _verify(joint, bundle, "--extract", str(target))
    assert code == 1, output
    assert "error[bundle-part-marking-refused]" in output
    assert "files/uk.yaml: its part $.claims[0] is marked TLP:AMBER+STRICT" in output
    assert "NOT verified; nothing was extracted" in output and not target.exists()


ODD = "a\x1b]0;OWNED\x07\x1b[31m\nRED.yaml"


def test_a_name_with_control_characters_is_refused_and_shown_escaped(
    joint: Joint, tmp_path: Path
) -> None:
    odd = tmp_path / "src" / ODD
    odd.parent.mkdir()
    odd.write_bytes(joint.submissions["uk"].read_bytes())
    out = tmp_path / "odd.zip"
    code, output = _create(joint, out, odd)
    assert code == 1 and not out.exists()
    assert repr(ODD) in output and "control character" in output and "\x1b" not in output
    # a bundle with such a member, made by another tool, is refused and the name escaped
    m = _members(_tampered_base(joint, tmp_path))
    m["files/" + ODD] = b"x"
    bad = _write(tmp_path / "bad.zip", m)
    target = tmp_path / "out"
    code, output = _verify(joint, bad, "--extract", str(target))
    assert code == 1 and "error[bundle-unsafe]" in output and "control character" in output
    assert "\x1b" not in output and "\x07" not in output and not target.exists()


def _tampered_base(joint: Joint, tmp_path: Path) -> Path:
    out = tmp_path / "base.zip"
    code, output = _create(joint, out, joint.submissions["uk"])
    assert code == 0, output
    return out


# --- the recipient, the date, and one reading of the signed manifest ---------------------------


def test_verify_says_whom_the_bundle_must_be_for(joint: Joint, bundle: Path) -> None:
    code, output = _run("bundle", "verify", "--root", str(joint.root), str(bundle))
    assert code == 2 and "--as ORG" in output and "--any-recipient" in output
    code, output = _run(
        "bundle", "verify", "--root", str(joint.root), "--any-recipient", str(bundle)
    )
    assert code == 0 and "(recipient not checked: --any-recipient)" in output, output
    code, output = _verify(joint, bundle, "--as", "us-caisi", "--any-recipient")
    assert code == 2, output


def _packed(joint: Joint, tmp_path: Path, created: dt.datetime) -> Path:
    data = joint.submissions["uk"].read_bytes()
    raw = bdl.pack(
        [bdl.outgoing("uk.yaml", data, "submission", Tlp.AMBER, orgs=["uk-aisi"], shared_with=["us-caisi"])],
        sender="uk-aisi", recipient="us-caisi", key=joint.signing["uk-aisi"],
        created=created, community={"uk-aisi", "us-caisi"},
    )  # fmt: skip
    path = tmp_path / f"made-{created.date()}.zip"
    path.write_bytes(raw)
    return path


def test_a_bundle_dated_in_the_future_or_too_old_is_refused(joint: Joint, tmp_path: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    ahead = _packed(joint, tmp_path, now + dt.timedelta(days=2))
    code, output = _verify(joint, ahead)
    assert code == 1 and "error[bundle-not-fresh]" in output and "after now" in output, output
    old = _packed(joint, tmp_path, now - dt.timedelta(days=40))
    assert _verify(joint, old)[0] == 0  # no age limit unless asked
    code, output = _verify(joint, old, "--max-age", "30")
    assert code == 1 and "error[bundle-not-fresh]" in output and "more than the 30 days" in output
    assert _verify(joint, old, "--max-age", "60")[0] == 0
    # a clock a minute ahead is not a made-up date
    assert _verify(joint, _packed(joint, tmp_path, now + dt.timedelta(minutes=1)))[0] == 0


def test_a_key_given_twice_in_the_signed_manifest_is_refused(
    joint: Joint, bundle: Path, tmp_path: Path
) -> None:
    """Signed by the sender's real key, a manifest naming two recipients (one reader keeps
    the first, another the last) is not read at all."""
    m = _members(bundle)
    env = json.loads(m["manifest.dsse.json"])
    body = base64.b64decode(env["payload"])
    assert body.count(b'"recipient":"us-caisi"') == 1, body[:200]
    body = body.replace(
        b'"recipient":"us-caisi"', b'"recipient":"observer-lab","recipient":"us-caisi"'
    )
    env["payload"] = base64.b64encode(body).decode()
    sig = joint.signing["uk-aisi"].sign(pae(env["payloadType"], body))
    env["signatures"][0]["sig"] = base64.b64encode(sig).decode()
    m["manifest.dsse.json"] = json.dumps(env).encode()
    code, output = _verify(joint, _write(tmp_path / "twice.zip", m))
    assert code == 1, output
    assert "error[bundle-manifest-invalid]" in output
    assert "the key 'recipient' appears twice in one object" in output

"""`aiss keys generate` / `show`: a private key file and the registry entry of its public half."""

from __future__ import annotations

import stat
from pathlib import Path

from click.testing import CliRunner

from aiss.cli.main import cli
from aiss.signing.keys import key_id, load_private_key, parse_public_key


def test_generate_writes_a_private_key_and_prints_its_entry(tmp_path: Path) -> None:
    out = tmp_path / "uk.pem"
    result = CliRunner().invoke(cli, ["keys", "generate", "-o", str(out)])
    assert result.exit_code == 0, result.output
    key = load_private_key(out.read_bytes())
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "    keys:"
    assert lines[1] == f"      - keyid: {key.keyid}"
    public = lines[2].split("public_key: ")[1]
    assert key_id(parse_public_key(public)) == key.keyid
    shown = CliRunner().invoke(cli, ["keys", "show", str(out)])
    assert shown.exit_code == 0 and shown.stdout.splitlines() == lines[:3]


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "uk.pem"
    out.write_bytes(b"keep me")
    result = CliRunner().invoke(cli, ["keys", "generate", "-o", str(out)])
    assert result.exit_code == 2 and "never overwritten" in result.output
    assert out.read_bytes() == b"keep me"


def test_show_refuses_what_is_not_a_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["keys", "show", str(bad)])
    assert result.exit_code == 2 and "not an Ed25519 private key" in result.output

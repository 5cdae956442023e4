"""The joint-exercise fixture, built in a temporary folder as two institutes would build it.

`build_joint` copies `tests/fixtures/joint/registry` (the standard AISS-JNT-001, whose TP-1 is
pinned to the Inspect task `joint_qa`, and the issuers vocabulary), generates an Ed25519 key
for each institute and lists its public half under the institute in `issuers.yaml`, copies the
real Inspect logs of `tests/fixtures/inspect/` beside each institute's submission, imports
each with the real `aiss import inspect`, names the organisation on each run, and writes the
exercise record `exercises/EX-2026-001/exercise.yaml` with each submission's sha256.

    uk-aisi   joint-uk.eval      60 items, 46 correct (0.7667)
    us-caisi  joint-us.eval      50 items, 39 correct (0.78)   consistent with the UK run
    us-caisi  joint-us-low.eval  50 items, 15 correct (0.30)   inconsistent (not in the record)
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from aiss.cli.main import cli
from aiss.signing.keys import SigningKey, generate_key, public_key_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REGISTRY = FIXTURES / "joint" / "registry"
LOGS = FIXTURES / "inspect"
EX_ID = "EX-2026-001"
STANDARD = "AISS-JNT-001@1.0.0"
SECRET_TITLE = "RESTRICTED-TITLE-7f3a"
"""The exercise's working title: marked like the record (AMBER), never on the site."""
PUBLIC_TITLE = "Joint pre-deployment test of mockllm/model"
PUBLIC_FINDING = "PUBLIC-FINDING-2b9e: both institutes measured the same accuracy."


@dataclass(frozen=True)
class Joint:
    """Where everything of the built fixture is."""

    root: Path
    """The registry folder (`standards`)."""
    exercise: Path
    """The exercise's folder."""
    keys: dict[str, Path]
    """Organisation -> its private key file (outside the registry)."""
    signing: dict[str, SigningKey]
    submissions: dict[str, Path]
    """`uk`, `us`, `us-low` -> the imported submission."""


def _add_key(issuers: Path, org: str, key: SigningKey) -> None:
    text = issuers.read_text(encoding="utf-8")
    anchor = f"  - code: {org}\n"
    start = text.index(anchor)
    end = text.index("\n", text.index("    name:", start)) + 1
    entry = (
        "    keys:\n"
        f"      - keyid: {key.keyid}\n"
        f"        public_key: {public_key_text(key.public)}\n"
        "        since: 2026-01-01\n"
    )
    issuers.write_text(text[:end] + entry + text[end:], encoding="utf-8")


def import_log(root: Path, log: Path, out: Path, org: str, marking: str = "TLP:AMBER") -> Path:
    """`aiss import inspect` of one log, then the organisation named on the runs and in the
    document (what the institute adds by hand; `import inspect` cannot know it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / "logs").mkdir(exist_ok=True)
    local = out.parent / "logs" / log.name
    shutil.copyfile(log, local)
    args = ["import", "inspect", "--root", str(root), "--standard", STANDARD, str(local)]
    args += ["--system-type", "foundation_model", "--access-level", "api"]  # no log says
    result = CliRunner().invoke(cli, [*args, "-o", str(out), "--marking", marking])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    text = []
    in_runs = False
    for line in lines:
        text.append(line)
        if not line.startswith((" ", "-")):
            in_runs = line.startswith("runs:")
        if line.startswith("marking:") and marking == "TLP:AMBER":
            text[-1] = "marking: {tlp: 'TLP:AMBER', shared_with: [uk-aisi, us-caisi]}\n"
        if line.startswith("marking:"):
            text.append(f"submitter: {{org: {org}, role: government_institute}}\n")
            text.append(f"evaluating_orgs: [{org}]\n")
        if in_runs and line.startswith("  model: "):
            text.append(f"  org: {org}\n")
    out.write_text("".join(text), encoding="utf-8")
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


EXERCISE = """\
# yaml-language-server: $schema=../../../../schemas/exercise.schema.json
schema_version: "1.0.0"
kind: Exercise
id: {ex_id}
title: {secret}
status: published
marking:
  tlp: TLP:AMBER
  embargo_until: {embargo}
  public_summary_marking: TLP:CLEAR
  shared_with: [uk-aisi, us-caisi]
model_under_test:
  developer: Mock Labs
  model: {{provider_id: mockllm/model, snapshot: "2026-02-15"}}
  access_level: api
  access_window: {{start: 2026-02-16, end: 2026-02-28}}
organisations:
  - {{org: uk-aisi, role: lead}}
  - {{org: us-caisi, role: participant}}
  - {{org: observer-lab, role: observer}}
standards:
  - {{id: AISS-JNT-001, version: "1.0.0"}}
work:
  - {{org: uk-aisi, standard: {standard}, procedures: [TP-1]}}
  - {{org: us-caisi, standard: {standard}, procedures: [TP-1]}}
reference_models: [mockllm/reference]
submissions:
  - {{path: uk-aisi/uk.yaml, sha256: {uk}, org: uk-aisi}}
  - {{path: us-caisi/us.yaml, sha256: {us}, org: us-caisi}}
public_summary:
  marking: TLP:CLEAR
  title: {public_title}
  text: >-
    The UK and US institutes ran the same joint_qa task on the same model in the same
    access window and compared their results.
  findings:
    - "{finding}"
notes: RESTRICTED-NOTE-91c4 never published.
"""


def write_exercise(joint_root: Path, uk: Path, us: Path, *, embargo: str = "2026-03-01") -> Path:
    folder = joint_root / "exercises" / EX_ID
    path = folder / "exercise.yaml"
    path.write_text(
        EXERCISE.format(
            ex_id=EX_ID,
            secret=SECRET_TITLE,
            embargo=embargo,
            standard=STANDARD,
            uk=sha256(uk),
            us=sha256(us),
            public_title=PUBLIC_TITLE,
            finding=PUBLIC_FINDING,
        ),
        encoding="utf-8",
    )
    return path


def build_joint(tmp: Path) -> Joint:
    root = tmp / "standards"
    shutil.copytree(REGISTRY, root)
    keys_dir = tmp / "keys"
    keys_dir.mkdir()
    signing: dict[str, SigningKey] = {}
    keys: dict[str, Path] = {}
    for org in ("uk-aisi", "us-caisi"):
        key = generate_key()
        signing[org] = key
        keys[org] = keys_dir / f"{org}.pem"
        keys[org].write_bytes(key.pem())
        _add_key(root / "vocabularies" / "issuers.yaml", org, key)
    folder = root / "exercises" / EX_ID
    subs = {
        "uk": import_log(root, LOGS / "joint-uk.eval", folder / "uk-aisi" / "uk.yaml", "uk-aisi"),
        "us": import_log(root, LOGS / "joint-us.eval", folder / "us-caisi" / "us.yaml", "us-caisi"),
        "us-low": import_log(
            root, LOGS / "joint-us-low.eval", folder / "us-caisi" / "us-low.yaml", "us-caisi"
        ),
    }
    write_exercise(root, subs["uk"], subs["us"])
    return Joint(root, folder, keys, signing, subs)

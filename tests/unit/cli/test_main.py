"""cli.main: the lazy command table, fast `--help` and `--version`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from aiss.cli.main import COMMANDS, Group, cli
from aiss.cli.options import ROOT_HELP
from aiss.settings import VERSION

REPO = Path(__file__).resolve().parents[3]


def test_every_table_entry_is_a_command_of_its_module() -> None:
    for name in COMMANDS:
        command = Group._load(name)
        assert command is not None and command.name == name, name
        assert command.help, f"{name} has no help text"


def test_help_lists_every_command_with_its_table_line() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, (_, line) in COMMANDS.items():
        assert f"{name}" in result.output and line in result.output, name


def test_help_and_version_import_no_command_module() -> None:
    """`aiss --help` and `aiss --version` answer without loading the models or MkDocs."""
    script = (
        "import sys\n"
        "from aiss.cli.main import main\n"
        "for args in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('aiss.cli.cmd_', 'aiss.models', "
        "'pydantic', 'mkdocs'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert VERSION in proc.stdout
    assert proc.stdout.rstrip().endswith("[]"), proc.stdout


def _all_commands() -> list[tuple[str, click.Command]]:
    """Every command and subcommand, by its full name."""
    out: list[tuple[str, click.Command]] = []
    for name in COMMANDS:
        command = Group._load(name)
        assert command is not None
        out.append((name, command))
        if isinstance(command, click.Group):
            out += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
    return out


def test_every_help_text_gives_the_exit_status() -> None:
    missing = [
        name
        for name, _ in _all_commands()
        if "Exit status" not in CliRunner().invoke(cli, [*name.split(), "--help"]).output
    ]
    assert missing == []
    assert "Exit status: 0 clean" in CliRunner().invoke(cli, ["--help"]).output


def test_root_is_described_one_way() -> None:
    helps = {
        p.help
        for _, command in _all_commands()
        for p in command.params
        if isinstance(p, click.Option) and "--root" in p.opts
    }
    assert helps == {ROOT_HELP}


def test_a_mistyped_command_gets_a_did_you_mean() -> None:
    result = CliRunner().invoke(cli, ["vaildate"])
    assert result.exit_code == 2
    assert "No such command 'vaildate'. Did you mean 'validate'?" in result.output
    far = CliRunner().invoke(cli, ["zzz"])
    assert far.exit_code == 2 and "Did you mean" not in far.output


def test_site_commands_without_mkdocs_name_the_extra() -> None:
    """What a `pip install aiss` (no site extra) says for `aiss build`: one line, exit 2."""
    script = (
        "import sys\n"
        "sys.modules['mkdocs'] = None\n"
        "from aiss.cli.main import main\n"
        "main(['build'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "aiss: error: `aiss build` needs MkDocs, which this install lacks: pip install 'aiss[site]'"
    )


def test_a_reader_that_leaves_early_does_not_change_the_exit_status() -> None:
    """`aiss check ... | head -1` exits as the unpiped run does (here 1: not conformant)."""
    examples = sorted(str(p) for p in (REPO / "standards").glob("*/*/examples/*.yaml"))
    cmd = [sys.executable, "-m", "aiss", "check", *examples, "--format", "json"]
    alone = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert len(alone.stdout) > 70_000  # more than a pipe holds: the write itself breaks
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(timeout=60)
    assert (code, alone.returncode) == (1, 1)
    assert b"Traceback" not in proc.stderr.read()


def _check_loads(args: list[str]) -> tuple[int, set[str]]:
    """The exit status of `aiss check ARGS` in a new interpreter, and which of cryptography
    and ruamel it imported."""
    script = (
        "import sys\n"
        "from aiss.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "finally:\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules} & {'cryptography', 'ruamel'}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, set(eval(proc.stdout.splitlines()[-1]))  # a list of names we print


def test_check_without_signatures_loads_neither_cryptography_nor_ruamel() -> None:
    """Checking submissions that carry no signed approval (a fixture; a shipped example whose
    reviews the registry records) loads neither cryptography nor ruamel: issue 10's memory
    figure. The signed cases (tests/acceptance/test_attest_cli.py) load them where used."""
    fixture = ["--root", "tests/fixtures/submissions/registry"]
    fixture.append("tests/fixtures/submissions/conformant.yaml")
    shipped = ["standards/AISS-ARA-001/1.0.0/examples/conformant.yaml"]
    for args in (fixture, shipped):
        assert _check_loads(["check", *args]) == (0, set()), args

"""cli.main: the lazy command table, fast `--help` and `--version`."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from aiss.cli.main import COMMANDS, Group, cli
from aiss.settings import VERSION


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

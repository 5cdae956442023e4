"""The `aiss` command: a click group whose commands live in the `cmd_*` modules."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from aiss import __version__
from aiss.cli.exit import Exit
from aiss.loading import UsageError


class Group(click.Group):
    """Turns tool errors into exit code 2 with one clear line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"aiss: error: {exc}", err=True)
            ctx.exit(Exit.ERROR)
        except KeyboardInterrupt:
            click.echo("aiss: interrupted", err=True)
            ctx.exit(Exit.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug in aiss: say so in one line, trace only on request
            if os.environ.get("AISS_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"aiss: internal error: {type(exc).__name__}: {exc} "
                "(set AISS_DEBUG=1 for details, and please report it)",
                err=True,
            )
            ctx.exit(Exit.ERROR)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aiss")
def cli() -> None:
    """The registry and toolkit for versioned AI safety test standards."""


def _register() -> None:
    from aiss.cli import cmd_schema, cmd_validate

    modules: list[Any] = [cmd_validate, cmd_schema]
    for name in ("cmd_site", "cmd_versions", "cmd_check"):
        try:
            modules.append(__import__(f"aiss.cli.{name}", fromlist=["COMMANDS"]))
        except ImportError:
            continue
    for mod in modules:
        for command in mod.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    run: Callable[..., Any] = cli.main
    try:
        run(args=argv, prog_name="aiss", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            code = Exit.ERROR
        sys.exit(Exit.ERROR if code == 2 else code)

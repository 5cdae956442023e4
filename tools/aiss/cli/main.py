"""The `aiss` command: a click group whose commands are imported only when they are run."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click

from aiss.cli import lazy
from aiss.cli.exit import Exit, exit_now, quiet_stdout
from aiss.errors import UsageError
from aiss.settings import VERSION

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("aiss.cli.cmd_validate", "Validate standards, vocabularies and examples."),
    "schema": ("aiss.cli.cmd_schema", "Generate the JSON Schemas from the models."),
    "render": ("aiss.cli.cmd_site", "Write the site's Markdown pages to a folder."),
    "build": ("aiss.cli.cmd_site", "Build the site with MkDocs."),
    "serve": ("aiss.cli.cmd_site", "Serve the site on localhost, reloading on changes."),
    "diff": ("aiss.cli.cmd_versions", "Show the changes between two versions."),
    "bump": ("aiss.cli.cmd_versions", "Create the next version of a standard."),
    "publish": ("aiss.cli.cmd_versions", "Publish a version and record it in the lock."),
    "propose": ("aiss.cli.cmd_versions", "Open a draft version for public comment."),
    "deprecate": ("aiss.cli.cmd_versions", "Deprecate a published version."),
    "withdraw": ("aiss.cli.cmd_versions", "Withdraw a version."),
    "check-changes": ("aiss.cli.cmd_versions", "Check a branch's changes against a git ref."),
    "lock": ("aiss.cli.cmd_versions", "Maintain standards/registry.lock."),
    "check": ("aiss.cli.cmd_check", "Check result files against a standard version."),
    "import": ("aiss.cli.cmd_check", "Import results from other formats."),
    "registry": ("aiss.cli.cmd_registry", "Fetch a published registry into the local cache."),
    "attest": (
        "aiss.cli.cmd_attest",
        "Sign a review or waiver of a submission, or print its digest.",
    ),
    "bundle": ("aiss.cli.cmd_bundle", "Make or verify a signed exchange bundle."),
    "compare": ("aiss.cli.cmd_compare", "Reconcile two or more submissions' results."),
    "redact": ("aiss.cli.cmd_redact", "Write the public summary of a restricted submission."),
    "export": ("aiss.cli.cmd_export", "Write standards and checks as OSCAL."),
    "keys": ("aiss.cli.cmd_keys", "Make a signing key and print its registry entry."),
}
"""Command name -> (module defining it in `COMMANDS`, one-line help). Imported lazily so that
`aiss validate` never pays for MkDocs or the conformance engine."""

SITE_EXTRA = ("mkdocs", "material", "mkdocstrings")
"""Top-level modules that only `pip install 'aiss[site]'` brings (build, serve, render)."""

EPILOG = (
    "Exit status: 0 clean (or conformant), 1 findings (or not conformant), 2 the tool could "
    'not run, 130 interrupted. Shell completion: eval "$(_AISS_COMPLETE=bash_source aiss)" '
    "(zsh_source, fish_source for other shells)."
)


class Group(click.Group):
    """Lazy commands; tool errors become exit code 2 with one clear line, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if importlib.util.find_spec(COMMANDS[n][0]) is not None)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table: `aiss --help` imports no command module."""
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        try:
            module = lazy.load(entry[0])
        except ModuleNotFoundError as exc:
            if exc.name == entry[0]:
                return None  # a command whose module is not part of this build
            if (exc.name or "").split(".")[0] in SITE_EXTRA:
                raise UsageError(
                    f"`aiss {name}` needs MkDocs, which this install lacks: "
                    "pip install 'aiss[site]'"
                ) from None
            raise
        for command in module.COMMANDS:
            if command.name == name:
                return command  # type: ignore[no-any-return]
        return None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command is a usage error that names the closest known ones."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib  # here, as in the branch below: a run that needs neither skips 13 ms

            close = difflib.get_close_matches(name, list(COMMANDS), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} (see aiss --help)")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"aiss: error: {exc}", err=True)
            ctx.exit(Exit.ERROR)
        except KeyboardInterrupt:
            click.echo("aiss: interrupted", err=True)
            ctx.exit(Exit.INTERRUPTED)
        except BrokenPipeError:  # `aiss ... | head` left before the result was known
            quiet_stdout()
            ctx.exit(Exit.ERROR)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug in aiss: say so in one line, trace only on request
            if os.environ.get("AISS_DEBUG"):
                import traceback

                traceback.print_exc()
            click.echo(
                f"aiss: internal error: {type(exc).__name__}: {exc} "
                "(set AISS_DEBUG=1 for details, and please report it)",
                err=True,
            )
            ctx.exit(Exit.ERROR)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(VERSION, prog_name="aiss")
def cli() -> None:
    """The registry and toolkit for versioned AI safety test standards."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    try:
        cli.main(args=argv, prog_name="aiss", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            code = Exit.ERROR
        if argv is None:
            exit_now(code or 0)
        sys.exit(code)

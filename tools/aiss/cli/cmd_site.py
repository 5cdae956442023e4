"""`aiss render`, `aiss build`, `aiss serve`: the registry's site with MkDocs, or as plain Markdown.

`build` builds into a hidden staging folder beside the site folder and swaps it in only when
MkDocs succeeded (`atomic.replace_folder`): a failed, interrupted or killed build leaves the
previous site as it was.

`build` and `serve` run MkDocs in this process with the hook named in mkdocs.yml. A registry
with validation errors still builds: the broken versions are left out, the errors are printed
like `aiss validate` prints them, and `build` (and `render`) exit with 1.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from aiss.atomic import replace_folder, staging_folder
from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.cli.reporting import write
from aiss.cli.validate_reporters import Validated
from aiss.compose.mkdocs_hook import use_registry
from aiss.compose.site import render
from aiss.compose.validate import Validation, load_registry
from aiss.loading import UsageError, read_bytes, read_folder
from aiss.settings import SITE_URL
from aiss.site import paths
from aiss.site.cache import Cache, RenderCache
from aiss.site.pages import expand_nav
from aiss.site.tree import write_tree

F = TypeVar("F", bound=Callable[..., Any])


def _registry_options(command: F) -> F:
    """`--root` and `-f/--config-file`, the same on render, build and serve."""
    command = click.option(
        "-f",
        "--config-file",
        type=click.Path(path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="MkDocs configuration file.",
    )(command)
    return options.root()(command)


def _config_path(config_file: Path) -> Path:
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such configuration file")
    return config_file.resolve()


def _root(root: Path | None, config: Path) -> Path:
    found = (root or config.parent / "standards").resolve()
    if not found.is_dir():
        raise UsageError(f"{found}: no such registry folder")
    return found


def _load(root: Path) -> Validation:
    result = load_registry(root)
    if result.diagnostics:
        write("validate", "text", Validated(result.diagnostics, result.files), sys.stderr)
    return result


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _mkdocs_logging(quiet: bool) -> None:
    """Print MkDocs' log like its own command does (warnings only with --quiet)."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)


def standalone_config(config: Path, nav: list[Any] | None) -> str:
    """mkdocs.yml for a rendered tree: docs in `docs/`, nav expanded, no hook; the pages
    reached through the catalog rather than the menu are declared `not_in_nav`."""
    raw = yaml_load(read_bytes(config).decode("utf-8"))
    raw["docs_dir"] = "docs"
    raw["site_dir"] = "site"
    raw.pop("hooks", None)
    raw["not_in_nav"] = "".join(f"{pattern}\n" for pattern in paths.NOT_IN_NAV)
    if nav is not None:
        raw["nav"] = nav
    head = "# Written by `aiss render`: the registry's site as plain Markdown, for any builder.\n"
    return head + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


def _no_cache_option(command: F) -> F:
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Render every page afresh, without reading or writing the rendered-page cache "
        "($AISS_CACHE_DIR/entries.sqlite3, else $XDG_CACHE_HOME/aiss/..., else ~/.cache/aiss/...).",
    )(command)


@click.command("render")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder to write.")
@_registry_options
@_no_cache_option
def render_cmd(out: Path, root: Path | None, config_file: Path, no_cache: bool) -> None:
    """Write the site as Markdown: OUT/docs (hand-written and generated pages, data files)
    and OUT/mkdocs.yml (the same site without the hook).

    Exit status: 0 written, 1 written without the versions that have validation errors,
    2 the tool could not run.
    """
    config = _config_path(config_file)
    result = _load(_root(root, config))
    raw = yaml_load(read_bytes(config).decode("utf-8"))
    site = render(
        result,
        site_url=raw.get("site_url") or SITE_URL,
        today=dt.date.today(),
        cache=RenderCache(Cache.default(not no_cache)),
    )
    docs = read_folder(config.parent / raw.get("docs_dir", "docs"))
    tree = {f"docs/{k}": v for k, v in docs.items()}
    tree.update({f"docs/{k}": v.encode("utf-8") for k, v in site.pages.items()})
    tree.update({f"docs/{k}": v for k, v in site.files.items()})
    nav = expand_nav(raw["nav"], site.nav) if raw.get("nav") else None
    tree["mkdocs.yml"] = standalone_config(config, nav).encode("utf-8")
    write_tree(out, tree)
    for left in site.left_out:
        click.echo(f"left out {left.ref}: {left.reason}", err=True)
    click.echo(f"wrote {len(site.pages)} generated pages and {len(site.files)} files to {out}")
    raise SystemExit(Exit.FINDINGS if result.errors else Exit.OK)


@click.command("build")
@_registry_options
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder (default: site_dir of the configuration, site/).",
)
@click.option(
    "--strict/--no-strict",
    default=True,
    show_default=True,
    help="Fail on any MkDocs warning (broken link, missing anchor, ...).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@_no_cache_option
def build_cmd(
    root: Path | None,
    config_file: Path,
    site_dir: Path | None,
    strict: bool,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Build the site with MkDocs from the registry.

    Exit status: 0 built, 1 built but the registry has validation errors (those versions are
    left out) or a strict build failed on warnings, 2 the tool could not run.
    """
    config = _config_path(config_file)
    where = _root(root, config)
    result = _load(where)
    _mkdocs_logging(quiet)
    with use_registry(where, result, cache=not no_cache):
        try:
            cfg = load_config(
                str(config), strict=strict, site_dir=str(site_dir.resolve()) if site_dir else None
            )
        except ConfigurationError as exc:
            raise UsageError(f"{config}: {exc}") from exc
        target = Path(cfg["site_dir"])
        if target.exists() and not target.is_dir():
            raise UsageError(f"{target} exists and is not a folder")
        staging = staging_folder(target)
        cfg["site_dir"] = str(staging)
        try:
            build(cfg)
            replace_folder(staging, target)
        except Abort as exc:
            click.echo(f"aiss: build failed, {target} is as it was: {exc}", err=True)
            raise SystemExit(Exit.FINDINGS) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already when it was swapped in
    raise SystemExit(Exit.FINDINGS if result.errors else Exit.OK)


@click.command("serve")
@_registry_options
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Address to serve on.",
)
def serve_cmd(root: Path | None, config_file: Path, dev_addr: str) -> None:
    """Serve the site on localhost, rebuilding when a standard or page changes.

    Exit status: 0 stopped with Ctrl-C, 2 the tool could not run (no configuration, the
    address is taken).
    """
    config = _config_path(config_file)
    where = _root(root, config)
    _mkdocs_logging(quiet=False)
    with use_registry(where):
        try:
            serve(config_file=str(config), dev_addr=dev_addr, livereload=True)
        except ConfigurationError as exc:
            raise UsageError(f"{config}: {exc}") from exc
        except Abort as exc:
            click.echo(f"aiss: serve failed: {exc}", err=True)
            raise SystemExit(Exit.ERROR) from exc


COMMANDS = [render_cmd, build_cmd, serve_cmd]

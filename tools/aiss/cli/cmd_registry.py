"""`aiss registry fetch`: a published registry into the local cache, for offline CI."""

from __future__ import annotations

import click

from aiss.cli.exit import Exit
from aiss.compose.remote import PublishedRegistry
from aiss.errors import UsageError


@click.group("registry")
def registry_group() -> None:
    """Work with published registries (the sites `aiss check --registry` reads).

    Exit status: that of the subcommand run (see `aiss registry fetch --help`).
    """


@registry_group.command("fetch")
@click.argument("location", metavar="URL|DIR", required=False, envvar="AISS_REGISTRY")
def fetch_cmd(location: str | None) -> None:
    """Fetch a published registry's index and every version file it lists, verify each
    against its sha256, and keep them in the cache ($AISS_CACHE_DIR, else
    $XDG_CACHE_HOME/aiss, else ~/.cache/aiss), so that `aiss check --registry URL` runs
    offline afterwards. URL|DIR defaults to $AISS_REGISTRY.

    Exit status: 0 every file fetched and verified, 2 the index or a file could not be read
    or did not match its sha256.
    """
    if not location:
        raise UsageError("give the registry's address (URL|DIR) or set AISS_REGISTRY")
    published = PublishedRegistry.at(location)
    if published.from_cache:
        raise UsageError(f"{published.address} cannot be read (its cached copy is older)")
    entries = published.fetch_all()
    click.echo(
        f"fetched {len(entries)} version(s) of {len(published.index.standards)} standard(s) "
        f"from {published.address}, each verified by its sha256, into {published.cache}"
    )
    raise SystemExit(Exit.OK)


COMMANDS = [registry_group]

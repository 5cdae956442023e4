"""The file mkdocs.yml names under `hooks:`. MkDocs runs it as a module of its own, so it only
re-exports the handlers of `aiss.compose.mkdocs_hook`, whose state `aiss build` sets."""

from aiss.compose.mkdocs_hook import (
    on_config,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_post_page,
)

__all__ = [
    "on_config",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_post_page",
]

"""The MkDocs hook named in mkdocs.yml (`hooks:`): thin, everything lives in `build_hooks`."""

from aiss.site.build_hooks import on_config, on_files, on_page_content

__all__ = ["on_config", "on_files", "on_page_content"]

"""The MkDocs hook (`aiss.compose.mkdocs_hook`): a registry that cannot be read as it was
checked stops the build with mkdocs's own error, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from aiss.compose import mkdocs_hook
from aiss.errors import UsageError

REPO = Path(__file__).resolve().parents[3]


def test_a_file_changed_while_it_is_read_is_mkdocs_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    said = "standards/AISS-ARA-001/1.0.0/standard.yaml changed while this run was reading it"

    def changed(root: Path) -> None:
        assert root == tmp_path / "standards"
        raise UsageError(said)

    monkeypatch.setattr(mkdocs_hook, "load_registry", changed)
    monkeypatch.setattr(mkdocs_hook.STATE, "root", None)
    monkeypatch.setattr(mkdocs_hook.STATE, "preloaded", None)
    with pytest.raises(PluginError, match=f"^aiss: {said}$"):
        mkdocs_hook.on_config(config)

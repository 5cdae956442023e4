"""cli.lazy: a command's modules are imported with the cyclic collector paused; the collector
is left as it was."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiss.cli import lazy

MODULE = """\
import gc
ENABLED = gc.isenabled()
TABLES = [{"n": i, "parts": [i, str(i)]} for i in range(20_000)]
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    (tmp_path / "aiss_lazy_probe.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "aiss_lazy_probe"
    sys.modules.pop("aiss_lazy_probe", None)


def test_a_module_is_imported_with_the_collector_paused(module: str) -> None:
    assert gc.isenabled()
    probe = lazy.load(module)
    assert probe.ENABLED is False  # paused while it made its 60,000 objects
    assert gc.isenabled()  # and on again after


def test_the_collector_stays_off_when_it_was_off(module: str) -> None:
    gc.disable()
    try:
        lazy.load(module)
        assert not gc.isenabled()
    finally:
        gc.enable()

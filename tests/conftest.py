"""Shared pytest options and the end-of-run summaries."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE_FOLDER = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """The run's caches (validation results, fetched registries) in a folder of its own, not
    the user's `~/.cache/aiss`, unless AISS_CACHE_DIR says where (or `off`)."""
    if "AISS_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="aiss-test-cache-")
        os.environ["AISS_CACHE_DIR"] = folder
        config.stash[_CACHE_FOLDER] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's own cache folder goes with the run; one named by the caller stays."""
    folder = config.stash.get(_CACHE_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ["AISS_CACHE_DIR"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.acceptance import test_hostile_corpus as corpus

    outcomes = corpus.OUTCOMES
    if not outcomes:
        return
    tracebacks = sum(1 for o in outcomes if o.traceback)
    hangs = sum(1 for o in outcomes if o.hang)
    wrong = sum(1 for o in outcomes if o.wrongly_accepted)
    slowest = max(outcomes, key=lambda o: o.seconds)
    terminalreporter.write_line(
        f"hostile corpus: {len(outcomes)} inputs tried, {tracebacks} tracebacks, {hangs} hangs, "
        f"{wrong} wrongly accepted (slowest {slowest.seconds:.2f} s: {slowest.case.file})"
    )

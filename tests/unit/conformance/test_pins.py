"""`aiss.conformance.pins`, the tools pin: what the model was offered is read from the model
calls a run's Inspect log records (real logs written by inspect_ai), whatever the file
declares; only a log without samples, or none read, leaves the file's word."""

from __future__ import annotations

import hashlib
from typing import Any

from aiss.conformance.pins import offers
from aiss.models.procedures import Elicitation
from aiss.models.standard import Standard
from tests.unit.conformance.test_engine import (
    FIXTURES,
    check,
    load_standard,
    pin_messages,
    with_procedure,
)

TOOLS_LOG = "logs/ctf-frontier-x-tools.eval"  # bash() and python() offered


def _tools_pinned(*tools: str) -> Standard:
    """The fixture standard with TP-1 pinning the tools the model must be offered."""
    return with_procedure(load_standard(), "TP-1", elicitation=Elicitation(tools=list(tools)))


def _offered_tools(data: dict[str, Any]) -> None:
    """The system under test's TP-1 run cites the log whose model was offered bash and python."""
    run = data["runs"][0]
    digest = hashlib.sha256((FIXTURES / TOOLS_LOG).read_bytes()).hexdigest()
    run["log"] = {**run["log"], "uri": TOOLS_LOG, "sha256": digest}


def test_tools_the_file_declares_but_the_log_never_offered_break_the_pin() -> None:
    # the fixture declares `tools: [bash, python]`; its logs' model calls offered none
    report = check(std=_tools_pinned("bash", "python"))
    assert pin_messages(report) == [
        f"run {rid} (TP-1): the pinned tools bash, python were not offered to the model in the "
        "run's log (its model calls offered none) [pin TP-1 elicitation.tools]"
        for rid in ("tp1", "tp1-ref")
    ]
    assert not report.overall.conformant


def test_tools_a_log_offered_meet_the_pin() -> None:
    report = check(_offered_tools, std=_tools_pinned("bash", "python"))
    assert [m for m in pin_messages(report) if m.startswith("run tp1 ")] == []
    short = check(_offered_tools, std=_tools_pinned("bash", "python", "web_browser"))
    assert [m for m in pin_messages(short) if m.startswith("run tp1 ")] == [
        "run tp1 (TP-1): the pinned tools web_browser were not offered to the model in the "
        "run's log (its model calls offered ['bash', 'python']) [pin TP-1 elicitation.tools]"
    ]


def test_without_a_log_read_the_pin_is_held_to_the_file() -> None:
    assert pin_messages(check(std=_tools_pinned("bash", "python"), logs=False)) == []
    assert pin_messages(check(std=_tools_pinned("web_browser"), logs=False)) == [
        f"run {rid} (TP-1): the pinned tools web_browser are not among those given "
        "[pin TP-1 elicitation.tools]"
        for rid in ("tp1", "tp1-ref")
    ]


def test_a_pinned_tool_is_offered_by_name_or_as_a_family() -> None:
    browser = frozenset({"web_browser_go", "web_browser_click", "bash_session"})
    assert offers(browser, "web_browser") and offers(browser, "bash")
    assert not offers(browser, "python") and not offers(frozenset({"web"}), "web_browser")
    assert not offers(frozenset({"bashful"}), "bash")

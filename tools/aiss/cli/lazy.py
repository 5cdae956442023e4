"""Loading a command's modules when the command runs, with the cyclic collector paused.

Importing what a command uses (pydantic's models and schemas, numpy, the checks) makes some
90,000 objects, all of which live for the whole run; the collector, left on, walks them
several times over while they are made: 30 to 180 ms of each command (importing validate's
modules: median of paired runs ~110 ms, this machine). Nothing is frozen (`gc.freeze`): a
process that loads commands again and again, as a test run does, keeps collecting all it
made.
"""

from __future__ import annotations

import gc
import importlib
from types import ModuleType


def load(name: str) -> ModuleType:
    """`importlib.import_module(name)`, the collector paused while it imports."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        if enabled:
            gc.enable()

"""Errors that end a command without a diagnostic, kept free of imports so that `aiss --help`
and `aiss --version` start without loading the models."""

from __future__ import annotations


class UsageError(Exception):
    """The tool cannot run as asked (a missing path, a bad option): exit code 2."""

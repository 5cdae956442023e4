"""aiss: the registry and toolkit for versioned AI safety test standards."""

from aiss.settings import VERSION as VERSION

__all__ = ["VERSION"]

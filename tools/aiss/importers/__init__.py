"""Importers: other formats -> result submissions."""

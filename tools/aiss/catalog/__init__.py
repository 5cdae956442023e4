"""Catalogs as data: the code catalog, the published-schema catalog and the output contracts."""

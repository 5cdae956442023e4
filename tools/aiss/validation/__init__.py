"""Validation: schema and model passes per document, then rules per standard and per registry."""

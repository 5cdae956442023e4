"""OSCAL (NIST) output, so that compliance tooling can read the registry: a standard version as
an OSCAL catalog (`catalog`), and conformance reports as OSCAL assessment results (`results`),
both OSCAL 1.2.3 JSON. Pure: models and reports in, JSON-able dicts out; deterministic UUIDs
(version 5, from what the document is about), so the same input always gives the same file."""

OSCAL_VERSION = "1.2.3"
NS = "https://aiss.example.org/ns/oscal"
"""The namespace of aiss's own props (level, check type, verdict, marking)."""

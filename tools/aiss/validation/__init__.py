"""Validation: each document through its kind's model and schema, then the kind's rules. The
tables of kinds and rules come in as parameters (`aiss.compose.tables`)."""

"""Versions of standards: semantic diff, bump rules, the lock of published versions, lifecycle.

Pure core: `rules` (the rule table), `change` (Change, DiffReport), `compare` / `specs` /
`reqdiff` / `diff` (the classification), `render` (text, Markdown, JSON), `bump`, `lifecycle`,
`lock` (frozen digests, the lock file), `acks` (acknowledged changes). Edges: `roundtrip`
(ruamel.yaml editing), `store` (files), `gitrefs` (the only module that runs git), `changes`
(the working tree against a base tree), `enforce` / `frozen` / `exceptions` (the registry
check `aiss validate` runs, through `aiss.compose.validate`). What the version commands do
is `aiss.compose.versions`.
"""

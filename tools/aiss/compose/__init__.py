"""The composition layer: the check tables, and the one-way paths through the core that the
command line (and the Python API) call. Nothing below this package imports it.

    tables       document kinds, their rules, the whole-registry checks
    validate     validate(paths) and load_registry(root): files, then registry checks
    check        check_submission(source, standards): the one path that checks a result
                 (check_with_evidence: the same, with the logs as read, for `aiss compare`)
    registries   where standards come from, and the registry's trust every check takes
    imports      Inspect logs into the check path (import, import-and-check)
    examples     a standard version's test vectors: listed for the site, checked by validate
    site         the registry's site rendered from a validation (diffs passed along)
    mkdocs_hook  the MkDocs hook named in mkdocs.yml
    versions     what the version commands do to a registry folder
    rerun        a run replayed from the cache when nothing it could read changed
"""

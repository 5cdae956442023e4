"""The catalog of diagnostic codes: every code the tools emit, with what it means and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.conformance.reasons import CHECK_CODES
from aiss.settings import SITE_URL


@dataclass(frozen=True)
class CodeInfo:
    """One stable diagnostic code and its documentation."""

    code: str
    group: str
    title: str
    explanation: str
    fix: str


_CODES = [
    # --- reading files
    CodeInfo(
        "encoding",
        "file",
        "File is not UTF-8",
        "Files must be UTF-8 text (a byte-order mark is allowed). The diagnostic points at the "
        "first byte that is not valid UTF-8.",
        "Save the file as UTF-8.",
    ),
    CodeInfo(
        "file-too-large",
        "file",
        "File exceeds the size limit",
        "Files larger than the limit are refused before parsing, so a crafted file cannot "
        "exhaust memory.",
        "Split the file, or raise the limit with the command's size option if it is legitimate.",
    ),
    CodeInfo(
        "unreadable-file",
        "file",
        "File cannot be read",
        "The path exists but could not be read (permissions, a folder where a file was expected, "
        "or a link pointing outside the folders given).",
        "Check the path and its permissions.",
    ),
    CodeInfo(
        "empty-document",
        "file",
        "File is empty",
        "The file holds no YAML document.",
        "Write the document, or delete the file.",
    ),
    CodeInfo(
        "yaml-syntax",
        "yaml",
        "YAML syntax error",
        "The parser could not read the file at this position.",
        "Fix the syntax at the position shown; unbalanced brackets and bad indentation are common.",
    ),
    CodeInfo(
        "yaml-tab",
        "yaml",
        "Tab used for indentation",
        "YAML does not allow tab characters in indentation.",
        "Indent with spaces.",
    ),
    CodeInfo(
        "yaml-multiple-documents",
        "yaml",
        "More than one YAML document",
        "A file holds exactly one document; `---` starts a second one.",
        "Remove the `---` separator or split the file.",
    ),
    CodeInfo(
        "yaml-tag",
        "yaml",
        "YAML tag not allowed",
        "Tags such as `!!python/object` or `!!binary` would construct objects or types beyond "
        "plain data. They are refused: files hold strings, numbers, booleans, null, lists and "
        "mappings only.",
        "Remove the tag; quote the value if it must stay text.",
    ),
    CodeInfo(
        "yaml-too-many-nodes",
        "yaml",
        "Too many values after alias expansion",
        "Aliases (`*name`) repeat the content of their anchor (`&name`); nested aliases can expand "
        "a small file into billions of values ('billion laughs'). The file is refused once it "
        "expands past the limit.",
        "Write the content out instead of using anchors and aliases.",
    ),
    CodeInfo(
        "yaml-too-deep",
        "yaml",
        "Values nested too deeply",
        "Nesting beyond the limit is refused so that no file can exhaust the stack.",
        "Flatten the structure.",
    ),
    CodeInfo(
        "string-too-long",
        "yaml",
        "String exceeds the length limit",
        "A single string is longer than any legitimate field needs.",
        "Shorten it, or move bulk data into a referenced artifact.",
    ),
    CodeInfo(
        "number-too-large",
        "yaml",
        "Number too large",
        "An integer with thousands of digits is refused.",
        "Use a realistic value.",
    ),
    CodeInfo(
        "bidi-control",
        "yaml",
        "Bidirectional control character",
        "Characters such as U+202E (right-to-left override) make text display in a different "
        "order from the one in which it is read and compared ('Trojan Source', CVE-2021-42574). "
        "A requirement could look different to a reviewer than to the checker, so they are "
        "refused anywhere in a file.",
        "Remove the character.",
    ),
    CodeInfo(
        "duplicate-key",
        "yaml",
        "Duplicate key",
        "A key appears twice in one mapping. Many YAML loaders silently keep the last value; "
        "aiss reports it.",
        "Remove or rename one of the two keys.",
    ),
    CodeInfo(
        "non-scalar-key",
        "yaml",
        "Mapping key is not a string",
        "Keys must be plain strings.",
        "Write the key as text.",
    ),
    CodeInfo(
        "path-outside-folder",
        "file",
        "Reference leads outside the folder",
        "A log, samples or evidence reference (`../..`, an absolute path, or a link) points "
        "outside the folder of the file that names it. aiss never reads or writes outside the "
        "folders it was given, so the reference is not followed.",
        "Put the referenced file beside the one that names it and use a relative path.",
    ),
    CodeInfo(
        "not-a-mapping",
        "schema",
        "Document is not a mapping",
        "The top level of a document must be a mapping of keys to values.",
        "Start the document with `schema_version:` and `kind:`.",
    ),
    # --- schema and model
    CodeInfo(
        "unknown-kind",
        "schema",
        "Unknown document kind",
        "`kind` must name a document kind aiss knows: `Standard`, `Vocabulary`, `ResultSubmission`.",
        "Set `kind` to one of the known kinds.",
    ),
    CodeInfo(
        "unsupported-schema-version",
        "schema",
        "Unsupported schema version",
        "`schema_version` names a file-format version newer than this aiss release reads, or "
        "one that does not exist.",
        "Upgrade aiss, or set the `schema_version` this release supports.",
    ),
    CodeInfo(
        "unknown-field",
        "schema",
        "Unknown field",
        "The key is not a field of this part of the document. Typos are the usual cause; the "
        "hint suggests the closest field name.",
        "Rename the key to a known field, or remove it.",
    ),
    CodeInfo(
        "missing-field",
        "schema",
        "Required field missing",
        "A required field is absent. The diagnostic points at the mapping that should hold it.",
        "Add the field.",
    ),
    CodeInfo(
        "wrong-type",
        "schema",
        "Value has the wrong type",
        "The value is of another type than the field takes (a list where a string is expected, "
        "a number where text is expected, ...).",
        "Change the value to the type shown.",
    ),
    CodeInfo(
        "version-not-string",
        "schema",
        "Version written as a number",
        "An unquoted version such as `1.10` is read by YAML as the number 1.1, so its meaning "
        "would silently change. Versions must be quoted strings.",
        'Quote the version: `version: "1.10.0"`.',
    ),
    CodeInfo(
        "invalid-value",
        "schema",
        "Invalid value",
        "The value has the right type but is not allowed: not one of the listed choices, out "
        "of range, or not of the required form (e.g. an id pattern).",
        "Use one of the allowed values shown in the message.",
    ),
    CodeInfo(
        "schema-mismatch",
        "schema",
        "JSON Schema and model disagree",
        "The document passes the pydantic model but not the published JSON Schema (or the reverse). "
        "This is a bug in aiss, not in your file.",
        "Report it; the JSON Schema error is shown.",
    ),
    CodeInfo(
        "more-problems",
        "schema",
        "More problems not shown",
        "A document with very many problems (hundreds of stray keys, say) is reported up to a "
        "limit per document so that the report stays readable and fast. A note.",
        "Fix the problems shown and run again.",
    ),
    CodeInfo(
        "tlp-red-refused",
        "marking",
        "TLP:RED refused",
        "TLP:RED information is for named recipients only, with no further disclosure (TLP 2.0). "
        "A shared registry cannot hold it, so a standard or result file marked TLP:RED is "
        "refused at intake.",
        "Keep RED material out of the registry; if the source allows wider sharing, mark the "
        "file for the audience it may reach (TLP:AMBER+STRICT, TLP:AMBER, ...).",
    ),
    CodeInfo(
        "tlp-white",
        "marking",
        "TLP:WHITE is TLP 1.0",
        "TLP 2.0 renamed WHITE to CLEAR. The value is read as `TLP:CLEAR`.",
        "Write `TLP:CLEAR`.",
    ),
    # --- registry rules
    CodeInfo(
        "path-mismatch",
        "registry",
        "File path does not match id and version",
        "A standard must live at `standards/<id>/<version>/standard.yaml`, so that each version "
        "has one stable address.",
        "Move the file, or correct `id` / `version`.",
    ),
    CodeInfo(
        "duplicate-requirement-id",
        "registry",
        "Duplicate requirement id",
        "Requirement ids must be unique within a standard (and are never reused across versions).",
        "Give the requirement a new id.",
    ),
    CodeInfo(
        "duplicate-procedure-id",
        "registry",
        "Duplicate procedure id",
        "Test procedure ids must be unique within a standard.",
        "Give the procedure a new id.",
    ),
    CodeInfo(
        "duplicate-metric-id",
        "registry",
        "Duplicate metric id",
        "Metric ids must be unique within a standard.",
        "Give the metric a new id.",
    ),
    CodeInfo(
        "duplicate-id",
        "registry",
        "Duplicate id",
        "Threat-profile ids, reference ids and vocabulary codes must be unique.",
        "Give the entry a new id.",
    ),
    CodeInfo(
        "unknown-procedure",
        "registry",
        "Reference to an unknown procedure",
        "A check or metric names a test procedure that the standard does not define.",
        "Use the id of a procedure in `test_procedures`.",
    ),
    CodeInfo(
        "unknown-metric",
        "registry",
        "Reference to an unknown metric",
        "A check or outcome band names a metric that the standard does not define.",
        "Use the id of a metric in `metrics`.",
    ),
    CodeInfo(
        "unknown-requirement",
        "registry",
        "Reference to an unknown requirement",
        "A crosswalk names a requirement that the standard does not define.",
        "Use the id of a requirement in `requirements`.",
    ),
    CodeInfo(
        "unknown-reference",
        "registry",
        "Citation of an unknown reference",
        "A citation's `ref` is not the id of an entry in `references`.",
        "Add the reference, or correct the id.",
    ),
    CodeInfo(
        "unknown-standard-version",
        "registry",
        "Reference to an unknown standard version",
        "`supersedes` or `superseded_by` names a standard version that is not in the registry.",
        "Use `ID@version` of a version that exists.",
    ),
    CodeInfo(
        "unknown-vocabulary-term",
        "registry",
        "Term not in the controlled vocabulary",
        "Issuers, risk domains and crosswalk frameworks are codes from the vocabularies in "
        "`standards/vocabularies/`.",
        "Use a listed code (the hint suggests the closest), or add the term to the vocabulary "
        "in the same pull request.",
    ),
    CodeInfo(
        "missing-vocabulary",
        "registry",
        "Vocabulary file missing",
        "The registry has no vocabulary file of this name, so its terms cannot be checked.",
        "Add `standards/vocabularies/<name>.yaml`.",
    ),
    CodeInfo(
        "keyword-level-mismatch",
        "registry",
        "Requirement text disagrees with its level",
        "The BCP 14 keyword in capitals in the requirement's text (MUST, SHOULD, MAY, ...) "
        "must match its `level`, so that readers of the text and the checker agree.",
        "Change the level, or the keyword in the text.",
    ),
    CodeInfo(
        "changelog-missing-version",
        "registry",
        "No changelog entry for this version",
        "The changelog must describe what changed in the file's own version.",
        "Add a changelog entry with this version.",
    ),
    CodeInfo(
        "status-history-invalid",
        "registry",
        "Status history breaks the lifecycle",
        "Statuses follow draft -> proposed -> published -> deprecated -> withdrawn, never going "
        "back, dates never decreasing, and the last entry equals `status`.",
        "Correct the history so it follows the lifecycle.",
    ),
    CodeInfo(
        "missing-schema-modeline",
        "registry",
        "No schema modeline",
        "A standard's first line is `# yaml-language-server: $schema=<path to "
        "standard.schema.json>`, so that editors with the YAML language server complete "
        "field names and flag mistakes while the file is written. A warning.",
        "Add the modeline as the first line.",
    ),
    CodeInfo(
        "band-invalid",
        "registry",
        "Outcome bands are not contiguous",
        "Bands must run from low to high, each starting where the previous one ends.",
        "Fix the band edges.",
    ),
    CodeInfo(
        "metric-threshold-out-of-range",
        "registry",
        "Threshold outside the metric's range",
        "A threshold on a proportion must lie in [0, 1].",
        "Correct the threshold.",
    ),
    # --- versions (aiss.versions): bump rules, frozen published versions, acknowledged changes
    CodeInfo(
        "version-bump-too-small",
        "versions",
        "Version number too small for the changes",
        "Each version is compared with its predecessor (`supersedes`, else the next lower "
        "version). Every change is classified by the versioning rule table: a change that can "
        "turn a conforming result non-conforming, or drops or re-purposes an id, is MAJOR; new "
        "optional content is MINOR; wording is PATCH. The declared bump (from the two version "
        "numbers) must be at least the largest one required. The message lists each change that "
        "needs more, with its line.",
        "Give the version the number the changes need (for a draft, `aiss bump ID --auto` "
        "renumbers it), undo the change, or, if the rule misjudges this change, acknowledge it in "
        "`standards/acknowledged-changes.yaml` with a reason.",
    ),
    CodeInfo(
        "requirement-id-removed",
        "versions",
        "Requirement id dropped",
        "A requirement of the previous version is missing. Requirement ids are never dropped or "
        "reused: results and reports cite them, so a retired requirement stays in the list as a "
        "tombstone with `retired_in`.",
        'Put the requirement back with `retired_in: "<this version>"`.',
    ),
    CodeInfo(
        "requirement-id-reused",
        "versions",
        "Retired requirement id used again",
        "A requirement retired in an earlier version is active again. An id means one thing for "
        "ever; reviving it would make old and new results citing it mean different things.",
        "Keep the tombstone and give the requirement the next unused id.",
    ),
    CodeInfo(
        "frozen-version-modified",
        "versions",
        "Published version changed",
        "A published version is frozen: `standards/registry.lock` records the digest of its "
        "`standard.yaml` and `aiss check-changes` compares it with the base branch. Only its lifecycle "
        "may still change: `status` moving forward (deprecated, withdrawn), entries appended to "
        "`status_history`, and `superseded_by` set once.",
        "Undo the change and make it in a new version (`aiss bump ID --patch`, `--minor` or "
        "`--major`). A correction that must go into the published file needs an entry in "
        "`standards/acknowledged-changes.yaml` pinning the new digest, approved by the editors.",
    ),
    CodeInfo(
        "lock-entry-missing",
        "versions",
        "Published version not in the lock",
        "Every published, deprecated or withdrawn version must be in `standards/registry.lock`, "
        "so that later changes to it are caught.",
        "Publish with `aiss publish ID@VERSION`, which locks the version; `aiss lock --update` "
        "adds missing entries.",
    ),
    CodeInfo(
        "lock-stale",
        "versions",
        "Lock out of date",
        "The lock names a version whose file no longer exists (published versions are never "
        "deleted), or still holds the old digest of a version whose change was acknowledged.",
        "Restore the deleted file (withdraw the version instead), or run `aiss lock --update` "
        "after an acknowledged change.",
    ),
    CodeInfo(
        "invalid-lock-file",
        "versions",
        "Lock file unreadable",
        "`standards/registry.lock` is not valid YAML of the expected shape, or was deleted.",
        "Restore it from the base branch, then run `aiss lock --update`.",
    ),
    CodeInfo(
        "acknowledged-change-invalid",
        "versions",
        "Acknowledged change names nothing valid",
        "An entry of `standards/acknowledged-changes.yaml` names an unknown rule or version, or "
        "excuses a change to a frozen version without pinning its new `sha256`.",
        "Use a rule id from the versioning rule table (or `requirement-id-removed`, "
        "`frozen-version-modified`) and an existing `ID@version`.",
    ),
    CodeInfo(
        "acknowledged-change-unused",
        "versions",
        "Acknowledged change excuses nothing",
        "No change of the named version matches this entry's rule, target or digest, so it has "
        "no effect (it may be misspelt, or the change it excused was undone).",
        "Correct the entry or remove it.",
    ),
    CodeInfo(
        "changelog-entry-empty",
        "versions",
        "Changelog entry lists no changes",
        "The changelog entry of the file's own version has `changes: []` (as `aiss bump` "
        "creates it). A warning while the version is a draft; an error once it is proposed or "
        "published.",
        "Write one sentence per change; `aiss diff` against the previous version lists them.",
    ),
]

_CODES += [CodeInfo(*entry) for entry in CHECK_CODES]  # aiss check / import / examples

CODES: dict[str, CodeInfo] = {c.code: c for c in _CODES}


def doc_url(code: str) -> str:
    """The site page that explains `code`."""
    return f"{SITE_URL}diagnostics/{code}/"

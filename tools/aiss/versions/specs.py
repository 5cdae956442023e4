"""Which policy classifies each field of a standard, outside requirements (see `rules.py`)."""

from __future__ import annotations

from aiss.versions.compare import Flag, Ignore, Limit, Members, Nested, Policy, Ranked, Same

ED = Same("editorial")
META = Same("metadata-changed")

SAMPLING: dict[str, Policy] = {
    "min_items": Limit("sampling-minimum-raised", "sampling-minimum-lowered"),
    "min_epochs": Limit("sampling-minimum-raised", "sampling-minimum-lowered"),
    "max_error_rate": Limit(
        "sampling-minimum-raised", "sampling-minimum-lowered", higher_is_stricter=False
    ),
}

_PC, _PR = "procedure-changed", "procedure-relaxed"

PROCEDURE: dict[str, Policy] = {
    "id": Ignore(),
    "title": ED,
    "technique": Same(_PC),
    "description": ED,
    "optional": Flag(_PC, _PR, strict_value=False),
    "implementation": Nested(
        {
            "framework": Same(_PC),
            "task": Same(_PC),
            "task_version": Nested(
                {
                    "comparability": Same("task-version-changed"),
                    "interface": Same("task-version-relaxed"),
                },
                added="task-version-changed",
                removed="task-version-relaxed",
            ),
            "dataset": Nested(
                {
                    "name": Same("dataset-pin-changed"),
                    "items": Same("dataset-pin-changed"),
                    "revision": Same("dataset-pin-changed"),
                    "sha256": Same("dataset-pin-changed"),
                    "url": META,
                    "restricted": META,
                },
                added="dataset-pin-changed",
                removed="dataset-pin-removed",
            ),
            "sandbox": Nested(
                {
                    "required": Flag(_PC, _PR),
                    "internet_egress": Ranked(("allow", "task_services_only", "deny"), _PC, _PR),
                },
                added=_PC,
                removed=_PR,
            ),
        },
        added=_PC,
        removed=_PC,
    ),
    "scorer": Nested(
        {"type": Same(_PC), "oracle": Same(_PC), "judge": Same(_PC)}, added=_PC, removed=_PC
    ),
    "elicitation": Nested(
        {
            "scaffold": Same(_PC),
            "tools": Members(_PC, _PR),
            "min_token_limit": Limit(_PC, _PR),
            "attempts_per_item": Limit(_PC, _PR),
            "allow_prompt_iteration": Flag(_PC, _PR, strict_value=False),
            "dev_test_split_required": Flag(_PC, _PR),
        },
        added=_PC,
        removed=_PR,
    ),
    "sampling": Nested(
        SAMPLING, added="sampling-minimum-raised", removed="sampling-minimum-lowered"
    ),
}

_MR = "metric-redefined"

METRIC: dict[str, Policy] = {
    "id": Ignore(),
    "name": ED,
    "procedure": Same(_MR),
    "unit": Same(_MR),
    "direction": Same(_MR),
    "estimand": Same(_MR),
    "aggregation": Same(_MR),
    "uncertainty": Nested(
        {"method": Same(_MR), "level": Same(_MR), "cluster_by": Same(_MR)},
        added=_MR,
        removed=_MR,
    ),
    "inspect_mapping": Nested(
        {
            "scorer": Same("metric-mapping-changed"),
            "metric": Same("metric-mapping-changed"),
            "reducer": Same(_MR),
        },
        added="metric-mapping-changed",
        removed="metric-mapping-changed",
    ),
}

THREAT_PROFILE: dict[str, Policy] = {
    "id": Ignore(),
    "actor": ED,
    "capability_of_concern": ED,
    "malicious_task": ED,
    "marginal_baseline": ED,
}

_SN, _SW = "scope-narrowed", "scope-widened"

SCOPE: dict[str, Policy] = {
    "system_types": Members(_SN, _SW, grow_is_stricter=False),
    "access_levels": Members(_SN, _SW, grow_is_stricter=False),
    "lifecycle_stages": Members(_SN, _SW, grow_is_stricter=False),
    "mitigation_states": Members(_SN, _SW, grow_is_stricter=False),
    "exclusions": Members(_SN, _SW),
}

_RT, _RL = "reporting-tightened", "reporting-loosened"

REPORTING: dict[str, Policy] = {
    "required_sections": Members(_RT, _RL),
    "public_summary_required": Flag(_RT, _RL),
    "result_validity_period_days": Limit(_RT, _RL, higher_is_stricter=False),
}

_MT, _ML = "reference-models-tightened", "reference-models-loosened"

REFERENCE_MODELS: dict[str, Policy] = {
    "min_count": Limit(_MT, _ML),
    "must_include": Members(_MT, _ML),
    "same_settings_required": Flag(_MT, _ML),
}

TOP: dict[str, Policy] = {
    "schema_version": META,
    "kind": Ignore(),
    "id": Ignore(),
    "version": Ignore(),
    "title": ED,
    "status": Ignore(),
    "status_history": Ignore(),
    "supersedes": Ignore(),
    "superseded_by": Ignore(),
    "issuers": META,
    "editors": META,
    "marking": META,
    "effective_date": Ignore(),
    "review_by": Ignore(),
    "summary": ED,
    "scope": Nested(SCOPE, added=_SN, removed=_SW),
    "risk_domains": Members("classification-changed", "classification-changed"),
    "reference_models_policy": Nested(REFERENCE_MODELS, added=_MT, removed=_ML),
    "reporting": Nested(REPORTING, added=_RT, removed=_RL),
}
"""Plain top-level fields; the id-keyed lists are compared in `diff.py`.

Not compared: `version`, `status`, `status_history`, `supersedes`, `superseded_by`,
`effective_date`, `review_by` and the new version's own changelog entry, which are the
bookkeeping of each version and differ between any two.
"""

KEYED_TOP = (
    "threat_profiles",
    "definitions",
    "test_procedures",
    "metrics",
    "outcome_bands",
    "requirements",
    "references",
    "crosswalks",
    "changelog",
)
"""Top-level lists compared item by item, matched on a stable key."""

"""Human-readable labels for the tokens of the formats (`foundation_model` -> "Foundation
model"), so that pages read as prose; where a reader needs the token (to write it in a file),
the page shows it beside the label. Every token the standard schema allows has a label here
(a test checks it); a token that is not a format token (free text such as an aggregation
written by an author) is shown in words by `words`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aiss import escape as esc

LABELS: dict[str, str] = {
    # scope
    "foundation_model": "Foundation model",
    "agent_system": "Agent system",
    "fine_tuned_model": "Fine-tuned model",
    "ai_system": "AI system",
    "api": "API access",
    "fine_tuning_api": "Fine-tuning API",
    "weights": "Model weights",
    "pre_deployment": "Before deployment",
    "post_deployment": "After deployment",
    "pre_training": "Before training",
    "during_training": "During training",
    "helpful_only": "Helpful-only (safeguards removed)",
    "pre_mitigation": "Before mitigations",
    "deployed": "As deployed",
    # techniques and frameworks
    "automated_benchmark": "Automated benchmark",
    "agentic_task_suite": "Agentic task suite",
    "qa_benchmark": "Question-answering benchmark",
    "red_team": "Red teaming",
    "human_uplift_study": "Human uplift study",
    "qualitative_probing": "Qualitative probing",
    "transcript_review": "Transcript review",
    "process_check": "Process check",
    "inspect_ai": "Inspect (inspect_ai)",
    "helm": "HELM",
    "modelbench": "ModelBench",
    "custom": "Custom harness",
    "none": "None",
    # scorers
    "exact_match": "Exact match",
    "multiple_choice": "Multiple choice",
    "model_graded": "Model-graded",
    "human_graded": "Human-graded",
    "rubric": "Rubric",
    "unit_tests": "Unit tests",
    "flag_capture": "Flag capture",
    # sandbox
    "deny": "No internet access",
    "task_services_only": "Task services only",
    "allow": "Internet allowed",
    # metrics
    "proportion": "Proportion",
    "count": "Count",
    "hours": "Hours",
    "score": "Score",
    "ratio": "Ratio",
    "days": "Days",
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
    "higher_is_more_capable": "Higher is more capable",
    "higher_is_less_safe": "Higher is less safe",
    "benchmark": "Benchmark accuracy (these items)",
    "generalized": "Generalized accuracy (the item population)",
    "wilson": "Wilson score interval",
    "clopper_pearson": "Clopper-Pearson (exact) interval",
    "clustered_t": "Clustered t interval",
    "bootstrap": "Bootstrap interval",
    "normal": "Normal approximation",
    # outcome bands
    "upper": "Upper bound",
    "lower": "Lower bound",
    "point": "Point estimate",
    "report_inconclusive": "Report as inconclusive",
    "treat_as_higher_band": "Treat as the higher band",
    "treat_as_lower_band": "Treat as the lower band",
    # requirements
    "sampling": "Sampling",
    "elicitation": "Elicitation",
    "security": "Security",
    "reporting": "Reporting",
    "results": "Results",
    "process": "Process",
    "disclosure": "Disclosure",
    "provenance": "Provenance",
    "escalation": "Escalation",
    "marking": "Marking",
    "min_samples": "Minimum samples",
    "metric_threshold": "Metric threshold",
    "metric_reported": "Metric reported",
    "fields_present": "Fields present",
    "log_valid": "Valid logs",
    "task_version_match": "Task version matches",
    "dataset_pinned": "Dataset pinned",
    "attestation": "Attestation",
    "evidence_present": "Evidence present",
    "reference_models": "Reference models",
    "manual": "Reviewer's judgement",
    "same_settings": "Same settings as the reference models",
    "field_value": "Field value",
    "all_of": "All of these checks",
    # run settings compared between runs
    "generate_config": "Generation settings",
    "limits": "Limits",
    "epochs": "Epochs",
    "task.version": "Task version",
    "dataset.revision": "Dataset revision",
    "solver": "Solver",
    "le": "at most",
    "lt": "below",
    "ge": "at least",
    "gt": "above",
    # evidence and report sections
    "eval_log": "Evaluation log",
    "dataset_manifest": "Dataset manifest",
    "sandbox_spec": "Sandbox specification",
    "document": "Document",
    "metric": "Metric",
    "other": "Other",
    "system_under_test": "System under test",
    "metric_results": "Metric results",
    "limitations": "Limitations",
    "public_summary": "Public summary",
    "evaluation_window": "Evaluation window",
    # crosswalks
    "equivalent": "Equivalent",
    "subset": "Subset",
    "superset": "Superset",
    "related": "Related",
    # statuses, levels, markings, kinds: shown as the tools print them
    "draft": "draft",
    "proposed": "proposed",
    "published": "published",
    "deprecated": "deprecated",
    "withdrawn": "withdrawn",
    "MUST": "MUST",
    "MUST_NOT": "MUST NOT",
    "SHOULD": "SHOULD",
    "SHOULD_NOT": "SHOULD NOT",
    "MAY": "MAY",
    "TLP:CLEAR": "TLP:CLEAR",
    "TLP:GREEN": "TLP:GREEN",
    "TLP:AMBER": "TLP:AMBER",
    "TLP:AMBER+STRICT": "TLP:AMBER+STRICT",
    "TLP:RED": "TLP:RED",
    "Standard": "Standard",
}
"""Format token -> label."""

_ACRONYMS = {"ai": "AI", "api": "API", "cbrn": "CBRN", "llm": "LLM", "cot": "CoT", "id": "id"}


def words(token: str) -> str:
    """A token in words: its label when it is a format token, else its parts spelled out
    (`mean_over_13_items` -> "Mean over 13 items")."""
    if token in LABELS:
        return LABELS[token]
    parts = [p for p in re.split(r"[_\s]+", token) if p]
    if not parts:
        return token
    spelled = [_ACRONYMS.get(p.lower(), p) for p in parts]
    first = spelled[0]
    spelled[0] = first[:1].upper() + first[1:] if first.islower() else first
    return " ".join(spelled)


def html_label(token: str, *, show_token: bool = False) -> str:
    """The label as HTML, with the token beside it in code font when `show_token` (where
    a reader writes the token in a file: scope, access levels, stages)."""
    label = esc.html_text(words(token))
    if show_token and words(token) != token:
        return f'{label} <code class="aiss-token">{esc.html_text(token)}</code>'
    return label


def html_labels(tokens: Sequence[str], *, show_token: bool = False) -> str:
    return ", ".join(html_label(t, show_token=show_token) for t in tokens)

"""Sections of a version page other than requirements: scope, procedures, metrics, bands, ..."""

from __future__ import annotations

from collections.abc import Sequence

from aiss import escape as esc
from aiss.models.procedures import Metric, OutcomeBands, TestProcedure
from aiss.models.standard import Standard
from aiss.site.blocks import div, facts, grid, heading, join, p, ul
from aiss.site.labels import html_label, html_labels


def codes(values: Sequence[str]) -> str:
    return ", ".join(esc.html_code(v) for v in values)


def num(value: float | int | None) -> str:
    """A number of a standard (a threshold, a level, a count) as it is written there, exactly,
    never rounded (`:g` showed a band's 0.1234567 as 0.123457); `—` when absent."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return f"{int(value):,}"


def anchor(target: str) -> str:
    """A link to an id on the same page (ids are validated: `TP-1`, `M-SOLVE`, `R-07`)."""
    return f'<a href="{esc.href("#" + esc.anchor(target))}">{esc.html_text(target)}</a>'


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _task_version(comparability: int, interface: str | None) -> str:
    if interface:
        return esc.html_code(f"{comparability}-{interface}")
    return f"{esc.html_code(str(comparability))} (comparability; any interface)"


def scope(std: Standard) -> str:
    s = std.scope
    rows = [
        ("System types", html_labels(s.system_types, show_token=True)),
        ("Access levels", html_labels(s.access_levels, show_token=True)),
        ("Lifecycle stages", html_labels(s.lifecycle_stages, show_token=True)),
        ("Mitigation states", html_labels(s.mitigation_states, show_token=True) or None),
    ]
    excluded = (
        p("Out of scope:") + ul(esc.html_inline(x) for x in s.exclusions) if s.exclusions else None
    )
    return join(heading(2, "Scope", "scope"), div(facts(rows), excluded, cls="aiss-scope"))


def threat_profiles(std: Standard) -> str | None:
    if not std.threat_profiles:
        return None
    rows = [
        (
            t.id,
            esc.html_text(t.actor),
            esc.html_text(t.capability_of_concern),
            esc.html_text(t.malicious_task) if t.malicious_task else "—",
            esc.html_text(t.marginal_baseline),
        )
        for t in std.threat_profiles
    ]
    headers = [
        "Id",
        "Actor",
        "Capability of concern",
        "Malicious task",
        "Baseline without the model",
    ]
    return join(
        heading(2, "Threat profiles", "threat-profiles"),
        div(grid(headers, rows), cls="aiss-threats"),
    )


def definitions(std: Standard) -> str | None:
    if not std.definitions:
        return None
    rows = [(esc.html_text(d.term), esc.html_inline(d.text)) for d in std.definitions]
    return join(
        heading(2, "Definitions", "definitions"),
        div(facts(rows), cls="aiss-definitions"),
    )


def reference_models(std: Standard) -> str | None:
    rp = std.reference_models_policy
    if rp is None:
        return None
    rows = [
        ("Minimum number", num(rp.min_count)),
        ("Must include", codes(rp.must_include) or None),
        ("Same settings required", _yes(rp.same_settings_required)),
    ]
    return join(
        heading(2, "Reference models", "reference-models"), div(facts(rows), cls="aiss-refmodels")
    )


def _procedure_rows(tp: TestProcedure) -> list[tuple[str, str | None]]:
    impl = tp.implementation
    tv = impl.task_version
    rows: list[tuple[str, str | None]] = [
        ("Technique", html_label(tp.technique)),
        ("Optional", "yes: run only when a requirement says so" if tp.optional else None),
        ("Framework", html_label(impl.framework)),
        ("Task", esc.html_code(impl.task) if impl.task else None),
        ("Task version", _task_version(tv.comparability, tv.interface) if tv else None),
    ]
    ds = impl.dataset
    if ds is not None:
        rows += [
            ("Dataset", f"{esc.html_link(esc.html_text(ds.name), ds.url)}, {num(ds.items)} items"),
            ("Dataset revision", esc.html_code(ds.revision) if ds.revision else None),
            ("Dataset sha256", esc.html_code(ds.sha256) if ds.sha256 else None),
            ("Restricted items", "yes: items are not published" if ds.restricted else None),
        ]
    box = impl.sandbox
    if box is not None:
        need = "required" if box.required else "optional"
        rows.append(("Sandbox", f"{need}; {html_label(box.internet_egress).lower()}"))
    if tp.scorer is not None:
        rows.append(("Scorer", f"{html_label(tp.scorer.type)}: {esc.html_text(tp.scorer.oracle)}"))
        rows.append(("Judge", esc.html_text(tp.scorer.judge) if tp.scorer.judge else None))
    el = tp.elicitation
    if el is not None:
        rows += [
            ("Scaffold", esc.html_text(el.scaffold) if el.scaffold else None),
            ("Tools", codes(el.tools) or None),
            ("Minimum token limit", num(el.min_token_limit) if el.min_token_limit else None),
            ("Attempts per item", num(el.attempts_per_item) if el.attempts_per_item else None),
            ("Prompt iteration allowed", _yes(el.allow_prompt_iteration)),
            ("Held-out test split required", _yes(el.dev_test_split_required)),
        ]
    sm = tp.sampling
    if sm is not None:
        rows += [
            ("Minimum items", num(sm.min_items) if sm.min_items else None),
            ("Minimum epochs", num(sm.min_epochs) if sm.min_epochs else None),
            (
                "Maximum error rate",
                num(sm.max_error_rate) if sm.max_error_rate is not None else None,
            ),
        ]
    return rows


def procedures(std: Standard) -> str:
    parts = [heading(2, "Test procedures", "procedures")]
    for tp in std.test_procedures:
        parts.append(heading(3, f"{tp.id} {esc.text(tp.title)}", tp.id))
        parts.append(
            div(esc.html_prose(tp.description), facts(_procedure_rows(tp)), cls="aiss-procedure")
        )
    return join(*parts)


def _metric(m: Metric) -> str:
    rows: list[tuple[str, str | None]] = [
        ("Procedure", anchor(m.procedure)),
        ("Unit", html_label(m.unit)),
        ("Direction", html_label(m.direction)),
        ("Estimand", html_label(m.estimand)),
        ("Aggregation", html_label(m.aggregation)),
    ]
    if m.uncertainty is not None:
        u = m.uncertainty
        by = f", clustered by {esc.html_code(u.cluster_by)}" if u.cluster_by else ""
        rows.append(("Uncertainty", f"{html_label(u.method)} at level {num(u.level)}{by}"))
    if m.inspect_mapping is not None:
        im = m.inspect_mapping
        red = f", reducer {esc.html_code(im.reducer)}" if im.reducer else ""
        rows.append(
            (
                "Inspect log",
                f"scorer {esc.html_code(im.scorer)}, metric {esc.html_code(im.metric)}{red}",
            )
        )
    return join(heading(3, f"{m.id} {esc.text(m.name)}", m.id), div(facts(rows), cls="aiss-metric"))


def metrics(std: Standard) -> str | None:
    if not std.metrics:
        return None
    return join(heading(2, "Metrics", "metrics"), *(_metric(m) for m in std.metrics))


def _bands(ob: OutcomeBands) -> str:
    intro = (
        f"Decided on the {html_label(ob.decision_bound).lower()} of {anchor(ob.metric)}; "
        f"when the interval straddles an edge: {html_label(ob.on_inconclusive).lower()}."
    )
    note = (
        p("The band edges are illustrative placeholders, not policy values.")
        if ob.illustrative
        else None
    )
    rows = [
        (
            esc.html_code(b.label),
            num(b.min),
            num(b.max),
            esc.html_text(b.description) if b.description else "",
        )
        for b in ob.bands
    ]
    table = grid(["Band", "From (inclusive)", "To (exclusive)", "Meaning"], rows)
    return join(
        heading(3, f"Bands for {ob.metric}", f"bands-{ob.metric}"),
        div(p(intro), note, table, cls="aiss-bands"),
    )


def outcome_bands(std: Standard) -> str | None:
    if not std.outcome_bands:
        return None
    lead = (
        "Bands are findings about the model, kept apart from conformance: a report can meet "
        "every requirement and still place the model in its highest band."
    )
    return join(
        heading(2, "Outcome bands", "outcome-bands"), lead, *(_bands(b) for b in std.outcome_bands)
    )


def reporting(std: Standard) -> str:
    r = std.reporting
    days = r.result_validity_period_days
    rows = [
        ("Required sections", html_labels(r.required_sections, show_token=True)),
        ("Public summary (TLP:CLEAR) required", _yes(r.public_summary_required)),
        ("Results valid for", f"{num(days)} days" if days else None),
    ]
    return join(heading(2, "Reporting", "reporting"), div(facts(rows), cls="aiss-reporting"))


def references(std: Standard) -> str | None:
    if not std.references:
        return None
    items = []
    for r in std.references:
        extra = ", ".join(esc.html_text(x) for x in (r.publisher, r.version, r.date) if x)
        body = esc.html_link(esc.html_text(r.title), r.url) + (f". {extra}" if extra else "")
        items.append(
            f'<li id="{esc.attr(esc.anchor("ref-" + r.id))}"><strong>{esc.html_text(r.id)}</strong>: {body}</li>'
        )
    return join(
        heading(2, "References", "references"),
        div("<ul>" + "\n".join(items) + "</ul>", cls="aiss-references"),
    )

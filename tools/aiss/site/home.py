"""The home page: what the registry is, who issues it, how to read a standard, BCP 14."""

from __future__ import annotations

from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import BCP14, bullets, heading, page, table
from aiss.site.view import SiteView

WHAT = """\
AISS is a registry of versioned **test standards for AI safety evaluations**. Each standard
says how to test a frontier model or agent for one kind of risk: which test procedures to run
(pinned to a task version and a dataset revision), which metrics to compute and with what
uncertainty, how to read the results against outcome bands, and which requirements an
evaluation and its report must meet to conform.

Standards are YAML files under version control. A published version is frozen: it keeps its
address forever, and changes come as new versions numbered with Semantic Versioning."""

HOW_TO_READ = """\
Every version page has the same parts, in this order:

- **Status and marking.** A banner says when the version is a draft, deprecated, superseded,
  or when a newer version exists. The TLP 2.0 marking at the top and bottom says who may
  receive it; only `TLP:CLEAR` standards appear on this site.
- **Summary and scope**: what is measured, for which systems, access levels and stages.
- **Test procedures**: the technique, the pinned task and dataset, the scorer, elicitation
  effort and minimum sample sizes.
- **Metrics** and **outcome bands**: the quantities computed and the bands a result falls
  in. Bands are *findings* about the model, kept apart from conformance.
- **Requirements**: numbered `R-01`, `R-02`, ... Each has a level (MUST, SHOULD, MAY, ...),
  a permanent link (`#R-07`) and the machine check that tests a result submission against it.
  Ids are never reused; a removed requirement stays as a retired entry.
- **Reporting rules**, **references**, **crosswalks** to external frameworks, and the
  **changelog**.

Each version can be downloaded as YAML (the source file) or JSON, and the sha256 of its YAML
file is listed so that a result can name exactly the text it was checked against; a block at
the end of each version page says how to cite it."""


def _issuers(site: SiteView) -> str:
    used: dict[str, int] = {}
    for view in site.standards:
        for code in view.current.standard.issuers:
            used[code] = used.get(code, 0) + 1
    vocab = site.vocabularies.get("issuers")
    about = {t.code: t for t in vocab.terms} if vocab else {}
    rows = []
    for code in sorted(used, key=lambda c: (-used[c], c)):
        term = about.get(code)
        name = esc.link(esc.text(term.name), term.url) if term else esc.text(code)
        rows.append(
            (
                name,
                esc.inline(term.description) if term and term.description else "",
                str(used[code]),
            )
        )
    if not rows:
        return "No standard has been issued yet."
    return (
        "Standards are issued by the organisations below; being listed in the issuers vocabulary "
        "does not mean an organisation endorses any other standard.\n\n"
        + table(["Issuer", "About", "Standards"], rows)
    )


def render_home(site: SiteView) -> str:
    links = bullets(
        [
            f"[Catalog]({paths.CATALOG}): every standard, filterable by status, risk domain and issuer.",
            f"[Crosswalks]({paths.CROSSWALKS}): requirements mapped to NIST AI RMF, NIST AI 600-1 and other frameworks.",
            "[Writing a standard](guides/authors.md) and [checking a result file](guides/evaluators.md).",
            f"[Reference]({paths.REFERENCE}): every field of every kind of file, with its type, allowed values and an example.",
            "[Python API](api.md): the same checks from a notebook or a script.",
            f"[Diagnostics]({paths.DIAGNOSTICS}): what each message of `aiss validate` and `aiss check` means, with an example.",
            "[About](about.md): what each status means, how to cite a version, and the licences.",
        ]
    )
    machine = bullets(
        [
            f"[`registry.json`]({paths.REGISTRY_JSON}): every standard and version with its "
            "status, title, sha256 and the addresses of its page and downloads.",
            f"[`requirements.csv`]({paths.REQUIREMENTS_CSV}): every requirement of every "
            "published version.",
            "JSON Schemas at the addresses of their `$id`, e.g. "
            f"[`schemas/standard.schema.json`]({paths.schema('standard.schema.json')}).",
        ]
    )
    count = len(site.standards)
    versions = sum(len(v.versions) for v in site.standards)
    return page(
        "# AI safety test standards",
        WHAT,
        f"The registry holds **{count}** standards in **{versions}** versions.",
        links,
        heading(2, "Who issues the standards", "issuers"),
        _issuers(site),
        heading(2, "How to read a standard", "how-to-read"),
        HOW_TO_READ,
        heading(2, "Requirement keywords", "bcp-14"),
        BCP14,
        heading(2, "Machine-readable data", "data"),
        machine,
    )

"""Where every generated page and file lives: source paths in the docs tree, and site URLs."""

from __future__ import annotations

import posixpath

HOME = "index.md"
CATALOG = "catalog/index.md"
CROSSWALKS = "crosswalks/index.md"
DIAGNOSTICS = "diagnostics/index.md"
REFERENCE = "reference/index.md"
REGISTRY_JSON = "registry.json"
REQUIREMENTS_CSV = "requirements.csv"
ISSUERS_JSON = "vocabularies/issuers.json"
"""The issuers vocabulary: organisations and the public keys they sign with."""
SCHEMA_DIR = "schemas"
CATALOG_PAGES = "catalog/page/"
OFF_MENU = ("standards/", CATALOG_PAGES, "crosswalks/")
"""Folders of the pages reached through the catalog or the crosswalk index rather than the
site-wide menu (the two indexes themselves are in it: `IN_MENU`)."""
IN_MENU = frozenset({CROSSWALKS})
NOT_IN_NAV = ("/standards/", f"/{CATALOG_PAGES}", "/crosswalks/*/")
"""The same as MkDocs `not_in_nav` patterns (gitignore style), for `aiss render`'s config."""


def crosswalk_page(framework: str, number: int) -> str:
    """Page `number` (from 1) of one framework's crosswalk: `/crosswalks/<code>/`, then
    `/crosswalks/<code>/page/2/`, ..."""
    base = f"crosswalks/{framework}/"
    return f"{base}index.md" if number == 1 else f"{base}page/{number}/index.md"


def catalog_page(number: int) -> str:
    """Page `number` (from 1) of the catalog: `/catalog/`, then `/catalog/page/2/`, ..."""
    return CATALOG if number == 1 else f"{CATALOG_PAGES}{number}/index.md"


def overview(sid: str) -> str:
    """The page listing every version of a standard: `/standards/<ID>/`."""
    return f"standards/{sid}/index.md"


def version(sid: str, ver: str) -> str:
    """The page of one version, at the stable URL `/standards/<ID>/<version>/`."""
    return f"standards/{sid}/{ver}/index.md"


def latest(sid: str) -> str:
    """The redirect to the newest published version: `/standards/<ID>/latest/`."""
    return f"standards/{sid}/latest/index.html"


def download(sid: str, ver: str, ext: str) -> str:
    """The version's source as `yaml`, or as `json`, next to its page."""
    return f"standards/{sid}/{ver}/{sid}-{ver}.{ext}"


def changes_anchor(old: str, new: str) -> str:
    """The overview's section on what changed between two consecutive versions:
    `/standards/<ID>/#changes-1.0.0..1.1.0` (the content comes from `aiss.diff`)."""
    return f"changes-{old}..{new}"


def changes_redirect(sid: str, old: str, new: str) -> str:
    """The former address of that section, `/standards/<ID>/changes/<old>..<new>/`, which
    now redirects to it so that old links keep working."""
    return f"standards/{sid}/changes/{old}..{new}/index.html"


EXERCISES = "exercises/index.md"


def exercise(ex_id: str) -> str:
    """The public page of a joint exercise: `/exercises/<EX-ID>/`."""
    return f"exercises/{ex_id}/index.md"


def diagnostic(code: str) -> str:
    """The page explaining a diagnostic code; the CLI links to its URL (`aiss.catalog.codes.doc_url`)."""
    return f"diagnostics/{code}/index.md"


def reference(schema_name: str) -> str:
    """The reference page of a document kind: `standard.schema.json` -> `/reference/standard/`."""
    return f"reference/{schema_name.removesuffix('.schema.json')}.md"


def schema(name: str) -> str:
    """A JSON Schema, served at the URL of its `$id`."""
    return f"{SCHEMA_DIR}/{name}"


def url(src: str) -> str:
    """Site-relative URL of a source path, with directory URLs (`a/index.md` -> `a/`)."""
    if src.endswith(("index.md", "index.html")):
        return src.rsplit("/", 1)[0] + "/" if "/" in src else ""
    if src.endswith(".md"):
        return src[: -len(".md")] + "/"
    return src


def absolute(site_url: str, src: str) -> str:
    """Absolute URL of a source path under `site_url`."""
    return site_url.rstrip("/") + "/" + url(src)


def rel(from_src: str, to_src: str) -> str:
    """Relative link from one source file to another, as Markdown links between sources need."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def rel_url(from_src: str, to_src: str) -> str:
    """Relative URL between the built pages of two sources, for links in raw HTML."""
    here = posixpath.dirname(from_src) if from_src.endswith("index.md") else url(from_src)
    target = url(to_src)
    out = posixpath.relpath(target or ".", here.rstrip("/") or ".")
    if out == ".":
        return "./"
    return out + "/" if target.endswith("/") and not out.endswith("/") else out

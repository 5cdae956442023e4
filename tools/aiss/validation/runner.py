"""Validate files and folders: load, check each document, run the rules, collect everything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.loading import discover, find_root, load_file, read_file, standard_versions_on_disk
from aiss.models import Standard, Vocabulary
from aiss.registry import VOCABULARY_DIR, Entry, Registry, sha256_bytes
from aiss.validation.document import Checked, check_document
from aiss.validation.rules.standard_rules import Context, run_standard_rules
from aiss.yamlio import DEFAULT_LIMITS, Limits, YamlDocument, gc_paused, load_yaml

RegistryCheck = Callable[[Registry, list[Checked]], list[Diagnostic]]
REGISTRY_CHECKS: list[RegistryCheck] = []
"""Whole-registry checks (immutability, bump rules, examples), registered by later modules."""


@dataclass
class Result:
    """What a validation run found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    registry: Registry | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def _vocabularies(root: Path, limits: Limits) -> tuple[dict[str, Vocabulary], list[Checked]]:
    vocabs: dict[str, Vocabulary] = {}
    checked: list[Checked] = []
    for f in sorted((root / VOCABULARY_DIR).glob("*.yaml")):
        c = check_document(load_file(f, confine_to=root, limits=limits))
        checked.append(c)
        if isinstance(c.model, Vocabulary):
            vocabs[c.model.name] = c.model
    return vocabs, checked


def validate(
    paths: list[Path], *, root: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> Result:
    """Validate `paths` (files or folders) against the registry at `root` (found when None)."""
    files = discover(paths)
    root = root or find_root(paths)
    vocabs: dict[str, Vocabulary] = {}
    vocab_checked: list[Checked] = []
    if root is not None:
        vocabs, vocab_checked = _vocabularies(root, limits)
    terms = {name: {t.code for t in v.terms} for name, v in vocabs.items()}
    existing = standard_versions_on_disk(root) if root else frozenset()
    result = Result()
    checked_by_path = {c.doc.path: c for c in vocab_checked}
    entries: dict[tuple[str, str], Entry] = {}
    all_checked: list[Checked] = []
    # the loaded documents are kept, so a collection after every file would grow
    # quadratically; nothing here makes reference cycles
    with gc_paused():
        for f in files:
            rf = read_file(
                f,
                confine_to=root if root and _inside(f, root) else None,
                max_bytes=limits.max_bytes,
            )
            if rf.raw is None:
                assert rf.problem is not None
                doc = YamlDocument(rf.display, None, None, diagnostics=[rf.problem])
            else:
                doc = load_yaml(rf.display, rf.raw, limits)
            c = checked_by_path.get(doc.path) or check_document(doc)
            all_checked.append(c)
            result.files += 1
            result.diagnostics.extend(c.diagnostics)
            if isinstance(c.model, Standard):
                ctx = Context(root, f, terms, existing)
                result.diagnostics.extend(run_standard_rules(doc, c.model, ctx))
                assert rf.raw is not None
                entries[(c.model.id, c.model.version)] = Entry(
                    c.model, doc, f, sha256_bytes(rf.raw)
                )
    registry = Registry(root or Path(), entries, vocabs)
    for check in REGISTRY_CHECKS:
        result.diagnostics.extend(check(registry, all_checked))
    result.registry = registry
    result.diagnostics = sorted_diagnostics(result.diagnostics)
    return result


def _inside(path: Path, root: Path) -> bool:
    try:
        path.absolute().relative_to(root.absolute())
    except ValueError:
        return False
    return True


def load_registry(root: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Registry, Result]:
    """Load and validate a whole registry folder; the registry holds every valid standard."""
    result = validate([root], root=root, limits=limits)
    assert result.registry is not None
    return result.registry, result

"""The artifact detectors, one module per family of evidence.

Each family module defines ``RULES: list[Rule]``. :func:`all_rules` gathers them (imported on first
use, not at package import) and :func:`detect` runs them over a document.
"""

from __future__ import annotations

import importlib
from functools import cache

from newsqual.detectors._rule import Hit, Rule
from newsqual.document import Document
from newsqual.report import Flag

#: Family names, in report order (a rule's `family` is one of these).
FAMILIES: tuple[str, ...] = (
    "errors",
    "placeholders",
    "consent",
    "contacts",
    "footers",
    "chrome",
    "damage",
    "generation",
    "consistency",
)
#: Modules holding rules (``RULES`` lists); a family may span several modules.
MODULES: tuple[str, ...] = FAMILIES + ("chrome_lines",)

__all__ = [
    "FAMILIES",
    "Hit",
    "Rule",
    "all_rules",
    "detect",
    "detector_feature_names",
    "detector_features",
    "flag_kinds",
]


@cache
def _modules() -> tuple[object, ...]:
    return tuple(importlib.import_module(f"newsqual.detectors.{name}") for name in MODULES)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule of every family (immutable; cached after the first call)."""
    rules: list[Rule] = []
    for module in _modules():
        rules.extend(module.RULES)  # type: ignore[attr-defined]
    names = [r.name for r in rules]
    unknown = {r.family for r in rules} - set(FAMILIES)
    if unknown:
        raise RuntimeError(f"rules with unknown families: {sorted(unknown)}")
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"duplicate rule names: {sorted(dupes)}")
    return tuple(rules)


@cache
def flag_kinds() -> tuple[str, ...]:
    """The stable list of flag kinds, for fixed feature columns (plus input-level kinds)."""
    kinds = dict.fromkeys(r.kind for r in all_rules())
    kinds.setdefault("truncated_input", None)
    return tuple(kinds)


def detect(doc: Document) -> list[Flag]:
    """Run every rule over `doc`; flags come back sorted by position, exact duplicates removed."""
    flags: set[Flag] = set()
    for rule in all_rules():
        flags.update(rule.detect(doc))
    return sorted(flags, key=lambda f: (f.start, f.end, f.kind))


@cache
def detector_feature_names() -> tuple[str, ...]:
    """Names of the numeric features detector modules compute besides flags.

    A module may define ``FEATURE_NAMES: tuple[str, ...]`` and ``features(doc) -> dict[str, float]``
    (e.g. a density of filler vocabulary per 1,000 words) for the classifier to use.
    """
    names: list[str] = []
    for module in _modules():
        names.extend(getattr(module, "FEATURE_NAMES", ()))
    return tuple(names)


def detector_features(doc: Document) -> dict[str, float]:
    """Every detector module's numeric features for `doc`, keyed by
    :func:`detector_feature_names`."""
    out: dict[str, float] = {}
    for module in _modules():
        fn = getattr(module, "features", None)
        if fn is not None:
            values = fn(doc)
            for name in getattr(module, "FEATURE_NAMES", ()):
                out[name] = float(values.get(name, 0.0))
    return out

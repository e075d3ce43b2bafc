"""Detector output + text statistics -> one dict of named numbers with a fixed set of keys."""

from __future__ import annotations

from collections import Counter

from newsqual.detectors import FAMILIES, detector_feature_names, detector_features, flag_kinds
from newsqual.document import Document
from newsqual.report import Flag
from newsqual.stats import STAT_NAMES, text_stats

_SEVERITY_WEIGHT = {"low": 1.0, "medium": 2.0, "high": 3.0}


def feature_names() -> tuple[str, ...]:
    """The stable, ordered list of feature names :func:`extract` returns."""
    return (
        STAT_NAMES
        + tuple(f"flag.{k}" for k in flag_kinds())
        + tuple(f"family.{f}" for f in FAMILIES)
        + ("flags.low", "flags.medium", "flags.high", "flags.weighted_per_1k_words",
           "flags.covered_char_frac")
        + detector_feature_names()
    )


def extract(doc: Document, flags: list[Flag]) -> dict[str, float]:
    """All features for `doc` given its `flags`: statistics, per-kind and per-family flag counts,
    counts by severity, a length-normalised weighted count, and the share of characters flagged."""
    out = text_stats(doc)
    kinds = Counter(f.kind for f in flags)
    families = Counter(f.family for f in flags)
    sev = Counter(f.severity for f in flags)
    for k in flag_kinds():
        out[f"flag.{k}"] = float(kinds.get(k, 0))
    for fam in FAMILIES:
        out[f"family.{fam}"] = float(families.get(fam, 0))
    for s in ("low", "medium", "high"):
        out[f"flags.{s}"] = float(sev.get(s, 0))
    weighted = sum(_SEVERITY_WEIGHT[f.severity] for f in flags)
    out["flags.weighted_per_1k_words"] = 1000.0 * weighted / max(out["n_words"], 50.0)
    out["flags.covered_char_frac"] = _covered(flags) / max(len(doc.text), 1)
    out.update(detector_features(doc))
    return out


def _covered(flags: list[Flag]) -> int:
    """Characters under at least one flag (intervals merged)."""
    total, cur_start, cur_end = 0, -1, -1
    for f in sorted(flags, key=lambda f: f.start):
        if f.start > cur_end:
            total += cur_end - cur_start if cur_end > cur_start else 0
            cur_start, cur_end = f.start, f.end
        else:
            cur_end = max(cur_end, f.end)
    total += cur_end - cur_start if cur_end > cur_start else 0
    return total

"""Flags -> score, label and contributions with transparent, documented weights.

This is the rule-based scorer used until (and alongside, as a fallback) the trained classifier:

    penalty(kind) = WEIGHT[severity] * min(count of that kind, CAP)
    score         = exp(-sum of penalties)

so one high-severity flag alone gives 0.30 (``reject``), one medium flag 0.74 (``ok``), two medium
flags of different kinds 0.55 (``review``). Each kind's penalty is reported as its contribution
(negative: it lowered the score), so every score can be traced to the flags behind it.
"""

from __future__ import annotations

import math
from collections import defaultdict

from newsqual.report import Flag

WEIGHT = {"high": 1.2, "medium": 0.3, "low": 0.08}
CAP = 3
#: Label thresholds on the score: ``ok`` at or above OK_AT, ``review`` at or above REVIEW_AT.
OK_AT = 0.7
REVIEW_AT = 0.35


def label_for(score: float) -> str:
    """Map a score in [0, 1] to ``ok`` / ``review`` / ``reject``."""
    if score >= OK_AT:
        return "ok"
    if score >= REVIEW_AT:
        return "review"
    return "reject"


def rule_score(flags: list[Flag]) -> tuple[float, dict[str, float]]:
    """The rule-based score and each flag kind's contribution (log-space penalty, negative)."""
    counts: dict[str, int] = defaultdict(int)
    severity: dict[str, str] = {}
    for f in flags:
        counts[f.kind] += 1
        # A kind's severity is the highest seen for it.
        if WEIGHT[f.severity] > WEIGHT.get(severity.get(f.kind, "low"), 0.0) or f.kind not in severity:
            severity[f.kind] = f.severity
    contributions = {k: -WEIGHT[severity[k]] * min(n, CAP) for k, n in counts.items()}
    total = -sum(contributions.values())
    ordered = dict(sorted(contributions.items(), key=lambda kv: kv[1]))
    return math.exp(-total), ordered

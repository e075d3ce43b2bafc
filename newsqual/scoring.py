"""Flags + features -> score, label and contributions.

Two parts, combined by :func:`combined_score` (see ``models/MODEL_CARD.md``)::

    score = rule_score * (1 - MODEL_WEIGHT * (1 - p_reliable))      # MODEL_WEIGHT = 0.5

- the trained reliability model's calibrated probability ``p`` that the article reads like reliable
  news (``Report.scores["reliability"]``), from ``models/reliability.json``;
- the rule-based artifact score below (``Report.scores["rules"]``), which stays as the fallback when
  no usable model is shipped or the text is not English prose (:func:`models_apply`).

The rule-based scorer:

    penalty(kind) = WEIGHT[severity] * min(count of that kind, CAP)
    score         = exp(-sum of penalties)

so one high-severity flag alone gives 0.30 (``reject``), one medium flag 0.74 (``ok``), two medium
flags of different kinds 0.55 (``review``). Each kind's penalty is reported as its contribution
(negative: it lowered the score), so every score can be traced to the flags behind it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

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
        if f.kind not in severity or WEIGHT[f.severity] > WEIGHT[severity[f.kind]]:
            severity[f.kind] = f.severity
    contributions = {k: -WEIGHT[severity[k]] * min(n, CAP) for k, n in counts.items()}
    total = -sum(contributions.values())
    ordered = dict(sorted(contributions.items(), key=lambda kv: kv[1]))
    return math.exp(-total), ordered


#: The largest share of the score the reliability model can take away (see combined_score).
MODEL_WEIGHT = 0.5
#: ``Report.contributions`` key of the summed contribution of every topic-masked n-gram column.
GRAMS_TOTAL = "g.*"
#: How many of the model's features are reported in ``Report.contributions``.
TOP_FEATURES = 8
#: The models were trained on English news: they judge a text only when at least this share of
#: the words on its prose lines (lines of 8+ words: menus, lists and product grids do not count)
#: are common English words (``lang.english_prose_share``: wordfreq's 5,000 most frequent English
#: words plus function words). Measured by ``benchmarks/english_gate.py``: English news and web
#: article text 0.54 at the lowest (0.51 for a whole rendered HTML page, but for one page whose
#: prose is "lorem ipsum" filler); news in eight other languages 0.07-0.32.
ENGLISH_MIN_SHARE = 0.45
#: Texts with fewer prose words than this say too little about their language to gate anything.
LANGUAGE_MIN_WORDS = 20


def models_apply(features: Mapping[str, float]) -> bool:
    """Whether the English-trained models may judge a text with these `features`: its prose is
    English enough (:data:`ENGLISH_MIN_SHARE`), or there is too little prose to tell (or no
    ``lang.*`` features at all).

    >>> models_apply({"lang.prose_words": 60.0, "lang.english_prose_share": 0.17})  # German
    False
    >>> models_apply({"lang.prose_words": 60.0, "lang.english_prose_share": 0.84})
    True
    """
    share = features.get("lang.english_prose_share")
    if share is None or features.get("lang.prose_words", 0.0) < LANGUAGE_MIN_WORDS:
        return True
    return share >= ENGLISH_MIN_SHARE


@dataclass(slots=True)
class Scored:
    """A final score with its parts (``scores``) and what moved it (``contributions``)."""

    score: float
    scores: dict[str, float] = field(default_factory=dict)
    contributions: dict[str, float] = field(default_factory=dict)


def combined_score(features: Mapping[str, float], flags: list[Flag], *,
                   text: str | None) -> Scored:
    """The final score: ``rule_score * (1 - MODEL_WEIGHT * (1 - p_reliable))``.

    "Fit to publish" needs the article to be free of publishing debris (the rules) *and* to read
    like reliable news (the model). Artifacts can take the score to 0: one SQL error trailer (a
    high flag, rule score 0.30) caps it at 0.30, so such an article is never ``ok`` whatever the
    model says, and more flags never raise it. The model can take away at most
    :data:`MODEL_WEIGHT` of it: with ROC AUC 0.76-0.80 on unseen datasets it is a weak signal,
    so on its own it can send an article to ``review`` but never to ``reject`` (a rejection
    always has flags as evidence). Without a usable model, or for a text that is not English
    (:func:`models_apply`: the models were trained on English news), the score is the rule score
    and ``scores`` holds no model probability.
    ``scores`` holds ``rules``, ``reliability`` (the calibrated probability) and
    ``machine_generated`` (reported, not multiplied in).

    Contributions: the model's top features as ``coef x standardised value`` (logit units, the
    article against the average training article) under their feature names, then each flag
    kind's rule penalty (log units) under its kind; negative values lowered the score.

    `text` (the judged text; required, so no caller drops it by accident) gives the reliability
    model its topic-masked n-gram columns (``g.*``,
    :meth:`~newsqual.model.linear.LinearModel.gram_features`); ``None`` counts them as absent.
    They appear in ``contributions`` like any other column, and their sum under ``g.*`` (only
    when the text has an n-gram of the model's vocabulary; the sum includes any ``g.<n-gram>``
    already listed on its own).
    """
    from newsqual.model.grams import GRAM_PREFIX
    from newsqual.model.runtime import MACHINE, RELIABILITY, shipped_model

    rules, penalties = rule_score(flags)
    scores = {"rules": rules}
    contributions: dict[str, float] = {}
    applies = models_apply(features)
    reliability = shipped_model(RELIABILITY) if applies else None
    final = rules
    if reliability is not None:
        grams = reliability.gram_features(text) if text is not None else {}
        model_features = {**features, **grams} if grams else features
        p, top, gram_total = reliability.explain(model_features, TOP_FEATURES,
                                                 GRAM_PREFIX if grams else "")
        scores["reliability"] = p
        final = rules * (1.0 - MODEL_WEIGHT * (1.0 - p))
        contributions.update(top)
        if grams:
            contributions[GRAMS_TOTAL] = gram_total
    machine = shipped_model(MACHINE) if applies else None
    if machine is not None:
        scores["machine_generated"] = machine.predict_one(features)
    contributions.update(penalties)
    ordered = dict(sorted(contributions.items(), key=lambda kv: -abs(kv[1])))
    return Scored(score=final, scores=scores, contributions=ordered)

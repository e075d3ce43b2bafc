"""The model's input columns: every named feature newsqual computes for a text.

Kept apart from :mod:`newsqual.model.transformer` so scoring can check a model's feature names
without importing scikit-learn.
"""

from __future__ import annotations

from newsqual.model.data import normalise_text
from newsqual.model.style import FUNCTION_NAMES, STYLE_NAMES, style_features


def all_feature_names() -> tuple[str, ...]:
    """Every column newsqual computes: :func:`newsqual.features.feature_names` + style signals."""
    from newsqual.features import feature_names

    return tuple(feature_names()) + STYLE_NAMES + FUNCTION_NAMES


def text_features(text: str, *, normalise: bool = True) -> dict[str, float]:
    """All named features of one text (detectors, statistics, style), as :func:`all_feature_names`.

    >>> f = text_features("The council met on Monday, officials said.")
    >>> f["n_words"] > 0 and "style.dates_per_100w" in f
    True
    """
    from newsqual.judge import analyse

    if normalise:
        text = normalise_text(text)
    _, _, feats = analyse(text)
    out = dict.fromkeys(all_feature_names(), 0.0)
    out.update(feats)
    out.update(style_features(text))
    return out

"""`NewsFeatures`: newsqual's features as a scikit-learn transformer (text in, named columns out).

It follows the estimator contract: ``__init__`` only stores parameters, ``fit`` records the column
names in fitted attributes (``feature_names_out_``) and returns ``self``, so it clones, pickles
and sits in a ``Pipeline`` like any other step:

>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.linear_model import LogisticRegression
>>> pipe = make_pipeline(NewsFeatures(), LogisticRegression())
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from newsqual.model.columns import all_feature_names, text_features

__all__ = ["NewsFeatures", "all_feature_names", "text_features"]


class NewsFeatures(TransformerMixin, BaseEstimator):
    """Texts -> a float matrix of newsqual features (one row per text, columns named).

    Parameters
    ----------
    normalise:
        Normalise line endings and runs of spaces before computing features (recommended for
        training: whitespace habits of outlets correlate with labels in public datasets).
    exclude_prefixes:
        Drop columns whose name starts with any of these (e.g. ``("flag.", "family.")`` to see what
        a model learns without artifact evidence).
    """

    def __init__(self, normalise: bool = True, exclude_prefixes: Sequence[str] = ()) -> None:
        self.normalise = normalise
        self.exclude_prefixes = exclude_prefixes

    def fit(self, X: Iterable[str], y: object = None) -> NewsFeatures:
        """Fix the output columns (the current feature names minus excluded prefixes)."""
        prefixes = tuple(self.exclude_prefixes)
        names = [n for n in all_feature_names() if not n.startswith(prefixes)] if prefixes \
            else list(all_feature_names())
        self.feature_names_out_ = np.asarray(names, dtype=object)
        self.n_features_out_ = len(names)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of features per text, in :attr:`feature_names_out_` order."""
        if not hasattr(self, "feature_names_out_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("NewsFeatures is not fitted yet; call fit() first")
        names = list(self.feature_names_out_)
        rows = [text_features(str(t), normalise=self.normalise) for t in X]
        return np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=float).reshape(
            len(rows), len(names))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The output column names (scikit-learn's feature-names protocol)."""
        return np.asarray(self.feature_names_out_, dtype=object)

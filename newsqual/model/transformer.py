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
    words:
        Add the shipped models' common-word block: the per-100-word rate of each word of a fixed
        vocabulary (``w.<word>``, :mod:`newsqual.model.words`; about 4,800 columns, mostly 0).
    grams:
        Add the reliability model's topic-masked n-gram block (``g.<n-gram>``,
        :mod:`newsqual.model.grams`): ``fit`` learns the vocabulary (n-grams in at least
        ``min_df`` of its texts) and IDF from the texts it is given (``gram_idf_``), ``transform``
        gives each text's unit-length sublinear TF-IDF over it.
    min_df:
        Fewest fitting texts an n-gram must occur in to become a column (with ``grams``).
    duplicates:
        Add the ``dup_batch_*`` columns of :mod:`newsqual.duplicates`, computed over each batch
        passed to ``transform`` (its story clusters): a property of the batch, not of one text.
    """

    def __init__(self, normalise: bool = True, exclude_prefixes: Sequence[str] = (),
                 words: bool = False, duplicates: bool = False, grams: bool = False,
                 min_df: int = 5) -> None:
        self.normalise = normalise
        self.exclude_prefixes = exclude_prefixes
        self.words = words
        self.duplicates = duplicates
        self.grams = grams
        self.min_df = min_df

    def fit(self, X: Iterable[str], y: object = None) -> NewsFeatures:
        """Fix the output columns (the current feature names minus excluded prefixes)."""
        names = list(all_feature_names())
        if self.words:
            from newsqual.model.words import word_names

            names += word_names()
        if self.duplicates:
            from newsqual.duplicates import BATCH_FEATURES

            names += BATCH_FEATURES
        if self.grams:
            from newsqual.model.fit import gram_matrix
            from newsqual.model.grams import GRAM_PREFIX, fit_idf

            counts = gram_matrix([str(t) for t in X])  # masking ignores whitespace anyway
            cols, idf = fit_idf(counts.counts, self.min_df)
            self.gram_idf_ = {counts.names[j]: float(v) for j, v in zip(cols, idf, strict=True)}
            names += [GRAM_PREFIX + g for g in self.gram_idf_]
        prefixes = tuple(self.exclude_prefixes)
        if prefixes:
            names = [n for n in names if not n.startswith(prefixes)]
        self.feature_names_out_ = np.asarray(names, dtype=object)
        self.n_features_out_ = len(names)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of features per text, in :attr:`feature_names_out_` order."""
        if not hasattr(self, "feature_names_out_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("NewsFeatures is not fitted yet; call fit() first")
        names = list(self.feature_names_out_)
        texts = [str(t) for t in X]
        rows = [text_features(t, normalise=self.normalise) for t in texts]
        if self.words:
            from newsqual.model.fit import word_matrix

            W, word_cols = word_matrix(texts)
            for row, (start, stop) in zip(rows, zip(W.indptr[:-1], W.indptr[1:], strict=True),
                                          strict=True):
                row.update((word_cols[j], v) for j, v in
                           zip(W.indices[start:stop], W.data[start:stop], strict=True))
        if self.grams:
            from newsqual.model.grams import gram_values

            for row, text in zip(rows, texts, strict=True):
                row.update(gram_values(text, self.gram_idf_))
        if self.duplicates:
            from newsqual.duplicates import batch_features

            for row, (_, numbers) in zip(rows, batch_features(texts), strict=True):
                row.update(numbers)
        return np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=float).reshape(
            len(rows), len(names))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The output column names (scikit-learn's feature-names protocol)."""
        return np.asarray(self.feature_names_out_, dtype=object)

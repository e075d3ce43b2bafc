"""Topic-masked n-grams: how a text is put together, with what it is about blanked out.

Every word outside a small fixed list of the most frequent English words (:data:`MASK_SIZE` of
wordfreq's ``top_n_list``: "the", "said", "but", "this", ...) is replaced by its shape: ``C`` for
a capitalised word, ``w`` for a lower-case one; digits become ``D``; punctuation stays. Kept words
are lower-cased, with ``^`` in front when written capitalised (a sentence start). So

    "But the mayor, Ana Ruiz, said the bridge would reopen on Monday!"

becomes ``^but the w , C C , said the w would w on C !``, and its word 1-3-grams
(``C C ,``, ``, said the``, ``C !``) describe attribution, punctuation and sentence shape
without a single topic or outlet word. This is text distortion for cross-topic stylometry
(Stamatatos 2017, "Authorship attribution using text distortion", EACL): masking topic words
lets a classifier learn style that carries over to unseen topics. Typographic variants (curly
quotes, dash kinds, runs of dashes) are folded to one form first, so house typography is not
learned either.

The reliability model weighs these n-grams as sublinear TF-IDF vectors, each text's vector
normalised to unit length over the model's n-gram vocabulary: the vocabulary (n-grams in at least
:data:`MIN_DF` training texts) and the IDF weights are fitted on the training texts and shipped in
the model file (:meth:`newsqual.model.linear.LinearModel.gram_features`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
from scipy import sparse

#: How many of wordfreq's most frequent English words stay visible (the rest are masked).
MASK_SIZE = 150
#: Longest n-gram (tokens).
MAX_N = 3
#: An n-gram enters the vocabulary when at least this many training texts contain it.
MIN_DF = 5
#: Feature-name prefix of n-gram columns (``g.C said``).
GRAM_PREFIX = "g."

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                             "\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2212": "-",
                             "\u2026": "."})


@cache
def kept_words(size: int = MASK_SIZE) -> frozenset[str]:
    """The words left visible: wordfreq's `size` most frequent English words that are
    alphabetic (loaded once).

    >>> {"the", "said", "but"} <= kept_words() and "bridge" not in kept_words()
    True
    """
    from wordfreq import top_n_list

    return frozenset(w for w in top_n_list("en", size) if w.isalpha())


def masked_tokens(text: str, size: int = MASK_SIZE) -> list[str]:
    """`text` as a token stream with topic words masked (see the module docstring).

    >>> " ".join(masked_tokens("But the mayor, Ana Ruiz, said it cost $4.5m -- twice!"))
    '^but the w , C C , said it w $ D w - w !'
    """
    keep = kept_words(size)
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text.translate(_TYPOGRAPHY)):
        first = tok[0]
        if first.isalpha():
            low = tok.lower()
            if low in keep:
                out.append("^" + low if first.isupper() else low)
            else:
                out.append("C" if first.isupper() else "w")
        elif first.isdigit():
            out.append("D")
        elif first == "-" and out and out[-1] == "-":
            continue  # a run of dashes is one dash
        else:
            out.append(tok)
    return out


def gram_counts(text: str, size: int = MASK_SIZE, max_n: int = MAX_N) -> Counter[str]:
    """Counts of the 1- to `max_n`-grams of :func:`masked_tokens` (tokens joined by a space).

    >>> gram_counts("Officials said so.")["C said"]
    1
    """
    toks = masked_tokens(text, size)
    counts: Counter[str] = Counter(toks)
    for n in range(2, max_n + 1):
        counts.update(map(" ".join, zip(*(toks[i:] for i in range(n)), strict=False)))
    return counts


def count_matrix(texts: Sequence[str], size: int = MASK_SIZE, max_n: int = MAX_N
                 ) -> tuple[sparse.csr_matrix, tuple[str, ...]]:
    """Sparse n-gram counts of `texts` over every n-gram that occurs, and the column names
    (n-grams, sorted): the raw material :func:`fit_idf` picks a vocabulary from."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    for i, text in enumerate(texts):
        for gram, k in gram_counts(text, size, max_n).items():
            rows.append(i)
            cols.append(index.setdefault(gram, len(index)))
            vals.append(k)
    names = sorted(index, key=index.__getitem__)
    order = np.argsort(np.array(names, dtype=object), kind="stable")
    M = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(names)), dtype=float)
    return sparse.csr_matrix(M[:, order]), tuple(names[j] for j in order)


def fit_idf(counts: sparse.csr_matrix, min_df: int = MIN_DF) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary columns of `counts` (n-grams in at least `min_df` rows) and their smoothed
    IDF, ``ln((1 + n) / (1 + df)) + 1`` (scikit-learn's ``TfidfTransformer(smooth_idf=True)``).

    >>> cols, idf = fit_idf(sparse.csr_matrix(np.array([[1, 0], [2, 0], [1, 1.0]])), min_df=2)
    >>> cols.tolist(), idf.round(3).tolist()
    ([0], [1.0])
    """
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    cols = np.flatnonzero(df >= min_df)
    n = counts.shape[0]
    return cols, np.log((1.0 + n) / (1.0 + df[cols])) + 1.0


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Rows of vocabulary counts -> sublinear TF-IDF (``(1 + ln count) * idf``), each row scaled to
    unit length (rows without a vocabulary n-gram stay 0).

    >>> tfidf(sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, 0.0]])), np.array([2.0, 1.0])).toarray()
    array([[1., 0.],
           [0., 0.]])
    """
    M = sparse.csr_matrix(counts, dtype=float, copy=True)
    M.data = (1.0 + np.log(M.data)) * idf[M.indices]
    norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ M)


def gram_values(text: str, idf: Mapping[str, float], size: int = MASK_SIZE,
                max_n: int = MAX_N) -> dict[str, float]:
    """One text's unit-length sublinear TF-IDF over the vocabulary `idf` (n-gram -> IDF), keyed
    ``g.<n-gram>``: what :func:`tfidf` gives the same text in training.

    >>> v = gram_values("Officials said so.", {"C said": 2.0, "so": 1.0})
    >>> round(v["g.C said"], 3), round(v["g.so"], 3)
    (0.894, 0.447)
    """
    weights: dict[str, float] = {}
    for gram, k in gram_counts(text, size, max_n).items():
        w = idf.get(gram)
        if w is not None:
            weights[gram] = (1.0 + math.log(k)) * w
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {GRAM_PREFIX + g: v / norm for g, v in weights.items()}

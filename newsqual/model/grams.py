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
lets a classifier learn style that carries over to unseen topics. The text is NFC-normalised and
typographic variants (curly quotes, dash kinds, runs of dashes, ellipses and runs of dots) are
folded to one form first, so house typography is not learned either.

The reliability model weighs these n-grams as sublinear TF-IDF vectors, each text's vector
normalised to unit length over the model's n-gram vocabulary: the vocabulary (n-grams in at least
:data:`MIN_DF` training texts) and the IDF weights are fitted on the training texts and shipped in
the model file (:meth:`newsqual.model.linear.LinearModel.gram_features`). A unit-length vector
gives a two-word text the same total weight as an article, so texts shorter than
:data:`FULL_WEIGHT_TOKENS` tokens have their vector scaled down in proportion (in training and at
scoring alike): "Officials said." is three tokens, not evidence of reporting style.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

#: How many of wordfreq's most frequent English words stay visible (the rest are masked).
MASK_SIZE = 150
#: Longest n-gram (tokens).
MAX_N = 3
#: An n-gram enters the vocabulary when at least this many training texts contain it.
MIN_DF = 5
#: Feature-name prefix of n-gram columns (``g.C said``).
GRAM_PREFIX = "g."
#: Texts with fewer tokens than this get their n-gram vector scaled by ``tokens / this``
#: (about two sentences; 1-2 % of the training texts are shorter).
FULL_WEIGHT_TOKENS = 50
#: Punctuation whose runs count as one mark (``--`` and ``-``, ``...`` and ``.``).
_COLLAPSED = frozenset("-.")

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

    >>> " ".join(masked_tokens("But the mayor, Ana Ruiz, said it cost $4.5m -- twice..."))
    '^but the w , C C , said it w $ D w - w .'
    """
    keep = kept_words(size)
    out: list[str] = []
    for tok in _TOKEN_RE.findall(unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)):
        first = tok[0]
        if first.isalpha():
            low = tok.lower()
            if low in keep:
                out.append("^" + low if first.isupper() else low)
            else:
                out.append("C" if first.isupper() else "w")
        elif first.isdigit():
            out.append("D")
        elif first in _COLLAPSED and out and out[-1] == first:
            continue  # a run of dashes or dots is one mark
        else:
            out.append(tok)
    return out


def gram_counts(text: str, size: int = MASK_SIZE, max_n: int = MAX_N) -> Counter[str]:
    """Counts of the 1- to `max_n`-grams of :func:`masked_tokens` (tokens joined by a space).

    >>> gram_counts("Officials said so.")["C said"]
    1
    """
    return Counter(_grams(masked_tokens(text, size), max_n))


def _grams(toks: list[str], max_n: int) -> Iterator[str]:
    """Every 1- to `max_n`-gram of `toks`, as space-joined strings."""
    yield from toks
    for n in range(2, max_n + 1):
        yield from map(" ".join, zip(*(toks[i:] for i in range(n)), strict=False))


def length_factor(n_tokens: int | np.ndarray) -> np.ndarray:
    """How much of its unit-length n-gram vector a text of `n_tokens` tokens keeps.

    >>> length_factor(np.array([3, 50, 400])).tolist()
    [0.06, 1.0, 1.0]
    """
    return np.minimum(1.0, np.asarray(n_tokens, dtype=float) / FULL_WEIGHT_TOKENS)


def count_matrix(texts: Sequence[str], size: int = MASK_SIZE, max_n: int = MAX_N
                 ) -> tuple[sparse.csr_matrix, tuple[str, ...]]:
    """Sparse n-gram counts of `texts` over every n-gram that occurs, and the column names
    (n-grams, sorted): the raw material :func:`fit_idf` picks a vocabulary from."""
    from scipy import sparse

    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    for i, text in enumerate(texts):
        for gram, k in gram_counts(text, size, max_n).items():
            rows.append(i)
            cols.append(index.setdefault(gram, len(index)))
            vals.append(k)
    names = sorted(index)
    order = np.array([index[n] for n in names], dtype=int)
    M = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(index)), dtype=float)
    return sparse.csr_matrix(M[:, order]), tuple(names)


def token_counts(counts: sparse.csr_matrix, names: Sequence[str]) -> np.ndarray:
    """Tokens per row of a :func:`count_matrix` (the sum of its 1-gram columns)."""
    unigrams = np.array([" " not in n for n in names], dtype=float)
    return np.asarray(counts @ unigrams).ravel()


def fit_idf(counts: sparse.csr_matrix, min_df: int = MIN_DF) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary columns of `counts` (n-grams in at least `min_df` rows) and their smoothed
    IDF, ``ln((1 + n) / (1 + df)) + 1`` (scikit-learn's ``TfidfTransformer(smooth_idf=True)``).

    >>> from scipy import sparse
    >>> cols, idf = fit_idf(sparse.csr_matrix(np.array([[1, 0], [2, 0], [1, 1.0]])), min_df=2)
    >>> cols.tolist(), idf.round(3).tolist()
    ([0], [1.0])
    """
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    cols = np.flatnonzero(df >= min_df)
    n = counts.shape[0]
    return cols, np.log((1.0 + n) / (1.0 + df[cols])) + 1.0


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray,
          n_tokens: np.ndarray | None = None) -> sparse.csr_matrix:
    """Rows of vocabulary counts -> sublinear TF-IDF (``(1 + ln count) * idf``), each row scaled to
    unit length (rows without a vocabulary n-gram stay 0), then by :func:`length_factor` of the
    row's `n_tokens` when given.

    >>> from scipy import sparse
    >>> tfidf(sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, 0.0]])), np.array([2.0, 1.0])).toarray()
    array([[1., 0.],
           [0., 0.]])
    """
    from scipy import sparse

    M = sparse.csr_matrix(counts, dtype=float, copy=True)
    M.data = (1.0 + np.log(M.data)) * idf[M.indices]
    norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    scale = 1.0 / np.where(norms > 0, norms, 1.0)
    if n_tokens is not None:
        scale = scale * length_factor(n_tokens)
    return sparse.csr_matrix(sparse.diags(scale) @ M)


def gram_values(text: str, idf: Mapping[str, float], size: int = MASK_SIZE,
                max_n: int = MAX_N) -> dict[str, float]:
    """One text's sublinear TF-IDF over the vocabulary `idf` (n-gram -> IDF), keyed
    ``g.<n-gram>``, unit length times :func:`length_factor`: what :func:`tfidf` gives the same
    text in training. Only vocabulary n-grams are counted, so memory stays small on huge input.

    >>> v = gram_values("Officials said so. " * 20, {"C said": 2.0, "so": 1.0})
    >>> round(v["g.C said"], 3), round(v["g.so"], 3)
    (0.894, 0.447)
    >>> round(gram_values("Officials said so.", {"C said": 2.0, "so": 1.0})["g.C said"], 3)
    0.072
    """
    toks = masked_tokens(text, size)
    counts: Counter[str] = Counter(g for g in _grams(toks, max_n) if g in idf)
    weights = {g: (1.0 + math.log(k)) * idf[g] for g, k in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    scale = float(length_factor(len(toks))) / norm
    return {GRAM_PREFIX + g: v * scale for g, v in weights.items()}

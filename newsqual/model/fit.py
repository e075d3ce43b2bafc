"""Fitting a :class:`~newsqual.model.linear.LinearModel`: standardise, constrain, calibrate.

- Count-like columns (non-negative with values above 1) get ``log1p`` so a page with 40 flags is not
  40 times one with a single flag.
- Logistic regression (L2, fixed ``C``) on standardised columns.
- *Artifact monotonicity*: columns named by `nonpositive` (flag counts) may only lower the score. A
  column whose fitted coefficient comes out positive is pinned to 0 and the model refitted, until no
  such column is left, so more artifact evidence never raises the reliability score.
- Calibration: Platt scaling fitted on out-of-fold logits from a group-aware split, so the
  probabilities are calibrated on articles from groups the model did not see; for the fused
  reliability model the folds leave one dataset out, so they are calibrated for unseen sources.
- Fused models (:func:`fit_fused`; the shipped reliability and machine models): a dense block and
  a common-word block, and for the reliability model a block of topic-masked n-grams
  (:mod:`newsqual.model.grams`), mixed as picked by inner cross-validation on the training rows
  (:func:`select_fusion` over a :class:`FusionGrid`). The machine model leaves out length and
  layout columns (:func:`machine_feature_names`).
- *Sign constraints* (the reliability model, :func:`signed_logistic`): every coefficient keeps
  the sign of its column's class-mean difference in the training data, so no feature gets a
  suppressor weight against its own direction (digits pushing down while dates push up), which
  does not carry over to unseen datasets and makes explanations contradict the data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsqual.model.grams import (
    GRAM_PREFIX,
    MASK_SIZE,
    MAX_N,
    MIN_DF,
    fit_idf,
    tfidf,
    token_counts,
)
from newsqual.model.linear import CLIP, GramSpec, LinearModel

#: One string per training row (dataset names, groups): a list or a numpy array.
Labels = Sequence[str] | np.ndarray

#: Inverse L2 strength: strong shrinkage, the data are small and noisy.
DEFAULT_C = 0.02
#: The machine-generation model has ~4x more rows and a cleaner signal: less shrinkage.
MACHINE_C = 0.1
#: Flag-evidence columns: left out of the reliability model (artifacts act through the rule
#: factor), or with coefficients kept <= 0 when included (the ``with-artifacts`` ablation).
ARTIFACT_PREFIXES: tuple[str, ...] = ("flag.", "family.", "flags.")
#: Layout statistics left out of the reliability model: in the training data they record how each
#: corpus was collected (FakeNewsAMT fakes without a headline line, outlet line-wrapping), not
#: quality. Dropping them lowers FakeNewsAMT's within-dataset AUC and raises cross-dataset AUC.
LAYOUT_FEATURES: frozenset[str] = frozenset({
    "n_lines", "n_paragraphs", "mean_line_words", "frac_short_lines", "frac_lines_terminal_punct",
    "frac_bullet_lines", "frac_dup_lines", "frac_dup_line_chars", "frac_dup_paragraphs",
    "gen.paragraph_len_cv",
})


#: Length columns left out of the machine-generation model: in the IU data rephrasings are shorter
#: than their human originals (length alone scores ROC AUC 0.98-0.99 on the rephrase types), which
#: says how that corpus was made, not how machine text reads. ``frac_words_unique`` is here because
#: a type-token share falls with length (r = -0.87 with log words on the IU texts).
LENGTH_FEATURES: frozenset[str] = frozenset({
    "n_chars", "n_words", "n_lines", "n_paragraphs", "log_words", "frac_words_unique",
})


def machine_feature_names(names: Sequence[str]) -> tuple[str, ...]:
    """The dense columns the machine-generation model uses: every feature but text length and
    layout (:data:`LAYOUT_FEATURES`). The IU human articles and their rephrasings are stored as
    one line each while generated texts and older news have paragraphs, so line statistics record
    how that corpus was stored, and on one-line texts ``mean_line_words`` *is* the length."""
    return tuple(n for n in names if n not in LENGTH_FEATURES and n not in LAYOUT_FEATURES)


def machine_domains(subsets: Labels, older_prefix: str) -> np.ndarray:
    """Weighting domains of the machine training rows: ``iu`` (the IU human articles and their
    machine versions) or ``older`` (2016-18 human news, `subset` starting with `older_prefix`).
    With :func:`balanced_weights` the 100 IU human articles weigh as much as the ~1,650 older
    ones: they are the only human texts from the machine texts' own period and topics, so without
    this the model can learn "2016-18 topics vs 2023 topics" instead of how machine text reads."""
    return np.where(np.char.startswith(np.asarray(subsets, dtype=str), older_prefix),
                    "older", "iu")


def reliability_feature_names(names: Sequence[str]) -> tuple[str, ...]:
    """The columns the reliability model uses: content features, no flags, no layout."""
    return tuple(n for n in names if not n.startswith(ARTIFACT_PREFIXES)
                 and n not in LAYOUT_FEATURES)


def _core(X: np.ndarray, y: np.ndarray, names: Sequence[str], log1p: np.ndarray, C: float,
          nonpositive: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardisation and (constrained) coefficients, without calibration."""
    T = np.where(log1p, np.log1p(np.maximum(X, 0.0)), X)
    mean = T.mean(axis=0)
    scale = T.std(axis=0)
    active = scale > 1e-12
    scale = np.where(active, scale, 1.0)
    Z = np.clip((T - mean) / scale, -CLIP, CLIP)
    constrained = np.array([bool(nonpositive) and n.startswith(nonpositive) for n in names])
    coef = np.zeros(len(names))
    intercept = 0.0
    for _ in range(len(names) + 1):
        clf = LogisticRegression(C=C, max_iter=5000)
        clf.fit(Z[:, active], y)
        coef = np.zeros(len(names))
        coef[active] = clf.coef_[0]
        intercept = float(clf.intercept_[0])
        wrong = active & constrained & (coef > 0)
        if not wrong.any():
            break
        active = active & ~wrong
    return mean, scale, coef, intercept


def count_like(X: np.ndarray) -> np.ndarray:
    """Columns that get ``log1p``: never negative, and above 1 somewhere."""
    return (X.min(axis=0) >= 0) & (X.max(axis=0) > 1.0) if len(X) else np.zeros(X.shape[1], bool)


def fit_linear(X: np.ndarray, y: np.ndarray, groups: Labels, names: Sequence[str], *,
               name: str = "model", C: float = DEFAULT_C, nonpositive: tuple[str, ...] = (),
               calibration_folds: int = 5, meta: dict[str, object] | None = None) -> LinearModel:
    """Fit a calibrated :class:`LinearModel` on `X`/`y` (deterministic; `groups` set OOF folds)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    log1p = count_like(X)
    mean, scale, coef, intercept = _core(X, y, names, log1p, C, nonpositive)
    a, b = platt_from_oof(X, y, groups, names, log1p, C, nonpositive, calibration_folds)
    return LinearModel(name=name, feature_names=tuple(names), log1p=log1p, mean=mean, scale=scale,
                       coef=coef, intercept=intercept, platt_a=a, platt_b=b, meta=meta or {})


def platt_from_oof(X: np.ndarray, y: np.ndarray, groups: Labels, names: Sequence[str],
                   log1p: np.ndarray, C: float, nonpositive: tuple[str, ...],
                   folds: int) -> tuple[float, float]:
    """Platt ``(a, b)`` fitted on out-of-fold logits (GroupKFold over `groups`)."""
    n_groups = len(set(groups))
    folds = min(folds, n_groups)
    if folds < 2:
        return 1.0, 0.0
    z = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(X, y, groups):
        if len(set(y[train])) < 2:
            return 1.0, 0.0
        mean, scale, coef, intercept = _core(X[train], y[train], names, log1p, C, nonpositive)
        T = np.where(log1p, np.log1p(np.maximum(X[test], 0.0)), X[test])
        z[test] = np.clip((T - mean) / scale, -CLIP, CLIP) @ coef + intercept
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(z[:, None], y)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


# -- the reliability model: dense features + common-word rates, fused -----------------------------

#: Inverse L2 strength of the word-rate block, and the dense block's share of the fused logit:
#: candidates, one pair picked per training set by :func:`select_fusion` (inner cross-validation).
WORD_C_GRID: tuple[float, ...] = (0.002, 0.005, 0.02)
DENSE_WEIGHT_GRID: tuple[float, ...] = (0.3, 0.5, 0.7)
#: The masked n-gram block's share of the fused logit (0: no n-gram block) and its inverse L2
#: strength. Its inputs are unit-length TF-IDF rows, not standardised columns, hence larger ``C``.
GRAM_WEIGHT_GRID: tuple[float, ...] = (0.0, 0.3, 0.5)
GRAM_C_GRID: tuple[float, ...] = (1.0, 3.0)


@dataclass(frozen=True)
class Fusion:
    """How the blocks are combined:
    ``logit = (1 - g) * (w * dense + (1 - w) * words) + g * grams``."""

    dense_weight: float = 0.5
    word_c: float = 0.005
    dense_c: float = DEFAULT_C
    #: Coefficients keep the sign of their column's class-mean difference (:func:`signed_logistic`).
    sign_constrained: bool = True
    gram_weight: float = 0.0
    gram_c: float = 1.0


@dataclass(frozen=True)
class GramCounts:
    """Masked n-gram counts of the training texts (:func:`newsqual.model.grams.count_matrix`):
    every n-gram that occurs; each fit picks its vocabulary and IDF from its own training rows."""

    counts: sparse.csr_matrix
    names: tuple[str, ...]
    mask_size: int = MASK_SIZE
    max_n: int = MAX_N
    min_df: int = MIN_DF

    @cached_property
    def tokens(self) -> np.ndarray:
        """Tokens per row (the sum of its 1-gram counts), computed once."""
        return token_counts(self.counts, self.names)

    def split(self, train: np.ndarray, test: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix, sparse.csr_matrix | None]:
        """Vocabulary columns and IDF fitted on the `train` rows, and the TF-IDF rows of `train`
        and (if given) `test` over that vocabulary (short texts scaled down as at scoring time:
        :func:`newsqual.model.grams.length_factor`)."""
        tokens = self.tokens
        counts = self.counts[train]
        cols, idf = fit_idf(counts, self.min_df)
        test_rows = (None if test is None
                     else tfidf(self.counts[test][:, cols], idf, tokens[test]))
        return cols, idf, tfidf(counts[:, cols], idf, tokens[train]), test_rows


def word_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, tuple[str, ...]]:
    """Sparse word-rate matrix (:func:`newsqual.model.words.word_rates`) of `texts`, normalised
    first as in training, with its column names (:func:`newsqual.model.words.word_names`)."""
    from newsqual.model.data import normalise_text
    from newsqual.model.style import lower_word_counts
    from newsqual.model.words import word_names, word_rates

    names = word_names()
    return sparse_rows((word_rates(*lower_word_counts(normalise_text(t))) for t in texts),
                       names), names


def sparse_rows(rows: Iterable[Mapping[str, float]], names: Sequence[str]) -> sparse.csr_matrix:
    """One sparse row per name -> value mapping, columns in `names` order (every key must be
    one of `names`).

    >>> sparse_rows([{"w.b": 2.0}, {}], ("w.a", "w.b")).toarray()
    array([[0., 2.],
           [0., 0.]])
    """
    index = {n: j for j, n in enumerate(names)}
    r: list[int] = []
    c: list[int] = []
    v: list[float] = []
    n_rows = 0
    for i, row in enumerate(rows):
        n_rows = i + 1
        for name, value in row.items():
            r.append(i)
            c.append(index[name])
            v.append(value)
    return sparse.csr_matrix((v, (r, c)), shape=(n_rows, len(names)))


def gram_matrix(texts: Sequence[str]) -> GramCounts:
    """Topic-masked n-gram counts (:func:`newsqual.model.grams.count_matrix`) of `texts`,
    normalised first as in training."""
    from newsqual.model.data import normalise_text
    from newsqual.model.grams import count_matrix

    counts, names = count_matrix([normalise_text(t) for t in texts])
    return GramCounts(counts, names)


def balanced_weights(y: np.ndarray, domains: Labels) -> np.ndarray:
    """Sample weights giving every (domain, class) cell the same total weight, so each dataset
    counts equally however many articles it has (mean weight 1)."""
    dom = np.asarray(domains)
    cells = [(d, c) for d in dict.fromkeys(dom.tolist()) for c in (0, 1)]
    w = np.zeros(len(y))
    present = [(d, c) for d, c in cells if np.any((dom == d) & (y == c))]
    for d, c in present:
        mask = (dom == d) & (y == c)
        w[mask] = len(y) / (len(present) * mask.sum())
    return w


def class_direction(Z: np.ndarray | sparse.csr_matrix, y: np.ndarray,
                    sw: np.ndarray) -> np.ndarray:
    """Per column, the sign (+1, -1 or 0) of the weighted mean of class 1 minus that of class 0.

    >>> class_direction(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1, 0]), np.ones(2))
    array([ 1., -1.])
    """
    pos, neg = y == 1, y == 0
    if not (sw[pos].sum() > 0 and sw[neg].sum() > 0):
        raise ValueError("class_direction needs weighted rows of both classes")
    diff = Z[pos].T @ sw[pos] / sw[pos].sum() - Z[neg].T @ sw[neg] / sw[neg].sum()
    return np.sign(np.asarray(diff, dtype=float).ravel())


def signed_logistic(Z: np.ndarray | sparse.csr_matrix, y: np.ndarray, sw: np.ndarray, C: float,
                    direction: np.ndarray) -> tuple[np.ndarray, float]:
    """A weighted L2 logistic regression with scikit-learn's objective (`C` times the weighted
    log-loss plus half the squared coefficient norm; free intercept) whose coefficient j keeps
    the sign of ``direction[j]`` (and is 0 where that is 0): L-BFGS-B with bounds, deterministic.
    Returns ``(coef, intercept)``.

    >>> Z = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.0], [3.0, 3.0]])
    >>> coef, _ = signed_logistic(Z, np.array([0, 0, 1, 1]), np.ones(4), 10.0, np.array([1, 1]))
    >>> bool((coef >= 0).all())
    True
    """
    ys = 2.0 * np.asarray(y, dtype=float) - 1.0

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef = theta[1:]
        margin = -ys * (Z @ coef + theta[0])
        g = -ys * sw * expit(margin)
        value = C * float(sw @ np.logaddexp(0.0, margin)) + 0.5 * float(coef @ coef)
        return value, np.concatenate([[C * g.sum()], C * (Z.T @ g) + coef])

    bounds = [(None, None)] + [(0.0, None) if d > 0 else (None, 0.0) if d < 0 else (0.0, 0.0)
                               for d in direction]
    fit = minimize(objective, np.zeros(Z.shape[1] + 1), jac=True, method="L-BFGS-B",
                   bounds=bounds, options={"maxiter": 5000})
    if not fit.success:
        warnings.warn(f"signed_logistic did not converge: {fit.message}", RuntimeWarning,
                      stacklevel=2)
    return fit.x[1:].copy(), float(fit.x[0])


def _logistic(Z: np.ndarray | sparse.csr_matrix, y: np.ndarray, sw: np.ndarray, C: float,
              sign_constrained: bool) -> tuple[np.ndarray, float]:
    """Coefficients and intercept of a weighted L2 logistic regression, sign-constrained or not."""
    if sign_constrained:
        return signed_logistic(Z, y, sw, C, class_direction(Z, y, sw))
    clf = LogisticRegression(C=C, max_iter=5000).fit(Z, y, sample_weight=sw)
    return clf.coef_[0].copy(), float(clf.intercept_[0])


def _dense_block(X: np.ndarray, y: np.ndarray, sw: np.ndarray, log1p: np.ndarray, C: float,
                 sign_constrained: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    T = np.where(log1p, np.log1p(np.maximum(X, 0.0)), X)
    mean, scale = T.mean(axis=0), T.std(axis=0)
    active = scale > 1e-12
    scale = np.where(active, scale, 1.0)
    Z = np.clip((T - mean) / scale, -CLIP, CLIP)
    coef = np.zeros(X.shape[1])
    coef[active], intercept = _logistic(Z[:, active], y, sw, C, sign_constrained)
    return mean, scale, coef, intercept


def _word_scale(W: sparse.csr_matrix) -> np.ndarray:
    """Per-column standard deviation of a sparse non-negative matrix (1 where constant)."""
    m = np.asarray(W.mean(axis=0)).ravel()
    sq = np.asarray(W.multiply(W).mean(axis=0)).ravel()
    sd = np.sqrt(np.maximum(sq - m * m, 0.0))
    return np.where(sd > 1e-12, sd, 1.0)


def _scaled(W: sparse.csr_matrix, scale: np.ndarray) -> sparse.csr_matrix:
    """Columns divided by `scale` and clipped to CLIP, kept sparse (no centring: 0 stays 0)."""
    Z = sparse.csr_matrix(W.multiply(1.0 / scale[None, :]))
    np.minimum(Z.data, CLIP, out=Z.data)
    return Z


def _word_block(W: sparse.csr_matrix, y: np.ndarray, sw: np.ndarray,
                C: float, sign_constrained: bool) -> tuple[np.ndarray, np.ndarray, float]:
    scale = _word_scale(W)
    coef, intercept = _logistic(_scaled(W, scale), y, sw, C, sign_constrained)
    return scale, coef, intercept


def _fused_parts(X: np.ndarray, W: sparse.csr_matrix, G: sparse.csr_matrix | None,
                 y: np.ndarray, sw: np.ndarray, log1p: np.ndarray,
                 fusion: Fusion) -> tuple[np.ndarray, ...]:
    """mean, scale, coef, log1p of the fused model and its intercept (as a 1-element array).
    `G` holds the rows' n-gram TF-IDF (columns: the fitted vocabulary); it enters only when
    ``fusion.gram_weight > 0``, with mean 0 and scale 1."""
    w = fusion.dense_weight
    g = fusion.gram_weight if G is not None else 0.0
    d_mean, d_scale, d_coef, d_b = _dense_block(X, y, sw, log1p, fusion.dense_c,
                                                fusion.sign_constrained)
    w_scale, w_coef, w_b = _word_block(W, y, sw, fusion.word_c, fusion.sign_constrained)
    n_grams = G.shape[1] if G is not None and g > 0 else 0
    g_coef, g_b = (_logistic(G, y, sw, fusion.gram_c, fusion.sign_constrained)
                   if n_grams else (np.zeros(0), 0.0))
    return (np.concatenate([d_mean, np.zeros(W.shape[1] + n_grams)]),
            np.concatenate([d_scale, w_scale, np.ones(n_grams)]),
            np.concatenate([(1.0 - g) * w * d_coef, (1.0 - g) * (1.0 - w) * w_coef, g * g_coef]),
            np.concatenate([log1p, np.zeros(W.shape[1] + n_grams, bool)]),
            np.array([(1.0 - g) * (w * d_b + (1.0 - w) * w_b) + g * g_b]))


def _fused_logit(X: np.ndarray, W: sparse.csr_matrix, G: sparse.csr_matrix | None,
                 parts: tuple[np.ndarray, ...]) -> np.ndarray:
    mean, scale, coef, log1p, b = parts
    k, m = X.shape[1], X.shape[1] + W.shape[1]
    T = np.where(log1p[:k], np.log1p(np.maximum(X, 0.0)), X)
    z = np.clip((T - mean[:k]) / scale[:k], -CLIP, CLIP) @ coef[:k]
    z = z + _scaled(W, scale[k:m]) @ coef[k:m] + b[0]
    if len(coef) > m and G is not None:
        z = z + G @ coef[m:]
    return z


def _inner_splits(y: np.ndarray, groups: Labels, domains: Labels,
                  by_domain: bool = True) -> list[tuple[np.ndarray, np.ndarray]]:
    """Leave-one-domain-out when there are several domains (and `by_domain`), else grouped
    3-fold CV."""
    dom = np.asarray(domains)
    names = list(dict.fromkeys(dom.tolist()))
    if by_domain and len(names) >= 2:
        return [(np.flatnonzero(dom != d), np.flatnonzero(dom == d)) for d in names]
    folds = min(3, len(set(groups)))
    return list(GroupKFold(n_splits=folds).split(y, y, groups)) if folds >= 2 else []


@dataclass(frozen=True)
class FusionGrid:
    """Where :func:`select_fusion` searches: candidate word-block ``C`` values and dense weights,
    the dense block's fixed ``C``, whether inner folds leave one domain out (several
    datasets of one task) or are grouped 3-fold (one task, several human sources), and whether
    coefficients are sign-constrained (:func:`signed_logistic`)."""

    word_c: tuple[float, ...] = WORD_C_GRID
    dense_weight: tuple[float, ...] = DENSE_WEIGHT_GRID
    dense_c: float = DEFAULT_C
    by_domain: bool = True
    sign_constrained: bool = True
    #: n-gram block candidates (used only when :func:`fit_fused` is given n-gram counts).
    gram_weight: tuple[float, ...] = GRAM_WEIGHT_GRID
    gram_c: tuple[float, ...] = GRAM_C_GRID


#: The machine-generation model's search: ~4x more rows than one reliability dataset and a
#: cleaner signal, so less shrinkage on both blocks; inner folds are grouped (every positive
#: comes from one corpus, so leaving a domain out would leave one class only).
MACHINE_GRID = FusionGrid(word_c=(0.005, 0.02, 0.05, 0.2), dense_weight=(0.1, 0.3, 0.5),
                          dense_c=MACHINE_C, by_domain=False, sign_constrained=False,
                          gram_weight=(0.0,))


def select_fusion(X: np.ndarray, W: sparse.csr_matrix, y: np.ndarray, groups: Labels,
                  domains: Labels, grid: FusionGrid = FusionGrid(),
                  grams: GramCounts | None = None) -> tuple[Fusion, dict[str, float]]:
    """Pick the word-block ``C``, the dense weight and (with `grams`) the n-gram block's weight
    and ``C`` by inner cross-validation on the training data only (leave-one-domain-out across
    its datasets, or grouped 3-fold: see :class:`FusionGrid`): the candidate with the highest
    mean ROC AUC over the inner held-out parts (ties: the larger dense weight, then the smaller
    n-gram weight). Each inner split fits its own n-gram vocabulary and IDF. Returns the pick
    and the mean AUC of every candidate (``"w=0.5,C=0.005"``, plus ``",g=0.3,gC=1.0"``)."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y, dtype=int)
    log1p = count_like(X)
    gram_options = [(g, c) for g in grid.gram_weight for c in grid.gram_c if g > 0] \
        if grams is not None else []
    scores: dict[tuple[float, float, float, float], list[float]] = {}
    for train, test in _inner_splits(y, groups, domains, grid.by_domain):
        if len(set(y[train])) < 2 or len(set(y[test])) < 2:
            continue
        sw = balanced_weights(y[train], np.asarray(domains)[train])
        d_mean, d_scale, d_coef, _ = _dense_block(X[train], y[train], sw, log1p, grid.dense_c,
                                                  grid.sign_constrained)
        T = np.where(log1p, np.log1p(np.maximum(X[test], 0.0)), X[test])
        zd = np.clip((T - d_mean) / d_scale, -CLIP, CLIP) @ d_coef
        zg: dict[float, np.ndarray] = {}
        if gram_options and grams is not None:
            _, _, g_train, g_test = grams.split(train, test)
            for c in dict.fromkeys(c for _, c in gram_options):
                g_coef, _ = _logistic(g_train, y[train], sw, c, grid.sign_constrained)
                zg[c] = g_test @ g_coef  # type: ignore[operator]
        for c in grid.word_c:
            w_scale, w_coef, _ = _word_block(W[train], y[train], sw, c, grid.sign_constrained)
            zw = _scaled(W[test], w_scale) @ w_coef
            for dw in grid.dense_weight:
                base = dw * zd + (1.0 - dw) * zw
                scores.setdefault((dw, c, 0.0, 0.0), []).append(
                    float(roc_auc_score(y[test], base)))
                for g, gc in gram_options:
                    auc = roc_auc_score(y[test], (1.0 - g) * base + g * zg[gc])
                    scores.setdefault((dw, c, g, gc), []).append(float(auc))
    if not scores:
        return Fusion(dense_c=grid.dense_c, sign_constrained=grid.sign_constrained), {}
    means = {k: float(np.mean(v)) for k, v in scores.items()}
    best = max(means, key=lambda k: (means[k], k[0], -k[2]))
    return (Fusion(dense_weight=best[0], word_c=best[1], dense_c=grid.dense_c,
                   sign_constrained=grid.sign_constrained, gram_weight=best[2],
                   gram_c=best[3] or Fusion.gram_c),
            {_candidate(k): round(v, 4) for k, v in sorted(means.items())})


def _candidate(k: tuple[float, float, float, float]) -> str:
    name = f"w={k[0]},C={k[1]}"
    return name + (f",g={k[2]},gC={k[3]}" if k[2] else "")


def _fused_platt(X: np.ndarray, W: sparse.csr_matrix, y: np.ndarray, groups: Labels,
                 domains: np.ndarray, log1p: np.ndarray, fusion: Fusion, by_domain: bool,
                 folds: int, grams: GramCounts | None = None) -> tuple[float, float]:
    """Platt ``(a, b)`` on out-of-fold fused logits: leave-one-domain-out when `by_domain`,
    else (or when a domain split leaves one class to train on) GroupKFold over `groups`;
    ``(1, 0)`` when neither can run. Each fold fits its own n-gram vocabulary and IDF."""
    folds = min(folds, len(set(groups)))
    plans = [_inner_splits(y, groups, domains)] if by_domain else []
    if folds >= 2:
        plans.append(list(GroupKFold(n_splits=folds).split(X, y, groups)))
    use_grams = grams is not None and fusion.gram_weight > 0
    for splits in plans:
        if any(len(set(y[train].tolist())) < 2 for train, _ in splits):
            continue
        z = np.zeros(len(y))
        for train, test in splits:
            g_train = g_test = None
            if use_grams and grams is not None:
                _, _, g_train, g_test = grams.split(train, test)
            fold = _fused_parts(X[train], W[train], g_train, y[train],
                                balanced_weights(y[train], domains[train]), log1p, fusion)
            z[test] = _fused_logit(X[test], W[test], g_test, fold)
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(z[:, None], y)
        return float(platt.coef_[0, 0]), float(platt.intercept_[0])
    return 1.0, 0.0


def fit_fused(X: np.ndarray, W: sparse.csr_matrix, y: np.ndarray, groups: Labels,
              domains: Labels, names: Sequence[str], word_names: Sequence[str], *,
              fusion: Fusion | None = None, grid: FusionGrid = FusionGrid(),
              name: str = "reliability",
              calibration_folds: int = 5, meta: dict[str, object] | None = None,
              sparse_prefixes: tuple[str, ...] = (),
              grams: GramCounts | None = None) -> LinearModel:
    """A fused model (reliability, machine): a dense-feature logistic regression and a word-rate
    logistic regression (columns scaled, not centred, so an absent word adds nothing), and with
    `grams` a logistic regression on topic-masked n-gram TF-IDF rows (vocabulary and IDF fitted
    on these rows, shipped in the model: :class:`~newsqual.model.linear.GramSpec`), each trained
    with :func:`balanced_weights` over `domains`, fused into one :class:`LinearModel` with
    ``coef = [(1 - g) * w * dense, (1 - g) * (1 - w) * words, g * grams]``; `fusion` defaults to
    :func:`select_fusion`'s pick over `grid`. Platt calibration on out-of-fold fused logits:
    leave-one-domain-out when `grid` searches by domain and there are several (the reliability
    model: its probabilities are calibrated for sources it has not seen, which is how it is
    used), else GroupKFold over `groups` with `calibration_folds` folds. Deterministic."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    W = sparse.csr_matrix(W, dtype=float)
    dom = np.asarray(domains)
    scores: dict[str, float] = {}
    if fusion is None:
        fusion, scores = select_fusion(X, W, y, groups, dom, grid, grams)
    log1p = count_like(X)
    G, spec = None, None
    if grams is not None and fusion.gram_weight > 0:
        cols, idf, G, _ = grams.split(np.arange(len(y)))
        spec = GramSpec(idf=idf, mask_size=grams.mask_size, max_n=grams.max_n)
        gram_names = tuple(GRAM_PREFIX + grams.names[j] for j in cols)
        sparse_prefixes = tuple(dict.fromkeys(sparse_prefixes + (GRAM_PREFIX,)))
    else:
        gram_names = ()
    parts = _fused_parts(X, W, G, y, balanced_weights(y, dom), log1p, fusion)
    by_domain = grid.by_domain and len(set(dom.tolist())) >= 2
    a, b = _fused_platt(X, W, y, groups, dom, log1p, fusion, by_domain, calibration_folds,
                        grams)
    mean, scale, coef, log1p_all, intercept = parts
    info: dict[str, object] = {"dense_weight": fusion.dense_weight, "word_C": fusion.word_c,
                               "dense_C": fusion.dense_c,
                               "signed_coefficients": fusion.sign_constrained,
                               "selection_mean_auc": scores}
    if spec is not None:
        info |= {"gram_weight": fusion.gram_weight, "gram_C": fusion.gram_c,
                 "gram_min_df": grams.min_df if grams is not None else None}
    return LinearModel(name=name, feature_names=tuple(names) + tuple(word_names) + gram_names,
                       log1p=log1p_all, mean=mean, scale=scale, coef=coef,
                       intercept=float(intercept[0]), platt_a=a, platt_b=b,
                       meta={**(meta or {}), "fusion": info}, sparse_prefixes=sparse_prefixes,
                       grams=spec)

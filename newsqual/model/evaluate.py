"""How well the classifier works: grouped cross-validation, leave-one-dataset-out, and baselines.

A *variant* is a function ``(train_idx, test_idx) -> probabilities for test_idx``, so the newsqual
model, its ablations (no artifact features, length alone) and a TF-IDF bag-of-words baseline are
all evaluated by the same splitting code. Splits go by ``split_group`` (never by row); folds are
deterministic. :func:`bootstrap_auc` gives the sampling error of a ROC AUC (and of the difference
between two models) by resampling those same groups. Used by ``benchmarks/eval_model.py`` and the
evaluation gate test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold

from newsqual.model.cache import feature_matrix
from newsqual.model.data import OLDER_HUMAN, Article, normalise_text
from newsqual.model.fit import (
    ARTIFACT_PREFIXES,
    DEFAULT_C,
    MACHINE_C,
    MACHINE_GRID,
    FusionGrid,
    GramCounts,
    fit_fused,
    fit_linear,
    gram_matrix,
    machine_domains,
    machine_feature_names,
    reliability_feature_names,
    sparse_rows,
    word_matrix,
)
from newsqual.model.grams import GRAM_PREFIX
from newsqual.model.linear import LinearModel
from newsqual.model.words import WORD_PREFIX

Variant = Callable[[np.ndarray, np.ndarray], np.ndarray]
FOLDS = 5


@dataclass
class Corpus:
    """Articles with their feature matrix, labels and groups, aligned by row."""

    articles: list[Article]
    X: np.ndarray
    names: tuple[str, ...]

    _words: tuple[sparse.csr_matrix, tuple[str, ...]] | None = None
    _grams: GramCounts | None = None

    def words(self) -> tuple[sparse.csr_matrix, tuple[str, ...]]:
        """The sparse common-word-rate matrix of the texts and its column names (computed once)."""
        if self._words is None:
            self._words = word_matrix([a.text for a in self.articles])
        return self._words

    def grams(self) -> GramCounts:
        """Topic-masked n-gram counts of the texts (every n-gram; computed once)."""
        if self._grams is None:
            self._grams = gram_matrix([a.text for a in self.articles])
        return self._grams

    @property
    def y(self) -> np.ndarray:
        return np.array([a.y for a in self.articles], dtype=int)

    @property
    def groups(self) -> np.ndarray:
        return np.array([a.group for a in self.articles])

    @property
    def datasets(self) -> np.ndarray:
        return np.array([a.dataset for a in self.articles])

    @property
    def subsets(self) -> np.ndarray:
        return np.array([a.subset for a in self.articles])


def build_corpus(articles: list[Article], *, n_jobs: int = 1) -> Corpus:
    """Features for `articles` (disk-cached; see :mod:`newsqual.model.cache`)."""
    X, names = feature_matrix([a.text for a in articles], n_jobs=n_jobs)
    return Corpus(articles, X, names)


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Calibration error (ECE) over `bins` equal-width bins (weighted |accuracy - confidence|)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.mean() * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def metrics(y: np.ndarray, p: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """ROC AUC, PR AUC (average precision), F1 at `threshold`, and ECE."""
    if len(set(y.tolist())) < 2:
        return {"roc_auc": float("nan"), "pr_auc": float("nan"), "f1": float("nan"),
                "ece": ece(y, p), "n": float(len(y))}
    return {"roc_auc": float(roc_auc_score(y, p)), "pr_auc": float(average_precision_score(y, p)),
            "f1": float(f1_score(y, (p >= threshold).astype(int), zero_division=0.0)),
            "ece": ece(y, p), "n": float(len(y))}


@dataclass(frozen=True)
class AUCInterval:
    """A ROC AUC with its cluster-bootstrap 95 % percentile interval (see :func:`bootstrap_auc`).

    With a baseline: ``diff`` is AUC minus the baseline's AUC on the same rows, ``diff_low`` and
    ``diff_high`` its interval over the same resamples, and ``share_not_better`` the share of
    resamples where the difference is <= 0 (a one-sided bootstrap p-value for "better than the
    baseline"). ``resamples`` counts the resamples in which both classes were drawn.
    """

    auc: float
    low: float
    high: float
    resamples: int
    diff: float | None = None
    diff_low: float | None = None
    diff_high: float | None = None
    share_not_better: float | None = None

    def contains(self, value: float) -> bool:
        """Whether `value` lies inside the AUC's interval (ends included)."""
        return self.low <= value <= self.high


def _weighted_aucs(order: np.ndarray, y_sorted: np.ndarray, block_start: np.ndarray,
                   block_end: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted Mann-Whitney AUC for each row of `weights` (resamples x rows, rows in score
    order): the weighted share of (positive, negative) pairs the score puts the right way round,
    ties counting 1/2. `block_start`/`block_end` bound each sorted row's run of tied scores."""
    w = weights[:, order].astype(float)
    pos = w * y_sorted
    neg = w - pos
    below = np.zeros((w.shape[0], w.shape[1] + 1))
    np.cumsum(neg, axis=1, out=below[:, 1:])
    under, upto = below[:, block_start], below[:, block_end]
    wins = (pos * (under + 0.5 * (upto - under))).sum(axis=1)
    pairs = pos.sum(axis=1) * neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, wins / np.where(pairs > 0, pairs, 1.0), np.nan)


def _rank_blocks(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort order of `p` and, per sorted row, where its run of equal scores starts and ends."""
    order = np.argsort(p, kind="stable")
    _, first, inverse = np.unique(p[order], return_index=True, return_inverse=True)
    last = np.append(first[1:], len(p))
    return order, first[inverse], last[inverse]


def _resample_weights(groups: np.ndarray, n: int, seed: int) -> Iterator[np.ndarray]:
    """Integer row weights of `n` cluster-bootstrap resamples of `groups` (each draws as many
    groups as there are, with replacement), in chunks of (resamples x rows) bounded to about 2 M
    cells. Deterministic for a `seed`."""
    _, group_of_row = np.unique(np.asarray(groups), return_inverse=True)
    n_groups = int(group_of_row.max()) + 1
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_groups, np.full(n_groups, 1.0 / n_groups), size=n)
    chunk = max(1, 2_000_000 // max(len(group_of_row), 1))
    for start in range(0, n, chunk):
        yield counts[start:start + chunk][:, group_of_row]


def bootstrap_auc(y: np.ndarray, p: np.ndarray, groups: np.ndarray, *, n: int = 2000,
                  seed: int = 0, baseline: np.ndarray | None = None,
                  level: float = 0.95) -> AUCInterval:
    """ROC AUC of `p` on labels `y` with a cluster-bootstrap percentile interval.

    Each resample draws as many groups as there are, with replacement, and keeps every row of a
    drawn group (the paired fake and legitimate versions of one story stay together, as
    ``split_group`` keeps them in training). A resample is a vector of integer row weights, so
    its AUC is a weighted Mann-Whitney statistic on the scores' fixed order: all `n` resamples are
    one vectorised pass. Percentile interval of the resampled AUCs (Efron & Tibshirani, *An
    Introduction to the Bootstrap*, 1993, ch. 13; resampling whole clusters: Davison & Hinkley,
    *Bootstrap Methods and their Application*, 1997, sec. 3.8). Given `baseline` (another score
    vector for the same rows), the paired difference AUC(p) - AUC(baseline) is computed on the
    same resamples. Only the test rows' sampling error is measured: the models are not refitted.
    Deterministic for a `seed`.

    >>> y = np.array([0, 1] * 50); groups = np.repeat(np.arange(50), 2)
    >>> p = y + np.random.default_rng(1).normal(0, 0.8, 100)
    >>> ci = bootstrap_auc(y, p, groups, n=500)
    >>> round(ci.auc, 4), round(ci.low, 2), round(ci.high, 2), ci.contains(0.80)
    (0.8336, 0.75, 0.9, True)
    >>> bootstrap_auc(y, p, groups, n=500, baseline=p).diff_high
    0.0
    """
    y = np.asarray(y).astype(int)
    p = np.asarray(p, dtype=float)
    scores = [p] if baseline is None else [p, np.asarray(baseline, dtype=float)]
    blocks = [_rank_blocks(s) for s in scores]
    point = [float(_weighted_aucs(o, y[o], a, b, np.ones((1, len(y))))[0]) for o, a, b in blocks]

    draws: list[list[np.ndarray]] = [[] for _ in scores]
    for weights in _resample_weights(groups, n, seed):
        for out, (o, a, b) in zip(draws, blocks, strict=True):
            out.append(_weighted_aucs(o, y[o], a, b, weights))
    aucs = [np.concatenate(d) for d in draws]
    ok = np.all([np.isfinite(a) for a in aucs], axis=0)
    tail = 100.0 * (1.0 - level) / 2.0
    low, high = np.percentile(aucs[0][ok], [tail, 100.0 - tail])
    if baseline is None:
        return AUCInterval(point[0], float(low), float(high), int(ok.sum()))
    diffs = aucs[0][ok] - aucs[1][ok]
    d_low, d_high = np.percentile(diffs, [tail, 100.0 - tail])
    return AUCInterval(point[0], float(low), float(high), int(ok.sum()),
                       diff=point[0] - point[1], diff_low=float(d_low), diff_high=float(d_high),
                       share_not_better=float(np.mean(diffs <= 0.0)))


def bootstrap_ece(y: np.ndarray, p: np.ndarray, groups: np.ndarray, *, n: int = 2000,
                  seed: int = 0, bins: int = 10, level: float = 0.95
                  ) -> tuple[float, float, float]:
    """:func:`ece` of `p` on labels `y` and its cluster-bootstrap percentile interval
    ``(ece, low, high)``, resampling `groups` as :func:`bootstrap_auc` does (same seed, same
    resamples). With integer resample weights ``w``, ECE is ``sum over bins |sum of w (y - p)|
    / sum of w``, so every resample is one matrix product per bin.

    >>> y = np.array([0, 1] * 100); groups = np.arange(200)
    >>> e, low, high = bootstrap_ece(y, np.full(200, 0.5), groups, n=200)
    >>> e, low <= e <= high
    (0.0, True)
    """
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    onehot = (idx[:, None] == np.arange(bins)[None, :]) * (y - p)[:, None]  # rows x bins
    draws = np.concatenate([np.abs(w @ onehot).sum(axis=1) / w.sum(axis=1)
                            for w in _resample_weights(groups, n, seed)])
    tail = 100.0 * (1.0 - level) / 2.0
    low, high = np.percentile(draws, [tail, 100.0 - tail])
    return ece(y, p, bins), float(low), float(high)


def grouped_oof(variant: Variant, y: np.ndarray, groups: np.ndarray, rows: np.ndarray | None = None,
                folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold probabilities for `rows` (default: all) under GroupKFold on `groups`."""
    rows = np.arange(len(y)) if rows is None else rows
    out = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=folds).split(rows, y[rows], groups[rows]):
        out[test] = variant(rows[train], rows[test])
    return out


def lodo(variant: Variant, datasets: np.ndarray) -> dict[str, np.ndarray]:
    """Leave-one-dataset-out: for each dataset, train on the others and predict it."""
    out: dict[str, np.ndarray] = {}
    for name in dict.fromkeys(datasets.tolist()):
        test = np.flatnonzero(datasets == name)
        train = np.flatnonzero(datasets != name)
        out[name] = variant(train, test)
    return out


def feature_variant(corpus: Corpus, *, columns: Sequence[str] | None = None,
                    exclude_prefixes: tuple[str, ...] = (), nonpositive: tuple[str, ...] = (),
                    C: float | None = None) -> Variant:
    """newsqual's linear model on a subset of feature columns."""
    names = [n for n in corpus.names if (columns is None or n in columns)
             and not (exclude_prefixes and n.startswith(exclude_prefixes))]
    cols = np.array([corpus.names.index(n) for n in names])
    X, y, groups = corpus.X[:, cols], corpus.y, corpus.groups
    c_value = DEFAULT_C if C is None else C

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = fit_linear(X[train], y[train], groups[train], names, nonpositive=nonpositive,
                           C=c_value)
        return model.predict_proba(X[test])

    return run


def newsqual_variant(corpus: Corpus, *, grams: bool = True,
                     grid: FusionGrid | None = None) -> Variant:
    """The shipped reliability configuration (:func:`newsqual.model.fit.fit_fused`): content
    features (no flag counts, no layout; artifacts enter the final score through the rule
    factor) fused with common-word rates and topic-masked n-grams, datasets weighted equally,
    the fusion (and the n-gram vocabulary) picked on the training rows only. ``grams=False``:
    the same without the n-gram block (the session-4 model); `grid`: another fusion search."""
    names = list(reliability_feature_names(corpus.names))
    cols = np.array([corpus.names.index(n) for n in names])
    X, y, groups, domains = corpus.X[:, cols], corpus.y, corpus.groups, corpus.datasets
    W, word_names = corpus.words()
    G = corpus.grams() if grams else None

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        counts = GramCounts(G.counts[train], G.names) if G is not None else None
        model = fit_fused(X[train], W[train], y[train], groups[train], domains[train], names,
                          word_names, sparse_prefixes=(WORD_PREFIX,), grams=counts,
                          grid=grid or FusionGrid())
        G_test = (_gram_rows(model, [corpus.articles[i].text for i in test])
                  if model.grams is not None else None)
        return _predict_rows(model, X[test], W[test], G_test)

    return run


def dense_only_variant(corpus: Corpus) -> Variant:
    """Ablation: the shipped dense columns alone (no word rates, no dataset weighting; the
    previous release's reliability model)."""
    return feature_variant(corpus, columns=reliability_feature_names(corpus.names))


def _gram_rows(model: LinearModel, texts: list[str]) -> sparse.csr_matrix:
    """The model's ``g.*`` columns of `texts`, computed as at scoring time
    (:meth:`LinearModel.gram_features` on the normalised text), in the model's column order."""
    names = [n for n in model.feature_names if n.startswith(GRAM_PREFIX)]
    return sparse_rows((model.gram_features(normalise_text(t)) for t in texts), names)


def _predict_rows(model: LinearModel, X: np.ndarray, W: object, G: object = None) -> np.ndarray:
    """Probabilities of a fused model from the dense rows `X`, sparse word rows `W` and (when
    the model has n-gram columns) their n-gram TF-IDF rows `G`."""
    parts = [X, sparse.csr_matrix(W).toarray()]
    if G is not None:
        parts.append(sparse.csr_matrix(G).toarray())
    full = np.hstack(parts)
    if full.shape[1] != len(model.feature_names):
        raise ValueError(f"{full.shape[1]} columns for a model of {len(model.feature_names)}")
    return model.predict_proba(full)


def with_layout_variant(corpus: Corpus) -> Variant:
    """Ablation: the shipped columns plus the layout statistics."""
    return feature_variant(corpus, exclude_prefixes=ARTIFACT_PREFIXES)


def machine_variant(corpus: Corpus) -> Variant:
    """The shipped machine-generation configuration (:func:`newsqual.model.train.train_machine`):
    dense features without length and layout fused with common-word rates, IU humans weighted as
    much as the older ones, the fusion picked by grouped inner CV on the training rows only."""
    names = list(machine_feature_names(corpus.names))
    cols = np.array([corpus.names.index(n) for n in names])
    X, y, groups = corpus.X[:, cols], corpus.y, corpus.groups
    domains = machine_domains(corpus.subsets, OLDER_HUMAN)
    W, word_names = corpus.words()

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = fit_fused(X[train], W[train], y[train], groups[train], domains[train], names,
                          word_names, grid=MACHINE_GRID, name="machine",
                          sparse_prefixes=(WORD_PREFIX,))
        return _predict_rows(model, X[test], W[test])

    return run


def machine_dense_variant(corpus: Corpus) -> Variant:
    """Ablation: the previous machine model (every dense feature, length included, ``C =
    MACHINE_C``, no word rates, no weighting)."""
    return feature_variant(corpus, C=MACHINE_C)


def with_artifacts_variant(corpus: Corpus) -> Variant:
    """Ablation: the shipped columns plus flag counts, their coefficients kept <= 0."""
    columns = reliability_feature_names(corpus.names) + tuple(
        n for n in corpus.names if n.startswith(ARTIFACT_PREFIXES))
    return feature_variant(corpus, columns=columns, nonpositive=ARTIFACT_PREFIXES)


def tfidf_variant(corpus: Corpus) -> Variant:
    """The bar to beat: TF-IDF word 1-2-grams + logistic regression on normalised text."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts = np.array([normalise_text(a.text) for a in corpus.articles], dtype=object)
    y = corpus.y

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                             LogisticRegression(C=10.0, max_iter=2000))
        pipe.fit(texts[train], y[train])
        return pipe.predict_proba(texts[test])[:, 1]

    return run


#: Out-of-sample probabilities by (variant, setting, dataset), for the rows
#: ``reliability_rows(corpus, dataset)`` selects.
Predictions = dict[tuple[str, str, str], np.ndarray]


def reliability_rows(corpus: Corpus, dataset: str) -> np.ndarray:
    """Row indices of `dataset` in `corpus` (every row for ``"all"``)."""
    datasets = corpus.datasets
    return np.arange(len(datasets)) if dataset == "all" else np.flatnonzero(datasets == dataset)


def reliability_table(corpus: Corpus, variants: dict[str, Variant],
                      predictions: Predictions | None = None) -> list[dict[str, object]]:
    """One row per (variant, setting, dataset): grouped CV within each dataset, pooled, and LODO.

    Pass a dict as `predictions` to also keep each row's out-of-sample probabilities (for
    :func:`bootstrap_auc`), keyed like the rows and aligned with :func:`reliability_rows`."""
    rows: list[dict[str, object]] = []
    kept: Predictions = {} if predictions is None else predictions
    y, groups, datasets = corpus.y, corpus.groups, corpus.datasets
    names = list(dict.fromkeys(datasets.tolist()))
    for vname, variant in variants.items():
        for d in names:
            sel = reliability_rows(corpus, d)
            p = kept[vname, "cv", d] = grouped_oof(variant, y, groups, sel)
            rows.append({"variant": vname, "setting": "cv", "dataset": d, **metrics(y[sel], p)})
        p = kept[vname, "cv", "all"] = grouped_oof(variant, y, groups)
        rows.append({"variant": vname, "setting": "cv", "dataset": "all", **metrics(y, p)})
        for d, p in lodo(variant, datasets).items():
            sel = reliability_rows(corpus, d)
            kept[vname, "lodo", d] = p
            rows.append({"variant": vname, "setting": "lodo", "dataset": d, **metrics(y[sel], p)})
    return rows


def restricted(variant: Variant, allowed: np.ndarray) -> Variant:
    """`variant` trained only on rows where `allowed` is true (tested on every row asked for)."""

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        return variant(train[allowed[train]], test)

    return run


#: Two texts count as the same length for :func:`length_matched_auc` within this word-count ratio.
LENGTH_MATCH_RATIO = 1.25


def length_matched_auc(y: np.ndarray, p: np.ndarray, log_words: np.ndarray,
                       ratio: float = LENGTH_MATCH_RATIO) -> tuple[float, int]:
    """ROC AUC over positive/negative pairs whose word counts differ by less than `ratio` (ties
    count 1/2), and the number of such pairs: how well `p` ranks texts of the same length, so a
    score that only measures length gets about 0.5.

    >>> y = np.array([1, 1, 0, 0]); lw = np.log1p([100, 400, 110, 390])
    >>> length_matched_auc(y, np.array([0.9, 0.8, 0.1, 0.95]), lw)
    (0.5, 2)
    """
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    close = np.abs(log_words[pos][:, None] - log_words[neg][None, :]) < np.log(ratio)
    n = int(close.sum())
    if not n:
        return float("nan"), 0
    diff = p[pos][:, None] - p[neg][None, :]
    wins = (diff > 0) + 0.5 * (diff == 0)
    return float(wins[close].mean()), n


def machine_table(corpus: Corpus, variants: dict[str, Variant]) -> list[dict[str, object]]:
    """Grouped CV on the machine-generation corpus (``data.load_machine_training``).

    Per prompt type: AUC of that type's texts against the IU human articles (``dataset`` = prompt)
    and against the older human news (``vs-older:<prompt>``); ``human-fp:<set>`` rows give, in the
    ``f1`` column, the share of human texts of that set scored >= 0.5 (a false-positive rate);
    ``len-matched:<prompt>`` rows give :func:`length_matched_auc` against the IU humans (``n``:
    pairs), the ranking left once length is taken away.
    """
    rows: list[dict[str, object]] = []
    y, groups, subsets = corpus.y, corpus.groups, corpus.subsets.astype(str)
    older = np.char.startswith(subsets, OLDER_HUMAN)
    iu = ~older
    log_words = np.log1p(corpus.X[:, corpus.names.index("n_words")])
    for vname, variant in variants.items():
        p = grouped_oof(variant, y, groups)
        rows.append({"variant": vname, "setting": "cv", "dataset": "iu-all",
                     **metrics(y[iu], p[iu])})
        human = subsets == "human"
        for prompt in sorted(set(subsets[iu & (y == 1)].tolist())):
            sel = human | (subsets == prompt)
            rows.append({"variant": vname, "setting": "cv", "dataset": prompt,
                         **metrics(y[sel], p[sel])})
            auc, pairs = length_matched_auc(y[sel], p[sel], log_words[sel])
            rows.append({"variant": vname, "setting": "cv", "dataset": f"len-matched:{prompt}",
                         "roc_auc": auc, "pr_auc": float("nan"), "f1": float("nan"),
                         "ece": float("nan"), "n": float(pairs)})
            if older.any():
                sel = older | (subsets == prompt)
                rows.append({"variant": vname, "setting": "cv", "dataset": f"vs-older:{prompt}",
                             **metrics(y[sel], p[sel])})
        for name in sorted(set(subsets[y == 0].tolist())):
            sel = subsets == name
            fp = float((p[sel] >= 0.5).mean())
            rows.append({"variant": vname, "setting": "cv", "dataset": f"human-fp:{name}",
                         "roc_auc": float("nan"), "pr_auc": float("nan"), "f1": fp,
                         "ece": ece(y[sel], p[sel]), "n": float(sel.sum())})
    return rows

"""newsqual/model/fit.py: artifact monotonicity, out-of-fold calibration, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from newsqual.model.evaluate import ece
from newsqual.model.fit import count_like, fit_linear


def _data(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-2 * signal))).astype(int)
    # An "artifact" count that is spuriously *more* common in the positive class.
    artifact = rng.poisson(0.2 + 1.5 * y)
    noise = rng.normal(size=n)
    X = np.column_stack([signal, artifact, noise])
    groups = [f"g{i // 3}" for i in range(n)]
    return X, y, groups


NAMES = ("signal", "flag.debris", "noise")


def test_artifact_columns_never_get_a_positive_weight() -> None:
    X, y, groups = _data()
    free = fit_linear(X, y, groups, NAMES)
    assert free.coef[1] > 0  # the data alone would reward the artifact
    constrained = fit_linear(X, y, groups, NAMES, nonpositive=("flag.",))
    assert constrained.coef[1] <= 0
    assert constrained.coef[0] > 0
    base = X[:1].copy()
    more = base.copy()
    more[0, 1] += 5
    assert constrained.predict_proba(more)[0] <= constrained.predict_proba(base)[0]


def test_out_of_fold_platt_calibration_is_calibrated_on_fresh_data() -> None:
    X, y, groups = _data(1500, seed=1)
    model = fit_linear(X, y, groups, NAMES)
    X2, y2, _ = _data(3000, seed=2)
    assert ece(y2, model.predict_proba(X2)) < 0.05


def test_fitting_is_deterministic() -> None:
    X, y, groups = _data()
    a = fit_linear(X, y, groups, NAMES).to_dict()
    b = fit_linear(X, y, groups, NAMES).to_dict()
    assert a == b


def test_count_like_columns_get_log1p() -> None:
    X = np.array([[0.0, 0.2, -1.0], [12.0, 0.9, 3.0]])
    assert count_like(X).tolist() == [True, False, False]


def _blocks(n: int = 400, seed: int = 0):  # type: ignore[no-untyped-def]
    from scipy import sparse

    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(int)
    domains = np.array(["a", "b", "c", "d"])[np.arange(n) % 4]
    dense = np.column_stack([rng.normal(size=n) + 0.8 * y, rng.normal(size=n)])
    # Word rates: "said" more common in the positive class, "wow" in the negative one.
    words = np.column_stack([rng.poisson(0.5 + 1.0 * y), rng.poisson(1.5 - 1.0 * y),
                             rng.poisson(0.3, size=n)]).astype(float)
    groups = [f"g{i // 2}" for i in range(n)]
    return dense, sparse.csr_matrix(words), y, groups, domains


def test_fused_model_is_one_linear_model_with_inert_absent_words() -> None:
    from newsqual.model.fit import DENSE_WEIGHT_GRID, WORD_C_GRID, fit_fused

    X, W, y, groups, domains = _blocks()
    model = fit_fused(X, W, y, groups, domains, ("d1", "d2"), ("w.said", "w.wow", "w.nil"),
                      sparse_prefixes=("w.",))
    fusion = model.meta["fusion"]
    assert fusion["dense_weight"] in DENSE_WEIGHT_GRID and fusion["word_C"] in WORD_C_GRID
    assert model.coef[2] > 0 > model.coef[3]  # said -> positive, wow -> negative
    assert model.mean[2:].tolist() == [0.0, 0.0, 0.0]
    row = {"d1": 0.3, "d2": -0.1}
    assert set(model.contributions(row)) <= {"d1", "d2"}
    full = np.hstack([X, W.toarray()])
    assert model.predict_proba(full[:5]) == pytest.approx(
        [model.predict_one({"d1": r[0], "d2": r[1], "w.said": r[2], "w.wow": r[3],
                            "w.nil": r[4]}) for r in full[:5]])
    again = fit_fused(X, W, y, groups, domains, ("d1", "d2"), ("w.said", "w.wow", "w.nil"),
                      sparse_prefixes=("w.",))
    assert again.to_dict() == model.to_dict()


def test_balanced_weights_give_every_dataset_and_class_equal_mass() -> None:
    from newsqual.model.fit import balanced_weights

    y = np.array([0, 1, 1, 1, 0, 0, 0, 1])
    domains = np.array(["big"] * 6 + ["small"] * 2)
    w = balanced_weights(y, domains)
    masses = {(d, c): w[(domains == d) & (y == c)].sum() for d in ("big", "small") for c in (0, 1)}
    assert len({round(v, 9) for v in masses.values()}) == 1
    assert w.mean() == pytest.approx(1.0)


def test_grouped_inner_cv_selects_when_one_domain_holds_every_positive() -> None:
    from newsqual.model.fit import FusionGrid, select_fusion

    X, W, y, groups, _ = _blocks()
    # The machine-model layout: positives only in "iu", extra negatives in "older".
    domains = np.where((y == 1) | (np.arange(len(y)) % 2 == 0), "iu", "older")
    _, by_domain = select_fusion(X, W, y, groups, domains)
    assert by_domain == {}  # leaving "iu" out leaves no positive to learn from
    grid = FusionGrid(word_c=(0.01, 0.1), dense_weight=(0.2, 0.6), dense_c=0.1, by_domain=False)
    fusion, scores = select_fusion(X, W, y, groups, domains, grid)
    assert len(scores) == 4 and all(0.5 < v <= 1.0 for v in scores.values())
    assert fusion.word_c in grid.word_c and fusion.dense_weight in grid.dense_weight
    assert fusion.dense_c == 0.1


def test_machine_columns_leave_out_length_and_weight_iu_humans_like_older_ones() -> None:
    from newsqual.model.fit import (
        LENGTH_FEATURES,
        balanced_weights,
        machine_domains,
        machine_feature_names,
    )

    names = ("n_words", "log_words", "style.mattr50", "flag.sql_error", "frac_words_unique",
             "mean_line_words", "gen.paragraph_len_cv")
    assert machine_feature_names(names) == ("style.mattr50", "flag.sql_error")
    assert "n_chars" in LENGTH_FEATURES
    subsets = ["human", "rephrase_base", "older:x", "older:y", "older:y", "older:x"]
    domains = machine_domains(subsets, "older:")
    assert domains.tolist() == ["iu", "iu", "older", "older", "older", "older"]
    w = balanced_weights(np.array([0, 1, 0, 0, 0, 0]), domains)
    assert w[0] == pytest.approx(w[2:].sum())  # one IU human weighs as much as four older ones


def test_sign_constraints_refuse_a_suppressor_weight() -> None:
    """x2 carries the noise of x1 and a little of the signal: a free fit weights it negatively to
    cancel x1's noise (a suppressor), against x2's own positive link with the label; the signed
    fit keeps every coefficient on the side of its column's class-mean difference."""
    from sklearn.linear_model import LogisticRegression

    from newsqual.model.fit import class_direction, signed_logistic

    rng = np.random.default_rng(3)
    n = 2000
    signal, noise = rng.normal(size=n), rng.normal(size=n)
    y = (signal + 0.3 * rng.normal(size=n) > 0).astype(int)
    Z = np.column_stack([signal + noise, noise + 0.2 * signal])
    w = np.ones(n)
    direction = class_direction(Z, y, w)
    assert direction.tolist() == [1.0, 1.0]
    free = LogisticRegression(C=1.0, max_iter=1000).fit(Z, y).coef_[0]
    assert free[0] > 0 > free[1]
    coef, intercept = signed_logistic(Z, y, w, 1.0, direction)
    assert coef[0] > 0 and coef[1] == 0.0 and np.isfinite(intercept)
    # Without binding bounds it is the same fit as scikit-learn's.
    loose, _ = signed_logistic(Z[:, :1], y, w, 1.0, np.array([1.0]))
    ref = LogisticRegression(C=1.0, max_iter=1000).fit(Z[:, :1], y).coef_[0]
    assert loose == pytest.approx(ref, rel=1e-3)


def test_fused_reliability_coefficients_follow_their_columns_direction() -> None:
    """With a suppressor column (another column's noise plus a little signal) the free fit
    weights it against its own direction; the shipped (signed) fit never does."""
    from newsqual.model.fit import Fusion, balanced_weights, class_direction, fit_fused

    X, W, y, groups, domains = _blocks(n=2000)
    noise = np.random.default_rng(1).normal(size=len(y)) * 2.0
    X = np.column_stack([X[:, 0] + noise, X[:, 1], noise + 0.2 * X[:, 0]])
    names, words = ("d1", "d2", "d3"), ("w.said", "w.wow", "w.nil")
    sw = balanced_weights(y, domains)
    Z = (X - X.mean(0)) / X.std(0)
    direction = np.concatenate([class_direction(Z, y, sw), class_direction(W, y, sw)])
    assert direction[2] > 0  # the suppressor column is itself more frequent in class 1
    kw = {"sparse_prefixes": ("w.",)}
    model = fit_fused(X, W, y, groups, domains, names, words, **kw)
    assert model.meta["fusion"]["signed_coefficients"] is True
    assert np.all(model.coef * direction >= 0)
    assert np.all(model.coef[direction == 0] == 0)
    free = fit_fused(X, W, y, groups, domains, names, words,
                     fusion=Fusion(sign_constrained=False), **kw)
    assert free.meta["fusion"]["signed_coefficients"] is False
    assert free.coef[2] * direction[2] < 0  # the suppressor weight the constraint forbids


def test_one_class_and_calibration_fallbacks() -> None:
    from newsqual.model.fit import class_direction, fit_fused

    with pytest.raises(ValueError, match="both classes"):
        class_direction(np.ones((3, 2)), np.array([1, 1, 1]), np.ones(3))
    # Each dataset holds one class: leaving one out leaves one class to train on, so the
    # calibration falls back to grouped folds instead of shipping an uncalibrated model.
    X, W, y, groups, _ = _blocks()
    domains = np.where(y == 1, "pos", "neg")
    model = fit_fused(X, W, y, groups, domains, ("d1", "d2"), ("w.said", "w.wow", "w.nil"),
                      sparse_prefixes=("w.",))
    assert (model.platt_a, model.platt_b) != (1.0, 0.0)


def _texts(y: np.ndarray, seed: int = 0) -> list[str]:
    """Short articles whose class shows in how sentences are built, not in their topic words."""
    rng = np.random.default_rng(seed)
    topics = ["bridge", "budget", "election", "harvest", "stadium", "vaccine", "pipeline"]
    out = []
    for label in y:
        t = topics[rng.integers(len(topics))]
        if label:
            out.append(f"The {t} plan moved ahead on Tuesday, officials said. "
                       f"\u201cWe expect delays,\u201d Dana Cole said. It cost {rng.integers(9)} "
                       "million.")
        else:
            out.append(f"You won't believe this {t} story! Everyone is talking about it! "
                       "Share it now!")
    return out


def test_fused_model_with_grams_scores_text_as_it_was_trained() -> None:
    from scipy import sparse

    from newsqual.model.evaluate import _predict_rows
    from newsqual.model.fit import GramCounts, fit_fused, gram_matrix

    X, W, y, groups, domains = _blocks(n=200)
    X = X * 0.0 + np.random.default_rng(1).normal(size=X.shape)  # no dense signal
    W = sparse.csr_matrix(W.shape)  # no word signal
    texts = _texts(y)
    grams = gram_matrix(texts)
    model = fit_fused(X, W, y, groups, domains, ("d1", "d2"), ("w.said", "w.wow", "w.nil"),
                      sparse_prefixes=("w.",), grams=grams)
    assert model.meta["fusion"]["gram_weight"] > 0 and model.grams is not None
    gram_cols = [n for n in model.feature_names if n.startswith("g.")]
    assert "g.C said" in gram_cols and "g.!" in gram_cols
    assert model.coef[model.feature_names.index("g.!")] < 0
    p_rows = _predict_rows(model, X, W, grams.split(np.arange(len(y)))[2])
    for i in range(5):
        row = {"d1": X[i, 0], "d2": X[i, 1], **model.gram_features(texts[i])}
        assert model.predict_one(row) == pytest.approx(p_rows[i])
    assert np.mean((p_rows > 0.5) == y) > 0.95
    again = fit_fused(X, W, y, groups, domains, ("d1", "d2"), ("w.said", "w.wow", "w.nil"),
                      sparse_prefixes=("w.",), grams=GramCounts(grams.counts, grams.names))
    assert again.feature_names == model.feature_names
    assert again.coef == pytest.approx(model.coef, abs=1e-9)
    assert again.grams is not None and again.grams.idf.tolist() == model.grams.idf.tolist()
    # Separable toy data: the Platt slope is large, so allow float noise in the last digits.
    assert (again.platt_a, again.platt_b) == pytest.approx((model.platt_a, model.platt_b),
                                                           rel=1e-9, abs=1e-9)

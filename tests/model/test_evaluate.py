"""newsqual/model/evaluate.py: metrics and splits that never leak a group."""

from __future__ import annotations

import numpy as np
import pytest

from newsqual.model.evaluate import ece, grouped_oof, lodo, metrics


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    y = np.array([1] * 7 + [0] * 3 + [1] * 2 + [0] * 8)
    p = np.array([0.7] * 10 + [0.2] * 10)
    assert ece(y, p) == pytest.approx(0.0)
    assert ece(y, np.full(20, 0.9)) == pytest.approx(abs(0.45 - 0.9))


def test_metrics_on_a_perfect_ranking() -> None:
    y = np.array([0, 0, 1, 1])
    m = metrics(y, np.array([0.1, 0.2, 0.8, 0.9]))
    assert m["roc_auc"] == 1.0 and m["pr_auc"] == 1.0 and m["f1"] == 1.0


def test_grouped_oof_never_trains_on_a_test_group() -> None:
    y = np.array([0, 1] * 20)
    groups = np.array([f"g{i // 4}" for i in range(40)])
    seen: list[tuple[set[str], set[str]]] = []

    def spy(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        seen.append((set(groups[train]), set(groups[test])))
        return np.full(len(test), 0.5)

    out = grouped_oof(spy, y, groups)
    assert out.shape == (40,) and len(seen) == 5
    assert all(not (tr & te) for tr, te in seen)


def test_lodo_holds_out_each_dataset_whole() -> None:
    datasets = np.array(["a"] * 3 + ["b"] * 2 + ["c"] * 4)

    def spy(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        assert set(datasets[train]).isdisjoint(set(datasets[test]))
        return np.zeros(len(test))

    out = lodo(spy, datasets)
    assert {k: len(v) for k, v in out.items()} == {"a": 3, "b": 2, "c": 4}


def test_length_matched_auc_sees_through_a_length_only_score() -> None:
    from newsqual.model.evaluate import length_matched_auc

    rng = np.random.default_rng(0)
    n = 400
    y = (np.arange(n) % 2).astype(int)
    words = np.where(y == 1, rng.integers(150, 500, n), rng.integers(300, 900, n))
    log_words = np.log1p(words)
    assert metrics(y, -log_words)["roc_auc"] > 0.8  # shorter = machine, on the whole
    by_length, pairs = length_matched_auc(y, -log_words, log_words)
    assert pairs > 0 and 0.4 < by_length < 0.65
    assert length_matched_auc(y, y + 0.0, log_words)[0] == 1.0
    none, no_pairs = length_matched_auc(y, y + 0.0, log_words, ratio=1.0)
    assert no_pairs == 0 and np.isnan(none)


def _scored_pairs(n_pairs: int, noise: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray,
                                                                        np.ndarray]:
    """Paired data like FakeNewsAMT: each group holds one reliable and one unreliable text."""
    rng = np.random.default_rng(seed)
    y = np.tile([0, 1], n_pairs)
    p = y + rng.normal(0.0, noise, 2 * n_pairs)
    return y, p, np.repeat(np.arange(n_pairs), 2)


def test_bootstrap_interval_holds_the_sklearn_auc() -> None:
    from sklearn.metrics import roc_auc_score

    from newsqual.model.evaluate import bootstrap_auc

    y, p, groups = _scored_pairs(150, 1.0)
    p = np.round(p, 1)  # ties, which count 1/2 in both
    ci = bootstrap_auc(y, p, groups, n=500)
    assert ci.auc == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert ci.low < ci.auc < ci.high
    assert 0.03 < ci.high - ci.low < 0.2 and ci.resamples == 500


def test_bootstrap_resample_matches_a_weighted_pair_count() -> None:
    """One resample, recomputed by brute force over (positive, negative) pairs with weights."""
    from newsqual.model.evaluate import _rank_blocks, _weighted_aucs

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 40)
    p = np.round(rng.normal(size=40), 1)
    w = rng.integers(0, 4, 40)
    order, start, end = _rank_blocks(p)
    fast = _weighted_aucs(order, y[order], start, end, w[None, :])[0]
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    diff = p[pos][:, None] - p[neg][None, :]
    pair_w = w[pos][:, None] * w[neg][None, :]
    slow = (pair_w * ((diff > 0) + 0.5 * (diff == 0))).sum() / pair_w.sum()
    assert fast == pytest.approx(slow, abs=1e-12)


def test_bootstrap_of_a_perfect_ranking_is_one() -> None:
    from newsqual.model.evaluate import bootstrap_auc

    y, _, groups = _scored_pairs(30, 1.0)
    ci = bootstrap_auc(y, y + 0.1 * np.arange(len(y)) / len(y), groups, n=300)
    assert (ci.auc, ci.low, ci.high) == (1.0, 1.0, 1.0)


def test_bootstrap_is_deterministic_for_a_seed() -> None:
    from newsqual.model.evaluate import bootstrap_auc

    y, p, groups = _scored_pairs(80, 1.2)
    first = bootstrap_auc(y, p, groups, n=400, seed=7)
    assert bootstrap_auc(y, p, groups, n=400, seed=7) == first
    assert bootstrap_auc(y, p, groups, n=400, seed=8) != first


def test_bootstrap_resamples_groups_not_rows() -> None:
    """Every text stored twice: treating the copies as independent rows narrows the interval by
    about 1/sqrt(2); keeping each text's copies in one group gives back the original interval
    (the same groups are drawn, each row's weight doubled)."""
    from newsqual.model.evaluate import bootstrap_auc

    y, p, groups = _scored_pairs(100, 1.2, seed=1)
    single = bootstrap_auc(y, p, groups, n=2000)
    y2, p2 = np.concatenate([y, y]), np.concatenate([p, p])
    rows = np.arange(len(y))
    kept = bootstrap_auc(y2, p2, np.concatenate([groups, groups]), n=2000)
    split = bootstrap_auc(y2, p2, np.concatenate([rows, rows + len(y)]), n=2000)
    assert (kept.auc, kept.low, kept.high) == pytest.approx((single.auc, single.low, single.high))
    assert split.auc == pytest.approx(single.auc)
    assert 0.55 < (split.high - split.low) / (kept.high - kept.low) < 0.85


def test_bootstrap_paired_difference() -> None:
    from newsqual.model.evaluate import bootstrap_auc

    y, p, groups = _scored_pairs(120, 0.8, seed=2)
    same = bootstrap_auc(y, p, groups, n=500, baseline=p.copy())
    assert (same.diff, same.diff_low, same.diff_high, same.share_not_better) == (0.0, 0.0, 0.0, 1.0)
    worse = p + np.random.default_rng(5).normal(0.0, 1.5, len(p))  # the same scores, blurred
    ci = bootstrap_auc(y, p, groups, n=500, baseline=worse)
    alone = bootstrap_auc(y, worse, groups, n=500)
    assert ci.diff == pytest.approx(ci.auc - alone.auc)
    assert 0.0 < ci.diff_low < ci.diff < ci.diff_high and ci.share_not_better == 0.0
    # paired resampling: the difference is surer than the two intervals side by side suggest
    assert ci.diff_high - ci.diff_low < (ci.high - ci.low) + (alone.high - alone.low)
    assert bootstrap_auc(y, worse, groups, n=500, baseline=p).share_not_better == 1.0


def test_bootstrap_ece_matches_ece_and_widens_with_clusters() -> None:
    from newsqual.model.evaluate import bootstrap_ece, ece

    rng = np.random.default_rng(3)
    p = rng.random(2000)
    y = (rng.random(2000) < p).astype(int)
    value, low, high = bootstrap_ece(y, p, np.arange(2000), n=500)
    assert value == pytest.approx(ece(y, p)) and low <= value <= high
    # Miscalibrated scores: the interval moves up with the error.
    worse = bootstrap_ece(y, np.clip(p + 0.2, 0, 1), np.arange(2000), n=500)
    assert worse[1] > high
    # A hundred rows per cluster, each cluster miscalibrated the same way: a wider interval.
    clustered = np.repeat(np.arange(20), 100)
    shift = np.repeat(rng.normal(0, 0.15, 20), 100)
    q = np.clip(p + shift, 0, 1)
    by_row = bootstrap_ece(y, q, np.arange(2000), n=500)
    by_cluster = bootstrap_ece(y, q, clustered, n=500)
    assert by_cluster[2] - by_cluster[1] > by_row[2] - by_row[1]
    assert bootstrap_ece(y, q, clustered, n=500, seed=1) != by_cluster

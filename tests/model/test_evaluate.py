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

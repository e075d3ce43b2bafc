"""The model file: round trip, version and feature checks, vectorised inference."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsqual.linemodel.features import FEATURE_NAMES, line_features
from newsqual.linemodel.model import (
    STACK_NAMES,
    LinearStage,
    LineModel,
    ModelVersionError,
    TreeStage,
    load_line_model,
    model_from_json,
    read_line_model,
)


def _stump(feature: int, threshold: float, low: float, high: float) -> TreeStage:
    """One tree of one split: `low` when x[feature] <= threshold, else `high`."""
    return TreeStage(np.array([feature, 0, 0]), np.array([threshold, np.inf, np.inf]),
                     np.array([1, 1, 2]), np.array([2, 1, 2]), np.array([0.0, low, high]),
                     np.array([0]), 1, 0.0)


def _tiny_model() -> LineModel:
    rng = np.random.default_rng(0)
    w1 = len(FEATURE_NAMES)
    s1 = LinearStage(np.zeros(w1), np.ones(w1), rng.normal(size=w1), 0.1)
    # Two trees: a stump on the line's own length, and a depth-2 tree on the previous line's
    # stage-1 score (stage-2 input s1-1) and the line's length.
    s1_prev = w1 + STACK_NAMES.index("s1-1")
    log_words = FEATURE_NAMES.index("log_words")
    trees = TreeStage(
        feature=np.array([log_words, 0, 0, s1_prev, log_words, 0, 0, 0]),
        threshold=np.array([1.0, np.inf, np.inf, 0.0, 2.0, np.inf, np.inf, np.inf]),
        left=np.array([1, 1, 2, 4, 5, 5, 6, 7]),
        right=np.array([2, 1, 2, 7, 6, 5, 6, 7]),
        value=np.array([0.0, 1.5, -0.5, 0.0, 0.0, 0.3, -0.8, 1.1]),
        roots=np.array([0, 3]), depth=2, baseline=-0.2)
    return LineModel(s1, trees, {"score": 0.7})


def test_trees_sum_the_leaf_each_row_reaches() -> None:
    trees = _tiny_model().stage2
    width = len(FEATURE_NAMES) + len(STACK_NAMES)
    x = np.zeros((3, width))
    lw, prev = FEATURE_NAMES.index("log_words"), len(FEATURE_NAMES) + STACK_NAMES.index("s1-1")
    x[:, lw] = [0.5, 1.5, 3.0]
    x[:, prev] = [-1.0, -1.0, 1.0]
    # Tree 1: log_words <= 1.0 -> 1.5 else -0.5. Tree 2: s1-1 > 0 -> 1.1, else log_words <= 2.0
    # -> 0.3 else -0.8.
    expected = -0.2 + np.array([1.5 + 0.3, -0.5 + 0.3, -0.5 + 1.1])
    assert np.allclose(trees.decision_function(x), expected)


def test_stump_and_its_json_round_trip() -> None:
    stump = _stump(0, 0.5, -1.0, 2.0)
    x = np.array([[0.5], [0.50001], [np.nan]])
    assert stump.decision_function(x).tolist() == [-1.0, 2.0, 2.0]  # missing goes right
    again = TreeStage.from_json(json.loads(json.dumps(stump.to_json())), 1)
    assert again.decision_function(x).tolist() == [-1.0, 2.0, 2.0]


def test_bad_tree_arrays_are_refused() -> None:
    data = _stump(0, 0.5, -1.0, 2.0).to_json()
    with pytest.raises(ModelVersionError):
        TreeStage.from_json({**data, "feature": [3, 0, 0]}, 1)  # reads a column it lacks
    with pytest.raises(ValueError):
        TreeStage.from_json({**data, "left": [1, 9, 2]}, 1)  # child out of range
    with pytest.raises(ValueError):
        TreeStage.from_json({**data, "value": [0.0, 1.0]}, 1)  # arrays differ in length


def test_json_round_trip_gives_the_same_predictions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = _tiny_model()
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    again = read_line_model(path)
    x = line_features(["Home", "A short sentence about the weather today.", "Contact us"])
    assert np.allclose(model.predict_proba(x), again.predict_proba(x))
    assert again.thresholds == {"score": 0.7}


def test_wrong_version_or_features_are_refused() -> None:
    data = _tiny_model().to_json()
    with pytest.raises(ModelVersionError):
        model_from_json({**data, "version": data["version"] + 1})
    with pytest.raises(ModelVersionError):
        model_from_json({**data, "features": data["features"][::-1]})
    with pytest.raises(ModelVersionError):
        model_from_json({**data, "format": "something-else"})
    bad = {**data, "stage1": {**data["stage1"], "coef": data["stage1"]["coef"][:-1]}}
    with pytest.raises(ModelVersionError):
        model_from_json(bad)
    linear2 = {**data, "stage2": {"mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0}}
    with pytest.raises(ModelVersionError):  # a version-2 (linear stage 2) file
        model_from_json(linear2)


def test_stage2_sees_neighbour_scores() -> None:
    # Rows are scored per document: the same line gets another score among other neighbours.
    model = _tiny_model()
    a_lines = ["Home", "News", "Sport", "Weather"]
    b_lines = ["Home", "The council met on Monday to vote on the budget.", "Sport", "Weather"]
    xa, xb = line_features(a_lines), line_features(b_lines)
    prev_a, prev_b = (model.stage1.decision_function(x)[1] for x in (xa, xb))
    assert prev_a != prev_b
    # Put tree 2's split on the previous line's stage-1 score between the two documents' values.
    model.stage2.threshold[3] = (prev_a + prev_b) / 2
    a, b = model.predict_proba(xa), model.predict_proba(xb)
    assert a.shape == (4,) and a[2] != b[2]


def test_shipped_model_loads_and_is_current() -> None:
    model = load_line_model()
    if model is None:
        pytest.skip("no shipped chrome-line model in models/")
    assert 0.0 < model.thresholds["score"] < 1.0
    assert model.thresholds["score"] >= model.thresholds["best_f1"]


def test_a_stale_shipped_model_turns_the_rule_off_with_a_warning(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import newsqual
    from newsqual.linemodel.model import MODEL_FILE, LineModelWarning

    (tmp_path / MODEL_FILE).write_text(json.dumps({"format": "chrome-lines", "version": -1}))
    monkeypatch.setenv("NEWSQUAL_MODELS", str(tmp_path))
    load_line_model.cache_clear()
    try:
        with pytest.warns(LineModelWarning, match="unusable"):
            assert load_line_model() is None
        report = newsqual.score("Home\nWorld\nSport\nA sentence of news, said the mayor.\nShare\n")
        assert "chrome_line" not in report.kinds
    finally:
        load_line_model.cache_clear()

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
    load_line_model,
    model_from_json,
    read_line_model,
)


def _tiny_model() -> LineModel:
    rng = np.random.default_rng(0)
    w1, w2 = len(FEATURE_NAMES), len(FEATURE_NAMES) + len(STACK_NAMES)
    s1 = LinearStage(np.zeros(w1), np.ones(w1), rng.normal(size=w1), 0.1)
    s2 = LinearStage(np.zeros(w2), np.ones(w2), rng.normal(size=w2), -0.2)
    return LineModel(s1, s2, {"score": 0.7})


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


def test_stage2_sees_neighbour_scores() -> None:
    # Rows are scored per document: the same line gets another score among other neighbours.
    model = _tiny_model()
    a = model.predict_proba(line_features(["Home", "News", "Sport", "Weather"]))
    b = model.predict_proba(line_features(["Home", "The council met on Monday to vote.", "x", "y"]))
    assert a.shape == (4,) and a[0] != b[0]


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

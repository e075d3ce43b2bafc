"""newsqual/model/linear.py: prediction, explanations, JSON round trip, and safe loading."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from newsqual.model.linear import (
    FORMAT_VERSION,
    FeatureMismatchError,
    LinearModel,
    ModelFileError,
    from_dict,
    load,
)


def _model() -> LinearModel:
    return LinearModel(
        name="toy", feature_names=("a", "b", "flag.x"), log1p=np.array([False, False, True]),
        mean=np.array([0.0, 1.0, 0.0]), scale=np.array([1.0, 2.0, 1.0]),
        coef=np.array([1.0, -0.5, -2.0]), intercept=0.25, platt_a=1.5, platt_b=-0.1)


def test_probability_matches_the_formula() -> None:
    m = _model()
    x = {"a": 0.5, "b": 3.0, "flag.x": 2.0}
    z = 0.25 + 1.0 * 0.5 - 0.5 * (3.0 - 1.0) / 2.0 - 2.0 * np.log1p(2.0)
    assert m.predict_one(x) == pytest.approx(1 / (1 + np.exp(-(1.5 * z - 0.1))))


def test_contributions_are_coef_times_standardised_value_largest_first() -> None:
    m = _model()
    contrib = m.contributions({"a": 0.5, "b": 3.0, "flag.x": 2.0})
    assert list(contrib) == ["flag.x", "a", "b"]
    assert contrib["flag.x"] == pytest.approx(1.5 * -2.0 * np.log1p(2.0))
    assert contrib["b"] == pytest.approx(1.5 * -0.5 * 1.0)


def test_extreme_values_are_clipped() -> None:
    m = _model()
    far = m.predict_one({"a": 1e12, "b": 0, "flag.x": 0})
    assert far == m.predict_one({"a": 1e6, "b": 0, "flag.x": 0})


def test_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "toy.json"
    _model().save(path)
    loaded = load(path)
    x = {"a": 0.3, "b": -1.0, "flag.x": 1.0}
    assert loaded.predict_one(x) == pytest.approx(_model().predict_one(x))
    assert loaded.feature_names == ("a", "b", "flag.x")


def test_missing_feature_raises_and_extra_features_are_ignored() -> None:
    m = _model()
    with pytest.raises(FeatureMismatchError, match="flag.x"):
        m.predict_one({"a": 1.0, "b": 1.0})
    assert 0 < m.predict_one({"a": 1.0, "b": 1.0, "flag.x": 0.0, "new.feature": 9.0}) < 1


def test_other_format_version_is_refused() -> None:
    d = _model().to_dict()
    d["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(ModelFileError, match="version"):
        from_dict(d)


@pytest.mark.parametrize(
    ("field", "value"),
    [("coef", [1.0, "x", 2.0]), ("coef", [1.0, 2.0]), ("scale", [1.0, 0.0, 1.0]),
     ("intercept", float("nan")), ("log1p", [1, 0, 1]), ("format", "pickle")],
)
def test_malformed_fields_are_refused(field: str, value: object) -> None:
    d = _model().to_dict()
    d[field] = value
    with pytest.raises(ModelFileError):
        from_dict(json.loads(json.dumps(d)))


class _Payload:
    """Unpickling this object would create the marker file (a code-execution proof)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_loading_a_pickle_payload_never_executes_it(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "reliability.json"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelFileError):
        load(path)
    assert not marker.exists()


def test_loading_a_skops_style_zip_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "model.json"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("schema.json", '{"__class__": "os.system"}')
    with pytest.raises(ModelFileError):
        load(path)


def _sparse_model() -> LinearModel:
    return LinearModel(
        name="toy", feature_names=("a", "w.said", "w.shocking"), log1p=np.zeros(3, bool),
        mean=np.array([0.0, 0.0, 0.0]), scale=np.array([1.0, 2.0, 4.0]),
        coef=np.array([1.0, 0.5, -1.0]), intercept=0.0, sparse_prefixes=("w.",))


def test_missing_sparse_features_count_as_zero_and_contribute_nothing() -> None:
    m = _sparse_model()
    assert m.predict_one({"a": 1.0}) == pytest.approx(1 / (1 + np.exp(-1.0)))
    contrib = m.contributions({"a": 1.0, "w.said": 4.0})
    assert contrib == pytest.approx({"a": 1.0, "w.said": 1.0})
    assert "w.shocking" not in contrib
    m.check_features(["a"])  # sparse names need not be computed up front
    with pytest.raises(FeatureMismatchError, match="'a'"):
        m.predict_one({"w.said": 1.0})


def test_sparse_prefixes_survive_the_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sparse.json"
    _sparse_model().save(path)
    loaded = load(path)
    assert loaded.sparse_prefixes == ("w.",)
    assert loaded.predict_one({"a": 0.2, "w.shocking": 4.0}) == pytest.approx(
        _sparse_model().predict_one({"a": 0.2, "w.shocking": 4.0}))


def test_version_1_files_without_sparse_prefixes_still_load() -> None:
    d = _model().to_dict()
    d["format_version"] = 1
    del d["sparse_prefixes"]
    assert from_dict(d).sparse_prefixes == ()


def _gram_model() -> LinearModel:
    from newsqual.model.linear import GramSpec

    return LinearModel(
        name="grams", feature_names=("a", "g.C said", "g.!"), log1p=np.zeros(3, bool),
        mean=np.zeros(3), scale=np.ones(3), coef=np.array([1.0, 2.0, -3.0]), intercept=0.0,
        sparse_prefixes=("g.",),
        grams=GramSpec(idf=np.array([1.5, 2.0]), mask_size=150, max_n=3))


LONG = "Officials said so. Wow! " * 10  # 60 tokens: full weight (grams.FULL_WEIGHT_TOKENS)


def test_gram_features_are_computed_from_text_over_the_model_vocabulary() -> None:
    m = _gram_model()
    values = m.gram_features(LONG)
    assert set(values) == {"g.C said", "g.!"}
    assert values["g.C said"] == pytest.approx(1.5 / np.hypot(1.5, 2.0))
    p_with = m.predict_one({"a": 0.0, **values})
    assert p_with == pytest.approx(1 / (1 + np.exp(-(2.0 * 0.6 - 3.0 * 0.8))))
    assert m.explain({"a": 1.0, **values}, block="g.")[2] == pytest.approx(2.0 * 0.6 - 3.0 * 0.8)
    # A six-token text keeps 6/50 of that weight.
    assert m.gram_features("Officials said so. Wow!")["g.C said"] == pytest.approx(0.6 * 6 / 50)
    assert _model().gram_features("Officials said so.") == {}


def test_grams_survive_the_json_round_trip_and_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "grams.json"
    _gram_model().save(path)
    loaded = load(path)
    assert loaded.grams is not None and loaded.grams.idf.tolist() == [1.5, 2.0]
    assert loaded.gram_features("Officials said!") == _gram_model().gram_features("Officials said!")
    d = _gram_model().to_dict()
    for bad in ({"idf": [1.5], "mask_size": 150, "max_n": 3},
                {"idf": [1.5, -1.0], "mask_size": 150, "max_n": 3},
                {"idf": [1.5, 1e308], "mask_size": 150, "max_n": 3},
                {"idf": [1.5, 2.0], "mask_size": "150", "max_n": 3},
                {"idf": [1.5, 2.0], "mask_size": 150, "max_n": 50}, "grams"):
        with pytest.raises(ModelFileError):
            from_dict({**d, "grams": bad})
    with pytest.raises(ModelFileError, match="sparse_prefixes"):
        from_dict({**d, "sparse_prefixes": []})
    del d["grams"]
    with pytest.raises(ModelFileError, match="no 'grams' section"):
        from_dict(d)


def test_version_2_files_without_grams_still_load() -> None:
    d = _model().to_dict()
    d["format_version"] = 2
    assert from_dict(d).grams is None


def test_explain_is_predict_contributions_and_block_sum_at_once() -> None:
    m = _gram_model()
    row = {"a": 0.7, **m.gram_features(LONG)}
    p, top, total = m.explain(row, top=2, block="g.")
    assert p == pytest.approx(m.predict_one(row))
    assert top == pytest.approx(m.contributions(row, top=2))
    assert list(top) == list(m.contributions(row, top=2))
    assert total == pytest.approx(row["g.C said"] * 2.0 - row["g.!"] * 3.0)
    assert m.explain(row)[2] == 0.0


def test_explain_breaks_ties_as_contributions_and_never_overflows() -> None:
    names = tuple(f"f{i}" for i in range(12))
    m = LinearModel(name="ties", feature_names=names, log1p=np.zeros(12, bool),
                    mean=np.zeros(12), scale=np.ones(12), coef=np.ones(12) * 1e4, intercept=0.0)
    row = dict.fromkeys(names, 1.0)
    for top in (3, 12, 50):
        assert list(m.explain(row, top=top)[1]) == list(m.contributions(row, top=top))
    assert m.explain(row)[0] == pytest.approx(1.0)
    assert m.explain(dict.fromkeys(names, -1.0))[0] == pytest.approx(0.0)

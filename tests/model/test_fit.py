"""newsqual/model/fit.py: artifact monotonicity, out-of-fold calibration, determinism."""

from __future__ import annotations

import numpy as np

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

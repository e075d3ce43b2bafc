"""Fitting a :class:`~newsqual.model.linear.LinearModel`: standardise, constrain, calibrate.

- Count-like columns (non-negative with values above 1) get ``log1p`` so a page with 40 flags is not
  40 times one with a single flag.
- Logistic regression (L2, fixed ``C``) on standardised columns.
- *Artifact monotonicity*: columns named by `nonpositive` (flag counts) may only lower the score. A
  column whose fitted coefficient comes out positive is pinned to 0 and the model refitted, until no
  such column is left, so more artifact evidence never raises the reliability score.
- Calibration: Platt scaling fitted on out-of-fold logits from a group-aware split, so the
  probabilities are calibrated on articles from groups the model did not see.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsqual.model.linear import CLIP, LinearModel

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


def fit_linear(X: np.ndarray, y: np.ndarray, groups: Sequence[str], names: Sequence[str], *,
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


def platt_from_oof(X: np.ndarray, y: np.ndarray, groups: Sequence[str], names: Sequence[str],
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

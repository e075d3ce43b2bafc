"""The shipped line model: a logistic regression stacked under gradient-boosted trees, stored as
plain JSON numbers.

Stage 1 (standardise-then-linear) scores each line from its feature row
(:mod:`newsqual.linemodel.features`). Chrome comes in blocks, so stage 2 sees stage 1's scores of
the neighbouring lines too (at distance 1..3, window means over +-2, +-5, +-10 lines, the document
mean; one-sided means over the 3, 10 and 30 lines before and after, the most content-like score
before and after, the share of content-like lines on each side, the line's rank in the document)
next to the features, and gives the final probability. Stage 2 is a small ensemble of regression
trees (:class:`TreeStage`, trained as sklearn's HistGradientBoostingClassifier): it can combine
features ("short line" AND "after the last paragraph" AND "its neighbours are chrome") where a
linear stage can only add them. Trees are flat arrays, so inference walks every tree for every
line of a document at once, one numpy step per tree level.

The file holds only numbers and names (no pickle, nothing executed on load). It carries a format
`version` and the ordered feature names it was trained on; :func:`read_line_model` refuses a file
whose version or feature list differs from this code's, so a stale model never silently scores
the wrong columns.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from newsqual.linemodel.features import FEATURE_NAMES

#: Version of the model file format and feature set; bump it whenever either changes.
MODEL_VERSION = 3
#: Name of the shipped model file in :func:`newsqual.model.paths.models_dir`.
MODEL_FILE = "chrome_lines.json"
FORMAT = "newsqual-chrome-line-model"

_STACK_OFFSETS = (-3, -2, -1, 1, 2, 3)
_STACK_WINDOWS = (2, 5, 10)
_SIDE_WINDOWS = (3, 10, 30)
#: Names of the stage-2 inputs computed from stage-1 scores.
STACK_NAMES: tuple[str, ...] = (
    tuple(f"s1{off:+d}" for off in _STACK_OFFSETS)
    + tuple(f"s1_win{h}" for h in _STACK_WINDOWS)
    + ("s1_doc_mean",)
    # One-sided context: chrome sits before or after the article's block of content, so what
    # lies on each side of a line (its nearest neighbours, and the whole rest of the document)
    # says more than a symmetric window.
    + tuple(f"s1_{side}{h}" for side in ("left", "right") for h in _SIDE_WINDOWS)
    + ("s1_min_before", "s1_min_after", "content_share_before", "content_share_after",
       "s1_rank")
)


class ModelVersionError(ValueError):
    """The model file was written for another format version or feature set."""


@dataclass(frozen=True)
class LinearStage:
    """``sigmoid(((x - mean) / scale) @ coef + intercept)``."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def to_json(self) -> dict[str, Any]:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": float(self.intercept)}

    @classmethod
    def from_json(cls, data: dict[str, Any], width: int) -> LinearStage:
        arrays = [np.asarray(data[k], dtype=float) for k in ("mean", "scale", "coef")]
        if any(a.shape != (width,) for a in arrays):
            raise ModelVersionError(f"model stage has the wrong width (expected {width} inputs)")
        if not np.all(arrays[1] > 0):
            raise ValueError("model stage has a non-positive scale")
        return cls(arrays[0], arrays[1], arrays[2], float(data["intercept"]))


@dataclass(frozen=True)
class TreeStage:
    """A sum of regression trees over an input row, as flat node arrays (all trees in one).

    Node ``i`` of an internal kind sends a row to ``left[i]`` when ``x[feature[i]] <=
    threshold[i]``, else to ``right[i]``; a leaf points to itself on both sides (threshold +inf)
    and holds ``value[i]``. The log-odds of a row is ``baseline`` plus the value of the leaf it
    reaches in each tree (``roots`` are the first nodes); ``depth`` steps reach every leaf.

    >>> stump = TreeStage(np.array([0, 0, 0]), np.array([0.5, np.inf, np.inf]), np.array([1, 1, 2]),
    ...                   np.array([2, 1, 2]), np.array([0.0, -1.0, 1.0]), np.array([0]), 1, 0.0)
    >>> stump.decision_function(np.array([[0.2], [0.9]])).tolist()
    [-1.0, 1.0]
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    baseline: float

    @cached_property
    def _children(self) -> np.ndarray:
        """``[right[0], left[0], right[1], left[1], ...]``: one gather per tree level."""
        kids = np.empty(2 * len(self.left), dtype=np.intp)
        kids[0::2], kids[1::2] = self.right, self.left
        return kids

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        flat = np.ascontiguousarray(x, dtype=float).ravel()
        base = np.arange(n, dtype=np.intp) * x.shape[1]
        feature, threshold, kids = self.feature.astype(np.intp), self.threshold, self._children
        node = np.repeat(self.roots.astype(np.intp)[:, None], n, axis=1)  # (trees, rows)
        for _ in range(self.depth):
            node = kids[2 * node + (flat[base + feature[node]] <= threshold[node])]
        return self.baseline + self.value[node].sum(axis=0)

    def to_json(self) -> dict[str, Any]:
        thr = [None if not np.isfinite(t) else float(t) for t in self.threshold]
        return {"kind": "trees", "feature": self.feature.tolist(), "threshold": thr,
                "left": self.left.tolist(), "right": self.right.tolist(),
                "value": self.value.tolist(), "roots": self.roots.tolist(),
                "depth": int(self.depth), "baseline": float(self.baseline)}

    @classmethod
    def from_json(cls, data: dict[str, Any], width: int) -> TreeStage:
        if data.get("kind") != "trees":
            raise ModelVersionError("model stage 2 is not a tree ensemble")
        ints = [np.asarray(data[k], dtype=np.int64) for k in ("feature", "left", "right", "roots")]
        thr = np.array([np.inf if t is None else t for t in data["threshold"]], dtype=float)
        value = np.asarray(data["value"], dtype=float)
        n = len(value)
        if any(len(a) != n for a in (*ints[:3], thr)) or not len(ints[3]):
            raise ValueError("tree stage arrays differ in length")
        if ints[0].min(initial=0) < 0 or ints[0].max(initial=0) >= width:
            raise ModelVersionError(f"tree stage reads a feature outside its {width} inputs")
        if any(a.min(initial=0) < 0 or a.max(initial=0) >= n for a in ints[1:]):
            raise ValueError("tree stage has a node index out of range")
        depth = int(data["depth"])
        if not 0 <= depth <= 64:
            raise ValueError("tree stage depth out of range")
        return cls(ints[0], thr, ints[1], ints[2], value, ints[3], depth, float(data["baseline"]))


def stack_features(scores: np.ndarray) -> np.ndarray:
    """Stage-2 inputs from the stage-1 scores of one document's lines (columns :data:`STACK_NAMES`).

    >>> stack_features(np.array([1.0, -1.0, 2.0])).shape
    (3, 21)
    """
    n = len(scores)
    pad = max(abs(o) for o in _STACK_OFFSETS)
    padded = np.concatenate([np.zeros(pad), scores, np.zeros(pad)])
    cols = [padded[pad + off:pad + off + n] for off in _STACK_OFFSETS]
    csum = np.concatenate([[0.0], np.cumsum(scores)])
    idx = np.arange(n)
    for h in _STACK_WINDOWS:
        lo, hi = np.maximum(idx - h, 0), np.minimum(idx + h + 1, n)
        cols.append((csum[hi] - csum[lo]) / (hi - lo))
    cols.append(np.full(n, scores.mean() if n else 0.0))
    for h in _SIDE_WINDOWS:  # mean over the h lines before (0 at the top)
        lo = np.maximum(idx - h, 0)
        cols.append(np.where(idx > lo, (csum[idx] - csum[lo]) / np.maximum(idx - lo, 1), 0.0))
    for h in _SIDE_WINDOWS:  # mean over the h lines after (0 at the bottom)
        hi = np.minimum(idx + 1 + h, n)
        cols.append(np.where(hi > idx + 1, (csum[hi] - csum[idx + 1])
                             / np.maximum(hi - idx - 1, 1), 0.0))
    if n:
        # Lowest score (most content-like line) strictly before / after each line, clipped.
        clipped = np.clip(scores, -10.0, 10.0)
        before = np.concatenate([[10.0], np.minimum.accumulate(clipped)[:-1]])
        after = np.concatenate([np.minimum.accumulate(clipped[::-1])[::-1][1:], [10.0]])
        content = np.concatenate([[0.0], np.cumsum(scores < 0)])
        cols += [before, after, content[idx] / max(n, 1),
                 (content[n] - content[idx + 1]) / max(n, 1),
                 np.argsort(np.argsort(scores, kind="stable"), kind="stable") / max(n - 1, 1)]
    return np.column_stack(cols) if n else np.zeros((0, len(STACK_NAMES)))


@dataclass
class LineModel:
    """A linear stage 1 and a tree stage 2 over the rows of one document (see the module doc)."""

    stage1: LinearStage
    stage2: TreeStage
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of chrome for each line; `x` holds ONE document's rows, in line order."""
        if x.shape[0] == 0:
            return np.zeros(0)
        s1 = self.stage1.decision_function(x)
        return self.stage2.decision_function(np.hstack([x, stack_features(s1)]))

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Probability that each line of one document is chrome."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(x)))

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict :func:`model_from_json` reads back."""
        return {
            "format": FORMAT,
            "version": MODEL_VERSION,
            "features": list(FEATURE_NAMES),
            "stack_features": list(STACK_NAMES),
            "stage1": self.stage1.to_json(),
            "stage2": self.stage2.to_json(),
            "thresholds": self.thresholds,
            "meta": self.meta,
        }


def model_from_json(data: dict[str, Any]) -> LineModel:
    """Check the format, version and feature lists of a parsed model file and build the model."""
    if data.get("format") != FORMAT:
        raise ModelVersionError(f"not a chrome-line model file (format {data.get('format')!r})")
    if data.get("version") != MODEL_VERSION:
        raise ModelVersionError(
            f"chrome-line model version {data.get('version')!r}, this code reads version "
            f"{MODEL_VERSION}: rebuild it with `python -m newsqual.linemodel.train`")
    if (list(data.get("features", [])) != list(FEATURE_NAMES)
            or list(data.get("stack_features", [])) != list(STACK_NAMES)):
        raise ModelVersionError("chrome-line model was trained on another feature list: rebuild it")
    width = len(FEATURE_NAMES)
    return LineModel(LinearStage.from_json(data["stage1"], width),
                     TreeStage.from_json(data["stage2"], width + len(STACK_NAMES)),
                     {k: float(v) for k, v in data.get("thresholds", {}).items()},
                     dict(data.get("meta", {})))


def model_path() -> Path:
    """Where the shipped model file lives."""
    from newsqual.model.paths import models_dir

    return models_dir() / MODEL_FILE


def read_line_model(path: str | Path) -> LineModel:
    """Read a model file (JSON only; see :func:`model_from_json` for the checks)."""
    with open(path, encoding="utf-8") as fh:
        return model_from_json(json.load(fh))


class LineModelWarning(RuntimeWarning):
    """The shipped chrome-line model could not be used; the ``chrome_line`` rule is off."""


@cache
def load_line_model() -> LineModel | None:
    """The shipped model, read once on first use; None when the file is absent or unusable.

    Scoring must not crash over a stale model file: a file of the wrong version or feature list
    (:class:`ModelVersionError`, raised by :func:`read_line_model`) turns the ``chrome_line`` rule
    off with one :class:`LineModelWarning` naming the problem.
    """
    path = model_path()
    if not path.is_file():
        warnings.warn(f"newsqual: no chrome-line model at {path}; the chrome_line rule is off",
                      LineModelWarning, stacklevel=2)
        return None
    try:
        return read_line_model(path)
    except (OSError, ValueError) as exc:  # ModelVersionError is a ValueError
        warnings.warn(f"newsqual: chrome-line model {path} is unusable ({exc}); "
                      "the chrome_line rule is off", LineModelWarning, stacklevel=2)
        return None

"""A calibrated linear model stored as plain JSON: fast to apply, safe to load, easy to explain.

Prediction is ``p = sigmoid(a * z + b)`` with
``z = intercept + coef . clip((t(x) - mean) / scale)``, where ``t`` is ``log1p`` on count-like
columns, ``clip`` bounds standardised values to +-:data:`CLIP` and ``a, b`` are a Platt
calibration fitted on out-of-fold scores. Each feature's contribution to ``z`` is
``coef_j * standardised x_j``: how far it moved this article from the average training article,
in logit units.

Features whose name starts with one of :attr:`LinearModel.sparse_prefixes` (the word rates
``w.<word>``) are sparse: a missing one counts as 0 rather than as a feature mismatch. Such columns
are stored with mean 0, so an absent word contributes nothing.

A model may also carry topic-masked n-gram columns (``g.<n-gram>``, :mod:`newsqual.model.grams`)
with their vocabulary's IDF weights (:class:`GramSpec`): their values are computed from the text by
:meth:`LinearModel.gram_features`, since each text's TF-IDF vector is normalised over the model's
own vocabulary.

Loading reads JSON only (never pickle), validates every field and refuses files of another format
version, so a model file from an untrusted path can at worst be rejected, never run code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsqual.model.grams import GRAM_PREFIX

#: The JSON layout this code reads and writes; bump when the layout or feature semantics change.
FORMAT = "newsqual-linear"
FORMAT_VERSION = 3
#: Layouts this code reads (version 1 had no ``sparse_prefixes``, version 2 no ``grams``).
READABLE_VERSIONS = (1, 2, 3)
#: Standardised feature values are clipped to +-CLIP so one extreme column cannot dominate.
CLIP = 5.0
#: IDF values above this are refused on load (a real vocabulary stays under ln(n + 1) + 1).
MAX_IDF = 50.0
#: Model files larger than this are refused before parsing.
MAX_BYTES = 5_000_000


class ModelFileError(ValueError):
    """The file is not a valid newsqual model (wrong format, version, or malformed content)."""


class FeatureMismatchError(ValueError):
    """The model needs features the running code does not compute (retrain with new features)."""


@dataclass(frozen=True)
class GramSpec:
    """How a model's ``g.*`` columns are computed from text: the IDF of each, in the order those
    columns appear in ``feature_names``, and the masking parameters they were fitted with."""

    idf: np.ndarray
    mask_size: int
    max_n: int


@dataclass(frozen=True)
class LinearModel:
    """A standardised, calibrated logistic model over named features."""

    name: str
    feature_names: tuple[str, ...]
    log1p: np.ndarray          # bool per feature: apply log1p(max(x, 0)) first
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    sparse_prefixes: tuple[str, ...] = ()
    grams: GramSpec | None = None

    def __post_init__(self) -> None:
        sparse = [i for i, n in enumerate(self.feature_names)
                  if self.sparse_prefixes and n.startswith(self.sparse_prefixes)]
        dense = [i for i, n in enumerate(self.feature_names)
                 if not (self.sparse_prefixes and n.startswith(self.sparse_prefixes))]
        object.__setattr__(self, "_dense", (np.array(dense, dtype=int),
                                            tuple(self.feature_names[i] for i in dense)))
        object.__setattr__(self, "_sparse_index", {self.feature_names[i]: i for i in sparse})
        object.__setattr__(self, "_gram_idf", None)
        object.__setattr__(self, "_prefix_masks", {})

    def gram_features(self, text: str) -> dict[str, float]:
        """The ``g.*`` values of `text` for this model (empty when it has no n-gram columns):
        the unit-length sublinear TF-IDF of its topic-masked n-grams over the model's vocabulary,
        scaled down for short texts (:func:`newsqual.model.grams.gram_values`). Pass them with
        the other features."""
        if self.grams is None:
            return {}
        from newsqual.model.grams import gram_values

        idf: dict[str, float] | None = self._gram_idf  # type: ignore[attr-defined]
        if idf is None:
            names = [n[len(GRAM_PREFIX):] for n in self.feature_names if n.startswith(GRAM_PREFIX)]
            idf = dict(zip(names, self.grams.idf.tolist(), strict=True))
            object.__setattr__(self, "_gram_idf", idf)
        return gram_values(text, idf, self.grams.mask_size, self.grams.max_n)

    # -- prediction -------------------------------------------------------------------------------
    def standardise(self, X: np.ndarray) -> np.ndarray:
        """Rows of raw features -> clipped standardised values (the model's inputs)."""
        X = np.asarray(X, dtype=float)
        X = np.where(self.log1p, np.log1p(np.maximum(X, 0.0)), X)
        return np.clip((X - self.mean) / self.scale, -CLIP, CLIP)

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated logit per row."""
        return self.standardise(X) @ self.coef + self.intercept

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability of the positive class per row."""
        z = self.platt_a * self.decision(X) + self.platt_b
        return 1.0 / (1.0 + np.exp(-z))

    def vector(self, features: Mapping[str, float]) -> np.ndarray:
        """One row in this model's column order from a name -> value mapping.

        Raises :class:`FeatureMismatchError` when a feature the model needs is missing.
        """
        dense_idx, dense_names = self._dense  # type: ignore[attr-defined]
        missing = [n for n in dense_names if n not in features]
        if missing:
            raise FeatureMismatchError(
                f"model {self.name!r} needs features the code no longer computes: {missing[:5]}"
                f"{' ...' if len(missing) > 5 else ''}; "
                "retrain with `python -m newsqual.model.train`")
        row = np.zeros(len(self.feature_names))
        row[dense_idx] = [float(features[n]) for n in dense_names]
        sparse: dict[str, int] = self._sparse_index  # type: ignore[attr-defined]
        if sparse:
            prefixes = self.sparse_prefixes
            for name, value in features.items():
                if name.startswith(prefixes):
                    j = sparse.get(name)
                    if j is not None:
                        row[j] = float(value)
        return row

    def predict_one(self, features: Mapping[str, float]) -> float:
        """Calibrated probability for one article's feature mapping."""
        return float(self.predict_proba(self.vector(features)[None, :])[0])

    def contributions(self, features: Mapping[str, float], top: int = 8) -> dict[str, float]:
        """The `top` features that moved this article's logit most (coef x standardised value)."""
        return self.explain(features, top)[1]

    def explain(self, features: Mapping[str, float], top: int = 8, block: str = ""
                ) -> tuple[float, dict[str, float], float]:
        """:meth:`predict_one`, :meth:`contributions` and (with `block`, a name prefix)
        the summed contribution of every column named ``<block>...`` (how far a whole block, the
        ``g.*`` n-grams, moved this article) at once, building the article's row once."""
        z = self.standardise(self.vector(features)[None, :])[0]
        calibrated = self.platt_a * float(z @ self.coef + self.intercept) + self.platt_b
        p = 0.5 * (1.0 + math.tanh(0.5 * calibrated))  # the logistic function, overflow-free
        values = z * self.coef * self.platt_a
        order = np.argsort(-np.abs(values), kind="stable")[:top]
        top_values = {self.feature_names[i]: float(values[i]) for i in order if values[i] != 0.0}
        total = float(values[self._prefix_mask(block)].sum()) if block else 0.0
        return p, top_values, total

    def _prefix_mask(self, prefix: str) -> np.ndarray:
        masks: dict[str, np.ndarray] = self._prefix_masks  # type: ignore[attr-defined]
        cols = masks.get(prefix)
        if cols is None:
            cols = masks[prefix] = np.array([n.startswith(prefix) for n in self.feature_names])
        return cols

    def check_features(self, available: Sequence[str]) -> None:
        """Raise :class:`FeatureMismatchError` unless every model feature is in `available`."""
        self.vector(dict.fromkeys(available, 0.0))

    # -- persistence ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "feature_names": list(self.feature_names),
            "log1p": [bool(v) for v in self.log1p],
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coef": [float(v) for v in self.coef],
            "intercept": float(self.intercept),
            "platt_a": float(self.platt_a),
            "platt_b": float(self.platt_b),
            "threshold": float(self.threshold),
            "meta": self.meta,
            "sparse_prefixes": list(self.sparse_prefixes),
            **({"grams": {"idf": [float(v) for v in self.grams.idf],
                          "mask_size": self.grams.mask_size, "max_n": self.grams.max_n}}
               if self.grams is not None else {}),
        }

    def save(self, path: str | Path) -> None:
        """Write the model as JSON (stable key order: identical training gives identical bytes)."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")


def _numbers(d: Mapping[str, Any], key: str, n: int) -> np.ndarray:
    values = d.get(key)
    if not isinstance(values, list) or len(values) != n:
        raise ModelFileError(f"field {key!r} must be a list of {n} numbers")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in values):
        raise ModelFileError(f"field {key!r} holds a non-finite or non-numeric value")
    return np.array(values, dtype=float)


def _number(d: Mapping[str, Any], key: str) -> float:
    v = d.get(key)
    if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
        raise ModelFileError(f"field {key!r} must be a finite number")
    return float(v)


def from_dict(d: Any) -> LinearModel:
    """Validate a parsed model file and build the model; raises :class:`ModelFileError`."""
    if not isinstance(d, dict):
        raise ModelFileError("a model file must hold a JSON object")
    if d.get("format") != FORMAT:
        raise ModelFileError(f"not a {FORMAT} model file (format={d.get('format')!r})")
    version = d.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ModelFileError(f"model format version {version!r} is not supported "
                             f"(this newsqual reads versions {READABLE_VERSIONS}); "
                             "retrain the model")
    names = d.get("feature_names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not names:
        raise ModelFileError("field 'feature_names' must be a non-empty list of strings")
    n = len(names)
    log1p = d.get("log1p")
    if not (isinstance(log1p, list) and len(log1p) == n
            and all(isinstance(v, bool) for v in log1p)):
        raise ModelFileError(f"field 'log1p' must be a list of {n} booleans")
    scale = _numbers(d, "scale", n)
    if np.any(scale <= 0):
        raise ModelFileError("field 'scale' must be positive")
    meta = d.get("meta", {})
    if not isinstance(meta, dict):
        raise ModelFileError("field 'meta' must be an object")
    sparse = d.get("sparse_prefixes", [])
    if not (isinstance(sparse, list) and all(isinstance(v, str) and v for v in sparse)):
        raise ModelFileError("field 'sparse_prefixes' must be a list of non-empty strings")
    return LinearModel(
        grams=_gram_spec(d.get("grams"), sum(1 for n in names if n.startswith(GRAM_PREFIX)),
                         sparse),
        name=str(d.get("name", "")), feature_names=tuple(names), log1p=np.array(log1p, dtype=bool),
        mean=_numbers(d, "mean", n), scale=scale, coef=_numbers(d, "coef", n),
        intercept=_number(d, "intercept"), platt_a=_number(d, "platt_a"),
        platt_b=_number(d, "platt_b"), threshold=_number(d, "threshold"), meta=meta,
        sparse_prefixes=tuple(sparse))


def _gram_spec(d: Any, n_columns: int, sparse_prefixes: list[str]) -> GramSpec | None:
    """Validate a model file's ``grams`` section (absent: no n-gram columns)."""
    if d is None:
        if n_columns:
            raise ModelFileError("model has g.* columns but no 'grams' section")
        return None
    if not isinstance(d, dict):
        raise ModelFileError("field 'grams' must be an object")
    if n_columns and GRAM_PREFIX not in sparse_prefixes:
        raise ModelFileError(f"g.* columns need {GRAM_PREFIX!r} in 'sparse_prefixes'")
    idf = _numbers(d, "idf", n_columns)
    if np.any(idf <= 0) or np.any(idf > MAX_IDF):
        raise ModelFileError(f"field 'grams.idf' must lie in (0, {MAX_IDF}]")
    sizes = [d.get("mask_size"), d.get("max_n")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in sizes) \
            or not (1 <= sizes[0] <= 100_000 and 1 <= sizes[1] <= 5):  # type: ignore[operator]
        raise ModelFileError("fields 'grams.mask_size' and 'grams.max_n' must be small integers")
    return GramSpec(idf=idf, mask_size=int(sizes[0]), max_n=int(sizes[1]))  # type: ignore[arg-type]


def load(path: str | Path) -> LinearModel:
    """Read a model file written by :meth:`LinearModel.save`. JSON only: no code runs on load.

    Raises :class:`ModelFileError` for anything else (a pickle, another version, bad fields).
    """
    raw = Path(path).read_bytes()[:MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        raise ModelFileError(f"model file is larger than {MAX_BYTES} bytes")
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"model file is not UTF-8 JSON: {exc}") from None
    return from_dict(parsed)

"""Evaluation gate (trafilatura-style): recomputed model quality must not drop below the stored
baseline in benchmarks/eval_baseline.json by more than its tolerance (0.02 ROC AUC).

Recomputes grouped-CV ROC AUC within each reliability dataset, leave-one-dataset-out ROC AUC and
the machine-generation grouped-CV AUC per prompt type, with the same code as
``benchmarks/eval_model.py`` (features are disk-cached, so reruns are quick). Skips when
../shared/data is absent, or when the data differ from the corpus the baseline was measured on.
Refresh the baseline deliberately with ``benchmarks/eval_model.py --write-baseline``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsqual.model.data import (
    data_available,
    data_dir,
    data_fingerprint,
    load_machine,
    load_reliability,
)
from newsqual.model.evaluate import (
    build_corpus,
    feature_variant,
    grouped_oof,
    lodo,
    metrics,
    newsqual_variant,
)

BASELINE = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_baseline.json"


@pytest.fixture(scope="module")
def baseline() -> dict[str, object]:
    if not data_available():
        pytest.skip(f"evaluation data absent under {data_dir()}: gate not run "
                    "(set NEWSQUAL_SHARED)")
    if not BASELINE.is_file():
        pytest.fail(f"{BASELINE} missing: run benchmarks/eval_model.py --write-baseline")
    stored = json.loads(BASELINE.read_text())
    if stored["data_sha256_16"] != data_fingerprint():
        pytest.skip("the evaluation data changed since the baseline was stored; re-measure with "
                    "benchmarks/eval_model.py --write-baseline")
    return stored


def _check(measured: dict[str, float], stored: dict[str, float], tolerance: float) -> None:
    missing = set(stored) - set(measured)
    assert not missing, f"baseline entries not measured: {missing}"
    drops = {k: (round(measured[k], 4), v) for k, v in stored.items()
             if measured[k] < v - tolerance}
    assert not drops, f"ROC AUC dropped below baseline - {tolerance} (measured, baseline): {drops}"


def test_reliability_does_not_regress(baseline: dict[str, object]) -> None:
    corpus = build_corpus(load_reliability())
    variant = newsqual_variant(corpus)
    y, groups, datasets = corpus.y, corpus.groups, corpus.datasets
    cv = {}
    for d in dict.fromkeys(datasets.tolist()):
        sel = np.flatnonzero(datasets == d)
        cv[d] = metrics(y[sel], grouped_oof(variant, y, groups, sel))["roc_auc"]
    cv["all"] = metrics(y, grouped_oof(variant, y, groups))["roc_auc"]
    out = {d: metrics(y[datasets == d], p)["roc_auc"] for d, p in lodo(variant, datasets).items()}
    tolerance = float(baseline["tolerance"])  # type: ignore[arg-type]
    _check(cv, baseline["reliability_cv_roc_auc"], tolerance)  # type: ignore[arg-type]
    _check(out, baseline["reliability_lodo_roc_auc"], tolerance)  # type: ignore[arg-type]


def test_machine_generation_does_not_regress(baseline: dict[str, object]) -> None:
    corpus = build_corpus(load_machine())
    y, groups, subsets = corpus.y, corpus.groups, corpus.subsets
    p = grouped_oof(feature_variant(corpus), y, groups)
    measured = {"all": metrics(y, p)["roc_auc"]}
    for prompt in set(subsets.tolist()) - {"human"}:
        sel = (subsets == "human") | (subsets == prompt)
        measured[prompt] = metrics(y[sel], p[sel])["roc_auc"]
    tolerance = float(baseline["tolerance"])  # type: ignore[arg-type]
    _check(measured, baseline["machine_cv_roc_auc"], tolerance)  # type: ignore[arg-type]

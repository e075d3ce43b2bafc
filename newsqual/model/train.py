"""Rebuild the shipped models from ../shared/data: ``python -m newsqual.model.train``.

Deterministic: same data and code give byte-identical ``models/reliability.json`` and
``models/machine.json`` (no timestamps, fixed folds, deterministic solver).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsqual._version import __version__
from newsqual.model.cache import feature_matrix
from newsqual.model.data import (
    OLDER_HUMAN,
    data_available,
    data_dir,
    data_fingerprint,
    load_machine_training,
    load_reliability,
)
from newsqual.model.fit import (
    ARTIFACT_PREFIXES,
    DEFAULT_C,
    LAYOUT_FEATURES,
    LENGTH_FEATURES,
    MACHINE_GRID,
    fit_fused,
    gram_matrix,
    machine_domains,
    machine_feature_names,
    reliability_feature_names,
    word_matrix,
)
from newsqual.model.grams import MASK_SIZE, MAX_N, MIN_DF
from newsqual.model.linear import LinearModel
from newsqual.model.paths import models_dir
from newsqual.model.words import VOCABULARY_SIZE, WORD_PREFIX


def _matrices(articles: list[Any], select: Callable[[Sequence[str]], tuple[str, ...]],
              n_jobs: int) -> tuple[np.ndarray, tuple[str, ...], np.ndarray, Any, tuple[str, ...]]:
    """Dense features (the columns `select` keeps), labels and common-word rates of articles."""
    X, names = feature_matrix([a.text for a in articles], n_jobs=n_jobs)
    used = select(names)
    W, word_names = word_matrix([a.text for a in articles])
    y = np.array([a.y for a in articles])
    return X[:, [names.index(n) for n in used]], used, y, W, word_names


def _meta(articles: list[Any]) -> dict[str, Any]:
    """What both shipped models record about their training data and code."""
    return {"excluded_layout": sorted(LAYOUT_FEATURES),
            "word_vocabulary": f"wordfreq top_n_list('en', {VOCABULARY_SIZE}) minus fw.* words",
            "datasets": sorted({a.dataset for a in articles}), "n_articles": len(articles),
            "data_sha256_16": data_fingerprint(), "newsqual_version": __version__}


def train_reliability(*, n_jobs: int = 1) -> LinearModel:
    """The reliability model: reliable (1) vs unreliable (0) from content features only, fused
    with common-English word rates and topic-masked n-grams (:mod:`newsqual.model.grams`;
    :func:`newsqual.model.fit.fit_fused`; each dataset weighted equally, the fusion picked by
    leave-one-dataset-out cross-validation on the training data).

    Flag counts (``flag.*``, ``family.*``, ``flags.*``) are left out: artifact evidence enters the
    final score through the rule factor instead (see :func:`newsqual.scoring.combined_score`), and
    in this data scraper chrome identifies outlets, i.e. the label, rather than quality. Layout
    statistics are left out too (:data:`~newsqual.model.fit.LAYOUT_FEATURES`).
    """
    articles = load_reliability()
    X, names, y, W, word_names = _matrices(articles, reliability_feature_names, n_jobs)
    meta = {**_meta(articles), "target": "reliable (1) vs unreliable (0); satire excluded",
            "excluded_prefixes": list(ARTIFACT_PREFIXES), "C": DEFAULT_C,
            "gram_vocabulary": f"word 1-{MAX_N}-grams of texts masked to wordfreq "
                               f"top_n_list('en', {MASK_SIZE}); in >= {MIN_DF} training texts"}
    return fit_fused(X, W, y, [a.group for a in articles], [a.dataset for a in articles], names,
                     word_names, name="reliability", meta=meta, sparse_prefixes=(WORD_PREFIX,),
                     grams=gram_matrix([a.text for a in articles]))


def train_machine(*, n_jobs: int = 1) -> LinearModel:
    """The machine-generation sub-model: ChatGPT-written (1) vs human (0) news, with the older
    reliability articles as extra human negatives (see :func:`load_machine_training`). Dense
    features without text length and layout (:func:`~newsqual.model.fit.machine_feature_names`)
    fused with the common-word rates, IU humans weighted as much as the older ones
    (:func:`~newsqual.model.fit.machine_domains`), the fusion picked by grouped inner CV
    (:data:`~newsqual.model.fit.MACHINE_GRID`)."""
    articles = load_machine_training()
    X, names, y, W, word_names = _matrices(articles, machine_feature_names, n_jobs)
    meta = {**_meta(articles), "target": "machine-written (1) vs human (0) news",
            "excluded_length": sorted(LENGTH_FEATURES)}
    domains = machine_domains([a.subset for a in articles], OLDER_HUMAN)
    return fit_fused(X, W, y, [a.group for a in articles], domains, names, word_names,
                     grid=MACHINE_GRID, name="machine", meta=meta,
                     sparse_prefixes=(WORD_PREFIX,))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: models/)")
    parser.add_argument("--n-jobs", type=int, default=1, help="processes for feature extraction")
    args = parser.parse_args(argv)
    if not data_available():
        print(f"training data not found under {data_dir()} (set NEWSQUAL_SHARED)", file=sys.stderr)
        return 2
    out = args.out or models_dir()
    out.mkdir(parents=True, exist_ok=True)
    for model in (train_reliability(n_jobs=args.n_jobs), train_machine(n_jobs=args.n_jobs)):
        path = out / f"{model.name}.json"
        model.save(path)
        nonzero = int(np.count_nonzero(model.coef))
        print(f"wrote {path}: {len(model.feature_names)} features ({nonzero} non-zero), "
              f"platt a={model.platt_a:.3f} b={model.platt_b:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

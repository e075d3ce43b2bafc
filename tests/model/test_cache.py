"""newsqual/model/cache.py: cached features equal fresh ones; keyed by text and code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsqual.model import cache
from newsqual.model.transformer import all_feature_names, text_features

TEXTS = ["The board met on Monday, officials said.", "Totally shocking news you must share now!!!"]


@pytest.fixture(autouse=True)
def _tmp_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSQUAL_CACHE", str(tmp_path))


def test_cached_rows_equal_fresh_features(tmp_path: Path) -> None:
    X, names = cache.feature_matrix(TEXTS)
    assert names == all_feature_names()
    assert list(tmp_path.glob("features-*.npz"))
    again, _ = cache.feature_matrix(list(reversed(TEXTS)))
    assert np.array_equal(again, X[::-1])
    fresh = text_features(TEXTS[1])
    assert X[1].tolist() == [fresh[n] for n in names]


def test_fingerprint_is_stable_within_a_process() -> None:
    assert cache.code_fingerprint() == cache.code_fingerprint()


def test_old_cache_files_are_pruned(tmp_path: Path) -> None:
    import os

    for i in range(cache.KEEP_FILES + 2):
        f = tmp_path / f"features-old{i}.npz"
        f.write_bytes(b"")
        os.utime(f, (i, i))
    cache.feature_matrix(TEXTS[:1])
    assert len(list(tmp_path.glob("features-*.npz"))) == cache.KEEP_FILES

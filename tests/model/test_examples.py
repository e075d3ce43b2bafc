"""The five founding examples (read from ../shared/examples): 001 lowest, 003 above 000."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsqual
from newsqual.model.data import shared_dir


def _scores() -> dict[str, float]:
    folder = shared_dir() / "examples"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if len(files) < 5:
        pytest.skip(f"founding examples not found in {folder} (set NEWSQUAL_SHARED)")
    return {p.name[:3]: newsqual.score(Path(p).read_bytes()).score for p in files}


def test_001_scores_lowest_and_003_above_000() -> None:
    scores = _scores()
    assert min(scores, key=scores.__getitem__) == "001", scores
    assert scores["003"] > scores["000"], scores

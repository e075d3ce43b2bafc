"""newsqual/model/runtime.py: lazy loading, and a loud fallback when a shipped model is unusable."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsqual
from newsqual.model import runtime
from newsqual.model.linear import FeatureMismatchError, ModelFileError
from newsqual.model.paths import models_dir

SHIPPED = models_dir() / "reliability.json"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    runtime.clear_cache()
    yield
    runtime.clear_cache()


def _copy_models(tmp_path: Path) -> Path:
    if not SHIPPED.is_file():
        pytest.skip("no shipped model in models/ (run python -m newsqual.model.train)")
    for name in ("reliability.json", "machine.json"):
        shutil.copy(models_dir() / name, tmp_path / name)
    return tmp_path


def test_shipped_models_load_and_match_the_features() -> None:
    if not SHIPPED.is_file():
        pytest.skip("no shipped model in models/ (run python -m newsqual.model.train)")
    for name in (runtime.RELIABILITY, runtime.MACHINE):
        model = runtime.load_checked(name)
        assert model.feature_names
        assert runtime.shipped_model(name) is runtime.shipped_model(name)  # loaded once


def test_missing_model_falls_back_to_rules_with_a_warning(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSQUAL_MODELS", str(tmp_path))
    with pytest.warns(runtime.ModelFallbackWarning, match="rule-based"):
        report = newsqual.score("The council approved the budget on Tuesday, officials said.")
    assert "reliability" not in report.scores
    assert report.score == report.scores["rules"]


def test_model_needing_unknown_features_raises_or_falls_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_models(tmp_path)
    path = folder / "reliability.json"
    d = json.loads(path.read_text())
    d["feature_names"][0] = "feature.that_no_longer_exists"
    path.write_text(json.dumps(d))
    with pytest.raises(FeatureMismatchError, match="no longer computes"):
        runtime.load_checked("reliability", str(folder))
    monkeypatch.setenv("NEWSQUAL_MODELS", str(folder))
    with pytest.warns(runtime.ModelFallbackWarning, match="feature.that_no_longer_exists"):
        report = newsqual.score("The council approved the budget on Tuesday, officials said.")
    assert "reliability" not in report.scores
    assert "machine_generated" in report.scores  # the intact machine model still works


def test_model_of_another_version_falls_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_models(tmp_path)
    path = folder / "reliability.json"
    d = json.loads(path.read_text())
    d["format_version"] = 999
    path.write_text(json.dumps(d))
    with pytest.raises(ModelFileError, match="version"):
        runtime.load_checked("reliability", str(folder))
    monkeypatch.setenv("NEWSQUAL_MODELS", str(folder))
    with pytest.warns(runtime.ModelFallbackWarning, match="version"):
        assert runtime.shipped_model("reliability") is None


def test_loading_the_runtime_does_not_import_scikit_learn() -> None:
    import subprocess
    import sys

    code = ("import sys, newsqual.model.runtime as r; r.shipped_model('reliability'); "
            "print(int('sklearn' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"

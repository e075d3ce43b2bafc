"""How the trained model is wired into the score (newsqual/scoring.py combined_score)."""

from __future__ import annotations

import pytest

import newsqual
from newsqual.model import runtime
from newsqual.report import Flag
from newsqual.scoring import combined_score

CLEAN = (
    "The county board approved a $4.5 million budget for road repairs on Tuesday. "
    '"Most of the work will happen over the summer," said Maria Lopez, the public works director. '
    "Crews will resurface 12 miles of Route 9 and replace two culverts near Mill Creek, she said."
)
SQL_TRAILER = "\nSQLSTATE[HY000] [2002] Connection refused"


@pytest.fixture
def model_present() -> None:
    runtime.clear_cache()
    if runtime.shipped_model(runtime.RELIABILITY) is None:
        pytest.skip("no usable shipped reliability model")


def test_score_is_model_probability_times_rule_score(model_present: None) -> None:
    report = newsqual.score(CLEAN)
    assert 0.0 < report.scores["reliability"] < 1.0
    assert 0.0 <= report.scores["machine_generated"] <= 1.0
    assert report.score == pytest.approx(report.scores["reliability"] * report.scores["rules"])


def test_an_error_trailer_can_never_leave_an_article_ok(model_present: None) -> None:
    clean, broken = newsqual.score(CLEAN), newsqual.score(CLEAN + SQL_TRAILER)
    assert broken.label != "ok"
    assert broken.score < clean.score
    assert broken.contributions["sql_error"] < 0


def test_more_artifact_flags_never_raise_the_score(model_present: None) -> None:
    report = newsqual.score(CLEAN + SQL_TRAILER)
    base = combined_score(report.features, report.flags).score
    for severity in ("low", "medium", "high"):
        extra = Flag("stray_email", 0, 3, report.text[:3], "a stray address", severity, "contacts")
        assert combined_score(report.features, [*report.flags, extra]).score <= base


def test_contributions_name_model_features_and_flag_kinds(model_present: None) -> None:
    report = newsqual.score(CLEAN + SQL_TRAILER)
    model = runtime.shipped_model(runtime.RELIABILITY)
    assert model is not None
    names = set(report.contributions)
    assert names & set(model.feature_names)
    assert "sql_error" in names
    values = [abs(v) for v in report.contributions.values()]
    assert values == sorted(values, reverse=True)

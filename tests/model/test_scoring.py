"""How the trained model is wired into the score (newsqual/scoring.py combined_score)."""

from __future__ import annotations

import pytest

import newsqual
from newsqual.model import runtime
from newsqual.report import Flag
from newsqual.scoring import MODEL_WEIGHT, combined_score, label_for

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


def test_score_combines_rule_score_and_model_probability(model_present: None) -> None:
    report = newsqual.score(CLEAN)
    p, rules = report.scores["reliability"], report.scores["rules"]
    assert 0.0 < p < 1.0
    assert 0.0 <= report.scores["machine_generated"] <= 1.0
    assert report.score == pytest.approx(rules * (1 - MODEL_WEIGHT * (1 - p)))


def test_the_model_alone_never_rejects(model_present: None) -> None:
    features = newsqual.score(CLEAN).features
    for style in ("style.attributed_quotes_per_100w", "style.dates_per_100w"):
        features = {**features, style: 0.0}  # make it look less reliable: still no rejection
    scored = combined_score(features, [])
    assert scored.score >= 1 - MODEL_WEIGHT
    assert label_for(scored.score) != "reject"


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

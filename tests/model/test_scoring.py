"""How the trained model is wired into the score (newsqual/scoring.py combined_score)."""

from __future__ import annotations

import pytest

import newsqual
from benchmarks._languages import NOT_ENGLISH
from newsqual.model import runtime
from newsqual.report import Flag
from newsqual.scoring import ENGLISH_MIN_SHARE, MODEL_WEIGHT, combined_score, label_for

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
    scored = combined_score(features, [], text=None)
    assert scored.score >= 1 - MODEL_WEIGHT
    assert label_for(scored.score) != "reject"


def test_an_error_trailer_can_never_leave_an_article_ok(model_present: None) -> None:
    clean, broken = newsqual.score(CLEAN), newsqual.score(CLEAN + SQL_TRAILER)
    assert broken.label != "ok"
    assert broken.score < clean.score
    assert broken.contributions["sql_error"] < 0


def test_more_artifact_flags_never_raise_the_score(model_present: None) -> None:
    report = newsqual.score(CLEAN + SQL_TRAILER)
    base = combined_score(report.features, report.flags, text=report.text).score
    for severity in ("low", "medium", "high"):
        extra = Flag("stray_email", 0, 3, report.text[:3], "a stray address", severity, "contacts")
        flags = [*report.flags, extra]
        assert combined_score(report.features, flags, text=report.text).score <= base


def test_contributions_name_model_features_and_flag_kinds(model_present: None) -> None:
    report = newsqual.score(CLEAN + SQL_TRAILER)
    model = runtime.shipped_model(runtime.RELIABILITY)
    assert model is not None
    names = set(report.contributions)
    assert names & set(model.feature_names)
    assert "sql_error" in names
    values = [abs(v) for v in report.contributions.values()]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("lang", sorted(NOT_ENGLISH))
def test_english_models_are_not_applied_to_other_languages(model_present: None, lang: str
                                                           ) -> None:
    report = newsqual.score(NOT_ENGLISH[lang])
    assert report.features["lang.english_prose_share"] < ENGLISH_MIN_SHARE
    assert set(report.scores) == {"rules"}
    assert report.score == report.scores["rules"]
    assert not any(k.startswith(("style.", "fw.", "w.")) for k in report.contributions)


def test_english_news_and_short_texts_still_get_the_models(model_present: None) -> None:
    assert {"reliability", "machine_generated"} <= set(newsqual.score(CLEAN).scores)
    headline = "Hochwasser zwingt Hunderte am Oberrhein zur Flucht"  # too short to tell
    assert "reliability" in newsqual.score(headline).scores


def test_menus_and_lists_do_not_count_as_prose(model_present: None) -> None:
    """Only lines of 8+ words are weighed: a German menu around an English article (more
    German words than English ones) does not gate it."""
    menu = "\n".join(["Startseite", "Politik und Wirtschaft", "Kultur", "Sport", "Impressum",
                      "Datenschutz und Nutzungsbedingungen"] * 20)
    report = newsqual.score(menu + "\n" + CLEAN + "\n" + menu)
    assert report.features["lang.prose_words"] < 100
    assert "reliability" in report.scores


def test_no_english_article_of_the_shared_data_is_gated() -> None:
    from benchmarks._data import SkipError, iter_records
    from newsqual.model.style import language_features
    from newsqual.scoring import models_apply

    try:
        texts = [r["text"] or "" for r in iter_records(folders=("reliability", "machine"))]
    except SkipError as exc:
        pytest.skip(str(exc))
    assert [t[:80] for t in texts if not models_apply(language_features(t))] == []


def test_the_masked_ngram_block_is_scored_from_the_text_and_reported(model_present: None) -> None:
    from newsqual.judge import analyse
    from newsqual.model.style import style_features
    from newsqual.scoring import GRAMS_TOTAL

    model = runtime.shipped_model(runtime.RELIABILITY)
    assert model is not None
    if model.grams is None:
        pytest.skip("the shipped reliability model has no n-gram block")
    doc, flags, features = analyse(CLEAN)
    features = {**features, **style_features(doc.text)}
    with_text = combined_score(features, flags, text=doc.text)
    without = combined_score(features, flags, text=None)
    grams = model.gram_features(doc.text)
    assert grams and with_text.scores["reliability"] != without.scores["reliability"]
    assert with_text.contributions[GRAMS_TOTAL] == pytest.approx(
        model.explain({**features, **grams}, block="g.")[2])
    assert GRAMS_TOTAL not in without.contributions
    # The report's score is the one computed with the text.
    assert newsqual.score(CLEAN).scores["reliability"] == pytest.approx(
        with_text.scores["reliability"])

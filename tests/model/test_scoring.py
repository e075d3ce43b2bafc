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


# Written for these tests: one short news report in four languages the models were not trained on.
NOT_ENGLISH = {
    "de": "Nach tagelangem Regen sind in mehreren Gemeinden am Oberrhein Hunderte Menschen in "
          "Notunterkünften untergebracht worden. Der Pegel stieg in der Nacht zum Sonntag auf "
          "7,4 Meter, wie das Landratsamt mitteilte. „Wir haben so etwas seit 1999 nicht mehr "
          "erlebt“, sagte Bürgermeisterin Anna Keller am Morgen.",
    "es": "Tras varios días de lluvias, cientos de personas han sido trasladadas a albergues en "
          "varios municipios del valle del Ebro. El río alcanzó los 7,4 metros en la madrugada "
          "del domingo, según informó la Confederación Hidrográfica. \"No habíamos visto algo así "
          "desde 1999\", dijo la alcaldesa Ana Gómez.",
    "nl": "Na dagen van regen zijn in verschillende gemeenten langs de Maas honderden mensen in "
          "noodopvang ondergebracht. Het water steeg in de nacht van zaterdag op zondag tot 7,4 "
          "meter, meldde de provincie. \"Zoiets hebben we sinds 1999 niet meer meegemaakt\", zei "
          "burgemeester Anna de Vries.",
    "id": "Setelah hujan selama beberapa hari, ratusan warga di beberapa desa di lembah Sungai "
          "Citarum dievakuasi ke tempat penampungan. Permukaan air naik hingga 7,4 meter pada "
          "Minggu dini hari, kata pemerintah daerah. \"Kami belum pernah melihat hal seperti ini "
          "sejak 1999,\" kata Bupati Ani Lestari.",
}


@pytest.mark.parametrize("lang", sorted(NOT_ENGLISH))
def test_english_models_are_not_applied_to_other_languages(model_present: None, lang: str
                                                           ) -> None:
    report = newsqual.score(NOT_ENGLISH[lang])
    assert report.features["style.common_word_share"] < 0.45
    assert set(report.scores) == {"rules"}
    assert report.score == report.scores["rules"]
    assert not any(k.startswith(("style.", "fw.", "w.")) for k in report.contributions)


def test_english_news_and_short_texts_still_get_the_models(model_present: None) -> None:
    assert {"reliability", "machine_generated"} <= set(newsqual.score(CLEAN).scores)
    headline = "Hochwasser zwingt Hunderte am Oberrhein zur Flucht"  # too short to tell
    assert "reliability" in newsqual.score(headline).scores


def test_no_english_article_of_the_shared_data_is_gated() -> None:
    from benchmarks._data import SkipError, iter_records
    from newsqual.document import Document
    from newsqual.model.style import style_features
    from newsqual.scoring import models_apply
    from newsqual.stats import text_stats

    try:
        texts = [r["text"] or "" for r in iter_records(folders=("reliability", "machine"))]
    except SkipError as exc:
        pytest.skip(str(exc))
    gated = [t[:80] for t in texts if not models_apply(
        {**text_stats(Document.from_text(t)), **style_features(t)})]
    assert gated == []

"""newsqual/model/style.py: specificity and filler signals on self-written sentences."""

from __future__ import annotations

import pytest

from newsqual.model.style import (
    FUNCTION_NAMES,
    LANGUAGE_NAMES,
    STYLE_NAMES,
    function_word_rates,
    style_features,
)

REPORTED = (
    '"We expect the bridge to reopen on March 14," said Karen Holt, the county engineer. '
    "Repairs cost $2.3 million, and 1,200 vehicles a day were diverted through Elm Street, "
    "according to the Department of Transportation."
)
VAGUE = (
    "This is a significant and crucial development in the overall landscape. Various experts "
    "highlight the potential for innovative and robust solutions. Moreover, it is vital."
)


def test_every_name_is_present_and_finite_for_empty_text() -> None:
    out = style_features("")
    assert set(out) == set(STYLE_NAMES) | set(FUNCTION_NAMES) | set(LANGUAGE_NAMES)
    assert all(v == 0.0 for v in out.values())


def test_reported_prose_is_more_specific_than_vague_prose() -> None:
    reported, vague = style_features(REPORTED), style_features(VAGUE)
    assert reported["style.attributed_quotes_per_100w"] > 0
    assert vague["style.attributed_quotes_per_100w"] == 0
    for name in ("style.dates_per_100w", "style.numbers_per_100w", "style.entities_per_100w"):
        assert reported[name] > vague[name], name
    assert vague["style.filler_per_100w"] > reported["style.filler_per_100w"]
    assert reported["style.specificity"] > vague["style.specificity"]


def test_unattributed_quote_counts_as_quote_only() -> None:
    text = 'The sign read "closed for the season" in faded letters on the old shop door today.'
    out = style_features(text)
    assert out["style.quotes_per_100w"] > 0
    assert out["style.attributed_quotes_per_100w"] == 0


def test_rates_do_not_grow_with_length() -> None:
    once, twice = style_features(REPORTED), style_features(REPORTED + " " + REPORTED)
    name = "style.numbers_per_100w"
    assert twice[name] == pytest.approx(once[name], rel=0.05)


def test_function_word_rates_are_per_100_words() -> None:
    text = " ".join(["the council met"] * 20)  # 60 words, 20 of them "the"
    rates = function_word_rates(text)
    assert rates["fw.the"] == pytest.approx(100 * 20 / 60)
    assert rates["fw.of"] == 0.0


def test_hostile_input_is_fast_enough_to_finish() -> None:
    # Linear-time patterns: these finish in well under a second (no timing assert, just completion).
    for s in ('"' * 200_000, "A" * 200_000, "Aa " * 100_000, ("x" * 399 + '"') * 500):
        assert set(style_features(s)) >= set(STYLE_NAMES)


def test_register_signals_separate_agitated_from_reported_prose() -> None:
    agitated = ("You won't BELIEVE this!!! The shocking truth they don't want you to know is "
                "finally exposed, and it's totally insane!!")
    reported, loud = style_features(REPORTED), style_features(agitated)
    for name in ("style.contractions_per_100w", "style.multi_punct_per_100w",
                 "style.sensational_per_100w", "style.all_caps_share"):
        assert loud[name] > reported[name], name
    assert reported["style.institutional_per_100w"] > loud["style.institutional_per_100w"]


def test_mattr_measures_repetition_independent_of_length() -> None:
    from newsqual.model.style import mattr

    varied = [f"w{i}" for i in range(400)]
    repetitive = ["a", "b", "c", "d"] * 100
    assert mattr(varied) == 1.0
    assert mattr(repetitive) == pytest.approx(4 / 50)
    assert mattr(repetitive[:200]) == pytest.approx(mattr(repetitive))

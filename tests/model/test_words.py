"""newsqual/model/words.py: the fixed common-English vocabulary and sparse word rates."""

from __future__ import annotations

from collections import Counter

import pytest

from newsqual.model.style import FUNCTION_WORDS, lower_word_counts, style_features
from newsqual.model.words import CHROME_WORDS, WORD_PREFIX, vocabulary, word_names, word_rates

PROSE = ("The county board approved the new budget on Tuesday after officials said the "
         "repairs could not wait another year.")


def test_vocabulary_is_common_words_without_function_or_page_furniture_words() -> None:
    vocab = vocabulary()
    assert 3000 < len(vocab) < 5000
    assert {"officials", "budget", "said"} <= vocab
    assert not vocab & set(FUNCTION_WORDS)
    assert not vocab & CHROME_WORDS
    assert all(len(w) >= 2 and w == w.lower() for w in vocab)
    assert len(word_names()) == len(vocab)


def test_rates_are_per_100_words_and_sparse() -> None:
    counts = Counter({"officials": 2, "the": 5, "zzyzx": 1})
    assert word_rates(counts, 40) == {"w.officials": pytest.approx(5.0)}
    # Short texts are rated against 20 words at least, as the other style rates.
    assert word_rates(Counter({"officials": 1}), 1) == {"w.officials": pytest.approx(5.0)}


def test_short_lines_and_curly_apostrophes() -> None:
    counts, n = lower_word_counts("Photo credit: Getty Images\n" + PROSE.replace("not", "don’t"))
    assert counts["getty"] == 0 and counts["credit"] == 0  # the short credit line is left out
    assert counts["don't"] == 1
    assert n == sum(counts.values())


def test_style_features_carry_the_word_rates_of_prose() -> None:
    out = style_features(PROSE)
    words = {k for k in out if k.startswith(WORD_PREFIX)}
    assert {"w.officials", "w.budget", "w.said"} <= words
    assert "w.the" not in words
    assert style_features("")  # empty text: no word rates, dense names only
    assert not any(k.startswith(WORD_PREFIX) for k in style_features(""))

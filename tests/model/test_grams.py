"""newsqual/model/grams.py: topic masking, n-gram counts, TF-IDF as in training and at scoring."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from newsqual.model.grams import (
    FULL_WEIGHT_TOKENS,
    GRAM_PREFIX,
    count_matrix,
    fit_idf,
    gram_counts,
    gram_values,
    kept_words,
    length_factor,
    masked_tokens,
    tfidf,
    token_counts,
)

TEXTS = [
    "The council approved the plan on Tuesday, officials said. \u201cIt was time,\u201d she said.",
    "Shocking! You won't believe what this celebrity did next!!! Share this now.",
    "Prices rose 4.5% in March, the agency said, after a 3% rise in February.",
    "The mayor said the bridge would reopen \u2014 but not before June.",
    "They said it again: the plan is dead, and this is why.",
]


def test_topic_words_are_masked_and_function_words_kept() -> None:
    toks = masked_tokens("Senator Alvarez said the pipeline was approved in 2021.")
    assert toks == ["C", "C", "said", "the", "w", "was", "w", "in", "D", "."]
    assert {"the", "said", "was", "in"} <= kept_words()
    assert "pipeline" not in kept_words() and "senator" not in kept_words()


def test_two_stories_with_the_same_construction_give_the_same_grams() -> None:
    a = gram_counts("Police said the suspect fled north on Friday.")
    b = gram_counts("Engineers said the bridge opened early on Monday.")
    assert a == b


def test_typography_is_folded() -> None:
    curly = masked_tokens("\u201cNo,\u201d she said \u2014 twice\u2026")
    straight = masked_tokens('"No," she said - twice.')
    assert curly == straight
    assert masked_tokens("a -- b --- c") == masked_tokens("a - b - c")
    assert masked_tokens("Wait... what?") == masked_tokens("Wait\u2026 what?") == masked_tokens(
        "Wait. what?")
    # Decomposed accents (NFD) read as the composed word, not as stray marks.
    assert masked_tokens("cafe\u0301 cafe") == masked_tokens("caf\u00e9 cafe") == ["w", "w"]


def test_short_texts_keep_a_share_of_the_weight() -> None:
    idf = {"C said": 2.0, "said": 1.0}
    short = gram_values("Officials said.", idf)
    assert np.linalg.norm(list(short.values())) == pytest.approx(3 / FULL_WEIGHT_TOKENS)
    assert length_factor(np.array([0, 25, 50, 500])).tolist() == [0.0, 0.5, 1.0, 1.0]


def test_capitalised_kept_words_are_marked() -> None:
    assert masked_tokens("But the") == ["^but", "the"]
    assert masked_tokens("ÉCOLE école") == ["C", "w"]  # non-ASCII letters are words too


def test_counts_include_every_n_up_to_three() -> None:
    counts = gram_counts("Officials said so.")
    assert counts["C"] == 1 and counts["C said"] == 1 and counts["C said so"] == 1
    assert "C said so ." not in counts
    assert gram_counts("") == {}


def test_tfidf_matches_scikit_learn_and_the_scoring_path() -> None:
    M, names = count_matrix(TEXTS)
    cols, idf = fit_idf(M, min_df=2)
    ours = tfidf(M[:, cols], idf).toarray()
    assert token_counts(M, names).tolist() == [len(masked_tokens(t)) for t in TEXTS]
    vocab = [names[j] for j in cols]
    cv = CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 3),
                         vocabulary=vocab)
    masked = [" ".join(masked_tokens(t)) for t in TEXTS]
    theirs = TfidfTransformer(sublinear_tf=True).fit(cv.transform(masked)).transform(
        cv.transform(masked)).toarray()
    assert ours == pytest.approx(theirs)
    idf_map = dict(zip(vocab, idf.tolist(), strict=True))
    scaled = tfidf(M[:, cols], idf, token_counts(M, names)).toarray()
    for row, text in zip(scaled, TEXTS, strict=True):
        values = gram_values(text, idf_map)
        assert all(k.startswith(GRAM_PREFIX) for k in values)
        dense = np.array([values.get(GRAM_PREFIX + v, 0.0) for v in vocab])
        assert dense == pytest.approx(row)
        if values:  # unit length, times the short-text factor
            assert np.linalg.norm(dense) == pytest.approx(
                float(length_factor(len(masked_tokens(text)))))


def test_vocabulary_needs_min_df_documents() -> None:
    M, names = count_matrix(TEXTS)
    cols, _ = fit_idf(M, min_df=3)
    df = np.asarray((M > 0).sum(axis=0)).ravel()
    assert (df[cols] >= 3).all() and (np.delete(df, cols) < 3).all()
    assert list(names) == sorted(names)


def test_hostile_input_is_linear() -> None:
    # One long token, a million dashes and a million punctuation marks: no backtracking.
    assert masked_tokens("a" * 1_000_000) == ["w"]
    assert masked_tokens("-" * 1_000_000) == ["-"]
    assert len(gram_counts("!?" * 200_000)) == 2 + 2 + 2

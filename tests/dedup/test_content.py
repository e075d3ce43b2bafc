from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from newsqual.dedup.content import (
    SCORING,
    RewriteScoring,
    candidate_stems,
    content_fingerprints,
    content_signatures,
    content_words,
    cosine,
    similarity,
)
from newsqual.dedup.spec import DEFAULT_SPEC
from tests.dedup.conftest import make_article


def test_function_words_are_dropped_and_names_weigh_most() -> None:
    words = content_words("The mayor of Quillonbury said that the 48 schools would reopen.")
    assert "the" not in words and "that" not in words and "said" not in words
    assert words["quill"] == max(words.values())
    assert "48" in words


def test_stems_join_word_forms() -> None:
    words = content_words("reopened reopening reopens")
    assert list(words) == ["reope"]


def test_paraphrase_is_closer_than_another_story(rng: random.Random) -> None:
    original = (
        "Firefighters in Staverton battled a blaze at the Okonkwo textile warehouse for 14 hours; "
        "the inferno destroyed 3,000 bales and forced 220 residents from nearby homes."
    )
    rewrite = (
        "A fire at Okonkwo's textile warehouse in Staverton took crews 14 hours to put out, "
        "burning 3,000 bales and driving 220 people out of neighbouring houses."
    )
    other = make_article(rng, 3)
    fp = content_fingerprints([original, rewrite, other])
    sims = cosine(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    assert sims[0] > 0.35 > sims[1]


def test_empty_text_has_no_vector() -> None:
    fp = content_fingerprints(["", "of the and"])
    assert (fp.weights == 0).all()
    assert cosine(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights).max() == 0.0


def test_kept_stems_are_stored_in_text_order() -> None:
    text = "Zanzibar ferry Quillonbury harbour Okonkwo 1450 passengers"
    fp = content_fingerprints([text, *text.split()])
    singles = [int(fp.hashes[k + 1][0]) for k in range(len(text.split()))]
    stored = [int(h) for h in fp.hashes[0] if h]
    assert stored == [h for h in singles if h in stored]
    assert len(stored) >= 6


def _rare_words(n: int, tag: str = "zorvath") -> list[str]:
    """n distinct made-up words (unknown to wordfreq: rarity 6), distinct in their first 5 chars."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [f"{letters[k // 26]}{letters[k % 26]}q{tag}" for k in range(n)]


def test_reordered_facts_score_below_kept_order(rng: random.Random) -> None:
    """Same stems, shuffled order: cosine cannot tell, the order-aware similarity can."""
    words = _rare_words(40)  # 40 stems: the length factor is 1, nothing is capped
    shuffled = words[:]
    rng.shuffle(shuffled)
    fp = content_fingerprints([" ".join(words), " ".join(words), " ".join(shuffled)])
    cos = cosine(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    sims = similarity(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    assert abs(cos[0] - cos[1]) < 1e-6
    assert abs(sims[0] - 1.0) < 1e-5
    assert sims[1] < 0.9 * sims[0]


def test_scores_stay_within_0_and_1(rng: random.Random) -> None:
    texts = [make_article(rng, k) for k in (2, 3, 6, 14)] + [" ".join(_rare_words(12))] * 2
    fp = content_fingerprints(texts)
    for i in range(len(texts)):
        sims = similarity(fp.hashes[i], fp.weights[i], fp.hashes, fp.weights)
        assert ((sims >= 0.0) & (sims <= 1.0)).all()


def test_a_shortened_rewrite_is_scored_by_containment_too() -> None:
    """A text keeping the first half of a long story's facts, in order: containment is 1, so
    the blend scores it above its plain cosine (which halves with the dropped facts)."""
    words = _rare_words(80)
    fp = content_fingerprints([" ".join(words), " ".join(words[:40])])
    cos = float(cosine(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])[0])
    plain = RewriteScoring(containment=0.0, length_exp=0.0)
    blended = RewriteScoring(containment=0.4, length_exp=0.0)
    args = (fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    assert abs(float(similarity(*args, scoring=plain)[0]) - cos) < 1e-5
    assert float(similarity(*args, scoring=blended)[0]) > cos + 0.1


def test_longer_pairs_need_more_than_shorter_ones() -> None:
    """Same share of stems in common and the same order; the longer pair scores lower."""
    out = []
    for n in (30, 60):
        words = _rare_words(n)
        half = words[: n // 2]
        other = half + _rare_words(n - n // 2, tag="kelmis")
        fp = content_fingerprints([" ".join(words), " ".join(other)])
        out.append(float(similarity(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])[0]))
    assert 0.0 < out[1] < out[0]


def test_too_few_shared_stems_score_zero() -> None:
    words = _rare_words(12)
    extra = _rare_words(12, tag="kelmis")
    texts = [" ".join(words), " ".join(words[:7] + extra), " ".join(words[:8] + extra)]
    fp = content_fingerprints(texts)
    sims = similarity(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    assert SCORING.min_shared == 8
    assert sims[0] == 0.0 and sims[1] > 0.0


def test_floor_skips_only_rows_that_cannot_pass(rng: random.Random) -> None:
    texts = [make_article(rng, k) for k in range(6)]
    fp = content_fingerprints(texts)
    full = similarity(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights)
    floored = similarity(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights, floor=0.3)
    passing = full >= 0.3
    assert (floored[passing] == full[passing]).all()
    assert (floored[~passing] < 0.3).all()


V3 = dataclasses.replace(DEFAULT_SPEC, content="content-v3", content_perm=192)


def test_v2_minhash_covers_every_kept_stem_v3_only_the_rare_ones() -> None:
    hashes = np.array([[5, 6, 7, 0], [8, 9, 0, 0]], dtype=np.uint32)
    weights = np.array([[6, 1, 3, 0], [2, 1, 0, 0]], dtype=np.uint8)
    v2 = dataclasses.replace(DEFAULT_SPEC, content="content-v2")
    assert (candidate_stems(hashes, None, v2) == hashes).all()
    # row 0 keeps its stems of rarity >= 3; row 1 has none, so it keeps them all
    assert candidate_stems(hashes, weights, V3).tolist() == [[5, 0, 7, 0], [8, 9, 0, 0]]
    with pytest.raises(ValueError, match="weights"):
        candidate_stems(hashes, None, V3)
    with pytest.raises(ValueError, match="recipe"):
        candidate_stems(hashes, weights, dataclasses.replace(DEFAULT_SPEC, content="content-v9"))


def test_v3_signature_ignores_common_stems(rng: random.Random) -> None:
    """Under content-v3 two texts that differ only in common words get the same MinHash."""
    rare = " ".join(_rare_words(20))
    a = f"{rare} people year time"
    b = f"{rare} world week good"
    fp = content_fingerprints([a, b], V3)
    assert fp.signatures.shape == (2, 192)
    assert (fp.signatures[0] == fp.signatures[1]).all()
    fp2 = content_fingerprints([a, b], dataclasses.replace(DEFAULT_SPEC, content="content-v2"))
    assert (fp2.signatures[0] != fp2.signatures[1]).any()


def test_signatures_rebuilt_from_stored_columns_match(rng: random.Random) -> None:
    """An index rebuilds rewrite MinHashes from stored ids and weights: same values as at add."""
    texts = [make_article(rng, k) for k in (1, 3, 8, 14)] + ["", "the and of"]
    for spec in (V3, dataclasses.replace(DEFAULT_SPEC, content="content-v2")):
        fp = content_fingerprints(texts, spec)
        again = content_signatures(fp.hashes, spec, fp.weights)
        assert (again == fp.signatures).all()

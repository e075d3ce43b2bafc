from __future__ import annotations

import random

from newsqual.dedup.content import content_fingerprints, content_words, cosine, similarity
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


def test_reordered_facts_score_below_kept_order(rng: random.Random) -> None:
    """Same stems, shuffled order: cosine cannot tell, the order-aware similarity can."""
    words = [f"{c}{c}zorvath" for c in "abcdefghijklmnop"]  # 16 distinct rare stems
    shuffled = words[:]
    rng.shuffle(shuffled)
    fp = content_fingerprints([" ".join(words), " ".join(words), " ".join(shuffled)])
    cos = cosine(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    sims = similarity(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])
    assert abs(cos[0] - cos[1]) < 1e-6
    assert abs(sims[0] - 1.0) < 1e-5
    assert sims[1] < 0.9 * sims[0]
    assert (sims <= cos + 1e-6).all()


def test_floor_skips_only_rows_that_cannot_pass(rng: random.Random) -> None:
    texts = [make_article(rng, k) for k in range(6)]
    fp = content_fingerprints(texts)
    full = similarity(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights)
    floored = similarity(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights, floor=0.3)
    passing = full >= 0.3
    assert (floored[passing] == full[passing]).all()
    assert (floored[~passing] < 0.3).all()

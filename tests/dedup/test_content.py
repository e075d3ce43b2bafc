from __future__ import annotations

import random

from newsqual.dedup.content import content_fingerprints, content_words, cosine
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

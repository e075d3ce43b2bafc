from __future__ import annotations

import random
from datetime import datetime, timezone

import numpy as np
import pytest

from newsqual.dedup.index import DuplicateIndex, fingerprint
from newsqual.dedup.minhash import jaccard_estimate
from tests.dedup.conftest import make_article


def syndicate(text: str, rng: random.Random) -> str:
    """A reposted copy: another header and footer, two words changed."""
    words = text.split()
    for _ in range(2):
        words[rng.randrange(len(words))] = "reportedly"
    return (
        "Home > World > Europe\nBy Staff Writer\n"
        + " ".join(words)
        + "\nShare this article\nComments (3)"
    )


@pytest.fixture
def corpus(rng: random.Random) -> list[str]:
    return [make_article(rng) for _ in range(60)]


def test_finds_copies_and_nothing_else(corpus: list[str], rng: random.Random) -> None:
    index = DuplicateIndex(rewrites=False)
    index.add_many([(f"d{i}", t) for i, t in enumerate(corpus)])
    for i in range(0, 60, 7):
        matches = index.query(syndicate(corpus[i], rng))
        assert [m.id for m in matches][:1] == [f"d{i}"]
        assert matches[0].relation == "copy"


def test_no_copy_below_threshold(corpus: list[str]) -> None:
    index = DuplicateIndex(rewrites=False)
    index.add_many([(f"d{i}", t) for i, t in enumerate(corpus)])
    fps = fingerprint(corpus)
    for text in corpus:
        for m in index.query(text[len(text) // 3 :]):
            j = int(m.id[1:])
            assert m.similarity >= index.copy_threshold
            est = float(
                jaccard_estimate(fingerprint([text[len(text) // 3 :]]).copy_sig[0], fps.copy_sig[j])
            )
            assert est == pytest.approx(m.similarity, abs=1e-3)


def test_rewrite_is_found_as_rewrite() -> None:
    index = DuplicateIndex()
    original = (
        "Firefighters in Staverton battled a blaze at the Okonkwo textile warehouse for 14 hours; "
        "the inferno destroyed 3,000 bales of cotton and forced 220 residents of Marrowfield Lane "
        "from their homes, the county fire chief Amelia Lindqvist said."
    )
    index.add("orig", original)
    index.add("other", "The central bank left interest rates unchanged at 4.5 percent on Thursday.")
    rewrite = (
        "A fire at the Okonkwo textile warehouse in Staverton took crews 14 hours to put out. "
        "It burned 3,000 bales of cotton and drove 220 people on Marrowfield Lane out of their "
        "houses, county "
        "fire chief Amelia Lindqvist explained."
    )
    matches = index.query(rewrite)
    assert [(m.id, m.relation) for m in matches] == [("orig", "rewrite")]


def test_remove_replace_contains_len(corpus: list[str]) -> None:
    index = DuplicateIndex()
    index.add("a", corpus[0])
    index.add("b", corpus[1])
    assert "a" in index and len(index) == 2
    index.remove("a")
    assert "a" not in index and len(index) == 1
    assert all(m.id != "a" for m in index.query(corpus[0]))
    index.add("b", corpus[2])  # same id again: replaced
    assert len(index) == 1
    assert [m.id for m in index.query(corpus[2])] == ["b"]
    assert [m for m in index.query(corpus[1]) if m.relation == "copy"] == []  # old text of "b" gone
    with pytest.raises(KeyError):
        index.remove("missing")


def test_evict_drops_entries_older_than_the_window(corpus: list[str]) -> None:
    index = DuplicateIndex(window_days=2)
    day = 86400.0
    index.add("old", corpus[0], timestamp=0.0)
    index.add("new", corpus[1], timestamp=datetime.fromtimestamp(3 * day, tz=timezone.utc))
    assert index.evict(now=4 * day) == 1
    assert "old" not in index and "new" in index
    assert DuplicateIndex().evict() == 0  # no window, nothing to drop


def test_many_adds_merge_into_the_sorted_tables(rng: random.Random) -> None:
    texts = [make_article(rng, 4) for _ in range(5000)]
    index = DuplicateIndex(rewrites=False)
    for start in range(0, 5000, 500):
        index.add_many([(f"d{i}", texts[i]) for i in range(start, start + 500)])
    assert index._copy_table.pending_count < 5000  # merged at least once
    hits = [index.query(texts[i])[0].id for i in (0, 1234, 4999)]
    assert hits == ["d0", "d1234", "d4999"]
    assert np.all(index._alive[: len(index)])


def test_open_with_a_path_gives_a_directory_index(tmp_path, rng: random.Random) -> None:
    index = DuplicateIndex.open(str(tmp_path / "h"))
    assert isinstance(index, DuplicateIndex)
    text = make_article(rng)
    index.add("a", text)
    index.close()
    assert DuplicateIndex.open(str(tmp_path / "h")).query(text)[0].id == "a"

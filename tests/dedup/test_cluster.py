from __future__ import annotations

import random

import pytest

from newsqual.dedup.cluster import cluster
from tests.dedup.conftest import make_article


def _docs(rng: random.Random) -> list[tuple[str, str]]:
    a, b = make_article(rng), make_article(rng)
    return [
        ("z-copy", "Breaking | Our site\n" + a + "\nRead more"),
        ("b", b),
        ("a", a),
        ("m-copy", a + " Comments are closed."),
    ]


def test_one_membership_per_doc_in_input_order(rng: random.Random) -> None:
    docs = _docs(rng)
    out = cluster(docs, rewrite_threshold=1.1)  # copies only
    assert [m.id for m in out] == ["z-copy", "b", "a", "m-copy"]
    by_id = {m.id: m for m in out}
    assert by_id["b"].role == "original" and by_id["b"].keeper == "b" and by_id["b"].cluster == "b"
    assert {by_id[i].keeper for i in ("z-copy", "a", "m-copy")} == {
        "a"
    }  # no times, no scores: by id
    assert by_id["a"].role == "original" and by_id["m-copy"].role == "copy"
    assert by_id["m-copy"].similarity > 0.5


def test_keeper_is_earliest_then_best_score(rng: random.Random) -> None:
    docs = _docs(rng)
    by_time = {
        m.id: m for m in cluster(docs, timestamps={"m-copy": 1.0, "a": 5.0}, rewrite_threshold=1.1)
    }
    assert by_time["a"].keeper == "m-copy" and by_time["m-copy"].role == "original"
    by_score = {
        m.id: m for m in cluster(docs, scores={"z-copy": 0.9, "a": 0.2}, rewrite_threshold=1.1)
    }
    assert by_score["a"].keeper == "z-copy" and by_score["a"].role == "copy"


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        cluster([("x", "one"), ("x", "two")])


def test_empty_batch() -> None:
    assert cluster([]) == []

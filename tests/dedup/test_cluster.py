from __future__ import annotations

import random

import pytest

from newsqual.dedup.cluster import cluster
from newsqual.dedup.content import RewriteScoring, similarity
from newsqual.dedup.index import REWRITE_THRESHOLD, fingerprint
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


# Written for this test: one story, a rephrasing of it, and another story on the same topic.
_STORY = (
    "Floodwater forced the evacuation of 340 homes in Kelmouth on Sunday after the River Tavy "
    "burst its banks. Mayor Ines Okafor said the new flood barrier at Pennock Quay held, but "
    "pumps at the Harwell depot failed overnight. Engineers expect the water to recede by "
    "Wednesday; the council has opened the Brackley leisure centre as a shelter."
)
_REPHRASED = (
    "On Sunday some 340 households in Kelmouth had to leave when the Tavy overflowed. According "
    "to mayor Ines Okafor, the recently built barrier at Pennock Quay withstood the surge, though "
    "the Harwell depot's pumps broke down during the night. Engineers think levels will drop by "
    "Wednesday, and the Brackley leisure centre is serving as an emergency shelter."
)
_SAME_TOPIC = (
    "Parking charges will rise by 20 pence next month, the council decided on Tuesday. Shop "
    "owners on Market Street fear fewer visitors at weekends. The extra income pays for a bus "
    "shelter outside the library and footpaths along the Tavy, mayor Ines Okafor told reporters "
    "at the town hall in Kelmouth."
)


def test_a_rephrasing_joins_the_story_and_a_same_topic_story_does_not() -> None:
    out = {
        m.id: m
        for m in cluster(
            [("story", _STORY), ("rephrased", _REPHRASED), ("other", _SAME_TOPIC)],
            timestamps={"story": 1.0, "rephrased": 2.0, "other": 3.0},
        )
    }
    assert out["rephrased"].role == "rewrite" and out["rephrased"].keeper == "story"
    assert out["rephrased"].similarity >= REWRITE_THRESHOLD
    assert out["other"].role == "original" and out["other"].cluster == "other"
    # Not by luck of the LSH: the same-topic story scores below the threshold, even without the
    # minimum of shared stems, because its names come in another order.
    fp = fingerprint([_STORY, _SAME_TOPIC])
    score = similarity(fp.content_hash[0], fp.content_weight[0], fp.content_hash[1:],
                       fp.content_weight[1:], scoring=RewriteScoring(min_shared=0))
    assert score[0] < REWRITE_THRESHOLD

"""Tests for newsqual/detectors/consistency.py: name drift and headline contradictions, with the
legitimate cases news is full of (former holders, several countries' ministers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsqual.detectors import consistency
from newsqual.document import Document

Example = Callable[[str], str]

#: A long clean news article written for these tests (see clean_article.txt: abbreviations,
#: numbers, URLs, brand names, plural names, two holders of one office marked "former").
CLEAN_ARTICLE = (Path(__file__).with_name("clean_article.txt")).read_text(encoding="utf-8")

RULES = {r.kind: r for r in consistency.RULES}


def hits(kind: str, text: str) -> list[tuple[int, int, str]]:
    doc = Document.from_text(text)
    out = RULES[kind].detect(doc)
    for f in out:
        assert doc.text[f.start:f.end] == f.evidence and f.family == "consistency"
    return [(f.start, f.end, f.message) for f in out]


DRIFT = (
    "Ministers Meet in Geneva\r\n\r\n"
    "Ruritanian Foreign Minister Anna Kovac arrived in Geneva on Monday for border talks.\r\n"
    "Officials said the talks were friendly and would continue for two more days.\r\n"
    "On Wednesday, Ruritania's foreign minister, Petar Horvat, said a deal was close.\r\n"
    "Ruritanian Foreign Minister Anna Kovac later thanked the hosts for their help.\r\n"
)


def test_name_drift_flags_the_later_conflicting_mention_only() -> None:
    got = hits("name_drift", DRIFT)
    start = DRIFT.index("Ruritania's foreign minister, Petar Horvat")
    assert [(s, e) for s, e, _ in got] == [(start, start + len("Ruritania's foreign minister, "
                                                               "Petar Horvat"))]
    message = got[0][2]
    assert "Anna Kovac" in message and "Petar Horvat" in message


@pytest.mark.parametrize("text", [
    # a former holder, marked as such
    "Ruritanian Foreign Minister Anna Kovac met her predecessor, Ruritanian Foreign Minister "
    "Petar Horvat, on Monday to discuss the handover in the capital.",
    "Ruritanian Foreign Minister Anna Kovac spoke on Monday. Former Ruritanian Foreign Minister "
    "Petar Horvat, who held the job until 2020, also spoke to reporters.",
    # surname only, and a transliteration variant
    "Ruritanian Prime Minister Anna Kovac said on Monday that the budget was final. "
    "Ruritanian Prime Minister Kovac added that taxes would not rise this year.",
    "Ruritanian Prime Minister Anna Kovac said on Monday that the budget was final. "
    "Ruritanian Prime Minister Ana Kovač added that taxes would not rise this year.",
    # different countries, different companies
    "Canadian Prime Minister Mark Carney and British Prime Minister Keir Starmer met in London "
    "on Monday to discuss trade and security.",
    "Acme CEO Jane Smith and Globex CEO John Doe announced the merger on Friday in a joint call "
    "with analysts and investors.",
])
def test_name_drift_allows_legitimate_multiple_holders(text: str) -> None:
    assert hits("name_drift", text) == []


def test_same_person_and_qualifiers() -> None:
    assert consistency.same_person(("vladimir", "putin"), ("putin",))
    assert not consistency.same_person(("faisal", "mekdad"), ("faisal", "sharaa"))
    assert consistency.same_qualifier(consistency._qualifier_key("Syria's"),
                                      consistency._qualifier_key("Syrian"))
    assert not consistency.same_qualifier(consistency._qualifier_key("Austrian"),
                                          consistency._qualifier_key("Australian"))


def test_headline_contradiction_flags_the_headline() -> None:
    text = ("Ruritanian Foreign Minister Petar Horvat Visits Geneva\n\n"
            "Ruritanian Foreign Minister Anna Kovac arrived in Geneva on Monday for talks, "
            "officials said.\n")
    got = hits("headline_contradiction", text)
    headline = text.split("\n", 1)[0]
    assert [(s, e) for s, e, _ in got] == [(0, len(headline))]
    agree = text.replace("Petar Horvat", "Kovac", 1)
    assert hits("headline_contradiction", agree) == []


def test_clean_article_gets_no_consistency_flags() -> None:
    doc = Document.from_text(CLEAN_ARTICLE)
    assert [f for r in consistency.RULES for f in r.detect(doc)] == []


def test_example_001_foreign_minister_drift(founding_example: Example) -> None:
    doc = Document.from_text(founding_example("001"))
    flags = RULES["name_drift"].detect(doc)
    assert len(flags) >= 2
    assert all("foreign minister" in f.message for f in flags)
    assert len({f.evidence for f in flags}) >= 2  # at least two different wrong names


def test_consistency_rules_silent_on_reliable_news() -> None:
    try:
        from benchmarks._data import SkipError, iter_records
        records = list(iter_records(labels=["reliable"]))
    except (ImportError, SkipError) as exc:  # type: ignore[misc]
        pytest.skip(str(exc))
    for rule in consistency.RULES:
        fired = sum(1 for r in records if rule.detect(Document.from_text(r["text"])))
        assert fired / len(records) <= 0.01, f"{rule.kind} fired on {fired} reliable articles"

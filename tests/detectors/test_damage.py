"""Tests for newsqual/detectors/damage.py: exact spans on multi-line documents, a long clean
article, the founding examples (by structure), and flag rates on clean reliable news."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.detectors import damage
from newsqual.document import Document

Example = Callable[[str], str]

#: A long clean news article written for these tests (see clean_article.txt: abbreviations,
#: numbers, URLs, brand names, plural names, two holders of one office marked "former").
CLEAN_ARTICLE = (Path(__file__).with_name("clean_article.txt")).read_text(encoding="utf-8")

RULES = {r.kind: r for r in damage.RULES}


def evidence(kind: str, text: str) -> list[str]:
    doc = Document.from_text(text)
    flags = RULES[kind].detect(doc)
    for f in flags:
        assert doc.text[f.start:f.end] == f.evidence
        assert f.family == "damage"
    return [f.evidence for f in flags]


def spans(kind: str, text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in RULES[kind].detect(Document.from_text(text))]


def test_missing_space_spans_on_crlf_text() -> None:
    text = ("Headline\r\n\r\nTalks covered trade,energy and aid.\r\n"
            "It ended in the Gulf.Officials left.\r\n")
    got = spans("missing_space_after_punct", text)
    a = text.index("trade,energy")
    b = text.index("Gulf.Officials")
    assert got == [(a, a + len("trade,energy")), (b, b + len("Gulf.Officials"))]


@pytest.mark.parametrize("text", [
    "Revenue was 1,250,000 dollars, up 3.5% at 9 a.m. in the U.S. and U.K. markets.",
    "See https://example.com/a,b.Html and news.Example.org, or mail desk@paper.co.uk today.",
    "The author J.R.R. Tolkien and Washington, D.C. officials met Dr. Lee, Ph.D.",
])
def test_missing_space_ignores_numbers_urls_initials(text: str) -> None:
    assert evidence("missing_space_after_punct", text) == []


def test_lowercase_sentence_start_after_period_and_paragraph() -> None:
    text = ("The vote was held on Monday. the result surprised many.\n\n"
            "the new rules will take effect next year, officials said on Tuesday.\n")
    got = spans("lowercase_sentence_start", text)
    first = text.index("the result")
    second = text.index("the new rules")
    assert got == [(first, first + 3), (second, second + 3)]


def test_lowercase_paragraph_after_heading_but_not_after_a_broken_sentence() -> None:
    heading = "Looking Back\n\nthe council had voted against the plan twice before this year.\n"
    assert evidence("lowercase_sentence_start", heading) == ["the"]
    broken = ("The mayor said the\n\nADVERTISEMENT\n\n"
              "plan would cost the city far more than it had expected to pay.\n")
    assert evidence("lowercase_sentence_start", broken) == []


@pytest.mark.parametrize("text", [
    "Shares in Acme Inc. rose. Costs, labour etc. are rising. Prices fell vs. last year.",
    "He left at 5 p.m. sharp... and she followed.",
    "The firm makes the iPhone case. eBay sells it. iPads too.",
    "Key points:\nthe budget is balanced and the deficit is gone for good now\n",
    "Visit riverton.gov. residents can sign up there.",
])
def test_lowercase_sentence_start_allows_abbreviations_brands_lists(text: str) -> None:
    assert evidence("lowercase_sentence_start", text) == []


def test_lowercased_proper_noun_needs_the_capitalised_form_in_prose() -> None:
    text = ("Officials in Moscow said Russia would keep its bases and that President Vladimir "
            "Putin met envoys, adding that Putin wanted calm.\n\n"
            "Analysts said russia had few options and that Vladimir putin would decide soon.\n")
    got = evidence("lowercased_proper_noun", text)
    assert got == ["russia", "putin"]
    # Without the capitalised, mid-sentence forms there is no evidence that these are names.
    only_lower = "Analysts said russia had few options and that vladimir putin would decide soon."
    assert evidence("lowercased_proper_noun", only_lower) == []


def test_lowercased_proper_noun_from_possessive_names() -> None:
    # A name written as "Kovac's" and used alone three times; one lowercase slip is evidence.
    text = ("Critics of Kovac's plan met on Monday, and aides to Kovac said the talks with "
            "Kovac would go on while supporters of Kovac stayed away.\n"
            "Observers said the kovac government had little time left before the vote.\n")
    assert evidence("lowercased_proper_noun", text) == ["kovac"]
    # An ordinary word that a brand also uses ("the Plate's design ... your plate") is written
    # lowercase more than once, so it is not a slip.
    brand = text.replace("kovac government", "kovac government and the kovac era")
    assert evidence("lowercased_proper_noun", brand) == []


def test_lowercased_proper_noun_ignores_title_case_headlines() -> None:
    text = ("Storm Hits Coast As Power Fails Across The Region Tonight\n\n"
            "A storm hit the coast on Monday and power failed in the region for hours.\n")
    assert evidence("lowercased_proper_noun", text) == []


def test_stripped_apostrophe_place_and_possessive_evidence() -> None:
    text = ("Related\n\nFrost Damages Polands Apple Harvest\n\n"
            "Acme's profits rose, and buyers said goods made by Acme sold well this year.\n\n"
            "Related: Acmes Shares Fall After Warning\n")
    assert evidence("stripped_apostrophe", text) == ["Polands", "Acmes"]


@pytest.mark.parametrize("text", [
    "The Philippines and the Netherlands sent aid, as did the Bahamas.",
    "Democrats and Republicans met Americans from both Koreas.",
    "The Games ended. Presidents Day is a holiday. Texas beat Kansas 3-1.",
])
def test_stripped_apostrophe_ignores_plurals_and_s_names(text: str) -> None:
    assert evidence("stripped_apostrophe", text) == []


def test_mojibake_replacement_and_entities_spans() -> None:
    text = "Le cafÃ© est ouvert.\nMarket\ufffd\ufffds fell.\nAT&amp;T&#8217;s deal\n"
    assert evidence("mojibake", text) == ["fÃ©"]
    assert evidence("replacement_char", text) == ["\ufffd\ufffd"]
    assert evidence("html_entity", text) == ["&amp;", "&#8217;"]
    assert evidence("html_entity", "Made by AT&T; R&D rose &c.") == []


def test_flattened_table_spans_the_run_only() -> None:
    intro = "Prices in the region rose again this month, officials said on Friday."
    table = "Item\nPrice\nChange\n\nBread\n2.10\nUp\n\nMilk\n1.05\nDown\n\nEggs\n3.40\nFlat"
    text = f"{intro}\n\n{table}\n\nThe figures will be updated next month."
    start = text.index("Item")
    assert spans("flattened_table", text) == [(start, start + len(table))]


def test_clean_article_gets_no_damage_flags() -> None:
    for text in (CLEAN_ARTICLE, CLEAN_ARTICLE.replace("\n", "\r\n")):
        doc = Document.from_text(text)
        flags = [f for r in damage.RULES for f in r.detect(doc)]
        assert flags == [], [(f.kind, f.evidence) for f in flags]


# --- the founding examples (read from ../shared, never copied) -----------------------------------

def test_example_001_damage(founding_example: Example) -> None:
    doc = Document.from_text(founding_example("001"))
    glued = RULES["missing_space_after_punct"].detect(doc)
    assert len(glued) >= 5
    assert all(re.fullmatch(r"[A-Za-z]+[,.;:!?][A-Za-z]+", f.evidence) for f in glued)
    starts = RULES["lowercase_sentence_start"].detect(doc)
    assert len(starts) >= 2 and all(f.evidence.islower() for f in starts)
    names = RULES["lowercased_proper_noun"].detect(doc)
    lowered = {f.evidence for f in names}
    assert len(lowered) >= 3
    for word in lowered:  # each one is capitalised elsewhere in the same text
        assert word.islower() and word.capitalize() in doc.text
    assert RULES["flattened_table"].detect(doc)


def test_example_004_stripped_apostrophes(founding_example: Example) -> None:
    doc = Document.from_text(founding_example("004"))
    flags = RULES["stripped_apostrophe"].detect(doc)
    assert len(flags) >= 2
    assert all(re.fullmatch(r"[A-Z][a-z]+s", f.evidence) for f in flags)


# --- false positives on clean news ----------------------------------------------------------

def test_damage_rules_rarely_fire_on_reliable_news() -> None:
    try:
        from benchmarks._data import SkipError, iter_records
        records = list(iter_records(labels=["reliable"]))
    except (ImportError, SkipError) as exc:
        pytest.skip(str(exc))
    docs = [Document.from_text(r["text"]) for r in records]
    for rule in damage.RULES:
        rate = sum(1 for d in docs if rule.detect(d)) / len(docs)
        # missing spaces and lowercase starts are real damage in some scraped "reliable" texts
        # (embedded tweets, stripped links); everything else must stay near zero.
        noisy = {"missing_space_after_punct", "lowercase_sentence_start"}
        bound = 0.03 if rule.kind in noisy else 0.01
        assert rate <= bound, f"{rule.kind} fires on {rate:.1%} of reliable articles"


# --- helpers added for precision and speed --------------------------------------------------------

#: Pieces from which hypothesis builds texts that hit the glued-word and lowercase-start patterns
#: at their edges: words, punctuation, abbreviations, URLs, non-ASCII letters, digits, newlines.
_PIECES = st.sampled_from(["a", "Zq", "the", "this", "As ", "I ", ". ", ".", ",", ";", "?", "!",
                           " ", "\t", "\n", "é", "1", "-", "@", "www.", "e.g.", "word",
                           "Minister", "a" * 70])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_trigger_point_matching_equals_a_full_scan(text: str) -> None:
    """The trigger-point search finds exactly the matches a full ``finditer`` finds."""
    for trigger, pattern in ((damage._GLUE_POINT_RE, damage._GLUED_RE),
                             (damage._PERIOD_LOWER_RE, damage._LOWER_START_RE),
                             (damage._GLUE_POINT_RE, damage._GLUED_LOWER_START_RE)):
        full = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        fast = [(m.span(), m.groups())
                for m in damage._matches_ending_at(text, trigger, 0, pattern)]
        assert fast == full


@pytest.mark.parametrize(("text", "word", "inside"), [
    ("slogans like “Love Trumps Hate” on signs", "Trumps", True),
    ("the word for 'little page,' he said", "page", True),
    ('He called it "a small step" and left.', "small", True),
    ("“The talks with russia went on for hours and ended late,” he said", "russia", False),
    ("Analysts said russia wants bases. “Yes,” he said.", "russia", False),
    ("Russia’s envoy said russia would stay", "russia", False),
])
def test_in_short_quote(text: str, word: str, inside: bool) -> None:
    start = text.index(word)
    assert damage.in_short_quote(text, start, start + len(word)) is inside


def test_in_social_post_needs_an_attribution_on_the_same_line() -> None:
    post = "so drake and taylor are dating - danny (@dannyedge) October 28, 2016"
    assert damage.in_social_post(post, post.index("taylor"))
    split = "so drake and taylor are dating\n- danny (@dannyedge) October 28, 2016"
    assert not damage.in_social_post(split, split.index("taylor"))
    far = "taylor spoke. " + "x " * 200 + "- danny (@dannyedge) October 28, 2016"
    assert not damage.in_social_post(far, 0)


def test_lowercase_starts_inside_an_embedded_post_are_left_alone() -> None:
    text = ("Fans shared the clip widely. jane fonda just shutting down the host pic.twitter.com/x "
            "— steph (@stephdubois) September 27, 2017. The host replied on Tuesday.")
    assert evidence("lowercase_sentence_start", text) == []
    damaged = "Fans shared the clip widely. the host replied on Tuesday."
    assert evidence("lowercase_sentence_start", damaged) == ["the"]


def test_prose_lines_and_name_counts_are_computed_once_per_document() -> None:
    doc = Document.from_text("Officials said Putin met envoys in Moscow on Monday and left.")
    assert damage.prose_lines(doc) is damage.prose_lines(doc)
    assert damage.isolated_names(doc) is damage.isolated_names(doc)
    assert damage.isolated_names(doc)["Putin"] == 1

"""Naive rendering and the content/chrome labelling used for training and the benchmark."""

from __future__ import annotations

import pytest

from newsqual.linemodel.data import (
    iter_page_rows,
    label_lines,
    label_lines_v1,
    label_lines_v2,
    load_page,
    naive_text,
    tokens,
    wcxb_dir,
)

HTML = """<html><head><title>Bridge to reopen | Example News</title><style>p{}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Bridge to reopen in spring</h1>
<p>The river bridge will reopen to traffic in the spring, the city's roads department said on
Friday, after repairs that took <b>almost two years</b>.</p>
<p>Home owners near the bridge said the detour had doubled their journeys.</p>
<ul><li>Weight limit</li><li>Speed limit</li></ul></article>
<footer><p>Home | Contact | Privacy policy</p><p>© 2024 Example News</p></footer></body></html>"""
MAIN = ("The river bridge will reopen to traffic in the spring, the city's roads department said "
        "on Friday, after repairs that took almost two years.\n\nHome owners near the bridge said "
        "the detour had doubled their journeys.\n\nWeight limit\nSpeed limit")


def test_naive_rendering_keeps_every_block_on_its_own_line() -> None:
    lines = naive_text(HTML).splitlines()
    assert lines[:2] == ["Home", "World"]
    assert "Bridge to reopen in spring" in lines
    assert any(s.startswith("The river bridge") and s.endswith("two years.") for s in lines)
    assert "p{}" not in naive_text(HTML)


def test_labels_follow_the_main_content_and_its_position() -> None:
    lines = [s for s in naive_text(HTML).splitlines() if s.strip()]
    labels = dict(zip(lines, label_lines(lines, MAIN, title="Bridge to reopen in spring"),
                      strict=True))
    assert labels["Home"] == 1  # in the menu, although "home" occurs in the article
    assert labels["World"] == 1
    assert labels["Bridge to reopen in spring"] == 0  # the headline
    assert labels["Weight limit"] == 0 and labels["Speed limit"] == 0  # short, but in place
    assert labels["Home | Contact | Privacy policy"] == 1
    assert labels["© 2024 Example News"] == 1
    assert all(v == 0 for k, v in labels.items() if k.startswith(("The river", "Home owners")))


def test_both_labellers_follow_the_main_content_on_a_simple_page() -> None:
    lines = [s for s in naive_text(HTML).splitlines() if s.strip()]
    title = "Bridge to reopen in spring"
    assert label_lines(lines, MAIN, title, "v1") == label_lines_v1(lines, MAIN, title)
    assert label_lines(lines, MAIN, title, "v2") == label_lines_v2(lines, MAIN, title)
    assert label_lines_v1(lines, MAIN, title) == label_lines_v2(lines, MAIN, title)
    with pytest.raises(ValueError, match="labeller"):
        label_lines(lines, MAIN, title, "v3")


FEES = "Fees rose by a third in two years, the council said on Monday."
TICKETS = "Tickets now cost four pounds for adults and two for children."
PRICES = "The new prices apply from April, the council said on Monday."
REFERENCE = "\n".join([FEES, TICKETS, PRICES])


def test_v2_claims_each_stretch_of_the_reference_once() -> None:
    intro = "The council set out the changes to fares for the coming year on Monday."
    reference = "\n".join([intro, "Costs", TICKETS, "Timing", PRICES])
    # a table of contents repeating the subheadings, then the sections themselves
    page = [intro, "Costs", "Timing", "Costs", TICKETS, "Timing", PRICES]
    assert label_lines_v2(page, reference) == [0, 1, 1, 0, 0, 0, 0]
    # v1 called the first "Costs" content too: the reference holds it once (intended change)
    assert label_lines_v1(page, reference)[1] == 0


def test_v2_places_short_lines_where_their_neighbours_place_them() -> None:
    cells = ["Adults", "4", "Children", "2", "Seniors", "3", "Students", "3", "Families", "10",
             "Groups", "25"]
    reference = "\n".join([FEES, TICKETS, *cells, PRICES])
    page = ["Home", FEES, TICKETS, *cells, PRICES, "Share"]
    assert label_lines_v2(page, reference) == [1] + [0] * (len(page) - 2) + [1]
    # v1 lost the last cells: the long line below them shares "the council said on Monday"
    # with the first paragraph, which pulled its anchor back (intended change)
    assert 1 in label_lines_v1(page, reference)[3:-2]


def test_v2_counts_a_headline_the_reference_lacks_once() -> None:
    page = ["Latest", "Bridge to reopen in spring", "Bridge to reopen in spring",
            "Fees rose by a third in two years, the council said on Monday.",
            "More stories", "Bridge to reopen in spring"]
    labels = label_lines_v2(page, REFERENCE, title="Bridge to reopen in spring")
    assert labels == [1, 1, 0, 0, 1, 1]
    # v1 counted every copy of the headline as content, a "more stories" link included
    assert label_lines_v1(page, REFERENCE, title="Bridge to reopen in spring") == [1, 0, 0, 0, 1, 0]


def test_v2_matches_a_long_line_with_a_word_changed() -> None:
    page = ["Menu", "Fees rose by a third in two years 9, the council said on Monday.", "Share"]
    # the footnote mark "9" is not in the reference
    assert label_lines_v2(page, REFERENCE) == [1, 0, 1]


def test_lines_without_words_are_not_labelled() -> None:
    assert label_lines(["* * *", "|"], "Some text here.") == [None, None]
    assert label_lines_v2(["* * *", "|"], "Some text here.") == [None, None]


def test_tokens_ignore_case_quotes_and_punctuation() -> None:
    assert tokens("City’s “Roads”") == tokens("city's roads")


def test_real_pages_load_when_the_shared_data_is_there() -> None:
    if not (wcxb_dir() / "pages.jsonl").is_file():
        pytest.skip("../shared/data/boilerplate/wcxb is absent")
    page = load_page(next(iter_page_rows(page_type="article")))
    assert len(page.lines) == len(page.labels) == len(page.spans)
    assert 0 in page.labels and 1 in page.labels
    assert all(page.text[a:b] == s for (a, b), s in zip(page.spans, page.lines, strict=True))

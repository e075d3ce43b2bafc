"""Naive rendering and the content/chrome labelling used for training and the benchmark."""

from __future__ import annotations

import pytest

from newsqual.linemodel.data import (
    iter_page_rows,
    label_lines,
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


def test_lines_without_words_are_not_labelled() -> None:
    assert label_lines(["* * *", "|"], "Some text here.") == [None, None]


def test_tokens_ignore_case_quotes_and_punctuation() -> None:
    assert tokens("City’s “Roads”") == tokens("city's roads")


def test_real_pages_load_when_the_shared_data_is_there() -> None:
    if not (wcxb_dir() / "pages.jsonl").is_file():
        pytest.skip("../shared/data/boilerplate/wcxb is absent")
    page = load_page(next(iter_page_rows(page_type="article")))
    assert len(page.lines) == len(page.labels) == len(page.spans)
    assert 0 in page.labels and 1 in page.labels
    assert all(page.text[a:b] == s for (a, b), s in zip(page.spans, page.lines, strict=True))

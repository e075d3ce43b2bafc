"""The chrome_line rule on synthetic pages: menus and footers flagged, paragraphs left alone."""

from __future__ import annotations

import pytest

from newsqual.detectors.chrome_lines import MAX_LINES, MIN_LINES, RULES, find_chrome_lines
from newsqual.document import Document
from newsqual.linemodel.model import load_line_model

RULE = RULES[0]
MENU = ["Skip to main content", "Home", "UK", "World", "Business", "Politics", "Sport",
        "Sign in", "Search"]
ARTICLE = [
    "Train drivers to strike next month",
    "Train drivers at six rail companies will walk out for two days next month, their union "
    "said on Thursday, in a long-running dispute over pay and working hours.",
    "The union said talks had broken down after the companies refused to improve an offer it "
    "described as well below inflation.",
    "A spokesperson for the rail operators said the strike would cause disruption for "
    "passengers and urged the union to return to talks.",
    "Passengers were advised to check timetables before travelling.",
]
FOOTER = ["Share this story", "Facebook", "Twitter", "Email", "More on this story",
          "About us", "Contact", "Privacy policy", "Cookies", "Terms and conditions",
          "© 2024 Example Broadcasting Ltd"]


@pytest.fixture(autouse=True)
def _need_model() -> None:
    if load_line_model() is None:
        pytest.skip("no shipped chrome-line model (run python -m newsqual.linemodel.train)")


def _flagged_lines(text: str) -> set[str]:
    doc = Document.from_text(text)
    flags = RULE.detect(doc)
    for f in flags:
        assert doc.text[f.start:f.end] == f.evidence
        assert f.kind == "chrome_line" and f.family == "chrome" and f.severity == "low"
    return {line.text.strip() for f in flags for line in doc.lines
            if line.text.strip() and line.start >= f.start and line.end <= f.end}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\n\n"])
def test_menu_and_footer_are_flagged_not_the_paragraphs(newline: str) -> None:
    text = newline.join(MENU + ARTICLE + FOOTER)
    flagged = _flagged_lines(text)
    assert not flagged & set(ARTICLE[1:]), "article paragraphs must not be flagged"
    assert len(flagged & set(MENU)) >= len(MENU) - 2
    assert len(flagged & set(FOOTER)) >= len(FOOTER) - 2


def test_a_clean_article_alone_is_not_flagged() -> None:
    assert not _flagged_lines("\n\n".join(ARTICLE[1:] * 2))


def test_documents_without_line_structure_are_skipped() -> None:
    text = "\n".join(MENU[: MIN_LINES - 1])
    assert find_chrome_lines(Document.from_text(text)) == []
    assert find_chrome_lines(Document.from_text(" ".join(ARTICLE))) == []


def test_explicit_threshold_controls_recall() -> None:
    doc = Document.from_text("\n".join(MENU + ARTICLE + FOOTER))
    model = load_line_model()
    loose = find_chrome_lines(doc, model=model, threshold=0.05)
    strict = find_chrome_lines(doc, model=model, threshold=0.999)
    covered = lambda hits: sum(h.end - h.start for h in hits)  # noqa: E731
    assert covered(loose) >= covered(strict)


def test_documents_with_more_lines_than_any_page_are_left_alone() -> None:
    menu = "\n".join(MENU)
    many = "\n".join([menu] * (MAX_LINES // len(MENU) + 1))
    assert len(many.split("\n")) > MAX_LINES
    assert find_chrome_lines(Document.from_text(many)) == []
    assert find_chrome_lines(Document.from_text("\n".join([menu] * 3)))  # same lines, fewer

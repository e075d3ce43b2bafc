"""End-to-end tests of the `footers` family on multi-line documents and the founding examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsqual.detectors import footers
from newsqual.document import Document
from newsqual.judge import clean
from newsqual.report import Flag

DETECTOR = footers  # the module conftest's `flags_of` fixture runs
FLAG_OPTIONS = {"trimmed": True}  # footer evidence never carries surrounding spaces
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


CLEAN_STORY = """\
Council approves bridge repairs after years of delay

By Maria Lopez

Author: Maria Lopez
Date: Tuesday, March 4

The city council voted 7-2 on Tuesday to fund repairs to the Old Mill bridge. A source familiar
with the talks said the deal was close for weeks. Source: Reuters

The video of the vote drew 1.2 million views online. Her views on tax have not changed, she said.
Tags on the contractor's equipment showed it had been rented from a firm in Ohio.

The memoir that inspired the campaign was first published in 1962. The report, originally
published on Monday, was later corrected. The post office appeared first on the list of closures.
The witness paused... then said, "I don't know."

* * *

Copyright 2024 The Example Herald. All rights reserved.
"""


def test_long_clean_story_raises_no_footer_flags(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_STORY) == []


def test_scraper_trailer_lines_each_flagged_with_exact_span(flags_of: FlagsOf) -> None:
    text = ("Story body ends here.\r\n\r\n"
            "Source link : https://copy.example.net/world/story-1/\r\n"
            "Author : World Desk\r\n"
            "Publish date : 2024-11-03 08:15:00\r\n"
            "All content is copyright of its respective owners.\r\n"
            "The post Storm hits coast appeared first on Example Wire.\r\n")
    flags = flags_of(text)
    kinds = [f.kind for f in flags]
    assert kinds == ["scraper_source_line", "scraper_meta_line", "scraper_meta_line",
                     "syndication_copyright", "feed_footer"]
    assert all(not f.evidence.endswith("\r") for f in flags)
    assert {f.severity for f in flags if f.kind == "syndication_copyright"} == {"high"}


def test_clean_removes_the_source_line() -> None:
    # newsqual.judge.clean (the package attribute `newsqual.clean` is shadowed by the module
    # newsqual/clean.py once it is imported).
    assert clean("A sentence.\nSource link : https://example.com/x\n") == "A sentence.\n"


def test_view_counter_inside_a_meta_line_has_a_tight_span(flags_of: FlagsOf) -> None:
    text = "By Desk | 3 min read | 10.9k views | 2 comments\nBody."
    flags = flags_of(text)
    assert [f.evidence for f in flags] == ["10.9k views"]


def test_wire_disclaimer_and_republication_note(flags_of: FlagsOf) -> None:
    text = ("Body.\n(Except for the headline, this story has not been edited by Example staff and "
            "is published from a syndicated feed.)\n"
            "This article was originally published on The Example Review.\n")
    assert [f.kind for f in flags_of(text)] == ["autofeed_disclaimer", "originally_published"]


def test_founding_example_001_scraper_footer_structure(flags_of: FlagsOf,
                                                       founding_example: Example) -> None:
    text = founding_example("001")
    doc = Document.from_text(text)
    flags = flags_of(text)
    kinds = [f.kind for f in flags]
    assert kinds.count("scraper_source_line") == 1
    assert kinds.count("scraper_meta_line") == 2
    assert kinds.count("syndication_copyright") == 1
    # The first line is a category label; the last line starts with a run of dots.
    first = doc.nonblank_lines[0]
    last = doc.nonblank_lines[-1]
    assert any(f.kind == "tag_line" and f.start == first.start for f in flags)
    debris = [f for f in flags if f.kind == "punctuation_debris"]
    assert any(f.start == last.start for f in debris)
    # The source line is early in the document (scrapers put it under the headline).
    src = next(f for f in flags if f.kind == "scraper_source_line")
    assert doc.line_at(src.start).index < 10


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_other_founding_examples_have_no_scraper_footers(prefix: str, flags_of: FlagsOf,
                                                         founding_example: Example) -> None:
    assert flags_of(founding_example(prefix)) == []


def test_plain_colon_meta_block_only_at_the_end_with_two_labels(flags_of: FlagsOf) -> None:
    tail = "\n\nAuthor: Example-Wire\nSource: Example News Network\n"
    flags = [f for f in flags_of(CLEAN_STORY + tail) if f.kind == "scraper_meta_line"]
    assert [f.evidence for f in flags] == ["Author: Example-Wire", "Source: Example News Network"]
    same_label = "\n\nLanguage: Spanish\nLanguage: English\n"
    assert not [f for f in flags_of(CLEAN_STORY + same_label) if f.kind == "scraper_meta_line"]

"""End-to-end tests of the `consent` family on multi-line documents and the founding examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsqual.detectors import consent
from newsqual.document import Document
from newsqual.report import Flag

DETECTOR = consent  # the module conftest's `flags_of` fixture runs
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


CLEAN_COOKIE_LAW_STORY = """\
EU regulators tighten rules on cookie banners

BRUSSELS - European data regulators said on Thursday that websites must make it as easy to reject
cookies as to accept them, in guidance that could reshape the consent pop-ups seen across the web.

The EU cookie law requires sites to ask visitors before storing cookies on their devices. Regulators
found that one retailer's site uses cookies to track children without parental consent, and said
that "by continuing to browse" notices do not amount to valid consent.

Google said it would no longer phase out third-party cookies in Chrome. Advertisers want better ways
to measure advertising performance, an industry group said, and the IAB's consent framework has
been challenged in court.

Meanwhile Girl Scout cookie sales rose 4%. The union voted to accept the offer on Monday.
Read more about it in our report.
"""


def test_long_clean_story_about_cookie_law_raises_nothing(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_COOKIE_LAW_STORY) == []


def test_banner_line_and_button_line(flags_of: FlagsOf) -> None:
    text = ("The match ended 2-1.\n\n"
            "We use cookies to give you the best experience on our site. "
            "You can opt out if you wish.\n"
            "Accept All   Reject All   Cookie Settings\n")
    flags = flags_of(text)
    assert [f.kind for f in flags] == ["cookie_banner", "consent_buttons"]
    banner, buttons = flags
    assert banner.evidence.startswith("We use cookies") and banner.evidence.endswith("wish.")
    assert buttons.evidence == "Accept All   Reject All   Cookie Settings"
    assert buttons.severity == "low"


def test_buttons_trailing_a_banner_on_the_same_line(flags_of: FlagsOf) -> None:
    text = "Our site uses cookies to improve your visit. Cookie Settings Accept"
    flags = flags_of(text)
    buttons = [f for f in flags if f.kind == "consent_buttons"]
    assert [b.evidence for b in buttons] == ["Cookie Settings Accept"]
    assert any(f.kind == "cookie_banner" for f in flags)


def test_tcf_purpose_list(flags_of: FlagsOf) -> None:
    text = ("We and our partners process data to provide:\n"
            "Use precise geolocation data. Measure content performance.\n"
            "Develop and improve services\n")
    kinds = [f.kind for f in flags_of(text)]
    assert kinds.count("tcf_purpose") == 3
    assert "cookie_banner" in kinds


def test_founding_example_004_banner_and_buttons_on_its_last_line(
        flags_of: FlagsOf, founding_example: Example
) -> None:
    text = founding_example("004")
    doc = Document.from_text(text)
    last = doc.nonblank_lines[-1]
    flags = flags_of(text)
    banner = [f for f in flags if f.kind == "cookie_banner"]
    buttons = [f for f in flags if f.kind == "consent_buttons"]
    assert len(banner) == 1 and len(buttons) == 1
    assert last.start <= banner[0].start < buttons[0].start
    # The buttons are the tail of the banner line.
    assert buttons[0].end == last.start + len(last.text.rstrip())
    assert len(buttons[0].evidence.split()) <= 4


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_founding_examples_without_banners_raise_none(prefix: str, flags_of: FlagsOf,
                                                      founding_example: Example) -> None:
    assert flags_of(founding_example(prefix)) == []

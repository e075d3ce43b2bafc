"""Tests for newsqual/detectors/_rule.py: the shared finder building blocks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.detectors._rule import SOCIAL_ATTRIBUTION_RE, hint_line_spans
from newsqual.document import Document

_HINTS = ("nginx", "ray id", "ab")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["nginx", "NGINX", "ray id", "a", "b", "ab", " ", "\n", "\r\n",
                                 "İ", "x"]), max_size=30).map("".join))
def test_hint_line_spans_are_exactly_the_lines_holding_a_hint(text: str) -> None:
    doc = Document.from_text(text)
    spans = hint_line_spans(doc, _HINTS, lower=True)
    if len(doc.lower) != len(text):  # lower-casing moved offsets: the whole text, or nothing
        assert spans == ([(0, len(text))] if any(h in doc.lower for h in _HINTS) else [])
        return
    expected = [(ln.start, ln.end) for ln in doc.lines
                if any(h in ln.text.lower() for h in _HINTS)]
    assert spans == expected


def test_hint_line_spans_case_sensitive_by_default() -> None:
    doc = Document.from_text("502 Bad Gateway\nnothing\nNGINX")
    assert hint_line_spans(doc, ("nginx",)) == []
    assert hint_line_spans(doc, ("502 ",)) == [(0, 15)]


def test_social_attribution_shapes() -> None:
    assert SOCIAL_ATTRIBUTION_RE.match("— Donald J. Trump (@realDonaldTrump) December 27, 2016")
    assert SOCIAL_ATTRIBUTION_RE.search("dating - danny (@epDannyEdge) October 28, 2016")
    assert not SOCIAL_ATTRIBUTION_RE.search("He wrote to jane@example.com - and (she) replied")

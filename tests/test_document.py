"""`Document`: line spans, `line_at`, and the per-document helpers detectors share."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.document import Document

texts = st.text(alphabet="ab \r\n\u2028", max_size=40)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_lines_cover_the_text_without_line_breaks(text: str) -> None:
    doc = Document.from_text(text)
    for i, line in enumerate(doc.lines):
        assert line.index == i
        assert text[line.start:line.end] == line.text
        assert "\n" not in line.text
    assert "\n".join(text[ln.start:ln.end] + ("\r" if text.startswith("\r", ln.end) else "")
                     for ln in doc.lines) == text


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=-2, max_value=45))
def test_line_at_is_the_last_line_starting_at_or_before_offset(text: str, offset: int) -> None:
    doc = Document.from_text(text)
    expected = [ln for ln in doc.lines if ln.start <= offset] or doc.lines[:1]
    assert doc.line_at(offset) == expected[-1]


def test_memo_computes_once_per_document() -> None:
    calls: list[int] = []

    def count_words(d: Document) -> int:
        calls.append(1)
        return len(d.words)

    first, second = Document.from_text("one two"), Document.from_text("one two three")
    assert first.memo("n", count_words) == 2 and first.memo("n", count_words) == 2
    assert second.memo("n", count_words) == 3
    assert len(calls) == 2
    assert first == Document.from_text("one two")  # the store takes no part in equality


def test_lower_is_for_presence_tests() -> None:
    doc = Document.from_text("We Use COOKIES.")
    assert "cookies" in doc.lower and doc.text == "We Use COOKIES."

"""The `Document` every detector sees: the judged text, its lines with offsets, and markup hints."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from newsqual.decode import decode_bytes
from newsqual.html import MarkupSpan, html_to_text, looks_like_html

T = TypeVar("T")

#: Inputs longer than this many characters are cut here, and a ``truncated_input`` flag is raised.
MAX_CHARS = 1_000_000
#: Raw HTML longer than this is cut before parsing (a page's markup is often 5-20x its text).
MAX_HTML_CHARS = 8_000_000


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: its index, character span (without the line break) and content."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """The unit detectors read. `text` is what is judged and what flag offsets index.

    For plain-text input `text` is the caller's string itself (cut at :data:`MAX_CHARS`); for HTML
    it is the rendered text, with `markup` listing the regions the markup marks as chrome.
    """

    text: str
    source_format: str = "text"
    markup: list[MarkupSpan] = field(default_factory=list)
    html_title: str | None = None
    html: str | None = None
    truncated_at: int | None = None
    error: str | None = None
    encoding: str | None = None
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def lines(self) -> list[Line]:
        """Lines split on ``\\n``; a trailing ``\\r`` is not part of a line's span."""
        out: list[Line] = []
        start = 0
        text = self.text
        for i, raw in enumerate(text.split("\n")):
            end = start + len(raw)
            stop = end - 1 if raw.endswith("\r") else end
            out.append(Line(i, start, stop, text[start:stop]))
            start = end + 1
        return out

    @cached_property
    def nonblank_lines(self) -> list[Line]:
        return [ln for ln in self.lines if ln.text.strip()]

    @cached_property
    def words(self) -> list[str]:
        return self.text.split()

    @cached_property
    def lower(self) -> str:
        """``text.lower()``, computed once: for cheap presence tests before a costly regex
        (``if "cookie" not in doc.lower: return``). Not for offsets: lowercasing changes the length
        of a few non-ASCII characters."""
        return self.text.lower()

    def memo(self, key: str, compute: Callable[[Document], T]) -> T:
        """``compute(self)``, computed once per document under `key`, then reused. Lets a rule's
        finder and its module's ``features()`` share one pass over the text; the store lives on
        this document, so results never depend on what was scored before. `compute` must be pure.

        >>> doc = Document.from_text("a b c")
        >>> doc.memo("n_words", lambda d: len(d.words)), doc.memo("n_words", lambda d: -1)
        (3, 3)
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = compute(self)
            return value

    @cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_at(self, offset: int) -> Line:
        """The line holding character `offset` (binary search over line starts).

        >>> Document.from_text("first\\nsecond").line_at(7).text
        'second'
        """
        return self.lines[max(bisect_right(self._line_starts, offset) - 1, 0)]

    @classmethod
    def from_text(cls, text: str) -> Document:
        """A document over plain text, used as it is (only cut when over :data:`MAX_CHARS`)."""
        if len(text) > MAX_CHARS:
            return cls(text=text[:MAX_CHARS], truncated_at=MAX_CHARS)
        return cls(text=text)

    @classmethod
    def from_html(cls, html: str) -> Document:
        """A document rendered from HTML, with the markup's chrome regions kept as hints."""
        truncated = None
        if len(html) > MAX_HTML_CHARS:
            html, truncated = html[:MAX_HTML_CHARS], MAX_HTML_CHARS
        text, spans, title = html_to_text(html)
        if len(text) > MAX_CHARS:
            text, truncated = text[:MAX_CHARS], MAX_CHARS
            spans = [s for s in spans if s.start < MAX_CHARS]
        return cls(text=text, source_format="html", markup=spans, html_title=title, html=html,
                   truncated_at=truncated)

    @classmethod
    def from_input(cls, doc: str | bytes | Document, *, fmt: str | None = None) -> Document:
        """Build a document from ``str`` (plain text or HTML, detected unless `fmt` says) or
        ``bytes`` (decoded with detection). Never raises on bad input: it sets `error` instead."""
        if isinstance(doc, Document):
            return doc
        encoding = None
        if isinstance(doc, (bytes, bytearray, memoryview)):
            decoded = decode_bytes(bytes(doc))
            if decoded.error:
                return cls(text="", error=decoded.error)
            doc, encoding = decoded.text, decoded.encoding
        if not isinstance(doc, str):
            return cls(text="", error=f"unsupported input type: {type(doc).__name__}")
        if fmt == "html" or (fmt is None and looks_like_html(doc)):
            try:
                out = cls.from_html(doc)
            except Exception as exc:  # malformed markup must never lose the row
                out = cls.from_text(doc)
                out.error = None
                out.source_format = f"text (html parse failed: {type(exc).__name__})"
        else:
            out = cls.from_text(doc)
        out.encoding = encoding
        if not out.text.strip():
            out.error = "empty input: no text to judge"
        return out

"""The `Document` every detector sees: the judged text, its lines with offsets, and markup hints."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from newsqual.decode import decode_bytes
from newsqual.html import MarkupSpan, html_to_text, looks_like_html

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

    For plain-text input `text` is the caller's string itself (cut at :data:`MAX_CHARS`); for HTML it
    is the rendered text, with `markup` listing the regions the markup marks as chrome.
    """

    text: str
    source_format: str = "text"
    markup: list[MarkupSpan] = field(default_factory=list)
    html_title: str | None = None
    html: str | None = None
    truncated_at: int | None = None
    error: str | None = None
    encoding: str | None = None

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

    def line_at(self, offset: int) -> Line:
        """The line holding character `offset` (binary search)."""
        lines = self.lines
        lo, hi = 0, len(lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lines[lo]

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

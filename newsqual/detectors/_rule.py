"""A detector rule: a named, described, self-testing piece of evidence-finding.

Every rule carries positive examples (text it must flag) and negative examples (clean news it must
leave alone); ``tests/detectors/test_rules.py`` runs them all. A rule either has a regular
expression (`pattern`, evidence = group `group` of each match) or a `finder` function that returns
:class:`Hit` objects for a whole :class:`~newsqual.document.Document`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newsqual.document import Document, Line
from newsqual.report import Flag, Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """A span a finder found, optionally with its own message or severity."""

    start: int
    end: int
    message: str | None = None
    severity: Severity | None = None


Finder = Callable[[Document], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One named rule. `kind` is the stable flag name it raises (several rules may share a kind)."""

    kind: str
    family: str
    description: str
    severity: Severity
    message: str
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    pattern: re.Pattern[str] | None = None
    finder: Finder | None = None
    group: int | str = 0
    name: str = ""  # unique rule name; defaults to `kind`

    def __post_init__(self) -> None:
        if (self.pattern is None) == (self.finder is None):
            raise ValueError(f"rule {self.kind}: give exactly one of pattern or finder")
        if not self.positives or not self.negatives:
            raise ValueError(f"rule {self.kind}: needs positive and negative examples")
        if not self.name:
            object.__setattr__(self, "name", self.kind)

    def hits(self, doc: Document) -> Iterable[Hit]:
        if self.finder is not None:
            yield from self.finder(doc)
            return
        assert self.pattern is not None
        for m in self.pattern.finditer(doc.text):
            start, end = m.span(self.group)
            if end > start:
                yield Hit(start, end)

    def detect(self, doc: Document) -> list[Flag]:
        """The flags this rule raises on `doc`; evidence is always ``doc.text[start:end]``."""
        text = doc.text
        return [
            Flag(
                kind=self.kind,
                start=h.start,
                end=h.end,
                evidence=text[h.start:h.end],
                message=h.message or self.message,
                severity=h.severity or self.severity,
                family=self.family,
            )
            for h in self.hits(doc)
        ]


def line_hits(doc: Document, pattern: re.Pattern[str], *, max_len: int = 2000) -> Iterable[Hit]:
    """Hits for lines (up to `max_len` characters) that `pattern` fully or partly matches;
    the span is the whole line. Useful for line-shaped chrome such as breadcrumbs or footers."""
    for line in doc.lines:
        if len(line.text) <= max_len and pattern.search(line.text):
            yield Hit(line.start, line.end)


# --- finder building blocks shared by the detector modules --------------------------------------

#: The attribution under an embedded social-media post, flattened into the text:
#: "— Jane Doe (@janedoe) September 27, 2017". The post before it is its author's own writing.
SOCIAL_ATTRIBUTION_RE = re.compile(r"[—–-] ?[^\n()@—–]{1,50}\(@\w{1,30}\)")


def gated(anchors: tuple[str, ...], finder: Finder, *, lower: bool = False) -> Finder:
    """`finder`, run only when the text holds one of `anchors` (literals every match contains):
    a C-speed substring test spares most clean documents the regex scan. With `lower`, the anchors
    are looked for in the lower-cased text (give them in lower case).

    >>> find = gated(("@",), stripped_matches(re.compile(r"\\S+@\\S+")))
    >>> [(h.start, h.end) for h in find(Document.from_text("Mail a@b.org now"))]
    [(5, 12)]
    >>> list(find(Document.from_text("No address here")))
    []
    """
    def gated_finder(doc: Document) -> Iterator[Hit]:
        text = doc.lower if lower else doc.text
        if any(map(text.__contains__, anchors)):  # no generator frame per anchor
            yield from finder(doc)
    return gated_finder


def run_start(text: str, pos: int, chars: str) -> int:
    """Where the run of `chars` that ends at `pos` starts (`pos` itself when none ends there).

    Walks back 64 characters at a time with ``str.rstrip``, so a long run costs C-speed steps,
    not one Python step per character (hostile input: one 1 MB run).

    >>> run_start("see www.example.com", 19, "abcdefghijklmnopqrstuvwxyz.")
    4
    """
    start = pos
    while True:
        lo = max(0, start - 64)
        kept = len(text[lo:start].rstrip(chars))
        if kept or lo == 0:
            return lo + kept
        start = lo


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude surrounding whitespace, so evidence is the text itself.

    >>> strip_span("  Error: x \\n", 0, 12)
    (2, 10)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def stripped_matches(pattern: re.Pattern[str]) -> Finder:
    """A finder yielding each match of `pattern` with surrounding whitespace trimmed (matches that
    are all whitespace yield nothing).

    >>> find = stripped_matches(re.compile(r"\\s*Fatal error[^\\n]*"))
    >>> [(h.start, h.end) for h in find(Document.from_text("Body.\\n  Fatal error: x  "))]
    [(8, 22)]
    """
    def finder(doc: Document) -> Iterator[Hit]:
        for m in pattern.finditer(doc.text):
            a, b = strip_span(doc.text, m.start(), m.end())
            if b > a:
                yield Hit(a, b)
    return finder


def hint_line_spans(doc: Document, hints: tuple[str, ...], *,
                    lower: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` of each line holding one of the literal `hints` (in the lower-cased text
    with `lower`; give them in lower case), in text order: a pattern whose every match holds a
    hint and stays on one line need only run over these lines (``pattern.finditer(text, start,
    end)``), not over the whole text. When lower-casing changes the text's length (rare scripts),
    offsets would not match, and the whole text is one span if any hint occurs.

    >>> doc = Document.from_text("fine\\nNginx error\\nfine\\nan nginx")
    >>> hint_line_spans(doc, ("nginx",), lower=True)
    [(5, 16), (22, 30)]
    """
    text = doc.lower if lower else doc.text
    if len(text) != len(doc.text):
        return [(0, len(doc.text))] if any(map(text.__contains__, hints)) else []
    found: set[int] = set()
    for hint in hints:
        pos = text.find(hint)
        while pos >= 0:
            line = doc.line_at(pos)
            found.add(line.index)
            pos = text.find(hint, max(line.end, pos + 1))  # on to the next line
    lines = doc.lines
    return [(lines[i].start, lines[i].end) for i in sorted(found)]


def trigger_lines(doc: Document, trigger: re.Pattern[str], *,
                  max_len: int = 4000) -> Iterator[Line]:
    """Each line (at most `max_len` long) holding a match of the cheap `trigger`, once: a
    whole-text scan for a literal, then per-line work only where it matched.

    >>> doc = Document.from_text("ok\\nWarning: a Warning: b\\nok")
    >>> [line.index for line in trigger_lines(doc, re.compile("Warning"))]
    [1]
    """
    last = -1
    for m in trigger.finditer(doc.text):
        line = doc.line_at(m.start())
        if line.index != last and len(line.text) <= max_len:
            last = line.index
            yield line

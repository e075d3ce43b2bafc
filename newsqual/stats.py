"""Text statistics of the Gopher / C4 / FineWeb quality-filter family, as named numbers.

Definitions follow the published filters (Rae et al. 2021 "Gopher" §A; Raffel et al. 2020 "C4";
Penedo et al. 2024 "FineWeb"): duplicate-line and duplicate-paragraph fractions, share of lines
ending in terminal punctuation, short-line share, symbol ratios. Whitespace and line endings are
normalised first (the data README warns that stray spaces and CR correlate with labels).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from newsqual.document import Document

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")")
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◦‣–]|\d+[.)])\s")
_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[^\W\d_]")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
_ASCII_DIGITS = "0123456789"
_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

STAT_NAMES: tuple[str, ...] = (
    "n_chars",
    "n_words",
    "n_lines",
    "n_paragraphs",
    "log_words",
    "mean_word_length",
    "mean_line_words",
    "frac_lines_terminal_punct",
    "frac_short_lines",
    "frac_bullet_lines",
    "frac_dup_lines",
    "frac_dup_line_chars",
    "frac_dup_paragraphs",
    "frac_words_no_alpha",
    "frac_chars_digit",
    "frac_chars_upper",
    "symbol_hash_ratio",
    "symbol_ellipsis_ratio",
    "frac_words_unique",
)


def _count_digits(text: str) -> int:
    """Characters matching ``\\d`` (Unicode decimal digits); ``str.count`` when text is ASCII."""
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return len(_DIGIT_RE.findall(text))


def _count_no_alpha(words: list[str]) -> int:
    """Words without a letter (``[^\\W\\d_]``); ``str.isalpha`` settles most words cheaply."""
    search = _ALPHA_RE.search
    return sum(1 for w in words if not w.isalpha() and not search(w))


def text_stats(doc: Document) -> dict[str, float]:
    """Compute every statistic in :data:`STAT_NAMES` for `doc` (all finite; 0 for empty text).

    >>> s = text_stats(Document.from_text("One line here.\\nOne line here.\\nAnother, 2024"))
    >>> s["n_lines"], round(s["frac_dup_lines"], 2), s["frac_lines_terminal_punct"] > 0.6
    (3.0, 0.67, True)
    """
    text = doc.text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip() for ln in text.split("\n")]
    nonblank = [ln for ln in lines if ln]
    words = _WORD_RE.findall(text)
    n_words = len(words)
    n_chars = len(text)
    out = dict.fromkeys(STAT_NAMES, 0.0)
    out["n_chars"] = float(n_chars)
    out["n_words"] = float(n_words)
    out["n_lines"] = float(len(nonblank))
    out["log_words"] = math.log1p(n_words)
    if n_words:
        out["mean_word_length"] = sum(map(len, words)) / n_words
        out["frac_words_no_alpha"] = _count_no_alpha(words) / n_words
        out["symbol_hash_ratio"] = text.count("#") / n_words
        out["symbol_ellipsis_ratio"] = (text.count("...") + text.count("…")) / n_words
        out["frac_words_unique"] = len(set(map(str.lower, words))) / n_words
    if nonblank:
        n = len(nonblank)
        out["mean_line_words"] = n_words / n
        out["frac_lines_terminal_punct"] = sum(ln.endswith(_TERMINAL) for ln in nonblank) / n
        out["frac_short_lines"] = sum(len(ln) <= 30 for ln in nonblank) / n
        bullet = _BULLET_RE.match
        out["frac_bullet_lines"] = sum(1 for ln in nonblank if bullet(ln)) / n
        counts = Counter(nonblank)
        if len(counts) < n:
            dup_lines = [ln for ln in nonblank if counts[ln] > 1]
            out["frac_dup_lines"] = len(dup_lines) / n
            total_chars = sum(map(len, nonblank))
            out["frac_dup_line_chars"] = sum(map(len, dup_lines)) / total_chars
    paragraphs = _paragraphs(text)
    out["n_paragraphs"] = float(len(paragraphs))
    if paragraphs:
        pcounts = Counter(paragraphs)
        if len(pcounts) < len(paragraphs):
            out["frac_dup_paragraphs"] = (sum(1 for p in paragraphs if pcounts[p] > 1)
                                          / len(paragraphs))
    if n_chars:
        out["frac_chars_digit"] = _count_digits(text) / n_chars
        out["frac_chars_upper"] = sum(map(text.count, _ASCII_UPPER)) / n_chars
    return out


def _paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines (``\\n\\s*\\n``), stripped; empty blocks dropped."""
    if "\n" not in text:
        block = text.strip()
        return [block] if block else []
    return [p for p in (b.strip() for b in _PARAGRAPH_BREAK_RE.split(text)) if p]

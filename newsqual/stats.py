"""Text statistics of the Gopher / C4 / FineWeb quality-filter family, as named numbers.

Definitions follow the published filters (Rae et al. 2021 "Gopher" §A; Raffel et al. 2020 "C4";
Penedo et al. 2024 "FineWeb"): duplicate-line and duplicate-paragraph fractions, share of lines
ending in terminal punctuation, short-line share, symbol ratios. Whitespace and line endings are
normalised first (the data README warns that stray spaces and CR correlate with labels).
"""

from __future__ import annotations

import re
from collections import Counter

from newsqual.document import Document

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")")
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◦‣–]|\d+[.)])\s")
_DIGIT_RE = re.compile(r"\d")
_UPPER_RE = re.compile(r"[A-Z]")
_ALPHA_RE = re.compile(r"[^\W\d_]")

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


def text_stats(doc: Document) -> dict[str, float]:
    """Compute every statistic in :data:`STAT_NAMES` for `doc` (all finite; 0 for empty text)."""
    import math

    text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip() for ln in text.split("\n")]
    nonblank = [ln for ln in lines if ln]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    words = _WORD_RE.findall(text)
    n_words = len(words)
    n_chars = len(text)
    out = dict.fromkeys(STAT_NAMES, 0.0)
    out["n_chars"] = float(n_chars)
    out["n_words"] = float(n_words)
    out["n_lines"] = float(len(nonblank))
    out["n_paragraphs"] = float(len(paragraphs))
    out["log_words"] = math.log1p(n_words)
    if n_words:
        out["mean_word_length"] = sum(map(len, words)) / n_words
        out["frac_words_no_alpha"] = sum(1 for w in words if not _ALPHA_RE.search(w)) / n_words
        out["symbol_hash_ratio"] = text.count("#") / n_words
        out["symbol_ellipsis_ratio"] = (text.count("...") + text.count("…")) / n_words
        out["frac_words_unique"] = len({w.lower() for w in words}) / n_words
    if nonblank:
        n = len(nonblank)
        out["mean_line_words"] = n_words / n
        out["frac_lines_terminal_punct"] = sum(ln.endswith(_TERMINAL) for ln in nonblank) / n
        out["frac_short_lines"] = sum(len(ln) <= 30 for ln in nonblank) / n
        out["frac_bullet_lines"] = sum(bool(_BULLET_RE.match(ln)) for ln in nonblank) / n
        counts = Counter(nonblank)
        dup_lines = [ln for ln in nonblank if counts[ln] > 1]
        out["frac_dup_lines"] = len(dup_lines) / n
        total_chars = sum(map(len, nonblank))
        out["frac_dup_line_chars"] = sum(map(len, dup_lines)) / total_chars if total_chars else 0.0
    if paragraphs:
        pcounts = Counter(paragraphs)
        out["frac_dup_paragraphs"] = sum(1 for p in paragraphs if pcounts[p] > 1) / len(paragraphs)
    if n_chars:
        out["frac_chars_digit"] = len(_DIGIT_RE.findall(text)) / n_chars
        out["frac_chars_upper"] = len(_UPPER_RE.findall(text)) / n_chars
    return out

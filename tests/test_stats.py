"""`text_stats` against a plain, obviously-correct restatement of each definition.

The module computes the statistics with shortcuts (``str.count`` on ASCII text, ``str.isalpha``
before a regex for words without letters, no duplicate counting when every line is unique); these
tests check the shortcuts change no value, on generated text full of the awkward cases.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.document import Document
from newsqual.stats import STAT_NAMES, text_stats

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ALPHA = re.compile(r"[^\W\d_]")
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")")
_BULLET = re.compile(r"^\s*(?:[-*•▪◦‣–]|\d+[.)])\s")


def reference(text: str) -> dict[str, float]:
    """The definitions, written the slow and simple way."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nonblank = [ln.strip() for ln in text.split("\n") if ln.strip()]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    words = _WORD.findall(text)
    out = dict.fromkeys(STAT_NAMES, 0.0)
    out.update(n_chars=len(text), n_words=len(words), n_lines=len(nonblank),
               n_paragraphs=len(paragraphs), log_words=math.log1p(len(words)))
    if words:
        n = len(words)
        out["mean_word_length"] = sum(len(w) for w in words) / n
        out["frac_words_no_alpha"] = sum(1 for w in words if not _ALPHA.search(w)) / n
        out["symbol_hash_ratio"] = text.count("#") / n
        out["symbol_ellipsis_ratio"] = (text.count("...") + text.count("…")) / n
        out["frac_words_unique"] = len({w.lower() for w in words}) / n
    if nonblank:
        n = len(nonblank)
        counts = Counter(nonblank)
        dup = [ln for ln in nonblank if counts[ln] > 1]
        out["mean_line_words"] = len(words) / n
        out["frac_lines_terminal_punct"] = sum(ln.endswith(_TERMINAL) for ln in nonblank) / n
        out["frac_short_lines"] = sum(len(ln) <= 30 for ln in nonblank) / n
        out["frac_bullet_lines"] = sum(bool(_BULLET.match(ln)) for ln in nonblank) / n
        out["frac_dup_lines"] = len(dup) / n
        out["frac_dup_line_chars"] = sum(map(len, dup)) / sum(map(len, nonblank))
    if paragraphs:
        pc = Counter(paragraphs)
        out["frac_dup_paragraphs"] = sum(1 for p in paragraphs if pc[p] > 1) / len(paragraphs)
    if text:
        out["frac_chars_digit"] = len(re.findall(r"\d", text)) / len(text)
        out["frac_chars_upper"] = len(re.findall(r"[A-Z]", text)) / len(text)
    return {k: float(v) for k, v in out.items()}


# Letters, digits (ASCII and other scripts), underscores, both apostrophes, line breaks of every
# kind, bullets, and symbols that sit next to words.
_ALPHABET = "aZé_1٣²'’ \n\r\t\u2028.,!?#…-•\"”"
texts = st.lists(st.sampled_from(["ab", "Cd", "12", "4'5", "x’y", "_", "٣٣", "\n\n", " - ",
                                  "line.\n", "same\n", "# ", "...", "1. ", "O'Neil"])
                 | st.text(alphabet=_ALPHABET, max_size=3),
                 max_size=40).map("".join)


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return list(a) == list(b) and all(math.isclose(a[k], b[k], rel_tol=1e-12, abs_tol=0)
                                      or a[k] == b[k] for k in a)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_matches_the_plain_definitions(text: str) -> None:
    got, want = text_stats(Document.from_text(text)), reference(text)
    assert _same(got, want), {k: (got[k], want[k]) for k in want if got[k] != want[k]}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_matches_on_arbitrary_unicode(text: str) -> None:
    got, want = text_stats(Document.from_text(text)), reference(text)
    assert _same(got, want), {k: (got[k], want[k]) for k in want if got[k] != want[k]}


def test_words_without_letters_are_counted_whole() -> None:
    s = text_stats(Document.from_text("In 2024 the 3'5 plan cost 40_000 and B52s flew."))
    # words: In 2024 the 3'5 plan cost 40_000 and B52s flew -> 3 of 10 have no letter
    assert s["n_words"] == 10.0
    assert math.isclose(s["frac_words_no_alpha"], 0.3)


def test_every_value_finite_and_named() -> None:
    for text in ("", "\r\n\r\n", "Ünïcödé – 12.\n\n12.\n"):
        s = text_stats(Document.from_text(text))
        assert tuple(s) == STAT_NAMES
        assert all(math.isfinite(v) for v in s.values())

"""Style and specificity signals: how much checkable detail a text carries against generic filler.

Reporting names its sources and pins facts down: attributed quotes, dates, figures, named people and
places. Spun, invented or machine-written news tends to carry fewer of them and more vague filler
("significant", "various", "crucial"). Every count is per 100 words so length does not leak in;
sentence-length spread measures how uniform the prose is (machine text is unusually even).
All patterns are bounded and run per text in linear time.
"""

from __future__ import annotations

import math
import re
from collections import Counter

STYLE_NAMES: tuple[str, ...] = (
    "style.quotes_per_100w",
    "style.attributed_quotes_per_100w",
    "style.attributions_per_100w",
    "style.dates_per_100w",
    "style.numbers_per_100w",
    "style.entities_per_100w",
    "style.filler_per_100w",
    "style.hedges_per_100w",
    "style.first_person_per_100w",
    "style.second_person_per_100w",
    "style.exclaims_per_100w",
    "style.questions_per_100w",
    "style.caps_words_per_100w",
    "style.mean_sentence_words",
    "style.sentence_words_cv",
    "style.specificity",
)
# Function words: topic-free stylometry (how a text is written, not what it is about). Common
# English function words, chosen by us; rates per 100 words.
FUNCTION_WORDS: tuple[str, ...] = tuple(
    "the a an of to in on for with by at from as that which who this these it its is was were are "
    "be been has have had will would could should can may not no but and or if also more most very "
    "just all so than then there they he she his her their we our you i about after over new"
    .split()
)
FUNCTION_NAMES: tuple[str, ...] = tuple(f"fw.{w}" for w in FUNCTION_WORDS)

_LOWER_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*")
# A quoted span of 3-400 characters in straight or curly double quotes.
_QUOTE_RE = re.compile(r"[\"“]([^\"“”\n]{3,400})[\"”]")
_ATTRIB_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|explained|explains|wrote|writes|"
    "noted|notes|asked|asks|recalled|insisted|argued|argues|acknowledged|announced|confirmed"
)
_ATTRIB_RE = re.compile(rf"\b(?:{_ATTRIB_VERBS})\b|\baccording to\b", re.IGNORECASE)
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.")
_DATE_RE = re.compile(
    rf"\b(?:{_WEEKDAY})\b|\b(?:{_MONTH})\s\d{{1,2}}\b|\b(?:1[89]|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
_NUMBER_RE = re.compile(r"(?<![\w.])\$?\d[\d,]{0,15}(?:\.\d{1,6})?%?")
# Two or more capitalised words in a row (allowing "of"/"de"/"the" inside): a named thing.
_ENTITY_RE = re.compile(r"\b[A-Z][a-z]{1,20}(?:\s(?:of\s|de\s|the\s)?[A-Z][a-z]{1,20}){1,4}\b")
# Vague intensifiers and abstractions that carry no checkable fact (our own short list).
_FILLER_RE = re.compile(
    r"\b(?:significant(?:ly)?|crucial|pivotal|various|numerous|overall|ongoing|potential(?:ly)?|"
    r"landscape|highlights?|underscores?|notably|essentially|ultimately|remarkabl[ey]|"
    r"vital|key|comprehensive|robust|dynamic|innovative|unprecedented|"
    r"(?:in|with)\s(?:conclusion|summary)|moreover|furthermore|additionally)\b",
    re.IGNORECASE,
)
_HEDGE_RE = re.compile(
    r"\b(?:reportedly|allegedly|apparently|rumou?red|supposedly|sources?\ssay|some\ssay|"
    r"it\sis\s(?:believed|said|claimed)|could\sbe|might\sbe|may\sbe)\b",
    re.IGNORECASE,
)
_FIRST_RE = re.compile(r"\b(?:I|me|my|we|us|our)\b")
_SECOND_RE = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_CAPS_RE = re.compile(r"\b[A-Z]{4,20}\b")
# Sentence boundaries: split (not match) so the cost stays linear on text without terminators.
_SENTENCE_END_RE = re.compile(r"[.!?]+|\n")


def _per_100(count: int, n_words: int) -> float:
    return 100.0 * count / max(n_words, 20)


def function_word_rates(text: str) -> dict[str, float]:
    """Per-100-word rate of each word in :data:`FUNCTION_WORDS`, keyed ``fw.<word>``.

    >>> function_word_rates("The cat and the dog.")["fw.the"]
    10.0
    """
    words = _LOWER_WORD_RE.findall(text.lower())
    counts = Counter(words)
    n = len(words)
    return {f"fw.{w}": _per_100(counts[w], n) if n else 0.0 for w in FUNCTION_WORDS}


def style_features(text: str) -> dict[str, float]:
    """Every feature in :data:`STYLE_NAMES` and :data:`FUNCTION_NAMES` for `text` (all finite).

    >>> f = style_features('"We reopen the bridge on Monday," Mayor Ana Ruiz said. It cost $4m.')
    >>> f["style.attributed_quotes_per_100w"] > 0 and f["style.dates_per_100w"] > 0
    True
    """
    words = _WORD_RE.findall(text)
    n = len(words)
    out = dict.fromkeys(STYLE_NAMES, 0.0)
    out.update(function_word_rates(text))
    if not n:
        return out
    quotes = list(_QUOTE_RE.finditer(text))
    attributed = 0
    for q in quotes:
        window = text[max(0, q.start() - 60):q.end() + 60]
        if _ATTRIB_RE.search(window):
            attributed += 1
    caps = sum(1 for m in _CAPS_RE.finditer(text) if m.group() not in ("AM", "PM"))
    out["style.quotes_per_100w"] = _per_100(len(quotes), n)
    out["style.attributed_quotes_per_100w"] = _per_100(attributed, n)
    out["style.attributions_per_100w"] = _per_100(len(_ATTRIB_RE.findall(text)), n)
    out["style.dates_per_100w"] = _per_100(len(_DATE_RE.findall(text)), n)
    out["style.numbers_per_100w"] = _per_100(len(_NUMBER_RE.findall(text)), n)
    out["style.entities_per_100w"] = _per_100(len(_ENTITY_RE.findall(text)), n)
    out["style.filler_per_100w"] = _per_100(len(_FILLER_RE.findall(text)), n)
    out["style.hedges_per_100w"] = _per_100(len(_HEDGE_RE.findall(text)), n)
    out["style.first_person_per_100w"] = _per_100(len(_FIRST_RE.findall(text)), n)
    out["style.second_person_per_100w"] = _per_100(len(_SECOND_RE.findall(text)), n)
    out["style.exclaims_per_100w"] = _per_100(text.count("!"), n)
    out["style.questions_per_100w"] = _per_100(text.count("?"), n)
    out["style.caps_words_per_100w"] = _per_100(caps, n)
    lengths = [len(s.split()) for s in _SENTENCE_END_RE.split(text)]
    lengths = [k for k in lengths if k > 0]
    if lengths:
        mean = sum(lengths) / len(lengths)
        var = sum((k - mean) ** 2 for k in lengths) / len(lengths)
        out["style.mean_sentence_words"] = mean
        out["style.sentence_words_cv"] = math.sqrt(var) / mean if mean else 0.0
    out["style.specificity"] = (
        out["style.attributed_quotes_per_100w"] + out["style.dates_per_100w"]
        + out["style.numbers_per_100w"] + out["style.entities_per_100w"]
        - out["style.filler_per_100w"] - out["style.hedges_per_100w"]
    )
    return out

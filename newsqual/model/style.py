"""Style and specificity signals: how much checkable detail a text carries against generic filler.

Reporting names its sources and pins facts down: attributed quotes, dates, figures, named people and
places. Spun, invented or machine-written news tends to carry fewer of them and more vague filler
("significant", "various", "crucial"). Every count is per 100 words so length does not leak in;
sentence-length spread measures how uniform the prose is (machine text is unusually even).
Register signals (contractions, sensational words, all-caps and multiple ``!?``, semicolons and
parentheses, vocabulary richness as a moving-average type-token ratio) separate informal or
agitated writing from reporting. :func:`style_features` also returns the sparse common-word rates
of :mod:`newsqual.model.words` (``w.<word>``). All patterns are bounded and run in linear time.
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
    "style.contractions_per_100w",
    "style.multi_punct_per_100w",
    "style.semicolons_per_100w",
    "style.parens_per_100w",
    "style.colons_per_100w",
    "style.sensational_per_100w",
    "style.institutional_per_100w",
    "style.ly_adverbs_per_100w",
    "style.ed_words_per_100w",
    "style.all_caps_share",
    "style.capitalised_share",
    "style.mattr50",
    "style.quoted_char_share",
    "style.long_sentence_share",
    "style.short_sentence_share",
    "style.quote_start_sentence_share",
    "style.common_word_share",
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
# Case-insensitive patterns are matched on lower-cased text (same matches, about twice as fast
# as case-folding alternations).
_ATTRIB_RE = re.compile(rf"\b(?:{_ATTRIB_VERBS})\b|\baccording to\b")
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
    r"(?:in|with)\s(?:conclusion|summary)|moreover|furthermore|additionally)\b"
)
_HEDGE_RE = re.compile(
    r"\b(?:reportedly|allegedly|apparently|rumou?red|supposedly|sources?\ssay|some\ssay|"
    r"it\sis\s(?:believed|said|claimed)|could\sbe|might\sbe|may\sbe)\b"
)
# Tabloid intensifiers and alarm words (our own short list); single lower-case tokens.
_SENSATIONAL = frozenset(
    "best worst biggest greatest ever never always totally completely absolutely literally huge "
    "massive incredible amazing shocking stunning horrifying disgusting outrageous insane crazy "
    "epic bombshell breaking urgent expose exposed destroy destroys destroyed slam slams slammed "
    "blast blasts blasted".split())
# Institutional sources and reporting nouns (our own short list).
_INSTITUTIONAL = frozenset(
    "spokesman spokeswoman spokesperson official officials minister secretary senator "
    "representative director chief president professor analyst lawyer attorney judge police "
    "department agency court committee report reported reports statement survey study data "
    "percent".split())
_CONTRACTION_ENDS = ("n't", "'re", "'ve", "'ll", "'m", "'d")
_MULTI_PUNCT_RE = re.compile(r"[!?]{2,}")
_MATTR_WINDOW = 50
_FIRST_RE = re.compile(r"\b(?:I|me|my|we|us|our)\b")
_SECOND_RE = re.compile(r"\b(?:you|your|yours)\b")
_CAPS_RE = re.compile(r"\b[A-Z]{4,20}\b")
# Sentence boundaries: split (not match) so the cost stays linear on text without terminators.
_SENTENCE_END_RE = re.compile(r"[.!?]+|\n")


def _per_100(count: int, n_words: int) -> float:
    return 100.0 * count / max(n_words, 20)


#: Lines with fewer words than this are left out of word rates: headlines, bylines, credits,
#: "Source: ..." and share lines are where outlet chrome lives; prose lines carry the style.
PROSE_LINE_WORDS = 8


def lower_word_counts(text: str) -> tuple[Counter[str], int]:
    """Counts of lower-case word tokens on the prose lines of `text` (lines of at least
    :data:`PROSE_LINE_WORDS` words; curly apostrophes read as straight) and their total: the
    tokens word rates use.

    >>> counts, n = lower_word_counts("Share this\\nThe mayor’s plan won the vote, aides said.")
    >>> n, counts["mayor's"], counts["share"]
    (8, 1, 0)
    """
    return _prose_counts(text.lower())


def _prose_counts(lower_text: str) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    for line in lower_text.replace("\u2019", "'").splitlines():
        words = _LOWER_WORD_RE.findall(line)
        if len(words) >= PROSE_LINE_WORDS:
            counts.update(words)
    return counts, sum(counts.values())


def language_features(text: str) -> dict[str, float]:
    """The English gate's inputs for `text` (:data:`LANGUAGE_NAMES`, as :func:`style_features`
    reports them): the share of common English words (the word block's vocabulary plus function
    words) among the words of its prose lines (lines of :data:`PROSE_LINE_WORDS` words or more,
    so menus, lists and product grids do not count), and how many such words there are.

    >>> f = language_features("Der Pegel stieg in der Nacht zum Sonntag auf 7,4 Meter, "
    ...                       "wie das Landratsamt am Morgen mitteilte.")
    >>> f["lang.english_prose_share"] < 0.45, f["lang.prose_words"]
    (True, 16.0)
    """
    return _language(*_prose_counts(text.lower()))


#: The English gate's inputs (:func:`newsqual.scoring.models_apply`): reported, not model columns.
LANGUAGE_NAMES = ("lang.english_prose_share", "lang.prose_words")


def _language(prose: Counter[str], n_prose: int) -> dict[str, float]:
    """:data:`LANGUAGE_NAMES` from prose-line counts."""
    from newsqual.model.words import common_share

    return dict(zip(LANGUAGE_NAMES, (common_share(prose, n_prose, FUNCTION_WORDS),
                                     float(n_prose)), strict=True))


def function_word_rates(text: str) -> dict[str, float]:
    """Per-100-word rate of each word in :data:`FUNCTION_WORDS`, keyed ``fw.<word>``.

    >>> function_word_rates("The cat and the dog.")["fw.the"]
    10.0
    """
    words = _LOWER_WORD_RE.findall(text.lower())
    return _function_rates(Counter(words), len(words))


def _function_rates(counts: Counter[str], n: int) -> dict[str, float]:
    return {f"fw.{w}": _per_100(counts[w], n) if n else 0.0 for w in FUNCTION_WORDS}


def mattr(words: list[str], window: int = _MATTR_WINDOW) -> float:
    """Moving-average type-token ratio over `window`-word windows (length-independent richness).

    >>> mattr(["a", "b"] * 50, window=4)
    0.5
    """
    n = len(words)
    if n <= window:
        return len(set(words)) / n if n else 0.0
    # Sum over windows of their type counts = sum over positions j of the number of windows in
    # which j is the last occurrence of its word (one backward pass, no per-window counting).
    first = window - 1
    next_seen: dict[str, int] = {}
    total = 0
    for j in range(n - 1, -1, -1):
        word = words[j]
        hi = next_seen.get(word, n) - 1
        next_seen[word] = j
        if hi > j + first:
            hi = j + first
        lo = j if j > first else first
        if hi >= lo:
            total += hi - lo + 1
    return total / (n - window + 1) / window


def style_features(text: str) -> dict[str, float]:
    """Every feature in :data:`STYLE_NAMES` and :data:`FUNCTION_NAMES` for `text` (all finite),
    the common-word rates (``w.<word>``) and the English gate's inputs (``lang.*``, read by
    :func:`newsqual.scoring.models_apply`; not model columns). Prose lines are counted once.

    >>> f = style_features('"We reopen the bridge on Monday," Mayor Ana Ruiz said. It cost $4m.')
    >>> f["style.attributed_quotes_per_100w"] > 0 and f["style.dates_per_100w"] > 0
    True
    """
    from newsqual.model.words import common_share, word_rates

    words = _WORD_RE.findall(text)
    n = len(words)
    low = text.lower()
    lower = _LOWER_WORD_RE.findall(low)
    counts = Counter(lower)
    out = dict.fromkeys(STYLE_NAMES, 0.0)
    out.update(_function_rates(counts, len(lower)))
    prose, n_prose = _prose_counts(low)
    out.update(_language(prose, n_prose))
    if not n:
        return out
    out.update(word_rates(prose, n_prose))
    quotes = list(_QUOTE_RE.finditer(text))
    attributed = 0
    for q in quotes:
        window = text[max(0, q.start() - 60):q.end() + 60]
        if _ATTRIB_RE.search(window.lower()):
            attributed += 1
    caps = sum(1 for m in _CAPS_RE.finditer(text) if m.group() not in ("AM", "PM"))
    out["style.quotes_per_100w"] = _per_100(len(quotes), n)
    out["style.attributed_quotes_per_100w"] = _per_100(attributed, n)
    out["style.attributions_per_100w"] = _per_100(len(_ATTRIB_RE.findall(low)), n)
    out["style.dates_per_100w"] = _per_100(len(_DATE_RE.findall(text)), n)
    out["style.numbers_per_100w"] = _per_100(len(_NUMBER_RE.findall(text)), n)
    out["style.entities_per_100w"] = _per_100(len(_ENTITY_RE.findall(text)), n)
    out["style.filler_per_100w"] = _per_100(len(_FILLER_RE.findall(low)), n)
    out["style.hedges_per_100w"] = _per_100(len(_HEDGE_RE.findall(low)), n)
    out["style.first_person_per_100w"] = _per_100(len(_FIRST_RE.findall(text)), n)
    out["style.second_person_per_100w"] = _per_100(len(_SECOND_RE.findall(low)), n)
    out["style.exclaims_per_100w"] = _per_100(text.count("!"), n)
    out["style.questions_per_100w"] = _per_100(text.count("?"), n)
    out["style.caps_words_per_100w"] = _per_100(caps, n)
    sentences = [s for s in _SENTENCE_END_RE.split(text) if not s.isspace() and s]
    lengths = [len(s.split()) for s in sentences]
    if lengths:
        mean = sum(lengths) / len(lengths)
        var = sum((k - mean) ** 2 for k in lengths) / len(lengths)
        out["style.mean_sentence_words"] = mean
        out["style.sentence_words_cv"] = math.sqrt(var) / mean if mean else 0.0
        out["style.long_sentence_share"] = sum(k >= 30 for k in lengths) / len(lengths)
        out["style.short_sentence_share"] = sum(k <= 8 for k in lengths) / len(lengths)
        out["style.quote_start_sentence_share"] = sum(
            s.lstrip().startswith(('"', "“")) for s in sentences) / len(lengths)
    n_lower = len(lower)
    out["style.contractions_per_100w"] = _per_100(
        sum(k for w, k in counts.items() if "'" in w and w.endswith(_CONTRACTION_ENDS)), n_lower)
    out["style.sensational_per_100w"] = _per_100(
        sum(k for w, k in counts.items() if w in _SENSATIONAL), n_lower)
    out["style.institutional_per_100w"] = _per_100(
        sum(k for w, k in counts.items() if w in _INSTITUTIONAL), n_lower)
    out["style.ly_adverbs_per_100w"] = _per_100(
        sum(k for w, k in counts.items() if len(w) >= 5 and w.endswith("ly")), n_lower)
    out["style.ed_words_per_100w"] = _per_100(
        sum(k for w, k in counts.items() if len(w) >= 5 and w.endswith("ed")), n_lower)
    out["style.multi_punct_per_100w"] = _per_100(len(_MULTI_PUNCT_RE.findall(text)), n)
    out["style.semicolons_per_100w"] = _per_100(text.count(";"), n)
    out["style.parens_per_100w"] = _per_100(text.count("("), n)
    out["style.colons_per_100w"] = _per_100(text.count(":"), n)
    out["style.all_caps_share"] = sum(1 for w in words if len(w) >= 2 and w.isupper()) / n
    out["style.capitalised_share"] = sum(1 for w in words if w[0].isupper()) / n
    out["style.mattr50"] = mattr(lower)
    out["style.quoted_char_share"] = sum(len(q.group(1)) for q in quotes) / len(text)
    out["style.common_word_share"] = common_share(counts, n_lower, FUNCTION_WORDS)
    out["style.specificity"] = (
        out["style.attributed_quotes_per_100w"] + out["style.dates_per_100w"]
        + out["style.numbers_per_100w"] + out["style.entities_per_100w"]
        - out["style.filler_per_100w"] - out["style.hedges_per_100w"]
    )
    return out

"""Detectors of the `generation` family: signs that a language model wrote or spun the text.

* `chatbot_tell`: a chatbot's own words left in the article ("As an AI language model", "I cannot
  complete this prompt", "as of my last knowledge update"). NewsGuard's "Rise of the Newsbots"
  (May 2023) found AI content farms through exactly such leftover messages.
* `llm_filler_density`: the density of vocabulary that language models over-use relative to human
  news. The idea follows Kobak et al. 2024 ("Delving into ChatGPT usage in academic writing");
  the terms and weights are our own, measured by ``benchmarks/filler_vocabulary.py`` on machine vs
  human news and stored in ``newsqual/data/llm_filler.tsv``.
* `summary_heading`: a standalone "In Conclusion" / "In Retrospect" / "Key Takeaways" heading.

:func:`features` also gives numbers for the machine-generation classifier (filler density,
sentence-length burstiness, share of sentences opening with a transition word).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsqual.detectors._rule import Hit, Rule, hint_line_spans
from newsqual.document import Document

FAMILY = "generation"

# ---------------------------------------------------------------------------------------------
# chatbot_tell

#: Chatbot boilerplate that has no business in a published article (NewsGuard, May 2023, lists
#: "as an AI language model", "I cannot complete this prompt", "my cutoff date in September 2021").
_CHATBOT_RE = re.compile(
    r"\bas an AI(?: language)? (?:model|assistant)\b"
    r"|\b(?-i:I)(?:'m| am)? (?:sorry,? (?:but )?)?(?:I )?(?:cannot|can't|can ?not|am unable to|"
    r"(?:am|'m) not able to) (?:fulfill|fulfil|complete|comply with|assist with|help with|process)"
    r" (?:this|that|your|the) (?:request|prompt|task)\b"
    r"|\bas of my (?:last |latest )?(?:knowledge |training )?(?:update|cut-?off|training)\b"
    r"|\bmy (?:knowledge|training(?: data)?) (?:cut-?off|cutoff)\b"
    r"|\bI (?:do not|don't) have (?:access to )?real-time (?:data|information|access)\b"
    r"|^[ \t]*(?:Certainly|Absolutely)! [Hh]ere(?:'s| is| are)\b"
    r"|^[ \t]*(?:Certainly|Sure|Absolutely)[!,] [Hh]ere(?:'s| is| are) (?:a|an|the|your) "
    r"[^.\n]{0,60}?"
    r"(?:article|version|rewrite|summary|story|draft|paragraph|headline|text)\b"
    r"|^[ \t]*Regenerate(?: response)?[ \t]*(?=\r?$)"
    r"|\bI hope this (?:helps|article helps|information helps)\b",
    re.IGNORECASE | re.MULTILINE,
)

#: Every tell contains one of these (lowercase); texts without any skip the regex.
_CHATBOT_HINTS = ("as an ai", "request", "prompt", " task", "as of my", "cutoff", "cut-off",
                  "real-time", "certainly", "absolutely", "sure,", "sure!", "regenerate",
                  "hope this")


def find_chatbot_tells(doc: Document) -> Iterator[Hit]:
    """Chatbot boilerplate left in the text.

    >>> doc = Document.from_text("Stocks rose.\\nAs an AI language model, I cannot say why.")
    >>> [doc.text[h.start:h.end] for h in find_chatbot_tells(doc)]
    ['As an AI language model']
    """
    yield from doc.memo("generation.chatbot_tells", _scan_chatbot_tells)


def _scan_chatbot_tells(doc: Document) -> list[Hit]:
    """The regex runs only over lines holding a hint (no tell spans two lines, and every tell
    holds a hint), not over the whole text."""
    text = doc.text
    return [Hit(m.start(), m.end()) for a, b in hint_line_spans(doc, _CHATBOT_HINTS, lower=True)
            for m in _CHATBOT_RE.finditer(text, a, b)]


# ---------------------------------------------------------------------------------------------
# llm_filler_density


@dataclass(frozen=True)
class FillerVocabulary:
    """The measured filler terms: one compiled alternation, each term's weight, and the density
    (weighted hits per 1,000 words) from which a text is flagged."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    pattern: re.Pattern[str]  # case-insensitive, for any text
    threshold: float
    min_distinct: int = 3
    lower_pattern: re.Pattern[str] | None = None  # case-sensitive, for lowercased text (faster)


@cache
def filler_vocabulary() -> FillerVocabulary:
    """Load ``newsqual/data/llm_filler.tsv`` once (lazily, on first use).

    >>> v = filler_vocabulary()
    >>> len(v.terms) == len(v.weights) > 10 and v.threshold > 0
    True
    """
    raw = resources.files("newsqual").joinpath("data/llm_filler.tsv").read_text(encoding="utf-8")
    terms: list[str] = []
    weights: list[float] = []
    threshold = 0.0
    for line in raw.splitlines():
        if line.startswith("# density_threshold"):
            threshold = float(line.split("\t")[1])
            continue
        if not line or line.startswith("#") or line.startswith("term\t"):
            continue
        term, weight = line.split("\t")[:2]
        terms.append(term)
        weights.append(float(weight))
    return FillerVocabulary(tuple(terms), tuple(weights), _compile_terms(terms), threshold,
                            lower_pattern=_compile_terms(terms, flags=0))


def _compile_terms(terms: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex for all terms, one named group per term (``t<index>``).

    Terms are grouped by their first letter (every term starts with a literal letter), so the
    engine tries only the few branches that can match at a word start instead of all of them;
    within a letter, longest terms first so "plays a crucial role" wins over "crucial"."""
    by_first: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        if not term[:1].isalpha():
            raise ValueError(f"filler term must start with a letter: {term!r}")
        by_first.setdefault(term[0].lower(), []).append(i)
    branches = []
    for first, idx in sorted(by_first.items()):
        idx.sort(key=lambda i: -len(terms[i]))
        inner = "|".join(f"(?P<t{i}>{terms[i][1:]})" for i in idx)
        branches.append(f"{first}(?:{inner})")
    # A lookahead on the possible first letters lets the engine skip most positions cheaply.
    firsts = "".join(sorted(by_first))
    return re.compile(rf"\b(?=[{firsts}])(?:{'|'.join(branches)})\b", flags)


_WORD_RE = re.compile(r"\w+")  # the same words as the benchmark's \b\w+\b
#: Texts shorter than this many words are scored as if they had it, so one hit in a teaser does
#: not make a high density (the benchmark uses the same floor).
_MIN_WORDS = 150


@dataclass(frozen=True)
class FillerStats:
    hits: list[tuple[int, int, int]]  # (start, end, term index)
    words: int
    density: float
    distinct: int


def filler_stats(doc: Document) -> FillerStats:
    """Filler hits in `doc` with the weighted density per 1,000 words (computed once per
    document: the rule and :func:`features` share it through ``doc.memo``).

    >>> s = filler_stats(Document.from_text("It remains to be seen, and it is a testament to..."))
    >>> s.distinct
    2
    """
    return doc.memo("generation.filler_stats", _compute_filler_stats)


#: Characters skipped when looking back for what precedes a word: spaces and opening punctuation.
_OPENERS = " \t\"“‘'(["
#: What may precede a sentence's first word (after the openers): a sentence end, a colon, a dash.
_SENTENCE_BEFORE = ".!?:;…—–-•*#|>\n\r"


def is_name_use(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written as a name: capitalised (not all caps) in the middle
    of a sentence ("the studio Paramount bought"), or followed by another capitalised word
    ("Vital Farms said"), where an ordinary word would be lowercase. Filler words are ordinary
    words; as names they say nothing about style.

    >>> t = "Crucially, Paramount bought it. Vital Farms fell."
    >>> is_name_use(t, 0, 9), is_name_use(t, 11, 20), is_name_use(t, 32, 37)
    (False, True, True)
    """
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    if text[end:end + 1] == " " and text[end + 1:end + 2].isupper():
        return True
    i = start - 1
    while i >= 0 and i > start - 40 and text[i] in _OPENERS:
        i -= 1
    return i >= 0 and text[i] not in _SENTENCE_BEFORE


def drop_name_uses(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each span of a filler match, whether it counts: not when :func:`is_name_use`, nor when
    a capitalised span at a sentence start is a word the text writes as a name elsewhere
    ("Paramount said ... Paramount bought").

    >>> t = "Paramount rose. Shares of Paramount rose. Overall, fine."
    >>> drop_name_uses(t, [(0, 9), (26, 35), (42, 49)])
    [False, False, True]
    """
    capital = [text[a:a + 1].isupper() for a, _ in spans]
    if not any(capital):
        return [True] * len(spans)
    named = [c and is_name_use(text, a, b) for c, (a, b) in zip(capital, spans, strict=True)]
    names = {text[a:b] for n, (a, b) in zip(named, spans, strict=True) if n}
    return [not (n or (c and text[a:b] in names))
            for c, n, (a, b) in zip(capital, named, spans, strict=True)]


def _compute_filler_stats(doc: Document) -> FillerStats:
    vocab = filler_vocabulary()
    text = doc.text
    low = doc.lower
    # Lowercasing keeps offsets unless a character changes length ("İ"); then match case-blind.
    if vocab.lower_pattern is not None and len(low) == len(text):
        pattern, target = vocab.lower_pattern, low
    else:
        pattern, target = vocab.pattern, text
    found = [(m.start(), m.end(), int((m.lastgroup or "t0")[1:])) for m in pattern.finditer(target)]
    keep = drop_name_uses(text, [(a, b) for a, b, _ in found])
    hits = [h for h, k in zip(found, keep, strict=True) if k]
    words = len(_WORD_RE.findall(text))
    weight = sum(vocab.weights[i] for _, _, i in hits)
    density = 1000.0 * weight / max(words, _MIN_WORDS)
    return FillerStats(hits, words, density, len({i for _, _, i in hits}))


def find_filler_density(doc: Document) -> Iterator[Hit]:
    """Every filler hit, when the text's weighted filler density is above the measured threshold
    (the 99th percentile of human news) and at least 3 distinct terms occur."""
    vocab = filler_vocabulary()
    stats = filler_stats(doc)
    if stats.density < vocab.threshold or stats.distinct < vocab.min_distinct:
        return
    msg = (f"Language-model filler vocabulary at {stats.density:.1f} weighted hits per 1,000 "
           f"words ({stats.distinct} distinct terms; human news stays below {vocab.threshold:g}).")
    for start, end, _ in stats.hits:
        yield Hit(start, end, message=msg)


# ---------------------------------------------------------------------------------------------
# summary_heading

#: A heading line on its own: the wrap-up sections chat models add to articles. A bare
#: "Conclusion" or "Summary" heading is left out: human blogs and reports use it (measured on the
#: WCXB article pages, where it headed 14 % of pages).
_SUMMARY_HEADING_RE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?"
    r"(?P<strong>In (?:Retrospect|Summary|Conclusion|Closing)"
    r"|To (?:Conclude|Sum Up|Summarize|Summarise)|Key Takeaways?|Final Thoughts"
    r"|Concluding (?:Thoughts|Remarks))"
    r"(?:\*\*)?[ \t]*:?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)


_NON_SPACE_RE = re.compile(r"\S")
#: First characters of a summary heading line (after spaces): "#", "*" or a phrase's initial.
_HEADING_FIRST = frozenset("#*iItTkKfFcC")


def find_summary_heading(doc: Document) -> Iterator[Hit]:
    """A standalone wrap-up heading followed by more text.

    >>> doc = Document.from_text("Talks went well.\\n\\nIn Retrospect\\n\\nThe call mattered.")
    >>> [doc.text[h.start:h.end] for h in find_summary_heading(doc)]
    ['In Retrospect']
    """
    yield from doc.memo("generation.summary_headings", _scan_summary_headings)


def _scan_summary_headings(doc: Document) -> list[Hit]:
    """The heading regex is tried at the start of each line whose first character can begin a
    heading, not at every character of the text (a match is one whole line)."""
    text = doc.text
    hits = []
    for line in doc.lines:
        if line.text.lstrip(" \t")[:1] not in _HEADING_FIRST:
            continue
        m = _SUMMARY_HEADING_RE.match(text, line.start, line.end)
        if m is None:
            continue
        heading = m.group("strong")
        if not _NON_SPACE_RE.search(text, m.end()) or not heading[0].isupper():
            continue  # a heading needs text after it; a lowercase line is a fragment of prose
        hits.append(Hit(m.start("strong"), m.end("strong")))
    return hits


# ---------------------------------------------------------------------------------------------
# features for the machine-generation classifier

FEATURE_NAMES: tuple[str, ...] = (
    "gen.filler_per_1k",
    "gen.filler_distinct",
    "gen.filler_hits_per_1k",
    "gen.sentence_len_mean",
    "gen.sentence_len_cv",
    "gen.paragraph_len_cv",
    "gen.transition_start_frac",
    "gen.chatbot_tells",
    "gen.summary_headings",
)

#: A sentence boundary: end punctuation, optional closing quote, space, then a capital or quote
#: (so "U.S. officials" and "3.5 million" do not split).
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
#: Sentence openers that stitch paragraphs together; chat models lean on them.
_TRANSITION_RE = re.compile(
    r"\s*[\"“]?(?:However|Moreover|Furthermore|Additionally|In addition|Overall|Ultimately|"
    r"Meanwhile|Consequently|Therefore|Thus|Nevertheless|Notably|Importantly|As a result|"
    r"In summary|In conclusion|Finally|Lastly|Despite|Similarly|Conversely|Indeed)\b"
)


def _cv(values: list[int]) -> float:
    """Coefficient of variation (population std / mean); 0 for fewer than two values.

    Plain floats: ``statistics.pstdev`` computes with exact fractions, 20x slower here."""
    n = len(values)
    if n < 2:
        return 0.0
    mean = sum(values) / n
    if not mean:
        return 0.0
    return math.sqrt(sum((v - mean) ** 2 for v in values) / n) / mean


def features(doc: Document) -> dict[str, float]:
    """Numeric features for the classifier, keyed by :data:`FEATURE_NAMES`.

    >>> f = features(Document.from_text("However, it rained. The match went on. Overall, fine."))
    >>> round(f["gen.transition_start_frac"], 2)
    0.67
    """
    stats = filler_stats(doc)
    sentences = [s for ln in doc.lines if ln.text.strip()
                 for s in _SENTENCE_SPLIT_RE.split(ln.text.strip()) if len(s) > 1]
    lengths = [len(s.split()) for s in sentences]
    paragraphs = [len(ln.text.split()) for ln in doc.lines if len(ln.text.split()) >= 5]
    transitions = sum(1 for s in sentences if _TRANSITION_RE.match(s))
    words = max(stats.words, _MIN_WORDS)
    return {
        "gen.filler_per_1k": stats.density,
        "gen.filler_distinct": float(stats.distinct),
        "gen.filler_hits_per_1k": 1000.0 * len(stats.hits) / words,
        "gen.sentence_len_mean": sum(lengths) / len(lengths) if lengths else 0.0,
        "gen.sentence_len_cv": _cv(lengths),
        "gen.paragraph_len_cv": _cv(paragraphs),
        "gen.transition_start_frac": transitions / len(sentences) if sentences else 0.0,
        "gen.chatbot_tells": float(sum(1 for _ in find_chatbot_tells(doc))),
        "gen.summary_headings": float(sum(1 for _ in find_summary_heading(doc))),
    }


# ---------------------------------------------------------------------------------------------

RULES: list[Rule] = [
    Rule(
        kind="chatbot_tell",
        family=FAMILY,
        description="A chatbot's own boilerplate left in the article (NewsGuard, May 2023).",
        severity="high",
        message="Chatbot boilerplate in the text: it was generated by a language model unedited.",
        finder=find_chatbot_tells,
        positives=(
            "As an AI language model, I cannot predict the outcome of the election.",
            "I'm sorry, but I cannot fulfill this request as it goes against my guidelines.",
            "The company, as of my last knowledge update in September 2021, had 300 staff.",
            "Certainly! Here is a news article about the merger:\n\nShares rose...",
            "The council will vote in June.\nRegenerate response\n",
            "Note that my knowledge cutoff means later events are missing. I hope this helps!",
        ),
        negatives=(
            "The startup sells an AI language model to banks, its chief executive said.",
            "Asked whether he could complete the project, the mayor said: 'Certainly, here is the "
            "plan.'",
            "The paper tested how often an AI model answered questions about the election.",
            "Sure, here's the thing: nobody expected the vote to be this close, he said.",
            "Officials said they hope this helps to calm markets.",
        ),
    ),
    Rule(
        kind="llm_filler_density",
        family=FAMILY,
        description="Dense use of vocabulary language models over-use relative to human news.",
        severity="medium",
        message="Language-model filler vocabulary is far denser than in human-written news.",
        finder=find_filler_density,
        positives=(
            "The summit remains to be seen as a testament to resilience. Crucially, it showcases "
            "the importance of diplomacy. Additionally, the implications are far-reaching, and "
            "overall it plays a crucial role in fostering dialogue. Furthermore, leaders alike "
            "emphasized innovative insights, ensuring that the talks resonate. Ultimately, it "
            "remains to be seen whether the initiative aims to navigate the road ahead.",
        ),
        negatives=(
            "The city council voted 7-2 on Tuesday to raise parking fees by 50 cents an hour, the "
            "first increase since 2015. Supporters said the money would pay for bus lanes; "
            "opponents said shop owners downtown would lose customers. The new fees take effect "
            "in March. The mayor, who backed the plan, said she would review it after a year. "
            "Residents can comment at a hearing on Feb. 3, the city clerk said.",
            # Filler words as names (capitalised mid-sentence) say nothing about style.
            "Shares of Paramount rose 3 percent on Tuesday after the studio agreed to sell its "
            "stake in Resilience Pharmaceuticals to Overall Holdings, a Boston investment firm. "
            "Bankers at Innovative Industries, which advised on the deal, declined to comment.",
        ),
    ),
    Rule(
        kind="summary_heading",
        family=FAMILY,
        description="A standalone wrap-up heading ('In Conclusion', 'Key Takeaways').",
        severity="low",
        message="A wrap-up heading typical of language-model article templates.",
        finder=find_summary_heading,
        positives=(
            "The deal was signed.\n\nIn Conclusion\n\nBoth sides gained.",
            "Prices rose.\n## Key Takeaways:\n- Rates went up.",
            "Rivals reacted.\n\nFinal Thoughts\nThe merger will reshape the market.",
        ),
        negatives=(
            "In conclusion, the judge said, the evidence was thin.",
            "The report's conclusion was clear.\nConclusion of the trial is expected in May.",
            "He wrote a book called In Summary of My Life, which sold well.",
        ),
    ),
]

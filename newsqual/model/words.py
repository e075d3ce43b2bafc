"""Common-English word rates: the reliability model's small bag of words.

The vocabulary is fixed in advance, not learned from the training data: the most frequent English
words in `wordfreq` (its ``top_n_list``, a blend of books, news, web, subtitles and social media),
minus the function words :mod:`newsqual.model.style` already counts and a short list of
page-furniture words (:data:`CHROME_WORDS`). Restricting the bag to common
English keeps out most outlet names, bylines and scraper chrome (rare strings that identify one
outlet, hence the label, in the public data), while still letting the model weigh how a text is
written ("reportedly", "officials", "shocking"). Rates are per 100 words and only words that
occur are returned (sparse): a model treats a missing ``w.<word>`` as 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

#: How many of wordfreq's most frequent English words form the vocabulary (before filtering).
VOCABULARY_SIZE = 5000
#: Feature-name prefix of word rates (``w.officials``).
WORD_PREFIX = "w."
#: Page-furniture and platform words (our own list): on news pages they come from embeds, photo
#: credits, share bars and "story highlights" boxes, i.e. the outlet's template, not its prose.
CHROME_WORDS: frozenset[str] = frozenset(
    "com www http https html org net photo photos image images video videos getty instagram "
    "twitter facebook youtube tweet tweeted post posted posts share shared click subscribe "
    "newsletter advertisement highlights caption credit copyright reserved cookies email app "
    "download watch read more related comments comment follow".split())
_TOKEN_RE = re.compile(r"[a-z]{2,}(?:'[a-z]+)?")


@cache
def vocabulary() -> frozenset[str]:
    """The word-rate vocabulary: wordfreq's top :data:`VOCABULARY_SIZE` English words that are
    plain lower-case tokens of two letters or more, minus
    :data:`newsqual.model.style.FUNCTION_WORDS` and :data:`CHROME_WORDS` (loaded once).

    >>> "officials" in vocabulary() and "the" not in vocabulary()
    True
    """
    from wordfreq import top_n_list

    from newsqual.model.style import FUNCTION_WORDS

    skip = set(FUNCTION_WORDS) | CHROME_WORDS
    return frozenset(w for w in top_n_list("en", VOCABULARY_SIZE)
                     if _TOKEN_RE.fullmatch(w) and w not in skip)


def word_names() -> tuple[str, ...]:
    """Every possible word-rate feature name, sorted (``w.<word>``)."""
    return tuple(WORD_PREFIX + w for w in sorted(vocabulary()))


def word_rates(counts: Mapping[str, int], n_words: int) -> dict[str, float]:
    """Per-100-word rate of each vocabulary word in `counts` (lower-case token counts), sparse.

    >>> from collections import Counter
    >>> word_rates(Counter("officials said the plan was wrong".split()), 6)
    {'w.officials': 5.0, 'w.said': 5.0, 'w.plan': 5.0, 'w.wrong': 5.0}
    """
    vocab = vocabulary()
    per = 100.0 / max(n_words, 20)
    return {WORD_PREFIX + w: k * per for w, k in counts.items() if w in vocab}


def common_share(counts: Mapping[str, int], n_words: int, extra: Iterable[str] = ()) -> float:
    """Share of the `n_words` tokens that are vocabulary words or in `extra` (function words)."""
    if not n_words:
        return 0.0
    vocab = vocabulary()
    more = frozenset(extra)
    return sum(k for w, k in counts.items() if w in vocab or w in more) / n_words

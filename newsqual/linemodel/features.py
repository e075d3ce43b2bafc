"""One numeric row per non-blank line: the line itself, its neighbours, and where it stands.

Chrome lines (menus, share bars, footers, related-article lists) differ from prose less by their
own words than by their surroundings: they come in runs of short, unpunctuated, title-cased lines,
before the first or after the last paragraph of prose, and often repeat. So each line's row holds
its own shape (length, punctuation, capitals, function words, chrome vocabulary), the same few
numbers for its neighbours at distance 1..3, window means over +-5 and +-10 lines, run lengths
(and where the line sits in its run) and duplication, and its position relative to the document and
to its prose (how far, in lines and in characters, the nearest prose line is on each side).

All statistics are computed for every line of a document at once: the lines are joined, each
character becomes a code point in a numpy array, and per-line sums are differences of cumulative
sums; regular expressions run once over the joined text and their hits are binned to lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, count, repeat

import numpy as np

#: Distances of the neighbour lines whose summary enters a line's row.
NEIGHBOUR_OFFSETS: tuple[int, ...] = (-3, -2, -1, 1, 2, 3)

# Vocabulary groups, each one feature (our own short lists, written for this model). Words are
# looked up in one pass over the lower-cased tokens of a document; two-word phrases by their pair.
_GROUP_WORDS: dict[str, str] = {
    # Function words: dense in prose, nearly absent from menus and link lists.
    "stop": "the a an of and to in is was are were be been that this for on with as by at it its "
            "from has have had but or not he she they we his her their our who which will would "
            "said after than into about when there also can could if so",
    "kw_share": "share shares shared tweet facebook twitter linkedin pinterest whatsapp instagram "
                "youtube tiktok reddit telegram email print follow",
    "kw_account": "login logout signin signup register account subscribe subscriber subscribers "
                  "subscription newsletter password cart checkout donate join|log in|log out|"
                  "sign in|sign up|sign out|my account",
    "kw_legal": "copyright cookie cookies privacy terms conditions gdpr consent disclaimer "
                "accessibility imprint legal|rights reserved",
    "kw_nav": "home homepage menu search contact about categories category tag tags archive "
              "archives sitemap navigation next previous prev page close open toggle more main "
              "skip|back to|to top",
    "kw_more": "related recommended trending popular comment comments reply replies posted click "
               "continue watch video videos photo photos gallery latest sponsored advertisement "
               "advertising ad ads promoted partner|read more|see all|view all|load more|"
               "show more|leave a|most read|also like|learn more",
    "kw_date": "jan january feb february mar march apr april may jun june jul july aug august sep "
               "sept september oct october nov november dec december ago updated published "
               "monday tuesday wednesday thursday friday saturday sunday",
}
_GROUPS: tuple[str, ...] = tuple(_GROUP_WORDS)


def _build_vocab() -> dict[str, int]:
    """Word or phrase -> bitmask of the groups (index in :data:`_GROUPS`) it belongs to."""
    vocab: dict[str, int] = {}
    for bit, group in enumerate(_GROUPS):
        single, *phrases = _GROUP_WORDS[group].split("|")
        for entry in single.split() + phrases:
            vocab[entry] = vocab.get(entry, 0) | (1 << bit)
    return vocab


_VOCAB = _build_vocab()
_WORD_RE = re.compile(r"[^\W\d_]+")
# Numbers that look like years or clock times (they add to kw_date).
# Each pattern starts with a single character class (the rest checked by lookbehinds), so that
# the regex engine scans for that class in C instead of trying every branch at every position:
# 2-4x faster on article text, same matches.
# Years 18xx-20xx and clock times (9:30).
_DATE_NUM_RE = re.compile(r"[12\d](?:(?<=1)[89]\d\d(?!\d)|(?<=2)0\d\d(?!\d)|:[0-5]\d)")
_OTHER_PATTERNS: dict[str, re.Pattern[str]] = {
    # http(s)://, www., .com/.org/.net/.co.uk, @handle, #hashtag
    "kw_link": re.compile(r"[hw.@#](?:(?<=h)ttps?://|(?<=w)ww\.|(?<=\.)(?:com|org|net|co\.uk)\b"
                          r"|(?<=[@#])\w)", re.IGNORECASE),
    # (12), 34 comments / views / shares / likes / replies
    "kw_count": re.compile(r"[(\d](?:(?<=\()\d{1,6}\)|(?<=\d)\d{0,5} "
                           r"(?:comments?|views|shares|likes|replies)\b)"),
}
_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"”’')]{0,2} +[A-Z\"“‘(]")
# A separator character with white space around it: " | ", " / ", " > ", or | • · › » with white
# space on at least one side.
_SEPARATOR_RE = re.compile(r"[|•·›»/>](?:(?<=\s[/>])(?=\s)|(?<=\s[|•·›»])|(?<=[|•·›»])(?=\s))")

# Characters that end a sentence (optionally followed by a closing quote or bracket).
_TERMINAL = frozenset(map(ord, '.!?"”’\')…'))
_BULLETS = frozenset(map(ord, "•·-*–—►▸»>|▪◦‣→✓✔"))

_OWN = (
    "log_chars", "log_words", "mean_word_len", "frac_upper_letters", "frac_digits", "frac_punct",
    "frac_capitalised_words", "frac_stopwords", "n_sentence_breaks", "commas_per_word",
    "ends_terminal", "ends_colon", "starts_upper", "starts_bullet", "starts_digit", "n_separators",
    *_GROUPS[1:], *_OTHER_PATTERNS, "kw_any", "log_dup_count", "is_prose",
    # Lexical cohesion: an article's paragraphs share their vocabulary, a related-stories list,
    # an ad or a footer mostly does not.
    "frac_shared_words", "frac_shared_prose",
)
# The summary of a line that its neighbours see.
_SUMMARY = ("log_words", "ends_terminal", "frac_stopwords", "frac_capitalised_words", "kw_any",
            "is_prose", "frac_shared_prose")
_CONTEXT = (
    "rel_position", "log_lines_before", "log_lines_after", "log_doc_lines",
    "log_prose_before", "log_prose_after", "log_dist_to_prose", "before_first_prose",
    "after_last_prose", "log_short_run", "log_unterminated_run", "doc_frac_prose",
    "doc_mean_log_words", "words_vs_doc_max", "win5_mean_log_words", "win5_mean_terminal",
    "win5_mean_stopwords",
    # Wider context: the same means over +-10 lines, prose and chrome-word density around the
    # line, and how far the nearest prose is on each side (in lines and in characters).
    "win10_mean_log_words", "win10_mean_terminal", "win10_mean_stopwords", "win5_mean_prose",
    "win10_mean_prose", "win5_mean_kw_any", "win10_mean_kw_any", "log_prose_left_lines",
    "log_prose_right_lines", "log_prose_left_chars", "log_prose_right_chars", "between_prose",
    "unterminated_run_pos", "unterminated_run_first", "unterminated_run_last",
)

# Step functions and products of a few features, so that the linear model can bend: chrome
# probability is not monotone-linear in length or position (cut points chosen by hand).
_WORD_CUTS = (1, 2, 3, 5, 8, 12, 20, 35)
_HEAD_CUTS = (0.05, 0.1, 0.2)
_TAIL_CUTS = (0.8, 0.9, 0.95)
_STOP_CUTS = (0.1, 0.2, 0.3)
_DIST_CUTS = (0, 1, 2, 4, 8)
_RUN_CUTS = (3, 6, 10)
_BENT = (
    tuple(f"words_le_{k}" for k in _WORD_CUTS)
    + tuple(f"position_lt_{k}" for k in _HEAD_CUTS)
    + tuple(f"position_gt_{k}" for k in _TAIL_CUTS)
    + ("stopwords_none",) + tuple(f"stopwords_lt_{k}" for k in _STOP_CUTS)
    + tuple(f"prose_dist_le_{k}" for k in _DIST_CUTS)
    + tuple(f"short_run_ge_{k}" for k in _RUN_CUTS)
    + ("prose_x_doc_frac_prose", "prose_x_position", "prose_x_tail_distance",
       "short_x_doc_frac_prose", "terminal_x_words")
)

#: The ordered feature names (the model file stores them and is refused if they differ).
FEATURE_NAMES: tuple[str, ...] = (
    _OWN
    + _CONTEXT
    + _BENT
    + tuple(f"n{off:+d}_{name}" for off in NEIGHBOUR_OFFSETS for name in _SUMMARY)
    + tuple(f"n{off:+d}_exists" for off in NEIGHBOUR_OFFSETS)
)
_IDX = {name: i for i, name in enumerate(_OWN)}


def content_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of `text`, surrounding whitespace excluded.

    >>> content_spans("Menu\\n\\n  A paragraph.\\r\\n")
    [(0, 4), (8, 20)]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return spans


def _bin_positions(starts: Sequence[int] | np.ndarray, offsets: np.ndarray, n: int) -> np.ndarray:
    """Number of positions (character offsets in the joined text) falling in each line."""
    if len(starts) == 0:
        return np.zeros(n)
    idx = np.searchsorted(offsets, np.asarray(starts), side="right") - 1
    return np.bincount(idx, minlength=n).astype(float)


def _bin(pattern: re.Pattern[str], joined: str, offsets: np.ndarray, n: int) -> np.ndarray:
    """Number of `pattern` hits starting in each line of `joined`."""
    return _bin_positions([m.start() for m in pattern.finditer(joined)], offsets, n)


def _group_counts(lines: Sequence[str], n: int
                  ) -> tuple[dict[str, np.ndarray], list[str], np.ndarray, np.ndarray]:
    """Per line, the number of words (or two-word phrases) of each vocabulary group; and the
    document's lower-cased words, the line of each and its group bitmask."""
    per_line = [_WORD_RE.findall(s.lower()) for s in lines]
    counts = np.fromiter(map(len, per_line), dtype=np.int64, count=n)
    words = list(chain.from_iterable(per_line))
    if not words:
        empty = np.zeros(0, dtype=np.int64)
        return {g: np.zeros(n) for g in _GROUPS}, words, empty, empty
    get = _VOCAB.get
    # map() with two iterables calls get(word, 0) without a Python-level loop.
    codes = np.fromiter(map(get, words, repeat(0)), dtype=np.int64, count=len(words))
    pairs = np.fromiter(map(get, map(" ".join, zip(words, words[1:], strict=False)), repeat(0)),
                        dtype=np.int64, count=len(words) - 1)
    line_of = np.repeat(np.arange(n), counts)
    same_line = line_of[:-1] == line_of[1:]
    out = {}
    for bit, group in enumerate(_GROUPS):
        mask = (codes >> bit) & 1
        pair_mask = ((pairs >> bit) & 1) * same_line
        out[group] = (np.bincount(line_of, weights=mask, minlength=n)
                      + np.bincount(line_of[:-1], weights=pair_mask, minlength=n))
    return out, words, line_of, codes


def _cohesion(words: list[str], line_of: np.ndarray, codes: np.ndarray, prose: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Per line, the share of its content words (4+ letters, not function words) that occur in
    another line of the document, and in another line that is prose."""
    n = len(prose)
    if not words:
        return np.zeros(n), np.zeros(n)
    ids: dict[str, int] = {}
    wid = np.fromiter(map(ids.setdefault, words, count()), dtype=np.int64, count=len(words))
    content = (np.fromiter(map(len, words), dtype=np.int64, count=len(words)) >= 4) & (
        (codes & 1) == 0)
    wid, line = wid[content], line_of[content]
    if not len(wid):
        return np.zeros(n), np.zeros(n)
    total = np.bincount(wid)
    in_prose = np.bincount(wid, weights=prose[line])
    # Occurrences of the same word in the same line.
    _, inverse, same = np.unique(line * (wid.max() + 1) + wid, return_inverse=True,
                                 return_counts=True)
    here = same[inverse]
    shared = (total[wid] - here) > 0
    shared_prose = (in_prose[wid] - here * prose[line]) > 0
    per_line = np.maximum(np.bincount(line, minlength=n), 1)
    return (np.bincount(line, weights=shared, minlength=n) / per_line,
            np.bincount(line, weights=shared_prose, minlength=n) / per_line)


def _runs(mask: np.ndarray) -> np.ndarray:
    """For each element, the length of the run of True it belongs to (0 where False)."""
    n = len(mask)
    if n == 0:
        return np.zeros(0)
    change = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    bounds = np.concatenate([[0], change, [n]])
    lengths = np.diff(bounds)
    per = np.repeat(lengths, lengths).astype(float)
    return np.where(mask, per, 0.0)


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of `values` over the window of +-`half` elements around each (cut at the ends)."""
    n = len(values)
    c = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)


def _own_features(lines: Sequence[str]) -> np.ndarray:
    n = len(lines)
    joined = "\n".join(lines)
    lengths = np.fromiter((len(s) for s in lines), dtype=np.int64, count=n)
    offsets = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.int64)

    space = (cp == 32) | (cp == 9) | (cp == 10) | (cp == 13) | (cp == 0xA0) | (cp == 0x3000)
    digit = (cp >= 48) & (cp <= 57)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
    lower = ((cp >= 97) & (cp <= 122)) | ((cp >= 0xDF) & (cp <= 0xFF) & (cp != 0xF7))
    other_letter = (cp >= 0x100) & ~((cp >= 0x2000) & (cp <= 0x2BFF)) & ~(
        (cp >= 0x3000) & (cp <= 0x303F)) & ~((cp >= 0xE000) & (cp <= 0xF8FF))
    letter = upper | lower | other_letter
    punct = ~(space | digit | letter)
    prev_space = np.concatenate([[True], space[:-1]])
    word_start = ~space & prev_space
    cap_start = word_start & upper

    def per_line(mask: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0], np.cumsum(mask)])
        return (c[offsets + lengths] - c[offsets]).astype(float)

    n_chars = lengths.astype(float)
    n_words = per_line(word_start)
    n_letters = per_line(letter)
    safe_words = np.maximum(n_words, 1.0)
    first = cp[offsets]
    last = cp[offsets + lengths - 1]

    f = np.zeros((n, len(_OWN)))
    f[:, _IDX["log_chars"]] = np.log1p(n_chars)
    f[:, _IDX["log_words"]] = np.log1p(n_words)
    f[:, _IDX["mean_word_len"]] = (n_chars - per_line(space)) / safe_words
    f[:, _IDX["frac_upper_letters"]] = per_line(upper) / np.maximum(n_letters, 1.0)
    f[:, _IDX["frac_digits"]] = per_line(digit) / n_chars
    f[:, _IDX["frac_punct"]] = per_line(punct) / n_chars
    f[:, _IDX["frac_capitalised_words"]] = per_line(cap_start) / safe_words
    groups, words, line_of, codes = _group_counts(lines, n)
    groups["kw_date"] = groups["kw_date"] + _bin(_DATE_NUM_RE, joined, offsets, n)
    groups["kw_legal"] = groups["kw_legal"] + per_line(cp == 0xA9)
    for name, pattern in _OTHER_PATTERNS.items():
        groups[name] = _bin(pattern, joined, offsets, n)
    f[:, _IDX["frac_stopwords"]] = groups["stop"] / safe_words
    f[:, _IDX["n_sentence_breaks"]] = np.log1p(_bin(_SENTENCE_BREAK_RE, joined, offsets, n))
    f[:, _IDX["commas_per_word"]] = per_line(cp == 44) / safe_words
    f[:, _IDX["ends_terminal"]] = np.isin(last, list(_TERMINAL))
    f[:, _IDX["ends_colon"]] = last == 58
    f[:, _IDX["starts_upper"]] = (((first >= 65) & (first <= 90))
                                  | ((first >= 0xC0) & (first <= 0xDE)))
    f[:, _IDX["starts_bullet"]] = np.isin(first, list(_BULLETS))
    f[:, _IDX["starts_digit"]] = (first >= 48) & (first <= 57)
    f[:, _IDX["n_separators"]] = np.log1p(_bin(_SEPARATOR_RE, joined, offsets, n))
    kw_any = np.zeros(n)
    for name in (*_GROUPS[1:], *_OTHER_PATTERNS):
        hits = groups[name]
        f[:, _IDX[name]] = np.log1p(hits)
        if name not in ("kw_date", "kw_count"):
            kw_any += hits
    f[:, _IDX["kw_any"]] = kw_any / safe_words
    keys = [s.lower() for s in lines]
    counts = Counter(keys)
    f[:, _IDX["log_dup_count"]] = np.log1p(np.fromiter((counts[k] - 1 for k in keys), float, n))
    f[:, _IDX["is_prose"]] = (
        (n_words >= 10) & f[:, _IDX["ends_terminal"]].astype(bool)
        & (f[:, _IDX["frac_stopwords"]] >= 0.15)
    )
    f[:, _IDX["frac_shared_words"]], f[:, _IDX["frac_shared_prose"]] = _cohesion(
        words, line_of, codes, f[:, _IDX["is_prose"]])
    return f


def _context_features(own: np.ndarray) -> np.ndarray:
    n = own.shape[0]
    idx = np.arange(n, dtype=float)
    prose = own[:, _IDX["is_prose"]].astype(bool)
    log_words = own[:, _IDX["log_words"]]
    terminal = own[:, _IDX["ends_terminal"]]
    stop = own[:, _IDX["frac_stopwords"]]
    c = np.zeros((n, len(_CONTEXT)))
    col = {name: i for i, name in enumerate(_CONTEXT)}
    c[:, col["rel_position"]] = idx / max(n - 1, 1)
    c[:, col["log_lines_before"]] = np.log1p(idx)
    c[:, col["log_lines_after"]] = np.log1p(n - 1 - idx)
    c[:, col["log_doc_lines"]] = np.log1p(n)
    cum = np.cumsum(prose)
    before = cum - prose
    after = cum[-1] - cum
    c[:, col["log_prose_before"]] = np.log1p(before)
    c[:, col["log_prose_after"]] = np.log1p(after)
    where = np.flatnonzero(prose)
    if len(where):
        pos = np.searchsorted(where, idx)
        left = where[np.clip(pos - 1, 0, len(where) - 1)]
        right = where[np.clip(pos, 0, len(where) - 1)]
        dist = np.minimum(np.abs(idx - left), np.abs(right - idx))
        c[:, col["log_dist_to_prose"]] = np.log1p(dist)
        c[:, col["before_first_prose"]] = idx < where[0]
        c[:, col["after_last_prose"]] = idx > where[-1]
    else:
        c[:, col["log_dist_to_prose"]] = np.log1p(n)
        c[:, col["before_first_prose"]] = 1.0
        c[:, col["after_last_prose"]] = 1.0
    c[:, col["log_short_run"]] = np.log1p(_runs(log_words <= np.log1p(4)))
    c[:, col["log_unterminated_run"]] = np.log1p(_runs(terminal == 0))
    c[:, col["doc_frac_prose"]] = prose.mean()
    c[:, col["doc_mean_log_words"]] = log_words.mean()
    c[:, col["words_vs_doc_max"]] = log_words / max(log_words.max(), 1e-9)
    c[:, col["win5_mean_log_words"]] = _window_mean(log_words, 5)
    c[:, col["win5_mean_terminal"]] = _window_mean(terminal, 5)
    c[:, col["win5_mean_stopwords"]] = _window_mean(stop, 5)
    kw = own[:, _IDX["kw_any"]]
    c[:, col["win10_mean_log_words"]] = _window_mean(log_words, 10)
    c[:, col["win10_mean_terminal"]] = _window_mean(terminal, 10)
    c[:, col["win10_mean_stopwords"]] = _window_mean(stop, 10)
    c[:, col["win5_mean_prose"]] = _window_mean(prose.astype(float), 5)
    c[:, col["win10_mean_prose"]] = _window_mean(prose.astype(float), 10)
    c[:, col["win5_mean_kw_any"]] = _window_mean(kw, 5)
    c[:, col["win10_mean_kw_any"]] = _window_mean(kw, 10)
    chars = np.expm1(own[:, _IDX["log_chars"]])
    cchars = np.concatenate([[0.0], np.cumsum(chars)])
    if len(where):
        pos = np.searchsorted(where, idx)  # first prose index >= idx
        has_left = pos > 0
        left = where[np.clip(pos - 1, 0, len(where) - 1)]
        pos_r = np.searchsorted(where, idx, side="right")
        has_right = pos_r < len(where)
        right = where[np.clip(pos_r, 0, len(where) - 1)]
        # A prose line itself looks at the nearest OTHER prose line.
        dl = np.where(has_left, idx - left, n)
        dr = np.where(has_right, right - idx, n)
        il, ir = idx.astype(int), left.astype(int) + 1
        cl = np.where(has_left, cchars[il] - cchars[np.minimum(ir, il)], cchars[-1])
        cr = np.where(has_right, cchars[right.astype(int)] - cchars[il + 1], cchars[-1])
    else:
        dl = dr = np.full(n, float(n))
        cl = cr = np.full(n, cchars[-1])
    c[:, col["log_prose_left_lines"]] = np.log1p(dl)
    c[:, col["log_prose_right_lines"]] = np.log1p(dr)
    c[:, col["log_prose_left_chars"]] = np.log1p(np.maximum(cl, 0.0))
    c[:, col["log_prose_right_chars"]] = np.log1p(np.maximum(cr, 0.0))
    c[:, col["between_prose"]] = (dl <= 3) & (dr <= 3)
    unterm = terminal == 0
    run = _runs(unterm)
    change = np.concatenate([[True], unterm[1:] != unterm[:-1]]) if n else np.zeros(0, bool)
    start = np.maximum.accumulate(np.where(change, idx, 0)) if n else np.zeros(0)
    offset = idx - start
    c[:, col["unterminated_run_pos"]] = np.where(unterm, (offset + 0.5) / np.maximum(run, 1), 0.0)
    c[:, col["unterminated_run_first"]] = unterm & (offset == 0) & (run > 1)
    c[:, col["unterminated_run_last"]] = unterm & (offset == run - 1) & (run > 1)
    return c


def _bent_features(own: np.ndarray, context: np.ndarray) -> np.ndarray:
    """Columns :data:`_BENT`: step functions and products of a few features."""
    ctx = {name: context[:, i] for i, name in enumerate(_CONTEXT)}
    words = np.expm1(own[:, _IDX["log_words"]])
    pos = ctx["rel_position"]
    stop = own[:, _IDX["frac_stopwords"]]
    dist = np.expm1(ctx["log_dist_to_prose"])
    run = np.expm1(ctx["log_short_run"])
    prose = own[:, _IDX["is_prose"]]
    frac_prose = ctx["doc_frac_prose"]
    cols = [words <= k + 0.5 for k in _WORD_CUTS]
    cols += [pos < k for k in _HEAD_CUTS] + [pos > k for k in _TAIL_CUTS]
    cols += [stop == 0] + [stop < k for k in _STOP_CUTS]
    cols += [dist <= k + 0.5 for k in _DIST_CUTS] + [run >= k - 0.5 for k in _RUN_CUTS]
    cols += [prose * frac_prose, prose * pos, prose * (1 - pos), (words <= 3.5) * frac_prose,
             own[:, _IDX["ends_terminal"]] * np.minimum(words, 40) / 40]
    return np.column_stack(cols).astype(float)


def _neighbour_features(own: np.ndarray) -> np.ndarray:
    n = own.shape[0]
    summary = own[:, [_IDX[s] for s in _SUMMARY]]
    pad = len(NEIGHBOUR_OFFSETS) * 3
    zeros = np.zeros((pad, summary.shape[1]))
    padded = np.vstack([zeros, summary, zeros])
    blocks = []
    exists = []
    idx = np.arange(n)
    for off in NEIGHBOUR_OFFSETS:
        blocks.append(padded[pad + off:pad + off + n])
        exists.append(((idx + off >= 0) & (idx + off < n)).astype(float))
    return np.hstack(blocks + [np.column_stack(exists)])


def line_features(lines: Sequence[str]) -> np.ndarray:
    """The feature matrix (one row per line, columns :data:`FEATURE_NAMES`) of a document given
    as its non-blank lines in order (each already stripped).

    >>> x = line_features(["Home", "News", "The council met on Monday and closed the road."])
    >>> x.shape == (3, len(FEATURE_NAMES))
    True
    """
    if not lines:
        return np.zeros((0, len(FEATURE_NAMES)))
    own = _own_features(lines)
    context = _context_features(own)
    return np.hstack([own, context, _bent_features(own, context), _neighbour_features(own)])

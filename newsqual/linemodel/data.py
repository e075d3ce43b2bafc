"""The development pages for the line classifier: naive rendering and per-line labels.

The pages are the WCXB dev split in ``../shared/data/boilerplate/wcxb`` (Foley 2026, CC-BY-4.0):
the cached HTML of each page and a human-reviewed ground truth of its main content. They are read
from disk, never copied into the repository.

**Naive rendering** (:func:`naive_text`): the whole page rendered to text by
:func:`newsqual.html.render_html` (block elements end a line, scripts and styles dropped, nothing
else removed): what a scraper that keeps every visible block produces, and the same text
``Document.from_html`` judges, so HTML and plain-text methods are scored on identical lines.

**Labels** (:func:`label_lines`): a line is *content* when it belongs to the ground truth's main
content (or is the page title), otherwise *chrome*. Matching works on lower-cased word tokens.
Two labellers exist; ``v2`` is the default (:data:`DEFAULT_LABELLER`).

``v2``, claim-once ordered alignment (:func:`label_lines_v2`):

- each line's token run is looked up wherever it occurs in the reference (a line of 8 or more
  tokens whose exact run is absent may match fuzzily: at least half of its trigrams on one
  diagonal of the reference, give or take a few tokens);
- the content lines are the heaviest chain of such places that runs in page order and uses each
  stretch of the reference once (:func:`newsqual.html.chain_places`), so a short line counts
  only where its neighbours place it, and a line the page repeats (a table of contents, a menu
  item, a duplicated block) is content only as many times as the reference holds it; ties go to
  the later copy;
- a long line placed on a stretch of the reference no chained line claimed is content too (a
  block the reference holds out of page order);
- a headline the reference does not hold is content once: the copy nearest above the first
  content line.

``v1``, window-limited matching (:func:`label_lines_v1`, the first labeller, kept for
comparison):

- a line of 8 or more tokens is content when at least half of its word trigrams occur in the
  reference (such lines are unambiguous wherever they stand);
- a shorter line is content when its tokens occur, as a contiguous run, in the part of the
  reference between the reference positions of the nearest long content lines above and below it
  (so "Home" in a menu is not content just because the article says "home" somewhere);
- a line whose tokens equal the title's tokens is content (the headline is part of the article).

A hand audit (``benchmarks/wcxb_label_audit.tsv``) found v1 wrong on most lines where it and
v2 differ: a long line's anchor taken from the first occurrence of a common trigram shifts the
window, so table cells and list items of the article are called chrome, and every copy of a
repeated line is called content.

Lines without any word character (separators such as "|" or "* * *") get no label and are left out
of every evaluation.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

_TOKEN_RE = re.compile(r"\w+")
#: Lines of at least this many tokens are matched by trigram overlap, anywhere in the reference.
LONG_LINE_TOKENS = 8
#: Share of a long line's trigrams that must occur in the reference for it to be content.
LONG_LINE_MATCH = 0.5
#: Tokens of slack around the window a short line must fall into.
WINDOW_SLACK = 8


def shared_dir() -> Path:
    """``$NEWSQUAL_SHARED``, else ``../shared`` beside the repository root."""
    env = os.environ.get("NEWSQUAL_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared"


def wcxb_dir() -> Path:
    """The WCXB folder of the shared development data."""
    return shared_dir() / "data" / "boilerplate" / "wcxb"


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens after NFKC normalisation (punctuation and quotes ignored).

    >>> tokens("It’s 5 p.m. — Home")
    ['it', 's', '5', 'p', 'm', 'home']
    """
    return _TOKEN_RE.findall(unicodedata.normalize("NFKC", text).lower())


def naive_text(html: str) -> str:
    """The page rendered naively to text: every visible block on its own line (see module doc)."""
    from newsqual.html import render_html

    return render_html(html)[0]


def _trigrams(toks: Sequence[str]) -> list[tuple[str, str, str]]:
    return list(zip(toks, toks[1:], toks[2:], strict=False))


def _find_run(ref: Sequence[str], index: dict[str, list[int]], run: Sequence[str],
              lo: int, hi: int) -> bool:
    """True when `run` occurs contiguously in `ref` starting within [lo, hi]."""
    for pos in index.get(run[0], ()):
        if pos < lo:
            continue
        if pos > hi:
            break
        if list(ref[pos:pos + len(run)]) == list(run):
            return True
    return False


def label_lines_v1(lines: Sequence[str], reference: str, title: str | None = None
                   ) -> list[int | None]:
    """The first labeller (window-limited matching, see the module doc): 1 (chrome), 0 (content)
    or None (no word) for each line against `reference`.

    >>> page = ["Home", "News", "Sport", "Rain closes roads",
    ...         "Heavy rain closed three roads in the valley on Monday, the council said.",
    ...         "Share on Facebook", "© 2024 Example News"]
    >>> ref = "Heavy rain closed three roads in the valley on Monday, the council said."
    >>> label_lines_v1(page, ref, title="Rain closes roads")
    [1, 1, 1, 0, 0, 1, 1]
    """
    ref = tokens(reference)
    ref_trigrams: dict[tuple[str, str, str], int] = {}
    for i, tri in enumerate(_trigrams(ref)):
        ref_trigrams.setdefault(tri, i)
    index: dict[str, list[int]] = {}
    for i, tok in enumerate(ref):
        index.setdefault(tok, []).append(i)
    title_toks = tokens(title) if title else []

    toks = [tokens(s) for s in lines]
    labels: list[int | None] = [None] * len(lines)
    # Pass 1: long lines, matched anywhere; their first matched reference position is an anchor.
    anchor: list[tuple[int, int] | None] = [None] * len(lines)
    for i, t in enumerate(toks):
        if len(t) < LONG_LINE_TOKENS:
            continue
        tris = _trigrams(t)
        hits = [ref_trigrams[tri] for tri in tris if tri in ref_trigrams]
        is_content = len(hits) >= LONG_LINE_MATCH * len(tris)
        labels[i] = 0 if is_content else 1
        if is_content:
            anchor[i] = (min(hits), max(hits) + 3)
    # Pass 2: short lines, matched only between the anchors above and below them.
    prev_pos = [0] * len(lines)
    last = 0
    for i in range(len(lines)):
        prev_pos[i] = last
        a = anchor[i]
        if a is not None:
            last = a[1]
    next_pos = [len(ref)] * len(lines)
    nxt = len(ref)
    for i in range(len(lines) - 1, -1, -1):
        next_pos[i] = nxt
        a = anchor[i]
        if a is not None:
            nxt = a[0]
    for i, t in enumerate(toks):
        if not t or labels[i] is not None:
            continue
        if title_toks and t == title_toks:
            labels[i] = 0
            continue
        lo = min(prev_pos[i], next_pos[i]) - WINDOW_SLACK
        hi = max(prev_pos[i], next_pos[i]) + WINDOW_SLACK
        labels[i] = 0 if _find_run(ref, index, t, lo, hi) else 1
    for i, t in enumerate(toks):
        if labels[i] == 1 and title_toks and t == title_toks:
            labels[i] = 0
    return labels


#: Which labeller :func:`label_lines` (and so :func:`load_page`) uses unless told otherwise.
DEFAULT_LABELLER = "v2"
#: At most this many places in the reference are considered for one line.
MAX_PLACES = 400
#: How far (in tokens) a long line's trigrams may stray from its diagonal in a fuzzy match.
FUZZY_BAND = 3


def label_lines(lines: Sequence[str], reference: str, title: str | None = None,
                labeller: str | None = None) -> list[int | None]:
    """Label each line 1 (chrome), 0 (content) or None (no word: not evaluated) against
    `reference`, the main content of the page, with labeller ``"v1"`` or ``"v2"`` (default
    :data:`DEFAULT_LABELLER`; see the module doc for both).

    >>> page = ["Home", "News", "Sport", "Rain closes roads",
    ...         "Heavy rain closed three roads in the valley on Monday, the council said.",
    ...         "Share on Facebook", "© 2024 Example News"]
    >>> ref = "Heavy rain closed three roads in the valley on Monday, the council said."
    >>> label_lines(page, ref, title="Rain closes roads")
    [1, 1, 1, 0, 0, 1, 1]
    """
    name = labeller or DEFAULT_LABELLER
    if name == "v1":
        return label_lines_v1(lines, reference, title)
    if name == "v2":
        return label_lines_v2(lines, reference, title)
    raise ValueError(f"unknown labeller {name!r} (v1 or v2)")


def _places(ref: Sequence[str], index: dict[str, list[int]], run: Sequence[str]
            ) -> list[tuple[int, int]]:
    """Up to MAX_PLACES ``(first, last)`` token positions where `run` occurs in `ref`."""
    rare = min(range(len(run)), key=lambda k: len(index.get(run[k], ())))
    out = []
    for pos in index.get(run[rare], ()):
        start = pos - rare
        if start >= 0 and list(ref[start:start + len(run)]) == list(run):
            out.append((start, start + len(run) - 1))
            if len(out) >= MAX_PLACES:
                break
    return out


def _fuzzy_places(ref_trigrams: dict[tuple[str, str, str], list[int]], toks: Sequence[str]
                  ) -> list[tuple[int, int, int]]:
    """``(first, last, matched)`` for the best places of a long line whose exact text is not in
    the reference: the diagonals (reference start minus line offset) most of its trigrams vote
    for, kept when at least LONG_LINE_MATCH of the trigrams lie on that diagonal, give or take
    FUZZY_BAND tokens (a word or two added or dropped)."""
    tris = _trigrams(toks)
    votes: dict[int, int] = {}
    for k, tri in enumerate(tris):
        for pos in ref_trigrams.get(tri, ())[:MAX_PLACES]:
            votes[pos - k] = votes.get(pos - k, 0) + 1
    out = []
    for diag in sorted(votes, key=lambda d: -votes[d])[:3]:
        hits = [pos for k, tri in enumerate(tris) for pos in ref_trigrams.get(tri, ())[:MAX_PLACES]
                if abs(pos - k - diag) <= FUZZY_BAND]
        if len(set(hits)) >= LONG_LINE_MATCH * len(tris):
            place = (min(hits), max(hits) + 2, len(set(hits)))
            if place not in out:
                out.append(place)
    return out


def label_lines_v2(lines: Sequence[str], reference: str, title: str | None = None
                   ) -> list[int | None]:
    """The claim-once labeller (see the module doc): lines are placed on the reference in page
    order, each stretch of the reference used once, by the heaviest in-order chain of places.

    >>> page = ["Contents", "Costs", "Timing", "Costs", "Fees rose by a third in two years.",
    ...         "Timing", "Apply in spring.", "Costs"]
    >>> ref = "Costs. Fees rose by a third in two years. Timing. Apply in spring."
    >>> label_lines_v2(page, ref)
    [1, 1, 1, 0, 0, 0, 0, 1]
    """
    from newsqual.html import chain_places, claim_if_free

    ref = tokens(reference)
    index: dict[str, list[int]] = {}
    for i, tok in enumerate(ref):
        index.setdefault(tok, []).append(i)
    ref_trigrams: dict[tuple[str, str, str], list[int]] = {}
    for i, tri in enumerate(_trigrams(ref)):
        ref_trigrams.setdefault(tri, []).append(i)
    toks = [tokens(s) for s in lines]
    # candidates (line, first, last, weight); built mirrored (last line first, positions
    # reversed) so that ties go to the later copy, as in newsqual.html's aligner
    n, far = len(lines), len(ref)
    cands: list[tuple[int, int, int, int]] = []
    for i in range(n - 1, -1, -1):
        t = toks[i]
        if not t or not ref:
            continue
        places = [(a, b, len(t)) for a, b in _places(ref, index, t)]
        if not places and len(t) >= LONG_LINE_TOKENS:
            places = _fuzzy_places(ref_trigrams, t)
        cands.extend((n - 1 - i, far - 1 - b, far - 1 - a, w) for a, b, w in places)
    places_chosen = chain_places(cands)
    chosen = {n - 1 - cands[e][0] for e in places_chosen}
    labels: list[int | None] = [None if not t else (0 if i in chosen else 1)
                                for i, t in enumerate(toks)]
    # A long line placed outside the chain, on a stretch no chained line claimed, is content:
    # the reference moved a block (a fact box, a lead) out of page order.
    # (token places are closed intervals [first, last]; as half-open stretches: [first, last + 1))
    claimed = sorted((far - 1 - cands[e][2], far - cands[e][1]) for e in places_chosen)
    for m, a, b, _ in cands:
        i = n - 1 - m
        if (labels[i] == 1 and len(toks[i]) >= LONG_LINE_TOKENS
                and claim_if_free(claimed, far - 1 - b, far - a)):
            labels[i] = 0
    # The headline is content once: when the reference does not hold it, the copy nearest
    # above the first content line (else the first copy).
    title_toks = tokens(title) if title else []
    copies = [i for i, t in enumerate(toks) if title_toks and t == title_toks]
    if copies and not any(labels[i] == 0 for i in copies):
        first = next((i for i, v in enumerate(labels) if v == 0), n)
        above = [i for i in copies if i < first]
        labels[above[-1] if above else copies[0]] = 0
    return labels


@dataclass(frozen=True)
class Page:
    """One development page: its id, domain, type, naive lines and their labels."""

    file_id: str
    domain: str
    page_type: str
    lang: str | None
    html: str
    text: str
    lines: list[str]
    spans: list[tuple[int, int]]
    labels: list[int | None]
    main_content: str
    title: str | None


def iter_page_rows(page_type: str | None = None, english_only: bool = False,
                   limit: int | None = None) -> Iterator[dict]:
    """Rows of ``pages.jsonl`` (in file order), optionally of one page type / English only."""
    path = wcxb_dir() / "pages.jsonl"
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if page_type and page_type != "all" and row["page_type"] != page_type:
                continue
            if english_only and not (row.get("lang") or "").lower().startswith("en"):
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            yield row


def load_page(row: dict, labeller: str | None = None) -> Page:
    """Read, render and label one page of ``pages.jsonl`` (with :func:`label_lines`'s
    `labeller`)."""
    from newsqual.linemodel.features import content_spans

    base = wcxb_dir()
    with gzip.open(base / row["html_path"], "rt", encoding="utf-8") as fh:
        html = fh.read()
    with open(base / row["ground_truth_path"], encoding="utf-8") as fh:
        gt = json.load(fh)["ground_truth"]
    text = naive_text(html)
    spans = content_spans(text)
    lines = [text[a:b] for a, b in spans]
    main = gt.get("main_content") or ""
    title = gt.get("title") or row.get("title")
    return Page(row["file_id"], row["domain"], row["page_type"], row.get("lang"), html, text,
                lines, spans, label_lines(lines, main, title, labeller), main, title)

"""The rewrite fingerprint: rare content words, names and numbers, weighted by rarity.

A paraphrase keeps what a story is about (names, places, numbers, rare nouns) and changes how it
is said, so word shingles miss it (median 5-gram Jaccard of ChatGPT rephrasings ~0.02) while the
set of content words survives (RESEARCH.md: median 0.27 against 0.07 for the best unrelated
article). Words are truncated to `spec.stem_chars` characters (a crude stem: announced /
announcement) and weighted by rarity in English from `wordfreq` (weight 7 - Zipf frequency,
rounded, 1..6; unknown words such as names weigh 6). Two outputs per document:

- the `spec.content_keep` rarest stems with their weights, stored in the order the stems first
  occur in the text: a short sparse vector that verifies a candidate (`similarity`);
- a MinHash of those stems for LSH candidate search: all of them under recipe "content-v2"
  (0.88 of the rewrite pairs of the dev corpus share a band with their partner, ~63 candidates
  per query), only the ones of rarity >= 3 under "content-v3" (0.94 with 192 slots in 96 bands
  of 2, ~44 candidates per query; `candidate_stems`).

Verification is order-aware. Bag-of-stems cosine cannot tell a rewrite from another story on the
same topic (same celebrity, same election): a rephrasing keeps the order of the facts, so
`similarity` multiplies by the concordance of the shared stems (the weighted share of pairs of
them that come in the same order in both texts). It also blends the cosine with the containment
of the shorter text (a rephrasing that drops facts), scales by the shorter text's length (long
same-topic stories share many names; short rewrites share fewer stems in all) and needs 8 shared
stems (`RewriteScoring`). Parameters and threshold chosen on one half of the dev pairs (split by
story): the other half gets P 0.92 / R 0.82 with content-v2 candidates, P 0.92 / R 0.87 with
content-v3 (benchmarks/dedup_quality.py; the other way round P 0.89 / R 0.80 and 0.88 / 0.84).

>>> fp = content_fingerprints(["Kyiv said 40 drones hit Odesa port overnight."])
>>> int((fp.weights[0] > 0).sum())
7
>>> fp.signatures.shape == (1, DEFAULT_SPEC.content_perm)
True
>>> fp.weights.shape[1] == DEFAULT_SPEC.content_keep
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from newsqual.dedup.minhash import EMPTY, splitmix64
from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec

# Same word definition as the copy signature (spec normalisation "lower-v1"), on str.
_WORD = re.compile("[0-9a-z\u0080-\u009f\u00c0-\u1fff\u2080-\U0010ffff]+")

# English function words (written for newsqual; frozen with spec content "content-v2").
_FUNCTION_WORDS = frozenset(
    """
    the and for are but not you all any can had her was one our out has him his how its may
    new now old see two way who did get got let put say she too use yes yet own off per via
    about above after again against also although among another anyone anything around because
    been before being below between both could does doing down during each either else even
    ever every from further have having here hers herself himself into itself just least less
    like many more most much must myself neither never none nor often once only other others
    ought ours ourselves over quite rather same several shall should since some such than that
    their theirs them themselves then there these they this those though through thus till
    under until upon very were what whatever when whenever where whereas whether which while
    whom whose why will with within without would your yours yourself yourselves
    said says saying told according just still really already almost
    """.split()
)


@dataclass(frozen=True)
class ContentFingerprints:
    """Rewrite fingerprints of a batch: MinHash (n, content_perm) and sparse vectors (n, keep)."""

    signatures: np.ndarray  # uint32
    hashes: np.ndarray  # uint32 stem ids, 0 = unused slot
    weights: np.ndarray  # uint8 rarity weights, 0 = unused slot


@functools.lru_cache(maxsize=1 << 18)
def rarity(word: str) -> int:
    """Rarity weight 1..6 of an English word: 7 - Zipf frequency, rounded (unknown -> 6)."""
    from wordfreq import zipf_frequency

    return int(min(6, max(1, round(7.0 - zipf_frequency(word, "en")))))


def content_words(text: str, spec: SignatureSpec = DEFAULT_SPEC) -> dict[str, int]:
    """Content stems of a text with their rarity weight (the highest over words sharing a stem).

    >>> content_words("The mayor of Lviv said 12 schools reopened.")
    {'mayor': 2, 'lviv': 4, '12': 2, 'schoo': 2, 'reope': 4}
    """
    stems: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        if (len(word) < 3 and not word.isdigit()) or word in _FUNCTION_WORDS:
            continue
        stem = word[: spec.stem_chars]
        weight = rarity(word)
        if weight > stems.get(stem, 0):
            stems[stem] = weight
    return stems


def _stem_hash(stem: str, seed: int) -> int:
    return xxhash.xxh64_intdigest(stem.encode("utf-8", "surrogatepass"), seed=seed)


def content_fingerprints(
    texts: Sequence[str], spec: SignatureSpec = DEFAULT_SPEC
) -> ContentFingerprints:
    """Rewrite fingerprints of many texts (see the module docstring)."""
    n = len(texts)
    keep = spec.content_keep
    hashes = np.zeros((n, keep), dtype=np.uint32)
    weights = np.zeros((n, keep), dtype=np.uint8)
    for i, text in enumerate(texts):
        stems = content_words(text, spec)
        # The rarest stems carry the story; ties by stem id so the choice is deterministic.
        # `stems` is in first-occurrence order; the kept ones are stored in that order.
        order = {s: k for k, s in enumerate(stems)}
        ranked = sorted(
            ((w, _stem_hash(s, spec.seed), order[s]) for s, w in stems.items()),
            key=lambda p: (-p[0], p[1]),
        )
        top = sorted(ranked[:keep], key=lambda p: p[2])
        for j, (w, h, _) in enumerate(top):
            hashes[i, j] = (h >> 32) or 1
            weights[i, j] = w
    if n == 0:
        return ContentFingerprints(np.zeros((0, spec.content_perm), np.uint32), hashes, weights)
    return ContentFingerprints(content_signatures(hashes, spec, weights), hashes, weights)


# Recipe "content-v3": the rewrite MinHash covers only the kept stems at least this rare
# (Zipf <= 4, rarer than about 1 word in 10,000). Common stems ("year", "people") make two
# unrelated short articles share LSH bands; dropping them halves the candidates of the dev corpus
# while a rephrasing, which keeps the rare names and terms, shares more bands with its source.
CANDIDATE_RARITY = 3


def candidate_stems(
    hashes: np.ndarray, weights: np.ndarray | None, spec: SignatureSpec = DEFAULT_SPEC
) -> np.ndarray:
    """The stem ids the rewrite MinHash covers (0 = left out), same shape as `hashes`.

    "content-v2": every kept stem. "content-v3": the kept stems of rarity >= `CANDIDATE_RARITY`
    (a row with none keeps them all), so the stored weights are needed.

    >>> h = np.array([[11, 12, 13]], np.uint32); w = np.array([[6, 2, 3]], np.uint8)
    >>> v3 = SignatureSpec(**{**DEFAULT_SPEC.to_dict(), "content": "content-v3"})
    >>> candidate_stems(h, w, v3).tolist()
    [[11, 0, 13]]
    """
    if spec.content == "content-v2":
        return hashes
    if spec.content != "content-v3":
        raise ValueError(f"unknown rewrite fingerprint recipe {spec.content!r}")
    if weights is None:
        raise ValueError("content-v3 rewrite keys need the stored stem weights")
    rare = (weights >= CANDIDATE_RARITY) & (hashes != 0)
    rare |= ~rare.any(axis=1, keepdims=True) & (hashes != 0)
    return np.where(rare, hashes, 0).astype(np.uint32)


def content_signatures(
    hashes: np.ndarray, spec: SignatureSpec = DEFAULT_SPEC, weights: np.ndarray | None = None
) -> np.ndarray:
    """MinHash of each row's candidate stem ids (`candidate_stems`): (n, content_perm) uint32.

    Computed from the stored ids (and weights) alone, so an index need not store it (or its LSH
    keys): they are rebuilt from `content_hash` and `content_weight` on load.
    """
    from newsqual.dedup.minhash import minhash, permutations

    hashes = candidate_stems(hashes, weights, spec)
    live = hashes != 0
    offsets = np.zeros(len(hashes) + 1, dtype=np.int64)
    np.cumsum(live.sum(axis=1), out=offsets[1:])
    elements = splitmix64(hashes[live].astype(np.uint64))
    rng_spec = SignatureSpec(**{**spec.to_dict(), "seed": spec.seed + 1})
    a, b = permutations(rng_spec, spec.content_perm)
    return minhash(elements, offsets, a, b)


def _weighted_dot(
    q_hashes: np.ndarray, q_weights: np.ndarray, hashes: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray] | None:
    """Dot products of one sparse vector with each row, the rows' norms, the query's norm and
    which stems of each row the query shares; None when either side is empty."""
    qw = q_weights.astype(np.float32)
    w = weights.astype(np.float32)
    q_norm = float(np.sqrt((qw * qw).sum()))
    if q_norm == 0.0 or len(hashes) == 0:
        return None
    norms = np.sqrt((w * w).sum(axis=1))
    live = q_hashes != 0
    qh = q_hashes[live]
    order = np.argsort(qh)
    qh_sorted = qh[order]
    qw_sorted = qw[live][order]
    pos = np.searchsorted(qh_sorted, hashes).clip(0, max(len(qh_sorted) - 1, 0))
    hit = (qh_sorted[pos] == hashes) & (hashes != 0)
    dot = (np.where(hit, qw_sorted[pos], 0.0) * w).sum(axis=1)
    return dot, norms, q_norm, hit


def cosine(
    q_hashes: np.ndarray, q_weights: np.ndarray, hashes: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Weighted cosine between one sparse vector (keep,) and each row of (m, keep) vectors.

    >>> fp = content_fingerprints(["Lviv mayor reopened 12 schools", "12 schools in Lviv reopen"])
    >>> round(float(cosine(fp.hashes[0], fp.weights[0], fp.hashes[1:], fp.weights[1:])[0]), 2)
    0.95
    """
    found = _weighted_dot(q_hashes, q_weights, hashes, weights)
    if found is None:
        return np.zeros(len(hashes), dtype=np.float32)
    dot, norms, q_norm, _ = found
    return (dot / np.maximum(norms * q_norm, 1e-9)).astype(np.float32)


def _concordance(q_pos: np.ndarray, products: np.ndarray) -> float:
    """Weighted share of pairs of shared stems that come in the same order in both texts.

    `q_pos`: each shared stem's slot in the query, listed in the stored row's order; a pair
    weighs the product of its two stems' `products`. 1.0 with fewer than two shared stems.
    """
    if len(q_pos) < 2:
        return 1.0
    pair_w = np.triu(np.outer(products, products), k=1)
    same = q_pos[:, None] < q_pos[None, :]
    return float((pair_w * same).sum() / pair_w.sum())


@dataclass(frozen=True)
class RewriteScoring:
    """How `similarity` turns shared stems into a score (fit on one half of the dev pairs).

    containment: weight of the containment of the shorter text in the geometric blend
    `cosine ** (1 - containment) * containment_score ** containment`; a rephrasing that drops
    facts (a shorter text against its long source) keeps a high containment.
    length_ref, length_exp, min_length: the score is multiplied by
    `(length_ref / max(n, min_length)) ** length_exp`, n = kept stems of the shorter text, and
    capped at 1. Two long articles on one topic share many rare names (same people, same
    event), a short rewrite shares fewer stems in all; at equal raw score, short pairs are more
    often rewrites. With `length_ref` = the 80 kept stems the factor is >= 1, so a text scores
    1 against itself whatever its length, and shorter pairs need less: at threshold 0.29 a raw
    score of 0.29 for 80 stems, 0.22 for 40, 0.17 for 20 or fewer.
    min_shared: fewer shared stems than this is no evidence of a rewrite (score 0).
    """

    containment: float = 0.4
    length_ref: int = 80
    length_exp: float = 0.4
    min_length: int = 20
    min_shared: int = 8


SCORING = RewriteScoring()


def _scores_without_order(
    q_hashes: np.ndarray,
    q_weights: np.ndarray,
    hashes: np.ndarray,
    weights: np.ndarray,
    scoring: RewriteScoring,
) -> np.ndarray:
    """Blend of weighted cosine and containment x length factor, 0 below `min_shared` (m,)."""
    found = _weighted_dot(q_hashes, q_weights, hashes, weights)
    if found is None:
        return np.zeros(len(hashes), dtype=np.float32)
    dot, norms, q_norm, hit = found
    short_norm = np.maximum(np.minimum(norms, q_norm), 1e-9)
    cos = dot / np.maximum(norms * q_norm, 1e-9)
    contained = np.minimum(dot / (short_norm * short_norm), 1.0)
    x = scoring.containment
    blend = cos ** (1.0 - x) * contained**x
    n_short = np.minimum((hashes != 0).sum(axis=1), int((q_hashes != 0).sum()))
    factor = (scoring.length_ref / np.maximum(n_short, scoring.min_length)) ** scoring.length_exp
    enough = hit.sum(axis=1) >= scoring.min_shared
    return np.where(enough, blend * factor, 0.0).astype(np.float32)


def similarity(
    q_hashes: np.ndarray,
    q_weights: np.ndarray,
    hashes: np.ndarray,
    weights: np.ndarray,
    floor: float = 0.0,
    scoring: RewriteScoring = SCORING,
) -> np.ndarray:
    """Order-aware rewrite score (0..1) of one stored vector against each of (m, keep) vectors.

    A blend of the rarity-weighted cosine and the containment of the shorter text, adjusted
    for the shorter text's length, times the concordance of the shared stems (the weighted share
    of pairs of them that come in the same order in both texts); see `RewriteScoring`. The
    ordering pass runs only on rows whose score without it (an upper bound) reaches `floor`;
    other rows get that bound. Both vectors must be in first-occurrence order, as
    `content_fingerprints` stores them.

    >>> story = "Kyiv mayor Vitali Klitschko opened twelve schools in Darnytsia district Monday"
    >>> shuffled = "Monday Darnytsia district schools twelve opened Klitschko Vitali mayor Kyiv"
    >>> fp = content_fingerprints([story, story, shuffled])
    >>> [round(float(s), 2) for s in similarity(fp.hashes[0], fp.weights[0], fp.hashes, fp.weights)]
    [1.0, 1.0, 0.05]
    """
    bound = _scores_without_order(q_hashes, q_weights, hashes, weights, scoring)
    out = np.minimum(bound, 1.0)
    if not (q_hashes != 0).any():
        return out.astype(np.float32)
    q_pos = {h: k for k, h in enumerate(q_hashes.tolist()) if h}
    for r in np.flatnonzero(bound >= max(floor, 1e-9)).tolist():
        pos, prod = [], []
        for h, w in zip(hashes[r].tolist(), weights[r].tolist(), strict=True):
            k = q_pos.get(h)
            if h and k is not None:
                pos.append(k)
                prod.append(float(q_weights[k]) * w)
        out[r] = min(1.0, float(bound[r]) * _concordance(np.asarray(pos), np.asarray(prod)))
    return out.astype(np.float32)


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Share of equal slots of two content MinHashes (weighted Jaccard estimate)."""
    return ((sig_a == sig_b) & (sig_a != EMPTY)).mean(axis=-1)

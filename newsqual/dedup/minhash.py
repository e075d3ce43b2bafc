"""MinHash signatures of word shingles, many documents per numpy call.

The whole batch is encoded to one byte array; word boundaries, word hashes, shingle hashes and
the per-slot minima are array operations; Python only encodes each text. Two schemes
(see `newsqual.dedup.spec`): "oph-dens-v1" (the default since spec version 3) hashes each shingle
once and keeps the minimum per slot, one slot per hash range (one-permutation hashing), then fills
empty slots from other slots (optimal densification); "perm-v1" (version 2) applies 128
permutations to every shingle. Both estimate the Jaccard similarity of the 5-gram sets without
bias. The tests check both against plain one-shingle-at-a-time implementations of the spec.

>>> sig = signature("The council approved the budget on Tuesday after a long debate.")
>>> sig.shape, sig.dtype
((128,), dtype('uint32'))
>>> bool((sig == signature("the Council approved the budget on Tuesday after a long debate")).all())
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec, SpecMismatch

_U64 = np.uint64
EMPTY = np.uint32(0xFFFFFFFF)  # every slot of the signature of a document without words
# Polynomial base (odd, so invertible mod 2**64) and its inverse, for position-free word hashes.
_BASE = 0x100000001B3
_BASE_INV = pow(_BASE, -1, 1 << 64)
# Odd multipliers that place the words of a shingle (and the rows of an LSH band).
_PLACE = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
    0x2545F4914F6CDD1D,
    0x9FB21C651E98DF25,
)
_BLOCK_CHARS = 200_000  # characters per numpy pass (~80 articles; 80-200k fastest measured here)
_CHUNK = 4096  # shingles per permutation block: (128, 4096) uint32 = 2 MB (fastest measured here)
# The low l bytes of a little-endian uint64, for l = 0..8 (a word's last, partial 8-byte chunk).
_TAIL = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=_U64)

_powers_cache: dict[str, np.ndarray] = {}
_donor_cache: dict[tuple[int, int], np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE_INV**i mod 2**64 for i < n (memoised; values never depend on call order)."""
    have = _powers_cache.get("fwd")
    if have is None or len(have) < n:
        size = max(n, 1 << 16, 2 * (0 if have is None else len(have)))
        with np.errstate(over="ignore"):
            fwd = np.full(size, _BASE, dtype=_U64)
            fwd[0] = 1
            inv = np.full(size, _BASE_INV, dtype=_U64)
            inv[0] = 1
            _powers_cache["fwd"] = np.cumprod(fwd, dtype=_U64)
            _powers_cache["inv"] = np.cumprod(inv, dtype=_U64)
            ones = np.zeros(size + 1, dtype=_U64)
            np.cumsum(_powers_cache["fwd"], out=ones[1:])
            _powers_cache["ones"] = ones
    return _powers_cache["fwd"][:n], _powers_cache["inv"][:n]


def splitmix64(z: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijective mix of 64-bit values (new array)."""
    z = z.astype(_U64, copy=True)
    z ^= z >> _U64(30)
    z *= _U64(0xBF58476D1CE4E5B9)
    z ^= z >> _U64(27)
    z *= _U64(0x94D049BB133111EB)
    z ^= z >> _U64(31)
    return z


# Multiplier of a word's chunk j (j >= 1) in token hash "chunk8-v1": splitmix64(j) | 1.
_MULT = splitmix64(np.arange(3, dtype=_U64)) | _U64(1)


def _splitmix64_inplace(z: np.ndarray, tmp: np.ndarray) -> None:
    """splitmix64 of uint64 `z` in place, with `tmp` (same shape) as scratch: no allocations."""
    np.right_shift(z, _U64(30), out=tmp)
    z ^= tmp
    z *= _U64(0xBF58476D1CE4E5B9)
    np.right_shift(z, _U64(27), out=tmp)
    z ^= tmp
    z *= _U64(0x94D049BB133111EB)
    np.right_shift(z, _U64(31), out=tmp)
    z ^= tmp


def permutations(
    spec: SignatureSpec = DEFAULT_SPEC, n: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) coefficients of the spec's permutations, a odd, each of shape (n, 1)."""
    n = spec.num_perm if n is None else n
    rng = np.random.Generator(np.random.PCG64(spec.seed))
    a = rng.integers(0, 1 << 32, size=n, dtype=np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, size=n, dtype=np.uint32)
    return a.reshape(n, 1), b.reshape(n, 1)


def donors(spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """Donor order of each slot for densification: row i is a permutation of the other slots.

    >>> d = donors()
    >>> d.shape, sorted(d[5].tolist() + [5]) == list(range(128))
    ((128, 127), True)
    """
    key = (spec.seed, spec.num_perm)
    table = _donor_cache.get(key)
    if table is None:
        n = spec.num_perm
        rng = np.random.Generator(np.random.PCG64(spec.seed + 2))
        table = np.empty((n, n - 1), dtype=np.int64)
        for i in range(n):
            order = rng.permutation(n - 1)
            table[i] = order + (order >= i)
        table.flags.writeable = False
        _donor_cache[key] = table
    return table


class Words(NamedTuple):
    """Every word of a batch: byte spans in `data`, document of each, per-document ranges."""

    data: np.ndarray  # the batch's normalised bytes, NUL-separated, 9 NUL bytes at the end
    starts: np.ndarray  # byte offset of each word
    ends: np.ndarray
    docs: np.ndarray  # document index of each word
    first: np.ndarray  # index of each document's first word (n_docs,)
    counts: np.ndarray  # words per document (n_docs,)


def _encode(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower-case and UTF-8 encode the texts as NUL + t0 + NUL + t1 ... + NUL, then 8 NULs.

    Returns the bytes, each text's start offset and the offsets of lead bytes >= C2. The bytes
    equal joining `t.lower().encode()`, but str.lower() (about 2 ns a character outside ASCII)
    runs only on texts holding a character that str.lower() may change: bytes.lower() does
    ASCII at a tenth of the cost, and U+0080-U+00BF (UTF-8 C2 xx), U+00D7 and U+00DF-U+00FF
    (lower-case letters such as é: C3 97, C3 9F-BF) and U+2000-U+20FF (E2 80-83 xx: quotes,
    dashes, currency) are their own lower case.
    """
    parts = [t.encode("utf-8", "surrogatepass") for t in texts]
    joined = b"\0".join([b"", *parts, b"\0" * 8])
    data = np.frombuffer(joined, dtype=np.uint8)
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) + 1
    starts = np.cumsum(lengths) - lengths + 1
    high = np.flatnonzero(data >= 0xC2)  # lead bytes of characters from U+0080 on
    cased = high[data[high] >= 0xC3]
    if len(cased):
        lead, nxt = data[cased], data[cased + 1]
        caseless = ((lead == 0xE2) & (nxt <= 0x83)) | (
            (lead == 0xC3) & ((nxt >= 0x9F) | (nxt == 0x97))  # U+00DF-U+00FF, U+00D7
        )
        cased = cased[~caseless]
    if len(cased):
        for i in np.unique(np.searchsorted(starts, cased, side="right") - 1).tolist():
            parts[i] = texts[i].lower().encode("utf-8", "surrogatepass")
        joined = b"\0".join([b"", *parts, b"\0" * 8])
        lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) + 1
        starts = np.cumsum(lengths) - lengths + 1
        high = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) >= 0xC2)
    return np.frombuffer(joined.lower(), dtype=np.uint8), starts, high


def _word_mask(data: np.ndarray, high: np.ndarray) -> np.ndarray:
    """True on the bytes of words (of lower-cased data: no ASCII upper case left).

    `high` are the offsets of the lead bytes >= C2 (the data ends with NULs, so every lead
    byte's continuation bytes are inside it)."""
    mask = (data - np.uint8(ord("a"))) < 26
    mask |= (data - np.uint8(ord("0"))) < 10
    mask |= data >= 0x80
    # Only lead bytes C2 and E2 (the only x with x & 0xDF == 0xC2) can start a separator sequence.
    lead = high[(data[high] & np.uint8(0xDF)) == 0xC2]
    if len(lead):
        first, second = data[lead], data[lead + 1]
        # U+00A0..U+00BF (C2 A0..C2 BF): nbsp, guillemets, symbols -> separators.
        latin = lead[(first == 0xC2) & (second >= 0xA0)]
        mask[latin] = False
        mask[latin + 1] = False
        # U+2000..U+207F (E2 80 xx, E2 81 xx): spaces, dashes, curly quotes, ellipsis.
        punct = lead[(first == 0xE2) & ((second == 0x80) | (second == 0x81))]
        mask[punct] = False
        mask[punct + 1] = False
        mask[punct + 2] = False
    return mask


def words(texts: Sequence[str]) -> Words:
    """Find every word of every text (spec normalisation "lower-v1")."""
    data, doc_starts, high = _encode(texts)
    mask = _word_mask(data, high).view(np.int8)
    # data starts and ends with NUL, so changes alternate: word start, word end, ...
    edges = np.flatnonzero(mask[1:] != mask[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]
    first = np.searchsorted(starts, doc_starts)
    counts = np.diff(first, append=len(starts))
    docs = np.repeat(np.arange(len(texts)), counts)
    return Words(data, starts, ends, docs, first, counts)


def poly_word_hashes(w: Words) -> np.ndarray:
    """Token hash "poly64-splitmix-v1" of every word (a polynomial read off prefix sums)."""
    data, starts, ends = w.data, w.starts, w.ends
    fwd, inv = _powers(len(data) + 1)
    ones = _powers_cache["ones"]  # prefix sums of BASE**i: the "+1" of every byte digit
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(data) + 1, dtype=_U64)
        np.cumsum(np.multiply(data, fwd[: len(data)], dtype=_U64), out=prefix[1:])
        raw = (prefix[ends] - prefix[starts] + ones[ends] - ones[starts]) * inv[starts]
    return splitmix64(raw)


def chunk_word_hashes(w: Words) -> np.ndarray:
    """Token hash "chunk8-v1": sum of the word's 8-byte chunks times fixed odd multipliers.

    A word of up to 8 bytes (nine in ten) is one unaligned 8-byte read and a mask; the shingle
    hash mixes these sums afterwards, so the word hash itself needs no mixing.
    """
    data, starts, ends = w.data, w.starts, w.ends
    # A uint64 at every byte offset (data ends with 9 NULs, so reads never leave the buffer).
    at = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    lengths = ends - starts
    h = at.take(starts)
    h &= _TAIL.take(np.minimum(lengths, 8))
    long = np.flatnonzero(lengths > 8)
    for j in (1, 2):  # second and third chunks of words of 9 to 24 bytes, one step each
        pos = starts[long] + 8 * j
        chunk = at[pos] & _TAIL.take(np.minimum(ends[long] - pos, 8))
        chunk *= _MULT[j]
        h[long] += chunk
        long = long[lengths[long] > 8 * (j + 1)]
    if len(long):  # words of more than 24 bytes: their fourth and later chunks, all at once
        extra = (lengths[long] - 17) >> 3
        group = np.zeros(len(long), dtype=np.int64)
        np.cumsum(extra[:-1], out=group[1:])
        owner = np.repeat(long, extra)
        nth = np.arange(len(owner)) - np.repeat(group, extra) + 3
        pos = starts[owner] + 8 * nth
        chunk = at[pos] & _TAIL.take(np.minimum(ends[owner] - pos, 8))
        chunk *= splitmix64(nth) | _U64(1)
        h[long] += np.add.reduceat(chunk, group)
    return h


def _window_sums(word_hash: np.ndarray, k: int) -> np.ndarray:
    """Raw hash (sum of word hash x place) of every run of k words; run i starts at word i."""
    full = max(len(word_hash) - k + 1, 0)
    acc = word_hash[:full] * _U64(_PLACE[0])
    tmp = np.empty_like(acc)
    for j in range(1, k):
        np.multiply(word_hash[j : j + full], _U64(_PLACE[j]), out=tmp)
        acc += tmp
    return acc


def _short_shingles(word_hash: np.ndarray, w: Words, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw hash of the one shingle of each document with 1 to k - 1 words, and its document."""
    short = np.flatnonzero((w.counts > 0) & (w.counts < k))
    if not len(short):
        return np.zeros(0, dtype=_U64), short
    counts = w.counts[short]
    group = np.zeros(len(short), dtype=np.int64)
    np.cumsum(counts[:-1], out=group[1:])
    rank = np.arange(int(counts.sum())) - np.repeat(group, counts)
    idx = np.repeat(w.first[short], counts) + rank
    part = word_hash[idx] * np.array(_PLACE, dtype=_U64)[rank]
    return np.add.reduceat(part, group), short


def _shingle_sums(word_hash: np.ndarray, w: Words, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw hash of every shingle and its document, grouped by document (for "perm-v1")."""
    acc = _window_sums(word_hash, k)
    inside = w.docs[k - 1 :] == w.docs[: len(acc)]
    raw, docs = acc[inside], w.docs[: len(acc)][inside]
    short_raw, short = _short_shingles(word_hash, w, k)
    if len(short):
        raw = np.concatenate([raw, short_raw])
        docs = np.concatenate([docs, short])
        order = np.argsort(docs, kind="stable")
        raw, docs = raw[order], docs[order]
    return raw, docs


def minhash(
    shingles: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, chunk: int = _CHUNK
) -> np.ndarray:
    """Min over each document's shingles of every permutation; (n_docs, num_perm) uint32.

    A permutation is x -> (a * x + b) mod 2**32 on the top 32 bits of a shingle hash (odd a: a
    bijection); 32-bit lanes run twice as fast as 64-bit ones and 32-bit minima are what is stored.
    """
    shingles = (shingles >> _U64(32)).astype(np.uint32)
    n_docs = len(offsets) - 1
    out = np.full((n_docs, a.shape[0]), EMPTY, dtype=np.uint32)
    nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
    i = 0
    buf = np.empty((a.shape[0], chunk), dtype=np.uint32)
    while i < len(nonempty):
        # Take documents until the block holds `chunk` shingles (at least one document).
        lo = offsets[nonempty[i]]
        j = int(np.searchsorted(offsets[nonempty + 1], lo + chunk, side="right"))
        j = max(j, i + 1)
        group = nonempty[i:j]
        hi = offsets[group[-1] + 1]
        x = shingles[lo:hi]
        block = (
            buf[:, : hi - lo] if hi - lo <= chunk else np.empty((a.shape[0], hi - lo), np.uint32)
        )
        with np.errstate(over="ignore"):
            np.multiply(a, x, out=block)
            block += b
        mins = np.minimum.reduceat(block, offsets[group] - lo, axis=1)
        out[group] = mins.T
        i = j
    return out


def one_permutation(word_hash: np.ndarray, w: Words, spec: SignatureSpec) -> np.ndarray:
    """Scheme "oph-dens-v1": minimum per (document, slot) of mixed shingle hashes, densified.

    Returns (number of documents, num_perm) uint32.
    """
    n, n_docs = spec.num_perm, len(w.counts)
    k = spec.shingle_size
    raw = _window_sums(word_hash, k)
    key = w.docs[: len(raw)] * n
    # Windows that start in one document and end in the next land in a spare row.
    bounds = np.unique(w.first[1:])
    cross = (bounds[:, None] - np.arange(1, k)).ravel()
    key[cross[(cross >= 0) & (cross < len(raw))]] = n_docs * n
    short_raw, short = _short_shingles(word_hash, w, spec.shingle_size)
    if len(short):
        raw, key = np.concatenate([raw, short_raw]), np.concatenate([key, short * n])
    h = raw  # mixed in place: raw is this function's own array
    h += splitmix64(np.array([spec.seed], dtype=_U64))[0]
    tmp = np.empty_like(h)
    _splitmix64_inplace(h, tmp)
    if n > 1 and n & (n - 1) == 0:  # ((h >> 32) * n) >> 32 == h >> (64 - log2 n)
        np.right_shift(h, _U64(65 - n.bit_length()), out=tmp)
    else:
        np.right_shift(h, _U64(32), out=tmp)
        tmp *= _U64(n)
        tmp >>= _U64(32)
    key += tmp.view(np.int64)
    value = h.astype(np.uint32)  # the low 32 bits
    np.minimum(value, np.uint32(0xFFFFFFFE), out=value)
    out = np.full((n_docs + 1) * n, EMPTY, dtype=np.uint32)
    np.minimum.at(out, key, value)
    sig = out[: n_docs * n].reshape(n_docs, n)
    densify(sig, donors(spec))
    return sig


def densify(sig: np.ndarray, order: np.ndarray) -> None:
    """Fill each empty slot in place from the first non-empty slot in its donor order.

    Both documents of a pair walk the same order, so an empty slot agrees exactly when the first
    slot that is non-empty in their union has the same minimum in both: probability = Jaccard
    (Shrivastava 2017, "Optimal Densification for Fast and Accurate Minwise Hashing").
    Documents without any shingle keep every slot empty. `sig` must be C-contiguous.
    """
    if not sig.flags.c_contiguous:
        raise ValueError("densify works in place on a C-contiguous array")
    n = sig.shape[1]
    flat = sig.reshape(-1)
    holes = np.flatnonzero(flat == EMPTY)
    if not len(holes):
        return
    d, i = np.divmod(holes, n)
    some = np.bincount(d, minlength=len(sig)) < n  # documents with at least one filled slot
    sel = some[d]
    holes, i, base = holes[sel], i[sel], d[sel] * n
    found = order[i, 0] + base  # most holes (about nine in ten) take their first donor
    todo = np.flatnonzero(flat[found] == EMPTY)
    start = 1
    for width in (8, n):  # the rest: the first filled slot among the next 8, then all
        if not len(todo):
            break
        cand = order[i[todo], start : start + width] + base[todo, None]
        ok = flat[cand] != EMPTY
        first = ok.argmax(axis=1)
        hit = ok[np.arange(len(todo)), first]
        found[todo[hit]] = cand[hit, first[hit]]
        todo = todo[~hit]
        start += width
    flat[holes] = flat[found]


def signatures(texts: Sequence[str], spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """Copy-detection signatures of many texts at once, shape (len(texts), spec.num_perm).

    >>> signatures(["One story.", "Another story, longer than the first."]).shape
    (2, 128)
    """
    hashers = {"chunk8-v1": chunk_word_hashes, "poly64-splitmix-v1": poly_word_hashes}
    if (
        spec.normalisation != "lower-v1"
        or spec.token_hash not in hashers
        or spec.scheme not in ("oph-dens-v1", "perm-v1")
        or spec.shingle_size > len(_PLACE)
    ):
        raise SpecMismatch(f"this release cannot compute spec {spec.to_dict()}")
    out = np.empty((len(texts), spec.num_perm), dtype=np.uint32)
    # Blocks of at most about _BLOCK_CHARS characters, of equal size, keep each pass in cache.
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    total = int(ends[-1]) if len(ends) else 0
    blocks = max(1, -(-total // _BLOCK_CHARS))
    cuts = np.searchsorted(ends, np.arange(1, blocks) * (total / blocks)) + 1
    bounds = [0, *np.unique(np.minimum(cuts, len(texts))).tolist(), len(texts)]
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        if hi > lo:
            out[lo:hi] = _block_signatures(texts[lo:hi], spec, hashers[spec.token_hash])
    return out


def _block_signatures(
    texts: Sequence[str], spec: SignatureSpec, hasher: Callable[[Words], np.ndarray]
) -> np.ndarray:
    w = words(texts)
    word_hash = hasher(w)
    if spec.scheme == "oph-dens-v1":
        return one_permutation(word_hash, w, spec)
    raw, docs = _shingle_sums(word_hash, w, spec.shingle_size)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=len(texts)), out=offsets[1:])
    a, b = permutations(spec)
    return minhash(splitmix64(raw), offsets, a, b)


def signature(text: str, spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """Copy-detection MinHash signature of one text: uint32, shape (spec.num_perm,)."""
    return signatures([text], spec)[0]


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Share of equal slots: an unbiased estimate of the shingle sets' Jaccard similarity.

    Works row-wise when `sig_b` is 2-D. Two empty documents are not similar (0.0).
    """
    equal = (sig_a == sig_b) & (sig_a != EMPTY)
    return equal.mean(axis=-1)

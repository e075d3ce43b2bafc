"""MinHash signatures of word shingles, many documents per numpy call.

The whole batch is encoded to one byte array; word boundaries, word hashes, shingle hashes and
the per-slot minima are array operations, so Python does constant work per batch. Two schemes
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

from collections.abc import Sequence
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
    with np.errstate(over="ignore"):
        z ^= z >> _U64(30)
        z *= _U64(0xBF58476D1CE4E5B9)
        z ^= z >> _U64(27)
        z *= _U64(0x94D049BB133111EB)
        z ^= z >> _U64(31)
    return z


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


# Characters whose str.lower() is themselves: ASCII is lowered by bytes.lower(), and these two
# blocks (U+0080-U+00BF: UTF-8 C2 xx; U+2000-U+207F: E2 80 xx, E2 81 xx) have no upper case.
# A text with any other non-ASCII character goes through str.lower().
def _encode(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Lower-case and UTF-8 encode the texts as NUL + t0 + NUL + t1 ... + 9 NULs.

    Returns the bytes and each text's start offset. Equal to joining `t.lower().encode()`, but
    str.lower() runs only on texts that hold a character with a case outside ASCII (it costs
    about 2 ns a character; bytes.lower() a tenth of that).
    """
    joined = "\0".join(["", *texts, "\0" * 8]).encode("utf-8", "surrogatepass")
    data = np.frombuffer(joined, dtype=np.uint8)
    nul = np.flatnonzero(data == 0)
    if len(nul) != len(texts) + 9:  # a text holds NUL itself: encode one by one
        parts = [t.lower().encode("utf-8", "surrogatepass") for t in texts]
        lengths = np.fromiter((len(p) + 1 for p in parts), dtype=np.int64, count=len(parts))
        starts = np.ones(len(parts), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        starts[1:] += 1
        raw = b"\0".join([b"", *parts, b"\0" * 8])
        return np.frombuffer(raw, dtype=np.uint8), starts
    cased = np.flatnonzero(data >= 0xC3)  # lead bytes of characters from U+00C0 on
    if len(cased):
        cased = cased[(data[cased] != 0xE2) | (data[cased + 1] > 0x81)]
    if len(cased):
        bounds = nul.tolist()
        buf = bytearray(joined)
        for i in np.unique(np.searchsorted(nul, cased) - 1).tolist():
            low = texts[i].lower().encode("utf-8", "surrogatepass")
            lo, hi = bounds[i] + 1, bounds[i + 1]
            if len(low) != hi - lo:  # lower() changed a length (e.g. U+0130): join again
                lowered = [t.lower() for t in texts]
                joined = "\0".join(["", *lowered, "\0" * 8]).encode("utf-8", "surrogatepass")
                nul = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 0)
                break
            buf[lo:hi] = low
        else:
            joined = bytes(buf)
    return np.frombuffer(joined.lower(), dtype=np.uint8), nul[: len(texts)] + 1


def _word_mask(data: np.ndarray) -> np.ndarray:
    """True on the bytes of words (of lower-cased data: no ASCII upper case left)."""
    with np.errstate(over="ignore"):
        mask = (data - np.uint8(ord("a"))) < 26
        mask |= (data - np.uint8(ord("0"))) < 10
        mask |= data >= 0x80
    n = len(data)
    # Only lead bytes C2 and E2 (the only x with x & 0xDF == 0xC2) can start a separator sequence.
    lead = np.flatnonzero((data[: n - 2] & np.uint8(0xDF)) == 0xC2)
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
    data, doc_starts = _encode(texts)
    mask = _word_mask(data).view(np.int8)
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
    """Token hash "chunk8-splitmix-v1": one unaligned 8-byte read per word (more if longer)."""
    data, starts, ends = w.data, w.starts, w.ends
    # A uint64 at every byte offset (data ends with 9 NULs, so reads never leave the buffer).
    at = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    lengths = ends - starts
    h = splitmix64(at[starts] & _TAIL.take(np.minimum(lengths, 8)))
    long = np.flatnonzero(lengths > 8)
    if len(long):
        extra = (lengths[long] - 1) >> 3  # chunks after the first
        group = np.zeros(len(long), dtype=np.int64)
        np.cumsum(extra[:-1], out=group[1:])
        owner = np.repeat(long, extra)
        j = np.arange(len(owner)) - np.repeat(group, extra) + 1
        pos = starts[owner] + 8 * j
        chunk = at[pos] & _TAIL.take(np.minimum(ends[owner] - pos, 8))
        with np.errstate(over="ignore"):
            part = splitmix64(chunk) * (splitmix64(j) | _U64(1))
            h[long] += np.add.reduceat(part, group)
    return h


def _shingle_sums(word_hash: np.ndarray, w: Words, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw hash (sum of word hash x place) of every shingle and its document, grouped by document.

    A document with fewer than k words has one shingle of all its words.
    """
    m = len(word_hash)
    full = max(m - k + 1, 0)  # windows that may lie inside one document
    with np.errstate(over="ignore"):
        acc = word_hash[:full] * _U64(_PLACE[0])
        for j in range(1, k):
            acc += word_hash[j : j + full] * _U64(_PLACE[j])
    keep = w.docs[k - 1 :] == w.docs[:full]
    raw, docs = acc[keep], w.docs[:full][keep]
    short = np.flatnonzero((w.counts > 0) & (w.counts < k))
    if len(short):  # one shingle per short document: the sum of the words it has
        counts = w.counts[short]
        group = np.zeros(len(short), dtype=np.int64)
        np.cumsum(counts[:-1], out=group[1:])
        rank = np.arange(int(counts.sum())) - np.repeat(group, counts)
        idx = np.repeat(w.first[short], counts) + rank
        with np.errstate(over="ignore"):
            part = word_hash[idx] * np.array(_PLACE, dtype=_U64)[rank]
        raw = np.concatenate([raw, np.add.reduceat(part, group)])
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


def one_permutation(
    h: np.ndarray, docs: np.ndarray, n_docs: int, spec: SignatureSpec = DEFAULT_SPEC
) -> np.ndarray:
    """Scheme "oph-dens-v1": minimum per (document, slot) of mixed shingle hashes, densified.

    `h` are raw shingle hashes, `docs` the document of each; returns (n_docs, num_perm) uint32.
    """
    n = spec.num_perm
    h = splitmix64(h + splitmix64(np.array([spec.seed], dtype=_U64))[0])
    if n > 1 and n & (n - 1) == 0:  # ((h >> 32) * n) >> 32 == h >> (64 - log2 n) for a power of two
        slot = (h >> _U64(65 - n.bit_length())).view(np.int64)
    else:
        slot = (((h >> _U64(32)) * _U64(n)) >> _U64(32)).view(np.int64)
    value = np.minimum(h.astype(np.uint32), np.uint32(0xFFFFFFFE))  # astype keeps the low bits
    slot += docs * n
    out = np.full(n_docs * n, EMPTY, dtype=np.uint32)
    np.minimum.at(out, slot, value)
    sig = out.reshape(n_docs, n)
    densify(sig, donors(spec))
    return sig


def densify(sig: np.ndarray, order: np.ndarray) -> None:
    """Fill each empty slot in place from the first non-empty slot in its donor order.

    Both documents of a pair walk the same order, so an empty slot agrees exactly when the first
    slot that is non-empty in their union has the same minimum in both: probability = Jaccard
    (Shrivastava 2017, "Optimal Densification for Fast and Accurate Minwise Hashing").
    Documents without any shingle keep every slot empty.
    """
    empty = sig == EMPTY
    n_empty = empty.sum(axis=1)
    rows = np.flatnonzero((n_empty > 0) & (n_empty < sig.shape[1]))
    if not len(rows):
        return
    sub, hole = sig[rows], empty[rows]
    d, i = np.nonzero(hole)
    found = np.full(len(d), -1, dtype=np.int64)
    todo = np.arange(len(d))
    start, width = 0, 8
    while len(todo):  # most holes find a donor among their first 8; the rest look at all
        cand = order[i[todo], start : start + width]
        ok = ~hole[d[todo, None], cand]
        hit = ok.any(axis=1)
        found[todo[hit]] = cand[hit, ok[hit].argmax(axis=1)]
        todo = todo[~hit]
        start += width
        width = len(order)
    sub[d, i] = sub[d, found]
    sig[rows] = sub


def signatures(texts: Sequence[str], spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """Copy-detection signatures of many texts at once, shape (len(texts), spec.num_perm).

    >>> signatures(["One story.", "Another story, longer than the first."]).shape
    (2, 128)
    """
    hashers = {"chunk8-splitmix-v1": chunk_word_hashes, "poly64-splitmix-v1": poly_word_hashes}
    if (
        spec.normalisation != "lower-v1"
        or spec.token_hash not in hashers
        or spec.scheme not in ("oph-dens-v1", "perm-v1")
        or spec.shingle_size > len(_PLACE)
    ):
        raise SpecMismatch(f"this release cannot compute spec {spec.to_dict()}")
    if len(texts) == 0:
        return np.zeros((0, spec.num_perm), dtype=np.uint32)
    w = words(texts)
    word_hash = hashers[spec.token_hash](w)
    raw, docs = _shingle_sums(word_hash, w, spec.shingle_size)
    if spec.scheme == "oph-dens-v1":
        return one_permutation(raw, docs, len(texts), spec)
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

"""Fast signatures equal one-shingle-at-a-time reference implementations of both spec schemes,
and the default one-permutation scheme estimates Jaccard without bias."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.dedup.minhash import (
    EMPTY,
    _encode,
    densify,
    donors,
    jaccard_estimate,
    permutations,
    signature,
    signatures,
)
from newsqual.dedup.spec import DEFAULT_SPEC, SPEC_V2, SignatureSpec, SpecMismatch
from tests.dedup.conftest import make_article

M64 = (1 << 64) - 1
BASE = 0x100000001B3
PLACE = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
    0x2545F4914F6CDD1D,
    0x9FB21C651E98DF25,
)
WORD = re.compile("[0-9a-z\u0080-\u009f\u00c0-\u1fff\u2080-\U0010ffff]+")
SPECS = [DEFAULT_SPEC, SPEC_V2]


def mix(z: int) -> int:
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def poly_hash(word: bytes) -> int:
    h = 0
    for i, byte in enumerate(word):
        h = (h + (byte + 1) * pow(BASE, i, 1 << 64)) & M64
    return mix(h)


def chunk_hash(word: bytes) -> int:
    h = 0
    for j in range(0, len(word), 8):
        c = int.from_bytes(word[j : j + 8], "little")
        h = (h + c * (1 if j == 0 else mix(j // 8) | 1)) & M64
    return h


def raw_shingles(text: str, spec: SignatureSpec) -> list[int]:
    """Words, word hashes and shingles of the spec, one at a time (raw sums, before mixing)."""
    hasher = chunk_hash if spec.token_hash == "chunk8-v1" else poly_hash
    words = [hasher(w.encode("utf-8", "surrogatepass")) for w in WORD.findall(text.lower())]
    k = spec.shingle_size
    windows = [words[i : i + k] for i in range(len(words) - k + 1)] if len(words) >= k else [words]
    return [sum(w * PLACE[j] for j, w in enumerate(win)) & M64 for win in windows if win]


def reference_signature(text: str, spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """The spec, written out plainly."""
    raw = raw_shingles(text, spec)
    n = spec.num_perm
    out = [int(EMPTY)] * n
    if spec.scheme == "perm-v1":
        a, b = permutations(spec)
        hashes = [mix(r) >> 32 for r in raw]
        for p in range(n):
            ap, bp = int(a[p, 0]), int(b[p, 0])
            if hashes:
                out[p] = min((ap * x + bp) & 0xFFFFFFFF for x in hashes)
        return np.array(out, dtype=np.uint32)
    filled = [False] * n
    for r in raw:
        h = mix((r + mix(spec.seed)) & M64)
        slot = ((h >> 32) * n) >> 32
        out[slot] = min(out[slot], min(h & 0xFFFFFFFF, 0xFFFFFFFE))
        filled[slot] = True
    if any(filled):
        rng = np.random.Generator(np.random.PCG64(spec.seed + 2))
        final = list(out)
        for i in range(n):
            order = [int(x) + (int(x) >= i) for x in rng.permutation(n - 1)]
            if not filled[i]:
                final[i] = out[next(j for j in order if filled[j])]
        out = final
    return np.array(out, dtype=np.uint32)


TRICKY = [
    "",
    "one",
    "two words",
    "Four words are here",
    "Ünïcödé Straße “quoted” — dash…",
    "a\r\nb\tc",
    "ÉCOLE İstanbul KELVIN \u212a Ωmega ΣΊΣΥΦΟΣ",  # str.lower changes lengths and scripts
    "internationalisation counterrevolutionaries antidisestablishmentarianism " * 2,
    "x" * 70 + " short words then " + "ü" * 13,
    "nul\0inside a text\0 splits words",
]


@pytest.mark.parametrize("spec", SPECS, ids=["oph", "perm"])
def test_fast_equals_reference_on_articles(rng: random.Random, spec: SignatureSpec) -> None:
    texts = [make_article(rng, rng.randint(1, 12)) for _ in range(12)] + TRICKY
    fast = signatures(texts, spec)
    for text, sig in zip(texts, fast, strict=True):
        assert (sig == reference_signature(text, spec)).all(), text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(list("ab Z9.,'’“\u00a0\u2014é\u00bfж\x00\nÉİ\u212aΣ") + ["abcdefghi"]),
            max_size=40,
        ).map("".join),
        max_size=5,
    )
)
def test_fast_equals_reference_on_random_text(texts: list[str]) -> None:
    for spec in SPECS:
        fast = signatures(texts, spec)
        for text, sig in zip(texts, fast, strict=True):
            assert (sig == reference_signature(text, spec)).all(), repr(text)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("aZ \x00éÉ×ßÞÿ€“İ\u212aж\u2014Ω😳")), max_size=12),
        min_size=1,
    )
)
def test_encode_equals_lowering_each_text(texts: list[str]) -> None:
    data, starts, high = _encode(texts)
    parts = [t.lower().encode("utf-8", "surrogatepass") for t in texts]
    assert data.tobytes() == b"\0" + b"\0".join(parts) + b"\0" * 9
    assert high.tolist() == np.flatnonzero(data >= 0xC2).tolist()
    assert [data[s : s + len(p)].tobytes() for s, p in zip(starts, parts, strict=True)] == parts


@pytest.mark.parametrize("block_chars", [200_000, 3000])
def test_batch_equals_single(
    rng: random.Random, block_chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the texts around it and however a call is cut into blocks."""
    import newsqual.dedup.minhash as minhash

    monkeypatch.setattr(minhash, "_BLOCK_CHARS", block_chars)
    texts = [make_article(rng) for _ in range(40)] + TRICKY
    for spec in SPECS:
        batch = signatures(texts, spec)
        for text, sig in zip(texts, batch, strict=True):
            assert (signature(text, spec) == sig).all()


def test_case_and_punctuation_do_not_matter() -> None:
    for spec in SPECS:
        a = signature("The Mayor said: “we will rebuild the bridge” — on Tuesday in ÉVORA.", spec)
        b = signature("the mayor said we will rebuild the bridge on tuesday in évora", spec)
        assert (a == b).all()


def test_donor_orders_are_permutations_of_the_other_slots() -> None:
    table = donors()
    n = DEFAULT_SPEC.num_perm
    for i, row in enumerate(table):
        assert sorted(row.tolist()) == [j for j in range(n) if j != i]
    assert len({tuple(r[:8]) for r in table.tolist()}) == n  # orders differ between slots


def test_densify_fills_every_hole_from_a_filled_slot() -> None:
    sig = np.full((3, 128), EMPTY, dtype=np.uint32)
    sig[0, 77] = 5  # one filled slot: every hole must walk its order until it meets slot 77
    sig[1, ::2] = np.arange(64, dtype=np.uint32)
    before = sig.copy()
    densify(sig, donors())
    assert (sig[0] == 5).all()
    assert (sig[1, ::2] == before[1, ::2]).all() and (sig[1] != EMPTY).all()
    assert set(sig[1, 1::2].tolist()) <= set(before[1, ::2].tolist())
    assert (sig[2] == EMPTY).all()  # a document without shingles stays empty


def _pairs(rng: random.Random) -> list[tuple[list[str], list[str]]]:
    """800 pairs of word lists of 3 to 600 words sharing a random middle part (Jaccard 0..1)."""
    vocab = [f"w{i}" for i in range(20000)]
    out = []
    for _ in range(800):
        n = rng.choice([3, 8, 20, 60, 150, 400, 600])
        base = rng.sample(vocab, n)
        keep = rng.random() ** 0.5
        lo = rng.randint(0, int(n * (1 - keep)))
        hi = lo + int(n * keep)
        other = rng.sample(vocab, rng.randint(0, n // 8)) + base[lo:hi] + rng.sample(vocab, 1)
        out.append((base, other))
    return out


def _exact(a: list[str], b: list[str], k: int = 5) -> float:
    sa = {tuple(a[i : i + k]) for i in range(max(1, len(a) - k + 1))}
    sb = {tuple(b[i : i + k]) for i in range(max(1, len(b) - k + 1))}
    return len(sa & sb) / len(sa | sb)


def test_one_permutation_estimate_is_unbiased_and_as_accurate_as_permutations() -> None:
    """Estimated vs exact 5-gram Jaccard on 800 generated pairs across similarities and lengths.

    One-permutation hashing with optimal densification has collision probability = Jaccard for
    every slot, so the mean error must vanish; its spread must match 128 independent
    permutations (sd of one estimate sqrt(J(1 - J) / 128) <= 0.044).
    """
    pairs = _pairs(random.Random(7))
    exact = np.array([_exact(a, b) for a, b in pairs])
    errors = {}
    for spec in SPECS:
        sa = signatures([" ".join(a) for a, _ in pairs], spec)
        sb = signatures([" ".join(b) for _, b in pairs], spec)
        errors[spec.scheme] = jaccard_estimate(sa, sb) - exact
    oph, perm = errors["oph-dens-v1"], errors["perm-v1"]
    assert np.ptp(exact) > 0.9  # the pairs span the whole range of similarity
    assert abs(oph.mean()) < 0.006  # standard error of the mean here is about 0.0013
    for lo, hi in ((0.0, 0.3), (0.3, 0.7), (0.7, 1.01)):
        sel = (exact >= lo) & (exact < hi)
        assert sel.sum() > 40 and abs(oph[sel].mean()) < 0.015
    rmse_oph, rmse_perm = np.sqrt((oph**2).mean()), np.sqrt((perm**2).mean())
    assert rmse_oph < 0.04 and rmse_oph < 1.15 * rmse_perm


def test_estimate_tracks_exact_jaccard(rng: random.Random) -> None:
    base = make_article(rng, 30).split()
    for spec in SPECS:
        errors = []
        for cut in range(0, len(base) // 2, 15):
            other = base[cut:] + make_article(rng, 3).split()
            sa = {tuple(base[i : i + 5]) for i in range(len(base) - 4)}
            so = {tuple(other[i : i + 5]) for i in range(len(other) - 4)}
            exact = len(sa & so) / len(sa | so)
            est = jaccard_estimate(
                signature(" ".join(base), spec), signature(" ".join(other), spec)
            )
            errors.append(float(est) - exact)
        assert abs(float(np.mean(errors))) < 0.05
        assert max(abs(e) for e in errors) < 0.2


def test_empty_documents_are_not_similar() -> None:
    for spec in SPECS:
        assert float(jaccard_estimate(signature("", spec), signature("", spec))) == 0.0


def test_unknown_spec_is_refused() -> None:
    with pytest.raises(SpecMismatch):
        signatures(["x"], SignatureSpec(normalisation="nfkc-v9"))
    with pytest.raises(SpecMismatch):
        signatures(["x"], SignatureSpec(scheme="bbit-v9"))


def test_a_slot_count_other_than_a_power_of_two_equals_reference(rng: random.Random) -> None:
    spec = SignatureSpec(num_perm=96, seed=5)
    texts = [make_article(rng, rng.randint(1, 6)) for _ in range(6)] + TRICKY[:4]
    for text, sig in zip(texts, signatures(texts, spec), strict=True):
        assert sig.shape == (96,) and (sig == reference_signature(text, spec)).all(), text

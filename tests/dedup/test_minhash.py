"""Fast signatures equal a one-shingle-at-a-time reference implementation of the same spec."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.dedup.minhash import EMPTY, jaccard_estimate, permutations, signature, signatures
from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec, SpecMismatch
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


def mix(z: int) -> int:
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def reference_signature(text: str, spec: SignatureSpec = DEFAULT_SPEC) -> np.ndarray:
    """The spec, written out plainly: words, word hashes, shingles, permutations, minima."""
    words = []
    for w in WORD.findall(text.lower()):
        h = 0
        for i, byte in enumerate(w.encode("utf-8", "surrogatepass")):
            h = (h + (byte + 1) * pow(BASE, i, 1 << 64)) & M64
        words.append(mix(h))
    k = spec.shingle_size
    windows = [words[i : i + k] for i in range(len(words) - k + 1)] if len(words) >= k else [words]
    shingles = []
    for win in windows:
        if win:
            acc = sum(w * PLACE[j] for j, w in enumerate(win)) & M64
            shingles.append(mix(acc) >> 32)
    a, b = permutations(spec)
    out = np.full(spec.num_perm, int(EMPTY), dtype=np.uint32)
    for p in range(spec.num_perm):
        ap, bp = int(a[p, 0]), int(b[p, 0])
        if shingles:
            out[p] = min((ap * x + bp) & 0xFFFFFFFF for x in shingles)
    return out


def test_fast_equals_reference_on_articles(rng: random.Random) -> None:
    texts = [make_article(rng, rng.randint(1, 12)) for _ in range(12)]
    texts += [
        "",
        "one",
        "two words",
        "Four words are here",
        "Ünïcödé Straße “quoted” — dash…",
        "a\r\nb\tc",
    ]
    fast = signatures(texts)
    for text, sig in zip(texts, fast, strict=True):
        assert (sig == reference_signature(text)).all(), text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab Z9.,'’“\u00a0\u2014é\u00bfж\x00\n")), max_size=60
        ),
        max_size=5,
    )
)
def test_fast_equals_reference_on_random_text(texts: list[str]) -> None:
    fast = signatures(texts)
    for text, sig in zip(texts, fast, strict=True):
        assert (sig == reference_signature(text)).all(), repr(text)


def test_batch_equals_single(rng: random.Random) -> None:
    texts = [make_article(rng) for _ in range(40)]
    batch = signatures(texts)
    for text, sig in zip(texts, batch, strict=True):
        assert (signature(text) == sig).all()


def test_case_and_punctuation_do_not_matter() -> None:
    a = signature("The Mayor said: “we will rebuild the bridge” — on Tuesday.")
    b = signature("the mayor said we will rebuild the bridge on tuesday")
    assert (a == b).all()


def test_estimate_tracks_exact_jaccard(rng: random.Random) -> None:
    base = make_article(rng, 30).split()
    errors = []
    for cut in range(0, len(base) // 2, 15):
        other = base[cut:] + make_article(rng, 3).split()
        sa = {tuple(base[i : i + 5]) for i in range(len(base) - 4)}
        so = {tuple(other[i : i + 5]) for i in range(len(other) - 4)}
        exact = len(sa & so) / len(sa | so)
        est = float(jaccard_estimate(signature(" ".join(base)), signature(" ".join(other))))
        errors.append(est - exact)
    assert abs(float(np.mean(errors))) < 0.05
    assert max(abs(e) for e in errors) < 0.2


def test_empty_documents_are_not_similar() -> None:
    assert float(jaccard_estimate(signature(""), signature(""))) == 0.0


def test_unknown_spec_is_refused() -> None:
    with pytest.raises(SpecMismatch):
        signatures(["x"], SignatureSpec(normalisation="nfkc-v9"))

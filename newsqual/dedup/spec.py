"""The frozen, versioned recipe behind every signature newsqual stores.

A signature is only comparable with another made by the same recipe, so the recipe is data:
`SignatureSpec` names the normalisation, the shingles, the hash, the MinHash scheme, the number of
slots and the seed. Indexes save it next to their arrays and refuse to load under a different one
(`SpecMismatch`), so a changed release fails loudly instead of silently missing duplicates.
Signatures saved under an older recipe stay computable: open their index with that spec
(`SPEC_V2` for version 2).

>>> DEFAULT_SPEC.version, DEFAULT_SPEC.scheme, DEFAULT_SPEC.num_perm, DEFAULT_SPEC.shingle_size
(3, 'oph-dens-v1', 128, 5)
>>> SignatureSpec.from_dict(DEFAULT_SPEC.to_dict()) == DEFAULT_SPEC
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# 2: rewrite fingerprint content-v2 (80 stems, stored in text order)
# 3: copy signature by one-permutation hashing with optimal densification, chunk8 word hash;
#    rewrite MinHash content-v3 (the kept stems of rarity >= 3, 192 slots)
SPEC_VERSION = 3
# Fields added after version 2, with the value every signature saved before them was made with.
_BEFORE_V3 = {"scheme": "perm-v1"}


class SpecMismatch(ValueError):
    """Stored signatures were made under another recipe than the one in use."""


@dataclass(frozen=True)
class SignatureSpec:
    """Everything that determines a signature's values (change any field -> new version).

    normalisation "lower-v1": `str.lower()`, then UTF-8; a word is a maximal run of ASCII
    letters/digits or non-ASCII bytes, except the Latin-1 punctuation block U+00A0-U+00BF and the
    General Punctuation and superscript block U+2000-U+207F (curly quotes, dashes, nbsp), which
    separate words.
    token hash "chunk8-v1": the word's bytes cut into 8-byte chunks c_j (little-endian
    uint64, the last one zero-padded); hash = sum_j c_j * m_j mod 2**64 with m_0 = 1 and
    m_j = splitmix64(j) | 1 (not mixed: the shingle hash is).
    token hash "poly64-splitmix-v1" (version 2): sum_i (byte_i + 1) * B**i mod 2**64 with
    B = 0x100000001B3, then the splitmix64 finaliser.
    shingle: `shingle_size` consecutive words (a shorter document is one shingle of all its
    words); its raw hash is sum_j word_j * P_j mod 2**64 with the eight odd constants P of
    `newsqual.dedup.minhash._PLACE`.
    scheme "oph-dens-v1" (one-permutation hashing, Li, Owen & Zhang 2012, with optimal
    densification, Shrivastava 2017): h = splitmix64(raw + splitmix64(seed)); slot
    ((h >> 32) * num_perm) >> 32 keeps the minimum of min(h & 0xFFFFFFFF, 0xFFFFFFFE); an empty
    slot i takes the value of the first non-empty slot in its donor order, a permutation of the
    other slots drawn for each i by `rng.permutation(num_perm - 1)` (numpy PCG64 seeded with
    seed + 2, slot indices >= i shifted up by one).
    scheme "perm-v1" (version 2): h = splitmix64(raw) >> 32; permutation i is
    (a_i * h + b_i) mod 2**32 with odd a_i, (a_i, b_i) drawn as uint32 from numpy's PCG64 seeded
    with `seed`; slot i = its minimum.
    A document without words has every slot 0xFFFFFFFF.
    The rewrite fingerprint uses the same words, keeps content words (not in the
    package's function-word list, >= 3 characters or containing a digit), truncates them to
    `stem_chars` characters and weights each by its rarity in English (wordfreq, `rarity_source`);
    the `content_keep` rarest stems (ties by stem hash, xxh64 with `seed`), stored in the order of
    their first occurrence in the text, form its sparse vector,
    and a `content_perm`-slot MinHash of 32-bit ids (splitmix64 of each id, permutations seeded
    with seed + 1, as in "perm-v1") feeds the rewrite LSH: of every kept stem ("content-v2",
    version 2), or of the kept stems of rarity >= 3, all kept ones when none is ("content-v3").
    """

    version: int = SPEC_VERSION
    normalisation: str = "lower-v1"
    token_hash: str = "chunk8-v1"
    shingle: str = "word"
    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 20261123
    content: str = "content-v3"
    content_perm: int = 192
    stem_chars: int = 5
    rarity_source: str = "wordfreq-en-zipf-3"
    content_keep: int = 80
    scheme: str = "oph-dens-v1"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignatureSpec:
        """The spec a saved dict describes (a dict saved before version 3 lacks `scheme`)."""
        return cls(**{**_BEFORE_V3, **data})

    def check(self, other: SignatureSpec | dict[str, Any]) -> None:
        """Raise `SpecMismatch` unless `other` is this very recipe."""
        theirs = other.to_dict() if isinstance(other, SignatureSpec) else {**_BEFORE_V3, **other}
        mine = self.to_dict()
        if theirs != mine:
            diff = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
            raise SpecMismatch(
                f"signatures were made under another spec (differs in {', '.join(diff)}); "
                "rebuild the index with this release, or open it with the spec it was made "
                "under (newsqual.dedup.spec.SPEC_V2 for version 2)"
            )


DEFAULT_SPEC = SignatureSpec()
SPEC_V2 = SignatureSpec(
    version=2,
    token_hash="poly64-splitmix-v1",
    scheme="perm-v1",
    content="content-v2",
    content_perm=128,
)
"""The version 2 recipe (permutation MinHash): open an index saved by newsqual before version 3."""


def known_spec(stored: SignatureSpec | dict[str, Any] | None) -> SignatureSpec:
    """The spec an index saved under `stored` should open with when the caller names none: the
    stored one when this release computes it (the current default or :data:`SPEC_V2`), else
    :data:`DEFAULT_SPEC` (so opening fails with `SpecMismatch`, naming the differences).

    >>> known_spec(SPEC_V2.to_dict()) == SPEC_V2, known_spec(None) == DEFAULT_SPEC
    (True, True)
    """
    if stored is None:
        return DEFAULT_SPEC
    theirs = stored if isinstance(stored, SignatureSpec) else SignatureSpec.from_dict(stored)
    return theirs if theirs in (DEFAULT_SPEC, SPEC_V2) else DEFAULT_SPEC

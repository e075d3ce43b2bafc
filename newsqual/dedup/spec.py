"""The frozen, versioned recipe behind every signature newsqual stores.

A signature is only comparable with another made by the same recipe, so the recipe is data:
`SignatureSpec` names the normalisation, the shingles, the hash, the number of permutations and
the seed. Indexes save it next to their arrays and refuse to load under a different one
(`SpecMismatch`), so a changed release fails loudly instead of silently missing duplicates.

>>> DEFAULT_SPEC.version, DEFAULT_SPEC.num_perm, DEFAULT_SPEC.shingle_size
(2, 128, 5)
>>> SignatureSpec.from_dict(DEFAULT_SPEC.to_dict()) == DEFAULT_SPEC
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SPEC_VERSION = 2  # 2: rewrite fingerprint content-v2 (80 stems, stored in text order)


class SpecMismatch(ValueError):
    """Stored signatures were made under another recipe than the one in use."""


@dataclass(frozen=True)
class SignatureSpec:
    """Everything that determines a signature's values (change any field -> new version).

    normalisation "lower-v1": `str.lower()`, then UTF-8; a word is a maximal run of ASCII
    letters/digits or non-ASCII bytes, except the Latin-1 punctuation block U+00A0-U+00BF and the
    General Punctuation and superscript block U+2000-U+207F (curly quotes, dashes, nbsp), which
    separate words.
    token hash "poly64-splitmix-v1": polynomial hash of the word's bytes mod 2**64, then the
    splitmix64 finaliser. shingle: `shingle_size` consecutive words (a shorter document is one
    shingle of all its words). permutation i: (a_i * (h >> 32) + b_i) mod 2**32 with odd
    a_i, (a_i, b_i) drawn as uint32 from numpy's PCG64 seeded with `seed`; slot i = its minimum.
    The rewrite fingerprint ("content-v2") uses the same words, keeps content words (not in the
    package's function-word list, >= 3 characters or containing a digit), truncates them to
    `stem_chars` characters and weights each by its rarity in English (wordfreq, `rarity_source`);
    the `content_keep` rarest stems (ties by stem hash, xxh64 with `seed`), stored in the order of
    their first occurrence in the text, form its sparse vector,
    and a `content_perm`-slot MinHash of their 32-bit ids (splitmix64 of each id, permutations
    seeded with seed + 1) feeds the rewrite LSH.
    """

    version: int = SPEC_VERSION
    normalisation: str = "lower-v1"
    token_hash: str = "poly64-splitmix-v1"
    shingle: str = "word"
    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 20261123
    content: str = "content-v2"
    content_perm: int = 128
    stem_chars: int = 5
    rarity_source: str = "wordfreq-en-zipf-3"
    content_keep: int = 80

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignatureSpec:
        return cls(**data)

    def check(self, other: SignatureSpec | dict[str, Any]) -> None:
        """Raise `SpecMismatch` unless `other` is this very recipe."""
        theirs = other.to_dict() if isinstance(other, SignatureSpec) else dict(other)
        mine = self.to_dict()
        if theirs != mine:
            diff = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
            raise SpecMismatch(
                f"signatures were made under another spec (differs in {', '.join(diff)}); "
                "rebuild the index with this release or use the release that made it"
            )


DEFAULT_SPEC = SignatureSpec()

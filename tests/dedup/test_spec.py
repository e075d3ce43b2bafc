from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

import pytest

from newsqual.dedup.content import content_fingerprints
from newsqual.dedup.index import DuplicateIndex
from newsqual.dedup.minhash import signature, signatures
from newsqual.dedup.spec import (
    DEFAULT_SPEC,
    SPEC_V2,
    SPEC_VERSION,
    SignatureSpec,
    SpecMismatch,
)
from tests.dedup.conftest import make_article

FROZEN_TEXTS = [
    "The harbour authority approved the dredging plan for the northern quay on Monday.",
    "Ünïcödé “quotes” — and 42 numbers",
    "",
]


def test_round_trip() -> None:
    assert SignatureSpec.from_dict(DEFAULT_SPEC.to_dict()) == DEFAULT_SPEC
    DEFAULT_SPEC.check(DEFAULT_SPEC.to_dict())
    assert SignatureSpec.from_dict(SPEC_V2.to_dict()) == SPEC_V2


def test_mismatch_names_the_field() -> None:
    with pytest.raises(SpecMismatch, match="seed"):
        DEFAULT_SPEC.check(SignatureSpec(seed=1))


def test_seed_changes_signatures() -> None:
    text = "The harbour authority approved the dredging plan for the northern quay on Monday."
    for spec in (DEFAULT_SPEC, SPEC_V2):
        other = SignatureSpec(**{**spec.to_dict(), "seed": 7})
        assert (signature(text, spec) != signature(text, other)).any()


def test_spec_version_3_values_are_frozen() -> None:
    """Signatures saved under SPEC_VERSION 3 must stay valid: any change here needs a new version.

    Version 3 changed the copy signature (one-permutation hashing, chunk8 word hash) and the
    rewrite MinHash (content-v3: the kept stems of rarity >= 3, 192 slots); the kept stems and
    weights are made as in version 2.
    """
    assert SPEC_VERSION == 3 and DEFAULT_SPEC.scheme == "oph-dens-v1"
    assert zlib.crc32(signatures(FROZEN_TEXTS).tobytes()) == 0x9A0DC996
    fp = content_fingerprints(FROZEN_TEXTS)
    packed = fp.signatures.tobytes() + fp.hashes.tobytes() + fp.weights.tobytes()
    assert zlib.crc32(packed) == 0x3322C585


def test_spec_version_2_values_are_still_computed() -> None:
    """`SPEC_V2` gives the very signatures version 2 saved (checksum taken when it was frozen)."""
    assert SPEC_V2.version == 2 and SPEC_V2.scheme == "perm-v1"
    assert zlib.crc32(signatures(FROZEN_TEXTS, SPEC_V2).tobytes()) == 0x48BCAA0A


def test_a_version_2_spec_saved_before_the_scheme_field_reads_as_spec_v2() -> None:
    saved = {k: v for k, v in SPEC_V2.to_dict().items() if k != "scheme"}
    assert SignatureSpec.from_dict(saved) == SPEC_V2
    SPEC_V2.check(saved)
    with pytest.raises(SpecMismatch, match="scheme, token_hash, version"):
        DEFAULT_SPEC.check(saved)


def test_a_version_1_index_is_refused() -> None:
    """An index saved by the version 1 recipe (48 stems, rarity order) fails loudly."""
    v1 = {**SPEC_V2.to_dict(), "version": 1, "content": "content-v1", "content_keep": 48}
    with pytest.raises(SpecMismatch, match="content, content_keep, version"):
        SPEC_V2.check(v1)
    with pytest.raises(SpecMismatch):
        DEFAULT_SPEC.check(v1)


def test_an_index_saved_by_version_2_keeps_its_spec(tmp_path: Path, rng: random.Random) -> None:
    """A directory written before version 3 (its meta.json has no `scheme`) opens under SPEC_V2
    when no spec is named (so an old `--history` keeps working), and is refused, with a message
    naming the fix, when the current spec is asked for."""
    texts = [make_article(rng) for _ in range(20)]
    with DuplicateIndex(tmp_path / "old", spec=SPEC_V2) as old:
        old.add_many([(f"d{i}", t) for i, t in enumerate(texts)], timestamps=list(range(20)))
    for meta_path in (tmp_path / "old").glob("gen-*/meta.json"):  # as version 2 wrote it
        meta = json.loads(meta_path.read_text())
        del meta["spec"]["scheme"]
        meta_path.write_text(json.dumps(meta))
    with pytest.raises(SpecMismatch, match="SPEC_V2"):
        DuplicateIndex(tmp_path / "old", spec=DEFAULT_SPEC)
    again = DuplicateIndex(tmp_path / "old")
    assert again.spec == SPEC_V2
    assert [m.id for m in again.query(texts[4])][:1] == ["d4"]
    again.close()
    assert DuplicateIndex(tmp_path / "new").spec == DEFAULT_SPEC


def test_an_index_under_a_custom_spec_opens_only_when_it_is_named(tmp_path: Path) -> None:
    """Only the shipped recipes are adopted silently; a custom one must be given again."""
    custom = SignatureSpec(seed=7)
    with DuplicateIndex(tmp_path / "x", spec=custom) as idx:
        idx.add("a", "One short story about the harbour.")
    with pytest.raises(SpecMismatch, match="seed"):
        DuplicateIndex(tmp_path / "x")
    with DuplicateIndex(tmp_path / "x", spec=custom) as idx:
        assert "a" in idx

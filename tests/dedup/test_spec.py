from __future__ import annotations

import pytest

from newsqual.dedup.minhash import signature
from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec, SpecMismatch


def test_round_trip() -> None:
    assert SignatureSpec.from_dict(DEFAULT_SPEC.to_dict()) == DEFAULT_SPEC
    DEFAULT_SPEC.check(DEFAULT_SPEC.to_dict())


def test_mismatch_names_the_field() -> None:
    with pytest.raises(SpecMismatch, match="seed"):
        DEFAULT_SPEC.check(SignatureSpec(seed=1))


def test_seed_changes_signatures() -> None:
    text = "The harbour authority approved the dredging plan for the northern quay on Monday."
    assert (signature(text) != signature(text, SignatureSpec(seed=7))).any()


def test_spec_version_2_values_are_frozen() -> None:
    """Signatures saved under SPEC_VERSION 2 must stay valid: any change here needs a new version.

    The checksums were taken when version 2 was frozen; a failure means the recipe changed. The
    copy signature is the same as in version 1 (same checksum); version 2 changed only the
    rewrite fingerprint (content-v2: 80 stems stored in text order).
    """
    import zlib

    from newsqual.dedup.content import content_fingerprints
    from newsqual.dedup.minhash import signatures
    from newsqual.dedup.spec import SPEC_VERSION

    assert SPEC_VERSION == 2
    texts = [
        "The harbour authority approved the dredging plan for the northern quay on Monday.",
        "Ünïcödé “quotes” — and 42 numbers",
        "",
    ]
    assert zlib.crc32(signatures(texts).tobytes()) == 0x48BCAA0A
    fp = content_fingerprints(texts)
    packed = fp.signatures.tobytes() + fp.hashes.tobytes() + fp.weights.tobytes()
    assert zlib.crc32(packed) == 0x7435F3D1


def test_a_version_1_index_is_refused() -> None:
    """An index saved by the version 1 recipe (48 stems, rarity order) fails loudly."""
    v1 = {**DEFAULT_SPEC.to_dict(), "version": 1, "content": "content-v1", "content_keep": 48}
    with pytest.raises(SpecMismatch, match="content, content_keep, version"):
        DEFAULT_SPEC.check(v1)

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


def test_spec_version_1_values_are_frozen() -> None:
    """Signatures saved under SPEC_VERSION 1 must stay valid: any change here needs a new version.

    The checksums were taken when version 1 was frozen; a failure means the recipe changed.
    """
    import zlib

    from newsqual.dedup.content import content_fingerprints
    from newsqual.dedup.minhash import signatures
    from newsqual.dedup.spec import SPEC_VERSION

    assert SPEC_VERSION == 1
    texts = [
        "The harbour authority approved the dredging plan for the northern quay on Monday.",
        "Ünïcödé “quotes” — and 42 numbers",
        "",
    ]
    assert zlib.crc32(signatures(texts).tobytes()) == 0x48BCAA0A
    fp = content_fingerprints(texts)
    packed = fp.signatures.tobytes() + fp.hashes.tobytes() + fp.weights.tobytes()
    assert zlib.crc32(packed) == 0xA8B3A9CE

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

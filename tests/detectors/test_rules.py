"""Every rule's own examples: positives must be flagged, negatives (clean news) must not.

Examples are read as `score` reads them (HTML is detected), so markup rules can show HTML.
"""

from __future__ import annotations

import pytest

from newsqual.detectors import all_rules
from newsqual.document import Document

RULES = all_rules()
POSITIVES = [(r.name, i, text) for r in RULES for i, text in enumerate(r.positives)]
NEGATIVES = [(r.name, i, text) for r in RULES for i, text in enumerate(r.negatives)]
BY_NAME = {r.name: r for r in RULES}


@pytest.mark.parametrize(
    ("rule", "i", "text"), POSITIVES, ids=[f"{n}+{i}" for n, i, _ in POSITIVES]
)
def test_rule_flags_its_positive_examples(rule: str, i: int, text: str) -> None:
    doc = Document.from_input(text)
    flags = BY_NAME[rule].detect(doc)
    assert flags, f"{rule} missed its positive example {i}: {text[:120]!r}"
    for f in flags:
        assert doc.text[f.start:f.end] == f.evidence
        assert f.evidence.strip(), "evidence must not be blank"


@pytest.mark.parametrize(
    ("rule", "i", "text"), NEGATIVES, ids=[f"{n}-{i}" for n, i, _ in NEGATIVES]
)
def test_rule_is_silent_on_its_negative_examples(rule: str, i: int, text: str) -> None:
    flags = BY_NAME[rule].detect(Document.from_input(text))
    assert not flags, f"{rule} fired on clean example {i}: {[f.evidence for f in flags]}"


def test_rule_names_are_unique_snake_case() -> None:
    import re

    for r in RULES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", r.kind), r.kind
        assert r.description and r.message

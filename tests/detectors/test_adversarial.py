"""Hostile input: 1 MB strings built to stress each rule must finish in bounded time.

Catastrophic regex backtracking turns such inputs into hours of work; the bound here (a generous
wall-clock alarm per rule, far above the milliseconds a linear pass takes) proves there is none.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from newsqual.detectors import all_rules
from newsqual.document import Document

SIZE = 1_000_000
BOUND_SECONDS = 60


def hostile_strings(rule_positives: tuple[str, ...]) -> Iterator[str]:
    """Inputs that break backtracking patterns: long runs of one class, near-misses repeated."""
    yield "a" * SIZE
    yield " " * SIZE
    yield "." * SIZE
    yield ("a." * (SIZE // 2))
    yield ("[" * (SIZE // 2)) + ("]" * (SIZE // 2))
    yield "{" * SIZE
    yield ("a@" * (SIZE // 2))
    yield ("Ab " * (SIZE // 3))
    yield ("\n" * SIZE)
    yield (", " * (SIZE // 2))
    for p in rule_positives[:2]:
        if p:
            near = p[:-1] if len(p) > 1 else p
            yield (near * (SIZE // max(len(near), 1) + 1))[:SIZE]
            yield (near.replace(" ", "") * (SIZE // max(len(near), 1) + 1))[:SIZE]


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise _Timeout


@pytest.mark.slow
@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_finishes_on_hostile_input(rule) -> None:  # type: ignore[no-untyped-def]
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for s in hostile_strings(rule.positives):
            signal.alarm(BOUND_SECONDS)
            try:
                rule.detect(Document.from_text(s))
            except _Timeout:
                pytest.fail(f"{rule.name} ran over {BOUND_SECONDS}s on hostile input {s[:40]!r}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, old)


def test_huge_input_is_truncated_with_a_flag() -> None:
    import newsqual

    text = ("Word " * 300_000)  # 1.5 MB
    report = newsqual.score(text)
    assert len(report.text) == 1_000_000
    assert "truncated_input" in report.kinds
    assert text.startswith(report.text)

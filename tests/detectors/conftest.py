"""Shared scaffolding for the detector tests: the founding-example loader and a per-module runner.

pytest runs with ``--import-mode=importlib``, so test modules cannot import one another; these
helpers reach them as fixtures instead (``def test_x(founding_example, flags_of): ...``). A test
module sets ``DETECTOR = <detector module>`` (and optionally ``FLAG_OPTIONS``) for ``flags_of``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from newsqual.document import Document
from newsqual.report import Flag

FlagKey = Callable[[Flag], object]


def _by_start_kind(f: Flag) -> tuple[int, str]:
    return f.start, f.kind


def examples_dir() -> Path:
    """The founding examples' folder: ``$NEWSQUAL_SHARED/examples``, else
    ``<repo>/../shared/examples``."""
    shared = os.environ.get("NEWSQUAL_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / ".." / "shared"
    return base / "examples"


def load_founding_example(prefix: str) -> str:
    """The text of the founding example whose file name starts with `prefix` (e.g. ``"001"``);
    skips the calling test with a clear message when the shared folder is absent. Read with
    ``newline=""`` so the text is exactly the file's (offsets must index it unchanged)."""
    folder = examples_dir()
    found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.is_dir() else []
    if not found:
        pytest.skip(f"founding example {prefix} not found under {folder} (set NEWSQUAL_SHARED)")
    with found[0].open(encoding="utf-8", newline="") as fh:
        return fh.read()


def run_family(module: ModuleType, doc: Document | str, *, family: str | None = None,
               key: FlagKey | None = _by_start_kind, trimmed: bool = False) -> list[Flag]:
    """Every flag of `module`'s ``RULES`` on `doc`, checked: the span is exact
    (``text[start:end] == evidence``), the evidence is not blank (with `trimmed`: carries no
    surrounding whitespace at all) and the family is `family` (default: ``module.FAMILY``, else the
    module's name). Sorted by `key` (default start then kind; ``None`` keeps rule order)."""
    if isinstance(doc, str):
        doc = Document.from_text(doc)
    want = family or getattr(module, "FAMILY", module.__name__.rsplit(".", 1)[-1])
    out = [f for rule in module.RULES for f in rule.detect(doc)]
    for f in out:
        assert doc.text[f.start:f.end] == f.evidence
        assert f.family == want
        assert f.evidence.strip()
        if trimmed:
            assert f.evidence == f.evidence.strip()
    return out if key is None else sorted(out, key=key)


@pytest.fixture
def founding_example() -> Callable[[str], str]:
    """A loader ``(prefix) -> text`` for the founding examples (skips when they are absent)."""
    return load_founding_example


@pytest.fixture
def family_flags() -> Callable[..., list[Flag]]:
    """A runner ``(module, doc_or_text, **options) -> flags``: see :func:`run_family`."""
    return run_family


@pytest.fixture
def flags_of(request: pytest.FixtureRequest) -> Callable[[Document | str], list[Flag]]:
    """``(doc_or_text) -> flags`` of the detector module the test module names as ``DETECTOR``,
    with its optional ``FLAG_OPTIONS`` (keyword arguments of :func:`run_family`)."""
    module = request.module.DETECTOR
    options = getattr(request.module, "FLAG_OPTIONS", {})
    return lambda doc: run_family(module, doc, **options)

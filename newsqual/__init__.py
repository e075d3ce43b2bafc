"""newsqual: decide whether a news article is fit to publish or index, and say why.

>>> import newsqual
>>> report = newsqual.score("A clean sentence of news, reported by our correspondent.")
>>> 0.0 <= report.score <= 1.0
True
"""

from __future__ import annotations

from typing import Any

from newsqual._version import __version__
from newsqual.report import Flag, Report

__all__ = [
    "__version__",
    "Flag",
    "Report",
    "score",
    "score_many",
    "clean",
    "signature",
    "DuplicateIndex",
    "cluster",
    "score_path",
    "filter_feed",
    "NewsFeatures",
]

# Heavy parts load on first use, not at import (no work a caller did not ask for).
_LAZY = {
    "score": ("newsqual.judge", "score"),
    "score_many": ("newsqual.judge", "score_many"),
    "clean": ("newsqual.judge", "clean"),
    "signature": ("newsqual.dedup", "signature"),
    "DuplicateIndex": ("newsqual.dedup", "DuplicateIndex"),
    "cluster": ("newsqual.dedup", "cluster"),
    "score_path": ("newsqual.batch", "score_path"),
    "filter_feed": ("newsqual.feed", "filter_feed"),
    "NewsFeatures": ("newsqual.model", "NewsFeatures"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsqual' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)

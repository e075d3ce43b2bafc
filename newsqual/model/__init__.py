"""The trained parts of newsqual: features as a scikit-learn transformer, the calibrated linear
models (reliability, machine generation), their training, evaluation and safe JSON persistence.

Nothing is loaded at import; ``NewsFeatures`` and ``LinearModel`` are imported on first access.

>>> from newsqual.model import NewsFeatures
>>> NewsFeatures().get_params()["normalise"]
True
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "NewsFeatures": "newsqual.model.transformer",
    "LinearModel": "newsqual.model.linear",
    "load": "newsqual.model.linear",
    "shipped_model": "newsqual.model.runtime",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsqual.model' has no attribute {name!r}")

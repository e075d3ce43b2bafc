"""The chrome-line classifier: which lines of a naively scraped page are page chrome.

- :mod:`~newsqual.linemodel.features`: one numeric row per non-blank line (the line, its neighbours,
  its position), computed for all lines of a document at once with numpy.
- :mod:`~newsqual.linemodel.model`: the shipped model (plain JSON tree arrays, version-checked) and
  vectorised inference.
- :mod:`~newsqual.linemodel.data`: the development pages (WCXB), their naive rendering and the
  content/chrome label of each line.
- :mod:`~newsqual.linemodel.train`: ``python -m newsqual.linemodel.train`` rebuilds the model.
"""

from __future__ import annotations

from newsqual.linemodel.features import FEATURE_NAMES, line_features
from newsqual.linemodel.model import LineModel, ModelVersionError, load_line_model

__all__ = ["FEATURE_NAMES", "LineModel", "ModelVersionError", "line_features", "load_line_model"]

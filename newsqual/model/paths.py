"""Where shipped model files are found.

In order: ``$NEWSQUAL_MODELS``; the repository's ``models/`` (a checkout or editable install);
``<prefix>/share/newsqual/models`` (a wheel install, where pyproject's data-files put them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def models_dir() -> Path:
    """The folder holding shipped model files."""
    env = os.environ.get("NEWSQUAL_MODELS")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "models"
    if repo.is_dir():
        return repo
    return Path(sys.prefix) / "share" / "newsqual" / "models"

"""Where shipped model files are found.

In order: ``$NEWSQUAL_MODELS``; the repository's ``models/`` (a checkout or editable install);
``<prefix>/share/newsqual/models`` (a wheel install, where pyproject's data-files put them).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def _installed_dir() -> Path:
    """The checkout's ``models/`` if there is one, else the wheel's share folder (resolved once:
    scoring asks for every document)."""
    repo = Path(__file__).resolve().parents[2] / "models"
    if repo.is_dir():
        return repo
    return Path(sys.prefix) / "share" / "newsqual" / "models"


def models_dir() -> Path:
    """The folder holding shipped model files."""
    env = os.environ.get("NEWSQUAL_MODELS")
    if env:
        return Path(env)
    return _installed_dir()

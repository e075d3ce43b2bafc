"""Where shipped model files are found: ``$NEWSQUAL_MODELS``, else the repository's ``models/``."""

from __future__ import annotations

import os
from pathlib import Path


def models_dir() -> Path:
    """The folder holding shipped model files (``models/`` beside the package in a checkout)."""
    env = os.environ.get("NEWSQUAL_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"

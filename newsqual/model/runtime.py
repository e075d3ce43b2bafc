"""The shipped models at scoring time: loaded lazily on first use, once per process.

``models/reliability.json`` and ``models/machine.json``
(see :func:`newsqual.model.paths.models_dir`).
If a file is missing, unreadable, of another format version, or needs features the running code
does not compute, :func:`shipped_model` emits one :class:`ModelFallbackWarning` naming the problem
and returns ``None``; scoring then uses the rule-based score alone (``Report.scores`` then has no
``reliability`` entry). Call :func:`load` directly to get the exception instead.
"""

from __future__ import annotations

import warnings
from functools import cache

from newsqual.model.columns import all_feature_names
from newsqual.model.linear import FeatureMismatchError, LinearModel, ModelFileError, load
from newsqual.model.paths import models_dir

RELIABILITY = "reliability"
MACHINE = "machine"


class ModelFallbackWarning(RuntimeWarning):
    """A shipped model could not be used; scores fall back to the rule-based scorer."""


def load_checked(name: str, directory: str | None = None) -> LinearModel:
    """Load ``<directory>/<name>.json`` and check its features; raises on any problem."""
    folder = models_dir() if directory is None else directory
    from pathlib import Path

    model = load(Path(folder) / f"{name}.json")
    model.check_features(all_feature_names())
    return model


@cache
def _cached(name: str, directory: str) -> LinearModel | None:
    try:
        return load_checked(name, directory)
    except (OSError, ModelFileError, FeatureMismatchError) as exc:
        warnings.warn(f"newsqual: shipped model {name!r} in {directory} is unusable ({exc}); "
                      "falling back to the rule-based score", ModelFallbackWarning, stacklevel=3)
        return None


def shipped_model(name: str) -> LinearModel | None:
    """The shipped model `name` (``reliability`` or ``machine``), or ``None`` with a warning."""
    return _cached(name, str(models_dir()))


def clear_cache() -> None:
    """Forget loaded models (for tests and after retraining in the same process)."""
    _cached.cache_clear()

"""A disk cache of extracted features, so retraining and evaluation reruns take seconds.

Entries are keyed by the SHA-256 of the text and stored per *code fingerprint*: a hash of the
feature names, of the package's source (except the model's own training code) and of the other
shipped model files detectors load. Any edit to a detector therefore starts a fresh cache instead
of serving stale numbers. The cache is
plain ``.npz`` (loaded with ``allow_pickle=False``) under ``$NEWSQUAL_CACHE`` or the system temp
folder, never inside the repository.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsqual.model.columns import all_feature_names, text_features

_PACKAGE = Path(__file__).resolve().parents[1]
#: Modules of newsqual.model that do not compute features (editing them keeps the cache).
_NOT_FEATURES = {"train.py", "evaluate.py", "fit.py", "linear.py", "runtime.py", "cache.py"}
#: Shipped files written by this package's training (not feature inputs).
_OWN_MODELS = {"reliability.json", "machine.json"}


def cache_dir() -> Path:
    """``$NEWSQUAL_CACHE``, else ``<tmp>/newsqual-cache``."""
    env = os.environ.get("NEWSQUAL_CACHE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "newsqual-cache"


def code_fingerprint() -> str:
    """Hash of the feature names, of every source file that can change features (the whole
    package except the model's own training code) and of other shipped model files (e.g. the
    chrome-line model a detector loads)."""
    from newsqual.model.paths import models_dir

    digest = hashlib.sha256("\n".join(all_feature_names()).encode())
    files = [f for f in sorted(_PACKAGE.rglob("*.py"))
             if not (f.parent.name == "model" and f.name in _NOT_FEATURES)]
    folder = models_dir()
    if folder.is_dir():
        files += [f for f in sorted(folder.glob("*.json")) if f.name not in _OWN_MODELS]
    for f in files:
        digest.update(str(f.relative_to(f.parents[1])).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


#: Cache files (one per code fingerprint) kept; older ones are deleted when a new one is written.
KEEP_FILES = 4


def _prune(folder: Path, keep: int) -> None:
    files = sorted(folder.glob("features-*.npz"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def feature_matrix(texts: Sequence[str], *, n_jobs: int = 1, use_cache: bool = True,
                   progress: bool = False) -> tuple[np.ndarray, tuple[str, ...]]:
    """Features of `texts` (normalised first) as a matrix and its column names, cached on disk."""
    names = all_feature_names()
    path = cache_dir() / f"features-{code_fingerprint()}.npz"
    known: dict[str, np.ndarray] = {}
    if use_cache and path.is_file():
        with np.load(path, allow_pickle=False) as data:
            if tuple(data["names"].tolist()) == names:
                known = dict(zip(data["keys"].tolist(), data["X"], strict=True))
    keys = [_text_key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if todo:
        rows = _extract([t for _, t in todo], n_jobs=n_jobs, progress=progress)
        for (k, _), row in zip(todo, rows, strict=True):
            known[k] = np.array([row[n] for n in names], dtype=float)
        if use_cache:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, names=np.array(names), keys=np.array(list(known)),
                     X=np.vstack(list(known.values())))
            os.replace(tmp, path)
            _prune(path.parent, keep=KEEP_FILES)
    X = np.vstack([known[k] for k in keys]) if keys else np.zeros((0, len(names)))
    return X, names


def _extract(texts: list[str], *, n_jobs: int, progress: bool) -> list[dict[str, float]]:
    if n_jobs == 1:
        it = texts
        if progress:
            from tqdm import tqdm

            it = tqdm(texts, desc="features", unit="doc")
        return [text_features(t) for t in it]
    from joblib import Parallel, delayed

    chunks = [texts[i:i + 64] for i in range(0, len(texts), 64)]
    out = Parallel(n_jobs=n_jobs)(delayed(_extract)(c, n_jobs=1, progress=False) for c in chunks)
    return [row for chunk in out for row in chunk]

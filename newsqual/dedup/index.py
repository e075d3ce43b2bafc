"""DuplicateIndex: find copies and rewrites of a text among everything added before.

Each document is kept as fixed-size numpy rows (no pickle): its copy MinHash (128 x uint32), its
80 rarest content stems in text order (uint32 ids, uint8 weights) and a timestamp: ~920 bytes on
disk. The LSH keys of both fingerprints are recomputed from these on load. A query looks up both
LSH tables (one sorted uint64 array each: key << 32 | row), then verifies every candidate: a copy
needs an estimated 5-gram Jaccard >= `copy_threshold`, a rewrite an order-aware rarity-weighted
content score (`newsqual.dedup.content.similarity`) >= `rewrite_threshold`. Nothing unverified
is returned.

With a directory path the index lives on disk (see `newsqual.dedup.store`): every `add`/`remove`
is appended to a checksummed journal at once, `save()` writes a new generation of arrays and
switches to it with one atomic rename, so a crash never corrupts what was saved.

>>> index = DuplicateIndex()
>>> story = "The city council approved a new school budget on Tuesday after a long debate. " * 3
>>> index.add("a", story, timestamp=0)
>>> [(m.id, m.relation) for m in index.query(story + " Share this article.")]
[('a', 'copy')]
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from newsqual.dedup.content import content_fingerprints, similarity
from newsqual.dedup.lsh import band_keys, optimal_bands
from newsqual.dedup.minhash import jaccard_estimate, signatures
from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec, known_spec

COPY_THRESHOLD = 0.5  # estimated word-5-gram Jaccard; syndicated copies with chrome sit at 0.6-1.0
# Order-aware, length-adjusted content score (`content.similarity`); chosen with its scoring
# parameters on one half of the dev rewrite pairs (split by story), measured on the other half
# (benchmarks/dedup_quality.py).
REWRITE_THRESHOLD = 0.29
REWRITE_LSH_THRESHOLD = 0.15  # weighted content Jaccard for candidates (recall ~0.9 of rewrites)


@dataclass(frozen=True)
class Match:
    """A verified duplicate: the indexed id, its similarity and the relation found."""

    id: str
    similarity: float
    relation: Literal["copy", "rewrite"]


@dataclass(frozen=True)
class Fingerprints:
    """Everything the index stores about a batch of documents (row i = document i)."""

    copy_sig: np.ndarray  # (n, num_perm) uint32
    rewrite_keys: np.ndarray  # (n, rewrite bands) uint32
    content_hash: np.ndarray  # (n, content_keep) uint32
    content_weight: np.ndarray  # (n, content_keep) uint8

    def __len__(self) -> int:
        return len(self.copy_sig)

    def row(self, i: int) -> Fingerprints:
        return Fingerprints(*(a[i : i + 1] for a in self.arrays()))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return self.copy_sig, self.rewrite_keys, self.content_hash, self.content_weight


def fingerprint(texts: Sequence[str], spec: SignatureSpec = DEFAULT_SPEC) -> Fingerprints:
    """Copy signature and rewrite fingerprint of each text."""
    content = content_fingerprints(texts, spec)
    bands, rows = rewrite_bands(spec)
    return Fingerprints(
        signatures(texts, spec),
        band_keys(content.signatures, bands, rows),
        content.hashes,
        content.weights,
    )


def rewrite_keys_from_content(
    content_hash: np.ndarray,
    spec: SignatureSpec = DEFAULT_SPEC,
    content_weight: np.ndarray | None = None,
) -> np.ndarray:
    """Rewrite LSH keys rebuilt from stored stem ids and weights (in blocks, to bound memory).

    The weights are needed from recipe "content-v3" on (see `content.candidate_stems`).
    """
    from newsqual.dedup.content import content_signatures

    bands, rows = rewrite_bands(spec)
    out = np.zeros((len(content_hash), bands), dtype=np.uint32)
    for start in range(0, len(content_hash), 65536):
        block = content_hash[start : start + 65536]
        w = None if content_weight is None else content_weight[start : start + 65536]
        out[start : start + len(block)] = band_keys(content_signatures(block, spec, w), bands, rows)
    return out


def copy_bands(
    spec: SignatureSpec = DEFAULT_SPEC, threshold: float = COPY_THRESHOLD
) -> tuple[int, int]:
    return optimal_bands(threshold, spec.num_perm)


def rewrite_bands(spec: SignatureSpec = DEFAULT_SPEC) -> tuple[int, int]:
    return optimal_bands(REWRITE_LSH_THRESHOLD, spec.content_perm, max_rows=4)


def to_epoch(timestamp: float | datetime | None) -> float:
    """Seconds since the epoch; None means now."""
    if timestamp is None:
        return time.time()
    if isinstance(timestamp, datetime):
        return timestamp.timestamp()
    return float(timestamp)


def verify_candidates(
    fps: Fingerprints, i: int, *, copy_ids: Sequence[str], copy_sig: np.ndarray,
    ids: Sequence[str], content_hash: np.ndarray, content_weight: np.ndarray,
    copy_threshold: float, rewrite_threshold: float | None, exclude: str | None = None,
) -> list[Match]:
    """The verified matches of row `i` of `fps` among LSH candidates, copies first, then by
    similarity: a copy candidate (`copy_ids`, rows of `copy_sig`) whose estimated Jaccard is
    >= `copy_threshold`, else any candidate (`ids`, rows of `content_hash`/`content_weight`)
    whose content score is >= `rewrite_threshold` (None: rewrites off). Both index back ends
    (in memory and Redis) call this, so they give the same answers for the same candidates."""
    matches: dict[str, Match] = {}
    if len(copy_ids):
        sims = jaccard_estimate(fps.copy_sig[i], copy_sig)
        for id_, s in zip(copy_ids, sims.tolist(), strict=True):
            if s >= copy_threshold:
                matches[id_] = Match(id_, round(s, 4), "copy")
    if rewrite_threshold is not None and len(ids):
        sims = similarity(fps.content_hash[i], fps.content_weight[i], content_hash,
                          content_weight, floor=rewrite_threshold)
        for id_, s in zip(ids, sims.tolist(), strict=True):
            if s >= rewrite_threshold and id_ not in matches:
                matches[id_] = Match(id_, round(s, 4), "rewrite")
    if exclude is not None:
        matches.pop(exclude, None)
    return sorted(matches.values(), key=lambda m: (m.relation != "copy", -m.similarity, m.id))


class _KeyTable:
    """LSH keys of all rows in one sorted uint64 array (key << 32 | row), recent rows in a dict.

    Recent rows are merged into the sorted array in bulk (a stable sort of two sorted runs is a
    linear merge), so a live feed of single adds stays cheap at millions of rows.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.sorted = np.zeros(0, dtype=np.uint64)
        self.pending: dict[int, list[int]] = {}
        self.pending_count = 0

    def add(self, row: int, keys: np.ndarray) -> None:
        for k in keys.tolist():
            self.pending.setdefault(k, []).append(row)
        self.pending_count += 1

    def rebuild(self, keys: np.ndarray, alive: np.ndarray) -> None:
        """Sort the keys of every live row (keys: (n, width)); drops removed rows."""
        rows = np.flatnonzero(alive)
        composite = (keys[rows].astype(np.uint64) << np.uint64(32)) | rows.astype(np.uint64)[
            :, None
        ]
        self.sorted = np.sort(composite, axis=None)
        self.pending, self.pending_count = {}, 0

    def add_bulk(self, rows: np.ndarray, keys: np.ndarray) -> None:
        """Merge many new rows at once (keys: (len(rows), width))."""
        fresh = (keys.astype(np.uint64) << np.uint64(32)) | rows.astype(np.uint64)[:, None]
        fresh = np.sort(fresh, axis=None)
        self.sorted = np.sort(np.concatenate([self.sorted, fresh]), kind="stable")

    def merge_pending(self) -> None:
        """Move recent rows into the sorted array."""
        if not self.pending:
            return
        fresh = np.fromiter(
            ((k << 32) | r for k, rows in self.pending.items() for r in rows), dtype=np.uint64
        )
        fresh.sort()
        self.sorted = np.sort(np.concatenate([self.sorted, fresh]), kind="stable")
        self.pending, self.pending_count = {}, 0

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Rows sharing at least one key with `keys` (may include removed rows)."""
        k = keys.astype(np.uint64) << np.uint64(32)
        lo = np.searchsorted(self.sorted, k)
        hi = np.searchsorted(self.sorted, k | np.uint64(0xFFFFFFFF), side="right")
        found = [self.sorted[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=False) if b > a]
        parts = [(np.concatenate(found) & np.uint64(0xFFFFFFFF)).astype(np.int64)] if found else []
        if self.pending:
            extra = [r for key in keys.tolist() for r in self.pending.get(key, ())]
            if extra:
                parts.append(np.asarray(extra, dtype=np.int64))
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


class _AddsTexts:
    """`add`, `add_many` and `query` for any index that has a `spec` and the fingerprint-level
    `add_fingerprints` / `query_fingerprints` (the embedded index and the Redis one share them)."""

    spec: SignatureSpec

    def _set_matching(self, spec: SignatureSpec, window_days: float | None,
                      copy_threshold: float, rewrite_threshold: float, rewrites: bool) -> None:
        """The matching settings both index kinds keep (spec, window, thresholds, copy bands)."""
        self.spec = spec
        self.window_days = window_days
        self.copy_threshold = copy_threshold
        self.rewrite_threshold = rewrite_threshold
        self.rewrites = rewrites
        self.copy_bands = copy_bands(spec, copy_threshold)

    def add_fingerprints(self, ids: Sequence[str], fps: Fingerprints,
                         timestamps: Sequence[float]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def query_fingerprints(self, fps: Fingerprints, *, exclude: str | None = None
                           ) -> list[list[Match]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def query(self, text: str, *, exclude: str | None = None) -> list[Match]:
        """Verified copies and rewrites of `text`, copies first, each best first."""
        return self.query_fingerprints(fingerprint([text], self.spec), exclude=exclude)[0]

    def add(self, id: str, text: str, timestamp: float | datetime | None = None) -> None:
        """Index one article (an id already present is replaced)."""
        self.add_fingerprints([id], fingerprint([text], self.spec), [to_epoch(timestamp)])

    def add_many(
        self,
        items: Sequence[tuple[str, str]],
        timestamps: Sequence[float | datetime | None] | None = None,
    ) -> None:
        """Index many (id, text) pairs; fingerprints are computed in one batch."""
        ts = [to_epoch(t) for t in (timestamps or [None] * len(items))]
        fps = fingerprint([t for _, t in items], self.spec)
        self.add_fingerprints([i for i, _ in items], fps, ts)


class DuplicateIndex(_AddsTexts):
    """Copies and rewrites among indexed articles, in memory or in a directory (`path`).

    window_days: `evict()` drops entries older than this (None keeps everything).
    spec: the signature recipe. By default a saved index opens under the spec it was made
    under when this release computes it (so a version-2 history keeps working), and a new
    index uses :data:`DEFAULT_SPEC`; a given spec that differs from the saved one raises
    `SpecMismatch`.
    """

    # One row per document ever added (removed rows have alive False until the next save).
    _copy_sig: np.ndarray
    _copy_keys: np.ndarray
    _rewrite_keys: np.ndarray
    _content_hash: np.ndarray
    _content_weight: np.ndarray
    _ts: np.ndarray
    _alive: np.ndarray

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        window_days: float | None = None,
        copy_threshold: float = COPY_THRESHOLD,
        rewrite_threshold: float = REWRITE_THRESHOLD,
        rewrites: bool = True,
        spec: SignatureSpec | None = None,
    ) -> None:
        if spec is None:  # the spec a saved index was made under, when this release computes it
            spec = DEFAULT_SPEC
            if path is not None:
                from newsqual.dedup.store import DirectoryStore

                spec = known_spec(DirectoryStore(Path(path)).stored_spec())
        self._set_matching(spec, window_days, copy_threshold, rewrite_threshold, rewrites)
        self._n = 0
        self._cap = 0
        self._ids: list[str | None] = []
        self._row_of: dict[str, int] = {}
        self._alloc(1024)
        self._copy_table = _KeyTable(self.copy_bands[0])
        self._rewrite_table = _KeyTable(rewrite_bands(spec)[0])
        self._store = None
        if path is not None:
            from newsqual.dedup.store import DirectoryStore

            self._store = DirectoryStore(Path(path))
            self._store.load_into(self)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def open(cls, location: str | os.PathLike[str], **kw: Any) -> Any:
        """`redis://host:port/db` opens the shared Redis backend, anything else a directory."""
        if isinstance(location, str) and location.startswith(("redis://", "rediss://", "unix://")):
            from newsqual.dedup.redis_store import RedisDuplicateIndex

            return RedisDuplicateIndex(location, **kw)
        return cls(location, **kw)

    @classmethod
    def load(cls, path: str | os.PathLike[str], **kw: Any) -> DuplicateIndex:
        """Open a saved directory index (raises FileNotFoundError if there is none)."""
        from newsqual.dedup.store import DirectoryStore

        if not DirectoryStore(Path(path)).exists():
            raise FileNotFoundError(f"no newsqual index in {path}")
        return cls(path, **kw)

    def _alloc(self, cap: int) -> None:
        spec = self.spec
        n_rewrite = rewrite_bands(spec)[0]
        shapes: dict[str, tuple[tuple[int, ...], Any]] = {
            "copy_sig": ((spec.num_perm,), np.uint32),
            "copy_keys": ((self.copy_bands[0],), np.uint32),
            "rewrite_keys": ((n_rewrite,), np.uint32),
            "content_hash": ((spec.content_keep,), np.uint32),
            "content_weight": ((spec.content_keep,), np.uint8),
            "ts": ((), np.float64),
            "alive": ((), bool),
        }
        for name, (shape, dtype) in shapes.items():
            new = np.zeros((cap, *shape), dtype=dtype)
            old = getattr(self, "_" + name, None)
            if old is not None:
                new[: self._n] = old[: self._n]
            setattr(self, "_" + name, new)
        self._cap = cap

    # ---- writing ------------------------------------------------------------------------
    def add_fingerprints(
        self,
        ids: Sequence[str],
        fps: Fingerprints,
        timestamps: Sequence[float],
        *,
        _journal: bool = True,
    ) -> None:
        """Index precomputed fingerprints (used by loading, journals and benchmarks)."""
        if self._store is not None and _journal:
            self._store.journal_add(ids, fps, timestamps)
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        if len(set(ids)) != len(ids):  # the last of repeated ids wins, as with single adds
            for i, id_ in enumerate(ids):
                self.add_fingerprints([id_], fps.row(i), [timestamps[i]], _journal=False)
            return
        for id_ in ids:
            if id_ in self._row_of:
                self._drop(id_)
        self.reserve(self._n + len(ids))
        start, stop = self._n, self._n + len(ids)
        self._copy_sig[start:stop] = fps.copy_sig
        self._copy_keys[start:stop] = copy_keys
        self._rewrite_keys[start:stop] = fps.rewrite_keys
        self._content_hash[start:stop] = fps.content_hash
        self._content_weight[start:stop] = fps.content_weight
        self._ts[start:stop] = np.asarray(timestamps, dtype=np.float64)
        self._alive[start:stop] = True
        self._ids.extend(ids)
        self._row_of.update(zip(ids, range(start, stop), strict=False))
        self._n = stop
        rows = np.arange(start, stop)
        if len(ids) >= 256:  # bulk: merge straight into the sorted tables
            self._copy_table.add_bulk(rows, copy_keys)
            self._rewrite_table.add_bulk(rows, fps.rewrite_keys)
        else:
            for k, r in enumerate(rows.tolist()):
                self._copy_table.add(r, copy_keys[k])
                self._rewrite_table.add(r, fps.rewrite_keys[k])
        if self._copy_table.pending_count > max(4096, len(self._row_of) // 4):
            self._copy_table.merge_pending()
            self._rewrite_table.merge_pending()

    def reserve(self, n: int) -> None:
        """Make room for n rows (grows by half again, not by doubling, to keep slack small)."""
        if n > self._cap:
            self._alloc(max(n, self._cap + self._cap // 2))

    def _rebuild_tables(self) -> None:
        alive = self._alive[: self._n]
        self._copy_table.rebuild(self._copy_keys[: self._n], alive)
        self._rewrite_table.rebuild(self._rewrite_keys[: self._n], alive)

    def _drop(self, id: str) -> None:
        r = self._row_of.pop(id)
        self._alive[r] = False
        self._ids[r] = None

    def remove(self, id: str) -> None:
        """Forget one article (KeyError if absent)."""
        if id not in self._row_of:
            raise KeyError(id)
        if self._store is not None:
            self._store.journal_remove([id])
        self._drop(id)

    def evict(self, now: float | datetime | None = None) -> int:
        """Drop entries older than `window_days` before `now`; returns how many were dropped."""
        if self.window_days is None:
            return 0
        cutoff = to_epoch(now) - self.window_days * 86400.0
        rows = np.flatnonzero(self._alive[: self._n] & (self._ts[: self._n] < cutoff))
        ids = [self._ids[r] for r in rows]
        if ids and self._store is not None:
            self._store.journal_remove(ids)  # type: ignore[arg-type]
        for id_ in ids:
            self._drop(id_)  # type: ignore[arg-type]
        return len(ids)

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Write a new generation of arrays and switch to it atomically."""
        from newsqual.dedup.store import DirectoryStore

        if path is not None:
            store = DirectoryStore(Path(path))
            store.write_generation(self)
            if self._store is None:
                self._store = store
                self._store.open_journal()
        elif self._store is not None:
            self._store.write_generation(self)
        else:
            raise ValueError("an in-memory index needs a path to save to")

    def close(self) -> None:
        """Save (for a directory index) and release the journal file."""
        if self._store is not None:
            self._store.write_generation(self)
            self._store.close()

    def __enter__(self) -> DuplicateIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading ------------------------------------------------------------------------
    def __contains__(self, id: object) -> bool:
        return id in self._row_of

    def __len__(self) -> int:
        return len(self._row_of)

    def ids(self) -> list[str]:
        return [i for i in self._ids if i is not None]

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self._alive[: self._n])

    def arrays(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The stored columns of some rows (for saving)."""
        return {
            "copy_sig": self._copy_sig[rows],
            "content_hash": self._content_hash[rows],
            "content_weight": self._content_weight[rows],
            "ts": self._ts[rows],
        }

    def query_fingerprints(
        self, fps: Fingerprints, *, exclude: str | None = None
    ) -> list[list[Match]]:
        """Matches for each row of precomputed fingerprints."""
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        out = []
        for i in range(len(fps)):
            out.append(self._query_one(fps, copy_keys[i], i, exclude))
        return out

    def _query_one(
        self, fps: Fingerprints, copy_keys: np.ndarray, i: int, exclude: str | None
    ) -> list[Match]:
        copy_rows = self._copy_table.lookup(copy_keys)
        copy_rows = copy_rows[self._alive[copy_rows]]
        rows = copy_rows
        if self.rewrites:
            rows = np.union1d(self._rewrite_table.lookup(fps.rewrite_keys[i]), copy_rows)
            rows = rows[self._alive[rows]]
        return verify_candidates(
            fps, i,
            copy_ids=[self._ids[r] for r in copy_rows], copy_sig=self._copy_sig[copy_rows],  # type: ignore[misc]
            ids=[self._ids[r] for r in rows], content_hash=self._content_hash[rows],  # type: ignore[misc]
            content_weight=self._content_weight[rows], copy_threshold=self.copy_threshold,
            rewrite_threshold=self.rewrite_threshold if self.rewrites else None, exclude=exclude,
        )

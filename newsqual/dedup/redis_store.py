"""A DuplicateIndex in Redis, shared by several processes or machines (redis-py).

Keys under one prefix (default "newsqual:dedup"):

    {p}:meta          the SignatureSpec as JSON; opening with another spec raises SpecMismatch
    {p}:doc:{id}      hash: f = the fingerprint rows as bytes, ts = timestamp
    {p}:c:{key}       set of ids whose copy signature has LSH band key `key` (band index mixed in)
    {p}:r:{key}       the same for the rewrite fingerprint
    {p}:ts            sorted set id -> timestamp (length, eviction)

Writes of one document go in one MULTI/EXEC transaction, so a reader never sees half a document.
Candidates are verified exactly as in the embedded index. Persistence is Redis's own (RDB/AOF).

>>> RedisDuplicateIndex.parse_prefix("redis://localhost:6379/0?prefix=feeds")
('redis://localhost:6379/0', 'feeds')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from newsqual.dedup.content import similarity
from newsqual.dedup.index import (
    COPY_THRESHOLD,
    REWRITE_THRESHOLD,
    Fingerprints,
    Match,
    _AddsTexts,
    rewrite_bands,
    to_epoch,
)
from newsqual.dedup.lsh import band_keys
from newsqual.dedup.minhash import jaccard_estimate
from newsqual.dedup.spec import DEFAULT_SPEC, SignatureSpec


class RedisDuplicateIndex(_AddsTexts):
    """The DuplicateIndex interface on a Redis server (see the module docstring)."""

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        prefix: str | None = None,
        window_days: float | None = None,
        copy_threshold: float = COPY_THRESHOLD,
        rewrite_threshold: float = REWRITE_THRESHOLD,
        rewrites: bool = True,
        spec: SignatureSpec = DEFAULT_SPEC,
        client: Any = None,
    ) -> None:
        import redis

        url, url_prefix = self.parse_prefix(url)
        self.prefix = prefix or url_prefix or "newsqual:dedup"
        self._set_matching(spec, window_days, copy_threshold, rewrite_threshold, rewrites)
        self._rewrite_width = rewrite_bands(spec)[0]
        self.r = client if client is not None else redis.Redis.from_url(url)
        meta = json.dumps(spec.to_dict(), sort_keys=True)
        self.r.setnx(self._k("meta"), meta)
        stored = self.r.get(self._k("meta"))
        spec.check(json.loads(stored or "{}"))

    @staticmethod
    def parse_prefix(url: str) -> tuple[str, str | None]:
        """Split a `prefix=` query parameter off a Redis URL."""
        parts = urlsplit(url)
        query = parse_qsl(parts.query)
        prefix = next((v for k, v in query if k == "prefix"), None)
        rest = urlencode([(k, v) for k, v in query if k != "prefix"])
        return urlunsplit(parts._replace(query=rest)), prefix

    def _k(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # ---- fingerprints as bytes ----------------------------------------------------------
    def _pack(self, fps: Fingerprints, i: int) -> bytes:
        return b"".join(np.ascontiguousarray(a[i]).tobytes() for a in fps.arrays())

    def _unpack(self, blobs: Sequence[bytes]) -> Fingerprints:
        widths = [
            (self.spec.num_perm, np.uint32),
            (self._rewrite_width, np.uint32),
            (self.spec.content_keep, np.uint32),
            (self.spec.content_keep, np.uint8),
        ]
        raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), -1)
        cols, pos = [], 0
        for width, dtype in widths:
            size = width * np.dtype(dtype).itemsize
            cols.append(
                np.ascontiguousarray(raw[:, pos : pos + size])
                .view(dtype)
                .reshape(len(blobs), width)
            )
            pos += size
        return Fingerprints(*cols)

    def _band_names(self, copy_keys: np.ndarray, rewrite_keys: np.ndarray) -> list[str]:
        return [self._k("c", str(k)) for k in copy_keys.tolist()] + [
            self._k("r", str(k)) for k in rewrite_keys.tolist()
        ]

    # ---- writing ------------------------------------------------------------------------
    def add_fingerprints(
        self, ids: Sequence[str], fps: Fingerprints, timestamps: Sequence[float]
    ) -> None:
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        for i, id_ in enumerate(ids):
            self._remove_if_present(id_)
            pipe = self.r.pipeline(transaction=True)
            for name in self._band_names(copy_keys[i], fps.rewrite_keys[i]):
                pipe.sadd(name, id_)
            pipe.hset(
                self._k("doc", id_),
                mapping={"f": self._pack(fps, i), "ts": repr(float(timestamps[i]))},
            )
            pipe.zadd(self._k("ts"), {id_: float(timestamps[i])})
            pipe.execute()

    def _remove_if_present(self, id: str) -> bool:
        blob = self.r.hget(self._k("doc", id), "f")
        if blob is None:
            return False
        fps = self._unpack([blob])  # type: ignore[list-item]
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        pipe = self.r.pipeline(transaction=True)
        for name in self._band_names(copy_keys[0], fps.rewrite_keys[0]):
            pipe.srem(name, id)
        pipe.delete(self._k("doc", id))
        pipe.zrem(self._k("ts"), id)
        pipe.execute()
        return True

    def remove(self, id: str) -> None:
        if not self._remove_if_present(id):
            raise KeyError(id)

    def evict(self, now: float | datetime | None = None) -> int:
        if self.window_days is None:
            return 0
        cutoff = to_epoch(now) - self.window_days * 86400.0
        found: Any = self.r.zrangebyscore(self._k("ts"), "-inf", f"({cutoff}")
        old = [i.decode() for i in found]
        return sum(self._remove_if_present(i) for i in old)

    def save(self, path: object = None) -> None:
        """Nothing to do: every write is already in Redis (its RDB/AOF settings persist it)."""

    def close(self) -> None:
        self.r.close()

    def clear(self) -> None:
        """Delete every key of this prefix (tests, resets)."""
        for key in self.r.scan_iter(match=self.prefix + ":*", count=1000):
            self.r.delete(key)

    def __enter__(self) -> RedisDuplicateIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading ------------------------------------------------------------------------
    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and bool(self.r.exists(self._k("doc", id)))

    def __len__(self) -> int:
        return int(self.r.zcard(self._k("ts")))

    def query_fingerprints(
        self, fps: Fingerprints, *, exclude: str | None = None
    ) -> list[list[Match]]:
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        return [self._query_one(fps, copy_keys[i], i, exclude) for i in range(len(fps))]

    def _query_one(
        self, fps: Fingerprints, copy_keys: np.ndarray, i: int, exclude: str | None
    ) -> list[Match]:
        pipe = self.r.pipeline(transaction=False)
        for k in copy_keys.tolist():
            pipe.smembers(self._k("c", str(k)))
        if self.rewrites:
            for k in fps.rewrite_keys[i].tolist():
                pipe.smembers(self._k("r", str(k)))
        results = pipe.execute()
        n_copy = len(copy_keys)
        copy_ids = set().union(*results[:n_copy]) if n_copy else set()
        rewrite_ids = set().union(*results[n_copy:]) if len(results) > n_copy else set()
        candidates = sorted(i.decode() for i in copy_ids | rewrite_ids)
        if not candidates:
            return []
        pipe = self.r.pipeline(transaction=False)
        for c in candidates:
            pipe.hget(self._k("doc", c), "f")
        blobs = pipe.execute()
        present = [(c, b) for c, b in zip(candidates, blobs, strict=False) if b is not None]
        if not present:
            return []
        ids = [c for c, _ in present]
        stored = self._unpack([b for _, b in present])
        matches: dict[str, Match] = {}
        copy_sims = jaccard_estimate(fps.copy_sig[i], stored.copy_sig)
        for id_, s in zip(ids, copy_sims.tolist(), strict=False):
            if s >= self.copy_threshold:
                matches[id_] = Match(id_, round(s, 4), "copy")
        if self.rewrites:
            sims = similarity(
                fps.content_hash[i],
                fps.content_weight[i],
                stored.content_hash,
                stored.content_weight,
                floor=self.rewrite_threshold,
            )
            for id_, s in zip(ids, sims.tolist(), strict=False):
                if s >= self.rewrite_threshold and id_ not in matches:
                    matches[id_] = Match(id_, round(s, 4), "rewrite")
        if exclude is not None:
            matches.pop(exclude, None)
        return sorted(matches.values(), key=lambda m: (m.relation != "copy", -m.similarity, m.id))

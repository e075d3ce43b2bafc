"""Story clusters over a batch: union-find over verified copy and rewrite pairs.

Each document gets a cluster id (the keeper's id), a role and the keeper. The keeper of a cluster
is deterministic: the earliest timestamp when timestamps are known, else the best score, ties by
id. A member's role is "copy" when it is a verified copy of the keeper, else "rewrite" (it reached
the cluster through a rewrite, or through a chain of copies and rewrites).

>>> story = "The city council approved a new school budget on Tuesday after a long debate. " * 3
>>> docs = [("a", story), ("b", "Share this. " + story), ("c", "Sport: the home side won 3-1.")]
>>> [(m.id, m.role, m.keeper) for m in cluster(docs)]
[('a', 'original', 'a'), ('b', 'copy', 'a'), ('c', 'original', 'c')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsqual.dedup.index import DuplicateIndex, Fingerprints, fingerprint
from newsqual.dedup.spec import DEFAULT_SPEC


@dataclass(frozen=True)
class Membership:
    """Where one document of a batch belongs: its story cluster, role and the cluster's keeper."""

    id: str
    cluster: str
    role: Literal["original", "copy", "rewrite"]
    keeper: str
    similarity: (
        float  # similarity to the keeper (1.0 for the keeper; 0.0 if only linked by a chain)
    )


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def cluster(
    docs: Iterable[tuple[str, str]],
    *,
    timestamps: Mapping[str, float] | None = None,
    scores: Mapping[str, float] | None = None,
    **index_options: Any,
) -> list[Membership]:
    """One Membership per (id, text), in input order (ids must be unique)."""
    items = list(docs)
    spec = index_options.get("spec", DEFAULT_SPEC)
    fps = fingerprint([t for _, t in items], spec)
    return cluster_fingerprints([i for i, _ in items], fps, timestamps=timestamps,
                                scores=scores, **index_options)


def cluster_fingerprints(
    ids: Sequence[str],
    fps: Fingerprints,
    *,
    timestamps: Mapping[str, float] | None = None,
    scores: Mapping[str, float] | None = None,
    **index_options: Any,
) -> list[Membership]:
    """`cluster` over precomputed fingerprints (row i belongs to ids[i]): the texts can be
    fingerprinted elsewhere, e.g. on the workers of a cluster (see newsqual.distributed)."""
    ids = list(ids)
    if len(set(ids)) != len(ids):
        raise ValueError("cluster() needs unique ids")
    index = DuplicateIndex(**index_options)
    index.add_fingerprints(ids, fps, [0.0] * len(ids))
    index._rebuild_tables()
    pos = {id_: k for k, id_ in enumerate(ids)}
    uf = _UnionFind(len(ids))
    edges: dict[tuple[int, int], tuple[str, float]] = {}
    for k, matches in enumerate(index.query_fingerprints(fps)):
        for m in matches:
            j = pos[m.id]
            if j == k:
                continue
            uf.union(k, j)
            key = (min(j, k), max(j, k))
            old = edges.get(key)
            if old is None or (m.relation == "copy" and old[0] != "copy"):
                edges[key] = (m.relation, m.similarity)

    def keeper_rank(k: int) -> tuple[float, float, str]:
        id_ = ids[k]
        t = timestamps.get(id_) if timestamps else None
        s = scores.get(id_) if scores else None
        t_key = float(t) if t is not None and not math.isnan(float(t)) else math.inf
        return (t_key, -float(s) if s is not None else 0.0, id_)

    groups: dict[int, list[int]] = {}
    for k in range(len(ids)):
        groups.setdefault(uf.find(k), []).append(k)
    out: list[Membership | None] = [None] * len(ids)
    for members in groups.values():
        keeper = min(members, key=keeper_rank)
        for k in members:
            if k == keeper:
                out[k] = Membership(ids[k], ids[keeper], "original", ids[keeper], 1.0)
                continue
            relation, sim = edges.get((min(k, keeper), max(k, keeper)), ("rewrite", 0.0))
            role: Literal["copy", "rewrite"] = "copy" if relation == "copy" else "rewrite"
            out[k] = Membership(ids[k], ids[keeper], role, ids[keeper], sim)
    return [m for m in out if m is not None]

"""Duplicate features for a scored batch: where each article sits among its batch and history.

A repeat is a property of the batch, not of the article: `score()` alone cannot know it. When
`score_many(..., duplicates=True)` or `history=` is given, every judged report gets

* ``Report.duplicate``: its story cluster, role (``original``, ``copy``, ``rewrite``), the
  cluster's keeper and, when a history was given, the closest earlier article;
* ``dup_*`` numbers in ``Report.features`` (listed in :data:`FEATURE_NAMES`).

They do not change ``Report.score``: whether a second copy of a story is published is the
caller's decision (the feed filter drops repeats), not a verdict on the article's quality.

>>> from newsqual.judge import score_many
>>> story = "The city council approved a new school budget on Tuesday after a long debate. " * 3
>>> rs = score_many([story, "Share this. " + story, "Sport: the home side won 3-1."],
...                 duplicates=True)
>>> [(r.duplicate["role"], r.features["dup_batch_size"]) for r in rs]
[('original', 2.0), ('copy', 2.0), ('original', 1.0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsqual.report import Report

FEATURE_NAMES = (
    "dup_batch_size",  # articles of this story in the batch, itself included
    "dup_batch_is_keeper",  # 1 when this article is the one its cluster keeps
    "dup_batch_copy",  # 1 when it is a verified copy of its cluster's keeper
    "dup_batch_rewrite",  # 1 when it joined its cluster as a rewrite (or through a chain)
    "dup_batch_similarity",  # similarity to the keeper (keeper: its closest member), 0 alone
    "dup_history_similarity",  # similarity to the closest history article, 0 when none matched
    "dup_history_copy",  # 1 when that closest history match is a copy, not a rewrite
)


BATCH_FEATURES = FEATURE_NAMES[:5]  # the dup_batch_* columns: they need only the batch itself


def batch_features(texts: Sequence[str], ids: Sequence[str] | None = None,
                   scores: Sequence[float] | None = None
                   ) -> list[tuple[dict[str, str], dict[str, float]]]:
    """Per text of a batch: its cluster, role and keeper, and its ``dup_batch_*`` features.

    Keepers are chosen as :func:`newsqual.cluster` does (best of `scores`, ties by id).

    >>> story = "The city council approved a new school budget on Tuesday. " * 4
    >>> [f["dup_batch_size"] for _, f in batch_features([story, story, "Sport: 3-1."])]
    [2.0, 2.0, 1.0]
    """
    from newsqual.dedup import cluster

    names = [str(i) for i in range(len(texts))] if ids is None else [str(i) for i in ids]
    if len(names) != len(texts):
        raise ValueError(f"{len(names)} ids for {len(texts)} texts")
    if not names:
        return []
    members = cluster(list(zip(names, texts, strict=True)),
                      scores=None if scores is None else dict(zip(names, scores, strict=True)))
    size: dict[str, int] = {}
    closest: dict[str, float] = {}
    for m in members:
        size[m.cluster] = size.get(m.cluster, 0) + 1
        if m.role != "original":
            closest[m.cluster] = max(closest.get(m.cluster, 0.0), m.similarity)
    out = []
    for m in members:
        n = size[m.cluster]
        similarity = (closest.get(m.cluster, 0.0) if m.role == "original" else m.similarity)
        out.append(({"cluster": m.cluster, "role": m.role, "keeper": m.keeper}, {
            "dup_batch_size": float(n),
            "dup_batch_is_keeper": float(m.role == "original"),
            "dup_batch_copy": float(m.role == "copy"),
            "dup_batch_rewrite": float(m.role == "rewrite"),
            "dup_batch_similarity": similarity if n > 1 else 0.0,
        }))
    return out


def annotate(reports: Sequence[Report], ids: Sequence[str] | None = None,
             history: Any | None = None, *, batch: bool = True) -> None:
    """Set ``duplicate`` and the ``dup_*`` features on judged reports, in place.

    `ids` name the reports (default: their positions as strings). `history` is any
    :class:`newsqual.DuplicateIndex` (embedded or Redis); it is only read. Reports with an
    error are left as they are.
    """
    names = [str(i) for i in range(len(reports))] if ids is None else [str(i) for i in ids]
    if len(names) != len(reports):
        raise ValueError(f"{len(names)} ids for {len(reports)} reports")
    live = [k for k, r in enumerate(reports) if r.error is None]
    info: dict[int, dict[str, Any]] = {k: {} for k in live}
    feats: dict[int, dict[str, float]] = {k: dict.fromkeys(FEATURE_NAMES, 0.0) for k in live}
    if batch and live:
        found = batch_features([reports[k].text for k in live], [names[k] for k in live],
                               [reports[k].score for k in live])
        for k, (where, numbers) in zip(live, found, strict=True):
            info[k].update(where)
            feats[k].update(numbers)
    if history is not None:
        for k in live:
            matches = history.query(reports[k].text)
            if not matches:
                info[k]["history"] = None
                continue
            best = max(matches, key=lambda m: (m.relation == "copy", m.similarity))
            info[k]["history"] = {"id": best.id, "relation": best.relation,
                                  "similarity": round(float(best.similarity), 6)}
            feats[k].update(dup_history_similarity=float(best.similarity),
                            dup_history_copy=float(best.relation == "copy"))
    for k in live:
        reports[k].duplicate = info[k]
        reports[k].features.update(feats[k])

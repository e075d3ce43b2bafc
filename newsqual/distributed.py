"""newsqual on a Dask cluster, for corpora that outgrow one machine.

Scoring is per article, so it maps over the partitions of a Dask DataFrame where they live.
Duplicates need all articles at once, but not their texts: each partition computes the
fingerprints of its articles on the workers (about 1 KB per article, see
:mod:`newsqual.dedup.index`), and the client builds the story clusters from those alone.

>>> import dask.dataframe as dd, pandas as pd
>>> story = "The city council approved a new school budget on Tuesday after a long debate. " * 3
>>> df = pd.DataFrame({"id": ["a", "b", "c"],
...                    "text": [story, "Share this. " + story, "Sport: the home side won 3-1."]})
>>> ddf = dd.from_pandas(df, npartitions=2)
>>> scored = score_frame(ddf).compute()
>>> scored["id"].tolist(), sorted(set(scored.columns) - set(df.columns))
(['a', 'b', 'c'], ['error', 'flag_kinds', 'flags', 'label', 'score'])
>>> duplicate_frame(ddf)[["id", "cluster", "role"]].values.tolist()
[['a', 'a', 'original'], ['b', 'a', 'copy'], ['c', 'c', 'original']]

Limits: the client holds every fingerprint (about 1 GB per million articles) and queries them
one process wide; the texts and the scoring, which cost the most, stay on the workers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SCORE_COLUMNS = ("score", "label", "flags", "flag_kinds", "error")
_FP_COLUMNS = ("copy_sig", "rewrite_keys", "content_hash", "content_weight")


def _score_partition(part: Any, text_col: str, prefix: str) -> Any:
    from newsqual.frame import add_scores

    out = add_scores(part, text_col, prefix=prefix)
    out[prefix + "score"] = out[prefix + "score"].astype("float64")
    return out


def score_frame(ddf: Any, text_col: str = "text", *, prefix: str = "") -> Any:
    """A lazy Dask DataFrame: `ddf` plus the columns of :func:`newsqual.frame.add_scores`
    (score, label, flags, flag_kinds, error), computed on the workers, rows in order."""
    meta = ddf._meta.copy()
    for name in SCORE_COLUMNS:
        meta[prefix + name] = np.array([], dtype="float64" if name == "score" else object)
    return ddf.map_partitions(_score_partition, text_col, prefix, meta=meta)


def _judged_text(value: Any) -> str:
    """The text newsqual judges (HTML rendered, bytes decoded); '' when it cannot be judged."""
    from newsqual.document import Document

    if not isinstance(value, (str, bytes)):
        return ""
    doc = Document.from_input(value)
    return "" if doc.error else doc.text


def _fingerprint_partition(part: Any, text_col: str, id_col: str, spec: Any) -> Any:
    import pandas as pd

    from newsqual.dedup.index import fingerprint

    texts = [_judged_text(t) for t in part[text_col].tolist()]
    fps = fingerprint(texts, spec)
    cols: dict[str, Any] = {"id": part[id_col].astype(str).tolist()}
    for name, arr in zip(_FP_COLUMNS, fps.arrays(), strict=True):
        cols[name] = [row.tobytes() for row in arr]
    return pd.DataFrame(cols, index=part.index)


def fingerprint_frame(ddf: Any, text_col: str = "text", id_col: str = "id",
                      spec: Any = None) -> Any:
    """A lazy Dask DataFrame of fingerprints (id + four bytes columns), computed on workers."""
    import pandas as pd

    from newsqual.dedup.spec import DEFAULT_SPEC

    spec = DEFAULT_SPEC if spec is None else spec
    meta = pd.DataFrame({"id": pd.Series([], dtype=object),
                         **{name: pd.Series([], dtype=object) for name in _FP_COLUMNS}})
    return ddf.map_partitions(_fingerprint_partition, text_col, id_col, spec, meta=meta)


def _stack(values: list[bytes], dtype: type) -> np.ndarray:
    return np.frombuffer(b"".join(values), dtype=dtype).reshape(len(values), -1)


def duplicate_frame(ddf: Any, text_col: str = "text", id_col: str = "id", *,
                    timestamp_col: str | None = None, score_col: str | None = None,
                    **index_options: Any) -> Any:
    """Story clusters of a whole Dask DataFrame, as a pandas DataFrame with columns
    id, cluster, role, keeper, similarity (one row per article, in `ddf` order; ids must be
    unique). Keepers follow :func:`newsqual.cluster`: earliest `timestamp_col` (epoch
    seconds), else highest `score_col`, ties by id."""
    import pandas as pd

    from newsqual.dedup.cluster import cluster_fingerprints
    from newsqual.dedup.index import Fingerprints
    from newsqual.dedup.spec import DEFAULT_SPEC

    spec = index_options.get("spec", DEFAULT_SPEC)
    fp = fingerprint_frame(ddf, text_col, id_col, spec)
    extra = [c for c in (timestamp_col, score_col) if c]
    if extra:
        side = ddf[[id_col, *extra]]
        fp_df, side_df = _compute(fp, side)
    else:
        (fp_df,) = _compute(fp)
    ids = fp_df["id"].tolist()
    dtypes = (np.uint32, np.uint32, np.uint32, np.uint8)
    fps = Fingerprints(*(_stack(fp_df[c].tolist(), d)
                         for c, d in zip(_FP_COLUMNS, dtypes, strict=True)))

    def column(name: str | None) -> dict[str, float] | None:
        if not name:
            return None
        return dict(zip(side_df[id_col].astype(str), side_df[name].astype(float), strict=True))

    members = cluster_fingerprints(ids, fps, timestamps=column(timestamp_col),
                                   scores=column(score_col), **index_options)
    return pd.DataFrame([(m.id, m.cluster, m.role, m.keeper, m.similarity) for m in members],
                        columns=["id", "cluster", "role", "keeper", "similarity"])


def _compute(*collections: Any) -> tuple[Any, ...]:
    import dask

    return dask.compute(*collections)

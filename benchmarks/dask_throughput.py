"""Documents per second on a Dask cluster against newsqual's own one-machine paths, same run.

Rows (all on the same real articles from ../shared/data, scored once each):

* ``score_many n_jobs=1`` and ``n_jobs=2``: the library on one machine (joblib processes).
* ``dask score_frame``: a Dask LocalCluster of 2 worker processes x 1 thread, as a stand-in
  for a cluster of machines (same scheduler, same serialisation, loopback network).
* ``cluster()`` vs ``dask duplicate_frame``: story clusters, texts on one side, fingerprints
  computed on the workers on the other.

On this 2-core machine the interesting figure is the overhead of the engine (ratio to
``n_jobs=2``), not scaling: more machines add workers, not cores here.

    .venv/bin/python benchmarks/dask_throughput.py            # 2,000 articles
    .venv/bin/python benchmarks/dask_throughput.py --n 10000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SkipError, iter_records  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--partitions", type=int, default=16)
    args = ap.parse_args()
    try:
        texts = [r["text"] for r in iter_records()][: args.n]
    except SkipError as exc:
        sys.exit(f"skipped: {exc}")
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    import newsqual
    from newsqual.distributed import duplicate_frame, score_frame

    df = pd.DataFrame({"id": [f"a{i}" for i in range(len(texts))], "text": texts})
    rows: list[tuple[str, float]] = []

    def timed(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        fn()
        rows.append((name, len(texts) / (time.perf_counter() - t)))
        print(f"  {name}: {rows[-1][1]:,.0f} docs/s", flush=True)

    newsqual.score(texts[0])  # load models outside the timings
    timed("score_many n_jobs=1", lambda: newsqual.score_many(texts))
    timed("score_many n_jobs=2", lambda: newsqual.score_many(texts, n_jobs=2))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        ddf = dd.from_pandas(df, npartitions=args.partitions)
        # Warm the workers (imports, models) outside the timings.
        score_frame(dd.from_pandas(df.head(4), npartitions=2)).compute()
        timed("dask score_frame, 2 workers", lambda: score_frame(ddf).compute())
        timed("cluster(), one process", lambda: newsqual.cluster(zip(df["id"], df["text"],
                                                                    strict=True)))
        timed("dask duplicate_frame, 2 workers", lambda: duplicate_frame(ddf))
    base = dict(rows)
    print(f"\n{len(texts):,} articles, {args.partitions} partitions\n")
    print(f"{'run':34} {'docs/s':>9} {'ratio':>8}")
    ref = {"dask score_frame, 2 workers": "score_many n_jobs=2",
           "score_many n_jobs=2": "score_many n_jobs=1",
           "dask duplicate_frame, 2 workers": "cluster(), one process"}
    for name, rate in rows:
        peer = ref.get(name)
        ratio = f"{rate / base[peer]:.2f}x" if peer else ""
        print(f"{name:34} {rate:9,.0f} {ratio:>8}" + (f"  (vs {peer})" if peer else ""))


if __name__ == "__main__":
    main()

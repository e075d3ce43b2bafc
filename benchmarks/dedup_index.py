"""Index at scale: query latency and bytes per document with N synthetic signatures.

Random 128-slot copy signatures and rewrite fingerprints (what an index of N unrelated articles
holds) go into newsqual's embedded on-disk index (saved, closed, reopened from disk) and into
datasketch's in-memory MinHashLSH (threshold 0.5, 128 perms) in the same run. Queries: half are
near-copies of indexed documents (20 % of slots changed), half unrelated. Latency is per query on
precomputed signatures (text -> signature is dedup_speed.py's job); newsqual's includes verifying
candidates, datasketch's returns unverified candidates.

    .venv/bin/python benchmarks/dedup_index.py               # N = 200,000 (default, ~1-2 min)
    .venv/bin/python benchmarks/dedup_index.py --n 1000000 --skip-datasketch   # issue's scale
    .venv/bin/python benchmarks/dedup_index.py --redis redis://localhost:6379/0   # + Redis backend

The Redis row builds its index on a scratch prefix of a running server (deleted afterwards) and
reports Redis's memory per document two ways: the growth of INFO used_memory, and MEMORY USAGE
summed over the prefix's keys by kind of key.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from newsqual.dedup.index import DuplicateIndex, Fingerprints, rewrite_keys_from_content
from newsqual.dedup.spec import DEFAULT_SPEC


def rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def synthetic(n: int, rng: np.random.Generator) -> Fingerprints:
    spec = DEFAULT_SPEC
    keep = spec.content_keep
    weights = rng.integers(1, 7, size=(n, keep), dtype=np.uint8)
    stems = rng.integers(1, 2**32, size=(n, keep), dtype=np.uint32)
    return Fingerprints(
        rng.integers(0, 2**32, size=(n, spec.num_perm), dtype=np.uint32),
        rewrite_keys_from_content(stems, spec, weights),  # as fingerprint() makes them
        stems,
        weights,
    )


def queries(fps: Fingerprints, q: int, rng: np.random.Generator) -> tuple[Fingerprints, np.ndarray]:
    n = len(fps)
    src = rng.integers(0, n, size=q // 2)
    sig = fps.copy_sig[src].copy()
    mask = rng.random(sig.shape) < 0.2
    sig[mask] = rng.integers(0, 2**32, size=int(mask.sum()), dtype=np.uint32)
    near = Fingerprints(sig, fps.rewrite_keys[src], fps.content_hash[src], fps.content_weight[src])
    far = synthetic(q - q // 2, rng)
    pairs = zip(near.arrays(), far.arrays(), strict=True)
    both = Fingerprints(*(np.concatenate([a, b]) for a, b in pairs))
    return both, src


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000.0, p))


def redis_memory(index, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Redis's own MEMORY USAGE of the prefix's keys, summed by kind of key, per document."""
    total: dict[str, int] = {}
    count: dict[str, int] = {}
    encodings: dict[str, int] = {}
    for key in index.r.scan_iter(match=index.prefix + ":*", count=5000):
        kind = key.decode()[len(index.prefix) + 1 :].split(":")[0]
        total[kind] = total.get(kind, 0) + int(index.r.memory_usage(key, samples=0) or 0)
        count[kind] = count.get(kind, 0) + 1
        if kind == "b":
            enc = index.r.object("encoding", key).decode()
            encodings[enc] = encodings.get(enc, 0) + 1
    lines = [
        f"  {kind + ':*' if count[kind] > 1 else kind:8} {count[kind]:>9,} keys "
        f"{total[kind] / n:8.1f} B/doc"
        for kind in sorted(total, key=lambda k: -total[k])
    ]
    lines.append(f"  bucket encodings: {encodings}; all keys {sum(total.values()) / n:.0f} B/doc")
    return lines


def redis_row(args, ids, fps, ts, qfps, src):  # type: ignore[no-untyped-def]
    """Build the Redis index on a scratch prefix, measure, delete the prefix."""
    from newsqual.dedup.redis_store import RedisDuplicateIndex

    n = min(args.redis_n, len(ids))
    index = RedisDuplicateIndex(args.redis, prefix=f"newsqual:bench:{os.getpid()}")
    before = int(index.r.info("memory")["used_memory"])
    t0 = time.perf_counter()
    for start in range(0, n, 1000):
        stop = min(n, start + 1000)
        part = Fingerprints(*(a[start:stop] for a in fps.arrays()))
        index.add_fingerprints(ids[start:stop], part, ts[start:stop])
    build = time.perf_counter() - t0
    used = int(index.r.info("memory")["used_memory"]) - before
    breakdown = redis_memory(index, n)
    lat, found, near = [], 0, 0
    for i in range(min(args.queries, 300)):
        one = Fingerprints(*(a[i : i + 1] for a in qfps.arrays()))
        t = time.perf_counter()
        matches = index.query_fingerprints(one)[0]
        lat.append(time.perf_counter() - t)
        if i < len(src) and src[i] < n:
            near += 1
            found += any(m.id == ids[src[i]] for m in matches)
    index.clear()
    index.close()
    name = f"newsqual Redis ({n:,} docs)"
    row = (name, build, 0.0, pct(lat, 50), pct(lat, 95), used / n, 0.0)
    notes = [
        f"Redis: INFO used_memory grew {used / n:.0f} B/doc; near-copies found {found}/{near}; "
        f"build {n / build:,.0f} docs/s. MEMORY USAGE by kind of key:",
        *breakdown,
    ]
    return row, notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="indexed documents (default 200,000)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--skip-datasketch", action="store_true")
    ap.add_argument(
        "--redis",
        metavar="URL",
        help="also measure the Redis backend on the first --redis-n documents (a scratch prefix)",
    )
    ap.add_argument("--redis-n", type=int, default=20_000)
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    fps = synthetic(args.n, rng)
    ids = [f"doc-{i:08d}" for i in range(args.n)]
    ts = np.arange(args.n, dtype=np.float64).tolist()
    qfps, src = queries(fps, args.queries, rng)
    tmp = Path(tempfile.mkdtemp(prefix="nq-index-bench-"))
    rows: list[tuple[str, float, float, float, float, float, float]] = []
    try:
        t0 = time.perf_counter()
        index = DuplicateIndex(tmp / "idx")
        for start in range(0, args.n, 50_000):
            stop = min(args.n, start + 50_000)
            index.add_fingerprints(
                ids[start:stop],
                Fingerprints(*(a[start:stop] for a in fps.arrays())),
                ts[start:stop],
                _journal=False,
            )
        index.close()
        build = time.perf_counter() - t0
        del index
        gc.collect()
        disk = sum(p.stat().st_size for p in (tmp / "idx").rglob("*") if p.is_file())
        before = rss()
        t0 = time.perf_counter()
        index = DuplicateIndex(tmp / "idx")
        load = time.perf_counter() - t0
        ram = rss() - before
        lat, found = [], 0
        for i in range(args.queries):
            one = Fingerprints(*(a[i : i + 1] for a in qfps.arrays()))
            t = time.perf_counter()
            matches = index.query_fingerprints(one)[0]
            lat.append(time.perf_counter() - t)
            if i < len(src) and any(m.id == ids[src[i]] for m in matches):
                found += 1
        rows.append(
            (
                "newsqual embedded (disk, reopened)",
                build,
                load,
                pct(lat, 50),
                pct(lat, 95),
                ram / args.n,
                disk / args.n,
            )
        )
        recall_nq = found / len(src)
        index.close()
        del index
        gc.collect()
        recall_ds = float("nan")
        redis_notes: list[str] = []
        if args.redis:
            row, redis_notes = redis_row(args, ids, fps, ts, qfps, src)
            rows.append(row)
        if not args.skip_datasketch:
            from datasketch import MinHash, MinHashLSH

            before = rss()
            t0 = time.perf_counter()
            lsh = MinHashLSH(threshold=0.5, num_perm=DEFAULT_SPEC.num_perm)
            with lsh.insertion_session() as session:
                for i in range(args.n):
                    session.insert(
                        ids[i],
                        MinHash(num_perm=128, hashvalues=fps.copy_sig[i], scheme="affine32"),
                        check_duplication=False,
                    )
            build_ds = time.perf_counter() - t0
            gc.collect()
            ram_ds = rss() - before
            lat, found = [], 0
            for i in range(args.queries):
                m = MinHash(num_perm=128, hashvalues=qfps.copy_sig[i], scheme="affine32")
                t = time.perf_counter()
                res = lsh.query(m)
                lat.append(time.perf_counter() - t)
                if i < len(src) and ids[src[i]] in res:
                    found += 1
            recall_ds = found / len(src)
            rows.append(
                (
                    "datasketch MinHashLSH (in memory)",
                    build_ds,
                    0.0,
                    pct(lat, 50),
                    pct(lat, 95),
                    ram_ds / args.n,
                    0.0,
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"index at scale: {args.n:,} synthetic documents, {args.queries} queries "
        f"(half near-copies with 20 % of slots changed), pid {os.getpid()}\n"
    )
    print(
        f"{'index':36} {'build s':>8} {'load s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'RAM B/doc':>10} {'disk B/doc':>10}"
    )
    for name, b, ld, p50, p95, r, d in rows:
        print(f"{name:36} {b:8.1f} {ld:7.1f} {p50:7.3f} {p95:7.3f} {r:10.0f} {d:10.0f}")
    print(
        f"\nnear-copies found: newsqual {recall_nq:.3f}, datasketch {recall_ds:.3f} "
        "(same LSH threshold 0.5)"
    )
    for line in redis_notes:
        print(line)
    rd = [r for r in rows if r[0].startswith("newsqual Redis")]
    if rd:
        print(
            f"ratios Redis / embedded: p50 {rd[0][3] / rows[0][3]:.2f}, memory per doc "
            f"{rd[0][5] / rows[0][5]:.2f} of embedded RAM, {rd[0][5] / rows[0][6]:.2f} of its disk"
        )
    ds = [r for r in rows if r[0].startswith("datasketch")]
    if ds:
        print(
            f"ratios newsqual / datasketch: p50 {rows[0][3] / ds[0][3]:.2f}, "
            f"RAM per doc {rows[0][5] / ds[0][5]:.2f}"
        )
    print(
        f"targets: p50 <= 2 ms (got {rows[0][3]:.3f}), "
        f"<= 1 KB per doc on disk (got {rows[0][6]:.0f} B)"
    )


if __name__ == "__main__":
    main()

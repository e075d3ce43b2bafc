"""Signature speed, end to end (text in, 128-slot MinHash out), on the same real articles.

newsqual's batched numpy signatures against datasketch (per-shingle `update` loop,
`update_batch`, `MinHash.bulk`) and rensa (`RMinHash`), all over word 5-grams with 128
permutations. Methods run interleaved, best of --rounds, so load on a shared machine hits all.

    .venv/bin/python benchmarks/dedup_speed.py            # 2,000 articles, 3 rounds (~1-2 min)
    .venv/bin/python benchmarks/dedup_speed.py --docs 5000 --rounds 5
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from dedup_common import jsonl_records

from newsqual.dedup.minhash import signatures

WORD = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    return [" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))]


def run_newsqual(texts: list[str], batch: int) -> None:
    for i in range(0, len(texts), batch):
        signatures(texts[i : i + batch])


def run_datasketch_loop(texts: list[str]) -> None:
    from datasketch import MinHash

    for t in texts:
        m = MinHash(num_perm=128)
        for s in shingles(t):
            m.update(s.encode("utf-8"))
        m.digest()


def run_datasketch_batch(texts: list[str]) -> None:
    from datasketch import MinHash

    for t in texts:
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles(t)])
        m.digest()


def run_datasketch_bulk(texts: list[str]) -> None:
    from datasketch import MinHash

    MinHash.bulk([[s.encode("utf-8") for s in shingles(t)] for t in texts], num_perm=128)


def run_rensa(texts: list[str]) -> None:
    from rensa import RMinHash

    for t in texts:
        m = RMinHash(num_perm=128, seed=42)
        m.update(shingles(t))
        m.digest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="articles to sign (default 2000)")
    ap.add_argument(
        "--loop-docs", type=int, default=300, help="articles for the slow datasketch loop"
    )
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64, help="newsqual documents per call")
    args = ap.parse_args()
    texts = [r["text"] for r in jsonl_records()]
    texts = (texts * (args.docs // len(texts) + 1))[: args.docs]
    chars = sum(map(len, texts)) / len(texts)
    methods: dict[str, tuple[Callable[[list[str]], None], int]] = {
        "newsqual signatures (numpy batch)": (lambda t: run_newsqual(t, args.batch), args.docs),
        "datasketch update loop": (run_datasketch_loop, min(args.loop_docs, args.docs)),
        "datasketch update_batch": (run_datasketch_batch, args.docs // 2),
        "datasketch MinHash.bulk": (run_datasketch_bulk, args.docs // 2),
        "rensa RMinHash": (run_rensa, args.docs),
    }
    best = {name: 0.0 for name in methods}
    for _ in range(args.rounds):
        for name, (fn, n) in methods.items():
            t0 = time.perf_counter()
            fn(texts[:n])
            best[name] = max(best[name], n / (time.perf_counter() - t0))
    loop, rensa = best["datasketch update loop"], best["rensa RMinHash"]
    print(
        f"signature speed: {args.docs} articles (mean {chars:.0f} chars), word 5-grams, 128 perms,"
        f" best of {args.rounds} interleaved rounds\n"
    )
    print(f"{'method':36} {'docs/s':>10} {'x ds loop':>10} {'x rensa':>8}")
    for name, v in best.items():
        print(f"{name:36} {v:10.0f} {v / loop:10.1f} {v / rensa:8.2f}")
    ours = best["newsqual signatures (numpy batch)"]
    print(
        f"\ntargets: >= 100x datasketch loop (got {ours / loop:.0f}x), "
        f">= 2x rensa (got {ours / rensa:.2f}x)"
    )


if __name__ == "__main__":
    main()

"""Signature speed, end to end (text in, 128-slot MinHash out), on the same real articles.

newsqual's batched numpy signatures, under the default spec (version 3: one-permutation hashing
with optimal densification) and under the version 2 spec (128 permutations), against datasketch
(per-shingle `update` loop, `update_batch`, `MinHash.bulk`) and rensa (`RMinHash`), all over word
5-grams with 128 slots. Every method runs in this one process on one thread (numpy runs these
operations single-threaded). Methods run interleaved, each for at least
--min-seconds per round, and the table gives medians over rounds (ratios are taken within each
round), so bursts of load on a shared machine hit every method alike.

    .venv/bin/python benchmarks/dedup_speed.py            # 2,000 articles, 3 rounds (~1-2 min)
    .venv/bin/python benchmarks/dedup_speed.py --docs 5000 --rounds 5
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable

from dedup_common import jsonl_records

from newsqual.dedup.minhash import signatures
from newsqual.dedup.spec import DEFAULT_SPEC, SPEC_V2, SignatureSpec

WORD = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    return [" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))]


def run_newsqual(texts: list[str], batch: int, spec: SignatureSpec) -> None:
    for i in range(0, len(texts), batch):
        signatures(texts[i : i + batch], spec)


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
    ap.add_argument("--min-seconds", type=float, default=1.0, help="time per method per round")
    ap.add_argument("--batch", type=int, default=64, help="newsqual documents per call")
    args = ap.parse_args()
    texts = [r["text"] for r in jsonl_records()]
    random.Random(0).shuffle(texts)  # every subset below is a sample of all datasets
    texts = (texts * (args.docs // len(texts) + 1))[: args.docs]
    chars = sum(map(len, texts)) / len(texts)
    ours_name = f"newsqual v{DEFAULT_SPEC.version} {DEFAULT_SPEC.scheme}"
    methods: dict[str, tuple[Callable[[list[str]], None], int]] = {
        ours_name: (lambda t: run_newsqual(t, args.batch, DEFAULT_SPEC), args.docs),
        f"newsqual v{SPEC_V2.version} {SPEC_V2.scheme}": (
            lambda t: run_newsqual(t, args.batch, SPEC_V2),
            args.docs // 2,
        ),
        "datasketch update loop": (run_datasketch_loop, min(args.loop_docs, args.docs)),
        "datasketch update_batch": (run_datasketch_batch, args.docs // 2),
        "datasketch MinHash.bulk": (run_datasketch_bulk, args.docs // 2),
        "rensa RMinHash": (run_rensa, args.docs),
    }
    rates: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(args.rounds):
        for name, (fn, n) in methods.items():
            done, t0 = 0, time.perf_counter()
            while done == 0 or time.perf_counter() - t0 < args.min_seconds:
                fn(texts[:n])
                done += n
            rates[name].append(done / (time.perf_counter() - t0))
    median = {name: statistics.median(r) for name, r in rates.items()}
    loop_name, rensa_name = "datasketch update loop", "rensa RMinHash"

    def ratio(name: str, peer: str) -> float:
        """Median over rounds of the ratio measured within each round."""
        return statistics.median(a / b for a, b in zip(rates[name], rates[peer], strict=True))

    loop_chars = sum(map(len, texts[: methods[loop_name][1]])) / methods[loop_name][1]
    print(
        f"signature speed: {args.docs} articles (mean {chars:.0f} chars; the datasketch loop"
        f" runs on the first {methods[loop_name][1]}, mean {loop_chars:.0f} chars), word"
        f" 5-grams, 128 slots, {args.rounds} interleaved rounds of >= {args.min_seconds:g} s"
        f" per method, medians; one process, one thread; newsqual gets {args.batch} texts per"
        f" call\nnewsqual spec v{DEFAULT_SPEC.version} (default): scheme {DEFAULT_SPEC.scheme},"
        f" token hash {DEFAULT_SPEC.token_hash}; spec v{SPEC_V2.version}: scheme"
        f" {SPEC_V2.scheme}, token hash {SPEC_V2.token_hash}\n"
    )
    print(f"{'method':36} {'docs/s':>10} {'x ds loop':>10} {'x rensa':>8}")
    for name in methods:
        print(
            f"{name:36} {median[name]:10.0f} {ratio(name, loop_name):10.1f}"
            f" {ratio(name, rensa_name):8.2f}"
        )
    print(
        f"\ntargets for {ours_name}: >= 100x datasketch loop (got"
        f" {ratio(ours_name, loop_name):.0f}x), >= 2x rensa (got"
        f" {ratio(ours_name, rensa_name):.2f}x)"
    )


if __name__ == "__main__":
    main()

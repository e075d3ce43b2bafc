"""Documents per second of ``newsqual score`` with 1 and 2 jobs, parallel speed-up, peak memory.

Articles are built from the texts in ../shared/data by cycling through them with small seeded
edits (a word swapped, a sentence dropped, a dateline added), written as JSONL shards to a temp
directory, then scored by the real command in a subprocess. Peers in the same run:

* ``library``: ``newsqual.score_many`` over the same texts in one process (no reading, no
  writing, no IPC): the CLI's overhead is the ratio to it.
* ``-j 1`` vs ``-j 2``: the parallel speed-up (target >= 1.8 on 2 free cores).

Peak memory is ``ru_maxrss`` of the command's process tree, measured in a fresh wrapper process
per run (so runs do not mask each other): the largest single process, not the sum over workers.

    .venv/bin/python benchmarks/cli_throughput.py             # 2,000 articles
    .venv/bin/python benchmarks/cli_throughput.py --n 20000   # the full run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SkipError, iter_records  # noqa: E402

WRAPPER = ("import resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
           "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print(time.perf_counter() - t, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, rc)\n")
DATELINES = ("LONDON --", "NEW YORK (Staff) --", "BERLIN --", "SYDNEY --", "")


def _edit(text: str, rng: random.Random) -> str:
    """A small, seeded change so no two generated articles are byte-identical."""
    words = text.split(" ")
    if len(words) > 20:
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    sentences = " ".join(words).split(". ")
    if len(sentences) > 4:
        del sentences[rng.randrange(1, len(sentences))]
    return (rng.choice(DATELINES) + " " + ". ".join(sentences)).strip()


def make_corpus(n: int, out_dir: Path, seed: int = 7, shards: int = 10) -> list[str]:
    texts = [r["text"] for r in iter_records() if (r.get("text") or "").strip()]
    if not texts:
        raise SkipError("no texts found in ../shared/data")
    rng = random.Random(seed)
    docs = [_edit(texts[i % len(texts)], rng) for i in range(n)]
    per = -(-n // shards)
    for s in range(shards):
        with open(out_dir / f"part{s:02d}.jsonl", "w", encoding="utf-8") as fh:
            for k in range(s * per, min(n, (s + 1) * per)):
                fh.write(json.dumps({"id": f"a{k}", "text": docs[k]}) + "\n")
    return docs


def run_cli(corpus: Path, jobs: int, out: Path, extra: list[str]) -> tuple[float, int, float]:
    cmd = [sys.executable, "-m", "newsqual.cli", "score", str(corpus), "-o", str(out),
           "-j", str(jobs), "--no-progress", *extra]
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True,
                          check=True)
    seconds, maxrss, cpu, rc = proc.stdout.split()
    if rc != "0":
        raise RuntimeError(f"newsqual score failed: {proc.stderr}")
    return float(seconds), int(maxrss), float(cpu)


def run_library(docs: list[str]) -> float:
    code = ("import json, sys, time, newsqual\n"
            "docs = json.load(sys.stdin)\n"
            "newsqual.score('Warm-up sentence of news.')\n"
            "t = time.perf_counter(); newsqual.score_many(docs)\n"
            "print(time.perf_counter() - t)\n")
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(docs), text=True,
                          capture_output=True, check=True)
    return float(proc.stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (20000 for the full run)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-dedup", action="store_true", help="pass --no-dedup to newsqual score")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newsqual-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        try:
            docs = make_corpus(args.n, corpus, args.seed)
        except SkipError as exc:
            print(f"skipped: {exc}")
            return 0
        extra = ["--no-dedup"] if args.no_dedup else []
        try:
            import newsqual.dedup as dd

            dedup = "off" if args.no_dedup else ("on" if hasattr(dd, "DuplicateIndex")
                                                 else "unavailable")
        except ImportError:
            dedup = "unavailable"
        lib = run_library(docs)
        results = {j: run_cli(corpus, j, tmp / f"out{j}.jsonl", extra) for j in (1, 2)}
        rows = {j: sum(1 for _ in open(tmp / f"out{j}.jsonl", encoding="utf-8")) for j in (1, 2)}
        assert rows[1] == rows[2] == args.n, f"row counts {rows} != {args.n}"
        mb = args.n and sum(len(d.encode()) for d in docs) / 1e6
        print(f"newsqual score over {args.n:,} articles ({mb:.1f} MB of text, 10 JSONL shards); "
              f"duplicate clustering: {dedup}; cores: {os.cpu_count()}")
        print(f"{'run':<26} {'seconds':>8} {'docs/s':>8} {'CPU s':>8} {'peak RSS MB':>12} "
              f"{'vs library':>11}")
        print(f"{'library score_many, 1 proc':<26} {lib:8.2f} {args.n / lib:8.0f} {'':>8} "
              f"{'':>12} {1.0:10.2f}x")
        for j, (sec, rss, cpu) in results.items():
            print(f"{'newsqual score -j ' + str(j):<26} {sec:8.2f} {args.n / sec:8.0f} "
                  f"{cpu:8.2f} {rss / 1024:12.0f} {lib / sec:10.2f}x")
        speedup = results[1][0] / results[2][0]
        extra_cpu = results[2][2] / results[1][2]
        print(f"\nparallel speed-up -j 2 / -j 1 (wall): {speedup:.2f}x (target >= 1.8x on 2 free "
              f"cores; efficiency {speedup / 2:.0%})")
        print(f"CPU time -j 2 / -j 1: {extra_cpu:.2f}x (work added by going parallel; on 2 free "
              f"cores the wall speed-up is at most {2 / extra_cpu:.2f}x)")
        load = os.getloadavg()[0]
        if load > (os.cpu_count() or 1):
            print(f"note: load average {load:.1f} on {os.cpu_count()} cores during the run: "
                  "the cores were not free, wall-clock ratios understate the speed-up")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed of ``newsqual.score`` against datatrove's Gopher, C4 and FineWeb quality filters.

All contenders run on the same plain-text articles from ../shared/data/reliability in one process,
interleaved over several repeats (the best repeat counts), so machine noise mostly cancels in the
ratios. The peers only compute statistics and return keep/drop; newsqual also runs every artifact
detector, locates evidence spans and scores. Target: newsqual no slower than the peers together.

Peers (datatrove, ``pip install datatrove spacy``), each called as ``filter(doc)`` on a fresh
``datatrove.data.Document`` per article, the way a datatrove pipeline calls them:

- ``GopherRepetitionFilter`` and ``GopherQualityFilter`` (Rae et al. 2021),
- ``C4QualityFilter`` (Raffel et al. 2020; it rewrites ``doc.text``, hence fresh documents),
- ``FineWebQualityFilter`` (Penedo et al. 2024),
- ``datatrove all four``: the four filters on each article in turn, as in the FineWeb pipeline
  (datatrove caches word splitting per text, so they share one spaCy tokenisation);
- ``datatrove all four, str.split``: the same with a trivial tokenizer (``str.split`` words,
  one regex for sentences) in place of spaCy: a lower bound on what the peers' statistics cost,
  so the comparison does not rest on spaCy being slow.

Run::

    .venv/bin/python benchmarks/speed.py                     # 600 articles, 3 repeats
    .venv/bin/python benchmarks/speed.py --n 0 --repeats 5   # every article
    .venv/bin/python benchmarks/speed.py --per-rule          # + cost of each detector rule
    .venv/bin/python benchmarks/speed.py --profile --n 200   # + cProfile of score, top functions
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import SkipError, iter_records  # noqa: E402


def load_texts(n: int, seed: int) -> list[str]:
    """`n` non-empty article texts (0 = all), sampled with `seed` across all reliability files."""
    texts = [r["text"] for r in iter_records() if (r.get("text") or "").strip()]
    if n and n < len(texts):
        texts = random.Random(seed).sample(texts, n)
    return texts


def _split_tokenizer() -> Any:
    """A datatrove ``WordTokenizer`` doing the least possible work: ``str.split`` words and
    sentences cut after terminal punctuation."""
    import re

    from datatrove.utils.word_tokenizers import WordTokenizer

    sentence_end = re.compile(r"[.!?]+[\"'”’)]?(?=\s)|\n+")

    class SplitTokenizer(WordTokenizer):
        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            spans, start = [], 0
            for m in sentence_end.finditer(text):
                if m.end() > start:
                    spans.append((start, m.end()))
                    start = m.end()
            if start < len(text):
                spans.append((start, len(text)))
            return spans

        def sent_tokenize(self, text: str) -> list[str]:
            return [s for a, b in self.span_tokenize(text) if (s := text[a:b].strip())]

    return SplitTokenizer("en")


def _filters(language: Any) -> dict[str, Any]:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    return {
        "GopherRepetition": GopherRepetitionFilter(language=language),
        "GopherQuality": GopherQualityFilter(language=language),
        "C4Quality": C4QualityFilter(language=language),
        "FineWebQuality": FineWebQualityFilter(language=language),
    }


def peer_contenders(texts: list[str]) -> dict[str, Callable[[], None]]:
    """datatrove's filters as zero-argument callables that process every text once."""
    from datatrove.data import Document as DTDocument
    from datatrove.utils.text import split_into_parts

    ids = [str(i) for i in range(len(texts))]

    def run(filters: list[Any]) -> Callable[[], None]:
        def go() -> None:
            split_into_parts.cache_clear()
            for i, t in zip(ids, texts, strict=True):
                for flt in filters:
                    flt.filter(DTDocument(text=t, id=i))
        return go

    spacy_filters = _filters("en")
    out = {f"datatrove {name}": run([flt]) for name, flt in spacy_filters.items()}
    out["datatrove all four"] = run(list(spacy_filters.values()))
    out["datatrove all four, str.split"] = run(list(_filters(_split_tokenizer()).values()))
    return out


def newsqual_contenders(texts: list[str]) -> dict[str, Callable[[], None]]:
    from newsqual.document import Document
    from newsqual.judge import analyse, score
    from newsqual.stats import text_stats

    def run_score() -> None:
        for t in texts:
            score(t)

    def run_analyse() -> None:
        for t in texts:
            analyse(t)

    def run_stats() -> None:
        for t in texts:
            text_stats(Document.from_text(t))

    return {"newsqual score": run_score, "newsqual analyse": run_analyse,
            "newsqual text_stats only": run_stats}


def time_all(contenders: dict[str, Callable[[], None]], repeats: int) -> dict[str, float]:
    """Best wall time of each contender over `repeats` interleaved rounds."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeats):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def print_table(best: dict[str, float], n_docs: int, n_chars: int) -> None:
    ref = best["newsqual score"]
    print(f"\n{'contender':<32}{'best s':>9}{'docs/s':>9}{'ms/doc':>9}{'MB/s':>7}"
          f"{'time / newsqual score time':>28}")
    for name, t in best.items():
        print(f"{name:<32}{t:>9.3f}{n_docs / t:>9.0f}{1000 * t / n_docs:>9.2f}"
              f"{n_chars / t / 1e6:>7.2f}{t / ref:>27.2f}x")
    for peer in ("datatrove all four", "datatrove all four, str.split"):
        if peer in best:
            verdict = "meets" if ref <= best[peer] else "MISSES"
            print(f"newsqual score is {best[peer] / ref:.2f}x as fast as {peer!r} "
                  f"({verdict} the target: no slower)")


def per_rule(texts: list[str]) -> None:
    """Time each step of ``score`` and each detector rule over the same documents."""
    from newsqual.detectors import _modules, all_rules, detect
    from newsqual.document import Document
    from newsqual.features import extract
    from newsqual.stats import text_stats

    t0 = time.perf_counter()
    docs = [Document.from_input(t) for t in texts]
    t_doc = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        _ = d.lines, d.nonblank_lines, d.words
    t_lines = time.perf_counter() - t0
    rows: list[tuple[str, str, float, int]] = []
    for rule in all_rules():
        n_flags = 0
        t0 = time.perf_counter()
        for d in docs:
            n_flags += len(rule.detect(d))
        rows.append((rule.family, rule.name, time.perf_counter() - t0, n_flags))
    module_rows = []
    for module in _modules():
        fn = getattr(module, "features", None)
        if fn is None:
            continue
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        module_rows.append((_short_name(module), time.perf_counter() - t0))
    t0 = time.perf_counter()
    for d in docs:
        text_stats(d)
    t_stats = time.perf_counter() - t0
    fresh = [Document.from_input(t) for t in texts]
    t0 = time.perf_counter()
    evidence = [(d, flags, extract(d, flags)) for d in fresh for flags in [detect(d)]]
    t_total = time.perf_counter() - t0
    t_combine = _time_combine(evidence)
    n = len(docs)
    print(f"\nCost per document over {n} articles (µs/doc; shares of detect+extract = "
          f"{1e6 * t_total / n:.0f} µs/doc)")
    print(f"  {'Document.from_input':<46}{1e6 * t_doc / n:>9.0f}")
    print(f"  {'Document .lines/.nonblank_lines/.words':<46}{1e6 * t_lines / n:>9.0f}")
    print(f"  {'stats.text_stats':<46}{1e6 * t_stats / n:>9.0f}"
          f"{100 * t_stats / t_total:>7.1f} %")
    if t_combine is not None:
        print(f"  {'judge._combine (after analyse: model, style)':<46}{1e6 * t_combine / n:>9.0f}"
              f"   (not in the share base)")
    for name, t in sorted(module_rows, key=lambda r: -r[1]):
        print(f"  {'features() of detectors.' + name:<46}{1e6 * t / n:>9.0f}"
              f"{100 * t / t_total:>7.1f} %")
    print(f"\n  {'family':<13}{'rule':<33}{'µs/doc':>9}{'share':>8}{'flags':>8}")
    for family, name, t, n_flags in sorted(rows, key=lambda r: -r[2]):
        print(f"  {family:<13}{name:<33}{1e6 * t / n:>9.0f}{100 * t / t_total:>7.1f} %"
              f"{n_flags:>8}")
    module_of = {r.name: _short_name(m) for m in _modules()
                 for r in getattr(m, "RULES", ())}
    by_module: dict[str, float] = {}
    for _, name, t, _ in rows:
        by_module[module_of.get(name, "?")] = by_module.get(module_of.get(name, "?"), 0.0) + t
    print("\n  rules per module (µs/doc): " + ", ".join(
        f"{m} {1e6 * t / n:.0f}" for m, t in sorted(by_module.items(), key=lambda kv: -kv[1])))


def _short_name(module: object) -> str:
    return str(getattr(module, "__name__", "?")).rsplit(".", 1)[-1]


def _time_combine(evidence: list[tuple[Any, Any, Any]]) -> float | None:
    """Time what ``score`` adds after ``analyse`` (model, extra features), if judge has it."""
    from newsqual import judge

    combine = getattr(judge, "_combine", None)
    if combine is None:
        return None
    combine(*evidence[0])  # lazy model load outside the timing
    t0 = time.perf_counter()
    for doc, flags, features in evidence:
        combine(doc, flags, features)
    return time.perf_counter() - t0


def profile(texts: list[str], top: int) -> None:
    import cProfile
    import pstats

    from newsqual.judge import score

    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        score(t)
    prof.disable()
    print(f"\ncProfile of score over {len(texts)} articles, top {top} by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=600, help="articles to time (0 = all)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-peers", action="store_true", help="skip datatrove (newsqual only)")
    p.add_argument("--per-rule", action="store_true", help="print each detector rule's cost")
    p.add_argument("--profile", action="store_true", help="print a cProfile of score")
    p.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    args = p.parse_args(argv)
    try:
        texts = load_texts(args.n, args.seed)
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    n_chars = sum(map(len, texts))
    print(f"{len(texts)} plain-text articles, {n_chars / 1e6:.2f} M characters, "
          f"median {sorted(map(len, texts))[len(texts) // 2]} characters; "
          f"best of {args.repeats} interleaved repeats")
    contenders = newsqual_contenders(texts)
    if not args.no_peers:
        try:
            contenders.update(peer_contenders(texts))
        except ImportError as exc:
            print(f"datatrove peers unavailable ({exc}); timing newsqual only")
    # Warm-up: lazy imports, rule registry, spaCy's blank English model.
    warm = texts[:5]
    for fn in {**newsqual_contenders(warm),
                     **({} if args.no_peers else _safe_peers(warm))}.values():
        fn()
    best = time_all(contenders, args.repeats)
    print_table(best, len(texts), n_chars)
    if args.per_rule:
        per_rule(texts)
    if args.profile:
        profile(texts, args.top)
    return 0


def _safe_peers(texts: list[str]) -> dict[str, Callable[[], None]]:
    try:
        return peer_contenders(texts)
    except ImportError:
        return {}


if __name__ == "__main__":
    raise SystemExit(main())

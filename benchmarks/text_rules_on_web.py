"""Flag rates of the text-level families (damage, generation, consistency) on web article text.

A second clean-text check besides ``benchmarks/flag_rates.py``: the hand-checked main content of
the WCXB article pages (``../shared/data/boilerplate/wcxb``, 2025 web pages: blogs, guides, shop
and tech articles, not only news), where no scraper touched the text. The peer column is the
reliable news of ``../shared/data/reliability`` from the same run. Prints % of texts with >= 1 flag
per kind and a few sampled evidence spans per kind so a human can judge them.

Run: ``.venv/bin/python benchmarks/text_rules_on_web.py [--samples 5]``
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO_ROOT, SkipError, iter_records, wcxb_main_texts  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from newsqual.detectors import consistency, damage, generation  # noqa: E402
from newsqual.document import Document  # noqa: E402

RULES = damage.RULES + generation.RULES + consistency.RULES


def web_articles() -> list[tuple[str, str]]:
    """(file id, ground-truth main content) of the English WCXB article pages (>= 200 chars)."""
    return [(page["file_id"], text) for page, text in wcxb_main_texts()]


def rates(texts: list[tuple[str, str]]) -> tuple[Counter[str], dict[str, list[tuple[str, str]]]]:
    counts: Counter[str] = Counter()
    samples: dict[str, list[tuple[str, str]]] = {}
    for ident, text in texts:
        doc = Document.from_text(text)
        for rule in RULES:
            flags = rule.detect(doc)
            if flags:
                counts[rule.kind] += 1
                f = flags[0]
                ctx = text[max(0, f.start - 50):f.start] + "[[" + f.evidence[:60] + "]]" + \
                    text[f.end:f.end + 50]
                samples.setdefault(rule.kind, []).append((ident, ctx.replace("\n", " / ")))
    return counts, samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=3)
    args = ap.parse_args()
    try:
        web = web_articles()
        news = [(r["id"], r["text"]) for r in iter_records(labels=["reliable"])]
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    web_counts, web_samples = rates(web)
    news_counts, _ = rates(news)
    print(f"% of texts with >= 1 flag: WCXB web articles (n={len(web)}) vs reliable news "
          f"(n={len(news)})\n")
    print(f"{'kind':28s} {'web %':>7s} {'news %':>7s}")
    for rule in RULES:
        k = rule.kind
        web_pct, news_pct = 100 * web_counts[k] / len(web), 100 * news_counts[k] / len(news)
        print(f"{k:28s} {web_pct:7.1f} {news_pct:7.1f}")
    rng = random.Random(0)
    for k, rows in web_samples.items():
        print(f"\n--- {k}: {len(rows)} web texts")
        for ident, ctx in rng.sample(rows, min(args.samples, len(rows))):
            print(f"  {ident}: {ctx}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

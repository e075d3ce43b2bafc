"""Measure which "LLM filler" terms separate machine-written from human news, and how well.

Candidate terms are written here by hand (style words and news-specific stock phrases that chat
models over-use; the idea follows Kobak et al. 2024, "Delving into ChatGPT usage", but no list is
copied). For each term we measure its rate per 1,000 words in

* machine texts of ``../shared/data/machine/iu_human_ai_news.jsonl`` (GPT-3.5 news),
* the human texts of that file, and
* the reliable articles of ``../shared/data/reliability/*.jsonl`` (a larger human-news baseline),

keep terms whose smoothed rate ratio (machine vs the pooled human sides) is strong, and give each a
weight = log2 of that ratio. ``--write`` stores the kept terms in ``newsqual/data/llm_filler.tsv``.

It then reports how well the weighted filler density alone separates machine from human:
ROC AUC in-sample and with term selection redone inside GroupKFold by ``split_group`` (the honest
figure), the chosen flag threshold and the flag rate on reliable and human texts.

Run: ``.venv/bin/python benchmarks/filler_vocabulary.py [--write]``
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO_ROOT, SkipError, iter_records, load_jsonl  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from newsqual.detectors.generation import drop_name_uses  # noqa: E402

#: Candidate terms (regular-expression fragments, matched case-insensitively between word
#: boundaries). Written for this project; measured, not trusted.
CANDIDATES: tuple[str, ...] = (
    # style words
    r"delv(?:e|es|ed|ing)", r"underscor(?:e|es|ed|ing)", r"pivotal", r"intricat(?:e|ely)",
    r"intricacies", r"tapestry", r"multifaceted", r"showcas(?:e|es|ed|ing)", r"notably",
    r"crucial(?:ly)?", r"realm", r"navigat(?:e|es|ing)", r"complexities", r"nuanced",
    r"testament", r"commendable", r"meticulous(?:ly)?", r"foster(?:s|ed|ing)?",
    r"bolster(?:s|ed|ing)?",
    r"robust", r"leverag(?:e|es|ing)", r"seamless(?:ly)?", r"comprehensive", r"profound(?:ly)?",
    r"enduring", r"resonat(?:e|es|ed|ing)", r"ever-evolving", r"ever-changing", r"dynamics",
    r"paramount", r"noteworthy", r"furthermore", r"moreover", r"additionally", r"overall",
    r"ultimately", r"significantly", r"emphasiz(?:e|es|ed|ing)", r"garner(?:s|ed|ing)?",
    r"heightened", r"stakeholders", r"captivat(?:e|es|ed|ing)", r"enthusiasts", r"renowned",
    r"esteemed", r"invaluable", r"groundbreaking", r"cutting-edge", r"innovative",
    r"transformative", r"unwavering", r"vibrant", r"bustling", r"nestled", r"embark(?:s|ed|ing)?",
    r"unravel(?:s|ed|ing)?", r"intriguing", r"remarkabl(?:e|y)", r"far-reaching", r"implications",
    r"interplay", r"cornerstone", r"spearhead(?:s|ed|ing)?", r"harness(?:es|ed|ing)?",
    r"holistic", r"synergy", r"empower(?:s|ed|ing)?", r"insights", r"myriad", r"plethora",
    r"whilst", r"amidst", r"endeavou?rs?", r"commitment", r"strategic", r"initiatives?",
    r"ensuring", r"evolving", r"landscape", r"fostering", r"highlight(?:s|ed|ing)",
    r"potentially", r"various", r"valuable", r"enhanc(?:e|es|ed|ing)", r"facilitat(?:e|es|ed|ing)",
    r"utiliz(?:e|es|ed|ing)", r"exemplif(?:y|ies|ied)", r"adept", r"poignant", r"vital",
    r"alike", r"crucial role", r"juncture", r"trajector(?:y|ies)", r"resilience",
    # news-specific stock phrases
    r"in a significant development", r"all eyes (?:will be|are) on", r"poised to",
    r"it is indeed", r"navigat\w+ the complexities", r"it is (?:important|worth|crucial) to note",
    r"it(?:'s| is) worth noting", r"plays? a (?:crucial|pivotal|vital|key|significant) role",
    r"a testament to", r"serves? as a (?:reminder|testament)", r"remains to be seen",
    r"only time will tell", r"the road ahead", r"looking ahead",
    r"as the situation (?:unfolds|evolves)",
    r"closely monitor(?:ing|ed)?", r"in conclusion", r"in summary", r"shed(?:s|ding)? light",
    r"pav(?:e|es|ed|ing) the way", r"a wide range of", r"the importance of", r"in light of",
    r"in today's", r"key player", r"geopolitical landscape",
    r"a (?:complex|delicate) (?:interplay|balance)",
    r"ripple effect", r"continues? to evolve", r"sparked (?:a )?(?:debate|concerns|controversy)",
    r"raises? (?:important )?questions", r"in the realm of", r"a (?:significant|major) milestone",
    r"aims? to", r"seeks? to", r"underscores? the (?:importance|need)", r"stay tuned",
    r"in recent (?:years|months)", r"the (?:latest|recent) (?:incident|development)",
    r"ha(?:s|ve) sparked", r"expressed (?:their|his|her) (?:gratitude|excitement|concern)",
)

_WORD_RE = re.compile(r"\b\w+\b")
#: Same floor as newsqual.detectors.generation: short texts count as this many words.
MIN_WORDS = 150.0
OUT = REPO_ROOT / "newsqual" / "data" / "llm_filler.tsv"


def count_terms(texts: list[str], terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(hits[doc, term], words[doc]) for every text and term. A term written as a name
    (capitalised mid-sentence: "Paramount", "Vital Farms") is not counted, as in the detector."""
    regs = [re.compile(rf"\b(?:{t})\b", re.IGNORECASE) for t in terms]
    hits = np.zeros((len(texts), len(terms)), dtype=np.int32)
    words = np.zeros(len(texts), dtype=np.float64)
    for i, text in enumerate(texts):
        words[i] = len(_WORD_RE.findall(text))
        for j, reg in enumerate(regs):
            hits[i, j] = sum(drop_name_uses(text, [m.span() for m in reg.finditer(text)]))
    return hits, words


def select(hits: np.ndarray, words: np.ndarray, machine: np.ndarray, min_docs: int = 5,
           min_ratio: float = 3.0) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Kept terms and their weights.

    Tier 1 ("measured"): machine rate >= `min_ratio` x human rate (rates per 1,000 words, counts
    smoothed by +1), used in >= `min_docs` machine texts; weight = log2 ratio, clipped to [1, 4].
    Tier 2 ("rare in human news"): no evidence either way in the machine data (used in fewer than
    `min_docs` machine texts) but at most 2 uses in all human texts, and listed as over-used in the
    literature (every candidate is); weight 1. Returns (mask, weight, rates and tier)."""
    m, h = machine, ~machine
    rate_m = (hits[m].sum(0) + 1.0) / words[m].sum() * 1000
    rate_h = (hits[h].sum(0) + 1.0) / words[h].sum() * 1000
    ratio = rate_m / rate_h
    docs_m = (hits[m] > 0).sum(0)
    tier1 = (ratio >= min_ratio) & (docs_m >= min_docs)
    tier2 = ~tier1 & (docs_m < min_docs) & (hits[h].sum(0) <= 2)
    weight = np.where(tier1, np.clip(np.log2(ratio), 1.0, 4.0), 1.0)
    rates = {"machine": rate_m, "human": rate_h, "docs_machine": docs_m,
             "tier": np.where(tier1, 1, np.where(tier2, 2, 0))}
    return tier1 | tier2, weight, rates


def density(hits: np.ndarray, words: np.ndarray, weight: np.ndarray,
            keep: np.ndarray) -> np.ndarray:
    """Weighted filler hits per 1,000 words (at least 150 words assumed, so short texts with one
    hit do not explode)."""
    w = np.where(keep, weight, 0.0)
    return (hits * w).sum(1) / np.maximum(words, MIN_WORDS) * 1000


def print_feature_aucs(rows: list[dict], y: np.ndarray) -> None:
    """ROC AUC of each numeric feature of ``newsqual.detectors.generation.features`` alone (no
    fitting, so no folds needed; shown as max(AUC, 1 - AUC) with the direction)."""
    sys.path.insert(0, str(REPO_ROOT))
    from newsqual.detectors.generation import FEATURE_NAMES, features
    from newsqual.document import Document

    feats = [features(Document.from_text(r["text"])) for r in rows]
    print("\nsingle-feature ROC AUC, machine vs human (iu), for the classifier:")
    for name in FEATURE_NAMES:
        x = np.array([f[name] for f in feats])
        if np.ptp(x) == 0:
            print(f"  {name:28s}   (constant)")
            continue
        auc = roc_auc_score(y, x)
        direction = "higher" if auc >= 0.5 else "lower"
        print(f"  {name:28s} {max(auc, 1 - auc):.3f} ({direction} = machine)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write the kept terms to {OUT}")
    ap.add_argument("--min-ratio", type=float, default=3.0)
    args = ap.parse_args()
    try:
        iu = load_jsonl("iu_human_ai_news")
        reliable = list(iter_records(labels=["reliable"]))
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    texts = [r["text"] for r in iu] + [r["text"] for r in reliable]
    machine = np.array([r["label"] == "machine" for r in iu] + [False] * len(reliable))
    is_iu = np.array([True] * len(iu) + [False] * len(reliable))
    groups = np.array([r["split_group"] for r in iu] + [r["split_group"] for r in reliable])
    hits, words = count_terms(texts, CANDIDATES)

    keep, weight, rates = select(hits, words, machine, min_ratio=args.min_ratio)
    rel = ~is_iu
    rate_rel = (hits[rel].sum(0) + 0.5) / words[rel].sum() * 1000
    print(f"{keep.sum()} of {len(CANDIDATES)} candidate terms kept (ratio >= {args.min_ratio})\n")
    print(f"{'term':45s} {'machine/1k':>10s} {'human/1k':>9s} {'reliable/1k':>11s} "
          f"{'weight':>6s} tier")
    order = np.lexsort((-weight, rates["tier"]))
    for j in order:
        if keep[j]:
            print(f"{CANDIDATES[j]:45s} {rates['machine'][j]:10.3f} {rates['human'][j]:9.3f} "
                  f"{rate_rel[j]:11.3f} {weight[j]:6.2f} {rates['tier'][j]}")

    d = density(hits, words, weight, keep)
    distinct = ((hits > 0) & keep).sum(1)
    y = machine[is_iu]
    auc_in = roc_auc_score(y, d[is_iu])
    # Honest figure: select terms on the training folds only (reliable texts always on the human
    # side of the selection, never scored), score the held-out groups.
    iu_idx = np.flatnonzero(is_iu)
    oof = np.zeros(len(iu_idx))
    for tr, te in GroupKFold(n_splits=5).split(iu_idx, y, groups[iu_idx]):
        sel = np.concatenate([iu_idx[tr], np.flatnonzero(rel)])
        k, w, _ = select(hits[sel], words[sel], machine[sel], min_ratio=args.min_ratio)
        oof[te] = density(hits[iu_idx[te]], words[iu_idx[te]], w, k)
    auc_cv = roc_auc_score(y, oof)
    auc_len = roc_auc_score(y, -words[is_iu])
    prompt = np.array([r.get("prompt_type") or "" for r in iu])
    print("\nby generation prompt (machine texts of one prompt type vs all human texts):")
    for p in sorted(set(prompt) - {""}):
        sel = (prompt == p) | ~y
        print(f"  {p:18s} AUC {roc_auc_score(y[sel], oof[sel]):.3f} (out-of-fold)")
    print_feature_aucs(iu, y)
    human_side = np.concatenate([d[rel], d[is_iu][~y]])
    thr = float(np.quantile(human_side, 0.99))
    print(f"\nROC AUC of filler density alone, machine vs human (iu, n={len(y)}):")
    print(f"  in-sample terms        {auc_in:.3f}")
    print(f"  GroupKFold(5) by split_group, terms re-selected per fold  {auc_cv:.3f}")
    print(f"  (peer: shorter text = machine, words only  {auc_len:.3f})")
    print(f"\n99th percentile of density on human + reliable texts: {thr:.2f}")
    for t in (thr, math.ceil(thr)):
        flag = (d >= t) & (distinct >= 3)
        print(f"  flag at density >= {t:.2f} and >= 3 distinct terms: "
              f"reliable {flag[rel].mean():.3%}, iu human {flag[is_iu][~y].mean():.3%}, "
              f"iu machine {flag[is_iu][y].mean():.3%}")
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("w", encoding="utf-8") as fh:
            fh.write("# LLM filler terms kept by benchmarks/filler_vocabulary.py "
                     "(do not edit by hand)\n")
            fh.write(f"# density_threshold\t{math.ceil(thr * 10) / 10:.1f}\n")
            fh.write("term\tweight\ttier\tmachine_per_1k\thuman_per_1k\treliable_per_1k\n")
            for j in order:
                if keep[j]:
                    fh.write(f"{CANDIDATES[j]}\t{weight[j]:.3f}\t{rates['tier'][j]}\t"
                             f"{rates['machine'][j]:.4f}\t"
                             f"{rates['human'][j]:.4f}\t{rate_rel[j]:.4f}\n")
        print(f"\nwrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

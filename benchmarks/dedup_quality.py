"""Quality: copies and rewrites hidden among every other article of ../shared/data.

Corpus: every text of reliability/ and machine/ plus the WCXB dev articles (ground-truth text),
and one syndicated copy of --copies real articles made by a seeded generator (other header and
footer, site chrome lines, a few edited words, sometimes a dropped last paragraph).
Truth pairs:
- copy: a generated copy and its source (and anything in the same family of the data's own
  `dup_of` / `near_dup_of` duplicates);
- rewrite: a ChatGPT rephrasing (rephrase_base / rephrase_expert) and its human article, the two
  rephrasings of one article, and each FakeNewsAMT legit/fake pair (a crowd-worker's rewrite).
Pairs that share a `pair` id but are not rewrites (generated_* texts written from the human
article's title, Celebrity legit/fake pairs on one celebrity) count neither way. Every document is
indexed, then queried (itself excluded); a pair is predicted when either side finds the other.
datasketch MinHashLSH over word 5-grams (threshold 0.5, 128 perms, unverified candidates) runs on
the same corpus; its pairs are all "copy" (it has no rewrite relation).

Rewrites are also diagnosed by stage: candidate recall (the pair shares an LSH band of either
fingerprint, so the query sees it), verification recall (the pair's score passes the threshold,
whether or not it is a candidate), and both, over all pairs and by source (AMT, ChatGPT
rephrase_base / rephrase_expert, two rephrasings) and by the shorter text's number of kept stems.
To keep the threshold honest, the rewrite pairs are split in two halves by `split_group` (a hash
of the smaller group of the pair): the threshold reaching P >= 0.90 on one half is reported on the
other, both ways. `--fit` also searches the scoring parameters (`content.RewriteScoring`:
containment share x length exponent) with the threshold on one half and reports the other; the
shipped parameters and threshold are the ones picked on half 0. `--verbose` prints the false
rewrites (best first) and a sample of missed ones, each with the stems the two texts share.
`--content v3` measures the candidate recipe content-v3 (MinHash of the kept stems of rarity >= 3,
192 slots) whatever the default spec is.

    .venv/bin/python benchmarks/dedup_quality.py                 # 400 copies (~1 min)
    .venv/bin/python benchmarks/dedup_quality.py --verbose --content v3
    .venv/bin/python benchmarks/dedup_quality.py --fit --skip-datasketch   # ~2 min more
    .venv/bin/python benchmarks/dedup_quality.py --copies 1000 --seed 3
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import time
from collections import defaultdict

import numpy as np
import xxhash
from dedup_common import jsonl_records, wcxb_articles

from newsqual.dedup.content import RewriteScoring, content_words, similarity
from newsqual.dedup.index import DuplicateIndex, copy_bands, fingerprint
from newsqual.dedup.lsh import band_keys
from newsqual.dedup.spec import DEFAULT_SPEC

# Chrome written for this generator: what syndication and scraping add around a story.
SITES = [
    "The Valley Courier",
    "Metro Daily Wire",
    "NewsNow 24",
    "Harbour Gazette",
    "Capital Briefing",
    "Northern Ledger",
    "Global Post Online",
    "Riverside Tribune",
]
HEADERS = [
    "Home > News > {section}",
    "{site} | {section}",
    "Published {date} | Updated {date2}",
    "By {site} staff",
    "Advertisement",
    "Listen to this article · 4 min",
    "Breaking news",
    "{section} | {date}",
    "Skip to main content",
    "Subscribe for $1 a week",
]
FOOTERS = [
    "Share this: Facebook · Twitter · Email",
    "© {year} {site}. All rights reserved.",
    "Related: More stories from {section}",
    "This article originally appeared on {site}.",
    "Comments ({n})",
    "Sign up for our newsletter",
    "Tags: {section}, politics, world",
    "Read more: Top stories this week",
    "Follow us on social media",
    "Report a correction",
]
SECTIONS = ["World", "Politics", "Business", "Sport", "Entertainment", "Science", "Local"]
EDITS = ["reportedly", "also", "recently", "officials", "on Monday", "local", "new", "said"]


def syndicate(text: str, rng: random.Random) -> str:
    """A repost of `text` with other chrome and small edits (deterministic for a given rng)."""
    fill = {
        "site": rng.choice(SITES),
        "section": rng.choice(SECTIONS),
        "year": rng.randint(2015, 2025),
        "date": f"{rng.randint(1, 28)} May {rng.randint(2015, 2025)}",
        "n": rng.randint(0, 400),
        "date2": f"{rng.randint(1, 12)}:{rng.randint(10, 59)} GMT",
    }
    paragraphs = [p for p in re.split(r"\n\s*\n|\r?\n", text) if p.strip()]
    if len(paragraphs) > 4 and rng.random() < 0.3:
        paragraphs = paragraphs[:-1]  # the repost drops the last paragraph
    words = " \n ".join(paragraphs).split(" ")
    for _ in range(rng.randint(0, max(1, len(words) // 100))):
        i = rng.randrange(len(words))
        op = rng.random()
        if op < 0.4:
            words[i] = rng.choice(EDITS)
        elif op < 0.7:
            words.insert(i, rng.choice(EDITS))
        elif len(words) > 20:
            del words[i]
    body = " ".join(words).replace(" \n ", "\n\n")
    head = [h.format(**fill) for h in rng.sample(HEADERS, rng.randint(1, 4))]
    foot = [f.format(**fill) for f in rng.sample(FOOTERS, rng.randint(1, 5))]
    return "\n".join(head) + "\n\n" + body + "\n\n" + "\n".join(foot)


class Families:
    """Union-find over copy links: every pair inside a family is a copy."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build(copies: int, seed: int) -> tuple[list[dict], set, set, set, Families]:
    rows = jsonl_records() + wcxb_articles()
    fam = Families()
    for r in rows:
        for key in ("dup_of", "near_dup_of"):
            if r.get(key):
                fam.union(r["id"], r[key])
        for note in r.get("notes") or []:  # near copies across datasets, flagged by the data
            if note.startswith("cross_dataset_overlap:"):
                for other in note.split(":", 1)[1].split(","):
                    fam.union(r["id"], other.strip())
    rng = random.Random(seed)
    sources = rng.sample([r for r in rows if len(r["text"]) >= 300], copies)
    generated = set()
    for k, src in enumerate(sources):
        cid = f"copy-{k:04d}-of-{src['id']}"
        rows.append(
            {
                "id": cid,
                "text": syndicate(src["text"], rng),
                "pair": src.get("pair"),
                "dataset": "generated-copy",
                "copy_of": src["id"],
            }
        )
        fam.union(cid, src["id"])
        generated.add(frozenset((cid, src["id"])))
    by_id = {r["id"]: r for r in rows}
    rewrites: set = set()
    by_pair: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("pair") and r.get("dataset") != "generated-copy":
            by_pair[r["pair"]].append(r)
    dont_care: set = set()
    for members in by_pair.values():
        for a in members:
            for b in members:
                if a["id"] >= b["id"]:
                    continue
                pa, pb = a.get("prompt_type"), b.get("prompt_type")
                human_rephrase = {pa, pb} & {"rephrase_base", "rephrase_expert"} and (
                    a.get("label") == "human"
                    or b.get("label") == "human"
                    or (pa and pb and pa.startswith("rephrase") and pb.startswith("rephrase"))
                )
                amt = a.get("dataset") == b.get("dataset") == "fakenewsamt"
                if human_rephrase or amt:
                    rewrites.add(frozenset((a["id"], b["id"])))
                else:
                    dont_care.add(frozenset((a["id"], b["id"])))
    del by_id
    return rows, generated, rewrites, dont_care, fam


def expand(pairs: set, fam: Families, ids: list[str]) -> set:
    """Truth between whole copy families (a copy of a rewritten article is a rewrite too)."""
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[fam.find(i)].append(i)
    out = set()
    for p in pairs:
        a, b = tuple(p)
        for x in members[fam.find(a)]:
            for y in members[fam.find(b)]:
                if x != y:
                    out.add(frozenset((x, y)))
    return out


WORD = re.compile(r"\w+")
CURVE = (0.25, 0.27, 0.29, 0.31, 0.35, 0.4)
GRID = tuple(round(0.10 + 0.005 * k, 3) for k in range(81))  # 0.10 .. 0.50
# Scoring parameters searched by --fit (containment share x length exponent).
FIT_CONTAINMENT = (0.0, 0.2, 0.4, 0.6)
FIT_LENGTH_EXP = (0.0, 0.2, 0.4, 0.6)


def shingle_jaccard(a: str, b: str) -> float:
    """Exact Jaccard of the word 5-gram sets (lower-cased \\w+ words)."""
    wa, wb = WORD.findall(a.lower()), WORD.findall(b.lower())
    sa = {tuple(wa[i : i + 5]) for i in range(max(1, len(wa) - 4))}
    sb = {tuple(wb[i : i + 5]) for i in range(max(1, len(wb) - 4))}
    return len(sa & sb) / max(1, len(sa | sb))


def score(
    predicted: dict, generated: set, rewrites: set, dont_care: set, fam: Families, text_of: dict
) -> dict:
    out = {}
    for relation in ("copy", "rewrite"):
        pred = {p for p, rel in predicted.items() if rel == relation}
        if relation == "copy":
            # Correct: same copy family, or a textual copy already in the data (exact 5-gram
            # Jaccard >= 0.5, checked for every predicted pair the labels do not cover).
            correct = {
                p
                for p in pred
                if fam.find(min(p)) == fam.find(max(p))
                or shingle_jaccard(*(text_of[i] for i in p)) >= 0.5
            }
            judged = {p for p in pred if p not in dont_care or p in correct}
            truth = generated
        else:
            correct = pred & rewrites
            judged = {
                p for p in pred if p not in dont_care and fam.find(min(p)) != fam.find(max(p))
            }  # a copy called rewrite is judged as copy
            truth = rewrites
        tp = len(correct & judged)
        found = len(truth & set(predicted))  # found under any relation
        out[relation] = (
            len(judged),
            tp / max(1, len(judged)),
            len(truth & pred) / max(1, len(truth)),
            found / max(1, len(truth)),
        )
    return out


def pair_kind(p: frozenset, row_of: dict) -> str:
    """Where a rewrite pair comes from: "AMT", "ChatGPT base", "ChatGPT expert" or
    "ChatGPT x2" (two rephrasings of one article); copies count as their source."""
    rows = [row_of[row_of[i].get("copy_of") or i] for i in p]
    if rows[0].get("dataset") == "fakenewsamt":
        return "AMT legit/fake"
    kinds = sorted(r.get("prompt_type") or "" for r in rows)
    if kinds[0].startswith("rephrase"):
        return "ChatGPT rephrase x2"
    return {"rephrase_base": "ChatGPT rephrase_base", "rephrase_expert": "ChatGPT rephrase_expert"}[
        kinds[1]
    ]


def length_kind(p: frozenset, kept: dict) -> str:
    """Bucket of the shorter text's number of kept content stems (80 at most)."""
    n = min(kept[i] for i in p)
    return "<= 40 stems" if n <= 40 else ("41-79 stems" if n < 80 else "80 stems (long)")


def stage_table(
    rewrites: set, candidate: dict, pair_sim: dict, found: set, threshold: float, keys: list
) -> None:
    """Per group of pairs: share that are candidates, pass verification, both; and found."""
    groups: dict[str, list] = defaultdict(list)
    for p in rewrites:
        for key in keys:
            groups[key(p)].append(p)
    print(f"  {'pairs':26} {'n':>4} {'candidates':>10} {'verified':>8} {'both':>6} {'found':>6}")
    for name in sorted(groups):
        ps = groups[name]
        n = len(ps)
        cand = sum(candidate[p] for p in ps) / n
        ver = sum(pair_sim[p] >= threshold for p in ps) / n
        both = sum(candidate[p] and pair_sim[p] >= threshold for p in ps) / n
        print(
            f"  {name:26} {n:4d} {cand:10.3f} {ver:8.3f} {both:6.3f} "
            f"{sum(p in found for p in ps) / n:6.3f}"
        )


def shared_stems(a: str, b: str, spec) -> str:
    """The content stems two texts share, in the order of `a` (rarity in brackets)."""
    wa, wb = content_words(a, spec), content_words(b, spec)
    shared = [f"{s}({w})" for s, w in wa.items() if s in wb]
    return " ".join(shared[:24]) + (" ..." if len(shared) > 24 else "")


def half_of(pair: frozenset, group: dict) -> int:
    """0 or 1: which half of the evaluation a pair belongs to (by its smaller split group)."""
    g = min(group[i] for i in pair)
    return xxhash.xxh32_intdigest(g.encode("utf-8")) & 1


def stages(index: DuplicateIndex, ids: list[str], texts: list[str], rewrites: set) -> tuple:
    """Per rewrite pair: is it an LSH candidate (either fingerprint), and its similarity."""
    fps = fingerprint(texts, index.spec)
    ckeys = band_keys(fps.copy_sig, *copy_bands(index.spec, index.copy_threshold))
    row = {i: k for k, i in enumerate(ids)}
    candidate, sim = {}, {}
    kept = dict(zip(ids, (fps.content_weight > 0).sum(axis=1).tolist(), strict=True))
    for p in rewrites:
        a, b = (row[i] for i in p)
        candidate[p] = bool(
            np.intersect1d(fps.rewrite_keys[a], fps.rewrite_keys[b]).size
            or np.intersect1d(ckeys[a], ckeys[b]).size
        )
        sim[p] = float(
            similarity(
                fps.content_hash[a],
                fps.content_weight[a],
                fps.content_hash[b : b + 1],
                fps.content_weight[b : b + 1],
            )[0]
        )
    return candidate, sim, kept, fps


def rewrite_pr(sims: dict, th: float, truth: set, judged_ok: set) -> tuple[float, float]:
    """Precision and recall of the rewrite relation over candidate pairs with score >= th."""
    pred = [p for p, v in sims.items() if v >= th]
    judged = sum(p in judged_ok for p in pred)
    tp = sum(p in truth for p in pred)
    return tp / max(1, judged), tp / max(1, len(truth))


def pick(sims: dict, truth: set, judged_ok: set) -> tuple[float, float, float] | None:
    """(threshold, P, R) of the best recall at precision >= 0.90 (ties: lower threshold)."""
    best = None
    for th in GRID:
        p, r = rewrite_pr(sims, th, truth, judged_ok)
        if p >= 0.90 and (best is None or r > best[2]):
            best = (th, p, r)
    return best


def fit_scoring(fps, ids: list[str], pairs: set, rewrites: set, judged_ok: set, group: dict):
    """--fit: choose the scoring parameters and threshold on one half, report the other."""
    row = {i: k for k, i in enumerate(ids)}
    partners: dict[int, list[int]] = defaultdict(list)
    for p in pairs:
        a, b = sorted(row[i] for i in p)
        partners[a].append(b)
    half = {p: half_of(p, group) for p in pairs | rewrites}
    print("\nscoring parameters and threshold chosen on one half, reported on the other:")
    print(f"  {'containment':>11} {'length_exp':>10}  fit half -> threshold, fit R -> other P / R")
    best: dict[int, tuple] = {}
    for x in FIT_CONTAINMENT:
        for g in FIT_LENGTH_EXP:
            scoring = RewriteScoring(containment=x, length_exp=g)
            sims = {}
            for a, bs in partners.items():
                b = np.asarray(bs)
                v = similarity(fps.content_hash[a], fps.content_weight[a],
                               fps.content_hash[b], fps.content_weight[b], scoring=scoring)
                for j, s in zip(bs, v.tolist(), strict=True):
                    sims[frozenset((ids[a], ids[j]))] = s
            cells = []
            for h in (0, 1):
                fit = pick({p: v for p, v in sims.items() if half[p] == h},
                           {p for p in rewrites if half[p] == h}, judged_ok)
                if fit is None:
                    cells.append(f"half {h}: no threshold reaches P 0.90")
                    continue
                other = {p for p in rewrites if half[p] != h}
                po, ro = rewrite_pr({p: v for p, v in sims.items() if half[p] != h}, fit[0],
                                    other, judged_ok)
                cells.append(f"half {h} -> {fit[0]:.3f}, R {fit[2]:.3f} -> P {po:.3f} / R {ro:.3f}")
                if h not in best or fit[2] > best[h][2]:
                    best[h] = (x, g, fit[2], fit[0], po, ro)
            print(f"  {x:11.1f} {g:10.1f}  " + "; ".join(cells))
    for h, (x, g, rf, th, po, ro) in sorted(best.items()):
        print(f"  best on half {h}: containment {x}, length_exp {g}, threshold {th:.3f} "
              f"(R {rf:.3f}) -> half {1 - h}: P {po:.3f} R {ro:.3f}")


def explain(title: str, pairs: list, text_of: dict, sims: dict, spec, limit: int) -> None:
    """--verbose: pairs with their score, lengths, openings and the stems they share."""
    print(f"\n{title} ({len(pairs)}; showing {min(limit, len(pairs))}):")
    for p in pairs[:limit]:
        a, b = sorted(p)
        print(f"  {sims.get(p, 0.0):.3f}  {a} ({len(text_of[a])} chars) ~ {b} "
              f"({len(text_of[b])} chars)")
        for i in (a, b):
            print("     | " + " ".join(text_of[i].split())[:110])
        print("     shared: " + shared_stems(text_of[a], text_of[b], spec))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-datasketch", action="store_true")
    ap.add_argument("--rewrite-threshold", type=float, default=None, help="default: the index's")
    ap.add_argument(
        "--content",
        choices=("spec", "v2", "v3"),
        default="spec",
        help="rewrite candidate recipe: the default spec's, content-v2 (MinHash of all 80 kept "
        "stems, 128 slots) or content-v3 (kept stems of rarity >= 3, 192 slots)",
    )
    ap.add_argument("--fit", action="store_true", help="search the scoring parameters too")
    ap.add_argument("--verbose", action="store_true", help="print false and missed rewrites")
    args = ap.parse_args()
    spec = DEFAULT_SPEC
    if args.content != "spec":
        recipe = {"v2": ("content-v2", 128), "v3": ("content-v3", 192)}[args.content]
        spec = dataclasses.replace(spec, content=recipe[0], content_perm=recipe[1])
    rows, generated, rewrites, dont_care, fam = build(args.copies, args.seed)
    ids = [r["id"] for r in rows]
    rewrites = expand(rewrites, fam, ids)
    texts = [r["text"] for r in rows]
    text_of = dict(zip(ids, texts, strict=False))
    # A "rewrite" pair whose texts share most 5-grams (some AMT fakes change a few words) is a
    # copy by the spec's definition: it moves to the copy families.
    textual = {p for p in rewrites if shingle_jaccard(*(text_of[i] for i in p)) >= 0.5}
    for p in textual:
        fam.union(*p)
    rewrites = expand({p for p in rewrites if p not in textual}, fam, ids)
    rewrites = {p for p in rewrites if fam.find(min(p)) != fam.find(max(p))}
    dont_care = expand(dont_care, fam, ids) - rewrites
    results = {}

    t0 = time.perf_counter()
    index = DuplicateIndex(spec=spec)
    if args.rewrite_threshold is not None:
        index.rewrite_threshold = args.rewrite_threshold
    chosen = index.rewrite_threshold
    # Collect the curve in the same run (--fit needs every candidate the score lets through).
    index.rewrite_threshold = 1e-6 if args.fit else min(chosen, CURVE[0], GRID[0])
    index.add_many(list(zip(ids, texts, strict=False)))
    everything: dict = {}
    for id_, text in zip(ids, texts, strict=False):
        for m in index.query(text, exclude=id_):
            p = frozenset((id_, m.id))
            if everything.get(p, ("", 0.0))[0] != "copy":
                everything[p] = (m.relation, max(m.similarity, everything.get(p, ("", 0.0))[1]))
    curve = {}
    for th in sorted({*CURVE, chosen}):
        at = {p: rel for p, (rel, sim) in everything.items() if rel == "copy" or sim >= th}
        curve[th] = score(at, generated, rewrites, dont_care, fam, text_of)["rewrite"]
    group = {r["id"]: r.get("split_group") or r.get("pair") or r["id"] for r in rows}
    halves = []
    for h in (0, 1):
        truth_h = {p for p in rewrites if half_of(p, group) == h}
        in_h = {p: v for p, v in everything.items() if half_of(p, group) == h}
        by_th = {}
        for th in GRID:
            at = {p: rel for p, (rel, sim) in in_h.items() if rel == "copy" or sim >= th}
            by_th[th] = score(at, generated, truth_h, dont_care, fam, text_of)["rewrite"]
        halves.append((len(truth_h), by_th))
    candidate, pair_sim, kept, fps = stages(index, ids, texts, rewrites)
    predicted = {p: rel for p, (rel, sim) in everything.items() if rel == "copy" or sim >= chosen}
    results["newsqual DuplicateIndex"] = (
        score(predicted, generated, rewrites, dont_care, fam, text_of),
        time.perf_counter() - t0,
    )

    if not args.skip_datasketch:
        from datasketch import MinHash, MinHashLSH

        t0 = time.perf_counter()
        word = re.compile(r"\w+")
        sh = []
        for t in texts:
            w = word.findall(t.lower())
            sh.append([" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))])
        mins = MinHash.bulk(sh, num_perm=128)
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        for id_, m in zip(ids, mins, strict=False):
            lsh.insert(id_, m)
        ds_predicted = {}
        for id_, m in zip(ids, mins, strict=False):
            for other in lsh.query(m):
                if other != id_:
                    ds_predicted[frozenset((id_, other))] = "copy"
        results["datasketch MinHashLSH 5-grams"] = (
            score(ds_predicted, generated, rewrites, dont_care, fam, text_of),
            time.perf_counter() - t0,
        )

    print(
        f"quality: {len(rows)} documents ({args.copies} generated copies, seed {args.seed}); "
        f"truth: {len(generated)} generated copy pairs, {len(rewrites)} rewrite pairs "
        f"({len(textual)} labelled rewrite pairs are textual copies: counted as copies)\n"
    )
    print(
        f"{'method':32} {'relation':8} {'predicted':>9} {'precision':>9} {'recall':>7} "
        f"{'found*':>7} {'time s':>7}"
    )
    for name, (res, secs) in results.items():
        for relation, (n, p, r, f) in res.items():
            print(f"{name:32} {relation:8} {n:9d} {p:9.3f} {r:7.3f} {f:7.3f} {secs:7.1f}")
    print(
        f"\nnewsqual rewrites by verification threshold (recipe {spec.content}, "
        f"{spec.content_perm} slots; default {chosen}):"
    )
    print("  " + "  ".join(f"{th:.2f}: P {v[1]:.3f} R {v[2]:.3f}" for th, v in curve.items()))
    n_rw = max(1, len(rewrites))
    cand = sum(candidate.values()) / n_rw
    ver = sum(s >= chosen for s in pair_sim.values()) / n_rw
    both = sum(candidate[p] and pair_sim[p] >= chosen for p in rewrites) / n_rw
    print(
        f"\nrewrite recall by stage at {chosen}: candidates (shares an LSH band) {cand:.3f}, "
        f"verification alone (similarity >= threshold) {ver:.3f}, both {both:.3f}"
    )
    row_of = {r["id"]: r for r in rows}
    found = {p for p, rel in predicted.items() if rel == "rewrite"}
    print("\nby source and by the shorter text's kept stems:")
    stage_table(rewrites, candidate, pair_sim, found, chosen,
                [lambda p: pair_kind(p, row_of), lambda p: length_kind(p, kept)])
    print("\nthreshold chosen on one half of the rewrite pairs (P >= 0.90), reported on the other:")
    for h in (0, 1):
        n_h, fit = halves[h]
        n_o, other = halves[1 - h]
        ok = [th for th in GRID if fit[th][1] >= 0.90 and fit[th][0] > 0]
        if not ok:
            print(f"  half {h}: no threshold reaches P 0.90")
            continue
        th = max(ok, key=lambda t: (fit[t][2], -t))
        print(
            f"  choose on half {h} ({n_h} pairs): {th:.3f} (P {fit[th][1]:.3f} R {fit[th][2]:.3f})"
            f" -> half {1 - h} ({n_o} pairs): P {other[th][1]:.3f} R {other[th][2]:.3f}"
        )
    judged_ok = {
        p for p, (rel, _) in everything.items()
        if rel == "rewrite" and p not in dont_care and fam.find(min(p)) != fam.find(max(p))
    }
    if args.fit:
        fit_scoring(fps, ids, {p for p, (rel, _) in everything.items() if rel == "rewrite"},
                    rewrites, judged_ok, group)
    if args.verbose:
        sims = {p: v for p, (rel, v) in everything.items() if rel == "rewrite"}
        false = sorted((p for p in found if p in judged_ok and p not in rewrites),
                       key=lambda p: -sims[p])
        explain("false rewrites, best first", false, text_of, sims, spec, 12)
        missed = sorted((p for p in rewrites if p not in found), key=lambda p: sorted(p))
        random.Random(args.seed).shuffle(missed)
        explain("missed rewrites (sample)", missed, text_of, pair_sim, spec, 6)
    print(
        "\n* found: share of truth pairs returned under any relation (datasketch has only 'copy')."
    )
    print("targets: copies P, R >= 0.99; rewrites R >= 0.80 at P >= 0.90")


if __name__ == "__main__":
    main()

"""Ideas for the reliability model's cross-dataset gap, each measured by leave-one-dataset-out.

    .venv/bin/python benchmarks/reliability_ablations.py [--n-jobs 2]

The shipped model (:func:`newsqual.model.evaluate.newsqual_variant`) is at LODO ROC AUC
0.809/0.812/0.788/0.772 against a 0.80 target (0.799/0.798/0.764/0.770 before the masked n-gram
block of session 5; the last table of this command gives that gain with paired bootstrap
intervals; ``--wide-grid`` adds a wider n-gram grid). This command re-measures the ideas tried
to close that gap, every one on the same features and in the same run, against a fixed-fusion
reference (both blocks standardised, dense weight 0.5, dense ``C`` 0.02, word ``C`` 0.005, no sign
constraints; it differs a little from the shipped model, which picks its fusion by inner LODO):

- ``demeaned``: every training dataset's features centred on that dataset's (class-balanced)
  mean, so only contrasts *within* a dataset are learned (outlet-level shifts removed);
- ``sign-consistent``: only features whose class-mean difference has the same sign in every
  training dataset (an invariance filter);
- ``per-dataset ensemble``: one model per training dataset, standardised logits averaged;
- ``pair differences``: the paired datasets (FakeNewsAMT, Celebrity) enter as legit-minus-fake
  feature differences of each pair (a within-story ranking loss), the others as rows;
- ``no proper-noun words``: vocabulary words written capitalised mid-sentence in at least half of
  their training occurrences (names, places, months) left out of the word block;
- ``sign-constrained``: every coefficient (both blocks) held to the sign of its feature's
  class-mean difference over the pooled, weighted training rows
  (:func:`newsqual.model.fit.signed_logistic`), so that collinear features cannot take
  suppressor weights that do not transfer (digits against dates: the free model gives digits a
  negative weight although digits are more frequent in reliable articles in three datasets of
  four). Shipped since session 4: the shipped model's fusion search uses it;
- ``group DRO``: the training datasets reweighted towards the worst-fitted one (exponentiated
  dataset losses, step 1, 8 rounds; Sagawa et al. 2020, "Distributionally Robust Neural Networks
  for Group Shifts"), so the model is pushed to fit every source, not the average;
- ``+ masked n-grams``: a third block, logistic regression on sublinear TF-IDF of word 1-3-grams
  of the text with every word outside wordfreq's 150 most frequent masked to its shape
  (:mod:`newsqual.model.grams`; text distortion, Stamatatos 2017), mixed in at a fixed weight
  (``g``) and ``C``, vocabulary and IDF fitted on the training rows. Shipped in session 5 (the
  shipped model picks ``g`` and ``C`` by inner LODO);
- ``+ headline features``: word count, capitalised-word share, all-caps share, stop-word share,
  ``!``/``?``/quotes and digits in the dataset's ``title`` field (Horne & Adali 2017: "fake news
  packs a lot in title"); missing titles get the training mean.

Only ``sign-constrained`` and the masked n-grams are shipped; the table says why not the others (see
``models/MODEL_CARD.md``). Every selection
(features kept, capitalisation shares, means) is computed on the training datasets only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsqual.model.data import (  # noqa: E402
    RELIABILITY_FILES,
    data_available,
    data_dir,
    load_reliability,
    normalise_text,
)
from newsqual.model.evaluate import (  # noqa: E402
    Corpus,
    bootstrap_auc,
    build_corpus,
    lodo,
    newsqual_variant,
)
from newsqual.model.fit import (  # noqa: E402
    CLIP,
    FusionGrid,
    balanced_weights,
    class_direction,
    count_like,
    reliability_feature_names,
    signed_logistic,
)
from newsqual.model.words import WORD_PREFIX  # noqa: E402

Scorer = Callable[[np.ndarray], np.ndarray]
Variant = Callable[[np.ndarray, np.ndarray], np.ndarray]
PAIRED = frozenset({"fakenewsamt", "celebrity"})
DENSE_C, WORD_C, DENSE_WEIGHT = 0.02, 0.005, 0.5
_STOP = frozenset("the a an of to in on for and or but is are was were be been with at by from "
                  "as that this it its".split())
_TITLE_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n")


class Setup:
    """The corpus as dense arrays: transformed dense features, word rates, labels, domains."""

    def __init__(self, corpus: Corpus) -> None:
        names = list(reliability_feature_names(corpus.names))
        X = corpus.X[:, [corpus.names.index(n) for n in names]]
        self.T = np.where(count_like(X), np.log1p(np.maximum(X, 0.0)), X)
        W, word_names = corpus.words()
        self.W = W.toarray()  # type: ignore[attr-defined]
        self.vocab = [n[len(WORD_PREFIX):] for n in word_names]
        self.y, self.groups, self.D = corpus.y, corpus.groups, corpus.datasets
        self.texts = [normalise_text(a.text) for a in corpus.articles]
        self.grams = corpus.grams()
        self.ids = [a.id for a in corpus.articles]

    def standardised(self, M: np.ndarray, train: np.ndarray,
                     demean: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        mu, sd = M[train].mean(0), M[train].std(0)
        sd = np.where(sd > 1e-12, sd, 1.0)
        Z = (M[train] - mu) / sd
        if demean:
            dom, yt = self.D[train], self.y[train]
            for d in set(dom.tolist()):
                m = dom == d
                Z[m] -= 0.5 * (Z[m & (yt == 0)].mean(0) + Z[m & (yt == 1)].mean(0))
        return np.clip(Z, -CLIP, CLIP), mu, sd

    def block(self, M: np.ndarray, train: np.ndarray, C: float, *, demean: bool = False,
              sign_consistent: bool = False, pairs: bool = False, signed: bool = False
              ) -> Scorer:
        """A weighted logistic regression on `M`'s training rows; returns test-row logits."""
        Z, mu, sd = self.standardised(M, train, demean)
        yt, dom = self.y[train], self.D[train]
        keep = np.ones(M.shape[1], bool)
        if sign_consistent:
            signs = np.array([np.sign(Z[(dom == d) & (yt == 1)].mean(0)
                                      - Z[(dom == d) & (yt == 0)].mean(0))
                              for d in set(dom.tolist())])
            keep = np.abs(signs.sum(0)) == len(signs)
        rows, labels, weights = [Z], [yt], [balanced_weights(yt, dom)]
        if pairs:
            rows, labels, weights = self._pair_rows(Z, train)
        coef = np.zeros(M.shape[1])
        if signed:
            coef[keep] = signed_logistic(Z[:, keep], yt, weights[0], C,
                                         class_direction(Z, yt, weights[0])[keep])[0]
            return lambda test: np.clip((M[test] - mu) / sd, -CLIP, CLIP) @ coef
        clf = LogisticRegression(C=C, max_iter=5000).fit(
            np.vstack(rows)[:, keep], np.concatenate(labels), sample_weight=np.concatenate(weights))
        coef[keep] = clf.coef_[0]
        return lambda test: np.clip((M[test] - mu) / sd, -CLIP, CLIP) @ coef

    def _pair_rows(self, Z: np.ndarray, train: np.ndarray
                   ) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        yt, dom, g = self.y[train], self.D[train], self.groups[train]
        sw = balanced_weights(yt, dom)
        n_domains = len(set(dom.tolist()))
        rows, labels, weights = [], [], []
        for d in dict.fromkeys(dom.tolist()):
            m = np.flatnonzero(dom == d)
            if d not in PAIRED:
                rows.append(Z[m])
                labels.append(yt[m])
                weights.append(sw[m])
                continue
            sides: dict[str, dict[int, int]] = {}
            for i in m:
                sides.setdefault(g[i], {})[int(yt[i])] = i
            A = np.array([Z[p[1]] - Z[p[0]] for p in sides.values() if len(p) == 2])
            rows += [A, -A]
            labels += [np.ones(len(A)), np.zeros(len(A))]
            weights.append(np.full(2 * len(A), len(train) / (n_domains * 2 * len(A))))
        return rows, labels, weights

    def fused(self, dense: np.ndarray | None = None, words: np.ndarray | None = None,
              **options: bool) -> Variant:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            T = self.T if dense is None else dense
            W = self.W if words is None else words
            return (DENSE_WEIGHT * self.block(T, train, DENSE_C, **options)(test)
                    + (1 - DENSE_WEIGHT) * self.block(W, train, WORD_C, **options)(test))
        return run

    def with_grams(self, weight: float, C: float) -> Variant:
        """The reference mixed with a masked n-gram block: ``(1 - weight) * reference + weight *
        grams`` (vocabulary and IDF from the training rows only)."""
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            _, _, g_train, g_test = self.grams.split(train, test)
            clf = LogisticRegression(C=C, max_iter=5000).fit(
                g_train, self.y[train], sample_weight=balanced_weights(self.y[train],
                                                                        self.D[train]))
            return ((1 - weight) * self.fused()(train, test)
                    + weight * clf.decision_function(g_test))
        return run

    def dro_block(self, M: np.ndarray, train: np.ndarray, C: float, *, step: float = 1.0,
                  rounds: int = 8) -> Scorer:
        """A logistic regression whose dataset weights follow the group-DRO update: each round
        multiplies a dataset's weight by exp(step x its mean log-loss)."""
        Z, mu, sd = self.standardised(M, train)
        yt, dom = self.y[train], self.D[train]
        base = balanced_weights(yt, dom)
        names = sorted(set(dom.tolist()))
        q = np.full(len(names), 1.0 / len(names))
        for _ in range(rounds):
            share = dict(zip(names, q * len(names), strict=True))
            clf = LogisticRegression(C=C, max_iter=5000).fit(
                Z, yt, sample_weight=base * np.array([share[d] for d in dom]))
            p = np.clip(clf.predict_proba(Z)[:, 1], 1e-9, 1 - 1e-9)
            loss = -(yt * np.log(p) + (1 - yt) * np.log(1 - p))
            q = q * np.exp(step * np.array([np.average(loss[dom == d], weights=base[dom == d])
                                            for d in names]))
            q /= q.sum()
        coef = clf.coef_[0]
        return lambda test: np.clip((M[test] - mu) / sd, -CLIP, CLIP) @ coef

    def group_dro(self) -> Variant:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            return (DENSE_WEIGHT * self.dro_block(self.T, train, DENSE_C)(test)
                    + (1 - DENSE_WEIGHT) * self.dro_block(self.W, train, WORD_C)(test))
        return run

    def ensemble(self) -> Variant:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            z = np.zeros(len(test))
            for d in set(self.D[train].tolist()):
                part = train[self.D[train] == d]
                zz = self.fused()(part, test)
                z += (zz - zz.mean()) / (zz.std() or 1.0)
            return z
        return run

    def capitalised_share(self, rows: np.ndarray) -> np.ndarray:
        """Per vocabulary word: share of its non-initial occurrences in `rows` written
        capitalised."""
        vocab = set(self.vocab)
        cap: Counter[str] = Counter()
        tot: Counter[str] = Counter()
        for i in rows:
            for sentence in _SENTENCE_SPLIT_RE.split(self.texts[i]):
                for w in _WORD_RE.findall(sentence)[1:]:
                    low = w.lower()
                    if low in vocab:
                        tot[low] += 1
                        cap[low] += w[0].isupper()
        return np.array([cap[v] / tot[v] if tot[v] else 0.0 for v in self.vocab])

    def no_proper_nouns(self) -> Variant:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            keep = self.capitalised_share(train) < 0.5
            return self.fused(words=self.W * keep)(train, test)
        return run

    def with_titles(self, titles: np.ndarray) -> Variant:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            F = titles.copy()
            mean = np.nanmean(F[train], axis=0)
            holes = np.where(np.isnan(F))
            F[holes] = mean[holes[1]]
            return self.fused(dense=np.hstack([self.T, F]))(train, test)
        return run


def title_features(ids: list[str]) -> np.ndarray:
    """Headline features of each article (NaN where the dataset gives no title)."""
    titles: dict[str, str] = {}
    for rel in RELIABILITY_FILES.values():
        with (data_dir() / rel).open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                titles[str(row["id"])] = str(row.get("title") or "")
    out = np.full((len(ids), 9), np.nan)
    for k, id_ in enumerate(ids):
        t = titles.get(id_, "").strip()
        ws = _TITLE_WORD_RE.findall(t)
        if not ws:
            continue
        n = len(ws)
        out[k] = [np.log1p(n), sum(w[0].isupper() for w in ws[1:]) / max(n - 1, 1),
                  sum(len(w) > 1 and w.isupper() for w in ws) / n,
                  sum(w.lower() in _STOP for w in ws) / n, t.count("!"), t.count("?"),
                  float(any(c in t for c in "\"“”")), sum(w[0].isdigit() for w in ws) / n,
                  len(t) / n]
    return out


def print_lodo_table(s: Setup, variants: dict[str, Variant], *, width: int = 28,
                     notes: dict[str, list[str]] | None = None) -> None:
    """One row per variant: LODO ROC AUC per held-out dataset, the mean, its difference from
    the first row, and (with `notes`) what each variant picked, filled in while it ran."""
    datasets = list(dict.fromkeys(s.D.tolist()))
    tail = "  picked by inner LODO (per held-out dataset)" if notes is not None else ""
    print(f"{'variant (LODO ROC AUC)':<{width}}" + "".join(f"{d[:14]:>16}" for d in datasets)
          + f"{'mean':>8}{'d mean':>8}{tail}")
    ref = None
    for name, variant in variants.items():
        aucs = [roc_auc_score(s.y[s.D == d], p) for d, p in lodo(variant, s.D).items()]
        mean = float(np.mean(aucs))
        ref = mean if ref is None else ref
        note = f"  {', '.join(notes.get(name, [])) or '-'}" if notes is not None else ""
        print(f"{name:<{width}}" + "".join(f"{a:>16.3f}" for a in aucs)
              + f"{mean:>8.3f}{mean - ref:>+8.3f}{note}", flush=True)


def paired_grams_gain(corpus: Corpus) -> None:
    """The shipped model against itself without the n-gram block (the session-4 model), both
    with inner selection as shipped: LODO ROC AUC and the paired cluster-bootstrap interval of
    the difference (same resamples of split_groups)."""
    with_g = lodo(newsqual_variant(corpus), corpus.datasets)
    without = lodo(newsqual_variant(corpus, grams=False), corpus.datasets)
    print("\nshipped vs shipped without masked n-grams (LODO ROC AUC; difference with 95 % "
          "cluster-bootstrap interval, share of resamples <= 0):")
    for d, p in with_g.items():
        rows = np.flatnonzero(corpus.datasets == d)
        ci = bootstrap_auc(corpus.y[rows], p, corpus.groups[rows], baseline=without[d])
        print(f"  {d:<16} {roc_auc_score(corpus.y[rows], without[d]):.3f} -> {ci.auc:.3f}  "
              f"diff {ci.diff:+.3f} [{ci.diff_low:+.3f}, {ci.diff_high:+.3f}], "
              f"<= 0 in {100 * ci.share_not_better:.1f} %", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--wide-grid", action="store_true",
                    help="also the shipped model with a wider n-gram grid (weights up to 0.7, "
                         "C up to 10; +2.5 min)")
    args = ap.parse_args(argv)
    if not data_available():
        print(f"skipped: evaluation data not found under {data_dir()} (set NEWSQUAL_SHARED)")
        return 0
    t0 = time.perf_counter()
    corpus = build_corpus(load_reliability(), n_jobs=args.n_jobs)
    s = Setup(corpus)
    variants: dict[str, Variant] = {
        "reference (fixed fusion)": s.fused(),
        "demeaned": s.fused(demean=True),
        "sign-consistent": s.fused(sign_consistent=True),
        "per-dataset ensemble": s.ensemble(),
        "pair differences": s.fused(pairs=True),
        "sign-constrained": s.fused(signed=True),
        "group DRO": s.group_dro(),
        "no proper-noun words": s.no_proper_nouns(),
        "+ headline features": s.with_titles(title_features(s.ids)),
        "+ masked n-grams g0.3 C1": s.with_grams(0.3, 1.0),
        "+ masked n-grams g0.5 C3": s.with_grams(0.5, 3.0),
    }
    print_lodo_table(s, variants)
    paired_grams_gain(corpus)
    if args.wide_grid:
        wide = FusionGrid(gram_weight=(0.0, 0.3, 0.5, 0.7), gram_c=(1.0, 3.0, 10.0))
        print("\nshipped model, n-gram weight from {0, 0.3, 0.5, 0.7} and C from {1, 3, 10} "
              "(shipped grid: {0, 0.3, 0.5} and {1, 3}), LODO ROC AUC:")
        for d, p in lodo(newsqual_variant(corpus, grid=wide), corpus.datasets).items():
            rows = corpus.datasets == d
            print(f"  {d:<16} {roc_auc_score(corpus.y[rows], p):.3f}", flush=True)
    print(f"\n{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

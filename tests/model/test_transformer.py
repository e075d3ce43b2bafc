"""newsqual/model/transformer.py: NewsFeatures follows scikit-learn's estimator contract."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from newsqual.model.grams import length_factor, masked_tokens
from newsqual.model.transformer import NewsFeatures, all_feature_names, text_features

TEXTS = [
    "The city council voted 7-2 on Tuesday to expand the bus network, the mayor's office said.",
    "SHOCKING!!! You won't believe what they are hiding from you. Share before it is deleted!",
    "Officials said the bridge would reopen on May 3 after repairs costing $1.2 million.",
    "Everyone knows the truth now. Wake up, people! They lie to you every single day!!!",
]


def test_init_only_stores_parameters_and_clones() -> None:
    est = NewsFeatures(normalise=False, exclude_prefixes=("flag.",))
    assert est.get_params() == {"normalise": False, "exclude_prefixes": ("flag.",),
                                "words": False, "duplicates": False, "grams": False,
                                "min_df": 5}
    copy = clone(est)
    assert copy.get_params() == est.get_params()
    assert not hasattr(copy, "feature_names_out_")


def test_fit_returns_self_and_sets_trailing_underscore_attributes() -> None:
    est = NewsFeatures()
    assert est.fit(TEXTS) is est
    assert list(est.get_feature_names_out()) == list(all_feature_names())
    assert est.n_features_out_ == len(all_feature_names())


def test_transform_before_fit_raises() -> None:
    with pytest.raises(NotFittedError):
        NewsFeatures().transform(TEXTS)


def test_transform_shape_and_named_columns() -> None:
    est = NewsFeatures().fit(TEXTS)
    X = est.transform(TEXTS)
    assert X.shape == (len(TEXTS), len(all_feature_names()))
    assert np.isfinite(X).all()
    col = list(est.get_feature_names_out()).index("style.exclaims_per_100w")
    assert X[1, col] > X[0, col]


def test_exclude_prefixes_drops_columns() -> None:
    est = NewsFeatures(exclude_prefixes=("flag.", "fw.")).fit(TEXTS)
    names = list(est.get_feature_names_out())
    assert names and not any(n.startswith(("flag.", "fw.")) for n in names)
    assert est.transform(TEXTS[:1]).shape == (1, len(names))


def test_normalise_makes_whitespace_habits_invisible() -> None:
    crlf = TEXTS[0].replace(" ", "  ") + "\r\n" + TEXTS[2]
    plain = TEXTS[0] + "\n" + TEXTS[2]
    assert text_features(crlf) == text_features(plain)


def test_works_in_a_pipeline_and_pickles() -> None:
    pipe = make_pipeline(NewsFeatures(), LogisticRegression(max_iter=1000))
    pipe.fit(TEXTS, [1, 0, 1, 0])
    again = pickle.loads(pickle.dumps(pipe))
    assert np.allclose(again.predict_proba(TEXTS), pipe.predict_proba(TEXTS))


def test_word_block_columns_match_the_shipped_models_rates() -> None:
    from newsqual.model.fit import word_matrix

    est = NewsFeatures(words=True).fit(TEXTS)
    names = list(est.get_feature_names_out())
    assert "w.officials" in names and len(names) > len(all_feature_names()) + 1000
    X = est.transform(TEXTS)
    W, cols = word_matrix(TEXTS)
    j = cols.index("w.officials")
    assert X[2, names.index("w.officials")] == pytest.approx(W[2, j]) and W[2, j] > 0
    assert X[0, names.index("w.officials")] == 0.0
    assert clone(est).get_params()["words"] is True


def test_duplicate_columns_describe_the_transformed_batch() -> None:
    story = ("The regional water board voted on Thursday to replace two pumping stations, "
             "the chair said, citing a 2019 engineering survey of the river. ") * 4
    batch = [story, "Share this article.\n" + story, TEXTS[1]]
    est = NewsFeatures(duplicates=True, exclude_prefixes=("fw.",)).fit(batch)
    names = list(est.get_feature_names_out())
    X = est.transform(batch)
    size = X[:, names.index("dup_batch_size")]
    assert size.tolist() == [2.0, 2.0, 1.0]
    assert X[:, names.index("dup_batch_copy")].sum() == 1.0
    assert X[2, names.index("dup_batch_similarity")] == 0.0
    alone = est.transform(batch[1:2])  # a batch of one has no duplicates
    assert alone[0, names.index("dup_batch_size")] == 1.0


def test_gram_block_learns_its_vocabulary_in_fit() -> None:
    est = NewsFeatures(grams=True, min_df=2).fit(TEXTS)
    names = list(est.get_feature_names_out())
    grams = [n for n in names if n.startswith("g.")]
    assert grams and set(est.gram_idf_) == {n[2:] for n in grams}
    out = est.transform(TEXTS)
    block = out[:, [names.index(n) for n in grams]]
    norms = np.linalg.norm(block, axis=1)
    tokens = np.array([len(masked_tokens(t)) for t in TEXTS])
    # Unit length, scaled down for texts under grams.FULL_WEIGHT_TOKENS tokens.
    assert np.allclose(norms[norms > 0], length_factor(tokens)[norms > 0])
    assert "grams" in NewsFeatures(grams=True).get_params()

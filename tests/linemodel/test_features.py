"""Per-line features: shape, named columns, neighbours and position."""

from __future__ import annotations

import numpy as np

from newsqual.linemodel.features import FEATURE_NAMES, content_spans, line_features

COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
PAGE = [
    "Home",
    "World",
    "Share on Facebook",
    "The mayor said on Tuesday that the new bridge would open to traffic next spring, "
    "two years later than planned.",
    "Engineers had found cracks in two of the supports during an inspection in March.",
    "Home",
    "© 2024 Example News. All rights reserved.",
]


def test_one_row_per_line_with_every_named_column() -> None:
    x = line_features(PAGE)
    assert x.shape == (len(PAGE), len(FEATURE_NAMES))
    assert np.isfinite(x).all()
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)


def test_line_shape_columns() -> None:
    x = line_features(PAGE)
    assert x[3, COL["ends_terminal"]] == 1 and x[0, COL["ends_terminal"]] == 0
    assert x[3, COL["frac_stopwords"]] > 0.2 and x[0, COL["frac_stopwords"]] == 0
    assert x[2, COL["kw_share"]] > 0 and x[3, COL["kw_share"]] == 0
    assert x[6, COL["kw_legal"]] > 0 and x[4, COL["kw_legal"]] == 0
    assert x[0, COL["log_dup_count"]] > 0 and x[1, COL["log_dup_count"]] == 0
    assert x[3, COL["is_prose"]] == 1 and x[2, COL["is_prose"]] == 0


def test_position_and_neighbours() -> None:
    x = line_features(PAGE)
    assert x[0, COL["before_first_prose"]] == 1 and x[3, COL["before_first_prose"]] == 0
    assert x[6, COL["after_last_prose"]] == 1
    assert x[0, COL["n-1_exists"]] == 0 and x[1, COL["n-1_exists"]] == 1
    assert x[2, COL["n+1_is_prose"]] == 1 and x[1, COL["n+1_is_prose"]] == 0
    assert x[0, COL["log_short_run"]] == np.log1p(3)  # Home, World, Share on Facebook


def test_empty_and_unicode_documents() -> None:
    assert line_features([]).shape == (0, len(FEATURE_NAMES))
    x = line_features(["Über uns", "Нові новини", "日本語のテキスト。"])
    assert np.isfinite(x).all()


def test_content_spans_skip_blank_lines_and_strip() -> None:
    text = "  Home \r\n\r\nA sentence here.\n"
    assert [text[a:b] for a, b in content_spans(text)] == ["Home", "A sentence here."]


def test_cohesion_columns_share_vocabulary_with_the_article() -> None:
    lines = [
        "Celebrity diet secrets revealed",
        "The council said the bridge would reopen on Monday after repairs to its deck.",
        "Engineers found cracks in the bridge deck in March, the council said.",
        "Bridge repairs",
    ]
    x = line_features(lines)
    shared, prose = x[:, COL["frac_shared_words"]], x[:, COL["frac_shared_prose"]]
    assert shared[0] == 0.0 and prose[0] == 0.0  # no word of it occurs elsewhere
    assert shared[3] == 1.0 and prose[3] == 1.0  # "bridge", "repairs" are in the paragraphs
    assert 0.0 < prose[1] < 1.0  # "reopen", "monday" occur nowhere else


def test_fast_patterns_count_links_dates_counters_and_separators() -> None:
    lines = ["Posted 12 March 2024 at 9:30 | 45 comments (3)",
             "Visit www.example.com or follow @example #news",
             "Home › World / Europe"]
    x = line_features(lines)
    assert x[0, COL["kw_count"]] == np.log1p(2)  # "45 comments", "(3)"
    assert x[1, COL["kw_link"]] == np.log1p(4)  # www., .com, @example, #news
    assert x[0, COL["n_separators"]] == np.log1p(1) and x[2, COL["n_separators"]] == np.log1p(2)
    assert x[0, COL["kw_date"]] >= np.log1p(3)  # march, 2024, 9:30

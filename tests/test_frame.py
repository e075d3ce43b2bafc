"""newsqual/frame.py: add_scores adds score, label and flag columns in row order."""

from __future__ import annotations

import pytest

from newsqual.frame import add_scores

pd = pytest.importorskip("pandas")


def test_add_scores_columns_order_and_bad_rows() -> None:
    df = pd.DataFrame({"body": ["The council met on Tuesday and approved the harbour budget.",
                                "Prices today. SQLSTATE[HY000] [2002] Connection refused",
                                None, ""],
                       "source": ["a", "b", "c", "d"]})
    out = add_scores(df, text_col="body", prefix="nq_")
    assert list(out.columns) == ["body", "source", "nq_score", "nq_label", "nq_flags",
                                 "nq_flag_kinds", "nq_error"]
    assert list(out["nq_label"])[1:] == ["reject", "error", "error"]
    assert out["nq_label"][0] in ("ok", "review", "reject") and pd.isna(out["nq_error"][0])
    assert "sql_error" in out["nq_flag_kinds"][1]
    assert out["nq_score"][2] is None or pd.isna(out["nq_score"][2])
    assert "nq_score" not in df.columns  # the caller's frame is left alone

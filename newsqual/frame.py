"""pandas helper: score a DataFrame of articles in place of a loop.

>>> import pandas as pd
>>> df = pd.DataFrame({"text": ["The council approved the budget on Tuesday, officials said.",
...                             "Pages ended here. SQLSTATE[HY000] [2002] Connection refused"]})
>>> add_scores(df)[["label", "flag_kinds"]].values.tolist()
[['ok', []], ['reject', ['sql_error']]]
"""

from __future__ import annotations

from typing import Any


def add_scores(df: Any, text_col: str = "text", *, n_jobs: int = 1, prefix: str = "") -> Any:
    """A copy of `df` with columns ``score``, ``label``, ``flags`` (list of flag dicts),
    ``flag_kinds`` (sorted distinct kinds) and ``error`` (None when judged), in row order.

    Missing or non-string texts become error rows (label ``error``), never an exception.
    `prefix` is prepended to the new column names to avoid clashes with existing ones.
    """
    from newsqual.judge import score_many

    texts = [t if isinstance(t, (str, bytes)) else "" for t in df[text_col].tolist()]
    reports = score_many(texts, n_jobs=n_jobs)
    out = df.copy()
    out[prefix + "score"] = [None if r.error else r.score for r in reports]
    out[prefix + "label"] = [r.label for r in reports]
    out[prefix + "flags"] = [[f.to_dict() for f in r.flags] for r in reports]
    out[prefix + "flag_kinds"] = [sorted(r.kinds) for r in reports]
    out[prefix + "error"] = [r.error for r in reports]
    return out

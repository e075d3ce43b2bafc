"""newsqual/io/writers.py: JSONL, CSV, Parquet and table output, and reading back for resume."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsqual.io.writers import (
    CsvWriter,
    TableWriter,
    existing_rows,
    format_for,
    open_writer,
    read_rows,
)

ROWS = [
    {"id": "a", "path": "x/a.txt", "record": 0, "score": 0.3, "label": "reject",
     "scores": {"rules": 0.3}, "cluster": "a", "role": "original", "keeper": "a",
     "similarity": None, "error": None,
     "flags": [{"kind": "sql_error", "start": 3, "end": 9, "evidence": "SQL\nxx",
                "severity": "high", "message": "m", "family": "errors"}]},
    {"id": "b", "path": "x/b.txt", "record": 0, "score": None, "label": "error", "scores": {},
     "flags": [], "cluster": None, "role": None, "keeper": None, "similarity": None,
     "error": "binary input: not text"},
]


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    out = str(tmp_path / name)
    w = open_writer(out, format_for(out, None))
    w.write(ROWS[:1])
    w.write(ROWS[1:])
    w.close()
    back = list(read_rows(out))
    assert [(r["id"], r["label"], r["score"], r["error"]) for r in back] == [
        (r["id"], r["label"], r["score"], r["error"]) for r in ROWS]
    assert back[0]["flags"][0]["evidence"] == "SQL\nxx"
    assert back[0]["scores"] == {"rules": 0.3}


def test_csv_is_one_physical_line_per_row() -> None:
    buf = io.StringIO()
    w = CsvWriter(buf)
    w.write(ROWS)
    assert len(buf.getvalue().splitlines()) == 1 + len(ROWS)


def test_existing_rows_drops_a_torn_tail(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    w = open_writer(str(out), "jsonl")
    w.write(ROWS)
    w.close()
    with open(out, "a") as fh:
        fh.write('{"id": "c", "pa')
    rows = existing_rows(str(out), "jsonl")
    assert [r["id"] for r in rows] == ["a", "b"]
    assert out.read_text().endswith("\n")


def test_parquet_resume_reads_the_spool(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = str(tmp_path / "o.parquet")
    w = open_writer(out, "parquet")
    w.write(ROWS[:1])  # killed here: no parquet file yet, rows in the spool
    assert [r["id"] for r in existing_rows(out, "parquet")] == ["a"]
    w2 = open_writer(out, "parquet", append=True)
    w2.write(ROWS[1:])
    w2.close()
    assert [r["id"] for r in read_rows(out)] == ["a", "b"]


def test_table_summary_counts() -> None:
    buf = io.StringIO()
    w = TableWriter(buf)
    w.write(ROWS)
    w.close()
    text = buf.getvalue()
    assert "2 documents: 1 error, 1 reject" in text
    assert "sql_error (1)" in text and "binary input" in text


def test_format_for() -> None:
    assert format_for("r.CSV", None) == "csv"
    assert format_for("r.parquet", None) == "parquet"
    assert format_for(None, None) == "jsonl"
    assert format_for("r.csv", "jsonl") == "jsonl"
    with pytest.raises(ValueError):
        open_writer(None, "parquet")

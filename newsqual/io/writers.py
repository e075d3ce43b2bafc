"""Result rows out: JSONL, CSV, Parquet or a human-readable table; written and flushed per chunk.

Every writer can resume: :func:`existing_rows` reads what a killed run left (dropping a torn last
line) so :mod:`newsqual.batch` can skip those inputs. Parquet keeps its footer at the end of the
file, so a killed run cannot be continued from it: Parquet rows are spooled to
``OUTPUT.partial.jsonl`` and converted in one go when the run completes.

>>> import io
>>> buf = io.StringIO()
>>> w = JsonlWriter(buf)
>>> w.write([{"id": "a", "score": 0.9}])
>>> buf.getvalue()
'{"id": "a", "score": 0.9}\\n'
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any, Protocol, TextIO

#: Row columns in output order (CSV header; Parquet schema).
COLUMNS = ["id", "path", "record", "score", "label", "scores", "flags", "cluster", "role",
           "keeper", "similarity", "error"]
FORMATS = ("jsonl", "csv", "parquet", "table")


class Writer(Protocol):
    def write(self, rows: list[dict[str, Any]]) -> None: ...
    def close(self) -> None: ...


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(", ", ": "))


class JsonlWriter:
    """One JSON object per line; flushed after every chunk so a kill loses at most a torn line."""

    def __init__(self, fh: TextIO, *, owned: bool = False) -> None:
        self.fh, self.owned = fh, owned

    def write(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.fh.write("".join(_dumps(r) + "\n" for r in rows))
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()
        if self.owned:
            self.fh.close()


def csv_cell(value: Any) -> Any:
    """Nested values (flags, sub-scores) become JSON text; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return json.dumps(value, ensure_ascii=False)[1:-1]  # one physical line per row
    return value


class CsvWriter:
    """CSV with the :data:`COLUMNS` header; one physical line per row (resume cuts at lines)."""

    def __init__(self, fh: TextIO, *, header: bool = True, owned: bool = False) -> None:
        self.fh, self.owned = fh, owned
        self.writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore",
                                     lineterminator="\n")
        if header:
            self.writer.writeheader()

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.writer.writerow({k: csv_cell(row.get(k)) for k in COLUMNS})
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()
        if self.owned:
            self.fh.close()


class ParquetWriter:
    """Spools rows as JSONL beside the target, converts to Parquet on close (pyarrow)."""

    def __init__(self, path: str, *, append: bool = False) -> None:
        self.path, self.spool = path, spool_path(path)
        if append and not os.path.exists(self.spool) and os.path.exists(path):
            # Resuming a finished run: carry its rows over so the rewrite keeps them.
            with open(self.spool, "w", encoding="utf-8") as fh:
                fh.writelines(_dumps(r) + "\n" for r in read_rows(path))
        self.inner = JsonlWriter(open(self.spool, "a" if append else "w", encoding="utf-8"),
                                 owned=True)

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.inner.write(rows)

    def close(self) -> None:
        self.inner.close()
        rows = list(read_jsonl(self.spool))
        write_parquet(rows, self.path)
        os.remove(self.spool)


def spool_path(path: str) -> str:
    return path + ".partial.jsonl"


def parquet_schema() -> Any:
    import pyarrow as pa

    flag = pa.struct([("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                      ("evidence", pa.string()), ("severity", pa.string()),
                      ("message", pa.string()), ("family", pa.string())])
    return pa.schema([("id", pa.string()), ("path", pa.string()), ("record", pa.int64()),
                      ("score", pa.float64()), ("label", pa.string()),
                      ("scores", pa.map_(pa.string(), pa.float64())),
                      ("flags", pa.list_(flag)), ("cluster", pa.string()), ("role", pa.string()),
                      ("keeper", pa.string()), ("similarity", pa.float64()),
                      ("error", pa.string())])


def write_parquet(rows: list[dict[str, Any]], path: str) -> None:
    """Write rows with a fixed schema (nested flags, sub-scores as a map), atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    table = pa.Table.from_pylist(
        [{k: (list(r[k].items()) if k == "scores" and r.get(k) is not None else r.get(k))
          for k in schema.names} for r in rows], schema=schema)
    tmp = path + ".tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class TableWriter:
    """A human-readable summary: one line per document, then counts of labels and flag kinds."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.labels: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.fh.write(f"{'label':<7} {'score':>5}  {'id':<44} flags\n")

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.labels[row["label"]] += 1
            kinds = Counter(f["kind"] for f in row.get("flags") or [])
            self.kinds.update(kinds)
            score = "" if row.get("score") is None else f"{row['score']:.2f}"
            rid = _short(str(row["id"]), 44)
            detail = row["error"] if row.get("error") else ", ".join(
                f"{k}x{n}" if n > 1 else k for k, n in kinds.most_common())
            if row.get("role") in ("copy", "rewrite"):
                detail = f"[{row['role']} of {_short(str(row['cluster']), 30)}] " + detail
            self.fh.write(f"{row['label']:<7} {score:>5}  {rid:<44} {detail}\n")
        self.fh.flush()

    def close(self) -> None:
        total = sum(self.labels.values())
        parts = ", ".join(f"{n} {label}" for label, n in sorted(self.labels.items()))
        self.fh.write(f"\n{total} documents: {parts or 'none'}\n")
        if self.kinds:
            top = ", ".join(f"{k} ({n})" for k, n in self.kinds.most_common(10))
            self.fh.write(f"most frequent flags: {top}\n")
        self.fh.flush()


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3):]


def open_writer(output: str | None, fmt: str, *, append: bool = False) -> Writer:
    """A writer for `fmt` to `output` (a path, or None / ``-`` for stdout)."""
    to_stdout = output in (None, "-")
    if fmt == "table":
        return TableWriter(sys.stdout if to_stdout else open(output, "w", encoding="utf-8"))  # type: ignore[arg-type]
    if fmt == "parquet":
        if to_stdout:
            raise ValueError("parquet output needs a file: use -o PATH")
        return ParquetWriter(output, append=append)  # type: ignore[arg-type]
    if to_stdout:
        fh, owned = sys.stdout, False
    else:
        fh, owned = open(output, "a" if append else "w", encoding="utf-8", newline=""), True  # type: ignore[arg-type]
    if fmt == "csv":
        return CsvWriter(fh, header=not (append and fh.tell() > 0), owned=owned)
    if fmt == "jsonl":
        return JsonlWriter(fh, owned=owned)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_for(output: str | None, requested: str | None) -> str:
    """The output format: as requested, else from the output's extension, else JSONL."""
    if requested:
        return requested
    if output:
        lower = output.lower()
        for ext, fmt in ((".csv", "csv"), (".parquet", "parquet"), (".pq", "parquet")):
            if lower.endswith(ext):
                return fmt
    return "jsonl"


def _cut_torn_tail(path: str) -> None:
    """Drop a last line without its newline (what a kill during a write leaves)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_rows(path: str) -> Iterator[dict[str, Any]]:
    """Rows of a results file (JSONL, CSV or Parquet), nested fields decoded."""
    fmt = format_for(path, None)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for row in pq.read_table(path).to_pylist():
            row["scores"] = dict(row["scores"] or [])
            yield row
    elif fmt == "csv":
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield _decode_csv_row(row)
    else:
        yield from read_jsonl(path)


def _decode_csv_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
    for k in ("scores", "flags"):
        out[k] = json.loads(out[k]) if out.get(k) else ({} if k == "scores" else [])
    for k in ("score", "similarity"):
        out[k] = float(out[k]) if out.get(k) is not None else None
    out["record"] = int(out["record"]) if out.get("record") is not None else 0
    return out


def existing_rows(output: str, fmt: str) -> list[dict[str, Any]]:
    """Rows a previous (possibly killed) run wrote to `output`, torn tail removed."""
    path = spool_path(output) if fmt == "parquet" else output
    if fmt == "parquet" and not os.path.exists(path) and os.path.exists(output):
        return list(read_rows(output))
    if not os.path.exists(path):
        return []
    _cut_torn_tail(path)
    if fmt == "csv":
        return list(read_rows(path))
    return list(read_jsonl(path))

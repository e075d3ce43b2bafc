"""The batch runner behind ``newsqual score``: paths in, exactly one result row per document out.

How it keeps its promises:

* **One row per input.** Readers turn every failure into an error Item; judging turns bad bytes
  into an error row (``label == "error"``, ``score`` null). Oversized and mis-encoded input is
  judged anyway (cut / decoded as well as possible) and the row's ``error`` says what happened.
* **Incremental, ordered, parallel.** Documents go to joblib workers in chunks; results come back
  in input order (``return_as="generator"``) and each chunk is written and flushed at once.
* **Resumable.** Each row carries its key (``path`` + ``record``); ``resume=True`` reads the rows a
  killed run left (a torn last line is dropped), skips those inputs and appends the rest.
* **Duplicates without holding texts.** Rows are clustered *as they are written*, against a running
  :class:`newsqual.dedup.DuplicateIndex` (MinHash signatures, not texts): the first document of a
  group is its ``original`` and ``keeper``, later ones are its ``copy`` or ``rewrite``. We chose
  this over a final whole-batch pass because every row is final when written (so output can be
  streamed and a kill loses nothing), memory stays at one signature per document, and ``history``
  (a directory or ``redis://``) makes the same index span batches. The cost: the keeper is the first
  seen, not the best scored. On resume the index is rebuilt from the already-judged inputs' texts
  (re-read, not re-scored), so clustering continues as if the run had not stopped.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("The council approved the budget on Tuesday, officials said.")
>>> summary = score_path([str(d)])
>>> [(row["label"], row["error"]) for row in summary.rows]
[('ok', None)]
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from newsqual.io.readers import Item, ReadOptions, iter_items
from newsqual.io.writers import existing_rows, format_for, open_writer

CHUNK_SIZE = 64
CLUSTER_FILE = "newsqual-clusters.jsonl"


@dataclass
class BatchSummary:
    """What a run did. `rows` holds the rows only when no output was given (Python use)."""

    n_inputs: int = 0
    n_written: int = 0
    n_resumed: int = 0
    n_filtered: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    dedup: str = "off"


def _empty_row(item: Item) -> dict[str, Any]:
    return {"id": item.id, "path": item.path, "record": item.record, "score": None,
            "label": "error", "scores": {}, "flags": [], "cluster": None, "role": None,
            "keeper": None, "similarity": None, "error": item.error}


def judge_item(item: Item, *, want_text: bool = False) -> tuple[dict[str, Any], str | None]:
    """Score one Item into a result row (and its judged text when clustering needs it)."""
    from newsqual.decode import decode_bytes
    from newsqual.judge import score
    from newsqual.report import Flag

    row = _empty_row(item)
    if item.error:
        return row, None
    notes: list[str] = []
    data = item.data
    if isinstance(data, bytes):
        decoded = decode_bytes(data)
        if decoded.error:
            row["error"] = decoded.error
            return row, None
        if decoded.encoding and not decoded.encoding.replace("_", "-").startswith("utf"):
            notes.append(f"mis-encoded input: not valid UTF-8, decoded as {decoded.encoding}")
        elif decoded.encoding and "\ufffd" in decoded.text and b"\xef\xbf\xbd" not in data:
            notes.append("mis-encoded input: undecodable bytes replaced")
        data = decoded.text
    if item.note:
        notes.append(item.note)
    try:
        report = score(data or "", fmt=item.fmt if item.fmt in ("html", "text") else None)
    except Exception as exc:  # a detector bug must cost one row its verdict, not the batch
        row["error"] = f"internal error while judging: {type(exc).__name__}: {exc}"
        return row, None
    if report.error:
        row["error"] = report.error
        return row, None
    flags = [f.to_dict() for f in report.flags]
    if item.oversized is not None:
        notes.append(f"oversized input: {item.oversized} bytes, judged the first part only")
        if not report.flags_of("truncated_input") and report.text:
            n = len(report.text)
            flags.insert(0, Flag("truncated_input", n - 1, n, report.text[n - 1:],
                                 "input was longer than the byte limit and was cut", "medium",
                                 "input").to_dict())
    elif report.flags_of("truncated_input"):
        notes.append(f"oversized input: cut at {len(report.text)} characters")
    row.update(score=round(float(report.score), 6), label=report.label,
               scores={k: round(float(v), 6) for k, v in report.scores.items()}, flags=flags,
               error="; ".join(notes) or None)
    return row, (report.text if want_text else None)


def _index_text(item: Item) -> str | None:
    """The judged text of an already-scored input (resume rebuilds the duplicate index)."""
    from newsqual.document import Document

    if item.error or item.data is None:
        return None
    doc = Document.from_input(item.data, fmt=item.fmt if item.fmt in ("html", "text") else None)
    return None if doc.error else doc.text


def _judge_chunk(chunk: list[tuple[Item, bool]], want: str | None) -> list[tuple[Any, ...]]:
    """Judge a chunk in a worker. `want` says what clustering needs back: ``"fingerprint"``
    (computed here, in one batch, so the main process only looks them up), ``"text"``, or None.
    Already-done inputs (resume) are not judged, only fingerprinted."""
    out: list[list[Any]] = []
    for item, done in chunk:
        light = Item(item.id, item.path, item.record, None, item.fmt, item.error)
        if done:
            out.append([None, light, _index_text(item) if want else None])
        else:
            row, text = judge_item(item, want_text=want is not None)
            out.append([row, light, text])
    if want == "fingerprint":
        from newsqual.dedup.index import fingerprint

        texts = [(k, r[2]) for k, r in enumerate(out) if r[2] is not None]
        fps = fingerprint([t for _, t in texts]) if texts else None
        for j, (k, _) in enumerate(texts):
            out[k][2] = fps.row(j)  # type: ignore[union-attr]
    return [tuple(r) for r in out]


def _chunks(items: Iterable[tuple[Item, bool]], size: int) -> Iterator[list[tuple[Item, bool]]]:
    chunk: list[tuple[Item, bool]] = []
    for pair in items:
        chunk.append(pair)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class RunningClusters:
    """Assigns cluster, role and keeper as rows stream by, against a DuplicateIndex.

    Only signatures live in the index; this object keeps one (cluster, keeper) pair per id.
    """

    def __init__(self, index: Any) -> None:
        self.index = index
        self.cluster_of: dict[str, tuple[str, str]] = {}
        self.mode = ("fingerprint" if hasattr(index, "query_fingerprints")
                     and hasattr(index, "add_fingerprints") else "text")
        self.new: list[tuple[str, str, str]] = []

    def load(self, path: str) -> None:
        """Cluster assignments of earlier batches (kept beside a directory history)."""
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.endswith("\n"):
                        rid, cluster, keeper = json.loads(line)
                        self.cluster_of[rid] = (cluster, keeper)

    def compact(self, path: str) -> None:
        """Rewrite the assignments file with the ids the index still holds (after eviction)."""
        self.cluster_of = {r: c for r, c in self.cluster_of.items() if r in self.index}
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("".join(json.dumps([r, c, k]) + "\n" for r, (c, k) in self.cluster_of.items()))
        os.replace(tmp, path)

    def flush(self, path: str) -> None:
        """Append this chunk's assignments so the next batch continues the same clusters."""
        if self.new:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("".join(json.dumps(x) + "\n" for x in self.new))
        self.new = []

    def known(self, row: dict[str, Any]) -> None:
        """Remember the cluster of a row written by an earlier (resumed) run."""
        if row.get("cluster"):
            self.cluster_of[str(row["id"])] = (str(row["cluster"]), str(row["keeper"]))

    def add(self, rid: str, evidence: Any, row: dict[str, Any] | None) -> None:
        """Cluster `row` (None: an already-written row) against what came before, then index it.

        `evidence` is the document's fingerprint (mode ``fingerprint``) or its text."""
        by_fp = self.mode == "fingerprint"
        if row is not None:
            found = (self.index.query_fingerprints(evidence, exclude=rid)[0] if by_fp
                     else self.index.query(evidence))
            matches = [m for m in found if str(m.id) != rid]
            if matches:
                best = matches[0]  # copies first, then rewrites; each best first
                cluster, keeper = self.cluster_of.get(str(best.id), (str(best.id), str(best.id)))
                role = "original" if keeper == rid else best.relation
                row.update(cluster=cluster, role=role, keeper=keeper,
                           similarity=round(float(best.similarity), 4))
            else:
                # Seen in an earlier batch (history) and alone now: it keeps its old cluster.
                cluster, keeper = self.cluster_of.get(rid, (rid, rid))
                row.update(cluster=cluster, role="original" if keeper == rid else "copy",
                           keeper=keeper, similarity=None)
            self.cluster_of[rid] = (cluster, keeper)
            self.new.append((rid, cluster, keeper))
        if by_fp:
            self.index.add_fingerprints([rid], evidence, [time.time()])
        else:
            self.index.add(rid, evidence)


def open_index(history: str | None, window_days: float | None = None) -> Any:
    """The duplicate index of a run: persistent when `history` is given, else in memory."""
    from newsqual.dedup import DuplicateIndex

    if history:
        return DuplicateIndex.open(history, window_days=window_days)
    return DuplicateIndex()


def score_path(paths: str | Iterable[str], output: str | None = None, *,
               format: str | None = None, n_jobs: int = 1, min_score: float | None = None,
               resume: bool = False, history: str | None = None, dedup: bool = True,
               window_days: float | None = None, read_options: ReadOptions | None = None,
               chunk_size: int = CHUNK_SIZE,
               progress: bool | None = None, stdin: BinaryIO | None = None) -> BatchSummary:
    """Score every document under `paths` and write one row each to `output`.

    `output` is a path, ``"-"`` for stdout, or None to collect the rows in ``summary.rows``.
    `format` is jsonl/csv/parquet/table (default: from the output's extension, else JSONL).
    `min_score` keeps rows scoring at least that (and error rows, which have no score).
    `resume` continues a killed run writing to the same `output`. `history` (directory or
    ``redis://host:port/db``) clusters against earlier batches too and is updated; with
    `window_days`, history entries older than that are evicted at the end of the run (and no
    longer matched), so the history stays bounded.
    `progress` shows a tqdm bar on stderr (default: only when stderr is a terminal).
    """
    started = time.perf_counter()
    if isinstance(paths, str):
        paths = [paths]
    fmt = format_for(output, format)
    summary = BatchSummary()
    done: set[str] = set()
    index = open_index(history, window_days) if dedup else None
    clusters = RunningClusters(index) if index is not None else None
    summary.dedup = "on" if clusters else "off"
    # With a directory history, cluster ids of earlier batches live beside the index (the index
    # keeps signatures only); a Redis history matches across batches but starts new cluster ids.
    cluster_file = (os.path.join(history, CLUSTER_FILE)
                    if clusters and history and os.path.isdir(history) else None)
    if cluster_file:
        clusters.load(cluster_file)  # type: ignore[union-attr]
    if resume and output not in (None, "-") and fmt != "table":
        for row in existing_rows(output, fmt):  # type: ignore[arg-type]
            done.add(f"{row['path']}#{row['record']}")
            if clusters:
                clusters.known(row)
    writer = None if output is None else open_writer(output, fmt, append=bool(done) or resume)
    want = clusters.mode if clusters is not None else None
    # Never read our own output (or its spool) back as input: `score dir/ -o dir/out.jsonl`.
    own = ({os.path.abspath(output), os.path.abspath(output) + ".partial.jsonl"}
           if output not in (None, "-") else set())
    items = ((item, item.key in done) for item in iter_items(paths, read_options, stdin)
             if not own or item.path == "-" or os.path.abspath(item.path) not in own)
    chunks = _chunks(items, chunk_size)
    if n_jobs == 1:
        results: Iterable[Any] = (_judge_chunk(c, want) for c in chunks)
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")(
            delayed(_judge_chunk)(c, want) for c in chunks)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, desc="scoring")
    try:
        for chunk in results:
            out = []
            for row, item, evidence in chunk:
                summary.n_inputs += 1
                if clusters is not None and evidence is not None:
                    clusters.add(item.id, evidence, row)
                if row is None:
                    summary.n_resumed += 1
                    continue
                summary.labels[row["label"]] += 1
                summary.kinds.update(f["kind"] for f in row["flags"])
                if min_score is not None and row["score"] is not None and row["score"] < min_score:
                    summary.n_filtered += 1
                    continue
                out.append(row)
            summary.n_written += len(out)
            if writer is None:
                summary.rows.extend(out)
            else:
                writer.write(out)
            if cluster_file:
                clusters.flush(cluster_file)  # type: ignore[union-attr]
            elif clusters is not None:
                clusters.new.clear()
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    if writer is not None:
        writer.close()
    if history and index is not None:
        if window_days is not None and index.evict() and cluster_file:
            clusters.compact(cluster_file)  # type: ignore[union-attr]
        index.save()
    summary.seconds = time.perf_counter() - started
    return summary

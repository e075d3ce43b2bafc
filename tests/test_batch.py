"""newsqual/batch.py: one row per input for every error kind, order, -j, filters, resume, dedup."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsqual.batch import score_path
from newsqual.io.readers import ReadOptions
from newsqual.io.writers import read_rows

CLEAN = ("The county council voted 9 to 4 on Wednesday to rebuild the old river bridge, "
         "after engineers warned that its piers had weakened. Work is due to start in May.")
JUNK = "Latest prices for the market. SQLSTATE[HY000] [2002] Connection refused"


def _story(i: int) -> str:
    return (f"Report {i}: the transport board met on day {i} and agreed a budget of {i * 7} "
            f"thousand pounds for repairs to route {i % 13}, a spokeswoman said on Friday.")


def _fixture_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_clean.txt").write_text(CLEAN)
    (d / "b_junk.txt").write_text(JUNK)
    (d / "c_empty.txt").write_text("  \n")
    (d / "d_binary.txt").write_bytes(b"GIF89a\x00\x01\x00\x01" + bytes(range(256)))
    (d / "e_latin1.txt").write_bytes(("Der Bürgermeister sagte, die Straße bleibe gesperrt. "
                                      "Die Arbeiten dauern bis März.").encode("cp1252"))
    (d / "f_big.txt").write_text((CLEAN + "\n") * 40)
    (d / "g.jsonl").write_text(json.dumps({"id": "j1", "text": CLEAN}) + "\n{oops\n")
    os.symlink(d / "nowhere.txt", d / "h_dangling.txt")
    return d


def _by_name(rows: list[dict]) -> dict[str, dict]:
    return {Path(r["path"]).name + (f"#{r['record']}" if r["path"].endswith("jsonl") else ""): r
            for r in rows}


def test_every_error_kind_yields_exactly_one_row(tmp_path: Path) -> None:
    d = _fixture_dir(tmp_path)
    opts = ReadOptions(max_bytes=2000)
    rows = score_path([str(d), str(d / "missing.txt")], read_options=opts, dedup=False).rows
    got = _by_name(rows)
    assert len(rows) == 10 and len(got) == 10
    assert got["a_clean.txt"]["error"] is None and got["a_clean.txt"]["label"] != "error"
    assert got["b_junk.txt"]["label"] == "reject"
    assert "empty" in got["c_empty.txt"]["error"] and got["c_empty.txt"]["score"] is None
    assert "binary" in got["d_binary.txt"]["error"] and got["d_binary.txt"]["label"] == "error"
    latin = got["e_latin1.txt"]
    assert "mis-encoded" in latin["error"] and latin["score"] is not None
    big = got["f_big.txt"]
    assert "oversized" in big["error"] and big["score"] is not None
    assert "truncated_input" in [f["kind"] for f in big["flags"]]
    assert got["g.jsonl#0"]["error"] is None
    assert "invalid JSON" in got["g.jsonl#1"]["error"]
    assert "unreadable" in got["h_dangling.txt"]["error"]
    assert "no such file" in got["missing.txt"]["error"]


def test_flags_carry_exact_spans(tmp_path: Path) -> None:
    p = tmp_path / "junk.txt"
    p.write_text(JUNK)
    (row,) = score_path(str(p), dedup=False).rows
    assert row["flags"]
    for f in row["flags"]:
        assert JUNK[f["start"]:f["end"]] == f["evidence"]
        assert {"kind", "start", "end", "evidence", "severity", "message"} <= set(f)


def test_parallel_equals_serial_in_order(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": JUNK if i % 5 == 0 else _story(i)})
             for i in range(300)]
    (tmp_path / "n.jsonl").write_text("\n".join(lines) + "\n")
    serial = score_path(str(tmp_path), dedup=False).rows
    parallel = score_path(str(tmp_path), n_jobs=2, chunk_size=16, dedup=False).rows
    assert [r["id"] for r in parallel] == [f"n{i}" for i in range(300)]
    assert parallel == serial


def test_min_score_keeps_errors_and_good_rows(tmp_path: Path) -> None:
    d = _fixture_dir(tmp_path)
    summary = score_path(str(d), min_score=0.5, dedup=False)
    labels = [r["label"] for r in summary.rows]
    assert "reject" not in labels and "error" in labels
    assert all(r["score"] is None or r["score"] >= 0.5 for r in summary.rows)
    assert summary.n_filtered >= 1


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet"])
def test_resume_after_torn_partial_output(tmp_path: Path, name: str) -> None:
    if name.endswith("parquet"):
        pytest.importorskip("pyarrow")
    (tmp_path / "n.jsonl").write_text(
        "".join(json.dumps({"id": f"n{i}", "text": _story(i)}) + "\n" for i in range(40)))
    out = tmp_path / name
    full = score_path(str(tmp_path / "n.jsonl"), dedup=False).rows
    # What a killed run leaves: the first rows, then half a line (spool file for parquet).
    spool = tmp_path / (name + ".partial.jsonl") if name.endswith("parquet") else out
    if name.endswith("csv"):
        from newsqual.io.writers import CsvWriter

        with open(out, "w", newline="") as fh:
            CsvWriter(fh).write(full[:15])
            fh.write("n15,some/pa")
    else:
        spool.write_text("".join(json.dumps(r) + "\n" for r in full[:15]) + '{"id": "n15", "pa')
    summary = score_path(str(tmp_path / "n.jsonl"), str(out), resume=True, dedup=False)
    assert summary.n_resumed == 15 and summary.n_written == 25
    back = list(read_rows(str(out)))
    assert [r["id"] for r in back] == [f"n{i}" for i in range(40)]


def test_duplicates_are_clustered_as_rows_stream(tmp_path: Path) -> None:
    pytest.importorskip("newsqual.dedup", reason="newsqual.dedup not built yet")
    from newsqual import dedup

    if not hasattr(dedup, "DuplicateIndex"):
        pytest.skip("newsqual.dedup.DuplicateIndex not available yet")
    long_story = " ".join(_story(i) for i in range(6))
    (tmp_path / "a.txt").write_text(long_story)
    (tmp_path / "b.txt").write_text(
        "Volunteers planted four hundred oak saplings along the canal towpath at the weekend. "
        "The trust that looks after the waterway said the trees would shade the water, cool it "
        "in summer and give nesting birds cover. Schoolchildren from three villages helped dig.")
    (tmp_path / "c.txt").write_text(long_story + " Source: agency wire.")
    rows = {Path(r["path"]).name: r for r in score_path(str(tmp_path)).rows}
    assert rows["a.txt"]["role"] == "original" and rows["a.txt"]["keeper"] == rows["a.txt"]["id"]
    assert rows["c.txt"]["role"] in ("copy", "rewrite")
    assert rows["c.txt"]["cluster"] == rows["a.txt"]["cluster"]
    assert rows["c.txt"]["keeper"] == rows["a.txt"]["id"]
    assert rows["b.txt"]["cluster"] != rows["a.txt"]["cluster"]


def test_a_crashing_detector_costs_one_row_not_the_batch(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import newsqual.judge

    real = newsqual.judge.score

    def flaky(doc, **kw):  # type: ignore[no-untyped-def]
        if "bridge" in str(doc):
            raise RuntimeError("detector bug")
        return real(doc, **kw)

    monkeypatch.setattr(newsqual.judge, "score", flaky)
    (tmp_path / "a.txt").write_text(CLEAN)
    (tmp_path / "b.txt").write_text(JUNK)
    rows = score_path(str(tmp_path), dedup=False).rows
    assert [r["label"] for r in rows] == ["error", "reject"]
    assert "internal error while judging: RuntimeError" in rows[0]["error"]


def test_history_links_batches_and_rerun_keeps_clusters(tmp_path: Path) -> None:
    long_story = " ".join(_story(i) for i in range(6))
    (tmp_path / "day1").mkdir()
    (tmp_path / "day2").mkdir()
    (tmp_path / "day1" / "a.txt").write_text(long_story)
    (tmp_path / "day2" / "c.txt").write_text(long_story + " Source: agency wire.")
    hist = str(tmp_path / "hist")
    (a,) = score_path(str(tmp_path / "day1"), history=hist).rows
    (c,) = score_path(str(tmp_path / "day2"), history=hist).rows
    assert c["role"] in ("copy", "rewrite") and c["keeper"] == a["id"] == c["cluster"]
    (a_again,) = score_path(str(tmp_path / "day1"), history=hist).rows
    assert (a_again["role"], a_again["cluster"]) == ("original", a["id"])


def test_history_window_evicts_old_entries_and_compacts_clusters(tmp_path: Path) -> None:
    long_story = " ".join(_story(i) for i in range(6))
    (tmp_path / "day1").mkdir()
    (tmp_path / "day1" / "a.txt").write_text(long_story)
    (tmp_path / "day1" / "b.txt").write_text(long_story + " Source: agency wire.")
    hist = str(tmp_path / "hist")
    rows = score_path(str(tmp_path / "day1"), history=hist, window_days=30).rows
    assert sorted(r["role"] for r in rows) == ["copy", "original"]
    clusters = tmp_path / "hist" / "newsqual-clusters.jsonl"
    assert len(clusters.read_text().splitlines()) == 2  # kept: inside the 30-day window
    # A window of about 0.1 ms: everything indexed before the end of the run is older than that.
    score_path(str(tmp_path / "day1"), history=hist, window_days=1e-9)
    assert clusters.read_text() == ""
    from newsqual.dedup import DuplicateIndex

    assert len(DuplicateIndex.open(hist)) == 0
    again = score_path(str(tmp_path / "day1"), history=hist).rows
    assert sorted(r["role"] for r in again) == ["copy", "original"]  # clustered afresh


def test_resume_with_dedup_continues_the_clusters(tmp_path: Path) -> None:
    long_story = " ".join(_story(i) for i in range(6))
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"{i}.txt").write_text(long_story if i in (0, 4) else _story(1000 + i) * 2
                                           + f" Unrelated item {i}: " + "x" * i)
    full = score_path(str(src)).rows
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in full[:3]))  # killed after 3 rows
    score_path(str(src), str(out), resume=True)
    back = list(read_rows(str(out)))
    assert [(r["id"], r["cluster"], r["role"]) for r in back] == [
        (r["id"], r["cluster"], r["role"]) for r in full]
    assert back[4]["keeper"] == back[0]["id"]


def test_output_inside_the_input_directory_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN)
    out = tmp_path / "results.jsonl"
    score_path(str(tmp_path), str(out), dedup=False)
    again = score_path(str(tmp_path), str(out), resume=True, dedup=False)
    assert again.n_inputs == 1 and again.n_resumed == 1
    assert [r["path"] for r in read_rows(str(out))] == [str(tmp_path / "a.txt")]


def test_progress_bar_goes_to_stderr_only_when_asked(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(CLEAN)
    score_path(str(tmp_path), dedup=False, progress=True)
    assert "scoring" in capsys.readouterr().err
    score_path(str(tmp_path), dedup=False)  # stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""

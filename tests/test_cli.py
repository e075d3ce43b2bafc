"""newsqual/cli.py: commands end to end, usage errors, stdin, and resume after a real SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsqual.cli import build_parser, main
from newsqual.io.writers import read_rows

CLEAN = ("The county council voted 9 to 4 on Wednesday to rebuild the old river bridge, "
         "after engineers warned that its piers had weakened. Work is due to start in May.")
JUNK = "Latest prices for the market. SQLSTATE[HY000] [2002] Connection refused"
CMD = [sys.executable, "-m", "newsqual.cli"]


def _story(i: int) -> str:
    return (f"Report {i}: the transport board met on day {i} and agreed a budget of {i * 7} "
            f"thousand pounds for repairs to route {i % 13}, a spokeswoman said on Friday. "
            f"Residents of ward {i % 29} asked for the work to be finished before winter.")


def _inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "clean.txt").write_text(CLEAN)
    (d / "junk.txt").write_text(JUNK)
    (d / "page.html").write_text(f"<html><body><article><p>{CLEAN}</p></article></body></html>")
    return d


def test_score_jsonl_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _inputs(tmp_path)
    assert main(["score", str(d), "--no-dedup"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [Path(r["path"]).name for r in rows] == ["clean.txt", "junk.txt", "page.html"]
    assert {"id", "path", "score", "label", "scores", "flags", "cluster", "role", "keeper",
            "error"} <= set(rows[0])
    assert rows[1]["label"] == "reject"


def test_table_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _inputs(tmp_path)
    assert main(["score", str(d), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "3 documents:" in out and "sql_error" in out


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_csv_and_parquet_files(tmp_path: Path, ext: str) -> None:
    if ext == "parquet":
        pytest.importorskip("pyarrow")
    d = _inputs(tmp_path)
    out = tmp_path / f"r.{ext}"
    assert main(["score", str(d), "-o", str(out), "--min-score", "0.5"]) == 0
    rows = list(read_rows(str(out)))
    assert [Path(r["path"]).name for r in rows] == ["clean.txt", "page.html"]  # junk filtered
    assert all(r["score"] >= 0.5 for r in rows)


def test_stdin_subprocess(tmp_path: Path) -> None:
    jsonl = "".join(json.dumps({"uid": f"s{i}", "body": t}) + "\n"
                    for i, t in enumerate([CLEAN, JUNK, ""]))
    proc = subprocess.run(CMD + ["score", "-", "--text-field", "body", "--id-field", "uid"],
                          input=jsonl.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["s0", "s1", "s2"]
    assert [r["label"] == "error" for r in rows] == [False, False, True]
    assert rows[1]["label"] == "reject"
    assert b"scoring" not in proc.stderr  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize("argv", [
    ["score", "x.txt", "--format", "parquet"],           # parquet needs a file
    ["score", "x.txt", "--resume"],                      # resume needs -o
    ["score", "x.txt", "-j", "0"],
    ["score", "-", "-"],
    ["score"],
    ["score", "x.txt", "--history", "h", "--no-dedup"],
    ["score", "x.txt", "--window-days", "7"],             # a window needs a history
    ["score", "x.txt", "--history", "h", "--window-days", "0"],
    ["report", "no-such-results.jsonl"],
    ["nonsense"],
])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_bad_documents_do_not_fail_the_run(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    assert main(["score", str(tmp_path / "bin.txt"), str(tmp_path / "gone.txt")]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["label"] for r in rows] == ["error", "error"]


def test_train_subcommand_only_when_model_train_exists(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import newsqual.cli as cli

    has_train = importlib.util.find_spec("newsqual.model.train") is not None
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert ("train" in commands) == has_train
    if has_train:  # arguments after `train` reach the trainer untouched
        seen: list[list[str]] = []
        monkeypatch.setattr(cli, "_run_train", lambda argv: seen.append(argv) or 0)
        assert main(["train", "--help", "-x"]) == 0 and seen == [["--help", "-x"]]


@pytest.mark.slow
def test_resume_after_sigkill_has_no_missing_and_no_duplicate_rows(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    expected = []
    for f in range(4):
        lines = []
        for i in range(300):
            n = f * 300 + i
            lines.append(json.dumps({"id": f"d{n}", "text": JUNK if n % 17 == 0 else _story(n)}))
            expected.append(f"d{n}")
        (d / f"part{f:02d}.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(CMD + ["score", str(d), "-o", str(out), "--chunk-size", "8",
                                   "--no-dedup"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if out.exists() and out.read_bytes().count(b"\n") >= 24:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    partial = out.read_bytes()
    n_before = partial.count(b"\n")
    assert 24 <= n_before < len(expected), "the kill must land mid-run"

    done = subprocess.run(CMD + ["score", str(d), "-o", str(out), "--resume", "-j", "2",
                                 "--no-dedup"], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert len(ids) == len(set(ids)), "duplicated rows after resume"
    assert ids == expected  # nothing missing, input order kept
    # The torn last line (if any) was dropped and its document scored again.
    assert f"{n_before} already done".encode() in done.stderr

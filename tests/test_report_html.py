"""newsqual/report_html.py: the page's content, escaping, and rendering in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from newsqual.batch import score_path
from newsqual.cli import main
from newsqual.io.writers import read_rows
from newsqual.report_html import highlight, render_report

CLEAN = ("The county council voted 9 to 4 on Wednesday to rebuild the old river bridge, "
         "after engineers warned that its piers had weakened. Work is due to start in May.")
JUNK = "Latest prices for the market.\nSQLSTATE[HY000] [2002] Connection refused\n"


def _batch(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "clean.txt").write_text(CLEAN)
    (d / "junk.txt").write_text(JUNK)
    (d / "empty.txt").write_text("")
    (d / "odd.jsonl").write_text('{"id": "<b>odd</b>", "text": "The meeting was moved."}\n')
    out = tmp_path / "results.jsonl"
    score_path(str(d), str(out))
    return out


def test_highlight_marks_exact_evidence() -> None:
    text = "Intro line.\nSQLSTATE[HY000] [2002] Connection refused\nTail <b> line."
    flag = {"kind": "sql_error", "start": 12, "end": 54, "evidence": text[12:54],
            "severity": "high", "message": "a database error"}
    wrong = dict(flag, start=0, end=5)  # span does not match its evidence: skipped
    out = highlight(text, [flag, wrong])
    assert f'<mark class="high" title="sql_error: a database error">{text[12:54]}</mark>' in out
    assert "&lt;b&gt;" in out and out.count("<mark") == 1


def test_report_content_and_escaping(tmp_path: Path) -> None:
    rows = list(read_rows(str(_batch(tmp_path))))
    page = render_report(rows)
    for plot in ("plot-scores", "plot-flags", "plot-clusters"):
        assert f'id="{plot}"' in page
    assert len(re.findall(r'<rect class="bar"', page)) >= 20 + 1  # 20 bins + one flag kind
    assert "<mark" in page and "SQLSTATE[HY000]" in page
    assert "<b>odd</b>" not in page and "&lt;b&gt;odd&lt;/b&gt;" in page
    assert "empty input" in page  # the error table
    assert "http://" not in page.replace("http://www.w3.org", "")  # nothing to fetch


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    exe = _chromium()
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'chrome-profile'}",
            "--enable-logging=stderr", "--v=0", "--window-size=1200,1800"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=120)  # type: ignore[list-item]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    if _chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does this)")
    html = tmp_path / "report.html"
    assert main(["report", str(_batch(tmp_path)), "-o", str(html)]) == 0
    try:
        dom = _run_chromium(["--dump-dom", html.as_uri()], tmp_path)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"chromium could not start: {exc}")
    if dom.returncode != 0 or "<html" not in dom.stdout:
        pytest.skip(f"chromium could not start: {dom.stderr[-500:]}")
    logs = dom.stderr
    assert "Uncaught" not in logs and "Content Security Policy" not in logs, logs[-2000:]
    assert not re.search(r"CONSOLE.*(error|Error)", logs), logs[-2000:]
    for plot in ("plot-scores", "plot-flags", "plot-clusters"):
        assert f'id="{plot}"' in dom.stdout
    assert dom.stdout.count('class="bar"') >= 21
    assert "<mark" in dom.stdout

    shot, blank = tmp_path / "shot.png", tmp_path / "blank.png"
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>")
    _run_chromium([f"--screenshot={shot}", html.as_uri()], tmp_path)
    _run_chromium([f"--screenshot={blank}", empty.as_uri()], tmp_path)
    assert _png_size(shot) == _png_size(blank) == (1200, 1800)
    # A blank page compresses to almost nothing; plots and text do not.
    assert shot.stat().st_size > 10 * blank.stat().st_size


def test_highlight_same_span_twice_and_nested() -> None:
    text = "Alpha beta gamma delta."
    a = {"kind": "a", "start": 6, "end": 10, "evidence": "beta", "severity": "low", "message": ""}
    b = dict(a, kind="b")
    outer = {"kind": "o", "start": 0, "end": 16, "evidence": text[:16], "severity": "high",
             "message": ""}
    out = highlight(text, [a, b, outer])
    assert out.count("<mark") == 1 and f">{text[:16]}</mark>" in out


def test_clusters_and_keepers_are_drawn() -> None:
    def row(i: str, score: float, cluster: str, role: str) -> dict:
        return {"id": i, "path": "-", "record": 0, "score": score, "label": "ok", "flags": [],
                "cluster": cluster, "role": role, "keeper": cluster, "error": None}

    rows = [row("a", 0.9, "a", "original"), row("b", 0.8, "b", "original"),
            row("a-copy", 0.7, "a", "copy"), row("a-spun", 0.6, "a", "rewrite")]
    page = render_report(rows, texts={})
    svg = page[page.index('id="plot-clusters"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count("<circle") == 3 + 3  # three members of cluster a, three legend dots
    assert "keeper: a<" in svg and "keeper: b<" not in svg  # a lone original is no cluster
    assert "1 clusters" in page and "a-spun" in page

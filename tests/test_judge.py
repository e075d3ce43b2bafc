"""The public API: score, score_many, clean, Report.to_dict, and bad input."""

from __future__ import annotations

import json

import pytest

import newsqual
from newsqual.report import LABELS


def test_plain_text_offsets_index_the_callers_string() -> None:
    text = "A line of news.\r\nAnother line, with CRLF.\r\n"
    report = newsqual.score(text)
    assert report.text is text or report.text == text
    for f in report.flags:
        assert text[f.start:f.end] == f.evidence


def test_report_fields_and_json() -> None:
    report = newsqual.score("The council approved the budget on Tuesday, officials said.")
    assert 0.0 <= report.score <= 1.0
    assert report.label in LABELS
    assert isinstance(report.features, dict) and report.features["n_words"] > 0
    json.dumps(report.to_dict())


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("", "empty"),
    ],
)
def test_bad_input_gives_an_error_report_not_an_exception(data, error) -> None:  # type: ignore[no-untyped-def]
    report = newsqual.score(data)
    assert report.label == "error"
    assert error in (report.error or "")


def test_bytes_in_other_encodings_decode() -> None:
    text = "Der Bürgermeister sagte am Dienstag, die Straße werde gesperrt."
    for enc in ("utf-8", "cp1252", "utf-16"):
        report = newsqual.score(text.encode(enc))
        assert report.error is None
        assert "Bürgermeister" in report.text


def test_malformed_html_does_not_crash() -> None:
    html = "<html><body><div><p>Unclosed <b>bold <i>news</p></div><table><tr><td>x" * 50
    report = newsqual.score(html)
    assert report.error is None
    assert report.source_format == "html"


def test_score_many_equals_score_in_order() -> None:
    docs = [f"Story {i}. The mayor said on Monday that roads would reopen." for i in range(70)]
    docs[5] = "Closing. SQLSTATE[HY000] [2002] Connection refused"
    one = [newsqual.score(d).to_dict() for d in docs]
    many = [r.to_dict() for r in newsqual.score_many(docs, n_jobs=2, chunk_size=8)]
    assert one == many


def test_import_does_no_heavy_work() -> None:
    import subprocess
    import sys

    code = (
        "import sys, newsqual; "
        "print(int(any(m.startswith(('sklearn', 'bs4', 'datasketch')) for m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"

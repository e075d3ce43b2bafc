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


def test_score_many_duplicates_marks_copies_and_keeps_scores() -> None:
    story = ("The regional water board voted on Thursday to replace two pumping stations, "
             "the chair, Ana Ruiz, said, citing a 2019 engineering survey of the river. ") * 4
    other = "Home side wins the derby 3-1 after two late goals, the coach said on Sunday."
    docs = [story, "Share this article.\n" + story, other]
    plain = newsqual.score_many(docs)
    marked = newsqual.score_many(docs, duplicates=True, ids=["a", "b", "c"])
    assert [r.score for r in plain] == [r.score for r in marked]
    assert all(r.duplicate is None for r in plain)
    roles = [(r.duplicate["role"], r.duplicate["keeper"]) for r in marked]
    assert roles[2] == ("original", "c")
    assert {roles[0][1], roles[1][1]} == {roles[0][1]}  # one keeper for the story
    assert sorted(r[0] for r in roles[:2]) == ["copy", "original"]
    assert [r.features["dup_batch_size"] for r in marked] == [2.0, 2.0, 1.0]
    assert marked[1].features["dup_batch_similarity"] > 0.8
    assert marked[2].features["dup_batch_similarity"] == 0.0
    assert json.loads(json.dumps(marked[0].to_dict()))["duplicate"]["cluster"] == roles[0][1]


def test_score_many_history_reports_the_earlier_article() -> None:
    from newsqual.dedup import DuplicateIndex

    story = ("Firefighters contained a warehouse blaze in the harbour district overnight, "
             "the fire service said, and two workers were treated for smoke inhalation. ") * 3
    history = DuplicateIndex()
    history.add("published-1", story)
    fresh = "Council opens a new library branch in the east of the city next spring."
    rs = newsqual.score_many([story + "\nRead more", fresh, b""], history=history)
    assert rs[0].duplicate["history"]["id"] == "published-1"
    assert rs[0].features["dup_history_copy"] == 1.0
    assert rs[1].duplicate["history"] is None and rs[1].features["dup_history_similarity"] == 0.0
    assert "cluster" not in rs[0].duplicate  # batch clustering was not asked for
    assert rs[2].label == "error" and rs[2].duplicate is None
    assert len(history) == 1  # the history is only read

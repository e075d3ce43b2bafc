"""newsqual/io/readers.py: every input format, path expansion, unreadable input as error Items."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from newsqual.io.readers import ReadOptions, expand_paths, iter_items

STORY = "The harbour board approved the new ferry timetable on Thursday, its chair said."


def _warc(path: Path, records: list[tuple[str, str, bytes]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, ctype, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
        writer.write_record(writer.create_warc_record("urn:meta", "metadata",
                                                      payload=io.BytesIO(b"k: v")))


def test_plain_files_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (tmp_path / "c.htm").write_text(f"<p>{STORY}</p>")
    items = list(iter_items([str(tmp_path)]))
    assert [(Path(i.path).name, i.fmt) for i in items] == [("a.txt", "text"), ("b.html", "html"),
                                                           ("c.htm", "html")]
    assert items[0].data == STORY.encode() and items[0].error is None


def test_json_object_list_and_custom_fields(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": 7, "text": STORY}))
    (tmp_path / "many.json").write_text(json.dumps([{"meta": {"body": STORY}, "uid": "u1"},
                                                    {"meta": {"body": "Second."}, "uid": "u2"}]))
    one = list(iter_items([str(tmp_path / "one.json")]))
    assert [(i.id, i.data) for i in one] == [("7", STORY)]
    opts = ReadOptions(text_field="meta.body", id_field="uid")
    many = list(iter_items([str(tmp_path / "many.json")], opts))
    assert [(i.id, i.record, i.data) for i in many] == [("u1", 0, STORY), ("u2", 1, "Second.")]


def test_jsonl_lines_bad_lines_and_missing_fields(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text(f'{{"id": "a", "text": {json.dumps(STORY)}}}\n\n{{broken\n{{"id": "c"}}\n[1]\n')
    items = list(iter_items([str(p)]))
    assert [i.record for i in items] == [0, 2, 3, 4]  # blank line 1 is no document
    assert items[0].data == STORY and items[0].error is None
    assert "invalid JSON on line 3" in (items[1].error or "")
    assert "no text field 'text'" in (items[2].error or "") and items[2].id == "c"
    assert "not an object" in (items[3].error or "")
    assert len({i.key for i in items}) == len(items)


def test_jsonl_with_invalid_utf8_is_noted(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"id": "a", "text": "Caf\xe9 owners met the mayor."}\n')
    (item,) = iter_items([str(p)])
    assert item.error is None and "mis-encoded" in (item.note or "")


def test_gzip_variants(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "z", "text": "Rain."}\n'))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(f"<p>{STORY}</p>".encode()))
    items = list(iter_items([str(tmp_path)]))
    assert [(i.id.split("/")[-1], i.fmt, i.data) for i in items] == [
        ("a.txt.gz", "text", STORY.encode()), ("z", None, "Rain."),
        ("c.html.gz", "html", f"<p>{STORY}</p>".encode())]


def test_corrupt_gzip_is_an_error_item(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt.gz"
    p.write_bytes(gzip.compress(STORY.encode() * 50)[:40])
    items = list(iter_items([str(p)]))
    assert len(items) == 1 and "unreadable input" in (items[0].error or "")


def test_warc_and_warc_gz_keep_text_responses_only(tmp_path: Path) -> None:
    recs = [("http://news.example/a", "text/html; charset=utf-8", f"<p>{STORY}</p>".encode()),
            ("http://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("http://news.example/b.txt", "text/plain", b"Plain story text.")]
    for name, gz in (("crawl.warc", False), ("crawl.warc.gz", True)):
        _warc(tmp_path / name, recs, gz)
        items = list(iter_items([str(tmp_path / name)]))
        assert [(i.id, i.fmt, i.record) for i in items] == [
            ("http://news.example/a", "html", 0), ("http://news.example/b.txt", "text", 1)]
        assert items[0].data == f"<p>{STORY}</p>".encode()


def test_stdin_sniffs_jsonl_warc_and_text() -> None:
    jsonl = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    assert [i.id for i in iter_items(["-"], stdin=io.BytesIO(jsonl))] == ["s1", "s2"]
    (text,) = iter_items(["-"], stdin=io.BytesIO(STORY.encode()))
    assert text.path == "-" and text.data == STORY.encode()
    (gz,) = iter_items(["-"], stdin=io.BytesIO(gzip.compress(STORY.encode())))
    assert gz.data == STORY.encode()
    forced = list(iter_items(["-"], ReadOptions(input_format="txt"), stdin=io.BytesIO(jsonl)))
    assert len(forced) == 1 and forced[0].fmt == "text"


def test_expand_paths_dirs_globs_missing(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "z.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text(STORY)
    got = list(expand_paths([str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "none*.txt"),
                             str(tmp_path / "missing.txt")]))
    names = [(Path(p).name, e is None) for p, e in got]
    assert names == [("a.txt", True), ("z.txt", True), ("a.txt", True), ("none*.txt", False),
                     ("missing.txt", False)]


def test_oversized_file_is_cut_and_marked(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text((STORY + "\n") * 200)
    (item,) = iter_items([str(p)], ReadOptions(max_bytes=1000))
    assert item.oversized == p.stat().st_size
    assert isinstance(item.data, bytes) and 0 < len(item.data) <= 1000
    assert item.data.endswith(b".")  # cut at a line break, not mid-word


def test_explicit_unknown_extension_is_read(tmp_path: Path) -> None:
    p = tmp_path / "story.dat"
    p.write_text(STORY)
    (item,) = iter_items([str(p)])
    assert item.data == STORY.encode() and item.error is None


def test_corrupt_warc_after_good_records_keeps_them_and_adds_an_error(tmp_path: Path) -> None:
    p = tmp_path / "c.warc.gz"
    _warc(p, [("http://news.example/a", "text/html", f"<p>{STORY}</p>".encode())], gz=True)
    p.write_bytes(p.read_bytes() + b"\x1f\x8b\x08\x00garbage-not-a-gzip-member" * 3)
    items = list(iter_items([str(p)]))
    assert items[0].id == "http://news.example/a" and items[0].error is None
    assert items[-1].error and "unreadable input" in items[-1].error


def test_gzipped_warc_on_stdin_is_sniffed(tmp_path: Path) -> None:
    p = tmp_path / "c.warc.gz"
    _warc(p, [("http://news.example/a", "text/html", f"<p>{STORY}</p>".encode())], gz=True)
    items = list(iter_items(["-"], stdin=io.BytesIO(p.read_bytes())))
    assert [i.id for i in items] == ["http://news.example/a"]

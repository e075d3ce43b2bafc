"""newsqual/feed.py: gating, valid output feeds, reruns and crashes never publish twice nor lose."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import newsqual.feed as feed
from newsqual.feed import filter_feed as _filter_feed
from newsqual.judge import analyse
from newsqual.report import Report
from newsqual.scoring import label_for, rule_score


def rules_only(text: str) -> Report:
    """Flags and the rule score only: the gate's mechanics are tested apart from the classifier,
    whose verdict on short clean snippets is not this module's business."""
    doc, flags, _ = analyse(text)
    if doc.error:
        return Report(score=0.0, label="error", text=doc.text, error=doc.error)
    value, _ = rule_score(flags)
    return Report(score=value, label=label_for(value), flags=flags, text=doc.text)


def filter_feed(*args, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("scorer", rules_only)
    return _filter_feed(*args, **kw)

CLEAN_A = ("The county council voted 9 to 4 on Wednesday to rebuild the old river bridge, after "
           "engineers warned that its piers had weakened. Work is due to start in May.")
CLEAN_B = ("Organisers said on Friday that the harbour regatta will return in July after a "
           "two-year break, with rowing races, a fish market and music on the quay.")
JUNK = "Latest prices for the market. SQLSTATE[HY000] [2002] Connection refused"


def _rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>http://news.test/{g}</link><guid>{g}</guid>"
                   f"<pubDate>Tue, 10 Feb 2026 21:30:00 GMT</pubDate><description>{x}</description>"
                   f"</item>" for g, t, x in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title>'
            f"<link>http://news.test/</link><description>d</description>{body}</channel></rss>")


ITEMS = [("g1", "Bridge vote", CLEAN_A), ("g2", "Broken page", JUNK), ("g3", "Regatta", CLEAN_B)]


def _published_guids(path: Path) -> list[str]:
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [e.id for e in parsed.entries]


def test_rss_in_rss_out_and_rejected_log(tmp_path: Path) -> None:
    src = tmp_path / "in.xml"
    src.write_text(_rss(ITEMS))
    out, rej = tmp_path / "out.xml", tmp_path / "rejected.jsonl"
    result = filter_feed(str(src), str(out), history=str(tmp_path / "h"), rejected=str(rej))
    assert [i.key for i in result.accepted] == ["g1", "g3"]
    root = ET.parse(out).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert _published_guids(out) == ["g1", "g3"]
    (log,) = [json.loads(x) for x in rej.read_text().splitlines()]
    assert log["key"] == "g2" and "below" in log["reason"] and "sql_error" in log["reason"]


def test_rerun_publishes_nothing_twice(tmp_path: Path) -> None:
    src, out, hist = tmp_path / "in.xml", tmp_path / "out.xml", str(tmp_path / "h")
    src.write_text(_rss(ITEMS[:2]))
    first = filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == ["g1"]
    src.write_text(_rss(ITEMS))  # the feed grows by one item
    second = filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == ["g3"]
    third = filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == []
    assert (len(first.accepted), len(second.accepted), len(third.accepted)) == (1, 1, 0)
    assert third.n_seen == 3


def test_atom_in_atom_out(tmp_path: Path) -> None:
    entries = "".join(f"<entry><title>{t}</title><id>urn:{g}</id><updated>2026-02-10T10:00:00Z"
                      f"</updated><link href='http://news.test/{g}'/><summary>{x}</summary></entry>"
                      for g, t, x in ITEMS)
    src = tmp_path / "in.atom"
    src.write_text(f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T'
                   f"</title><id>urn:t</id><updated>2026-02-10T10:00:00Z</updated>{entries}</feed>")
    out = tmp_path / "out.atom"
    filter_feed(str(src), str(out), history=str(tmp_path / "h"))
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    atom = "{http://www.w3.org/2005/Atom}"
    for required in ("id", "title", "updated", "author"):  # RFC 4287 4.1.1
        assert root.find(atom + required) is not None
    for entry in root.findall(atom + "entry"):
        assert all(entry.find(atom + x) is not None for x in ("id", "title", "updated"))
    assert _published_guids(out) == ["urn:g1", "urn:g3"]


def test_jsonl_in_jsonl_out_keeps_records(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": g, "body": x, "section": "local"}) + "\n"
                           for g, _, x in ITEMS))
    out = tmp_path / "out.jsonl"
    filter_feed(str(src), str(out), text_field="body")
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["id"], r["section"], r["newsqual"]["label"]) for r in rows] == [
        ("g1", "local", "ok"), ("g3", "local", "ok")]


def test_repeat_inside_one_feed_is_dropped_by_guid_and_link(tmp_path: Path) -> None:
    src = tmp_path / "in.xml"
    src.write_text(_rss([ITEMS[0], ITEMS[0]]))
    result = filter_feed(str(src), str(tmp_path / "o.xml"))
    assert len(result.accepted) == 1 and result.n_seen == 1


def test_crash_between_record_and_publish_loses_nothing(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    src, out, hist = tmp_path / "in.xml", tmp_path / "out.xml", str(tmp_path / "h")
    src.write_text(_rss(ITEMS))

    def crash(path: str, text: str) -> None:
        raise KeyboardInterrupt("killed before publishing")

    monkeypatch.setattr(feed, "_atomic_write", crash)
    with pytest.raises(KeyboardInterrupt):
        filter_feed(str(src), str(out), history=hist)
    monkeypatch.undo()
    assert not out.exists()
    filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == ["g1", "g3"]  # recorded items came out, judged once
    filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == []


def test_crash_between_publish_and_mark_publishes_nothing_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out, hist = tmp_path / "in.xml", tmp_path / "out.xml", str(tmp_path / "h")
    src.write_text(_rss(ITEMS))
    real_append = feed.Journal.append

    def append(self: feed.Journal, events: list[dict]) -> None:
        if any(e["event"] == "published" and not e.get("recovered") for e in events):
            raise KeyboardInterrupt("killed after publishing")
        real_append(self, events)

    monkeypatch.setattr(feed.Journal, "append", append)
    with pytest.raises(KeyboardInterrupt):
        filter_feed(str(src), str(out), history=hist)
    monkeypatch.undo()
    assert _published_guids(out) == ["g1", "g3"]  # it did come out
    filter_feed(str(src), str(out), history=hist)
    assert _published_guids(out) == []
    events = [json.loads(x) for x in (tmp_path / "h" / "journal.jsonl").read_text().splitlines()]
    assert any(e["event"] == "published" and e.get("recovered") for e in events)


def test_time_window_forgets_old_items(tmp_path: Path) -> None:
    src, hist = tmp_path / "in.xml", str(tmp_path / "h")
    src.write_text(_rss(ITEMS[:1]))
    filter_feed(str(src), str(tmp_path / "o.xml"), history=hist, now=1_000_000.0)
    inside = filter_feed(str(src), str(tmp_path / "o.xml"), history=hist, window_days=2,
                         now=1_000_000.0 + 86400)
    after = filter_feed(str(src), str(tmp_path / "o.xml"), history=hist, window_days=2,
                        now=1_000_000.0 + 3 * 86400)
    assert (len(inside.accepted), len(after.accepted)) == (0, 1)


def test_journal_is_compacted_once_records_leave_the_window(tmp_path: Path) -> None:
    src, hist = tmp_path / "in.xml", tmp_path / "h"
    src.write_text(_rss(ITEMS))
    first = filter_feed(str(src), str(tmp_path / "o.xml"), history=str(hist), window_days=2,
                        now=1_000_000.0)
    assert first.n_compacted == 0 and len(first.accepted) == 2
    src.write_text(_rss([("g4", "Bridge vote", CLEAN_A.replace("Wednesday", "Thursday"))]))
    later = filter_feed(str(src), str(tmp_path / "o.xml"), history=str(hist), window_days=2,
                        now=1_000_000.0 + 3 * 86400)
    events = [json.loads(x) for x in (hist / "journal.jsonl").read_text().splitlines()]
    # 2 accepted + 1 rejected + 1 published mark from the first run are gone.
    assert later.n_compacted == 4
    assert {e.get("key") for e in events if e["event"] != "published"} == {"g4"}
    assert {e["batch"] for e in events if e["event"] == "published"} == {later.batch}
    inside = filter_feed(str(src), str(tmp_path / "o.xml"), history=str(hist), window_days=2,
                         now=1_000_000.0 + 3 * 86400 + 60)
    assert (len(inside.accepted), inside.n_seen, inside.n_compacted) == (0, 1, 0)


def test_an_unpublished_batch_survives_compaction(tmp_path: Path) -> None:
    hist = tmp_path / "h"
    journal = feed.Journal(str(hist), window_days=1)
    journal.append([{"event": "accepted", "batch": "b1", "key": "k", "ids": ["k"], "time": 0.0,
                     "output": "-", "item": {}},
                    {"event": "rejected", "key": "r", "ids": ["r"], "time": 0.0, "reason": "x"}])
    assert journal.compact(now=10 * 86400) == 1  # the rejection goes, the pending batch stays
    reread = feed.Journal(str(hist), window_days=1)
    assert [e["key"] for e in reread.events] == ["k"] and list(reread.pending()) == ["b1"]


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A localhost HTTP server over tmp_path/www (tests never touch the network)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined,assignment]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_judges_the_linked_page_and_feed_urls_work(tmp_path: Path, server: str) -> None:
    www = tmp_path / "www"
    (www / "good.html").write_text(f"<html><body><article><p>{CLEAN_A}</p></article></body></html>")
    (www / "bad.html").write_text(f"<html><body><p>{JUNK}</p></body></html>")
    summaries = {"good": CLEAN_B, "bad": "Farmers in the valley began the grape harvest early "
                 "this year after a dry and hot August, the growers' association said.",
                 "gone": "The city library will open on Sundays from March, its board decided "
                 "on Monday, after a petition signed by two thousand readers."}
    items = "".join(f"<item><title>{n}</title><link>{server}/{n}.html</link><guid>{n}</guid>"
                    f"<description>{x}</description></item>" for n, x in summaries.items())
    (www / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t'
                                  f"</title><link>{server}/</link><description>d</description>"
                                  f"{items}</channel></rss>")
    plain = filter_feed(f"{server}/feed.xml", str(tmp_path / "a.xml"))
    assert [i.key for i in plain.accepted] == ["good", "bad", "gone"]  # summaries are clean
    fetched = filter_feed(f"{server}/feed.xml", str(tmp_path / "b.xml"), fetch=True)
    assert [i.key for i in fetched.accepted] == ["good"]
    reasons = dict((i.key, why) for i, why in fetched.rejected)
    assert "sql_error" in reasons["bad"] and "fetch failed" in reasons["gone"]


def test_cli_filter_from_stdin(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "newsqual.cli", "filter", "-", "--format", "jsonl",
                           "--history", str(tmp_path / "h")], input=_rss(ITEMS).encode(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["key"] for x in proc.stdout.decode().splitlines()] == ["g1", "g3"]
    assert b"2 accepted, 1 rejected" in proc.stderr


def test_near_duplicate_with_new_guid_is_a_repeat(tmp_path: Path) -> None:
    try:
        from newsqual.dedup import DuplicateIndex  # noqa: F401
    except ImportError:
        pytest.skip("newsqual.dedup.DuplicateIndex not built yet")
    long_a = " ".join([CLEAN_A, CLEAN_B, CLEAN_A.replace("May", "June"), CLEAN_B.upper().lower()])
    src, hist = tmp_path / "in.xml", str(tmp_path / "h")
    src.write_text(_rss([("orig", "Bridge", long_a)]))
    filter_feed(str(src), str(tmp_path / "o.xml"), history=hist)
    src.write_text(_rss([("copy-elsewhere", "Bridge (copy)", long_a + " Source: wire.")]))
    again = filter_feed(str(src), str(tmp_path / "o.xml"), history=hist)
    assert not again.accepted
    assert "repeat of orig" in again.rejected[0][1]


def test_default_scorer_rejects_junk(tmp_path: Path) -> None:
    src = tmp_path / "in.xml"
    src.write_text(_rss(ITEMS))
    result = _filter_feed(str(src), str(tmp_path / "o.xml"))
    assert "g2" in [i.key for i, _ in result.rejected]


def test_near_duplicate_blocks_only_inside_the_window(tmp_path: Path) -> None:
    try:
        from newsqual.dedup import DuplicateIndex  # noqa: F401
    except ImportError:
        pytest.skip("newsqual.dedup.DuplicateIndex not built yet")
    long_a = " ".join([CLEAN_A, CLEAN_B, CLEAN_A.replace("May", "June")])
    src, hist = tmp_path / "in.xml", str(tmp_path / "h")
    src.write_text(_rss([("orig", "Bridge", long_a)]))
    filter_feed(str(src), str(tmp_path / "o.xml"), history=hist, window_days=2, now=1_000_000.0)
    src.write_text(_rss([("later-copy", "Bridge again", long_a + " Source: wire.")]))
    late = filter_feed(str(src), str(tmp_path / "o.xml"), history=hist, window_days=2,
                       now=1_000_000.0 + 3 * 86400)
    assert [i.key for i in late.accepted] == ["later-copy"]

"""Gate a feed before publication: drop weak items and repeats, publish each good item exactly once.

``filter_feed`` reads RSS/Atom (feedparser; a path, URL or ``-``) or JSONL, judges each item's
text (or its linked page with ``fetch=True``), and writes the accepted items as a feed (RSS 2.0,
Atom or JSONL) and the rejected ones, with reasons, to a JSONL log.

**Exactly once, across reruns and crashes.** The history directory holds an append-only journal
(``journal.jsonl``, fsynced) that is the only source of truth. A run goes:

1. *recover*: a batch recorded as ``accepted`` but never marked ``published`` is checked against
   its output file. If that file carries the batch's marker (``newsqual-batch: <id>``, written
   inside the file in the same atomic rename), it was published: mark it. Otherwise its items
   are carried into this run's output.
2. *judge* the feed's items that the journal does not know (guid, link or id; or a near-duplicate
   of a published text, via :class:`newsqual.dedup.DuplicateIndex` when available).
3. *record* the accepted items (with everything needed to re-emit them) under a new batch id,
   fsync.
4. *publish*: write the output to a temporary file and rename it over `output` (atomic), the
   batch marker inside.
5. *mark* the batch ``published``, fsync.

A crash before 3 leaves nothing recorded (the rerun judges again); between 3 and 4 the items are
recorded but not out (the rerun publishes them, without judging them again); between 4 and 5 the
file holds the marker (the rerun marks it, publishes nothing twice). Exactly-once needs
``output`` to be a file; to stdout (no way to look back) a crash between 4 and 5 repeats a batch.
Records older than `window_days` no longer block repeats, and are dropped from the journal (an
atomic rewrite) once they make up a tenth of it, so the history stays bounded.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> src = os.path.join(d, "in.jsonl")
>>> with open(src, "w") as fh:
...     _ = fh.write('{"id": "a", "text": "The council approved the budget on Tuesday."}\\n')
>>> out, hist = os.path.join(d, "out.jsonl"), os.path.join(d, "hist")
>>> first = filter_feed(src, out, history=hist)
>>> again = filter_feed(src, out, history=hist)
>>> len(first.accepted), len(again.accepted), again.n_seen
(1, 0, 1)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree as ET

FETCH_TIMEOUT = 20.0
FETCH_MAX_BYTES = 8_000_000
MARKER = "newsqual-batch: "


@dataclass
class FeedItem:
    """One item of a feed: its identifiers, the text judged and what the output needs."""

    key: str
    title: str = ""
    link: str = ""
    guid: str = ""
    text: str = ""
    published: str = ""  # ISO 8601 when the feed gives a date
    extra: dict[str, Any] = field(default_factory=dict)  # JSONL records are re-emitted whole

    @property
    def identifiers(self) -> list[str]:
        return [x for x in dict.fromkeys([self.key, self.guid, self.link]) if x]

    def to_record(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "link": self.link, "guid": self.guid,
                "text": self.text, "published": self.published, "extra": self.extra}

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> FeedItem:
        def text(k: str) -> str:
            return str(rec.get(k) or "")

        return cls(key=text("key"), title=text("title"), link=text("link"), guid=text("guid"),
                   text=text("text"), published=text("published"), extra=rec.get("extra") or {})


@dataclass
class FeedMeta:
    kind: str = "rss"  # rss | atom | jsonl
    title: str = "newsqual filtered feed"
    link: str = ""
    description: str = ""
    author: str = ""


@dataclass
class FilterResult:
    """Accepted items (published by this run, carried-over ones included), rejected items with
    their reason, how many items the history already knew, and how many journal records older
    than the window this run dropped."""

    accepted: list[FeedItem] = field(default_factory=list)
    rejected: list[tuple[FeedItem, str]] = field(default_factory=list)
    n_seen: int = 0
    batch: str = ""
    n_compacted: int = 0


# ---------------------------------------------------------------- reading


def _read_source(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    if source.startswith(("http://", "https://")):
        return fetch_url(source)
    with open(source, "rb") as fh:
        return fh.read()


def fetch_url(url: str) -> bytes:
    """GET `url` (urllib, bounded time and size). Only called for URLs given or ``fetch=True``."""
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "newsqual (+feed gate)"})
    with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT) as resp:  # noqa: S310 - by request
        return resp.read(FETCH_MAX_BYTES)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def read_feed(source: str, *, text_field: str = "text", id_field: str = "id"
              ) -> tuple[FeedMeta, list[FeedItem]]:
    """Items of an RSS/Atom feed or a JSONL file (path, URL or ``-``), in feed order."""
    data = _read_source(source)
    head = data.lstrip()[:1]
    if source.lower().endswith((".jsonl", ".ndjson")) or head == b"{":
        return FeedMeta(kind="jsonl"), _jsonl_items(data, text_field, id_field)
    import feedparser

    parsed = feedparser.parse(data)
    version = str(parsed.get("version") or "")
    meta = FeedMeta(kind="atom" if version.startswith("atom") else "rss",
                    title=parsed.feed.get("title") or "newsqual filtered feed",
                    link=parsed.feed.get("link") or "",
                    description=parsed.feed.get("subtitle") or "",
                    author=parsed.feed.get("author") or "")
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        text = (content[0].get("value") if content else None) or entry.get("summary") or ""
        guid, link, title = entry.get("id") or "", entry.get("link") or "", entry.get("title") or ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (datetime(stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5],
                              tzinfo=timezone.utc).isoformat() if stamp else "")
        items.append(FeedItem(key=guid or link or _digest(title, text), title=title, link=link,
                              guid=guid, text=text, published=published))
    return meta, items


def _jsonl_items(data: bytes, text_field: str, id_field: str) -> list[FeedItem]:
    items = []
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines()):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            rec = {"_unparsed": line}
        if not isinstance(rec, dict):
            rec = {"_unparsed": line}
        text = rec.get(text_field)
        text = text if isinstance(text, str) else ""
        link = str(rec.get("link") or rec.get("url") or "")
        key = str(rec.get(id_field) or link or _digest(str(n), line))
        items.append(FeedItem(key=key, title=str(rec.get("title") or ""), link=link,
                              guid=str(rec.get("guid") or ""), text=text,
                              published=str(rec.get("published") or ""), extra=rec))
    return items


# ---------------------------------------------------------------- the journal


class Journal:
    """The append-only, fsynced record of what was accepted, published and rejected."""

    def __init__(self, directory: str | None, window_days: float | None) -> None:
        self.directory = directory
        self.path = os.path.join(directory, "journal.jsonl") if directory else None
        self.window = None if window_days is None else window_days * 86400.0
        self.events: list[dict[str, Any]] = []
        if self.path:
            os.makedirs(directory, exist_ok=True)  # type: ignore[arg-type]
            if os.path.exists(self.path):
                with open(self.path, "rb+") as fh:  # drop a torn last line
                    raw = fh.read()
                    if raw and not raw.endswith(b"\n"):
                        fh.truncate(raw.rfind(b"\n") + 1)
                        raw = raw[:raw.rfind(b"\n") + 1]
                self.events = [json.loads(x) for x in raw.decode("utf-8").splitlines() if x]

    def append(self, events: list[dict[str, Any]]) -> None:
        self.events += events
        if not self.path or not events:
            return
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events))
            fh.flush()
            os.fsync(fh.fileno())

    def compact(self, now: float) -> int:
        """Drop records that can no longer matter: accepted (published) and rejected items
        older than the window, and the publish marks of batches left with no items. Rewrites
        the journal atomically (temporary file, fsync, rename) when at least a tenth of it
        would go, so a crash leaves the old or the new journal, both valid. Returns how many
        events were dropped."""
        if self.window is None:
            return 0
        done = self.published_batches()

        def expired(e: dict[str, Any]) -> bool:
            old = now - e["time"] > self.window  # type: ignore[operator]
            if e["event"] == "rejected":
                return old
            return e["event"] == "accepted" and old and e["batch"] in done

        keep = [e for e in self.events if not expired(e)]
        live = {e["batch"] for e in keep if e["event"] == "accepted"}
        keep = [e for e in keep if e["event"] != "published" or e["batch"] in live]
        dropped = len(self.events) - len(keep)
        if dropped * 10 < len(self.events) or dropped == 0:
            return 0
        self.events = keep
        if self.path:
            _atomic_write(self.path, "".join(json.dumps(e, ensure_ascii=False) + "\n"
                                             for e in keep))
            _fsync_dir(os.path.dirname(self.path))
        return dropped

    def published_batches(self) -> set[str]:
        return {e["batch"] for e in self.events if e["event"] == "published"}

    def pending(self) -> dict[str, list[dict[str, Any]]]:
        """Accepted-but-unpublished events by batch."""
        done = self.published_batches()
        out: dict[str, list[dict[str, Any]]] = {}
        for e in self.events:
            if e["event"] == "accepted" and e["batch"] not in done:
                out.setdefault(e["batch"], []).append(e)
        return out

    def known(self, now: float) -> dict[str, dict[str, Any]]:
        """Identifier -> event, for accepted (published or pending) and rejected items still
        inside the time window."""
        out: dict[str, dict[str, Any]] = {}
        for e in self.events:
            if e["event"] in ("accepted", "rejected"):
                if self.window is not None and now - e["time"] > self.window:
                    continue
                for ident in e.get("ids", []):
                    out[ident] = e
        return out


def _published_in(output: str, batch: str) -> bool:
    """True when `output` is the file that batch `batch` was written to (its marker inside)."""
    try:
        with open(output, encoding="utf-8", errors="replace") as fh:
            return (MARKER + batch) in fh.read()
    except OSError:
        return False


# ---------------------------------------------------------------- writing


def _atomic_write(path: str, text: str) -> None:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: str) -> None:
    """Make a rename in `path` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _rfc822(iso: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return ""


def render(items: list[FeedItem], meta: FeedMeta, fmt: str, batches: list[str],
           verdicts: dict[str, dict[str, Any]]) -> str:
    """The accepted items as an RSS 2.0 or Atom document, or JSONL; batch markers inside."""
    marker = " ".join(MARKER + b for b in batches)
    if fmt == "jsonl":
        lines = []
        for it in items:
            rec = dict(it.extra) if it.extra else {k: v for k, v in it.to_record().items()
                                                   if k != "extra"}
            rec["newsqual"] = {**verdicts.get(it.key, {}), "batch": marker}
            lines.append(json.dumps(rec, ensure_ascii=False))
        return "".join(x + "\n" for x in lines)
    now = datetime.now(timezone.utc)
    if fmt == "atom":
        ns = "http://www.w3.org/2005/Atom"
        root = ET.Element("feed", xmlns=ns)
        ET.SubElement(root, "title").text = meta.title
        ET.SubElement(root, "id").text = meta.link or f"urn:newsqual:{batches[-1]}"
        ET.SubElement(root, "updated").text = now.isoformat()
        # RFC 4287 4.1.1: a feed needs an author unless every entry has one.
        ET.SubElement(ET.SubElement(root, "author"), "name").text = meta.author or meta.title
        ET.SubElement(root, "generator").text = "newsqual"
        for it in items:
            e = ET.SubElement(root, "entry")
            ET.SubElement(e, "title").text = it.title or it.key
            ET.SubElement(e, "id").text = it.guid or it.link or f"urn:newsqual:item:{it.key}"
            ET.SubElement(e, "updated").text = it.published or now.isoformat()
            if it.link:
                ET.SubElement(e, "link", href=it.link)
            ET.SubElement(e, "summary", type="html").text = it.text
    else:
        root = ET.Element("rss", version="2.0")
        ch = ET.SubElement(root, "channel")
        ET.SubElement(ch, "title").text = meta.title
        ET.SubElement(ch, "link").text = meta.link or "http://localhost/"
        ET.SubElement(ch, "description").text = meta.description or "Items accepted by newsqual"
        ET.SubElement(ch, "generator").text = "newsqual"
        for it in items:
            e = ET.SubElement(ch, "item")
            ET.SubElement(e, "title").text = it.title or it.key
            if it.link:
                ET.SubElement(e, "link").text = it.link
            ET.SubElement(e, "guid", isPermaLink="false").text = it.guid or it.key
            if it.published and (date := _rfc822(it.published)):
                ET.SubElement(e, "pubDate").text = date
            ET.SubElement(e, "description").text = it.text
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!-- {marker} -->\n{body}\n'


# ---------------------------------------------------------------- the gate


def _open_dup_index(history: str | None, window_days: float | None) -> Any | None:
    try:
        from newsqual.dedup import DuplicateIndex
    except ImportError:
        return None
    if history:
        return DuplicateIndex.open(os.path.join(history, "dupindex"), window_days=window_days)
    from newsqual.batch import open_index

    return open_index(None)


def _reason(report: Any, min_score: float) -> str | None:
    if report.error:
        return f"not judged: {report.error}"
    if report.score < min_score:
        kinds = ", ".join(sorted(report.kinds)) or "no flags"
        return f"score {report.score:.2f} below {min_score:g} ({kinds})"
    return None


def filter_feed(source: str, output: str = "-", *, history: str | None = None,
                rejected: str | None = None, min_score: float = 0.5,
                window_days: float | None = 30.0, fetch: bool = False,
                format: str | None = None, text_field: str = "text", id_field: str = "id",
                now: float | None = None, scorer: Callable[[str], Any] | None = None
                ) -> FilterResult:
    """Publish the items of `source` that score at least `min_score` and repeat nothing already
    published (within `window_days`), exactly once across reruns (see the module docstring).

    `history` is the directory holding the journal (and the duplicate index); without it only
    repeats inside this feed are caught. `rejected` is a JSONL log (appended) of rejected items
    and why. `format` is rss/atom/jsonl (default: like the input). `scorer` replaces
    :func:`newsqual.score` (any callable text -> Report).
    """
    from newsqual.judge import score as default_score

    score = scorer or default_score

    now = time.time() if now is None else now
    meta, items = read_feed(source, text_field=text_field, id_field=id_field)
    fmt = format or meta.kind
    journal = Journal(history, window_days)
    result = FilterResult(batch=uuid.uuid4().hex)

    # 1. recover
    carried: list[FeedItem] = []
    carried_batches: list[str] = []
    recovered = []
    for batch, events in journal.pending().items():
        out_path = events[0].get("output")
        if out_path and out_path != "-" and _published_in(out_path, batch):
            recovered.append({"event": "published", "batch": batch, "time": now,
                              "output": out_path, "recovered": True})
        else:
            carried += [FeedItem.from_record(e["item"]) for e in events]
            carried_batches.append(batch)
    journal.append(recovered)
    result.n_compacted = journal.compact(now)

    # 2. judge
    known = journal.known(now)
    published_ids = {e["key"] for e in journal.events if e["event"] == "accepted"}
    index = _open_dup_index(history, window_days)
    if index is not None and window_days is not None and hasattr(index, "evict"):
        index.evict(now)  # texts published before the window no longer block their repeats
    accepted: list[FeedItem] = []
    verdicts: dict[str, dict[str, Any]] = {}
    seen_now: set[str] = set()
    for it in items:
        if any(i in known or i in seen_now for i in it.identifiers):
            result.n_seen += 1
            continue
        seen_now.update(it.identifiers)
        text = it.text
        if fetch and it.link:
            try:
                text = fetch_url(it.link).decode("utf-8", errors="replace")
            except OSError as exc:
                result.rejected.append((it, f"fetch failed: {exc}"))
                continue
        report = score(text)
        reason = _reason(report, min_score)
        if reason is None and index is not None:
            ours = published_ids | {a.key for a in accepted}
            matches = [m for m in index.query(report.text) if m.id in ours and m.id != it.key]
            if matches:
                best = max(matches, key=lambda m: m.similarity)
                reason = f"repeat of {best.id} ({best.relation}, similarity {best.similarity:.2f})"
        if reason:
            result.rejected.append((it, reason))
            continue
        if index is not None:
            index.add(it.key, report.text, timestamp=now)
        accepted.append(it)
        verdicts[it.key] = {"score": round(report.score, 4), "label": report.label,
                            "flags": sorted(report.kinds)}

    # rejected log first (at-least-once: a crash before the journal re-logs, harmlessly)
    if rejected and result.rejected:
        with open(rejected, "a", encoding="utf-8") as fh:
            for it, why in result.rejected:
                fh.write(json.dumps({"key": it.key, "title": it.title, "link": it.link,
                                     "reason": why, "time": now}, ensure_ascii=False) + "\n")

    # 3. record
    journal.append(
        [{"event": "accepted", "batch": result.batch, "key": it.key, "ids": it.identifiers,
          "time": now, "output": output, "item": it.to_record()} for it in accepted]
        + [{"event": "rejected", "key": it.key, "ids": it.identifiers, "time": now,
            "reason": why} for it, why in result.rejected])
    if index is not None and history:
        index.save()

    # 4. publish
    result.accepted = carried + accepted
    batches = carried_batches + [result.batch]
    text_out = render(result.accepted, meta, fmt, batches, verdicts)
    if output == "-":
        sys.stdout.write(text_out)
        sys.stdout.flush()
    else:
        _atomic_write(output, text_out)

    # 5. mark
    journal.append([{"event": "published", "batch": b, "time": now, "output": output}
                    for b in batches])
    return result

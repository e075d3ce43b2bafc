"""Paths -> :class:`Item`: every document of a batch, as raw bytes or text, in a fixed order.

Inputs are files, directories (walked recursively, sorted, known extensions only), globs and ``-``
(stdin). Formats: ``.txt``, ``.html``/``.htm``, ``.json`` (one object or a list), ``.jsonl``,
``.warc``/``.warc.gz`` (warcio) and any of them gzip-compressed (``.txt.gz``, ``.jsonl.gz``...).

A reader never raises on bad input: a path that cannot be read becomes one Item with `error` set,
so a batch yields exactly one output row per input (see :mod:`newsqual.batch`).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("The council met on Monday.")
>>> [(i.id, i.fmt) for i in iter_items([str(d)])] == [(str(d / "a.txt"), "text")]
True
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

#: Bytes read from one document at most; the rest is cut and the row says so (``oversized``).
MAX_BYTES = 8_000_000
#: Extensions a directory walk picks up (explicitly named files are read whatever their name).
KNOWN_SUFFIXES = (".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".warc")
_HTML_TYPES = ("text/html", "application/xhtml")
_TEXT_TYPES = _HTML_TYPES + ("text/plain",)


@dataclass(slots=True)
class Item:
    """One document of a batch. `path` + `record` is its unique key (`record` counts documents
    inside a container file: JSONL line, JSON list entry, WARC record; 0 for a plain file)."""

    id: str
    path: str
    record: int
    data: bytes | str | None
    fmt: str | None = None
    error: str | None = None
    oversized: int | None = None  # original size in bytes when the data was cut at MAX_BYTES
    note: str | None = None  # a reading problem that did not stop judging (mis-encoded JSON)

    @property
    def key(self) -> str:
        return f"{self.path}#{self.record}"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Where JSON records keep their text and id (dotted paths allowed: ``meta.body``)."""

    text_field: str = "text"
    id_field: str = "id"
    input_format: str = "auto"  # for stdin and unknown extensions: auto|txt|html|json|jsonl|warc
    max_bytes: int = MAX_BYTES


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each argument -> files in a fixed order, or ``(arg, error)`` when it names nothing."""
    for arg in paths:
        if arg == "-":
            yield arg, None
        elif os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, f) for f in files
                          if not f.startswith(".") and _suffix(f) in KNOWN_SUFFIXES]
            for f in sorted(found):
                yield f, None
        elif os.path.exists(arg) or os.path.islink(arg):
            yield arg, None
        elif glob.has_magic(arg):
            matched = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            if not matched:
                yield arg, "unreadable input: the pattern matched no file"
            for p in matched:
                yield p, None
        else:
            yield arg, "unreadable input: no such file or directory"


def iter_items(paths: Iterable[str], options: ReadOptions | None = None,
               stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document under `paths`, in order; unreadable inputs come out as error Items."""
    opts = options or ReadOptions()
    for path, error in expand_paths(paths):
        if error:
            yield Item(id=path, path=path, record=0, data=None, error=error)
            continue
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, "-", opts.input_format, opts)
            continue
        try:
            with open(path, "rb") as fh:
                yield from _read_stream(fh, path, _format_of(path, opts.input_format), opts)
        except OSError as exc:
            yield Item(id=path, path=path, record=0, data=None,
                       error=f"unreadable input: {exc.strerror or exc}")


def _suffix(name: str) -> str:
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def _format_of(path: str, default: str) -> str:
    suffix = _suffix(path)
    return {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".json": "json",
            ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc"}.get(suffix, default)


def _read_stream(fh: BinaryIO, path: str, fmt: str, opts: ReadOptions) -> Iterator[Item]:
    """Dispatch one open binary stream on its format; gzip is detected by its magic bytes."""
    raw: BinaryIO = fh if hasattr(fh, "peek") else io.BufferedReader(fh)  # type: ignore[arg-type,type-var]
    peek = _peek(raw, 4)
    if peek[:2] == b"\x1f\x8b" and fmt == "auto" and _gzipped_warc(raw):
        fmt = "warc"
    if peek[:2] == b"\x1f\x8b" and fmt != "warc":
        # warcio reads record-per-member gzip itself (and keeps the good records of a damaged
        # file); everything else is decompressed here.
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
        try:
            peek = _peek(raw, 4)
        except (OSError, EOFError) as exc:
            yield Item(id=path, path=path, record=0, data=None,
                       error=f"unreadable input: bad gzip data ({exc})")
            return
    if fmt == "auto":
        fmt = _sniff(raw)
    try:
        if fmt == "warc":
            yield from _read_warc(raw, path, opts)
        elif fmt in ("jsonl", "json"):
            yield from _read_json(raw, path, fmt, opts)
        else:
            data, size = _read_capped(raw, opts.max_bytes)
            yield Item(id=path, path=path, record=0, data=data,
                       fmt="html" if fmt == "html" else ("text" if fmt == "txt" else None),
                       oversized=size)
    except Exception as exc:  # corrupt gzip/zlib streams, warcio load failures, ...: one row
        yield Item(id=path, path=path, record=-1, data=None,
                   error=f"unreadable input: {type(exc).__name__}: {exc}")


def _peek(fh: BinaryIO, n: int) -> bytes:
    if hasattr(fh, "peek"):
        return fh.peek(n)[:n]  # type: ignore[no-any-return]
    raise TypeError("stream must support peek()")


def _gzipped_warc(fh: BinaryIO) -> bool:
    try:
        head = zlib.decompressobj(wbits=31).decompress(_peek(fh, 4096), 64)
    except zlib.error:
        return False
    return head.lstrip().startswith(b"WARC/")


def _sniff(fh: BinaryIO) -> str:
    head = _peek(fh, 2048) if hasattr(fh, "peek") else b""
    stripped = head.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    return "auto"


def _read_capped(fh: BinaryIO, max_bytes: int) -> tuple[bytes, int | None]:
    """At most `max_bytes`, cut at a line break when possible; the full size if it was cut."""
    data = fh.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data, None
    size = len(data)
    while chunk := fh.read(1 << 20):
        size += len(chunk)
    cut = data.rfind(b"\n", max(0, max_bytes - 65536), max_bytes)
    return data[:cut if cut > 0 else max_bytes], size


def _field(record: Any, dotted: str) -> Any:
    value = record
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _json_item(obj: Any, path: str, record: int, opts: ReadOptions) -> Item:
    default_id = f"{path}#{record}"
    if not isinstance(obj, dict):
        return Item(id=default_id, path=path, record=record, data=None,
                    error=f"unreadable input: JSON record is a {type(obj).__name__}, not an object")
    rid = _field(obj, opts.id_field)
    rid = default_id if rid is None else str(rid)
    text = _field(obj, opts.text_field)
    if text is None:
        return Item(id=rid, path=path, record=record, data=None,
                    error=f"unreadable input: no text field {opts.text_field!r} in the record")
    if not isinstance(text, str):
        return Item(id=rid, path=path, record=record, data=None,
                    error=f"unreadable input: field {opts.text_field!r} is not a string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > opts.max_bytes:
        return Item(id=rid, path=path, record=record, data=text[:opts.max_bytes], oversized=size)
    return Item(id=rid, path=path, record=record, data=text)


def _read_json(fh: BinaryIO, path: str, fmt: str, opts: ReadOptions) -> Iterator[Item]:
    if fmt == "json":
        data, size = _read_capped(fh, opts.max_bytes * 8)
        try:
            obj = json.loads(_utf8(data))
        except ValueError as exc:
            yield Item(id=path, path=path, record=0, data=None,
                       error=f"unreadable input: invalid JSON ({exc})")
            return
        records = obj if isinstance(obj, list) else [obj]
        for i, rec in enumerate(records):
            yield _json_item(rec, path, i, opts)
        return
    for i, line in enumerate(_lines(fh, opts.max_bytes * 2)):
        if not line.strip():
            # Blank lines are separators, not documents; they keep their number for stable keys.
            continue
        try:
            obj = json.loads(_utf8(line))
        except ValueError as exc:
            yield Item(id=f"{path}#{i}", path=path, record=i, data=None,
                       error=f"unreadable input: invalid JSON on line {i + 1} ({exc})")
            continue
        item = _json_item(obj, path, i, opts)
        if b"\xef\xbf\xbd" not in line and "\ufffd" in str(item.data or ""):
            item.note = "mis-encoded input: not valid UTF-8, undecodable bytes replaced"
        yield item


def _utf8(data: bytes) -> str:
    """JSON is UTF-8 by definition (RFC 8259); invalid bytes become U+FFFD instead of a crash."""
    return data.decode("utf-8", errors="replace")


def _lines(fh: BinaryIO, max_line: int) -> Iterator[bytes]:
    """Lines of a stream; a line longer than `max_line` is yielded cut (it will fail to parse)."""
    while True:
        line = fh.readline(max_line)
        if not line:
            return
        if len(line) == max_line and not line.endswith(b"\n"):
            while (rest := fh.readline(max_line)) and not rest.endswith(b"\n"):
                pass
        yield line


def _read_warc(fh: BinaryIO, path: str, opts: ReadOptions) -> Iterator[Item]:
    """Response and resource records with a text or HTML payload; other records (requests,
    metadata, images) are not documents and are skipped."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    for record in ArchiveIterator(fh):
        if record.rec_type not in ("response", "resource"):
            continue
        if record.rec_type == "response" and record.http_headers is not None:
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        else:
            ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
        if ctype and not ctype.startswith(_TEXT_TYPES):
            continue
        rid = (record.rec_headers.get_header("WARC-Target-URI")
               or record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{n}")
        data, size = _read_capped(record.content_stream(), opts.max_bytes)
        fmt = "html" if ctype.startswith(_HTML_TYPES) else ("text" if ctype else None)
        yield Item(id=rid, path=path, record=n, data=data, fmt=fmt, oversized=size)
        n += 1


def read_stdin_bytes(stream: BinaryIO | None = None) -> bytes:
    """All of stdin as bytes (used by ``newsqual filter -``)."""
    return (stream or sys.stdin.buffer).read()


__all__ = ["Item", "ReadOptions", "MAX_BYTES", "expand_paths", "iter_items", "read_stdin_bytes"]

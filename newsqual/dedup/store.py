"""The embedded on-disk store of a DuplicateIndex: numpy arrays plus an append-only journal.

Layout of an index directory:

    CURRENT               name of the live generation, replaced atomically (write temp + os.replace)
    gen-000007/           meta.json (spec, counts), ids.json, one .npy per column
    journal-000007.log    adds/removes since that generation, one checksummed JSON line each
    LOCK                  held (flock) by the one process writing the directory

A generation is written to a temporary directory, fsynced and renamed before CURRENT points at
it, so a crash leaves either the old or the new generation whole. A crash in the middle of a
journal line leaves a torn last line, which fails its CRC and is dropped on load (with every
line after it). Nothing is pickled: arrays load with `allow_pickle=False`.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from newsqual.dedup.spec import SignatureSpec

if TYPE_CHECKING:
    from newsqual.dedup.index import DuplicateIndex, Fingerprints

FORMAT = "newsqual-dedup-dir-1"
_COLUMNS = ("copy_sig", "content_hash", "content_weight")  # rewrite keys are recomputed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


class DirectoryStore:
    """Persistence of one DuplicateIndex in one directory (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation = 0
        self._journal: IO[bytes] | None = None
        self._lock: IO[bytes] | None = None

    def exists(self) -> bool:
        return (self.path / "CURRENT").is_file()

    def stored_spec(self) -> dict[str, Any] | None:
        """The spec the saved generation was made under (None when nothing is saved yet)."""
        if not self.exists():
            return None
        name = (self.path / "CURRENT").read_text().strip()
        meta = json.loads((self.path / name / "meta.json").read_text())
        spec = meta.get("spec")
        return spec if isinstance(spec, dict) else None

    # ---- loading ------------------------------------------------------------------------
    def load_into(self, index: DuplicateIndex) -> None:
        """Fill an empty index from the saved generation and journal, then take the lock."""
        from newsqual.dedup.index import Fingerprints, rewrite_keys_from_content

        self.path.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        if self.exists():
            name = (self.path / "CURRENT").read_text().strip()
            self.generation = int(name.split("-")[1])
            gen = self.path / name
            meta = json.loads((gen / "meta.json").read_text())
            if meta.get("format") != FORMAT:
                raise ValueError(f"{gen} is not a {FORMAT} index")
            index.spec.check(SignatureSpec.from_dict(meta["spec"]))
            ids = json.loads((gen / "ids.json").read_text())
            sig, chash, cweight = (np.load(gen / f"{c}.npy", allow_pickle=False) for c in _COLUMNS)
            rkeys = rewrite_keys_from_content(chash, index.spec, cweight)
            ts = np.load(gen / "ts.npy", allow_pickle=False)
            if len(ids):
                index.reserve(len(ids) + 1024)
                index.add_fingerprints(
                    ids, Fingerprints(sig, rkeys, chash, cweight), ts.tolist(), _journal=False
                )
        else:
            self.write_generation(index)  # an empty generation records the spec from the start
        if self._replay(index):
            index._rebuild_tables()  # drops the rows that journal removes left in the tables
        self.open_journal()
        self._cleanup()

    def _take_lock(self) -> None:
        if self._lock is not None:
            return
        lock = open(self.path / "LOCK", "ab")
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise RuntimeError(
                f"{self.path} is open in another process; share an index through Redis instead"
            ) from None
        self._lock = lock

    def _journal_path(self) -> Path:
        return self.path / f"journal-{self.generation:06d}.log"

    def _replay(self, index: DuplicateIndex) -> int:
        """Apply the journal's valid records; returns how many were applied."""
        from newsqual.dedup.index import Fingerprints

        path = self._journal_path()
        if not path.exists():
            return 0
        good = applied = 0
        with open(path, "rb") as f:
            for line in f:
                record = _decode_line(line)
                if record is None:
                    break  # a torn or damaged line: it and everything after it are dropped
                if record["op"] == "add":
                    raw = base64.b64decode(record["d"])
                    fps = Fingerprints(*_unpack(raw, index))
                    index.add_fingerprints([record["id"]], fps, [record["ts"]], _journal=False)
                elif record["op"] == "remove" and record["id"] in index:
                    index._drop(record["id"])
                good += len(line)
                applied += 1
        with open(path, "r+b") as f:
            f.truncate(good)
        return applied

    def _cleanup(self) -> None:
        keep = {f"gen-{self.generation:06d}", self._journal_path().name, "CURRENT", "LOCK"}
        for entry in self.path.iterdir():
            is_ours = entry.name.startswith(("gen-", "journal-", ".tmp-"))
            if is_ours and entry.name not in keep:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)

    # ---- writing ------------------------------------------------------------------------
    def open_journal(self) -> None:
        self._take_lock()
        if self._journal is None:
            self._journal = open(self._journal_path(), "ab")

    def _append(self, records: list[dict[str, object]]) -> None:
        if self._journal is None:
            self.open_journal()
        assert self._journal is not None
        self._journal.write(b"".join(_encode_line(r) for r in records))
        self._journal.flush()

    def journal_add(
        self, ids: Sequence[str], fps: Fingerprints, timestamps: Sequence[float]
    ) -> None:
        records: list[dict[str, object]] = []
        for i, id_ in enumerate(ids):
            cols = (fps.copy_sig, fps.content_hash, fps.content_weight)
            raw = b"".join(np.ascontiguousarray(a[i]).tobytes() for a in cols)
            records.append(
                {
                    "op": "add",
                    "id": id_,
                    "ts": float(timestamps[i]),
                    "d": base64.b64encode(raw).decode("ascii"),
                }
            )
        self._append(records)

    def journal_remove(self, ids: Sequence[str]) -> None:
        self._append([{"op": "remove", "id": i} for i in ids])

    def write_generation(self, index: DuplicateIndex) -> None:
        """Write all live rows as a new generation, switch CURRENT to it, start a new journal."""
        self.path.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        rows = index.live_rows()
        nxt = self.generation + 1
        name = f"gen-{nxt:06d}"
        tmp = self.path / f".tmp-{name}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        arrays = index.arrays(rows)
        for col, arr in arrays.items():
            with open(tmp / f"{col}.npy", "wb") as f:
                np.save(f, arr, allow_pickle=False)
                f.flush()
                os.fsync(f.fileno())
        ids = [index._ids[r] for r in rows]
        _write_file(tmp / "ids.json", json.dumps(ids).encode("utf-8"))
        meta = {
            "format": FORMAT,
            "spec": index.spec.to_dict(),
            "count": len(ids),
            "copy_threshold": index.copy_threshold,
            "rewrite_threshold": index.rewrite_threshold,
        }
        _write_file(tmp / "meta.json", json.dumps(meta, indent=1).encode("utf-8"))
        _fsync_dir(tmp)
        os.rename(tmp, self.path / name)
        _write_file(self.path / "CURRENT.tmp", (name + "\n").encode("ascii"))
        os.replace(self.path / "CURRENT.tmp", self.path / "CURRENT")
        _fsync_dir(self.path)
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self.generation = nxt
        self.open_journal()
        self._cleanup()

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _encode_line(record: dict[str, object]) -> bytes:
    body = json.dumps(record, separators=(",", ":")).encode("utf-8")
    return body + b"\t" + f"{zlib.crc32(body):08x}".encode("ascii") + b"\n"


def _decode_line(line: bytes) -> dict[str, Any] | None:
    if not line.endswith(b"\n"):
        return None
    body, _, crc = line[:-1].rpartition(b"\t")
    if not body or crc != f"{zlib.crc32(body):08x}".encode("ascii"):
        return None
    try:
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _unpack(raw: bytes, index: DuplicateIndex) -> list[np.ndarray]:
    """Split one journal record's bytes back into the four fingerprint rows."""
    from newsqual.dedup.index import rewrite_keys_from_content

    widths = [
        (index.spec.num_perm, np.uint32),
        (index.spec.content_keep, np.uint32),
        (index.spec.content_keep, np.uint8),
    ]
    out, pos = [], 0
    for width, dtype in widths:
        size = width * np.dtype(dtype).itemsize
        out.append(np.frombuffer(raw[pos : pos + size], dtype=dtype).reshape(1, width))
        pos += size
    if pos != len(raw):
        raise ValueError("journal record does not match this spec's widths")
    return [out[0], rewrite_keys_from_content(out[1], index.spec, out[2]), out[1], out[2]]

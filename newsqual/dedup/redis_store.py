"""A DuplicateIndex in Redis, shared by several processes or machines (redis-py + two Lua scripts).

Keys under one prefix (default "newsqual:dedup"), format "newsqual-redis-2":

    {p}:meta      hash: format, spec (JSON), load, bucket table state (level, split, fields)
    {p}:ids       hash: id -> document number (from INCR {p}:next, never reused)
    {p}:d:{n}     string: document n's fingerprint (copy signature, stems, weights) then its id
    {p}:ts        sorted set: document number -> timestamp (length, eviction)
    {p}:b:{j}     hash, bucket j of the LSH table: field = band key, value = "n" or "n1,n2,..."
                  or "*": the numbers are in the set {p}:s:{band key} (a key many documents share)

Every LSH band key of a document (25 copy + 64 rewrite keys) is one field of a small bucket hash,
which Redis keeps as a listpack (about 10 bytes a field) while it stays under
`hash-max-listpack-entries`. Buckets split one at a time as the table grows (linear hashing:
the table's `level` and `split` say which bucket a key lives in), so every bucket stays small at
any size. A band key u is 32 bits: the band's LSH key with its lowest bit replaced by the table
it belongs to (copy or rewrite) in the top bit. Its low 8 bits are the low 8 bits of its bucket's
number (the table never has fewer than 256 buckets), so the field stores only u >> 8, a signed
24-bit integer (4 bytes in a listpack, 5 for a 32-bit one). A band key that many documents share
(40 copies of one wire story, empty pages) moves its numbers to a Redis set of its own, so an
add stays O(1) and every bucket value stays under the listpack's 64-byte limit.

Writes of one document (and the removal of the version it replaces) run in one Lua script, so
they are atomic: a reader never sees half a document, and a killed client never leaves one. A
query is one read-only script (band lookups and candidate fingerprints together), and its
candidates are verified exactly as in the embedded index. Persistence is Redis's own (RDB/AOF).
A history written in the older one-set-per-band format is refused (`RedisFormatError`) until
`RedisDuplicateIndex.migrate` converts it.

>>> RedisDuplicateIndex.parse_prefix("redis://localhost:6379/0?prefix=feeds")
('redis://localhost:6379/0', 'feeds')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from newsqual.dedup.index import (
    COPY_THRESHOLD,
    REWRITE_THRESHOLD,
    Fingerprints,
    Match,
    _AddsTexts,
    rewrite_bands,
    rewrite_keys_from_content,
    to_epoch,
    verify_candidates,
)
from newsqual.dedup.lsh import band_keys
from newsqual.dedup.spec import SignatureSpec, known_spec

FORMAT = "newsqual-redis-2"
_MAX_LOAD = 64  # fields per bucket on average; the unsplit buckets of a round reach twice that
_BASE_LEVEL = 8  # the table starts with 2**8 buckets: a field need not store u's low 8 bits

# Shared by both scripts: the bucket of field f (low = u's low 8 bits) under the table's state.
_BUCKET_LUA = """
local function key_of(f, low)
  return (tonumber(f) + 8388608) * 256 + low
end
local function bucket(p, f, low, level, split)
  local u = key_of(f, low)
  local b = u % (2 ^ level)
  if b < split then b = u % (2 ^ (level + 1)) end
  return p .. ':b:' .. string.format('%d', b)
end
-- a band key shared by many documents keeps them in a set of its own; its field says '*'
local function shared(p, f, low)
  return p .. ':s:' .. string.format('%d', key_of(f, low))
end
"""

# ARGV: prefix, format, id, expected current number ('' = none), n_old, old low bytes, old
# fields..., then timestamp ('' = removal only), blob, new low bytes, new fields...
# (low bytes: one byte per field, the low 8 bits of its key u)
# Returns {1, new number or 0} on success, {0, actual current number or ''} on a conflict.
_PUT_LUA = (
    _BUCKET_LUA
    + """
local p, id, expected = ARGV[1], ARGV[3], ARGV[4]
local meta = p .. ':meta'
local st = redis.call('HMGET', meta, 'format', 'level', 'split', 'fields', 'load')
if st[1] ~= ARGV[2] then
  return redis.error_reply('newsqual: ' .. p .. ' is not a ' .. ARGV[2] .. ' index (cleared?)')
end
local level, split = tonumber(st[2]), tonumber(st[3])
local fields, load = tonumber(st[4]), tonumber(st[5])
local current = redis.call('HGET', p .. ':ids', id)
if (current or '') ~= expected then return {0, current or ''} end
local n_old = tonumber(ARGV[5])
local old_low = ARGV[6]
if current then
  for i = 7, 6 + n_old do
    local low = string.byte(old_low, i - 6)
    local h = bucket(p, ARGV[i], low, level, split)
    local v = redis.call('HGET', h, ARGV[i])
    if v == '*' then
      local s = shared(p, ARGV[i], low)
      redis.call('SREM', s, current)
      if redis.call('SCARD', s) == 0 then
        redis.call('HDEL', h, ARGV[i])
        fields = fields - 1
      end
    elseif v then
      local kept = {}
      for n in string.gmatch(v, '[^,]+') do
        if n ~= current then kept[#kept + 1] = n end
      end
      local rest = table.concat(kept, ',')
      if rest == '' then
        redis.call('HDEL', h, ARGV[i])
        fields = fields - 1
      elseif rest ~= v then
        redis.call('HSET', h, ARGV[i], rest)
      end
    end
  end
  redis.call('DEL', p .. ':d:' .. current)
  redis.call('ZREM', p .. ':ts', current)
  redis.call('HDEL', p .. ':ids', id)
end
local first_new = 7 + n_old
local made = 0
if ARGV[first_new] ~= '' then
  made = redis.call('INCR', p .. ':next')
  local n = tostring(made)
  local new_low = ARGV[first_new + 2]
  for i = first_new + 3, #ARGV do
    local low = string.byte(new_low, i - first_new - 2)
    local h = bucket(p, ARGV[i], low, level, split)
    if redis.call('HSETNX', h, ARGV[i], n) == 1 then
      fields = fields + 1
    else  -- other documents have this band key: append to their list, or to their set
      local v = redis.call('HGET', h, ARGV[i])
      if v == '*' then
        redis.call('SADD', shared(p, ARGV[i], low), n)
      elseif #v > 48 then  -- keeps every field value under the listpack limit (64 bytes)
        local s = shared(p, ARGV[i], low)
        for m in string.gmatch(v, '[^,]+') do redis.call('SADD', s, m) end
        redis.call('SADD', s, n)
        redis.call('HSET', h, ARGV[i], '*')
      else
        redis.call('HSET', h, ARGV[i], v .. ',' .. n)
      end
    end
  end
  redis.call('SET', p .. ':d:' .. n, ARGV[first_new + 1])
  redis.call('ZADD', p .. ':ts', ARGV[first_new], n)
  redis.call('HSET', p .. ':ids', id, n)
  -- linear hashing: split bucket `split` while the average bucket holds more than `load` fields
  while fields > load * (2 ^ level + split) do
    local src = p .. ':b:' .. string.format('%d', split)
    local dst = p .. ':b:' .. string.format('%d', split + 2 ^ level)
    local all = redis.call('HGETALL', src)
    local stay, move = {}, {}
    for j = 1, #all, 2 do
      local u = key_of(all[j], split % 256)
      local out = (u % (2 ^ (level + 1)) == split) and stay or move
      out[#out + 1] = all[j]
      out[#out + 1] = all[j + 1]
    end
    redis.call('DEL', src)  -- rewritten whole, so it is a compact listpack again
    if #stay > 0 then redis.call('HSET', src, unpack(stay)) end
    if #move > 0 then redis.call('HSET', dst, unpack(move)) end
    split = split + 1
    if split == 2 ^ level then level, split = level + 1, 0 end
  end
end
redis.call('HSET', meta, 'level', level, 'split', split, 'fields', fields)
return {1, made}
"""
)

# ARGV: prefix, format, n_copy, low bytes, copy fields..., rewrite fields...
# Returns {copy candidate numbers, rewrite-only candidate numbers, their blobs in that order}.
_QUERY_LUA = (
    _BUCKET_LUA
    + """
local p = ARGV[1]
local st = redis.call('HMGET', p .. ':meta', 'format', 'level', 'split')
if st[1] ~= ARGV[2] then
  return redis.error_reply('newsqual: ' .. p .. ' is not a ' .. ARGV[2] .. ' index (cleared?)')
end
local level, split = tonumber(st[2]), tonumber(st[3])
local n_copy, low = tonumber(ARGV[3]), ARGV[4]
local seen, copy, rewrite, blobs = {}, {}, {}, {}
local function note(n, i)
  if not seen[n] then
    seen[n] = true
    if i < 5 + n_copy then copy[#copy + 1] = n else rewrite[#rewrite + 1] = n end
  end
end
for i = 5, #ARGV do
  local b = string.byte(low, i - 4)
  local v = redis.call('HGET', bucket(p, ARGV[i], b, level, split), ARGV[i])
  if v == '*' then
    for _, n in ipairs(redis.call('SMEMBERS', shared(p, ARGV[i], b))) do note(n, i) end
  elseif v then
    for n in string.gmatch(v, '[^,]+') do note(n, i) end
  end
end
for _, n in ipairs(copy) do blobs[#blobs + 1] = redis.call('GET', p .. ':d:' .. n) end
for _, n in ipairs(rewrite) do blobs[#blobs + 1] = redis.call('GET', p .. ':d:' .. n) end
return {copy, rewrite, blobs}
"""
)


class RedisFormatError(RuntimeError):
    """The Redis history under this prefix was written in a format this release does not read."""


Bands = tuple[bytes, list[str]]  # (low 8 bits of each key u, one byte each; the hash fields)


def band_fields(keys: np.ndarray, table: int) -> Bands:
    """Bucket fields of band keys: u = the key with its lowest bit dropped and the table
    (0 copy, 1 rewrite) in the top bit; the field is u >> 8 as a signed 24-bit integer.

    >>> band_fields(np.array([7, 2**32 - 1], dtype=np.uint32), 1)
    (b'\\x03\\xff', ['0', '8388607'])
    """
    u = (keys.astype(np.int64) >> 1) | (table << 31)
    return (u & 0xFF).astype(np.uint8).tobytes(), [str(v) for v in ((u >> 8) - 2**23).tolist()]


def _join(*parts: Bands) -> Bands:
    return b"".join(p[0] for p in parts), [f for p in parts for f in p[1]]


class RedisDuplicateIndex(_AddsTexts):
    """The DuplicateIndex interface on a Redis server (see the module docstring)."""

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        prefix: str | None = None,
        window_days: float | None = None,
        copy_threshold: float = COPY_THRESHOLD,
        rewrite_threshold: float = REWRITE_THRESHOLD,
        rewrites: bool = True,
        spec: SignatureSpec | None = None,
        client: Any = None,
        _migrating: bool = False,
    ) -> None:
        import redis

        url, url_prefix = self.parse_prefix(url)
        self.prefix = prefix or url_prefix or "newsqual:dedup"
        self.r: Any = client if client is not None else redis.Redis.from_url(url)
        if spec is None:  # as DuplicateIndex: a shared history keeps the spec it was made under
            spec = known_spec(self._stored_spec())
        self._set_matching(spec, window_days, copy_threshold, rewrite_threshold, rewrites)
        self._put = self.r.register_script(_PUT_LUA)
        self._lookup = self.r.register_script(_QUERY_LUA)
        self._fixed = spec.num_perm * 4 + spec.content_keep * 5  # blob bytes before the id
        self._open_meta(_migrating)

    @staticmethod
    def parse_prefix(url: str) -> tuple[str, str | None]:
        """Split a `prefix=` query parameter off a Redis URL."""
        parts = urlsplit(url)
        query = parse_qsl(parts.query)
        prefix = next((v for k, v in query if k == "prefix"), None)
        rest = urlencode([(k, v) for k, v in query if k != "prefix"])
        return urlunsplit(parts._replace(query=rest)), prefix

    def _k(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def _stored_spec(self) -> dict[str, Any] | None:
        """The spec recorded in this prefix's meta hash (None when there is none yet)."""
        if _s(self.r.type(self._k("meta"))) != "hash":
            return None
        raw = self.r.hget(self._k("meta"), "spec")
        return json.loads(raw) if raw else None

    def _open_meta(self, migrating: bool = False) -> None:
        """Create the meta hash on first use; refuse another format or another spec."""
        meta = self._k("meta")
        kind = _s(self.r.type(meta))
        how = (
            f"convert it with RedisDuplicateIndex.migrate(url, prefix={self.prefix!r}) while no "
            "other process writes to it, or clear it"
        )
        if kind == "string":
            raise RedisFormatError(
                f"{self.prefix} holds a Redis history in newsqual's format 1 (one set per LSH "
                f"band, before {FORMAT}); {how}"
            )
        if not migrating and self.r.exists(self._k("v1", "meta")):
            raise RedisFormatError(f"{self.prefix}: a migration from format 1 is unfinished; {how}")
        if kind == "none":
            pipe = self.r.pipeline(transaction=True)
            pipe.hsetnx(meta, "format", FORMAT)
            pipe.hsetnx(meta, "spec", json.dumps(self.spec.to_dict(), sort_keys=True))
            for field, value in (("level", _BASE_LEVEL), ("split", 0), ("fields", 0)):
                pipe.hsetnx(meta, field, value)
            pipe.hsetnx(meta, "load", self._choose_load())
            pipe.execute()
        stored = self.r.hmget(meta, "format", "spec")
        fmt = (stored[0] or b"").decode()
        if fmt != FORMAT:
            raise RedisFormatError(
                f"{self.prefix} holds a Redis history in format {fmt or '(none)'}; this release "
                f"reads only {FORMAT}: use the release that wrote it, or clear it"
            )
        self.spec.check(json.loads(stored[1] or "{}"))

    def _choose_load(self) -> int:
        """Average fields per bucket: 3/8 of the server's listpack limit, at most 64."""
        try:
            limit = int(self.r.config_get("hash-max-listpack-entries")["hash-max-listpack-entries"])
        except Exception:  # CONFIG may be disabled (ACL, managed Redis): assume Redis 7.2's 128
            limit = 128
        return max(4, min(_MAX_LOAD, limit * 3 // 8))

    @classmethod
    def migrate(
        cls, url: str = "redis://localhost:6379/0", *, prefix: str | None = None, **kw: Any
    ) -> int:
        """Convert a format-1 history (one Redis set per band) to this format, in place.

        Run it while no other process writes to the prefix. The old keys are renamed aside and
        deleted only after their documents are in the new format, so an interrupted migration
        is finished by running it again. Returns how many documents were converted.
        """
        import redis

        base, url_prefix = cls.parse_prefix(url)
        p = prefix or url_prefix or "newsqual:dedup"
        r: Any = kw.pop("client", None) or redis.Redis.from_url(base)
        old_meta, old_ts = f"{p}:v1:meta", f"{p}:v1:ts"
        if kw.get("spec") is None:  # the spec the old history was made under, when computable
            raw = (r.get(f"{p}:meta") if _s(r.type(f"{p}:meta")) == "string"
                   else r.get(old_meta) if _s(r.type(old_meta)) == "string" else None)
            kw["spec"] = known_spec(json.loads(raw) if raw else None)
        spec: SignatureSpec = kw["spec"]
        if _s(r.type(f"{p}:meta")) == "string":
            spec.check(json.loads(r.get(f"{p}:meta")))
            pipe = r.pipeline(transaction=True)
            pipe.rename(f"{p}:meta", old_meta)
            if r.exists(f"{p}:ts"):
                pipe.rename(f"{p}:ts", old_ts)
            pipe.execute()
        elif not r.exists(old_meta):
            return 0
        index = cls(base, prefix=p, client=r, _migrating=True, **kw)
        widths = [
            (spec.num_perm, np.uint32),
            (rewrite_bands(spec)[0], np.uint32),
            (spec.content_keep, np.uint32),
            (spec.content_keep, np.uint8),
        ]
        moved = 0
        keys = [k for k in r.scan_iter(match=f"{p}:doc:*", count=1000)]
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            pipe = r.pipeline(transaction=False)
            for k in batch:
                pipe.hmget(k, "f", "ts")
            rows = [(k, f, t) for k, (f, t) in zip(batch, pipe.execute(), strict=True) if f]
            if rows:
                cols = _split_rows([f for _, f, _ in rows], widths)
                ids = [_s(k)[len(p) + 5 :] for k, _, _ in rows]
                index.add_fingerprints(ids, Fingerprints(*cols), [float(t) for _, _, t in rows])
                moved += len(rows)
            r.unlink(*batch)
        for pattern in (f"{p}:c:*", f"{p}:r:*"):
            doomed = list(r.scan_iter(match=pattern, count=1000))
            for start in range(0, len(doomed), 1000):
                r.unlink(*doomed[start : start + 1000])
        r.unlink(old_meta, old_ts)
        return moved

    # ---- fingerprints as bytes ----------------------------------------------------------
    def _pack(self, fps: Fingerprints, i: int, id_: str) -> bytes:
        cols = (fps.copy_sig[i], fps.content_hash[i], fps.content_weight[i])
        return b"".join(np.ascontiguousarray(a).tobytes() for a in cols) + id_.encode("utf-8")

    def _unpack(self, blobs: Sequence[bytes]) -> tuple[list[str], Fingerprints]:
        """Ids and fingerprints of stored blobs (rewrite keys recomputed from the stems)."""
        spec, fixed = self.spec, self._fixed
        widths = [
            (spec.num_perm, np.uint32),
            (spec.content_keep, np.uint32),
            (spec.content_keep, np.uint8),
        ]
        sig, chash, weight = _split_rows([b[:fixed] for b in blobs], widths)
        no_keys = np.zeros((len(blobs), 0), dtype=np.uint32)  # not stored: see _stored_fields
        ids = [bytes(x[fixed:]).decode("utf-8") for x in blobs]
        return ids, Fingerprints(sig, no_keys, chash, weight)

    def _fields(self, copy_sig: np.ndarray, rewrite_keys: np.ndarray) -> list[Bands]:
        """The bucket fields of each document: copy band keys, then rewrite band keys."""
        copy_keys = band_keys(copy_sig, *self.copy_bands)
        return [
            _join(band_fields(copy_keys[i], 0), band_fields(rewrite_keys[i], 1))
            for i in range(len(copy_sig))
        ]

    def _stored_fields(self, numbers: Sequence[bytes | str]) -> dict[str, tuple[str, Bands]]:
        """number -> (id, bucket fields) of stored documents (missing ones left out)."""
        if not numbers:
            return {}
        blobs: Any = self.r.mget([self._k("d", _s(n)) for n in numbers])
        present = [(_s(n), b) for n, b in zip(numbers, blobs, strict=True) if b is not None]
        if not present:
            return {}
        ids, fps = self._unpack([b for _, b in present])
        rkeys = rewrite_keys_from_content(fps.content_hash, self.spec, fps.content_weight)
        fields = self._fields(fps.copy_sig, rkeys)
        return {n: (ids[j], fields[j]) for j, (n, _) in enumerate(present)}

    # ---- writing ------------------------------------------------------------------------
    def add_fingerprints(
        self, ids: Sequence[str], fps: Fingerprints, timestamps: Sequence[float]
    ) -> None:
        """Index precomputed fingerprints; an id already present is replaced atomically."""
        last = {id_: i for i, id_ in enumerate(ids)}  # the last of repeated ids wins
        rows = sorted(last.values())
        fields = self._fields(fps.copy_sig[rows], fps.rewrite_keys[rows])
        todo = {
            ids[i]: (repr(float(timestamps[i])), self._pack(fps, i, ids[i]), fields[j])
            for j, i in enumerate(rows)
        }
        # First as new ids (one round trip); ids already present come back as conflicts and
        # are replaced in the next round, as are ids another client changed meanwhile.
        todo = self._put_many(todo, assume_new=True)
        for _ in range(100):
            if not todo:
                return
            todo = self._put_many(todo)
        raise RuntimeError(f"{self.prefix}: could not write {sorted(todo)[:3]} (conflicts)")

    def _put_many(self, todo: dict[str, Any], assume_new: bool = False) -> dict[str, Any]:
        """One pipelined round of put scripts; returns the ones that met a conflict.

        todo: id -> (timestamp, blob, bands) to write, or None to remove. Each script checks that
        the id still has the number read here (or none, with `assume_new`) before it writes.
        """
        names = list(todo)
        current: Any = [None] * len(names)
        if names and not assume_new:
            current = self.r.hmget(self._k("ids"), names)
        old = self._stored_fields([c for c in current if c is not None])
        pipe = self.r.pipeline(transaction=False)
        for name, cur in zip(names, current, strict=True):
            expected = _s(cur) if cur is not None else ""
            old_low, old_fields = old[expected][1] if expected in old else (b"", [])
            new = todo[name]
            tail = ["", ""] if new is None else [new[0], new[1], new[2][0], *new[2][1]]
            head: list[Any] = [self.prefix, FORMAT, name, expected, len(old_fields), old_low]
            head += old_fields
            self._put(args=[*head, *tail], client=pipe)
        results = pipe.execute()
        return {n: todo[n] for n, res in zip(names, results, strict=True) if int(res[0]) == 0}

    def remove(self, id: str) -> None:
        """Forget one article (KeyError if absent)."""
        if not self.r.hexists(self._k("ids"), id):
            raise KeyError(id)
        pending: dict[str, Any] = {id: None}
        for _ in range(100):
            pending = self._put_many(pending)
            if not pending:
                return
        raise RuntimeError(f"{self.prefix}: could not remove {id!r} (constant conflicts)")

    def evict(self, now: float | datetime | None = None) -> int:
        """Drop entries older than `window_days` before `now`; returns how many were dropped."""
        if self.window_days is None:
            return 0
        cutoff = to_epoch(now) - self.window_days * 86400.0
        found: Any = self.r.zrangebyscore(self._k("ts"), "-inf", f"({cutoff}")
        dropped = 0
        for start in range(0, len(found), 1000):
            stored = self._stored_fields(found[start : start + 1000])
            pipe = self.r.pipeline(transaction=False)
            for n, (id_, (low, fields)) in stored.items():
                # expected = n: a document replaced meanwhile is a conflict and stays
                args: list[Any] = [self.prefix, FORMAT, id_, n, len(fields), low, *fields, "", ""]
                self._put(args=args, client=pipe)
            dropped += sum(int(res[0]) for res in pipe.execute())
        return dropped

    def save(self, path: object = None) -> None:
        """Nothing to do: every write is already in Redis (its RDB/AOF settings persist it)."""

    def close(self) -> None:
        self.r.close()

    def clear(self) -> None:
        """Delete every key of this prefix (tests, resets)."""
        batch: list[bytes] = []
        for key in self.r.scan_iter(match=self.prefix + ":*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                self.r.unlink(*batch)
                batch = []
        if batch:
            self.r.unlink(*batch)

    def __enter__(self) -> RedisDuplicateIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading ------------------------------------------------------------------------
    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and bool(self.r.hexists(self._k("ids"), id))

    def __len__(self) -> int:
        return int(self.r.hlen(self._k("ids")))

    def query_fingerprints(
        self, fps: Fingerprints, *, exclude: str | None = None
    ) -> list[list[Match]]:
        """Matches for each row of precomputed fingerprints."""
        copy_keys = band_keys(fps.copy_sig, *self.copy_bands)
        return [self._query_one(fps, copy_keys[i], i, exclude) for i in range(len(fps))]

    def _query_one(
        self, fps: Fingerprints, copy_keys: np.ndarray, i: int, exclude: str | None
    ) -> list[Match]:
        bands = band_fields(copy_keys, 0)
        if self.rewrites:
            bands = _join(bands, band_fields(fps.rewrite_keys[i], 1))
        copy_n, rewrite_n, blobs = self._lookup(
            args=[self.prefix, FORMAT, len(copy_keys), bands[0], *bands[1]]
        )
        present = [j for j, b in enumerate(blobs) if b is not None]
        if not present:
            return []
        ids, stored = self._unpack([blobs[j] for j in present])
        is_copy = np.asarray([j < len(copy_n) for j in present])
        return verify_candidates(
            fps, i, copy_ids=[x for x, c in zip(ids, is_copy.tolist(), strict=True) if c],
            copy_sig=stored.copy_sig[is_copy], ids=ids, content_hash=stored.content_hash,
            content_weight=stored.content_weight, copy_threshold=self.copy_threshold,
            rewrite_threshold=self.rewrite_threshold if self.rewrites else None, exclude=exclude,
        )


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _split_rows(blobs: Sequence[bytes], widths: Sequence[tuple[int, Any]]) -> list[np.ndarray]:
    """Fixed-width rows of bytes split into one 2-D array per (width, dtype) column."""
    size = sum(w * np.dtype(d).itemsize for w, d in widths)
    if any(len(b) != size for b in blobs):
        raise RedisFormatError(f"a stored fingerprint is not {size} bytes long")
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), size)
    cols, pos = [], 0
    for width, dtype in widths:
        end = pos + width * np.dtype(dtype).itemsize
        cols.append(np.ascontiguousarray(raw[:, pos:end]).view(dtype).reshape(len(blobs), width))
        pos = end
    return cols


def check_consistency(index: RedisDuplicateIndex) -> list[str]:
    """Problems found by a full scan of one prefix (empty when every document is whole).

    Checks that each id has its fingerprint, timestamp and every band field, that every band
    field names only live documents, and that the bucket table's field count is right. It reads
    everything: for tests and for checking a history after a crash, not for a live hot path.
    """
    r, k = index.r, index._k
    problems: list[str] = []
    level, split, counted = (int(x) for x in r.hmget(k("meta"), "level", "split", "fields"))
    numbers = {_s(n): _s(i) for i, n in r.hgetall(k("ids")).items()}
    timed = {_s(n) for n in r.zrange(k("ts"), 0, -1)}
    stored = index._stored_fields(list(numbers))
    for n, id_ in numbers.items():
        if n not in stored:
            problems.append(f"{id_} (#{n}) has no fingerprint")
        elif stored[n][0] != id_:
            problems.append(f"#{n} is {stored[n][0]!r} in its fingerprint but {id_!r} in ids")
        if n not in timed:
            problems.append(f"{id_} (#{n}) has no timestamp")
    problems += [f"#{n} has a timestamp but no id" for n in sorted(timed - set(numbers))]
    found: dict[str, set[int]] = {}
    total = 0
    for key in r.scan_iter(match=k("b", "*"), count=1000):
        j = int(_s(key).rsplit(":", 1)[1])
        for field, value in r.hgetall(key).items():
            total += 1
            u = (int(field) + 2**23) * 256 + j % 256
            home = u % 2**level if u % 2**level >= split else u % 2 ** (level + 1)
            if home != j:
                problems.append(f"band key {u} is in bucket {j}, not {home}")
            if value == b"*":
                members = [_s(m) for m in r.smembers(k("s", str(u)))]
                problems += [f"band key {u} points to an empty set"] if not members else []
            else:
                members = _s(value).split(",")
            for n in members:
                found.setdefault(n, set()).add(u)
    if total != counted:
        problems.append(f"meta counts {counted} fields, the buckets hold {total}")
    stray = sorted(set(found) - set(numbers))
    problems += [f"a band field names #{n}, which is not indexed" for n in stray]
    for n, (id_, (low, fields)) in stored.items():
        want = {(int(f) + 2**23) * 256 + b for f, b in zip(fields, low, strict=True)}
        missing = want - found.get(n, set())
        if missing:
            problems.append(f"{id_} (#{n}) lacks {len(missing)} of its band fields")
    return problems

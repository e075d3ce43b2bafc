"""The Redis backend against a real redis-server started on a free local port."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsqual.dedup.index import (
    DuplicateIndex,
    Fingerprints,
    copy_bands,
    fingerprint,
    rewrite_keys_from_content,
)
from newsqual.dedup.lsh import band_keys
from newsqual.dedup.redis_store import (
    FORMAT,
    RedisDuplicateIndex,
    RedisFormatError,
    check_consistency,
)
from newsqual.dedup.spec import DEFAULT_SPEC, SPEC_V2, SignatureSpec, SpecMismatch
from tests.dedup.conftest import make_article

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(workdir: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    """A redis-server on a free localhost port with its files in `workdir` (skips if it can't)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server); Redis backend untested"
        )
    port = _free_port()
    args = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), *options]
    proc = subprocess.Popen(
        [binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    import redis

    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                return proc, port
            except redis.ConnectionError:
                if proc.poll() is not None:
                    pytest.skip(f"redis-server could not start (exit code {proc.returncode})")
                time.sleep(0.05)
        proc.kill()
        pytest.skip("redis-server did not answer PING within 5 s")
    finally:
        client.close()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc, port = _start_redis(workdir, "--save", "", "--appendonly", "no")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def index(redis_url: str, request: pytest.FixtureRequest) -> Iterator[RedisDuplicateIndex]:
    idx = DuplicateIndex.open(f"{redis_url}?prefix=test:{request.node.name}", window_days=1)
    assert isinstance(idx, RedisDuplicateIndex)
    idx.clear()
    idx = DuplicateIndex.open(f"{redis_url}?prefix=test:{request.node.name}", window_days=1)
    yield idx
    idx.clear()
    idx.close()


def test_same_answers_as_the_embedded_index(index: RedisDuplicateIndex, rng: random.Random) -> None:
    texts = [make_article(rng) for _ in range(60)]  # one vocabulary: many shared rewrite keys
    local = DuplicateIndex()
    for i, t in enumerate(texts):
        index.add(f"d{i}", t, timestamp=float(i))
        local.add(f"d{i}", t, timestamp=float(i))
    assert len(index) == 60 and "d3" in index and "zz" not in index
    probes = texts[::4] + ["Banner\n" + texts[5] + "\nFooter"]
    for t in probes:
        assert index.query(t) == local.query(t)
    for i in range(0, 60, 3):
        index.remove(f"d{i}")
        local.remove(f"d{i}")
    for t in probes:
        assert index.query(t) == local.query(t)
    assert check_consistency(index) == []


def test_two_clients_share_one_history(
    redis_url: str, index: RedisDuplicateIndex, rng: random.Random
) -> None:
    text = make_article(rng)
    index.add("first", text)
    other = RedisDuplicateIndex(redis_url, prefix=index.prefix)
    assert [m.id for m in other.query(text)] == ["first"]
    other.remove("first")
    assert "first" not in index and index.query(text) == []
    other.close()


def test_replace_remove_evict(index: RedisDuplicateIndex, rng: random.Random) -> None:
    a, b = make_article(rng), make_article(rng)
    index.add("x", a, timestamp=0.0)
    index.add("x", b, timestamp=86400.0 * 3)  # replaced: old bands are gone
    assert [m.id for m in index.query(a) if m.relation == "copy"] == []
    assert index.query(b)[0].id == "x"
    index.add("old", a, timestamp=0.0)
    assert index.evict(now=86400.0 * 3.5) == 1
    assert "old" not in index and len(index) == 1
    with pytest.raises(KeyError):
        index.remove("old")


def test_spec_mismatch_raises(index: RedisDuplicateIndex, redis_url: str) -> None:
    with pytest.raises(SpecMismatch):
        RedisDuplicateIndex(redis_url, prefix=index.prefix, spec=SignatureSpec(seed=5))


def random_fingerprints(n: int, seed: int, spec: SignatureSpec = DEFAULT_SPEC) -> Fingerprints:
    """Fingerprints of n unrelated documents (rewrite keys made from the stems, as on add)."""
    rng = np.random.default_rng(seed)
    stems = rng.integers(1, 2**32, size=(n, spec.content_keep), dtype=np.uint32)
    weights = rng.integers(1, 7, size=stems.shape, dtype=np.uint8)
    return Fingerprints(
        rng.integers(0, 2**32, size=(n, spec.num_perm), dtype=np.uint32),
        rewrite_keys_from_content(stems, spec, weights),
        stems,
        weights,
    )


def test_buckets_split_as_the_table_grows_and_stay_consistent(
    index: RedisDuplicateIndex,
) -> None:
    n = 700
    fps = random_fingerprints(n, seed=1)
    ids = [f"doc-{i}" for i in range(n)]
    index.add_fingerprints(ids, fps, [float(i) for i in range(n)])
    level, split = (int(x) for x in index.r.hmget(index._k("meta"), "level", "split"))
    buckets = list(index.r.scan_iter(match=index._k("b", "*")))
    assert len(buckets) == 2**level + split > 256  # grown past the 256 buckets it starts with
    assert check_consistency(index) == []
    for i in (0, 350, 699):
        found = index.query_fingerprints(fps.row(i))[0]
        assert found[0].id == ids[i] and found[0].similarity == 1.0
    for i in range(0, n, 2):
        index.remove(ids[i])
    assert index.evict(now=86400.0 + 400.5) == 200  # window 1 day: odd ids 1..399 are older
    assert len(index) == 150 and check_consistency(index) == []
    assert index.query_fingerprints(fps.row(2))[0] == []
    for i in range(401, n, 2):
        index.remove(ids[i])
    assert int(index.r.hget(index._k("meta"), "fields")) == 0
    assert all(index.r.hlen(b) == 0 for b in buckets)


def test_removal_rebuilds_rewrite_keys_that_need_the_weights(
    index: RedisDuplicateIndex, redis_url: str
) -> None:
    v3 = SignatureSpec(**{**DEFAULT_SPEC.to_dict(), "content": "content-v3"})
    index.clear()
    other = RedisDuplicateIndex(redis_url, prefix=index.prefix, spec=v3, window_days=1)
    fps = random_fingerprints(50, seed=8, spec=v3)
    other.add_fingerprints([f"v3-{i}" for i in range(50)], fps, [0.0] * 50)
    assert check_consistency(other) == []
    assert other.evict(now=86400.0 * 2) == 50
    assert int(other.r.hget(other._k("meta"), "fields")) == 0
    other.close()


def test_memory_per_document_is_small(index: RedisDuplicateIndex) -> None:
    n = 500
    index.add_fingerprints([f"doc-{i:05d}" for i in range(n)], random_fingerprints(n, 2), [0.0] * n)
    keys = list(index.r.scan_iter(match=index.prefix + ":*"))
    used = sum(int(index.r.memory_usage(k, samples=0)) for k in keys)
    # format 1 took ~23,600 B/doc; the fingerprint alone is 912 B and 89 band fields ~1 KB
    assert used / n < 3000
    buckets = [k for k in keys if k.startswith(index._k("b", "").encode())]
    assert {index.r.object("encoding", b) for b in buckets} == {b"listpack"}


def test_shared_band_keys_hold_several_documents(index: RedisDuplicateIndex) -> None:
    fps = random_fingerprints(1, seed=3)
    twins = Fingerprints(*(np.repeat(a, 3, axis=0) for a in fps.arrays()))
    index.add_fingerprints(["a", "b", "c"], twins, [0.0, 0.0, 0.0])
    assert [m.id for m in index.query_fingerprints(fps)[0]] == ["a", "b", "c"]
    index.remove("b")
    assert [m.id for m in index.query_fingerprints(fps)[0]] == ["a", "c"]
    assert check_consistency(index) == []


def test_a_band_key_of_many_documents_moves_to_a_set(index: RedisDuplicateIndex) -> None:
    fps = random_fingerprints(1, seed=3)  # 40 identical documents (say, 40 empty pages)
    many = Fingerprints(*(np.repeat(a, 40, axis=0) for a in fps.arrays()))
    names = [f"same-{i:02d}" for i in range(40)]
    index.add_fingerprints(names, many, [0.0] * 40)
    assert [m.id for m in index.query_fingerprints(fps)[0]] == names
    # one set per band key: 25 copy bands + 96 rewrite bands
    assert len(list(index.r.scan_iter(match=index._k("s", "*")))) == 121
    buckets = list(index.r.scan_iter(match=index._k("b", "*")))
    assert {index.r.object("encoding", b) for b in buckets} == {b"listpack"}
    for name in names[:39]:
        index.remove(name)
    assert [m.id for m in index.query_fingerprints(fps)[0]] == ["same-39"]
    assert check_consistency(index) == []
    index.remove("same-39")
    assert list(index.r.scan_iter(match=index._k("s", "*"))) == []
    assert int(index.r.hget(index._k("meta"), "fields")) == 0


def test_repeated_ids_in_one_batch_keep_the_last(index: RedisDuplicateIndex) -> None:
    fps = random_fingerprints(2, seed=4)
    index.add_fingerprints(["x", "x"], fps, [1.0, 2.0])
    assert len(index) == 1
    assert [m.id for m in index.query_fingerprints(fps.row(1))[0]] == ["x"]
    assert index.query_fingerprints(fps.row(0))[0] == []
    assert check_consistency(index) == []


def test_a_cleared_history_is_an_error_for_open_clients(index: RedisDuplicateIndex) -> None:
    import redis

    index.clear()
    with pytest.raises(redis.ResponseError, match=FORMAT):
        index.add_fingerprints(["a"], random_fingerprints(1, 5), [0.0])


def _writer(url: str, prefix: str, worker: int, fps_seed: int) -> None:
    """One of several processes writing to one history: its own ids, shared ids, removals."""
    index = RedisDuplicateIndex(url, prefix=prefix)
    fps = random_fingerprints(60, fps_seed)
    for i in range(60):
        id_ = f"shared-{i % 10}" if i % 3 == 0 else f"w{worker}-{i}"
        index.add_fingerprints([id_], fps.row(i), [float(i)])
        if i % 7 == 6:
            try:
                index.remove(f"shared-{(i + worker) % 10}")
            except KeyError:
                pass
    index.close()


def test_several_processes_write_one_history(
    index: RedisDuplicateIndex, redis_url: str
) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(target=_writer, args=(redis_url, index.prefix, w, 10 + w)) for w in range(3)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    own = {f"w{w}-{i}" for w in range(3) for i in range(60) if i % 3}
    assert own <= {i.decode() for i in index.r.hkeys(index._k("ids"))}
    assert check_consistency(index) == []


def test_a_killed_writer_leaves_only_whole_documents(
    index: RedisDuplicateIndex, redis_url: str
) -> None:
    code = (
        "import sys\n"
        "from newsqual.dedup.redis_store import RedisDuplicateIndex\n"
        "from tests.dedup.test_redis_store import random_fingerprints\n"
        "index = RedisDuplicateIndex(sys.argv[1], prefix=sys.argv[2])\n"
        "fps = random_fingerprints(5000, 6)\n"
        "for start in range(0, 5000, 25):\n"
        "    ids = [f'doc-{i % 300}' for i in range(start, start + 25)]\n"  # replaces too
        "    index.add_fingerprints(ids, type(fps)(*(a[start:start + 25] for a in fps.arrays())),"
        " [0.0] * 25)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, redis_url, index.prefix],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        deadline = time.monotonic() + 60
        while int(index.r.get(index._k("next")) or 0) < 400:  # 300 ids: replacing by now
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL  # killed mid-stream, not finished
    assert 0 < len(index) <= 300
    assert check_consistency(index) == []


def _write_format_1(index: RedisDuplicateIndex, docs: list[tuple[str, str, float]]) -> None:
    """A history as the format-1 backend wrote it: spec string, doc hashes, one set per band.
    That release made signatures under spec version 2, whose saved dict had no `scheme`."""
    r, p = index.r, index.prefix
    index.clear()
    fps = fingerprint([t for _, t, _ in docs], SPEC_V2)
    copy_keys = band_keys(fps.copy_sig, *copy_bands(SPEC_V2))
    saved = {k: v for k, v in SPEC_V2.to_dict().items() if k != "scheme"}
    r.set(f"{p}:meta", json.dumps(saved, sort_keys=True))
    for i, (id_, _, ts) in enumerate(docs):
        blob = b"".join(np.ascontiguousarray(a[i]).tobytes() for a in fps.arrays())
        r.hset(f"{p}:doc:{id_}", mapping={"f": blob, "ts": repr(ts)})
        for k in copy_keys[i].tolist():
            r.sadd(f"{p}:c:{k}", id_)
        for k in fps.rewrite_keys[i].tolist():
            r.sadd(f"{p}:r:{k}", id_)
        r.zadd(f"{p}:ts", {id_: ts})


def test_format_1_is_refused_then_migrated(
    index: RedisDuplicateIndex, redis_url: str, rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [make_article(rng) for _ in range(3)]
    _write_format_1(index, [(f"old-{i}", t, float(i)) for i, t in enumerate(texts)])
    with pytest.raises(RedisFormatError, match="migrate"):
        RedisDuplicateIndex(redis_url, prefix=index.prefix)
    with pytest.raises(SpecMismatch):  # its signatures are spec 2: say so, and change nothing
        RedisDuplicateIndex.migrate(redis_url, prefix=index.prefix, spec=DEFAULT_SPEC)
    with pytest.raises(RedisFormatError, match="format 1"):
        RedisDuplicateIndex(redis_url, prefix=index.prefix)

    def crash(*args: object, **kw: object) -> None:
        raise ConnectionError("killed halfway")

    with monkeypatch.context() as m:  # an interrupted migration is refused, then finished
        m.setattr(RedisDuplicateIndex, "add_fingerprints", crash)
        with pytest.raises(ConnectionError):
            RedisDuplicateIndex.migrate(redis_url, prefix=index.prefix, spec=SPEC_V2)
    with pytest.raises(RedisFormatError, match="unfinished"):
        RedisDuplicateIndex(redis_url, prefix=index.prefix)
    # Without a spec, migration (and later opening) adopts the one the history was made under.
    assert RedisDuplicateIndex.migrate(redis_url, prefix=index.prefix) == 3
    assert RedisDuplicateIndex.migrate(redis_url, prefix=index.prefix, spec=SPEC_V2) == 0
    assert RedisDuplicateIndex(redis_url, prefix=index.prefix).spec == SPEC_V2
    with pytest.raises(SpecMismatch):
        RedisDuplicateIndex(redis_url, prefix=index.prefix, spec=DEFAULT_SPEC)
    new = RedisDuplicateIndex(redis_url, prefix=index.prefix, window_days=1, spec=SPEC_V2)
    assert len(new) == 3 and check_consistency(new) == []
    assert [m.id for m in new.query(texts[1])] == ["old-1"]
    leftovers = [k for k in index.r.scan_iter(match=index.prefix + ":*") if b":b:" not in k]
    assert sorted(k.decode().split(":")[-1] for k in leftovers) == sorted(
        ["meta", "ids", "next", "ts", *(str(n) for n in range(1, 4))]
    )
    assert new.evict(now=86400.0 + 1.5) == 2
    new.close()


def test_a_killed_server_restarts_with_whole_documents(tmp_path: Path) -> None:
    """With AOF on, Redis logs each script's writes as one MULTI/EXEC: SIGKILL the server in
    the middle of a stream of adds and what it reloads is still whole documents."""
    aof = ("--save", "", "--appendonly", "yes", "--appendfsync", "always")
    server, port = _start_redis(tmp_path, *aof)
    url = f"redis://127.0.0.1:{port}/0"
    writer = subprocess.Popen(
        [sys.executable, "-c", _KEEP_WRITING, url, "aof"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.DEVNULL,
    )
    try:
        index = RedisDuplicateIndex(url, prefix="aof")
        deadline = time.monotonic() + 60
        while len(index) < 200:
            assert writer.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        index.r.close()
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        writer.kill()
        writer.wait(timeout=10)
        server.kill()
    server, port = _start_redis(tmp_path, *aof)
    try:
        index = RedisDuplicateIndex(f"redis://127.0.0.1:{port}/0", prefix="aof")
        assert len(index) >= 200
        assert check_consistency(index) == []
        index.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


_KEEP_WRITING = """
import sys
from newsqual.dedup.redis_store import RedisDuplicateIndex
from tests.dedup.test_redis_store import random_fingerprints
index = RedisDuplicateIndex(sys.argv[1], prefix=sys.argv[2])
fps = random_fingerprints(5000, 7)
for i in range(5000):
    index.add_fingerprints([f"doc-{i % 400}"], fps.row(i), [0.0])
"""

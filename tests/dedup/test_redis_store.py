"""The Redis backend against a real redis-server started on a free local port."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsqual.dedup.index import DuplicateIndex
from newsqual.dedup.redis_store import RedisDuplicateIndex
from newsqual.dedup.spec import SignatureSpec, SpecMismatch
from tests.dedup.conftest import make_article


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server); Redis backend untested"
        )
    port = _free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None:
                pytest.skip(f"redis-server could not start (exit code {proc.returncode})")
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.skip("redis-server did not answer PING within 5 s")
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
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
    texts = [make_article(rng) for _ in range(25)]
    local = DuplicateIndex()
    for i, t in enumerate(texts):
        index.add(f"d{i}", t, timestamp=float(i))
        local.add(f"d{i}", t, timestamp=float(i))
    assert len(index) == 25 and "d3" in index and "zz" not in index
    for t in texts[::4] + ["Banner\n" + texts[5] + "\nFooter"]:
        assert index.query(t) == local.query(t)


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

"""The on-disk store: round trip, spec check, journal replay, and crashes that corrupt nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsqual.dedup.index import DuplicateIndex
from newsqual.dedup.spec import SignatureSpec, SpecMismatch
from tests.dedup.conftest import make_article

ROOT = Path(__file__).resolve().parents[2]


def test_save_and_load_round_trip(tmp_path: Path, rng: random.Random) -> None:
    texts = [make_article(rng) for _ in range(30)]
    index = DuplicateIndex(tmp_path / "idx")
    index.add_many([(f"d{i}", t) for i, t in enumerate(texts)], timestamps=list(range(30)))
    index.remove("d3")
    index.save()
    index.close()
    again = DuplicateIndex.load(tmp_path / "idx")
    assert len(again) == 29 and "d3" not in again
    assert again.query(texts[7])[0].id == "d7"
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [
        "CURRENT",
        "LOCK",
        "gen-000003",
        "journal-000003.log",  # created, saved, closed
    ]


def test_in_memory_index_saves_to_a_path(tmp_path: Path, rng: random.Random) -> None:
    index = DuplicateIndex()
    text = make_article(rng)
    index.add("x", text)
    index.save(tmp_path / "copy")
    index.close()
    assert DuplicateIndex.load(tmp_path / "copy").query(text)[0].id == "x"


def test_adds_without_save_survive_through_the_journal(tmp_path: Path, rng: random.Random) -> None:
    text = make_article(rng)
    index = DuplicateIndex(tmp_path / "j")
    index.add("kept", text, timestamp=5.0)
    index._store.close()  # no save: only the journal has it
    again = DuplicateIndex(tmp_path / "j")
    assert "kept" in again and again.query(text)[0].id == "kept"


def test_torn_journal_line_is_dropped(tmp_path: Path, rng: random.Random) -> None:
    index = DuplicateIndex(tmp_path / "t")
    index.add("a", make_article(rng))
    index.add("b", make_article(rng))
    index._store.close()
    journal = next((tmp_path / "t").glob("journal-*.log"))
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) - 40])  # the second record is cut mid-line
    again = DuplicateIndex(tmp_path / "t")
    assert "a" in again and "b" not in again
    again.add("c", make_article(rng))  # appends after the last good line
    again._store.close()
    assert set(DuplicateIndex(tmp_path / "t").ids()) == {"a", "c"}


def test_spec_mismatch_on_load_raises(tmp_path: Path, rng: random.Random) -> None:
    index = DuplicateIndex(tmp_path / "s")
    index.add("a", make_article(rng))
    index.close()
    with pytest.raises(SpecMismatch):
        DuplicateIndex(tmp_path / "s", spec=SignatureSpec(seed=99))


def test_second_writer_is_refused(tmp_path: Path) -> None:
    first = DuplicateIndex(tmp_path / "l")
    with pytest.raises(RuntimeError, match="Redis"):
        DuplicateIndex(tmp_path / "l")
    first.close()


def test_load_of_missing_index_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        DuplicateIndex.load(tmp_path / "none")


_WRITER = """
import random, sys
sys.path.insert(0, {root!r})
from newsqual.dedup.index import DuplicateIndex
from tests.dedup.conftest import make_article
rng = random.Random(7)
index = DuplicateIndex({path!r})
index.add_many([(f"saved{{i}}", make_article(rng)) for i in range(20)])
index.save()
print("saved", flush=True)
i = 0
while True:
    index.add(f"late{{i}}", make_article(rng))
    i += 1
    if i % 7 == 0:
        index.save()
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.2, 0.6, 1.1])
def test_kill_during_add_and_save_corrupts_nothing(tmp_path: Path, delay: float) -> None:
    path = str(tmp_path / "crash")
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER.format(root=str(ROOT), path=path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    index = DuplicateIndex(path)
    rng = random.Random(7)
    saved = [make_article(rng) for _ in range(20)]
    assert all(f"saved{i}" in index for i in range(20))
    for i in (0, 9, 19):
        assert index.query(saved[i])[0].id == f"saved{i}"
    late = [i for i in index.ids() if i.startswith("late")]
    assert late == [f"late{k}" for k in range(len(late))]  # a prefix of the adds, nothing garbled

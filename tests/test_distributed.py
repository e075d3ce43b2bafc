"""newsqual.distributed on a real Dask cluster of local worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsqual

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed (pip install '.[dask]')")
distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
pd = pytest.importorskip("pandas")

from newsqual.distributed import duplicate_frame, score_frame  # noqa: E402

EXAMPLES = Path(newsqual.__file__).parent / "examples"


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"could not start a local Dask cluster: {exc}")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _corpus() -> pd.DataFrame:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts.append((EXAMPLES / "page_with_chrome.html").read_text(encoding="utf-8"))
    story = texts[0]
    texts += ["Share this story\n" + story + "\nRead more", "\x00\x01\x02\x03" * 60, None, ""]
    return pd.DataFrame({"id": [f"d{i}" for i in range(len(texts))], "text": texts,
                         "ts": [float(100 - i) for i in range(len(texts))]})


@pytest.mark.slow
def test_score_frame_on_workers_equals_score_many(client) -> None:  # type: ignore[no-untyped-def]
    df = _corpus()
    out = score_frame(dd.from_pandas(df, npartitions=3)).compute()
    assert out["id"].tolist() == df["id"].tolist()
    texts = [t if isinstance(t, (str, bytes)) else "" for t in df["text"]]
    want = newsqual.score_many(texts)
    assert out["label"].tolist() == [r.label for r in want]
    for got, r in zip(out["score"].tolist(), want, strict=True):
        assert (got != got) if r.error else got == pytest.approx(r.score)  # NaN for errors
    assert out["error"].notna().sum() == sum(r.error is not None for r in want) >= 2
    assert all(json.dumps(f) for f in out["flags"])
    workers = client.run(lambda: 1)
    assert len(workers) == 2


@pytest.mark.slow
def test_duplicate_frame_matches_cluster(client) -> None:  # type: ignore[no-untyped-def]
    df = _corpus()
    got = duplicate_frame(dd.from_pandas(df, npartitions=3), timestamp_col="ts")
    assert got["id"].tolist() == df["id"].tolist()
    judged = [newsqual.score(t).text if isinstance(t, (str, bytes)) and not
              newsqual.score(t).error else "" for t in df["text"]]
    want = newsqual.cluster(list(zip(df["id"], judged, strict=True)),
                            timestamps=dict(zip(df["id"], df["ts"], strict=True)))
    assert [(m.cluster, m.role, m.keeper) for m in want] == list(
        zip(got["cluster"], got["role"], got["keeper"], strict=True))
    copy_row = got[got["id"] == f"d{len(df) - 4}"].iloc[0]
    # The repost is newer (smaller timestamp is earlier: it was given the larger id number).
    assert copy_row["role"] == "original" and copy_row["keeper"] == copy_row["id"]
    first = got[got["id"] == "d0"].iloc[0]
    assert first["role"] == "copy" and first["keeper"] == copy_row["id"]

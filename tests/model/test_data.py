"""newsqual/model/data.py: whitespace normalisation and the dataset readers."""

from __future__ import annotations

import pytest

from newsqual.model.data import data_available, load_machine, load_reliability, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("Alex Jones  a host", "Alex Jones a host"),
        ("tab\t\tand\u00a0nbsp", "tab and nbsp"),
        ("trailing   \nnext", "trailing\nnext"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("  padded  ", "padded"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalise_is_idempotent() -> None:
    raw = "A  b\r\n\r\n\r\nc \u00a0 d"
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)


def test_readers_skip_satire_and_use_binary_labels() -> None:
    if not data_available():
        pytest.skip("../shared/data is absent (set NEWSQUAL_SHARED to the shared folder)")
    rel = load_reliability()
    assert {a.y for a in rel} == {0, 1}
    assert not any("satire" in a.id for a in rel)
    assert all(a.group.startswith(a.dataset + ":") for a in rel)
    mac = load_machine()
    assert {a.subset for a in mac if a.y == 0} == {"human"}
    assert len({a.subset for a in mac if a.y == 1}) == 4

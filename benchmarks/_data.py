"""Shared loader for the development data in ``../shared`` (never copied into the repository).

The folder is found from ``$NEWSQUAL_SHARED``, else ``<repo>/../shared``. Benchmarks call
:func:`require_shared` (raises :class:`SkipError` with a clear message when the data is absent);
tests turn that into ``pytest.skip``::

    try:
        records = load_jsonl("reliability/horne2017")
    except SkipError as exc:
        pytest.skip(str(exc))

Import from a benchmark run as ``python benchmarks/x.py`` with ``from _data import ...``; from a
test (repository root on ``sys.path``) with ``from benchmarks._data import ...``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

#: The JSONL folders under ``data/`` (see ``../shared/data/README.md``).
FOLDERS = ("reliability", "machine")


class SkipError(RuntimeError):
    """The shared data (or the requested part of it) is not there; skip, do not fail."""


def shared_dir() -> Path | None:
    """The shared folder (``$NEWSQUAL_SHARED``, else ``<repo>/../shared``), or None when absent.

    >>> p = shared_dir()
    >>> p is None or (p / "data").is_dir()
    True
    """
    env = os.environ.get("NEWSQUAL_SHARED")
    candidate = Path(env) if env else REPO_ROOT.parent / "shared"
    return candidate.resolve() if candidate.is_dir() else None


def require_shared(*parts: str) -> Path:
    """``shared_dir() / parts...``, or raise :class:`SkipError` saying what is missing and why.

    >>> try:
    ...     p = require_shared("data")
    ... except SkipError:
    ...     p = None
    """
    base = shared_dir()
    if base is None:
        where = os.environ.get("NEWSQUAL_SHARED") or str(REPO_ROOT.parent / "shared")
        raise SkipError(f"shared development data not found at {where} "
                        "(set NEWSQUAL_SHARED to the folder holding data/ and examples/)")
    path = base.joinpath(*parts)
    if not path.exists():
        raise SkipError(f"{path} is missing from the shared development data")
    return path


def data_dir() -> Path:
    """``<shared>/data``; raises :class:`SkipError` when absent."""
    return require_shared("data")


def examples_dir() -> Path:
    """``<shared>/examples`` (the five founding example articles); raises :class:`SkipError`."""
    return require_shared("examples")


def example_files() -> list[Path]:
    """The founding example files in name order (``000_*.txt`` ... ``004_*.txt``)."""
    return sorted(examples_dir().glob("*.txt"))


def example_text(prefix: str) -> str:
    """The text of the example whose file name starts with `prefix` (e.g. ``"001"``), as is.

    Read with ``newline=""`` so line endings are kept exactly as in the file.
    """
    matches = [p for p in example_files() if p.name.startswith(prefix)]
    if not matches:
        raise SkipError(f"no example starting with {prefix!r} in {examples_dir()}")
    with matches[0].open(encoding="utf-8", newline="") as fh:
        return fh.read()


def jsonl_files(folders: Iterable[str] = FOLDERS) -> list[Path]:
    """All ``*.jsonl`` files in the given ``data/`` folders (absent folders are skipped)."""
    base = data_dir()
    return [p for folder in folders if (base / folder).is_dir()
            for p in sorted((base / folder).glob("*.jsonl"))]


def resolve(name_or_path: str | os.PathLike[str]) -> Path:
    """Find a JSONL file: an existing path, or a name such as ``horne2017``,
    ``horne2017.jsonl``, ``reliability/horne2017`` or the ``dataset`` value ``fakenewsnet-v1``.
    """
    path = Path(name_or_path)
    if path.is_file():
        return path
    name = str(name_or_path)
    stem = name[:-6] if name.endswith(".jsonl") else name
    base = data_dir()
    direct = base / f"{stem}.jsonl"
    if direct.is_file():
        return direct
    wanted = {stem, stem.replace("-", "_")}
    for p in jsonl_files():
        if p.stem in wanted or any(p.stem.endswith("_" + w) for w in wanted):
            return p
    raise SkipError(f"no JSONL file named {name!r} under {base}")


def load_jsonl(name_or_path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """All records of one JSONL file (see :func:`resolve` for accepted names).

    >>> try:
    ...     rows = load_jsonl("horne2017")
    ... except SkipError:
    ...     rows = []
    >>> all("text" in r for r in rows)
    True
    """
    path = resolve(name_or_path)
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def iter_records(datasets: Iterable[str] | None = None, labels: Iterable[str] | None = None,
                 folders: Iterable[str] = ("reliability",)) -> Iterator[dict[str, Any]]:
    """Records from the JSONL files of `folders`, optionally only some `datasets`
    (the ``dataset`` field, e.g. ``horne2017``) and `labels` (e.g. ``reliable``).

    >>> try:
    ...     labels = {r["label"] for r in iter_records(labels=["reliable"])}
    ... except SkipError:  # no ../shared here
    ...     labels = {"reliable"}
    >>> labels
    {'reliable'}
    """
    want_ds = set(datasets) if datasets is not None else None
    want_lb = set(labels) if labels is not None else None
    files = jsonl_files(folders)
    if not files:
        raise SkipError(f"no JSONL files in {list(folders)} under {data_dir()}")
    for path in files:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if want_ds is not None and rec.get("dataset") not in want_ds:
                    continue
                if want_lb is not None and rec.get("label") not in want_lb:
                    continue
                yield rec


#: ``notes`` values that mark a record whose text is a scraper failure, not an article.
SCRAPER_FAILURE_NOTES = frozenset({"empty_text", "short_text"})


def is_scraper_failure(record: dict[str, Any]) -> bool:
    """True when the data notes say the text is not a real article body (empty or too short)."""
    return bool(SCRAPER_FAILURE_NOTES.intersection(record.get("notes") or ()))


def wcxb_main_texts(*, page_type: str | None = "article", english_only: bool = True,
                    min_chars: int = 200) -> list[tuple[dict[str, Any], str]]:
    """(page record, ground-truth main content) of the WCXB dev pages
    (``data/boilerplate/wcxb``): by default the English article pages of ``min_chars`` or more
    (a page without a ``lang`` attribute counts as English); ``page_type=None`` for every type.
    """
    import gzip

    base = require_shared("data", "boilerplate", "wcxb")
    out = []
    with (base / "pages.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            page = json.loads(line)
            if page_type is not None and page["page_type"] != page_type:
                continue
            if english_only and not (page.get("lang") or "en").startswith("en"):
                continue
            path = base / page["ground_truth_path"]
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8") as gt:
                text = (json.load(gt).get("ground_truth") or {}).get("main_content") or ""
            if len(text) >= min_chars:
                out.append((page, text))
    return out

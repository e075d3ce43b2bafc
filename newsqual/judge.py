"""`score`, `score_many` and `clean`: input -> Document -> detectors -> features -> score ->
Report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Union

from newsqual.cleaning import clean_text
from newsqual.detectors import detect
from newsqual.document import Document
from newsqual.features import extract
from newsqual.report import Flag, Report
from newsqual.scoring import combined_score, label_for

Input = Union[str, bytes, Document]  # noqa: UP007 - a runtime alias on Python 3.10


def _input_flags(doc: Document) -> list[Flag]:
    if doc.truncated_at is None:
        return []
    n = len(doc.text)
    start = max(0, n - 1)
    return [Flag("truncated_input", start, n, doc.text[start:n],
                 f"input was longer than the limit and was cut at {doc.truncated_at} characters",
                 "medium", "input")]


def _combine(doc: Document, flags: list[Flag], features: dict[str, float]) -> Report:
    """Turn flags and features into the score: the rule-based artifact score, lowered by at most
    half by the shipped model's calibrated reliability (rules alone when no model is usable; see
    scoring.combined_score). Style features are added here, computed on the judged text."""
    from newsqual.model.style import style_features

    features = {**features, **style_features(doc.text)}
    scored = combined_score(features, flags, text=doc.text)
    return Report(score=scored.score, label=label_for(scored.score), flags=flags,
                  scores=scored.scores, features=features, text=doc.text,
                  contributions=scored.contributions, source_format=doc.source_format)


def analyse(doc: Input, *, fmt: str | None = None) -> tuple[Document, list[Flag], dict[str, float]]:
    """The evidence behind a score: the document, its flags and its features (no scoring)."""
    document = Document.from_input(doc, fmt=fmt)
    if document.error:
        return document, [], {}
    flags = _input_flags(document) + detect(document)
    return document, flags, extract(document, flags)


def score(doc: Input, *, fmt: str | None = None) -> Report:
    """Judge one article (plain text, HTML, or bytes in any encoding): its :class:`Report`.

    >>> r = score("Pages ended here. SQLSTATE[HY000] [2002] Connection refused")
    >>> r.label, r.flags[0].kind
    ('reject', 'sql_error')
    """
    document, flags, features = analyse(doc, fmt=fmt)
    if document.error:
        return Report(score=0.0, label="error", text=document.text, error=document.error,
                      source_format=document.source_format)
    return _combine(document, flags, features)


def _score_chunk(docs: list[Input], fmt: str | None) -> list[Report]:
    return [score(d, fmt=fmt) for d in docs]


def score_many(docs: Iterable[Input], *, n_jobs: int = 1, fmt: str | None = None,
               chunk_size: int = 32, duplicates: bool = False, history: Any | None = None,
               ids: Sequence[str] | None = None) -> list[Report]:
    """Score many documents, in parallel over `n_jobs` processes (joblib; -1 = all cores).

    Results equal calling :func:`score` one by one, in input order. With ``duplicates=True``
    the batch is also clustered into stories, and with ``history=`` (a
    :class:`newsqual.DuplicateIndex`, only read) each article is checked against earlier ones:
    reports then carry ``duplicate`` and ``dup_*`` features named by `ids` (default: positions).
    Neither changes a score (see :mod:`newsqual.duplicates`).
    """
    items = list(docs)
    if n_jobs == 1 or len(items) <= chunk_size:
        reports = _score_chunk(items, fmt)
    else:
        from joblib import Parallel, delayed

        chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
        results = Parallel(n_jobs=n_jobs)(delayed(_score_chunk)(c, fmt) for c in chunks)
        reports = [r for chunk in results for r in chunk]
    if duplicates or history is not None:
        from newsqual.duplicates import annotate

        annotate(reports, ids, history, batch=duplicates)
    return reports


def clean(doc: Input, *, fmt: str | None = None) -> str:
    """The article text with flagged debris (errors, placeholders, banners, spam contacts,
    scraper footers, page chrome) removed. Scoring never does this by itself.

    >>> clean("A sentence.\\nSource link : https://example.com/x\\n")
    'A sentence.\\n'
    """
    document, flags, _ = analyse(doc, fmt=fmt)
    return clean_text(document, flags) if not document.error else ""

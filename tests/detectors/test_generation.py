"""Tests for newsqual/detectors/generation.py: chatbot tells, filler density, summary headings,
the classifier features, the measured vocabulary file, and behaviour on the shared data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from newsqual.detectors import generation
from newsqual.document import Document

#: A long clean news article written for these tests (see clean_article.txt: abbreviations,
#: numbers, URLs, brand names, plural names, two holders of one office marked "former").
CLEAN_ARTICLE = (Path(__file__).with_name("clean_article.txt")).read_text(encoding="utf-8")

RULES = {r.kind: r for r in generation.RULES}


def flags(kind: str, text: str):  # type: ignore[no-untyped-def]
    doc = Document.from_text(text)
    out = RULES[kind].detect(doc)
    for f in out:
        assert doc.text[f.start:f.end] == f.evidence and f.family == "generation"
    return out


def test_chatbot_tell_spans_in_a_multiline_article() -> None:
    text = ("Markets Rally\r\n\r\nStocks rose on Monday.\r\nAs an AI language model, I cannot "
            "give financial advice.\r\nRegenerate response\r\n")
    got = [(f.start, f.end, f.severity) for f in flags("chatbot_tell", text)]
    a = text.index("As an AI language model")
    b = text.index("Regenerate response")
    assert got == [(a, a + len("As an AI language model"), "high"),
                   (b, b + len("Regenerate response"), "high")]


def test_filler_density_flags_every_hit_when_dense() -> None:
    text = RULES["llm_filler_density"].positives[0]
    out = flags("llm_filler_density", text)
    assert len(out) >= 5 and {f.severity for f in out} == {"medium"}
    assert all(f.evidence.lower() in text.lower() for f in out)
    # the same vocabulary spread thinly through a long human article stays silent
    sparse = CLEAN_ARTICLE + "\n" + "It remains to be seen whether the plan works.\n"
    assert flags("llm_filler_density", sparse) == []


def test_filler_vocabulary_file_is_valid() -> None:
    vocab = generation.filler_vocabulary()
    assert vocab.threshold > 0 and len(vocab.terms) == len(vocab.weights)
    assert all(w > 0 for w in vocab.weights)
    for term in vocab.terms:
        re.compile(term)
    hit = vocab.pattern.search("They play a crucial role.")
    assert hit is not None and hit.group() == "play a crucial role"  # longest term wins


def test_summary_heading_span() -> None:
    text = "Body text here.\n\n## In Conclusion\n\nThe end of the story."
    out = flags("summary_heading", text)
    start = text.index("In Conclusion")
    assert [(f.start, f.end) for f in out] == [(start, start + len("In Conclusion"))]
    assert flags("summary_heading", "Body.\n\nIn Conclusion\n") == []  # nothing follows


def test_features_are_named_and_finite() -> None:
    doc = Document.from_text(CLEAN_ARTICLE)
    feats = generation.features(doc)
    assert set(feats) == set(generation.FEATURE_NAMES)
    assert all(math.isfinite(v) for v in feats.values())
    assert feats["gen.filler_per_1k"] == 0.0 and feats["gen.chatbot_tells"] == 0.0
    spun = Document.from_text("However, it rained. Moreover, it was cold. The match went on.")
    assert generation.features(spun)["gen.transition_start_frac"] == pytest.approx(2 / 3)


def test_clean_article_gets_no_generation_flags() -> None:
    doc = Document.from_text(CLEAN_ARTICLE)
    assert [f for r in generation.RULES for f in r.detect(doc)] == []


# --- shared data (read from ../shared, never copied) ---------------------------------------------

def _data():  # type: ignore[no-untyped-def]
    try:
        from benchmarks import _data
        _data.data_dir()
    except Exception as exc:  # ImportError or SkipError
        pytest.skip(f"shared data unavailable: {exc}")
    return _data


def test_examples_000_to_002_are_dense_with_filler() -> None:
    data = _data()
    try:
        docs = {p: Document.from_text(data.example_text(p)) for p in ("000", "001", "002", "003")}
    except data.SkipError as exc:
        pytest.skip(str(exc))
    for p in ("000", "001", "002"):
        assert RULES["llm_filler_density"].detect(docs[p]), f"example {p} not flagged"
    dens = {p: generation.filler_stats(d).density for p, d in docs.items()}
    assert min(dens["000"], dens["001"], dens["002"]) > dens["003"]
    assert RULES["summary_heading"].detect(docs["001"])


def test_filler_density_separates_machine_news_and_spares_human_news() -> None:
    data = _data()
    from sklearn.metrics import roc_auc_score

    rows = data.load_jsonl("iu_human_ai_news")
    dens = [generation.filler_stats(Document.from_text(r["text"])).density for r in rows]
    y = [r["label"] == "machine" for r in rows]
    assert roc_auc_score(y, dens) >= 0.6
    human = [r["text"] for r in data.iter_records(labels=["reliable"])]
    human += [r["text"] for r in rows if r["label"] == "human"]
    flagged = np.mean([bool(RULES["llm_filler_density"].detect(Document.from_text(t)))
                       for t in human])
    assert flagged <= 0.01


def test_filler_words_used_as_names_do_not_count() -> None:
    doc = Document.from_text("Shares of Paramount rose. Vital Farms fell. Crucially, the vote "
                             "was vital, and Paramount said so.")
    counted = [doc.text[a:b] for a, b, _ in generation.filler_stats(doc).hits]
    assert counted == ["Crucially", "vital"]


def test_a_sentence_start_name_counts_only_when_not_named_elsewhere() -> None:
    alone = "Paramount scooped up the rights. It was paramount, he said."
    named = "Paramount scooped up the rights. Shares of Paramount rose."

    def spans(text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in re.finditer("(?i)paramount", text)]

    assert generation.drop_name_uses(alone, spans(alone)) == [True, True]
    assert generation.drop_name_uses(named, spans(named)) == [False, False]


def test_rule_and_features_share_one_pass() -> None:
    """The rule's finders and features() read the same memoised results for a document."""
    doc = Document.from_text("As an AI language model, I cannot say.\n\nIn Conclusion\n\nMore.")
    assert generation.filler_stats(doc) is generation.filler_stats(doc)
    features = generation.features(doc)
    assert features["gen.chatbot_tells"] == len(RULES["chatbot_tell"].detect(doc)) == 1
    assert features["gen.summary_headings"] == len(RULES["summary_heading"].detect(doc)) == 1

"""Where the English gate of the models falls: common-English-word share of real texts.

newsqual's reliability and machine-generation models were trained on English news; for a text of
``LANGUAGE_MIN_WORDS`` words or more whose share of common English words
(``style.common_word_share``) is below ``ENGLISH_MIN_SHARE``, ``newsqual.score`` leaves them out
and the score is the rule score (:func:`newsqual.scoring.models_apply`). This command prints the
share on every English set of ``../shared/data`` (reliability and machine news, the ground-truth
main text of the WCXB article pages) and on the WCXB pages that are not English or not articles,
with every text the gate would turn away, so the threshold can be checked by eye.

Run: ``.venv/bin/python benchmarks/english_gate.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO_ROOT, SkipError, iter_records, wcxb_main_texts  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from newsqual.document import Document  # noqa: E402
from newsqual.model.style import style_features  # noqa: E402
from newsqual.scoring import ENGLISH_MIN_SHARE, LANGUAGE_MIN_WORDS, models_apply  # noqa: E402
from newsqual.stats import text_stats  # noqa: E402


def gate_inputs(text: str) -> dict[str, float]:
    """The two features the gate reads."""
    return {"n_words": text_stats(Document.from_text(text))["n_words"],
            "style.common_word_share": style_features(text)["style.common_word_share"]}


def main() -> int:
    try:
        sets: dict[str, list[tuple[str, str]]] = {
            "reliability (all labels)": [(r["id"], r["text"] or "") for r in iter_records()],
            "machine (human + ChatGPT)": [(r["id"], r["text"] or "")
                                          for r in iter_records(folders=("machine",))],
            "WCXB English articles": [(p["file_id"], t) for p, t in wcxb_main_texts()],
        }
        others = [(f"{p['file_id']} {p.get('lang') or '-'} {p['page_type']} "
                   f"{(p.get('url') or '')[:60]}", t)
                  for p, t in wcxb_main_texts(page_type=None, english_only=False)
                  if not ((p.get("lang") or "en").startswith("en")
                          and p["page_type"] == "article")]
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    sets["WCXB other pages (any language, not articles)"] = others
    print(f"gate: models apply when n_words < {LANGUAGE_MIN_WORDS} or common-English share >= "
          f"{ENGLISH_MIN_SHARE}\n")
    print(f"{'set':<48}{'texts':>7}{'min':>7}{'p0.5':>7}{'p5':>7}{'median':>8}{'gated':>7}")
    turned_away: list[tuple[str, str, float]] = []
    for name, texts in sets.items():
        feats = [gate_inputs(t) for _, t in texts]
        share = np.array([f["style.common_word_share"] for f in feats
                          if f["n_words"] >= LANGUAGE_MIN_WORDS])
        gated = [(name, ident, f["style.common_word_share"])
                 for f, (ident, _) in zip(feats, texts, strict=True) if not models_apply(f)]
        turned_away += gated
        q = np.percentile(share, [0, 0.5, 5, 50]) if len(share) else [np.nan] * 4
        print(f"{name:<48}{len(texts):>7}" + "".join(f"{v:>7.3f}" for v in q[:3])
              + f"{q[3]:>8.3f}{len(gated):>7}")
    print("\ntexts the gate turns away (the models are not applied to them):")
    for name, ident, share in turned_away:
        print(f"  {share:.3f}  {name}: {ident}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

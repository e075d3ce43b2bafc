"""Where the English gate of the models falls: common-English share of the prose of real texts.

newsqual's reliability and machine-generation models were trained on English news; when the
prose lines of a text (lines of 8+ words) hold ``LANGUAGE_MIN_WORDS`` words or more and under
``ENGLISH_MIN_SHARE`` of them are common English words, ``newsqual.score`` leaves the models out
and the score is the rule score (:func:`newsqual.scoring.models_apply`). This command prints that
share for every English set of ``../shared/data`` (reliability and machine news, the ground-truth
main text of the WCXB article pages, and the same pages' raw HTML as ``score`` renders it, menus
and all), for the WCXB pages that are not English articles, and for the news paragraphs in eight
other languages in ``benchmarks/_languages.py``; then every text the gate turns away.

The peer, when installed (``pip install -e '.[bench]'``): py3langid, a numpy port of langid.py
(Lui & Baldwin 2012), on the same texts: the share of each set it calls English, how often the
gate agrees with it (models applied <=> English), and the time per text of each.

Run: ``.venv/bin/python benchmarks/english_gate.py [--no-html]`` (the HTML row renders 709 pages,
about a minute).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO_ROOT, SkipError, iter_records, require_shared, wcxb_main_texts  # noqa: E402
from _languages import NOT_ENGLISH  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from newsqual.document import Document  # noqa: E402
from newsqual.model.style import language_features  # noqa: E402
from newsqual.scoring import ENGLISH_MIN_SHARE, LANGUAGE_MIN_WORDS, models_apply  # noqa: E402


def rendered_html(page: dict[str, object]) -> str:
    """The text ``newsqual.score`` judges for a WCXB page's raw HTML."""
    path = require_shared("data", "boilerplate", "wcxb") / str(page["html_path"])
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return Document.from_input(raw, fmt="html").text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-html", action="store_true", help="skip rendering the WCXB pages")
    args = ap.parse_args(argv)
    try:
        articles = wcxb_main_texts()
        sets: dict[str, list[tuple[str, str]]] = {
            "reliability (all labels)": [(r["id"], r["text"] or "") for r in iter_records()],
            "machine (human + ChatGPT)": [(r["id"], r["text"] or "")
                                          for r in iter_records(folders=("machine",))],
            "WCXB English articles, main text": [(p["file_id"], t) for p, t in articles],
        }
        if not args.no_html:
            sets["WCXB English articles, whole HTML page"] = [
                (p["file_id"], rendered_html(p)) for p, _ in articles]
        sets["WCXB other pages (any language, not articles)"] = [
            (f"{p['file_id']} {p.get('lang') or '-'} {p['page_type']} "
             f"{(p.get('url') or '')[:60]}", t)
            for p, t in wcxb_main_texts(page_type=None, english_only=False)
            if not ((p.get("lang") or "en").startswith("en") and p["page_type"] == "article")]
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    sets["news in 8 other languages (benchmarks/_languages.py)"] = sorted(NOT_ENGLISH.items())
    print(f"gate: the models apply when prose words < {LANGUAGE_MIN_WORDS} or the common-English "
          f"share of the prose >= {ENGLISH_MIN_SHARE}\n")
    try:
        import py3langid
    except ImportError:
        py3langid = None
        print("(peer skipped: pip install -e '.[bench]' for py3langid)\n")
    print(f"{'set (share over texts with enough prose)':<54}{'texts':>7}{'min':>7}{'p0.5':>7}"
          f"{'p5':>7}{'max':>7}{'gated':>7}" + ("  py3langid: en  agree" if py3langid else ""))
    turned_away: list[tuple[str, str, float]] = []
    gate_s = peer_s = 0.0
    for name, texts in sets.items():
        t0 = time.perf_counter()
        feats = [language_features(t) for _, t in texts]
        gate_s += time.perf_counter() - t0
        share = np.array([f["lang.english_prose_share"] for f in feats
                          if f["lang.prose_words"] >= LANGUAGE_MIN_WORDS])
        gated = [(name, ident, f["lang.english_prose_share"])
                 for f, (ident, _) in zip(feats, texts, strict=True) if not models_apply(f)]
        turned_away += gated
        q = [*np.percentile(share, [0, 0.5, 5]), share.max()] if len(share) else [np.nan] * 4
        row = f"{name:<54}{len(texts):>7}" + "".join(f"{v:>7.3f}" for v in q) + f"{len(gated):>7}"
        if py3langid:
            t0 = time.perf_counter()
            english = [py3langid.classify(t)[0] == "en" for _, t in texts]
            peer_s += time.perf_counter() - t0
            agree = np.mean([models_apply(f) == e for f, e in zip(feats, english, strict=True)])
            row += f"  {np.mean(english):>12.1%}{agree:>7.1%}"
        print(row)
    if py3langid:
        print(f"\ntime: gate {gate_s:.1f} s, py3langid {peer_s:.1f} s on the same texts "
              f"(gate / py3langid = {gate_s / peer_s:.2f}x the time)")
    print("\ntexts the gate turns away (the models are not applied to them):")
    for name, ident, share in turned_away:
        print(f"  {share:.3f}  {name}: {ident}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Chrome-line detection on naively rendered web pages (WCXB dev split), against named peers.

    .venv/bin/python benchmarks/boilerplate.py [--limit N] [--page-type article|all|...]
                                               [--no-html | --no-text] [--labeller v1|v2]

Every page of ``../shared/data/boilerplate/wcxb`` is rendered naively to text
(:func:`newsqual.linemodel.data.naive_text`) and each line labelled content or chrome against the
ground truth (:func:`newsqual.linemodel.data.label_lines`; lines without a word are left out).
The labeller is v2 (claim-once ordered alignment) unless ``--labeller v1`` asks for the first,
window-limited one; ``benchmarks/label_audit.py`` checks both against a hand audit.

The positive class ("flagged") is chrome. All methods are scored on the same lines:

- newsqual, plain text: ``chrome_line`` from a line model trained on the OTHER domains (5-fold
  GroupKFold by domain; threshold = best F1 on the validation domains held out of that fold's
  training pages, :func:`newsqual.linemodel.train.cross_validate`), plus every other
  ``chrome``-family rule run on the naive text. Also shown: ``chrome_line`` alone, and the
  rule's in-score decision (the shipped model's stricter threshold and its guard on
  sentence-like lines, applied to the held-out models' scores).
- C4 line rules (Raffel et al. 2020, JMLR 21(140), §2.2): a line is kept only if it ends in
  terminal punctuation (. ! ? or a closing quote), has at least 3 words and does not contain
  "javascript"; lines with the policy phrases of the released implementation (TFDS c4_utils,
  also datatrove's C4QualityFilter: "terms of use", "privacy policy", "cookie policy", "uses
  cookies", "use of cookies", "use cookies") are dropped too. The "+ page rules" row also drops
  (flags every line of) pages containing "lorem ipsum" or "{", or keeping fewer than 5 sentences.
- flag every line.
- trafilatura on the HTML (``extract`` without comments, plus its title): a line is flagged when
  trafilatura's output does not contain it (matched with the same labelling function).
- the same trafilatura output aligned to the lines by newsqual's aligner
  (:func:`newsqual.html.align_main_text`: claim-once, in-order; no markup roles, no subheading
  rule): the newsqual HTML row minus its own additions, so the gap between the two trafilatura
  rows is how lines are matched, and the gap from this row to newsqual's is what newsqual adds.
- newsqual on the HTML: ``Document.from_html`` and every ``chrome``-family rule except
  ``chrome_line`` (whose shipped model saw these pages): a line is flagged when such flags cover
  at least half of its characters. This is trafilatura's main text reported as ``markup_chrome``
  flags plus the markup's own chrome regions.

Figures are pooled over lines (micro P/R/F1); ``F1/C4`` is the F1 ratio to C4's line rules, and
``wordF1`` the mean over pages of the word-bag F1 of the kept lines against the ground truth's main
content (:func:`word_f1`; it does not depend on the labeller).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsqual.detectors.chrome_lines import in_score_flags  # noqa: E402
from newsqual.linemodel.data import (  # noqa: E402
    DEFAULT_LABELLER,
    Page,
    iter_page_rows,
    label_lines,
    load_page,
    wcxb_dir,
)
from newsqual.linemodel.train import (  # noqa: E402
    clean_copy_rows,
    cross_validate,
    page_rows,
    prf,
)

_WORD_RE = re.compile(r"\S+")
_C4_TERMINAL = (".", "!", "?", '"', "”")
# Released C4 implementation's policy phrases (TFDS c4_utils; the same list in datatrove).
_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
              "use cookies")
_C4_SENTENCE_RE = re.compile(r"[.!?]+[\"”’']?(?:\s|$)")


def c4_line_flags(lines: list[str]) -> np.ndarray:
    """C4's line rules: True for each line C4 would drop (see the module doc)."""
    out = []
    for line in lines:
        low = line.lower()
        keep = (line.rstrip().endswith(_C4_TERMINAL) and len(_WORD_RE.findall(line)) >= 3
                and "javascript" not in low and not any(p in low for p in _C4_POLICY))
        out.append(not keep)
    return np.array(out, dtype=bool)


def c4_page_flags(lines: list[str]) -> np.ndarray:
    """C4's line rules plus its page rules (a dropped page flags all its lines)."""
    flags = c4_line_flags(lines)
    text = "\n".join(lines)
    kept = "\n".join(s for s, f in zip(lines, flags, strict=True) if not f)
    if "lorem ipsum" in text.lower() or "{" in text or len(_C4_SENTENCE_RE.findall(kept)) < 5:
        return np.ones(len(lines), dtype=bool)
    return flags


def covered_lines(spans: list[tuple[int, int]], intervals: list[tuple[int, int]]) -> np.ndarray:
    """True for each line span at least half covered by the union of `intervals`."""
    n = max([b for _, b in spans] + [b for _, b in intervals] + [0]) + 1
    mark = np.zeros(n + 1, dtype=np.int64)
    for a, b in intervals:
        mark[a] += 1
        mark[b] -= 1
    covered = np.concatenate([[0], np.cumsum(np.cumsum(mark)[:-1] > 0)])
    return np.array([(covered[b] - covered[a]) * 2 >= (b - a) for a, b in spans], dtype=bool)


def word_f1(page: Page, flags: np.ndarray) -> float:
    """F1 of the bag of word tokens of the lines `flags` leaves (the kept text) against the bag of
    the ground-truth main content, as WCXB's evaluation scores an extraction."""
    from collections import Counter

    from newsqual.linemodel.data import tokens

    kept = Counter(t for line, f in zip(page.lines, flags, strict=True) if not f
                   for t in tokens(line))
    truth = Counter(tokens(page.main_content))
    both = sum((kept & truth).values())
    if not both:
        return 0.0
    p, r = both / sum(kept.values()), both / sum(truth.values())
    return 2 * p * r / (p + r)


def chrome_rules(include_line_model: bool = False) -> list:  # type: ignore[type-arg]
    from newsqual.detectors import all_rules

    return [r for r in all_rules() if r.family == "chrome"
            and (include_line_model or r.kind != "chrome_line")]


def rule_flags(page: Page, rules: list, html: bool) -> np.ndarray:  # type: ignore[type-arg]
    """Lines of `page` covered by flags of `rules` on the naive text or on the HTML."""
    from newsqual.document import Document

    doc = Document.from_html(page.html) if html else Document.from_text(page.text)
    intervals = [(f.start, f.end) for r in rules for f in r.detect(doc)]
    if doc.text == page.text:
        return covered_lines(page.spans, intervals)
    # The HTML path rendered a different text (it should not): match lines by their content.
    from newsqual.linemodel.features import content_spans

    spans = content_spans(doc.text)
    flagged = covered_lines(spans, intervals)
    by_text: dict[str, bool] = {}
    for (a, b), f in zip(spans, flagged, strict=True):
        by_text.setdefault(doc.text[a:b], bool(f))
    return np.array([by_text.get(s, True) for s in page.lines], dtype=bool)


def trafilatura_flags(page: Page, labeller: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Lines trafilatura's main text (and title) leaves out, decided two ways from one
    extraction: by the benchmark's labelling function (as the ground truth is labelled), and by
    newsqual's own aligner (:func:`newsqual.html.align_main_text`, no markup roles, no
    subheading rule), which is what the newsqual HTML row builds on."""
    import bisect
    import json

    import trafilatura

    from newsqual.html import align_main_text

    out = trafilatura.extract(page.html, output_format="json", with_metadata=True,
                              include_comments=False, include_tables=True)
    if not out:
        every = np.ones(len(page.lines), dtype=bool)
        return every, every
    data = json.loads(out)
    body = data.get("text") or ""
    title = data.get("title") or ""
    labels = label_lines(page.lines, body, title or None, labeller)
    by_labeller = np.array([v != 0 for v in labels], dtype=bool)
    main = align_main_text(page.text, f"{title}\n{body}" if title.strip() else body)
    starts = [0] + [k + 1 for k, ch in enumerate(page.text) if ch == "\n"]
    by_aligner = np.array([not main[bisect.bisect_right(starts, a) - 1] for a, _ in page.spans],
                          dtype=bool)
    return by_labeller, by_aligner


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--page-type", default="all",
                    help="train and evaluate on this page type only (default: all types; "
                         "English articles are always reported separately)")
    ap.add_argument("--labeller", choices=("v1", "v2"), default=DEFAULT_LABELLER,
                    help="how lines are labelled against the ground truth (and trafilatura's "
                         "output): v1 window-limited matching, v2 claim-once ordered alignment "
                         f"(default {DEFAULT_LABELLER}; see newsqual.linemodel.data)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--no-html", action="store_true", help="skip the two HTML methods (faster)")
    mode.add_argument("--no-text", action="store_true",
                      help="skip the line model's cross-validation and the plain-text methods "
                           "(HTML methods and peers only)")
    args = ap.parse_args(argv)
    if not (wcxb_dir() / "pages.jsonl").is_file():
        print(f"skipped: no WCXB data at {wcxb_dir()} (see ../shared/data/README.md)")
        return 0
    t0 = time.perf_counter()
    pages: list[Page] = []
    rows = []
    for row in iter_page_rows(page_type=args.page_type, limit=args.limit):
        page = load_page(row, args.labeller)
        pages.append(page)
        if args.no_text:
            continue
        rows.append(page_rows(page))
        copy = clean_copy_rows(page)
        if copy is not None:
            rows.append(copy)
    print(f"{len(pages)} pages rendered and labelled in {time.perf_counter() - t0:.0f}s",
          file=sys.stderr)
    probs_all, thr_all = cross_validate(rows) if rows else ([], [])
    held = [(pr, t) for pr, t, r in zip(probs_all, thr_all, rows, strict=True) if not r.clean_copy]
    if args.no_text:
        held = [(np.zeros(len(p.lines)), 1.0) for p in pages]
    from newsqual.linemodel.model import load_line_model

    shipped = load_line_model()
    score_thr = shipped.thresholds.get("score", 0.5) if shipped else 0.5
    print(f"cross-validated in {time.perf_counter() - t0:.0f}s", file=sys.stderr)

    other_rules = chrome_rules()
    methods: dict[str, list[np.ndarray]] = {}
    timing: dict[str, float] = {}

    def add(name: str, flags: np.ndarray, seconds: float) -> None:
        methods.setdefault(name, []).append(np.asarray(flags, dtype=bool))
        timing[name] = timing.get(name, 0.0) + seconds

    for page, (probs, thr) in zip(pages, held, strict=True):
        if not args.no_text:
            t = time.perf_counter()
            rules_text = rule_flags(page, other_rules, html=False)
            t_rules = time.perf_counter() - t
            add("newsqual text: chrome_line + chrome rules", (probs >= thr) | rules_text, t_rules)
            add("newsqual text: chrome_line alone", probs >= thr, 0.0)
            add(f"newsqual text: in-score ({score_thr:.2f}, prose guard)",
                in_score_flags(page.lines, probs, score_thr) | rules_text, 0.0)
            add("newsqual text: chrome rules without chrome_line", rules_text, t_rules)
        t = time.perf_counter()
        add("C4 line rules", c4_line_flags(page.lines), time.perf_counter() - t)
        add("C4 line + page rules", c4_page_flags(page.lines), 0.0)
        add("flag every line", np.ones(len(page.lines), dtype=bool), 0.0)
        if not args.no_html:
            t = time.perf_counter()
            by_labeller, by_aligner = trafilatura_flags(page, args.labeller)
            add("trafilatura (HTML)", by_labeller, time.perf_counter() - t)
            add("trafilatura (HTML), newsqual's aligner", by_aligner, 0.0)
            t = time.perf_counter()
            add("newsqual HTML: markup + chrome rules", rule_flags(page, other_rules, html=True),
                time.perf_counter() - t)
    labels = [np.array([-1 if v is None else v for v in p.labels]) for p in pages]
    sets = {"English articles": [i for i, p in enumerate(pages) if p.page_type == "article"
                                 and (p.lang or "").lower().startswith("en")],
            "all loaded pages": list(range(len(pages)))}
    for set_name, idx in sets.items():
        if not idx:
            continue
        y = np.concatenate([labels[i] for i in idx])
        m = y >= 0
        print(f"\n{set_name}: {len(idx)} pages, {int(m.sum())} lines, "
              f"{(y[m] == 1).mean():.1%} chrome (labeller {args.labeller})")
        print(f"{'method':48s} {'P':>6s} {'R':>6s} {'F1':>6s} {'F1/C4':>6s} {'wordF1':>6s}")
        results = {}
        for name, flags in methods.items():
            f = np.concatenate([flags[i] for i in idx])[m]
            results[name] = prf(y[m], f)
        c4_f1 = results["C4 line rules"][2] or 1.0
        for name, (p, r, f1) in results.items():
            words = np.mean([word_f1(pages[i], methods[name][i]) for i in idx])
            print(f"{name:48s} {p:6.3f} {r:6.3f} {f1:6.3f} {f1 / c4_f1:6.2f} {words:6.3f}")
    print(f"\ntotal {time.perf_counter() - t0:.0f}s; per-page seconds: "
          + ", ".join(f"{k} {v / max(len(pages), 1):.3f}"
                      for k, v in timing.items() if v), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

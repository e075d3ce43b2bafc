"""Agreement of the WCXB line labellers (v1, v2) with a hand audit of disputed lines.

    .venv/bin/python benchmarks/label_audit.py

``benchmarks/wcxb_label_audit.tsv`` holds one row per audited line: the page's ``file_id``, the
line's index among the page's non-blank rendered lines (:func:`newsqual.linemodel.data.load_page`),
the sample and category it was drawn from, the labels v1, v2 and newsqual's HTML mode gave it when
it was audited, and the auditor's verdict (content, chrome or ambiguous) with a short reason. The
verdict says what the ground truth (``main_content``) makes of that line on the page, read in
context: a line the ground truth leaves out is chrome even where a reader might call it article
(the reason then says so); "ambiguous" is a line whose page holds the whole article twice.

Two samples, drawn with fixed seeds from the 694 English article pages:

- A: 80 of the 7,685 lines where newsqual's HTML verdict differed from the v1 label while
  trafilatura's v1-labelled row agreed with it, stratified over the categories of the README's
  breakdown (single or repeated line; text in the ground truth, in trafilatura's output, in both);
- B: 30 of the 9,149 lines where v1 and v2 label the ground truth differently (18 that v1 calls
  chrome and v2 content, 12 the other way), drawn without regard to newsqual.

This script relabels the audited pages with both labellers and prints how often each agrees with
the verdicts (ambiguous lines left out), per sample and category.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsqual.linemodel.data import (  # noqa: E402
    iter_page_rows,
    label_lines_v1,
    label_lines_v2,
    load_page,
    wcxb_dir,
)

AUDIT = Path(__file__).resolve().parent / "wcxb_label_audit.tsv"


def main() -> int:
    if not (wcxb_dir() / "pages.jsonl").is_file():
        print(f"skipped: no WCXB data at {wcxb_dir()} (see ../shared/data/README.md)")
        return 0
    with open(AUDIT, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    wanted = {r["file_id"] for r in rows}
    labels: dict[str, dict[str, list[int | None]]] = {}
    for row in iter_page_rows(page_type="article"):
        if row["file_id"] in wanted:
            page = load_page(row, "v1")
            labels[row["file_id"]] = {
                "v1": label_lines_v1(page.lines, page.main_content, page.title),
                "v2": label_lines_v2(page.lines, page.main_content, page.title)}
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        key = (r["sample"], r["category"])
        if r["audit"] == "ambiguous":
            counts[key]["ambiguous"] += 1
            continue
        counts[key]["decided"] += 1
        for name in ("v1", "v2"):
            label = labels[r["file_id"]][name][int(r["line"])]
            counts[key][name] += ("chrome" if label else "content") == r["audit"]
    print(f"{'sample':6s} {'category':34s} {'lines':>5s} {'ambig':>5s} {'v1 ok':>6s} "
          f"{'v2 ok':>6s}")
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (sample, category), c in sorted(counts.items()):
        n = c["decided"] + c["ambiguous"]
        print(f"{sample:6s} {category:34s} {n:5d} {c['ambiguous']:5d} {c['v1']:6d} {c['v2']:6d}")
        for k, v in c.items():
            totals[sample][k] += v
    for sample, c in sorted(totals.items()):
        print(f"sample {sample}: {c['decided']} decided lines ({c['ambiguous']} ambiguous): "
              f"v1 agrees on {c['v1']} ({c['v1'] / c['decided']:.0%}), "
              f"v2 on {c['v2']} ({c['v2'] / c['decided']:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The WCXB pages over newsqual's main-text size limit: how much of them is code, and what
cutting it buys.

``newsqual.html`` hands a page to trafilatura only when it is at most ``MAIN_TEXT_MAX_HTML``
characters once scripts, styles, inline SVG, ``noscript`` and ``template`` elements are cut
(:func:`newsqual.html._without_code`). For every dev page of ``../shared/data/boilerplate/wcxb``
over the limit this prints its size, its size without that code, the share that was code,
whether it now gets a main-text verdict, and how long ``html_to_text`` took.

Run: ``.venv/bin/python benchmarks/big_pages.py``
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO_ROOT, SkipError, require_shared  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from newsqual.html import MAIN_TEXT_MAX_HTML, OUTSIDE_MAIN, _without_code, html_to_text  # noqa: E402


def main() -> int:
    try:
        base = require_shared("data", "boilerplate", "wcxb")
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    print(f"limit: {MAIN_TEXT_MAX_HTML:,} characters after cutting code\n")
    print(f"{'page':<6}{'type':<12}{'chars':>11}{'no code':>11}{'code':>7}  {'verdict':<8}{'s':>6}")
    with (base / "pages.jsonl").open(encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    for page in pages:
        path = base / page["html_path"]
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        html = raw.decode("utf-8", "replace")
        if len(html) <= MAIN_TEXT_MAX_HTML:
            continue
        slim = len(_without_code(html))
        t0 = time.perf_counter()
        _, spans, _ = html_to_text(html)
        seconds = time.perf_counter() - t0
        verdict = "yes" if any(s.role == OUTSIDE_MAIN for s in spans) else "no"
        print(f"{page['file_id']:<6}{page['page_type']:<12}{len(html):>11,}{slim:>11,}"
              f"{1 - slim / len(html):>7.0%}  {verdict:<8}{seconds:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

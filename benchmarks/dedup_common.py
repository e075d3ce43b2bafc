"""Loading shared by the dedup benchmarks: articles read from ../shared/data, never copied."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSQUAL_SHARED", ROOT / ".." / "shared"))


def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        sys.exit(f"needs the development data in {data} (set NEWSQUAL_SHARED); nothing measured")
    return data


def jsonl_records() -> list[dict]:
    """Every record of reliability/*.jsonl and machine/*.jsonl with a non-empty text."""
    rows: list[dict] = []
    for path in sorted(shared_data().glob("*/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            rows.extend(r for r in map(json.loads, f) if r.get("text", "").strip())
    return rows


def wcxb_articles() -> list[dict]:
    """Main text of the WCXB dev pages typed `article` (ground truth, as distractors)."""
    base = shared_data() / "boilerplate" / "wcxb"
    pages = base / "pages.jsonl"
    if not pages.exists():
        return []
    out = []
    with open(pages, encoding="utf-8") as f:
        for page in map(json.loads, f):
            if page.get("page_type") != "article":
                continue
            gt_path = base / page["ground_truth_path"]
            opener = gzip.open if gt_path.suffix == ".gz" else open
            with opener(gt_path, "rt", encoding="utf-8") as g:
                text = (json.load(g).get("ground_truth") or {}).get("main_content") or ""
            if len(text) > 200:
                out.append(
                    {"id": f"wcxb-{page['file_id']}", "text": text, "dataset": "wcxb", "pair": None}
                )
    return out

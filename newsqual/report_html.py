"""``newsqual report``: one self-contained HTML page about a batch of results.

The page needs no network and no script: CSS inline, plots drawn here as inline SVG (score
distribution, flags by kind, duplicate clusters with their keepers), and the lowest-scoring items
with their evidence highlighted in the text. The text is re-read from each row's ``path`` (the
results hold offsets, not texts); when it cannot be re-read the evidence strings are shown alone.

>>> html = render_report([{"id": "a", "path": "-", "record": 0, "score": 0.9, "label": "ok",
...                        "flags": [], "cluster": None, "role": None, "keeper": None,
...                        "error": None}])
>>> html.startswith("<!DOCTYPE html>") and "<svg" in html
True
"""

from __future__ import annotations

import html as htmllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from newsqual.scoring import OK_AT, REVIEW_AT

LABEL_COLOURS = {"ok": "#2e7d32", "review": "#ef8f00", "reject": "#c62828", "error": "#6d6d6d"}
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef8f00", "low": "#5c7cba"}
_SEV_RANK = {"low": 0, "medium": 1, "high": 2}
CONTEXT = 160  # characters shown around each piece of evidence

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f;
background:#f6f6f4}
main{max-width:1100px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:1px solid
#ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:24px}
.plot{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:10px}
svg text{font-family:system-ui,sans-serif;fill:#333}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border:1px solid #e2e2e2;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f0f0ee}
.item{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:10px 16px;margin:12px 0}
.item h3{font-size:16px;margin:2px 0 6px;word-break:break-all}
.pill{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px}
.snip{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;white-space:pre-wrap;
background:#fafafa;border-left:3px solid #ccc;padding:6px 10px;margin:6px 0;word-break:break-word}
mark{padding:0 1px;border-radius:2px}
mark.high{background:#ffcdd2}mark.medium{background:#ffe0b2}mark.low{background:#dbe4f7}
.kind{font-size:12px;color:#555}
"""


def _e(text: Any) -> str:
    return htmllib.escape(str(text), quote=True)


# ---------------------------------------------------------------- plots


def score_histogram(rows: list[dict[str, Any]], bins: int = 20, width: int = 1000,
                    height: int = 240) -> str:
    """SVG bar chart of scores in `bins` equal bins over [0, 1], coloured by label band."""
    counts = [0] * bins
    for r in rows:
        if r.get("score") is not None and r.get("label") != "error":
            counts[min(bins - 1, int(float(r["score"]) * bins))] += 1
    step = max(1, -(-max(counts) // 4))  # integer ticks
    top = step * 4
    left, bottom, right = 44, 30, 10
    plot_w, plot_h = width - left - right, height - bottom - 14
    bw = plot_w / bins
    parts = [f'<svg id="plot-scores" role="img" aria-label="score distribution" '
             f'viewBox="0 0 {width} {height}" width="100%">']
    for tick in range(5):
        v = step * tick
        y = 14 + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#eee"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
                     f'text-anchor="end">{v:.0f}</text>')
    for i, n in enumerate(counts):
        mid = (i + 0.5) / bins
        colour = LABEL_COLOURS["ok" if mid >= OK_AT else "review" if mid >= REVIEW_AT else "reject"]
        h = plot_h * n / top
        x = left + i * bw
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{14 + plot_h - h:.1f}" '
                     f'width="{bw - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{i / bins:.2f}-{(i + 1) / bins:.2f}: {n}</title></rect>')
    for edge in (REVIEW_AT, OK_AT):
        x = left + plot_w * edge
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="10" y2="{14 + plot_h}" '
                     f'stroke="#333" stroke-dasharray="4 3"/>')
    for t in range(0, 11, 2):
        x = left + plot_w * t / 10
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" font-size="11" '
                     f'text-anchor="middle">{t / 10:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def flag_bars(rows: list[dict[str, Any]], limit: int = 25, width: int = 1000) -> str:
    """SVG horizontal bars: documents carrying each flag kind, coloured by its worst severity."""
    docs: Counter[str] = Counter()
    worst: dict[str, str] = {}
    for r in rows:
        kinds = set()
        for f in r.get("flags") or []:
            kinds.add(f["kind"])
            sev = f.get("severity", "low")
            if _SEV_RANK.get(sev, 0) >= _SEV_RANK.get(worst.get(f["kind"], "low"), 0):
                worst[f["kind"]] = sev
        docs.update(kinds)
    common = docs.most_common(limit)
    if not common:
        return ('<svg id="plot-flags" viewBox="0 0 1000 40" width="100%"><text x="10" y="25">'
                'No flags raised in this batch.</text></svg>')
    row_h, label_w = 22, 260
    height = row_h * len(common) + 10
    top = common[0][1]
    parts = [f'<svg id="plot-flags" role="img" aria-label="flags by kind" '
             f'viewBox="0 0 {width} {height}" width="100%">']
    for i, (kind, n) in enumerate(common):
        y = 5 + i * row_h
        w = (width - label_w - 60) * n / top
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" font-size="13" '
                     f'text-anchor="end">{_e(kind)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y + 2}" width="{max(w, 1):.1f}" '
                     f'height="{row_h - 6}" fill="{SEVERITY_COLOURS.get(worst[kind], "#888")}">'
                     f'<title>{_e(kind)}: {n} documents ({worst[kind]})</title></rect>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def cluster_plot(clusters: list[tuple[str, list[dict[str, Any]]]], width: int = 1000) -> str:
    """SVG: one row per duplicate cluster, a dot per member (keeper ringed, copies and
    rewrites coloured), with the keeper's id written beside it."""
    if not clusters:
        return ('<svg id="plot-clusters" viewBox="0 0 1000 40" width="100%"><text x="10" y="25">'
                'No duplicate clusters in this batch.</text></svg>')
    row_h, label_w = 26, 360
    height = row_h * len(clusters) + 30
    colours = {"original": "#2e7d32", "copy": "#c62828", "rewrite": "#7b1fa2"}
    parts = [f'<svg id="plot-clusters" role="img" aria-label="duplicate clusters" '
             f'viewBox="0 0 {width} {height}" width="100%">']
    for i, (cid, members) in enumerate(clusters):
        y = 10 + i * row_h
        keeper = members[0].get("keeper") or cid
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="12" text-anchor="end">'
                     f'keeper: {_e(_short(str(keeper), 48))}</text>')
        for j, m in enumerate(members[:40]):
            cx = label_w + 12 + j * 22
            role = m.get("role") or "original"
            ring = ' stroke="#000" stroke-width="2.5"' if str(m["id"]) == str(keeper) else ""
            parts.append(f'<circle cx="{cx}" cy="{y + 9}" r="8" fill="{colours.get(role, "#888")}"'
                         f'{ring}><title>{_e(m["id"])}: {role}</title></circle>')
    legend_y = height - 8
    for k, (role, colour) in enumerate(colours.items()):
        x = label_w + 12 + k * 110
        parts.append(f'<circle cx="{x}" cy="{legend_y - 4}" r="6" fill="{colour}"/>'
                     f'<text x="{x + 10}" y="{legend_y}" font-size="12">{role}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3):]


# ---------------------------------------------------------------- evidence in text


def load_texts(rows: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """Re-read the judged text of the given rows from their paths (same reader, same decoding)."""
    from newsqual.document import Document
    from newsqual.io.readers import iter_items

    wanted: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r.get("path") and r["path"] != "-":
            wanted[r["path"]].add(int(r.get("record") or 0))
    texts: dict[tuple[str, int], str] = {}
    for path, records in wanted.items():
        for item in iter_items([path]):
            if item.record in records and item.data is not None:
                fmt = item.fmt if item.fmt in ("html", "text") else None
                texts[(path, item.record)] = Document.from_input(item.data, fmt=fmt).text
    return texts


def highlight(text: str, flags: list[dict[str, Any]], context: int = CONTEXT,
              max_windows: int = 6) -> str:
    """HTML snippets of `text` around the flags, evidence wrapped in ``<mark>``; overlapping
    windows are merged, at most `max_windows` shown. Flags whose span does not match the text
    are skipped."""
    spans = sorted(((int(f["start"]), int(f["end"]), f) for f in flags
                    if 0 <= int(f["start"]) <= int(f["end"]) <= len(text)
                    and text[int(f["start"]):int(f["end"])] == f.get("evidence")),
                   key=lambda s: (s[0], -s[1]))
    windows: list[list[Any]] = []
    for start, end, f in spans:
        lo, hi = max(0, start - context), min(len(text), end + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
            windows[-1][2].append((start, end, f))
        else:
            windows.append([lo, hi, [(start, end, f)]])
    out = []
    for lo, hi, marks in windows[:max_windows]:
        pos, buf = lo, ["..." if lo > 0 else ""]
        for start, end, f in marks:
            if start < pos:  # nested or overlapping flag: already inside a mark
                continue
            buf.append(_e(text[pos:start]))
            buf.append(f'<mark class="{_e(f.get("severity", "low"))}" '
                       f'title="{_e(f["kind"])}: {_e(f.get("message", ""))}">'
                       f'{_e(text[start:end])}</mark>')
            pos = end
        buf.append(_e(text[pos:hi]) + ("..." if hi < len(text) else ""))
        out.append(f'<div class="snip">{"".join(buf)}</div>')
    if len(windows) > max_windows:
        out.append(f'<p class="kind">... and {len(windows) - max_windows} more passages</p>')
    return "".join(out)


# ---------------------------------------------------------------- the page


def _clusters(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("cluster"):
            groups[str(r["cluster"])].append(r)
    multi = [(c, m) for c, m in groups.items() if len(m) > 1
             or any(x.get("role") in ("copy", "rewrite") for x in m)]
    return sorted(multi, key=lambda cm: -len(cm[1]))


def render_report(rows: Iterable[dict[str, Any]], *, lowest: int = 10,
                  texts: dict[tuple[str, int], str] | None = None,
                  title: str = "newsqual batch report") -> str:
    """The whole page as one HTML string."""
    rows = list(rows)
    labels = Counter(r.get("label") for r in rows)
    clusters = _clusters(rows)
    judged = sorted((r for r in rows if r.get("score") is not None and r.get("label") != "error"),
                    key=lambda r: float(r["score"]))
    worst = judged[:lowest]
    if texts is None:
        texts = load_texts(worst)
    n_dup = sum(1 for r in rows if r.get("role") in ("copy", "rewrite"))
    cards = "".join(f'<div class="card"><b style="color:{LABEL_COLOURS.get(k, "#333")}">'
                    f'{labels.get(k, 0)}</b>{k}</div>' for k in ("ok", "review", "reject", "error"))
    cards = (f'<div class="card"><b>{len(rows)}</b>documents</div>{cards}'
             f'<div class="card"><b>{n_dup}</b>duplicates</div>')
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Self-contained by construction: the page may load nothing from anywhere.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; img-src data:">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="sub">{len(rows)} documents. Score in [0, 1], higher is fitter to publish; '
        f"ok at {OK_AT:g} or above, review at {REVIEW_AT:g} or above, reject below.</p>",
        f'<div class="cards">{cards}</div>',
        "<h2>Score distribution</h2>",
        f'<div class="plot">{score_histogram(rows)}</div>',
        "<h2>Flags by kind</h2>",
        '<p class="sub">Documents carrying each kind of evidence, coloured by severity.</p>',
        f'<div class="plot">{flag_bars(rows)}</div>',
        "<h2>Duplicate clusters</h2>",
        f'<p class="sub">{len(clusters)} clusters; each row is one story, the ringed dot '
        "the copy kept.</p>",
        f'<div class="plot">{cluster_plot(clusters[:30])}</div>',
    ]
    if clusters:
        parts.append("<table><tr><th>cluster</th><th>keeper</th><th>members</th></tr>")
        for cid, members in clusters[:30]:
            mem = "<br>".join(f'{_e(m["id"])} <span class="kind">{_e(m.get("role") or "")}'
                              f"</span>" for m in members[:20])
            parts.append(f"<tr><td>{_e(cid)}</td><td>{_e(members[0].get('keeper') or '')}</td>"
                         f"<td>{mem}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Lowest-scoring items</h2>")
    for r in worst:
        colour = LABEL_COLOURS.get(r["label"], "#333")
        flags = r.get("flags") or []
        kinds = ", ".join(f"{k} x{n}" if n > 1 else k
                          for k, n in Counter(f["kind"] for f in flags).most_common())
        text = texts.get((str(r.get("path")), int(r.get("record") or 0)))
        body = highlight(text, flags) if text is not None else "".join(
            f'<div class="snip"><mark class="{_e(f.get("severity", "low"))}">'
            f'{_e(f.get("evidence", ""))}</mark></div>' for f in flags[:12])
        parts.append(f'<div class="item"><h3>{_e(r["id"])}</h3>'
                     f'<span class="pill" style="background:{colour}">{_e(r["label"])} '
                     f'{float(r["score"]):.2f}</span> <span class="kind">{_e(kinds)}</span>'
                     f"{body}</div>")
    errors = [r for r in rows if r.get("error")]
    if errors:
        parts.append("<h2>Rows with errors</h2><table><tr><th>id</th><th>error</th></tr>")
        parts += [f"<tr><td>{_e(r['id'])}</td><td>{_e(r['error'])}</td></tr>" for r in errors[:200]]
        parts.append("</table>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def write_report(results: str, output: str, *, lowest: int = 10) -> None:
    """Read a results file (jsonl/csv/parquet) and write the report page to `output`."""
    from newsqual.io.writers import read_rows

    page = render_report(read_rows(results), lowest=lowest)
    with open(output, "w", encoding="utf-8") as fh:
        fh.write(page)

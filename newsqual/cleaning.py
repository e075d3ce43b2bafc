"""Remove flagged debris from a text: an explicit step, separate from scoring."""

from __future__ import annotations

import re

from newsqual.document import Document
from newsqual.report import Flag

#: Families whose flags mark text that is not part of the article and can be cut.
REMOVABLE_FAMILIES = frozenset(
    {"errors", "placeholders", "consent", "contacts", "footers", "chrome"}
)
#: Kinds kept even though their family is removable (they mark damage, not debris).
KEEP_KINDS = frozenset({"placeholder_instruction"})
_BLANKS_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean_text(doc: Document, flags: list[Flag], *, line_share: float = 0.6) -> str:
    """`doc.text` with the spans of removable flags cut out. A line mostly covered by such flags
    (at least `line_share` of its non-space characters) is removed whole; runs of blank lines left
    behind are folded to one."""
    text = doc.text
    spans = sorted(
        (f.start, f.end)
        for f in flags
        if f.family in REMOVABLE_FAMILIES and f.kind not in KEEP_KINDS
    )
    if not spans:
        return text
    cut = bytearray(len(text))
    for a, b in spans:
        cut[a:b] = b"\x01" * (b - a)
    for line in doc.lines:
        body = text[line.start:line.end]
        n = len(body.strip())
        if not n:
            continue
        covered = sum(1 for i in range(line.start, line.end) if cut[i] and not text[i].isspace())
        if covered / n >= line_share:
            end = min(line.end + 1, len(text))
            cut[line.start:end] = b"\x01" * (end - line.start)
    kept = "".join(ch for ch, c in zip(text, cut, strict=True) if not c)
    return _BLANKS_RE.sub("\n\n", kept).strip("\n") + ("\n" if text.endswith("\n") else "")

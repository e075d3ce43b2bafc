"""HTML -> plain text with its line structure kept, plus what the markup says about each region.

Block elements end a line, so a page becomes one line per paragraph, heading, list item or cell.
Text inside containers that markup marks as page chrome (``nav``, ``aside``, ``footer``, cookie
and consent boxes, share widgets, related-content blocks, ...) is kept in the text and reported
as a :class:`MarkupSpan`, so that detectors can flag it instead of it being silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SNIFF_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|article|section|span|br|a\s|table|ul|li|h[1-6]|meta|script)\b",
    re.IGNORECASE,
)
_CLOSE_RE = re.compile(r"</(?:p|div|a|span|li|td|h[1-6]|html|body|article|section)>", re.IGNORECASE)

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr td th ul title option caption".split()
)
SKIP_TAGS = frozenset("script style noscript template svg iframe object canvas head".split())

#: Tag names that are chrome wherever they stand.
CHROME_TAGS = {"nav": "navigation", "aside": "aside", "footer": "footer", "form": "form"}
# Class/id tokens that mark chrome containers. The container names follow the conventions that
# trafilatura's xpaths.py documents (share/social, newsletter, cookie/consent, breadcrumb,
# related/most-popular, outbrain/taboola); the token list itself is written here.
_CHROME_ATTR_RE = re.compile(
    r"(?:^|[-_\s])(?P<role>cookie|consent|gdpr|cmp|breadcrumbs?|share|sharing|social|related|"
    r"recommended|trending|popular|newsletter|subscribe|signup|comments?|disqus|outbrain|taboola|"
    r"advert|ads?|sponsor|promo|sidebar|widget|menu|navbar|nav|footer|masthead|pagination|tags?)"
    r"(?=$|[-_\s\d])",
    re.IGNORECASE,
)
_ROLE_NORMAL = {
    "cookie": "consent", "consent": "consent", "gdpr": "consent", "cmp": "consent",
    "breadcrumb": "breadcrumb", "breadcrumbs": "breadcrumb",
    "share": "share", "sharing": "share", "social": "share",
    "related": "related", "recommended": "related", "trending": "related", "popular": "related",
    "outbrain": "related", "taboola": "related",
    "newsletter": "newsletter", "subscribe": "newsletter", "signup": "newsletter",
    "comment": "comments", "comments": "comments", "disqus": "comments",
    "advert": "advertisement", "ad": "advertisement", "ads": "advertisement",
    "sponsor": "advertisement", "promo": "advertisement",
    "sidebar": "aside", "widget": "aside",
    "menu": "navigation", "navbar": "navigation", "nav": "navigation", "pagination": "navigation",
    "footer": "footer", "masthead": "header", "tag": "tags", "tags": "tags",
}


@dataclass(frozen=True, slots=True)
class MarkupSpan:
    """A region of the extracted text that the markup marks as chrome, with its role."""

    start: int
    end: int
    role: str


def looks_like_html(text: str) -> bool:
    """True when `text` is markup rather than prose that mentions a tag or two."""
    head = text[:4096].lstrip()
    if head[:15].lower().startswith(("<!doctype html", "<html")):
        return True
    opens = len(_SNIFF_RE.findall(head))
    return opens >= 3 and len(_CLOSE_RE.findall(text[:16384])) >= 2


def _chrome_role(tag) -> str | None:  # type: ignore[no-untyped-def]
    name = tag.name
    if name in CHROME_TAGS:
        return CHROME_TAGS[name]
    attrs = []
    for key in ("id", "class", "role", "aria-label"):
        value = tag.attrs.get(key) if tag.attrs else None
        if value:
            attrs.append(" ".join(value) if isinstance(value, list) else str(value))
    if not attrs:
        return None
    joined = " ".join(attrs)
    if joined.lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return {"navigation": "navigation", "banner": "header", "contentinfo": "footer",
                "complementary": "aside"}[joined.lower()]
    m = _CHROME_ATTR_RE.search(joined)
    if not m:
        return None
    return _ROLE_NORMAL.get(m.group("role").lower())


def html_to_text(html: str) -> tuple[str, list[MarkupSpan], str | None]:
    """Render `html` to text, one block per line, and list the chrome regions the markup marks.

    Returns ``(text, spans, title)``.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception:  # pragma: no cover - lxml missing or broken: the stdlib parser never fails
        soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    root = soup.body or soup

    parts: list[str] = []
    length = 0
    spans: list[MarkupSpan] = []
    at_line_start = True

    def newline() -> None:
        nonlocal length, at_line_start
        if not at_line_start:
            parts.append("\n")
            length += 1
            at_line_start = True

    def walk(node, in_pre: bool) -> None:  # type: ignore[no-untyped-def]
        nonlocal length, at_line_start
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                s = str(child)
                if not in_pre:
                    s = re.sub(r"\s+", " ", s)
                    if at_line_start:
                        s = s.lstrip()
                if s:
                    parts.append(s)
                    length += len(s)
                    at_line_start = s.endswith("\n")
                continue
            if not isinstance(child, Tag) or child.name in SKIP_TAGS:
                continue
            block = child.name in BLOCK_TAGS
            if block:
                newline()
            role = _chrome_role(child)
            begin = length
            walk(child, in_pre or child.name == "pre")
            if block:
                newline()
            if role and length > begin:
                spans.append(MarkupSpan(begin, length, role))

    walk(root, False)
    raw = "".join(parts)
    # Strip trailing spaces per line without moving offsets: rebuild with a map.
    text, spans = _tidy(raw, spans)
    return text, spans, title


def _tidy(raw: str, spans: list[MarkupSpan]) -> tuple[str, list[MarkupSpan]]:
    """Drop trailing spaces on lines and blank-line runs, remapping span offsets."""
    out: list[str] = []
    mapping = [0] * (len(raw) + 1)
    pos = 0
    i = 0
    blank_run = 0
    for line in raw.split("\n"):
        stripped = line.rstrip()
        keep = True
        if not stripped:
            blank_run += 1
            keep = blank_run == 1 and pos > 0
        else:
            blank_run = 0
        for j in range(len(line) + 1):
            mapping[i + j] = pos + min(j, len(stripped)) if keep else pos
        if keep:
            out.append(stripped + "\n")
            pos += len(stripped) + 1
        i += len(line) + 1
    text = "".join(out).rstrip("\n")
    n = len(text)
    remapped = []
    for s in spans:
        a, b = min(mapping[s.start], n), min(mapping[min(s.end, len(raw))], n)
        while b > a and text[b - 1] in " \n":
            b -= 1
        if b > a:
            remapped.append(MarkupSpan(a, b, s.role))
    return text, sorted(remapped, key=lambda s: (s.start, -s.end))

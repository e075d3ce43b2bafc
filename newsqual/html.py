"""HTML -> plain text with its line structure kept, plus what the markup says about each region.

Block elements end a line, so a page becomes one line per paragraph, heading, list item, table
cell or ``<br>``. Nothing is dropped silently: text inside containers that the markup marks as
page chrome (``nav``, ``aside``, ``footer``, cookie and consent boxes, share widgets,
related-content blocks, ...) stays in the text and is reported as a :class:`MarkupSpan`; so are the
lines that trafilatura's main-text extraction leaves out (role ``outside_main_text``). Detectors
turn those spans into ``markup_chrome`` flags, and :func:`newsqual.clean` can cut them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SNIFF_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|article|section|span|br|a\s|table|ul|li|h[1-6]|meta"
    r"|script)\b",
    re.IGNORECASE,
)
_CLOSE_RE = re.compile(r"</(?:p|div|a|span|li|td|h[1-6]|html|body|article|section)>", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr td th ul option caption legend label button select textarea".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe object canvas math video audio title meta link "
    "base".split()
)

#: Elements holding code: no chrome role is read inside them.
CODE_TAGS = frozenset({"pre", "code", "samp", "kbd"})
#: Tag names that are chrome wherever they stand.
CHROME_TAGS = {"nav": "navigation", "aside": "aside", "footer": "footer", "form": "form"}
# Class/id tokens that mark chrome containers. The container names follow the conventions that
# trafilatura's xpaths.py documents (share/social, newsletter, cookie/consent, breadcrumb,
# related/most-popular, outbrain/taboola); the token list itself is written here.
# "cmp" is a consent-management platform ("qc-cmp2-container"), but "cmp-" followed by a word is
# Adobe Experience Manager's prefix for every component ("cmp-text", "cmp-button").
_CHROME_ATTR_RE = re.compile(
    r"(?:^|[-_\s])(?P<role>cookie|consent|gdpr|cmp(?![-_][a-z])|breadcrumbs?|share|sharing|social|"
    r"related|recommended|trending|popular|newsletter|subscribe|signup|comments?|disqus|outbrain|taboola|"
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
#: Elements whose id/class may name a chrome container (not headings, links or list items).
_CONTAINER_TAGS = frozenset("div section ul ol span p table figure dl header menu".split())
_ARIA_ROLES = {"navigation": "navigation", "banner": "header", "contentinfo": "footer",
               "complementary": "aside", "search": "navigation"}

#: The role of lines trafilatura's main-text extraction leaves out.
OUTSIDE_MAIN = "outside_main_text"
#: Pages above this size skip main-text extraction (trafilatura takes ~4 s per MB of markup and
#: more on giant pages); their markup spans are still reported. The size is measured after
#: scripts, styles, inline SVG, noscript and template elements are cut (:func:`_without_code`):
#: on the 11 WCXB pages over the limit that code is 49-95 % of the characters
#: (``benchmarks/big_pages.py``).
MAIN_TEXT_MAX_HTML = 2_500_000


@dataclass(frozen=True, slots=True)
class MarkupSpan:
    """A region of the extracted text that the markup marks as chrome, with its role."""

    start: int
    end: int
    role: str


def looks_like_html(text: str) -> bool:
    """True when `text` is markup rather than prose that mentions a tag or two.

    >>> looks_like_html("<html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Use the <p> tag for paragraphs.")
    False
    """
    head = text[:4096].lstrip()
    if head[:15].lower().startswith(("<!doctype html", "<html")):
        return True
    opens = len(_SNIFF_RE.findall(head))
    return opens >= 3 and len(_CLOSE_RE.findall(text[:16384])) >= 2


def _chrome_role(el) -> str | None:  # type: ignore[no-untyped-def]
    """The chrome role an element's tag name, ARIA role, id or class give it, if any."""
    name = el.tag
    if name in CHROME_TAGS:
        return CHROME_TAGS[name]
    attrib = el.attrib
    if not attrib:
        return None
    aria = (attrib.get("role") or "").strip().lower()
    if aria in _ARIA_ROLES:
        return _ARIA_ROLES[aria]
    if name not in _CONTAINER_TAGS:
        return None  # headings' ids are slugs of their text ("what-is-social-media")
    joined = " ".join(v for v in (attrib.get("id"), attrib.get("class"), attrib.get("aria-label"))
                      if v)
    if not joined or len(joined) > 500:
        return None
    m = _CHROME_ATTR_RE.search(joined)
    return _ROLE_NORMAL.get(m.group("role").lower()) if m else None


def _parse(html: str):  # type: ignore[no-untyped-def]
    """An lxml tree for `html` (recovering from any breakage), or None when there is nothing."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.HTMLParser(recover=True, remove_comments=True, remove_pis=True,
                              no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(html, parser)
    except (etree.ParserError, ValueError):
        # lxml refuses str input with an XML encoding declaration: hand it bytes instead.
        try:
            root = etree.fromstring(html.encode("utf-8", "replace"), parser)
        except etree.ParserError:
            return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return None  # nested past libxml2's depth limit: the tree is cut short, use the fallback
    return root


def _without_code(html: str) -> str:
    """`html` without scripts, styles, inline SVG, noscript and template elements (text no
    reader of the rendered page sees), so a page made large by inline code still gets a
    main-text verdict; `html` itself when it cannot be parsed."""
    from lxml import etree

    root = _parse(html)
    if root is None:
        return html
    for el in root.xpath("//script|//style|//svg|//noscript|//template"):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # the text after the element belongs to the page
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)
    return etree.tostring(root, encoding="unicode", method="html")


class _Renderer:
    """Walks an lxml tree (iteratively: deep nesting must not hit the recursion limit) and writes
    one line per block, recording where chrome containers start and end."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.at_line_start = True
        self.spans: list[MarkupSpan] = []
        #: Normalised text (:func:`_norm`) of each h2-h6 heading: subheadings of the page.
        self.headings: set[str] = set()

    def newline(self) -> None:
        if not self.at_line_start:
            self.parts.append("\n")
            self.length += 1
            self.at_line_start = True

    def write(self, s: str | None, in_pre: bool) -> None:
        if not s:
            return
        if not in_pre:
            s = _SPACE_RE.sub(" ", s)
            if self.at_line_start:
                s = s.lstrip(" ")
        if s:
            self.parts.append(s)
            self.length += len(s)
            self.at_line_start = s.endswith("\n")

    def render(self, root) -> None:  # type: ignore[no-untyped-def]
        # Stack items: ("open", element, in_pre, in_code) or
        # ("close", element, role, begin, block, in_pre).
        stack: list[tuple] = [("open", root, False, False)]  # type: ignore[type-arg]
        while stack:
            item = stack.pop()
            if item[0] == "close":
                _, el, role, begin, block, in_pre = item
                if block:
                    self.newline()
                if role and self.length > begin:
                    self.spans.append(MarkupSpan(begin, self.length, role))
                if el.tag in _SUBHEADING_TAGS and self.length > begin:
                    self.headings.add(_norm("".join(el.itertext())))
                self.write(el.tail, in_pre)
                continue
            _, el, in_pre, in_code = item
            tag = el.tag
            if not isinstance(tag, str):  # comment / processing instruction leftovers
                self.write(el.tail, in_pre)
                continue
            tag = tag.lower()
            if tag in SKIP_TAGS:
                self.write(el.tail, in_pre)
                continue
            if tag == "br":
                self.newline()
                self.write(el.tail, in_pre)
                continue
            block = tag in BLOCK_TAGS
            if block:
                self.newline()
            child_pre = in_pre or tag in ("pre", "textarea")
            # Code has no page chrome: syntax highlighters name their spans "comment", "tag",
            # "nav" (hljs-comment, token tag), which must not read as a comments section.
            child_code = in_code or tag in CODE_TAGS
            role = _chrome_role(el) if el is not root and not child_code else None
            stack.append(("close", el, role, self.length, block, in_pre))
            self.write(el.text, child_pre)
            for child in reversed(el):
                stack.append(("open", child, child_pre, child_code))


def render_html(html: str) -> tuple[str, list[MarkupSpan], str | None]:
    """Render `html` to text, one block per line, with the chrome regions its markup marks
    (no main-text extraction). Returns ``(text, spans, title)``.

    >>> text, spans, title = render_html("<title>T</title><nav>Home</nav><p>Body <b>bold</b></p>")
    >>> text, [(text[s.start:s.end], s.role) for s in spans], title
    ('Home\\nBody bold', [('Home', 'navigation')], 'T')
    """
    return _render(html)[:3]


def _render(html: str) -> tuple[str, list[MarkupSpan], str | None, set[str]]:
    """:func:`render_html`, plus the normalised texts of the page's h2-h6 headings."""
    root = _parse(html)
    if root is None:
        return _crude_text(html), [], None, set()
    title = None
    for t in root.iter("title"):
        title = _SPACE_RE.sub(" ", t.xpath("string()")).strip() or None
        break
    renderer = _Renderer()
    renderer.render(root)  # not just <body>: libxml2 leaves unknown tags before it in <head>
    text, spans = _tidy("".join(renderer.parts), renderer.spans)
    if not text:
        # libxml2 stops at a nesting depth of 256: a page nested deeper renders as nothing
        return _crude_text(html), [], title, set()
    return text, spans, title, renderer.headings


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^<>]{0,4000}>|<!--|<[!?][^<>]{0,4000}>")


_CLOSERS = {name: re.compile(rf"</{name}\b", re.IGNORECASE) for name in ("script", "style")}


def _crude_text(html: str) -> str:
    """Tag-stripping fallback for markup the parser cannot build a tree from: block tags end a
    line, script/style bodies and comments are skipped. One left-to-right pass."""
    import html as htmllib

    out: list[str] = []
    pos = 0
    n = len(html)
    while pos < n:
        m = _TAG_RE.search(html, pos)
        if m is None:
            out.append(html[pos:])
            break
        out.append(html[pos:m.start()])
        pos = m.end()
        if m.group(0) == "<!--":
            end = html.find("-->", pos)
            pos = n if end < 0 else end + 3
            continue
        name = (m.group(2) or "").lower()
        if name in SKIP_TAGS and not m.group(1):
            closer = _CLOSERS.get(name)
            found = closer.search(html, pos) if closer else None
            if found:
                pos = found.start()
        if name in BLOCK_TAGS or name == "br":
            out.append("\n")
    text = htmllib.unescape("".join(out))
    lines = (_SPACE_RE.sub(" ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _tidy(raw: str, spans: list[MarkupSpan]) -> tuple[str, list[MarkupSpan]]:
    """Drop trailing spaces and blank lines, remapping span offsets onto the tidied text."""
    out: list[str] = []
    raw_starts: list[int] = []   # raw offset where each raw line starts
    new_starts: list[int] = []   # offset of that line in the tidied text (or where it would be)
    kept_len: list[int] = []     # its kept length (0 when dropped)
    pos = 0
    i = 0
    for line in raw.split("\n"):
        stripped = line.rstrip()
        raw_starts.append(i)
        new_starts.append(pos)
        kept_len.append(len(stripped))
        if stripped:
            out.append(stripped)
            pos += len(stripped) + 1
        i += len(line) + 1
    text = "\n".join(out)
    n = len(text)

    def remap(p: int) -> int:
        k = bisect.bisect_right(raw_starts, p) - 1
        return min(new_starts[k] + min(p - raw_starts[k], kept_len[k]), n)

    remapped = []
    for s in spans:
        a, b = remap(s.start), remap(s.end)
        while b > a and text[b - 1] in " \n":
            b -= 1
        while a < b and text[a] in " \n":
            a += 1
        if b > a:
            remapped.append(MarkupSpan(a, b, s.role))
    return text, sorted(remapped, key=lambda s: (s.start, -s.end))


def html_to_text(html: str, *, main_text: bool = True) -> tuple[str, list[MarkupSpan], str | None]:
    """Render `html` to text, one block per line, and list the chrome regions the markup marks.

    With `main_text` (the default), trafilatura finds the page's main text and every rendered line
    it leaves out is reported as a span with role ``outside_main_text`` (whole lines). Markup
    spans that would swallow the main text (a ``<form>`` or ``class="has-sidebar"`` wrapping the
    whole page) are dropped. Returns ``(text, spans, title)``.

    >>> page = ("<html><body><nav><a>Home</a> <a>World</a></nav><article><h1>Storm hits coast</h1>"
    ...         "<p>" + "The storm closed roads and schools across the region on Monday. " * 4 +
    ...         "</p></article><footer>Contact us</footer></body></html>")
    >>> text, spans, title = html_to_text(page)
    >>> text.splitlines()[0], sorted({s.role for s in spans})
    ('Home World', ['footer', 'navigation', 'outside_main_text'])
    """
    text, spans, title, headings = _render(html)
    if not text:
        return text, spans, title
    if main_text and len(html) > MAIN_TEXT_MAX_HTML:
        html = _without_code(html)
    use_main = main_text and len(html) <= MAIN_TEXT_MAX_HTML
    main_lines = _main_text_lines(html, text, headings) if use_main else None
    spans = _drop_wrappers(text, spans, main_lines)
    if main_lines is not None:
        spans = _trim_to_outside(text, spans, main_lines)
        spans = sorted(spans + _outside_spans(text, main_lines), key=lambda s: (s.start, -s.end))
    return text, spans, title


#: Roles whose text is never article body, even where trafilatura keeps it (a breadcrumb trail
#: is navigation by definition; on WCXB articles, breadcrumb lines trafilatura kept were chrome
#: 51 times out of 55). Other roles (navigation, aside, header, footer, tags, form) are guesses
#: from tag and class names that often sit on a table of contents or on the article itself: for
#: those, trafilatura's verdict wins, and only their lines outside the main text are reported
#: under the role.
STRONG_ROLES = frozenset({"consent", "share", "newsletter", "advertisement", "comments", "related",
                          "breadcrumb"})


def _trim_to_outside(text: str, spans: list[MarkupSpan], main_lines: list[bool]
                     ) -> list[MarkupSpan]:
    offsets = _line_offsets(text)
    starts = [a for a, _ in offsets]
    out: list[MarkupSpan] = []
    for s in spans:
        if s.role in STRONG_ROLES:
            out.append(s)
            continue
        first = bisect.bisect_right(starts, s.start) - 1
        last = bisect.bisect_right(starts, max(s.end - 1, s.start)) - 1
        if not any(main_lines[first:last + 1]):
            out.append(s)
            continue
        run: list[int] = []
        for k in range(first, last + 2):
            if k <= last and not main_lines[k]:
                run.append(k)
            elif run:
                a = max(offsets[run[0]][0], s.start)
                b = min(offsets[run[-1]][1], s.end)
                if b > a and text[a:b].strip():
                    out.append(MarkupSpan(a, b, s.role))
                run = []
    return out


# --- main text (trafilatura) ----------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+")


# Invisible characters (C0/C1 controls, soft hyphen, zero-width marks, BOM) that trafilatura
# drops but the rendered text keeps; they must not split a word in two when lines are compared.
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2060\ufeff]")


def _norm(s: str) -> str:
    return " ".join(_TOKEN_RE.findall(_INVISIBLE_RE.sub("", s).casefold()))


#: trafilatura's `favor_recall` for the main text (measured on WCXB articles: the default gave the
#: better line F1, 0.920 vs 0.917, and the same word F1; see the README).
FAVOR_RECALL = False


def _extract_main(html: str) -> str | None:
    """trafilatura's headline and main text for `html` (one string, the headline first), or None
    when it finds no main text (or is not installed)."""
    import json

    try:
        import trafilatura
    except ImportError as exc:  # a declared dependency: a broken install must not pass silently
        import warnings

        warnings.warn(f"newsqual: trafilatura cannot be imported ({exc}); HTML main-text "
                      "alignment is off and only markup roles mark chrome", RuntimeWarning,
                      stacklevel=2)
        return None
    try:
        out = trafilatura.extract(
            html, output_format="json", with_metadata=True, include_comments=False,
            include_tables=True, include_images=False, include_links=False,
            include_formatting=False, deduplicate=False, favor_recall=FAVOR_RECALL,
        )
    except Exception:  # noqa: BLE001 - a third-party parser failing must not lose the page
        return None
    if not out:
        return None
    data = json.loads(out)
    body = data.get("text") or ""
    if not body.strip():
        return None
    title = data.get("title") or ""
    # The headline is article, not chrome; trafilatura reports it apart from the text.
    return f"{title}\n{body}" if title.strip() else body


def _main_text_lines(html: str, text: str, headings: set[str] = frozenset()  # type: ignore[assignment]
                     ) -> list[bool] | None:
    """For each line of `text`, whether trafilatura counts it as main text (None: no verdict).

    Both sides are normalised to lower-case word tokens (line breaks, bullets and table
    separators differ between trafilatura's output and ours). Each of our lines may match any
    occurrence of its tokens in the main text; the lines kept are the heaviest chain of matches
    that runs in order and uses each stretch of main text once, so a table of contents or a
    "related" list repeating the headings below it does not count as main text. A subheading
    (h2-h6, see :func:`_keep_subheadings`) between two main-text lines is main text too.
    """
    extracted = _extract_main(html)
    if not extracted or not extracted.strip():
        return None
    return align_main_text(text, extracted, headings)


def align_main_text(text: str, extracted: str, headings: set[str] = frozenset()  # type: ignore[assignment]
                    ) -> list[bool]:
    """For each line of `text`, whether it is part of `extracted` (an extractor's main text),
    by the claim-once, in-order alignment :func:`_main_text_lines` describes; `headings` are the
    normalised h2-h6 texts of the page (empty: no subheading rule).

    >>> page = "Menu\\nStorm hits coast\\nRoads closed.\\nMenu"
    >>> align_main_text(page, "Storm hits coast. Roads closed.")
    [False, True, True, False]
    """
    joined = " " + " ".join(n for n in (_norm(ln) for ln in extracted.splitlines()) if n) + " "
    where: dict[str, list[int]] = {}
    for m in _TOKEN_RE.finditer(joined):
        where.setdefault(m.group(), []).append(m.start())
    lines = text.split("\n")
    # candidates: (line index, start, end, weight) for each place a line's tokens occur
    cands: list[tuple[int, int, int, int]] = []
    for i, line in enumerate(lines):
        toks = _norm(line).split()
        if not toks:
            continue
        found = _occurrences(joined, where, toks)
        if not found and len(toks) >= 6:
            # a footnote mark or a trailing widget word trafilatura dropped: match without it
            found = _occurrences(joined, where, toks[:-1]) or _occurrences(joined, where, toks[1:])
        cands.extend((i, a, b, b - a) for a, b in found)
    # Ties (a heading both in a contents box and above its section) go to the later copy: the
    # chain is built from the end, mirrored, where the first chain found wins ties.
    far = len(joined) + 1
    mirrored = sorted(((len(lines) - i, far - b, far - a, w) for i, a, b, w in cands),
                      key=lambda c: c[0])
    chosen = {len(lines) - i for i in heaviest_chain(mirrored)}
    verdict = [False] * len(lines)
    claimed: list[tuple[int, int]] = []
    for i, a, b, _ in cands:
        if i in chosen:
            verdict[i] = True
            claimed.append((a, b))
    # trafilatura sometimes moves a block (a fact box, a lead) out of page order: a long line
    # whose text sits in a stretch of main text that no kept line claimed is main text too.
    claimed.sort()
    for i, a, b, w in cands:
        if not verdict[i] and w >= 60 and claim_if_free(claimed, a, b):
            verdict[i] = True
    return _keep_subheadings(lines, verdict, headings)


def claim_if_free(claimed: list[tuple[int, int]], a: int, b: int) -> bool:
    """Claim the half-open stretch ``[a, b)`` when it overlaps none of `claimed` (sorted,
    non-overlapping, updated in place); whether it was claimed. Used to accept a block an
    extractor or a reference moved out of page order, once.

    >>> claimed = [(0, 10), (20, 30)]
    >>> claim_if_free(claimed, 10, 20), claim_if_free(claimed, 12, 15), claimed
    (True, False, [(0, 10), (10, 20), (20, 30)])
    """
    k = bisect.bisect_left(claimed, (a, b))
    if (k == 0 or claimed[k - 1][1] <= a) and (k == len(claimed) or claimed[k][0] >= b):
        claimed.insert(k, (a, b))
        return True
    return False


#: A subheading kept by :func:`_keep_subheadings` has at most this many words.
SUBHEADING_MAX_WORDS = 12
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _keep_subheadings(lines: list[str], verdict: list[bool], headings: set[str]) -> list[bool]:
    """A line that is the whole text of an h2-h6 heading, of at most SUBHEADING_MAX_WORDS words,
    whose nearest main-text lines above and below are next to it (or one short non-main line
    away: a "Book now" button, a photo credit, an ad label), is main text: trafilatura drops some
    subheadings of an article while keeping the paragraphs around them."""
    if not headings:
        return verdict
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    out = list(verdict)
    for k in range(1, len(nonblank) - 1):
        i = nonblank[k]
        if verdict[i] or len(lines[i].split()) > SUBHEADING_MAX_WORDS:
            continue
        if (_main_neighbour(lines, verdict, nonblank, k, -1)
                and _main_neighbour(lines, verdict, nonblank, k, 1)
                and _norm(lines[i]) in headings):
            out[i] = True
    return out


#: How many short lines (buttons, captions, ad labels) may stand between a dropped subheading
#: and the main-text line next to it.
SUBHEADING_SKIP = 1
_SHORT_LINE_WORDS = 6


def _main_neighbour(lines: list[str], verdict: list[bool], nonblank: list[int], k: int,
                    step: int) -> bool:
    """Whether the nearest main-text line in direction `step` from nonblank line `k` is reached
    by passing at most SUBHEADING_SKIP short lines that are not main text."""
    for skip in range(SUBHEADING_SKIP + 1):
        j = k + step * (skip + 1)
        if not 0 <= j < len(nonblank):
            return False
        i = nonblank[j]
        if verdict[i]:
            return True
        if len(lines[i].split()) > _SHORT_LINE_WORDS:
            return False
    return False


def _occurrences(joined: str, where: dict[str, list[int]], toks: list[str], limit: int = 64
                 ) -> list[tuple[int, int]]:
    """Up to `limit` (start, end) places in `joined` where the token run `toks` occurs, found
    from the positions of its rarest token."""
    n = " ".join(toks)
    offsets, o = [], 0
    for t in toks:
        offsets.append(o)
        o += len(t) + 1
    rare = min(range(len(toks)), key=lambda k: len(where.get(toks[k], ())))
    out = []
    for p in where.get(toks[rare], ()):
        start = p - offsets[rare]
        if start > 0 and joined[start - 1] == " " and joined.startswith(n + " ", start):
            out.append((start, start + len(n)))
            if len(out) >= limit:
                break
    return out


def heaviest_chain(cands: list[tuple[int, int, int, int]]) -> set[int]:
    """Line indices of the heaviest chain of candidates increasing in both line and position,
    non-overlapping (see :func:`chain_places`).

    >>> sorted(heaviest_chain([(0, 10, 12, 3), (1, 0, 2, 1), (1, 20, 22, 1), (2, 5, 6, 1)]))
    [0, 1]
    """
    return {cands[e][0] for e in chain_places(cands)}


def chain_places(cands: list[tuple[int, int, int, int]]) -> list[int]:
    """Indices into `cands` of the heaviest chain of candidates increasing in both line and
    position, non-overlapping (weighted longest increasing subsequence over a Fenwick tree of
    maxima), last first.

    Each candidate is ``(line, start, end, weight)``, sorted by line; a candidate may follow
    another when its line is later and its `start` is past the other's `end`. At most one
    candidate per line is chosen.

    >>> chain_places([(0, 10, 12, 3), (1, 0, 2, 1), (1, 20, 22, 1), (2, 5, 6, 1)])
    [2, 0]
    """
    if not cands:
        return []
    ends = sorted({c[2] for c in cands})
    size = len(ends)
    tree_val = [0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best = [0] * len(cands)
    parent = [-1] * len(cands)

    def query(limit: int) -> tuple[int, int]:  # max over ends <= limit
        k = bisect.bisect_right(ends, limit)
        v, arg = 0, -1
        while k > 0:
            if tree_val[k] > v:
                v, arg = tree_val[k], tree_idx[k]
            k -= k & -k
        return v, arg

    def update(end: int, v: int, idx: int) -> None:
        k = bisect.bisect_left(ends, end) + 1
        while k <= size:
            if v > tree_val[k]:
                tree_val[k], tree_idx[k] = v, idx
            k += k & -k

    c = 0
    while c < len(cands):
        d = c
        while d < len(cands) and cands[d][0] == cands[c][0]:
            d += 1
        for e in range(c, d):  # query all of one line's candidates before inserting any
            v, arg = query(cands[e][1] - 1)
            best[e], parent[e] = v + cands[e][3], arg
        for e in range(c, d):
            update(cands[e][2], best[e], e)
        c = d
    e = max(range(len(cands)), key=best.__getitem__)
    chosen: list[int] = []
    while e >= 0:
        chosen.append(e)
        e = parent[e]
    return chosen


def _line_offsets(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _outside_spans(text: str, main_lines: list[bool]) -> list[MarkupSpan]:
    """Whole-line spans (runs of consecutive lines) that are not main text."""
    spans: list[MarkupSpan] = []
    offsets = _line_offsets(text)
    run_start = None
    for k, ((a, b), is_main) in enumerate(zip(offsets, main_lines, strict=True)):
        if not is_main and b > a:
            if run_start is None:
                run_start = k
        elif run_start is not None:
            spans.append(MarkupSpan(offsets[run_start][0], offsets[k - 1][1], OUTSIDE_MAIN))
            run_start = None
    if run_start is not None:
        spans.append(MarkupSpan(offsets[run_start][0], offsets[-1][1], OUTSIDE_MAIN))
    return spans


def _drop_wrappers(text: str, spans: list[MarkupSpan], main_lines: list[bool] | None
                   ) -> list[MarkupSpan]:
    """Drop chrome spans that hold the article: a container whose class merely mentions a
    sidebar or share bar but wraps two or more prose paragraphs of the main text."""
    if not spans:
        return spans
    offsets = _line_offsets(text)
    starts = [a for a, _ in offsets]
    prose = [_is_paragraph(text[a:b]) for a, b in offsets]
    if main_lines is None:  # no extraction: treat every prose paragraph as main text
        main_lines = prose
    keep = []
    for s in spans:
        first = bisect.bisect_right(starts, s.start) - 1
        last = bisect.bisect_right(starts, max(s.end - 1, s.start)) - 1
        main_prose = sum(1 for k in range(first, last + 1) if main_lines[k] and prose[k])
        if main_prose < 2:
            keep.append(s)
    return keep


_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)]?\s*$")


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= 12 and bool(_SENTENCE_END_RE.search(line))

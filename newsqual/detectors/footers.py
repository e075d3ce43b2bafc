"""Detectors of the `footers` family: what scrapers, feeds and autoblogs append to a copied article.

Autoblogs that republish other outlets' stories add a "Source link : https://..." line, label:value
meta lines ("Author : X", "Publish date : 2025-..."), a syndication copyright note, feed footers
("The post X appeared first on Y.") and punctuation debris. Severities:

- ``high``: a syndication-copyright note ("Copyright for syndicated content belongs to the linked
  Source", "all content is copyright of its respective owners"): the page declares itself a copy of
  someone else's work, which alone makes it unfit to index as an original.
- ``medium``: scraper source lines, feed footers and syndicated-feed disclaimers: strong signs of a
  repost, but real publishers (wire copy on NDTV, RSS readers) print some of them too.
- ``low``: meta lines, republication notes ("originally published on The Conversation"), view
  counters, tag lines and punctuation debris: chrome that lowers quality without condemning a page.

>>> from newsqual.document import Document
>>> doc = Document.from_text("Body.\\nThe post Storm hits coast appeared first on Example Wire.")
>>> [(f.kind, f.evidence) for r in RULES for f in r.detect(doc)]
[('feed_footer', 'The post Storm hits coast appeared first on Example Wire.')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsqual.detectors._rule import Hit, Rule, gated, strip_span, stripped_matches
from newsqual.document import Document

FAMILY = "footers"


# --- scraper_source_line -----------------------------------------------------------------------
# A line that only credits the copied page: "Source link : https://...", "Source: https://...",
# "Read the original article at ...", "Read full story at ...". "Source: Reuters" (a wire credit,
# no URL) is left alone.
_SOURCE_LINE = re.compile(
    r"^[ \t]{0,8}(?:"
    r"Source link\b[^\r\n]{0,300}"
    r"|(?:Original )?(?:Source|Article source|Source URL|Original article|Originally from|Via)"
    r"[ \t]{0,3}:[ \t]{0,3}(?:<)?(?:https?://|www\.|(?=[a-z0-9-]{1,60}\.(?:com|net|org|info|co|news|"
    r"biz|us|uk)\b))[^\s]{1,400}(?:>)?"
    r"|Read (?:the )?(?:original|full|complete|entire|rest of the) (?:article|story|post|report)"
    r"(?: (?:here|at|on|via|from)(?:[ \t]{0,3}:)?(?:[ \t]{1,3}[^\s]{1,200}){0,6})?[.!]?"
    r"|(?:Click here to read (?:the )?(?:full|original|complete) (?:article|story))[^\r\n]{0,200}"
    r")[ \t]*(?=\r?$)",
    re.MULTILINE | re.IGNORECASE,
)


def _find_source_lines(doc: Document) -> Iterator[Hit]:
    for m in _SOURCE_LINE.finditer(doc.text):
        line = doc.line_at(m.start())
        # A "Read the full story at..." line is chrome only when it is short (not a sentence).
        if len(line.text) <= 300:
            yield Hit(*strip_span(doc.text, m.start(), m.end()))


SCRAPER_SOURCE_LINE = Rule(
    kind="scraper_source_line",
    family=FAMILY,
    description="A standalone line crediting a copied page: 'Source link : https://...', 'Source: "
    "https://...', 'Read the original article at ...'.",
    severity="medium",
    message="A scraper's source-link line: the article was copied from another site.",
    positives=(
        "Headline\n\nSource link : https://news.example.org/world/story-123/\n\nBody text.",
        "Body text.\nSource: https://www.example.com/2025/02/17/story.html",
        "Read the original article at The Example Times",
        "Read full story here",
        "source:dailyexample.com",
        "Read the full story at: https://www.example.com/world/123",
        "Body.\nClick here to read the full article on example.com",
    ),
    negatives=(
        "A source familiar with the talks said the deal was close. Source: Reuters",
        "Read the full report on how the council plans to fund the new bridge and the road works.",
        "Source: Reuters",
        "SOURCE: The Example Mirror",
        "Officials said the source of the leak was a contractor. The full story, she said, was "
        "still "
        "unknown.",
        "Read the full report, which the ministry published on Monday, before drawing conclusions, "
        "the minister urged lawmakers in a speech that lasted more than an hour and was broadcast "
        "live on state television, and which drew criticism from opposition parties who accused the"
        " "
        "government of hiding the report's most damaging findings from voters until after the vote "
        "had taken place in all of the country's regions and the results had been announced.",
    ),
    finder=_find_source_lines,
)

# --- scraper_meta_line -------------------------------------------------------------------------
# Label:value meta lines from scraper templates. With the French-style spaced colon ("Author : X",
# "Publish date : 2025-02-17 00:20:12") they are scraper output anywhere; with a plain colon only a
# date-time value counts ("Published: 2025-02-17 00:20") since bylines such as "Author: Jane Doe"
# are common in real articles.
_META_LABELS = (r"Author|Authors|Publish(?:ed)? date|Publication date|Date published|Posted (?:on|"
    r"by)|"
                r"Published(?: on| by)?|Date|Updated|Last updated|Source|Category|Language|Post "
                r"date|"
                r"Auteur|Date de publication")
_META = re.compile(
    r"^[ \t]{0,8}(?:" + _META_LABELS + r") : [^\r\n]{1,120}(?=\r?$)"
    r"|^[ \t]{0,8}(?:Publish(?:ed)? date|Publication date|Date published|Published(?: on)?|Posted "
    r"on|"
    r"Post date|Date):?[ \t]{1,3}\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?[^\r\n]{0,20}(?=\r?$)",
    re.MULTILINE,
)

# At the end of a document, two or more plain-colon label:value lines ("Author: Desk",
# "Source: Example Wire") are the same template; a single byline line is not.
_META_PLAIN = re.compile(r"^[ \t]{0,8}(?:" + _META_LABELS + r"):[ \t]{1,3}[^\r\n]{1,80}$")
TAIL_LINES = 8


def _find_meta(doc: Document) -> Iterator[Hit]:
    yield from stripped_matches(_META)(doc)
    tail = doc.nonblank_lines[-TAIL_LINES:]
    plain = [ln for ln in tail if len(ln.text) <= 120 and _META_PLAIN.match(ln.text)
             and not _META.match(ln.text)]
    labels = {ln.text.split(":", 1)[0].strip().lower() for ln in plain}
    if len(labels) >= 2:  # two different labels: "Author:" and "Source:", not a list of one kind
        for ln in plain:
            a, b = strip_span(doc.text, ln.start, ln.end)
            yield Hit(a, b)


SCRAPER_META_LINE = Rule(
    kind="scraper_meta_line",
    family=FAMILY,
    description="A scraper template's label:value meta line ('Author : X', 'Publish date : "
    "2025-...').",
    severity="low",
    message="A scraper template's meta line (author/date label) was left in the text.",
    positives=(
        "Body.\n\nAuthor : World Desk\n\nPublish date : 2024-11-03 08:15:00\n",
        "Category : Politics",
        "Published: 2023-06-01 14:22:05",
        "Body of the story.\n\nAuthor: Example-Wire\nSource: Example News Network\n",
    ),
    negatives=(
        "Author: Jane Doe",
        "The council met on Monday.\nAuthor: Jane Doe\nThe vote is on Friday.",
        "Date: Tuesday, March 4",
        "The author : a former diplomat who served in Moscow, wrote the memoir in 2019.",
        "Updated: the story was corrected to show the vote took place on Tuesday.",
    ),
    finder=_find_meta,
)

# --- syndication_copyright ---------------------------------------------------------------------
_SYNDICATION = re.compile(
    r"(?i)\b(?:copyright|rights?|content)\b[^\r\n]{0,40}?\b(?:syndicated|aggregated|scraped|"
    r"rss|curated)\b[^\r\n]{0,60}?\b(?:belongs?|belonging|remains?|owned|property|respective)\b"
    r"[^\r\n]{0,80}"
    r"|\ball (?:content|articles|news|posts|material|images and content|rights)\b[^\r\n]{0,30}?\b"
    r"(?:is|are|remain)\b[^\r\n]{0,20}?\b(?:copyright(?:ed)?|property|owned)\b[^\r\n]{0,20}?\b(?:of"
    r"|by)"
    r" (?:its|their) (?:respective|original) (?:owners|authors|sources|publishers|creators)\b[^\r\n"
    r"]{0,40}"
    r"|\bwe do not (?:claim|own) (?:ownership of |the rights to |)(?:any|this|the) (?:content|"
    r"articles?|news)\b[^\r\n]{0,120}"
    r"|\bno copyright infringement (?:is )?intended\b[^\r\n]{0,80}"
)

SYNDICATION_COPYRIGHT = Rule(
    kind="syndication_copyright",
    family=FAMILY,
    description="A note that the content belongs to someone else ('Copyright for syndicated content"
        " "
    "belongs to the linked Source', 'All content is copyright of its respective owners').",
    severity="high",
    message="The page declares its content copied from other sources (a syndication/aggregation "
    "copyright note).",
    positives=(
        "Body.\nCopyright of all syndicated content belongs to the original source.",
        "All content is copyright of its respective owners.",
        "Disclaimer: We do not claim ownership of any content on this site.",
        "The rights to aggregated RSS content remain with their respective publishers.",
        "No copyright infringement intended.",
    ),
    negatives=(
        "The court ruled that syndicated content remains the property of the news agency, a "
        "decision publishers welcomed.",
        "Copyright 2024 The Associated Press. All rights reserved.",
        "The newspaper's content is syndicated to 300 outlets, its owner said.",
        "All trademarks are the property of their respective owners, the press release said.",
    ),
    finder=gated(("syndicated", "aggregated", "scraped", "rss", "curated", "respective",
                   "original",
                   "we do not", "infringement"), stripped_matches(_SYNDICATION), lower=True),
)

# --- feed_footer -------------------------------------------------------------------------------
# Yoast SEO's default RSS footer "The post %%POSTLINK%% appeared first on %%BLOGLINK%%." (Yoast
# SEO settings, "RSS" tab), as rendered: "The post <title> appeared first on <site>."
_FEED = re.compile(r"^[ \t]{0,8}The post [^\r\n]{1,300}? appeared first on (?:[^\r\n,]|,(?! )){1,80"
    r"}(?=\r?$)",
                   re.MULTILINE)

FEED_FOOTER = Rule(
    kind="feed_footer",
    family=FAMILY,
    description="An RSS feed footer ('The post X appeared first on Y.', Yoast SEO's default).",
    severity="medium",
    message="An RSS feed footer was copied with the article: it was taken from another site's feed"
        ".",
    positives=(
        "Body text.\nThe post Council approves new budget appeared first on Example Gazette.",
        "The post “Storm hits coast” appeared first on Weather Now.",
    ),
    negatives=(
        "The post office appeared first on the list of closures, officials said.",
        "Her post on Facebook appeared first on Tuesday and was shared widely.",
    ),
    finder=stripped_matches(_FEED),
)

# --- originally_published ----------------------------------------------------------------------
_MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|"
           r"Thursday|Friday|Saturday|Sunday|print|the (?:print|\d)")
_ORIGINALLY = re.compile(
    r"^[ \t]{0,8}(?:\(|\*|_)?(?:This (?:article|story|post|piece|op-ed|column) (?:was|is|has been|"
    r"first) (?:originally |first )?(?:published|appeared|posted|ran)|Originally (?:published|"
    r"posted|"
    r"appeared)|First (?:published|appeared)|A version of this (?:article|story) (?:was originally "
    r"|first )?(?:published|appeared)) (?:at|on|in|by) (?!(?:" + _MONTHS + r")\b|\d)"
    r"[^\r\n]{1,200}(?=\r?$)",
    re.MULTILINE | re.IGNORECASE,
)


def _find_originally(doc: Document) -> Iterator[Hit]:
    for m in _ORIGINALLY.finditer(doc.text):
        if m.end() - m.start() <= 260:
            yield Hit(*strip_span(doc.text, m.start(), m.end()))


ORIGINALLY_PUBLISHED = Rule(
    kind="originally_published",
    family=FAMILY,
    description="A republication note on its own line ('This article was originally published on "
    "...', 'Originally published at ...').",
    severity="low",
    message="A republication note: the text is a copy of an article published elsewhere first.",
    positives=(
        "Body.\nThis article was originally published on The Conversation. Read the original "
        "article.",
        "Originally published at example.com on May 3, 2024.",
        "(This story first appeared in the Example Post.)",
        "A version of this story first appeared in The Example Review.",
    ),
    negatives=(
        "The memoir was first published in 1962 and became a bestseller.",
        "The report, originally published on Monday, was later corrected.",
        "Originally published in March 2022. Last updated on December 20, 2024.",
        "A version of this article appeared in print on page A12.",
        "Details of the plan first appeared in a leaked memo, officials said.",
    ),
    finder=_find_originally,
)

# --- autofeed_disclaimer -----------------------------------------------------------------------
# Wire-feed notes such as "(Except for the headline, this story has not been edited by <outlet>
# staff and is published from a syndicated feed.)" (NDTV, Business Standard, Devdiscourse print
# this under agency copy) and "auto-generated from a syndicated feed".
_AUTOFEED = re.compile(
    r"(?i)\(?(?:except for the headline,? )?this (?:story|article|report|content) has not been "
    r"edited"
    r" by [^\r\n]{1,80}?(?:staff|team|editors)[^\r\n]{0,120}?(?:syndicated|wire|agency|news) feed\."
    r"?\)?"
    r"|\(?(?:this|the) (?:story|article|report|content) (?:is|was|has been) (?:auto(?:matically|-)"
    r"?[ -]?generated|published|sourced) (?:from|via) (?:a |an )?(?:syndicated|wire|agency|rss|news"
    r")"
    r" feed\b[^\r\n]{0,80}"
)

AUTOFEED_DISCLAIMER = Rule(
    kind="autofeed_disclaimer",
    family=FAMILY,
    description="A syndicated-feed disclaimer ('this story has not been edited by ... staff and is "
    "published from a syndicated feed', 'auto-generated from a syndicated feed').",
    severity="medium",
    message="A syndicated-feed disclaimer: the text is unedited wire/feed copy.",
    positives=(
        "(Except for the headline, this story has not been edited by Example News staff and is "
        "published from a syndicated feed.)",
        "This story is auto-generated from a syndicated feed.",
        "This article has not been edited by our editorial team and is published from a wire feed.",
    ),
    negatives=(
        "The story has not been edited since Monday, the website's editor said.",
        "The agency's news feed was suspended after the hack, officials said.",
        "Syndicated feeds from the wire services reach hundreds of newspapers.",
    ),
    finder=gated(("feed",), stripped_matches(_AUTOFEED), lower=True),
)

# --- view_counter ------------------------------------------------------------------------------
_VIEWS_LINE = re.compile(
    r"^[ \t]{0,8}(?:(?:Views?|Hits|Reads|Visits|Page views)[ \t]{0,2}:[ \t]{0,2}\d[\d,. ]{0,12}"
    r"(?:[kKmM])?"
    r"|\d{1,3}(?:[,. ]\d{3}){0,3}(?:\.\d)?[kKmM]?[ \t]{1,2}(?:views?|reads|hits|visits|Views?|"
    r"Reads|Hits))"
    r"[ \t]*(?=\r?$)",
    re.MULTILINE,
)
# "... | 2.1K views | ..." inside a meta line (tried only when the text has a "|").
_VIEWS_PIPE = re.compile(
    r"(?:(?<=\| )|(?<=\|))\d{1,3}(?:[,.]\d{3}){0,3}(?:\.\d)?[kKmM]?[ \t]{1,2}[Vv]iews\b"
    r"|(?<![\w.,])\d{1,3}(?:[,.]\d{3}){0,3}(?:\.\d)?[kKmM]?[ \t]{1,2}[Vv]iews[ \t]{0,3}(?=\|)",
)


def _find_views(doc: Document) -> Iterator[Hit]:
    yield from stripped_matches(_VIEWS_LINE)(doc)
    if "|" in doc.text:
        yield from stripped_matches(_VIEWS_PIPE)(doc)


VIEW_COUNTER = Rule(
    kind="view_counter",
    family=FAMILY,
    description="A page-view counter ('1,234 views', 'Views: 57', 'Hits: 12').",
    severity="low",
    message="A page-view counter was scraped with the article.",
    positives=(
        "Headline\n1,234 views\nBody.",
        "Views: 57",
        "By Desk | 3 min read | 2.1K views",
        "Hits: 12",
        "Board launch story 10.9k views | 0 comments",
    ),
    negatives=(
        "The video drew 1.2 million views on YouTube within a day.",
        "Views differ on the plan: 57 lawmakers oppose it.",
        "Her views on tax have not changed, she said.",
    ),
    finder=gated(("view", "hits", "reads", "visits"), _find_views, lower=True),
)

# --- tag_line ----------------------------------------------------------------------------------
_TAGS = re.compile(
    r"^[ \t]{0,8}(?:Tags?|TAGS?|Tagged(?: with| in)?|Filed under|FILED UNDER|Categories|Category|"
    r"Related topics|Topics|Keywords)[ \t]{0,2}:?[ \t]{0,2}(?:[^\r\n!?]{0,300})(?=\r?$)",
    re.MULTILINE,
)
_SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|said|says|will|has|have|had)\b")
# WordPress themes' entry footer: "This entry was posted in <categories> and tagged <tags> by
# <author>. Bookmark the permalink." (Twenty Ten / Twenty Eleven templates).
_ENTRY_META = re.compile(
    r"^[ \t]{0,8}(?:This entry was posted (?:in|on) [^\r\n]{1,300}?|[^\r\n]{0,300}?)"
    r"Bookmark the permalink\.?(?=[ \t]*\r?$)"
    r"|^[ \t]{0,8}This entry was posted in [^\r\n]{1,300}?(?:\.|(?=\r?$))",
    re.MULTILINE,
)


def _find_tags(doc: Document) -> Iterator[Hit]:
    for m in _TAGS.finditer(doc.text):
        body = m.group(0).strip()
        label_only = len(body.split()) <= 3 and ":" not in body
        if label_only and body.rstrip(":") not in {"Tags", "Categories", "Filed under", "Tagged",
                                                    "Related topics"}:
            continue
        if ":" not in body and not label_only and not body.startswith(("Filed under", "Tagged")):
            continue
        if _SENTENCE_VERB.search(body) or (body.endswith(".") and len(body.split()) >= 6):
            continue
        yield Hit(*strip_span(doc.text, m.start(), m.end()))
    if "This entry was posted" in doc.text or "Bookmark the permalink" in doc.text:
        for m in _ENTRY_META.finditer(doc.text):
            yield Hit(*strip_span(doc.text, m.start(), m.end()))


TAG_LINE = Rule(
    kind="tag_line",
    family=FAMILY,
    description="A tag or category line ('Tags: a, b, c', 'Filed under: ...', 'Categories').",
    severity="low",
    message="A tag/category line from the page template was scraped with the article.",
    positives=(
        "Body.\nTags: Russia, Syria, diplomacy",
        "Filed under: World News, Middle East",
        "Categories\nNews\nHeadline",
        "Tagged with Election 2024, Congress",
        "TAGS: ELECTION, SENATE RACE",
        "Body.\nThis entry was posted in Politics and tagged budget, council by admin. Bookmark "
        "the permalink.",
    ),
    negatives=(
        "Tags on the luggage showed it had passed through Frankfurt, police said.",
        "Topics: the summit will cover trade, security and climate, officials said.",
        "Category 5 hurricanes are the strongest on the scale.",
        "Keywords matter, the SEO consultant said.",
    ),
    finder=_find_tags,
)

# --- punctuation_debris ------------------------------------------------------------------------
# Leftover runs of spaced dots (". . . . .") and mixed dash lines ("—-") from stripped widgets.
# A scene break ("* * *", "***", "---") is typography, not debris, and is left alone.
_DEBRIS = re.compile(
    r"\.{1,3}(?:[ \t]{1,3}\.{1,3}){4,500}"
    r"|^[ \t]{0,8}(?:[—–][-‐]|[-‐][—–])[-—–‐ \t]{0,20}(?=\r?$)"
    r"|^[ \t]{0,8}[.·•…](?:[ \t]{0,3}[.·•…]){7,400}[ \t]{0,8}(?=\r?$)",
    re.MULTILINE,
)

PUNCTUATION_DEBRIS = Rule(
    kind="punctuation_debris",
    family=FAMILY,
    description="Runs of leftover punctuation ('. . . . . . .', a '—-' line).",
    severity="low",
    message="Leftover punctuation debris from stripped page elements.",
    positives=(
        "Body.\n. . . . . . . . .\nMore.",
        "End of story.\n—-\n",
        "Text .. . . . . . then an error",
        "••••••••••",
    ),
    negatives=(
        "The witness paused... then said, \"I don't know.\"",
        "Chapter one\n* * *\nChapter two",
        "---",
        "The score was 2-1 — a narrow win.",
    ),
    # Every match holds two dots at most three blanks apart (spaces, or a tab somewhere), or one
    # of the other marks.
    finder=gated(("..", ". .", ".  .", ".   .", "\t", "•", "·", "…", "—", "–", "‐"),
                  stripped_matches(_DEBRIS)),
)

RULES: list[Rule] = [
    SCRAPER_SOURCE_LINE,
    SCRAPER_META_LINE,
    SYNDICATION_COPYRIGHT,
    FEED_FOOTER,
    ORIGINALLY_PUBLISHED,
    AUTOFEED_DISCLAIMER,
    VIEW_COUNTER,
    TAG_LINE,
    PUNCTUATION_DEBRIS,
]

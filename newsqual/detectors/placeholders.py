"""Detectors of the `placeholders` family: template slots and dummy values that were never filled.

An article that still says "on [insert date]" or "founded in [date] by [Your Name]" was published
from a template or a chatbot draft without a human reading it: NewsGuard's "Rise of the Newsbots"
(May 2023) found AI content farms through exactly such unfilled fields. Unfilled instructions,
template variables and dummy text are ``high``; a null-ish value in prose (``undefined``, ``NaN``)
and CMS shortcodes are ``medium`` (a rendering bug on an otherwise real article).

Editorial brackets are not placeholders: "[sic]", footnotes "[1]", "[laughs]", "[Reuters]" and
clarifications such as "[the president]" are left alone; a placeholder names a *kind of value*
(date, name, company...) or gives an instruction ("insert", "your").

>>> from newsqual.document import Document
>>> doc = Document.from_text("The site was founded in [date] by [Your Name].")
>>> [(f.kind, f.evidence) for r in RULES for f in r.detect(doc)]
[('placeholder_instruction', '[date]'), ('placeholder_instruction', '[Your Name]')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from newsqual.detectors._rule import Hit, Rule, gated
from newsqual.document import Document

FAMILY = "placeholders"


def _matches(pattern: re.Pattern[str]) -> Callable[[Document], Iterator[Hit]]:
    def finder(doc: Document) -> Iterator[Hit]:
        for m in pattern.finditer(doc.text):
            yield Hit(m.start(), m.end())
    return finder


# --- placeholder_instruction -------------------------------------------------------------------
# Kinds of value a template leaves a slot for (our own list).
_SLOT = (
    r"(?:date|time|day|month|year|name|full name|first name|last name|surname|company|company name|"
    r"business|business name|organi[sz]ation|organi[sz]ation name|brand|brand name|product|"
    r"product name|service|city|town|country|state|location|venue|address|region|title|job title|"
    r"headline|position|quote|number|amount|figure|price|percentage|percent|phone|phone number|"
    r"email|email address|website|url|link|author|author name|reporter|contact|contact name|person|"
    r"spokesperson|event|event name|industry|topic|keyword|source|x|xx|xxx|tk|tbd|tktk)"
)
_INSTRUCTION = (r"(?:insert|add|enter|type|fill in|replace with|paste|include|provide|write|"
                r"link to|cite)")
# Bracket content (no nested brackets, at most 60 characters) that is a placeholder:
#  - an instruction ("Insert quote here", "add link"), or "Your ..." ("Your Name"),
#  - a bare slot word or two, optionally with "here" / "name" / "of <x>" ("Company Name", "DATE",
#    "date", "Name of CEO").
_PLACEHOLDER_BODY = re.compile(
    r"(?:" + _INSTRUCTION + r"|your)\b[^\[\]\n]{0,55}"
    r"|" + _SLOT + r"(?:[ /_-]" + _SLOT + r")?(?: here| name| of [a-z]{1,20}(?: [a-z]{1,20})?)?",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,60})\]|<((?i:insert|your|enter|add)\b[^<>\n]{1,55})>")


_INSTRUCTION_START = re.compile(_INSTRUCTION + r"\b", re.IGNORECASE)


def _inside_quotes(doc: Document, pos: int) -> bool:
    """True when `pos` sits inside a quotation on its line: a how-to article quoting a template
    ("a post on “Best Things to Do in [Your City Here]”") shows a placeholder rather than
    leaving one."""
    line = doc.line_at(pos)
    before = doc.text[max(line.start, pos - 600): pos]  # bounded: quotations are short
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


_CODE_MARKS = re.compile(r"[=;]|\w\(|-->|=>|^[+-] ")


def _code_like(doc: Document, pos: int) -> bool:
    """True when the line holding `pos` looks like a code listing (indented, or with assignment,
    call or diff marks): a tutorial showing template code rather than prose left unfilled."""
    line = doc.line_at(pos)
    if line.text[:1] in (" ", "\t"):
        return True
    return len(line.text) <= 300 and bool(_CODE_MARKS.search(line.text))


def _find_placeholders(doc: Document) -> Iterator[Hit]:
    for m in _BRACKETED.finditer(doc.text):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        inner = body.strip()
        if _PLACEHOLDER_BODY.fullmatch(inner) and not _looks_editorial(inner):
            if _code_like(doc, m.start()):
                yield Hit(m.start(), m.end(), severity="medium",
                          message="A bracketed placeholder in a code-like line: template code "
                          "shown on purpose, or left unfilled.")
            elif _inside_quotes(doc, m.start()) and not _INSTRUCTION_START.match(inner):
                yield Hit(m.start(), m.end(), severity="medium",
                          message="A template placeholder inside a quotation: either an example "
                          "quoted on purpose or an unfilled slot.")
            else:
                yield Hit(m.start(), m.end())
    if "XX" in doc.text:
        for m in _XX_FIGURE.finditer(doc.text):
            yield Hit(m.start(), m.end())


# Unbracketed dummy figures drafts leave for a number: "rose XX%", "$XX million", "XX,XXX people".
_XX_FIGURE = re.compile(
    r"(?<![\w$£€])[$£€]?XX{1,2}(?:[.,]X{1,3}){0,3}"
    r"(?=\s?%| percent\b| per cent\b| (?:million|billion|people|years|days|points)\b)(?:\s?%)?"
)


#: Slot words that stand alone in brackets only as placeholders; other single words ("[Source]",
#: "[Photo]", "[Update]") are editorial or scraper markers and are left to other rules.
_SINGLE_SLOTS = frozenset({
    "date", "time", "day", "month", "year", "name", "city", "town", "country", "company",
    "location", "venue", "number", "amount", "figure", "price", "percentage", "percent", "x",
    "xx", "xxx", "tk",
    "tbd", "tktk", "headline", "quote", "url", "link", "email", "phone", "brand", "product",
})


def _looks_editorial(inner: str) -> bool:
    """A single bracketed word counts only when it names a value a template would fill."""
    if " " not in inner and "/" not in inner and "_" not in inner and "-" not in inner:
        return inner.lower() not in _SINGLE_SLOTS
    return False


PLACEHOLDER_INSTRUCTION = Rule(
    kind="placeholder_instruction",
    family=FAMILY,
    description="An unfilled template slot or drafting instruction in brackets: [insert date], "
    "[Your Name], [DATE], [Company Name], [Insert quote here].",
    severity="high",
    message="An unfilled placeholder was published: the text came from a template or draft that "
    "nobody finished.",
    positives=(
        "The minister met his counterpart on [insert date], the agency reported.",
        "The outlet was founded in [date] by [Your Name] to cover local news.",
        "\"We are thrilled,\" said [Name of CEO], chief executive of [Company Name].",
        "The festival returns to [CITY] on [DATE] with more than [NUMBER] performers.",
        "[Insert quote from spokesperson here]",
        "Shares rose [X]% in early trading.",
        "Best VPN services in [Year], ranked by our editors",
        "For more information contact <Your Name> at the press office.",
        "Sales rose XX% to $XX million, the company said.",
    ),
    negatives=(
        "\"Their [sic] going to regret it,\" the sign read.",
        "The study found a 12 percent rise in admissions.[1] Officials disputed it.[2]",
        "\"I never thought I'd win [laughs], not in a million years,\" she said.",
        "\"We told [the president] that the deal was off,\" the aide said.",
        "LONDON [Reuters] - British inflation fell in March.",
        "Skip to navigation [n]",
        "Super Bowl XX was played in New Orleans in 1986.",
        "\"[The company] will not survive another winter,\" the analyst wrote.",
        "\"He gave me [his] word,\" said the farmer. \"[Source] told us nothing.\"",
    ),
    finder=gated(("[", "<", "XX"), _find_placeholders),
)

# --- template_token ----------------------------------------------------------------------------
# Template variables left unrendered: Mustache/Jinja "{{ title }}", Python/ICU "{author_name}",
# Yoast SEO's "%%POSTLINK%%"-style variables (Yoast docs, "snippet variables"), shell/JS "${name}",
# PHP "$post_title", printf "%s" / "%1$s".
_TEMPLATE = re.compile(
    r"\{\{\s{0,3}[A-Za-z_][\w.]{0,40}\s{0,3}\}\}"
    r"|\{%\s{0,3}[a-z_]{2,20}\b[^%\n]{0,80}%\}"
    r"|%%[A-Za-z_]{3,30}%%"
    r"|\$\{[A-Za-z_][\w.]{0,40}\}"
    r"|(?<![\w{$])\{[a-z][a-z0-9]{0,20}(?:_[a-z0-9]{1,20}){0,4}\}(?!\})"
    r"|(?<![\w$])\$[a-z]{1,20}_[a-z_]{1,30}\b"
    r"|(?<![\w%])%(?:\d\$)?s(?![\w%])"
)


def _path_parameter(text: str, start: int) -> bool:
    """A single-brace ``{name}`` that is a segment of a route ("/users/{user_id}"): path
    templating, the way API documentation and security advisories write routes (OpenAPI
    Specification 3.x, "Path Templating"), not a placeholder left unfilled. A full URL with a
    host ("https://example.com/{post_id}") is a link whose template did not render."""
    if text[start] != "{" or text[start + 1:start + 2] in ("{", "%"):
        return False
    before = text[max(0, start - 200):start]  # bounded: hostile input may have no spaces
    if not before.endswith("/"):
        return False
    token = before.split()[-1]
    return token.startswith("/") and "://" not in token


def _find_template_tokens(doc: Document) -> Iterator[Hit]:
    """Template variables; in a code-like line (a tutorial showing template code) they are only
    ``medium``; a ``{name}`` segment of a URL path is left alone."""
    for m in _TEMPLATE.finditer(doc.text):
        if _path_parameter(doc.text, m.start()):
            continue
        if _code_like(doc, m.start()):
            yield Hit(m.start(), m.end(), severity="medium",
                      message="A template variable in a code-like line: template code "
                      "shown on purpose, or left unrendered.")
        else:
            yield Hit(m.start(), m.end())


TEMPLATE_TOKEN = Rule(
    kind="template_token",
    family=FAMILY,
    description="A template variable left unrendered in the text: {{title}}, {author_name}, "
    "%%POSTLINK%%, ${city}, $post_title, %s.",
    severity="high",
    message="A template variable was published unrendered: the page was generated from a template "
    "that did not fill in its values.",
    positives=(
        "Breaking: {{title}} as officials confirm the news.",
        "Posted by {author_name} on {date}.",
        "The post %%POSTLINK%% appeared on %%BLOGLINK%%.",
        "Best hotels in ${city} for 2024",
        "Read more about $post_title on our site.",
        "Weather for %s: sunny with highs of 20.",
        "Share: https://example.com/{post_id}/?utm=tw",
    ),
    negatives=(
        "The company raised $5 million from investors, its filing showed.",
        "Shares of $AAPL rose 2% after the earnings call.",
        "Curly braces such as { and } are used in code, the professor explained.",
        "The bill costs 20% more than last year's version, analysts said.",
        "Set notation {1, 2, 3} appeared in the exam paper.",
        "She earned $40,000 a year as a teacher.",
        # A route in a security advisory: path templating, not an unfilled variable.
        "The flaw sits in the /admin/pages/{page_name} endpoint, the advisory said.",
    ),
    finder=gated(("{", "%", "$"), _find_template_tokens),
)

# --- null_in_prose -----------------------------------------------------------------------------
# JavaScript/Python null-ish values rendered where a value belongs: "Posted on undefined",
# "NaN%", "[object Object]" (JS Object.prototype.toString), "by None". Plain-English uses ("null
# and void", "a null result", "the border remains undefined") have a word after them or no
# value-taking word before them.
_VALUE_SLOT_BEFORE = (r"(?:\b(?:on|at|by|from|Updated|Posted|Published|Author|Source|Date|Price|"
                      r"Category|Views|via)\b:?[ \t]{1,3}|\()")
_NULL = re.compile(
    r"\[object (?:Object|HTMLDivElement|Undefined|Null|Promise)\]"
    r"|(?<![\w-])NaN(?![\w-])"
    r"|[$€£](?:undefined|null|NaN)\b"
    r"|" + _VALUE_SLOT_BEFORE + r"(?:undefined|null|None)(?=[ \t]{0,2}(?:$|[.,;:|)\]/]|\d|"
    r"(?:undefined|null|None)\b))"
    r"|(?<![\w-])(?:undefined|null)(?:%| (?:views|comments|shares|min read|minutes? read)\b)"
    r"|(?<![\w-])(?:undefined|null) (?:undefined|null)\b",
    re.MULTILINE,
)

NULL_IN_PROSE = Rule(
    kind="null_in_prose",
    family=FAMILY,
    description="A null-ish program value (undefined, null, None, NaN, [object Object]) standing "
    "where a date, name or number should be.",
    severity="medium",
    message="A program's empty value was rendered in place of real content.",
    positives=(
        "The results will be announced on undefined, the board said.",
        "Turnout reached NaN% in the northern districts.",
        "Posted by None | 3 min read",
        "Author: [object Object]",
        "Updated: null",
        "Tickets cost $undefined at the door.",
        "undefined undefined shared this story",
    ),
    negatives=(
        "The contract was declared null and void by the court on Monday.",
        "The trial produced a null result, researchers said.",
        "The border between the two provinces remains undefined, officials said.",
        "None of the candidates answered questions on Tuesday.",
        "Nan Goldin's photographs go on show at the Tate in March.",
        "The bill leaves the agency's role undefined. By law, the minister decides.",
        "He was, by none of the usual measures, a favourite.",
    ),
    finder=gated(("undefined", "null", "None", "NaN", "[object"), _matches(_NULL)),
)

# --- lorem_ipsum -------------------------------------------------------------------------------
# The typesetters' dummy text (from Cicero's "de Finibus"). One mention of the phrase can be news
# about design; two or more of its words together on a line are the dummy text itself.
_LOREM_WORDS = re.compile(r"(?i)\b(?:lorem|ipsum|dolor|sit amet|consectetur|adipiscing|eiusmod|"
                          r"tempor|incididunt|labore|dolore|magna aliqua)\b")
_LOREM_TRIGGER = re.compile(r"(?i)\blorem\b|\bipsum dolor\b|\bconsectetur adipiscing\b")


def _find_lorem(doc: Document) -> Iterator[Hit]:
    last = -1
    for m in _LOREM_TRIGGER.finditer(doc.text):
        line = doc.line_at(m.start())
        if line.index == last:
            continue
        last = line.index
        words = {w.group(0).lower() for w in _LOREM_WORDS.finditer(line.text)}
        if len(words) >= 3:
            s = line.text
            lstrip = len(s) - len(s.lstrip())
            yield Hit(line.start + lstrip, line.start + len(s.rstrip()))


LOREM_IPSUM = Rule(
    kind="lorem_ipsum",
    family=FAMILY,
    description="Lorem ipsum dummy text.",
    severity="high",
    message="Dummy 'lorem ipsum' text was published in place of content.",
    positives=(
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "Headline\nlorem ipsum dolor sit amet sed do eiusmod tempor incididunt ut labore\nFooter",
        "Caption: Ipsum dolor sit amet consectetur.",
    ),
    negatives=(
        "Designers have filled mock-ups with \"lorem ipsum\" placeholder text since the 1500s.",
        "The font's specimen sheet, which avoids lorem ipsum, was praised by typographers.",
        "Magna Carta's anniversary drew crowds, and the tempo of events was set by the mayor.",
    ),
    finder=gated(("lorem", "ipsum dolor", "consectetur adipiscing"), _find_lorem, lower=True),
)

# --- cms_token ---------------------------------------------------------------------------------
# CMS markup that leaked into text: WordPress's "#image_title" (the default alt/title placeholder
# some themes print), shortcodes such as [caption ...], [embed], [gallery] (WordPress Shortcode
# API),
# Visual Composer/WPBakery "[vc_row]", Divi "[et_pb_section]", Avada "[fusion_...]", ad-slot tokens
# "[ad_1]", and Handlebars block helpers "{{#if}}", "{{/each}}", "{{else}}".
_CMS = re.compile(
    r"(?<![\w#])#image_title\b"
    r"|\[/?(?:vc_[a-z_]{2,30}|et_pb_[a-z_]{2,30}|fusion_[a-z_]{2,30}|su_[a-z_]{2,30}|caption|embed|"
    r"gallery|video|audio|playlist|contact-form-7|wpforms|ad_\d{1,2}|adsense|tweet|youtube|"
    r"instagram|td_[a-z_]{2,30}|tie_[a-z_]{2,30})(?:[ \t][^\[\]\n]{0,300})?\]"
    r"|\{\{[#/^](?:if|each|unless|with|else)\b[^{}\n]{0,80}\}\}|\{\{else\}\}"
    # An ad plugin's own placeholder shown before it is configured ("Your ads will be inserted here
    # by Easy Plugin for AdSense. Please go to the plugin admin page to ..."; the plugin's default
    # text, seen twice in ../shared/data fakenewsnet).
    r"|^[ \t]{0,8}Your ads will be inserted here\b[^\r\n]{0,200}",
    re.MULTILINE,
)

CMS_TOKEN = Rule(
    kind="cms_token",
    family=FAMILY,
    description="CMS markup leaked into the text: #image_title, WordPress/Visual Composer "
    "shortcodes ([caption], [embed], [vc_row]), Handlebars block helpers ({{#if}}).",
    severity="medium",
    message="CMS markup (a shortcode or template helper) was published as text.",
    positives=(
        "Headline of the story\n#image_title\nThe mayor said on Friday...",
        "[caption id=\"attachment_512\" align=\"alignnone\" width=\"800\"] Protesters gathered.",
        "[vc_row][vc_column]The council voted 7-2.[/vc_column][/vc_row]",
        "[embed]https://www.youtube.com/watch?v=abc123[/embed]",
        "{{#if author}}By the newsroom{{/if}}",
        "[ad_1]\nThe central bank raised rates.",
        "Body text.\nYour ads will be inserted here by\nMore text.",
    ),
    negatives=(
        "The photo caption [above] misidentified the senator, the paper said.",
        "Users of the #image hashtag shared pictures of the eclipse.",
        "\"We will embed [reporters] with the troops,\" the general said.",
        "The gallery reopened on Saturday after a video of the theft circulated.",
        "Your ads will be shown less often, the company said, after complaints.",
    ),
    finder=gated(("#image_title", "[", "{{", "Your ads"), _matches(_CMS)),
)

RULES: list[Rule] = [PLACEHOLDER_INSTRUCTION, TEMPLATE_TOKEN, NULL_IN_PROSE, LOREM_IPSUM, CMS_TOKEN]

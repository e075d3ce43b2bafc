"""Detectors of the `chrome` family: website furniture left in the article text.

Scrapers that take a whole page instead of the article body leave breadcrumbs, share buttons,
comment counters and forms, newsletter prompts, "related posts" lists, skip links, repeated
headings and page-title lines with the site name behind the story. Each rule here looks at whole
lines (chrome is line-shaped) and only flags lines that could not be article prose: short,
label-like, no sentence punctuation. For HTML input, regions the markup itself marks as chrome
(navigation, footer, consent box, text outside the main content) become low-severity
``markup_chrome`` flags.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from newsqual.detectors._rule import SOCIAL_ATTRIBUTION_RE, Hit, Rule, line_hits, run_start
from newsqual.document import Document, Line
from newsqual.html import OUTSIDE_MAIN

FAMILY = "chrome"

#: Lines longer than this are prose or data, never a chrome label (keeps every rule linear).
_LABEL_MAX = 160

_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]?\s*$")
_NORM_RE = re.compile(r"\w+")


def _nonblank(doc: Document) -> list[Line]:
    return doc.nonblank_lines


def _is_prose(text: str) -> bool:
    """A line that reads like article prose: many words and ending like a sentence."""
    return len(text.split()) >= 14 and bool(_SENTENCE_END_RE.search(text))


def _is_headline_like(text: str) -> bool:
    """Short, no closing full stop (an ellipsis or ?/! is allowed): a link title or heading."""
    t = text.strip()
    n = len(t.split())
    if not t or n > 24 or len(t) > 220:
        return False
    return not (t.endswith(".") and not t.endswith("...")) or n <= 3


def _span(first: Line, last: Line) -> Hit:
    return Hit(first.start, last.end)


# --- breadcrumb -----------------------------------------------------------------------------------

# Section names that sit in site menus and breadcrumbs (our own list of common newsroom sections).
_SECTIONS = frozenset(
    """news world politics business sport sports entertainment opinion tech technology science
    health lifestyle culture local national international us uk europe asia africa americas
    middle economy markets finance money travel live latest crime education environment climate
    arts food style video videos weather regional global breaking top stories blog blogs analysis
    features society media celebrity celebrities movies music tv royals law justice security
    defence defense military conflict war elections election government region regions nation
    state states city metro columns commentary editorial editorials magazine investigations
    economics property realestate autos motoring football cricket tennis golf australia canada
    india china russia ukraine syria africa asia-pacific americas-news""".split()
)
_HOME_WORDS = ("home", "start", "homepage", "startseite", "accueil", "inicio")
_CRUMB_SEP_RE = re.compile(r"\s(?:›|»|>|/|\||→|::|>>)\s|\s?[›»→]\s?")


def _breadcrumb_hits(doc: Document) -> Iterator[Hit]:
    for line in doc.lines:
        t = line.text.strip()
        if not t or len(t) > 300:
            continue
        first = t.split(None, 1)[0].lower().rstrip(":")
        if (first in _HOME_WORDS or "›" in t or "»" in t or "→" in t) and _is_breadcrumb(t):
            yield Hit(line.start, line.end)


def _is_breadcrumb(t: str) -> bool:
    parts = [p.strip() for p in _CRUMB_SEP_RE.split(t)]
    first = t.split(None, 1)[0].lower().rstrip(":")
    if len(parts) >= 2 and all(parts[:-1]) and parts[-1]:
        # "Home › World › Europe", "Home / News / Politics", "News » World » Asia"
        inner_short = all(len(p.split()) <= 4 for p in parts[:-1])
        if not inner_short or t.endswith("."):
            return False
        if first in _HOME_WORDS and parts[0].lower() in _HOME_WORDS:
            return True
        marks = sum(t.count(c) for c in "›»→")
        return marks >= 2 and len(parts) >= 3
    # "Home World Live International <headline>": Home followed by two or more section names.
    words = t.split()
    if first not in _HOME_WORDS or len(words) < 3:
        return False
    run = 0
    for w in words[1:]:
        if w.lower().strip(",:") in _SECTIONS and w[:1].isupper():
            run += 1
        else:
            break
    return run >= 2


# --- related_block --------------------------------------------------------------------------------

_RELATED_HEAD_RE = re.compile(
    r"^\s*(?:related(?: posts?| articles?| stories| news| content| coverage| links| reading| "
    r"topics)?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|read (?:more|next|also)(?: on| from| about)?(?: [\w.'’-]{1,30}){0,3}"
    r"|(?:also|further) read(?:ing)?"
    r"|more (?:from|on|in|at) [\w.'’& -]{1,40}"
    r"|more (?:stories|news|articles|headlines|to read|like this)"
    r"|trending(?: now| stories| news| articles| topics)?"
    r"|most (?:popular|read|viewed|shared|commented)(?: stories| articles| news)?"
    r"|popular(?: posts| stories| articles| now)"
    r"|recommended(?: for you| stories| articles| reading| posts)?"
    r"|latest (?:news|stories|posts|articles|headlines)"
    r"|see also|don['’]t miss|top stories|editor['’]s picks)\s*:?\s*$",
    re.IGNORECASE,
)
# "Read more: <headline>" / "Related: <headline>" on one line.
_RELATED_INLINE_RE = re.compile(
    r"^\s*(?:read (?:more|also|next)|related|see also|also read|more)\s*:\s*\S.{0,200}$",
    re.IGNORECASE,
)


def _related_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    i = 0
    while i < len(lines):
        line = lines[i]
        t = line.text
        if len(t) <= 80 and _RELATED_HEAD_RE.match(t):
            j = i + 1
            last = line
            while j < len(lines) and j - i <= 40:
                nt = lines[j].text.strip()
                if not _is_block_item(nt):
                    break
                last = lines[j]
                j += 1
            n_items = j - i - 1
            yield Hit(line.start, last.end,
                      message=f"A 'related/more' heading followed by {n_items} link title(s): "
                              "a list of other articles, not this one's text."
                      if n_items else None,
                      severity="medium" if n_items else "low")
            i = max(j, i + 1)
            continue
        if len(t) <= 240 and _RELATED_INLINE_RE.match(t) and _is_headline_like(t.split(":", 1)[1]):
            yield Hit(line.start, line.end, severity="low",
                      message="An inline 'Read more:' link to another article.")
        i += 1


_INNER_SENTENCE_RE = re.compile(r"[a-z0-9]{3}\. {1,3}[A-Z]")


def _is_block_item(t: str) -> bool:
    """A line that can sit in a list of links: headline-like, one sentence at most, and not the
    start of some other piece of chrome (a comment form, a share row, a prompt)."""
    if _is_prose(t) or not _is_headline_like(t) or _INNER_SENTENCE_RE.search(t):
        return False
    return not any(p.match(t) for p in (_RELATED_HEAD_RE, _FORM_ANCHOR_RE, _COMMENT_COUNT_RE,
                                        _SHARE_RE, _NEWSLETTER_RE, _AD_RE))


# --- share_line -----------------------------------------------------------------------------------

# Names on social share-button rows (our own list of common networks and share actions).
_SHARE_TOKENS = frozenset(
    """facebook twitter x whatsapp email e-mail mail linkedin pinterest reddit telegram print
    messenger tumblr pocket flipboard share tweet copy link sms viber threads bluesky mastodon
    vk line wechat skype google+ gmail more pin it shares comments comment""".split()
)
_SHARE_STRONG = frozenset("facebook twitter whatsapp linkedin pinterest reddit telegram tweet "
                          "messenger tumblr flipboard share".split())
# "Share this:" / "Click to share on X (Opens in new window)" / "Like this:" / "Like Loading..." are
# the default labels of WordPress Jetpack's sharing and likes widgets.
_SHARE_RE = re.compile(
    r"^\s*(?:share(?: this| the| on| via| to| article| story| post| page| it)?"
    r"(?: (?:article|story|post|page|on \w+|via \w+))?\s*[:!]?"
    r"|click to (?:share|email|print|tweet)\b.{0,80}"
    r"|share (?:this|the) (?:article|story|post)\b.{0,40}"
    r"|(?:share|tweet|post|pin) (?:on|to|via) (?:facebook|twitter|x|whatsapp|linkedin|pinterest|"
    r"reddit|telegram|email)\b.{0,40}"
    r"|like this:|like loading\.\.\.|\d{1,6} shares?|shares?: ?\d{1,6})\s*$",
    re.IGNORECASE,
)


def _share_hits(doc: Document) -> Iterator[Hit]:
    for line in doc.lines:
        t = line.text.strip()
        if not t or len(t) > _LABEL_MAX:
            continue
        if _SHARE_RE.match(t):
            yield Hit(line.start, line.end)
            continue
        tokens = [w.lower() for w in re.split(r"[\s|/•·,]+", t) if w]
        if (2 <= len(tokens) <= 16 and all(w in _SHARE_TOKENS for w in tokens)
                and sum(w in _SHARE_STRONG for w in tokens) >= 2):
            yield Hit(line.start, line.end, message="A row of social share buttons.")


# --- comment_counter ------------------------------------------------------------------------------

_COMMENT_COUNT_RE = re.compile(
    r"^\s*(?:\d{1,6} comments?|comments? ?\(\d{1,6}\)|comments?: ?\d{1,6}|no comments?(?: yet)?"
    r"|(?:leave|add|post|write) a comment|view comments|show comments|\d{1,6} (?:responses?"
    r"|replies)"
    r"(?: to .{1,150})?|(?:one|two|three) (?:comments?|responses?|thoughts?) on .{1,150}"
    r"|comments?|join the (?:conversation|discussion)|be the first to comment)\s*[:!]?\s*$",
    re.IGNORECASE,
)
_BARE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")


def _comment_counter_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    for k, line in enumerate(lines):
        t = line.text
        if len(t) <= 200 and _COMMENT_COUNT_RE.match(t):
            yield Hit(line.start, line.end)
        elif k < 8 and _BARE_NUMBER_RE.match(t):
            # A lone small number near the title is a comment (or share) counter.
            near = [lines[m].text for m in (k - 1, k + 1) if 0 <= m < len(lines)]
            if any(_is_headline_like(n) and len(n.split()) >= 4 for n in near):
                yield Hit(line.start, line.end,
                          message="A bare number beside the headline: a comment or share counter.")


# --- comment_form ---------------------------------------------------------------------------------

# Default wording of WordPress core's comment form (wp-includes/comment-template.php,
# comment_form()): "Leave a Reply", "Cancel reply", "Your email address will not be published.",
# "Required fields are marked *", "Save my name, email, and website in this browser for the next
# time I comment.", "Post Comment", "You must be logged in to post a comment." Akismet adds "This
# site uses Akismet to reduce spam. Learn how your comment data is processed."
_FORM_ANCHOR_RE = re.compile(
    r"^\s*(?:leave a reply(?: cancel reply)?|leave a comment(?: cancel reply)?|cancel reply"
    r"|reply to .{1,60} cancel reply"
    r"|your email address will not be published\.?(?: required fields are marked \*?)?"
    r"|required fields are marked ?\*"
    r"|save my name,? email,? and website in this browser.{0,60}"
    r"|you must be (?:logged in|registered) to post a comment\.?"
    r"|this site uses akismet to reduce spam\..{0,80}"
    r"|notify me of (?:follow-up comments|new posts|new comments).{0,40}"
    r"|post (?:a )?comment|submit comment|log in to (?:reply|comment)|login to (?:reply"
    r"|comment))\s*$",
    re.IGNORECASE,
)
_FORM_LABEL_RE = re.compile(
    r"^\s*(?:name|email|e-mail|website|url|comment|your name|your email|your comment|message)"
    r"\s*\*?\s*:?\s*$|^\s*(?:reply|submit|δ)\s*$",
    re.IGNORECASE,
)


def _comment_form_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    marked = [len(ln.text) <= 200 and bool(_FORM_ANCHOR_RE.match(ln.text)) for ln in lines]
    if not any(marked):
        return
    # Label lines ("Name *", "Email *") count only beside an anchor.
    for k, ln in enumerate(lines):
        if not marked[k] and len(ln.text) <= 40 and _FORM_LABEL_RE.match(ln.text):
            if any(marked[m] for m in range(max(0, k - 4), min(len(lines), k + 5))):
                marked[k] = True
    yield from _merge_runs(lines, marked)


def _merge_runs(lines: list[Line], marked: list[bool]) -> Iterator[Hit]:
    k = 0
    while k < len(lines):
        if marked[k]:
            m = k
            while m + 1 < len(lines) and marked[m + 1]:
                m += 1
            yield _span(lines[k], lines[m])
            k = m + 1
        else:
            k += 1


# --- newsletter_prompt ----------------------------------------------------------------------------

_NEWSLETTER_RE = re.compile(
    r"^\s*(?:(?:sign up|subscribe|register|join)\b.{0,80}\b(?:newsletters?|inbox|updates|alerts|"
    r"briefing|digest|mailing list|email)\b.{0,120}"
    r"|(?:get|receive|have) (?:the |our )?.{0,60}(?:delivered|sent|straight|direct(?:ly)?) to your "
    r"inbox.{0,80}"
    r"|enter your e-?mail(?: address)?.{0,80}"
    r"|thanks? (?:you )?for (?:subscribing|signing up).{0,80}"
    r"|by (?:signing up|subscribing|clicking subscribe),? you (?:agree|acknowledge).{0,160}"
    r"|subscribe(?: now| today| here)?|newsletter(?: sign-?up)?|sign up|get our newsletter"
    r"|invalid email(?: address)?|you can unsubscribe at any time\.?)\s*[:!.]?\s*$",
    re.IGNORECASE,
)


def _newsletter_hits(doc: Document) -> Iterator[Hit]:
    for line in doc.lines:
        t = line.text
        if len(t) <= 300 and _NEWSLETTER_RE.match(t) and not _looks_like_reported_speech(t):
            yield Hit(line.start, line.end)


def _looks_like_reported_speech(t: str) -> bool:
    """Prose *about* a newsletter ("... signed up, the company said.") rather than a prompt."""
    return bool(re.search(r"\b(?:said|says|told|according to|reported)\b", t, re.IGNORECASE))


# --- advertisement_label --------------------------------------------------------------------------

_AD_RE = re.compile(
    r"^\s*[-–—(\[]?\s*(?:advertisements?|advertising|advert|ad|sponsored(?: content| post| links?| "
    r"by .{1,40})?"
    r"|paid (?:content|post|partnership|partner content)|promoted(?: content| stories| links)?"
    r"|(?:story|article|content|text) continues (?:below|after)(?: this| the)? (?:advertisement|ad"
    r"|advert)"
    r"|continue reading (?:below|the main story)|scroll (?:down )?to continue(?: with content| "
    r"reading)?"
    r"|advertisements? ?[-–—:|] ?(?:scroll to continue(?: with content)?|(?:story|article|content) "
    r"continues(?: below| after)?)|ad feedback|report (?:this )?ad"
    r"|skip ad|close ad|ads by \w{1,20}|partner content)\s*[-–—)\]]?\s*:?\s*$",
    re.IGNORECASE,
)

# --- prev_next_link -------------------------------------------------------------------------------

_PREV_NEXT_ONE = (
    r"(?:[«‹<←]\s*)?(?:previous|prev|next|older|newer)"
    r"(?:(?: (?:article|post|story|entry|page|posts|entries|item|slide))\s*[»›>→]?"
    r"|\s*[»›>→])"
)
_PREV_NEXT_RE = re.compile(
    rf"^\s*(?:{_PREV_NEXT_ONE}(?:\s*[:|]?\s*{_PREV_NEXT_ONE})?(?:\s*:\s*\S.{{0,200}})?"
    r"|(?:[«‹<←]\s*)?(?:previous|prev|next|older|newer)\s*[:]\s*\S.{0,200})\s*$",
    re.IGNORECASE,
)

# --- skip_link ------------------------------------------------------------------------------------

_SKIP_RE = re.compile(
    r"^\s*(?:skip|jump) to (?:the )?(?:main |primary |secondary )?"
    r"(?:content|navigation|nav|menu|search|footer|sidebar|main|article|site navigation|"
    r"main content|primary navigation|secondary menu|accessibility)\s*$",
    re.IGNORECASE,
)


# --- repeated_heading -----------------------------------------------------------------------------

def _norm_tokens(text: str) -> list[str]:
    return _NORM_RE.findall(text.casefold())


def _near_same(a: list[str], b: list[str]) -> bool:
    """Same tokens, or one token changed / added / dropped (lines of four or more tokens)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if min(len(a), len(b)) < 6:
        return False  # short lines must match exactly (up to case): lists repeat short labels
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(diff) == 1 and diff[0][0].isalpha() and diff[0][1].isalpha()
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for k in range(len(long_)):
        if long_[:k] + long_[k + 1:] == short:
            return True
    return False


def _repeated_heading_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    outside = _outside_main_starts(doc)
    window: list[tuple[int, list[str]]] = []
    for k, line in enumerate(lines):
        t = line.text.strip()
        heading = (3 <= len(t) <= 200 and len(t.split()) <= 25 and not _is_prose(t)
                   and not (t.endswith(".") and not t.endswith("..."))
                   and not SOCIAL_ATTRIBUTION_RE.match(t))  # two posts signed the same day
        if not heading:
            continue
        toks = _norm_tokens(t)
        if len(toks) < 3:
            continue
        # Questions must repeat exactly: an FAQ's questions differ by one word ("... for
        # students?" / "... for gamers?") and are different questions, not a title printed twice.
        question = t.endswith("?")
        for m, prev in window:
            if (k - m <= 4 and (toks == prev if question else _near_same(toks, prev))
                    and not _list_record(lines, m, k)):
                # HTML: a copy outside the main text (a breadcrumb's or a menu's) before the
                # main text's own headline is already reported by markup_chrome; the headline
                # is the article's, not a repeat of it (a copy inside the article still is).
                if lines[m].start in outside and line.start not in outside:
                    continue
                yield Hit(line.start, line.end)
                break
        window = [(m, p) for m, p in window if k - m < 4] + [(k, toks)]


def _outside_main_starts(doc: Document) -> frozenset[int]:
    """Start offsets of the lines an HTML page's main-text alignment left out (empty for
    plain text)."""
    if not doc.source_format.startswith("html"):
        return frozenset()
    n = len(doc.text)
    out: set[int] = set()
    for span in doc.markup:
        if span.role == OUTSIDE_MAIN and span.start < n:
            first = doc.line_at(span.start).index
            last = doc.line_at(min(span.end, n) - 1).index
            out.update(doc.lines[k].start for k in range(first, last + 1))
    return frozenset(out)


def _list_record(lines: list[Line], m: int, k: int) -> bool:
    """Records of a list (name / role / name / role) repeat a role line two lines apart, each
    after a short name-like line; a template's repeated title does not follow that rhythm."""
    if k - m != 2 or m == 0:
        return False
    before = (lines[m - 1].text.strip(), lines[k - 1].text.strip())
    return all(1 <= len(b.split()) <= 5 and b[:1].isupper() and not any(c.isdigit() for c in b)
               for b in before) and before[0] != before[1]


# --- site_name_line -------------------------------------------------------------------------------

_TITLE_SEP_RE = re.compile(r"\s[|–—-]\s|\s?\|\s?")
# A publisher's name as a page title ends it: one to three capitalised words, no digits.
_PUBLISHER_RE = re.compile(r"^(?:[A-Z][\w.&'’]{0,30}(?: |$)){1,3}$")
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24}$", re.IGNORECASE)


def _is_title_text(t: str) -> bool:
    """A headline, not a quotation or a sentence ("“…” – Thomas Jefferson" is an attribution)."""
    t = t.strip()
    return (len(t.split()) <= 20 and t[:1] not in "\"'“‘«„" and t[-1:] not in "\"'”’».!?;:,"
            and t[:1].isupper())


def _site_name_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    for k, line in enumerate(lines[:4]):
        t = line.text.strip()
        if len(t) > 300 or _is_prose(t):
            continue
        parts = [p.strip() for p in _TITLE_SEP_RE.split(t)]
        if len(parts) < 2 or not parts[0] or not all(parts[1:]):
            continue
        tail = parts[1:]
        if len(tail) > 4 or any(len(p.split()) > 6 for p in tail):
            continue
        pipe = "|" in t
        domain = _DOMAIN_RE.match(tail[-1]) is not None
        head = _norm_tokens(parts[0])
        repeated = len(head) >= 3 and any(
            _norm_tokens(o.text) == head for o in lines[k + 1:k + 6])
        if domain or repeated or (pipe and len(tail) >= 1 and len(head) >= 3) \
                or (len(head) >= 4 and _PUBLISHER_RE.match(tail[-1]) is not None
                    and _is_title_text(parts[0])):
            yield Hit(line.start, line.end)


# --- staging_domain -------------------------------------------------------------------------------

_HOST_RE = re.compile(
    r"(?<![\w.@-])(?:https?://)?((?:[a-z0-9][a-z0-9-]{0,62}\.){1,8}[a-z]{2,24})"
    r"(?::\d{2,5})?(?![\w@-])",
    re.IGNORECASE,
)
_LOCAL_RE = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:localhost:\d{2,5}|localhost/\S{0,80}|127\.0\.0\.1(?::\d{2,5})?"
    r"|0\.0\.0\.0:\d{2,5}|192\.168\.\d{1,3}\.\d{1,3}(?::\d{2,5})?)(?![\w.])",
    re.IGNORECASE,
)
_ENV_LABEL_RE = re.compile(
    r"^(?:preview|staging|stage|stg|dev|develop|development|test|testing|sandbox|uat|qa|draft)"
    r"\d{0,2}(?:-|$)|-(?:preview|staging|stage|stg|dev|test|sandbox|uat|qa)\d{0,2}$",
    re.IGNORECASE,
)
# Hosting platforms whose default hostnames serve previews, branches and staging copies.
_PREVIEW_HOSTS = (
    ".wpengine.com", ".wpenginepowered.com", ".netlify.app", ".herokuapp.com", ".vercel.app",
    ".pantheonsite.io", ".kinsta.cloud", ".flywheelstaging.com", ".ngrok.io", ".ngrok-free.app",
    ".ngrok.app", ".pages.dev", ".preview-domain.com",
)
# A hostname worth a closer look: an environment word joined to a dot or hyphen, or a platform.
_KEYWORD_RE = re.compile(
    r"(?:preview|staging|stage|stg|dev|develop|development|test|testing|sandbox|uat|qa|draft)"
    r"\d{0,2}[.-]|-(?:preview|staging|stage|stg|dev|test|sandbox|uat|qa)\d{0,2}\."
    r"|wpengine|netlify|herokuapp|vercel|pantheonsite|kinsta|flywheel|ngrok|pages\.dev|localhost"
    r"|127\.0\.0\.1|0\.0\.0\.0|192\.168\.",
    re.IGNORECASE,
)


def _staging_hits(doc: Document) -> Iterator[Hit]:
    text = doc.text
    if "127.0.0.1" in text or "0.0.0.0:" in text or "192.168." in text or "localhost" in text \
            or "LOCALHOST" in text or "Localhost" in text:
        yield from _local_hits(text)
    for m in _host_matches(text):
        host = m.group(1).lower()
        if _KEYWORD_RE.search(host + ".") and _is_staging_host(host):
            yield Hit(m.start(1), m.end())


#: A dot inside a run of host characters, before a letter: every host name holds one.
_HOST_DOT_RE = re.compile(r"(?<=[A-Za-z0-9-])\.(?=[A-Za-z])")
_HOST_RUN_RE = re.compile(r"[A-Za-z0-9.-]*")
_HOST_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"


def _host_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`_HOST_RE`, found without trying it at every word: a host name is one
    run of host characters holding a dot before a letter, and the pattern's lookbehind lets it
    start only where that run starts (or at an ``http(s)://`` just before it). Same matches as
    ``_HOST_RE.finditer(text)``; the run regex and the walk back are C-speed string scans."""
    run_end = last_end = -1
    for t in _HOST_DOT_RE.finditer(text):
        if t.start() < run_end:
            continue  # this run was tried already
        start = run_start(text, t.start(), _HOST_CHARS)
        run = _HOST_RUN_RE.match(text, t.start())
        run_end = run.end() if run else t.end()
        if start < last_end:
            continue  # finditer resumes after its last match: the lookbehind fails in this run
        m = None
        for scheme in ("https://", "http://"):  # a match may take the scheme before the run
            s = start - len(scheme)
            if s >= 0 and text[s:start].lower() == scheme:
                m = _HOST_RE.match(text, s)
                break
        if m is None:
            m = _HOST_RE.match(text, start)
        if m is not None:
            last_end = m.end()
            yield m


def _local_hits(text: str) -> Iterator[Hit]:
    for m in _LOCAL_RE.finditer(text):
        if "/" not in m.group() and ":" not in m.group() and not text.startswith("/", m.end()):
            continue  # a bare loopback or router address is something the text talks about
        yield Hit(m.start(), m.end(), message="A local development address (localhost / private "
                                              "IP) in the text: copied from a draft or test site.")


def _is_staging_host(host: str) -> bool:
    if any(host.endswith(s) for s in _PREVIEW_HOSTS):
        return True
    labels = host.split(".")
    if len(labels) < 3:
        return False  # "dev.to", "test.com": the keyword is the site's own name
    # Subdomain labels (everything before the registrable name); for two-part public suffixes such
    # as .co.uk the registrable label is third from the end.
    suffix2 = len(labels[-1]) == 2 and labels[-2] in {"co", "com", "org", "net", "gov", "ac", "edu"}
    sub = labels[: -3 if suffix2 else -2]
    return any(_ENV_LABEL_RE.search(lbl) for lbl in sub if lbl != "www")


# --- category_line --------------------------------------------------------------------------------

_CATEGORY_RE = re.compile(
    r"^\s*(?:categories|category|filed under|posted in|tags|tagged(?: with)?|topics|sections?)"
    r"\s*(?::\s*(?P<items>.{1,200})|(?P<bare>))\s*$",
    re.IGNORECASE,
)
_POSTED_IN_RE = re.compile(r"^\s*(?:posted in|filed under)\s+(?P<items>[^.:]{1,160})$",
                           re.IGNORECASE)


def _category_hits(doc: Document) -> Iterator[Hit]:
    lines = _nonblank(doc)
    n = len(lines)
    if n >= 2 and _is_section_label(lines[0].text) and _is_headline_like(lines[1].text) \
            and len(lines[1].text.split()) >= 4:
        yield Hit(lines[0].start, lines[0].end,
                  message="A bare section name above the headline: the page's category label.")
    for k, line in enumerate(lines):
        if not (k < 5 or k >= n - 8):
            continue
        t = line.text
        if len(t) > 220:
            continue
        m = _CATEGORY_RE.match(t) or _POSTED_IN_RE.match(t)
        if not m:
            continue
        items = m.groupdict().get("items")
        if items is not None and not _short_items(items):
            continue
        last = line
        if items is None:  # a bare "Categories" label: take the section names under it
            m2 = k + 1
            while (m2 < n and m2 <= k + 4 and len(lines[m2].text.split()) <= 3
                   and not lines[m2].text.rstrip().endswith(".")):
                last = lines[m2]
                m2 += 1
        yield _span(line, last)


def _is_section_label(t: str) -> bool:
    """A line that is only one to three newsroom section names ("World", "Business News")."""
    words = t.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w.lower() in _SECTIONS for w in words)


def _short_items(items: str) -> bool:
    parts = [p.strip() for p in re.split(r"[,;|/•·]", items) if p.strip()]
    return (bool(parts) and all(len(p.split()) <= 4 for p in parts)
            and not items.rstrip().endswith("."))


# --- markup_chrome --------------------------------------------------------------------------------

_ROLE_WORDS = {
    "outside_main_text": "outside the page's main text (trafilatura left it out)",
    "navigation": "in a navigation menu",
    "footer": "in the page footer",
    "header": "in the page header",
    "consent": "in a cookie or consent box",
    "share": "in a share widget",
    "related": "in a related-content block",
    "comments": "in the comments section",
    "newsletter": "in a newsletter sign-up box",
    "advertisement": "in an advertisement slot",
    "aside": "in a sidebar",
    "breadcrumb": "in a breadcrumb trail",
    "form": "in a form",
    "tags": "in a tag list",
}


def _markup_hits(doc: Document) -> Iterator[Hit]:
    """Chrome regions from the markup first (their role names the flag's message), then the
    lines trafilatura left out that no such region already covers, merged into runs."""
    if not doc.source_format.startswith("html") or not doc.markup:
        return
    text = doc.text
    n = len(text)
    covered: list[tuple[int, int]] = []
    for span in sorted((s for s in doc.markup if s.role != OUTSIDE_MAIN),
                       key=lambda s: (s.start, -s.end)):
        start, end = span.start, min(span.end, n)
        if (covered and end <= covered[-1][1]) or end <= start or not text[start:end].strip():
            continue  # nested inside a region already flagged
        where = _ROLE_WORDS.get(span.role, f"in a '{span.role}' region")
        yield Hit(start, end, message=f"Text the HTML markup places {where} ({span.role}), "
                                      "not article body.")
        covered.append((start, end))
    lines = doc.lines
    starts = [a for a, _ in covered]
    reach: list[int] = []
    for _, b in covered:
        reach.append(max(b, reach[-1]) if reach else b)
    for span in doc.markup:
        if span.role != OUTSIDE_MAIN or span.start >= n:
            continue
        run: list[Line] = []
        for k in range(doc.line_at(span.start).index, doc.line_at(min(span.end, n) - 1).index + 1):
            line = lines[k]
            inside = _within(starts, reach, line.start, line.end)
            if line.text.strip() and not inside:
                run.append(line)
                continue
            if inside and run:
                yield _outside_hit(run)
                run = []
        if run:
            yield _outside_hit(run)


def _within(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the covered regions (`starts` sorted, `reach` the
    running maximum of their ends; regions never nest, so the last one starting before wins)."""
    k = bisect.bisect_right(starts, start) - 1
    return k >= 0 and end <= reach[k]


def _outside_hit(run: list[Line]) -> Hit:
    return Hit(run[0].start, run[-1].end,
               message="Text the page's main-text extraction (trafilatura) leaves out: "
                       "page chrome around the article.")


# --- the rules ------------------------------------------------------------------------------------

def _lines(pattern: re.Pattern[str], max_len: int = _LABEL_MAX):  # type: ignore[no-untyped-def]
    def finder(doc: Document) -> Iterable[Hit]:
        return line_hits(doc, pattern, max_len=max_len)

    return finder


CLEAN_NEWS = (
    "Home prices rose 4.2 per cent in March from a year earlier, the statistics office said.",
    "Home Secretary Yvette Cooper said the new rules would take effect in April.",
    "Share prices in Tokyo fell sharply on Monday after the central bank's announcement.",
    "Related to the dispute, the union said it would hold a second ballot next month.",
    "Next week, the council will vote on the proposed budget for the coming year.",
    "Comments from the minister drew sharp criticism from opposition lawmakers.",
    "The developer posted the code on dev.to, a website popular with programmers.",
    "Category 5 hurricanes have become more frequent in the Atlantic, researchers say.",
)

RULES: list[Rule] = [
    Rule(
        kind="breadcrumb", family=FAMILY, severity="medium",
        description="A breadcrumb trail (Home › World › Europe) left at the top of the text.",
        message="A breadcrumb navigation trail, not article text.",
        finder=_breadcrumb_hits,
        positives=(
            "Home › World › Europe\n\nLeaders met in Brussels on Thursday to discuss the budget.",
            "Home / News / Politics\nParliament passed the bill late on Tuesday night.",
            "Home World Live International Crisis Ceasefire talks resume in Cairo\n\nNegotiators "
            "met.",
            "Start » Sport » Football » Premier League",
            "News › Business › Markets",
        ),
        negatives=CLEAN_NEWS + (
            "Home Office figures show 12,000 people crossed the Channel in small boats this year.",
            "Home World Cup games will be played in Manchester and Cardiff, organisers said.",
            "The exchange rate moved from 1.10 to 1.12 / 1.13 within the hour.",
            "Home / away form matters: the club has won six of its last seven games at home.",
        ),
    ),
    Rule(
        kind="related_block", family=FAMILY, severity="medium",
        description="A 'Related posts' / 'You may also like' / 'Most popular' heading and the list "
                    "of other headlines under it.",
        message="A related-content heading: a list of links to other articles, not this one's "
                "text.",
        finder=_related_hits,
        positives=(
            "The talks ended without a deal.\n\nRelated posts\n\nFloods Hit Northern Towns "
            "Again\n\n"
            "Central Bank Holds Rates Steady\n",
            "You may also like\nCouncil approves new cycle lanes\nStrike at port enters third day",
            "Most Popular\n1. Storm closes schools across region\n2. Mayor unveils housing plan",
            "Read more: Why the central bank raised rates again",
            "Trending\nCelebrity chef opens new restaurant in Leeds\nMarathon route announced",
        ),
        negatives=CLEAN_NEWS + (
            "Read more about the scheme on the council's website, officials said in a statement.",
            "Most popular among voters was the plan to cut fuel duty, the poll found.",
            "Recommended dosage levels were exceeded in 12 cases, the inspectors reported.",
            "Trending topics on social media included the election and the weather, analysts "
            "noted.",
        ),
    ),
    Rule(
        kind="share_line", family=FAMILY, severity="low",
        description="Share-button labels and rows (Share this:, Facebook Twitter WhatsApp Email).",
        message="Social share-button text, not article text.",
        finder=_share_hits,
        positives=(
            "Share this:\nClick to share on Twitter (Opens in new window)",
            "Facebook Twitter WhatsApp Email",
            "Share on Facebook",
            "The bridge reopened on Friday.\nFacebook\nShare\nTweet\nPin it\n",
            "Share this article",
        ),
        negatives=CLEAN_NEWS + (
            "Facebook and Twitter shares fell after the earnings report.",
            "Share this with your neighbours, the mayor urged residents at the meeting.",
            "Twitter",
            "Shares of the company jumped 12 per cent in early trading on Wall Street.",
        ),
    ),
    Rule(
        kind="comment_counter", family=FAMILY, severity="low",
        description="A comment count or comment link line (12 Comments, No Comments, a bare '0' "
                    "beside the title).",
        message="A comment counter or comment link, not article text.",
        finder=_comment_counter_hits,
        positives=(
            "Storm Leaves Thousands Without Power Across Region\n\n0\n\nThe storm struck "
            "overnight.",
            "12 Comments",
            "Comments (3)",
            "No Comments",
            "Leave a comment",
            "3 Responses to Mayor Announces New Bus Routes",
        ),
        negatives=CLEAN_NEWS + (
            "The vote was 52 to 48.\n\n2\n\nSecond, the committee will review the plan.",
            "Comments on the proposal close on 30 June, the agency said in a notice.",
            "No comment, the spokesman said when asked about the report.",
            "Table 2\n14\n27\n33",
        ),
    ),
    Rule(
        kind="comment_form", family=FAMILY, severity="medium",
        description="A comment form's labels (WordPress's default 'Leave a Reply Cancel reply', "
                    "'Your email address will not be published.').",
        message="A website comment form, not article text.",
        finder=_comment_form_hits,
        positives=(
            "Leave a Reply Cancel reply\nYour email address will not be published. Required fields "
            "are marked *\nComment *\nName *\nEmail *\nWebsite\n"
            "Save my name, email, and website in this browser for the next time I comment.\n"
            "Post Comment",
            "You must be logged in to post a comment.",
            "Leave a Reply\n\nCancel reply",
        ),
        negatives=CLEAN_NEWS + (
            "Name\nAge\nTown\nJohn Smith\n45\nLeeds",
            "Your email address will be used only to confirm your vote, the electoral office said.",
            "She asked him to leave a reply on the school's noticeboard by Friday.",
        ),
    ),
    Rule(
        kind="newsletter_prompt", family=FAMILY, severity="low",
        description="A newsletter sign-up prompt (Sign up for our newsletter, Enter your email).",
        message="A newsletter sign-up prompt, not article text.",
        finder=_newsletter_hits,
        positives=(
            "Sign up for our daily newsletter",
            "Get the latest headlines delivered to your inbox every morning.",
            "Enter your email address",
            "Subscribe to our newsletter and never miss a story!",
            "By signing up, you agree to our Terms of Use and Privacy Policy.",
            "Thank you for subscribing!",
        ),
        negatives=CLEAN_NEWS + (
            "More than 40,000 people signed up for the newsletter in its first week, the paper "
            "said.",
            "Subscribers to the service will pay $9.99 a month from July.",
            "Sign-ups for the vaccine opened on Monday at pharmacies across the state.",
            "Join the team at the Royal Opera House for a season of new productions.",
        ),
    ),
    Rule(
        kind="advertisement_label", family=FAMILY, severity="low",
        description="An advertisement slot's label left as a line (Advertisement, Sponsored "
                    "content, Story continues below advertisement).",
        message="An advertisement label, not article text.",
        finder=_lines(_AD_RE),
        positives=(
            "The minister spoke first.\nADVERTISEMENT\nThe debate then continued.",
            "Advertisement",
            "Sponsored Content",
            "Story continues below advertisement",
            "- Advertisement -",
            "Advertisement - scroll to continue",
            "Advertisement - story continues below",
        ),
        negatives=CLEAN_NEWS + (
            "Advertisement spending rose 8 per cent last year, the industry body said.",
            "The advert, which ran for two weeks, was banned by the regulator.",
            "Sponsored by three local businesses, the festival returns in August.",
        ),
    ),
    Rule(
        kind="prev_next_link", family=FAMILY, severity="low",
        description="Previous/next article links (Previous article, Next post: <title>).",
        message="A previous/next article link, not article text.",
        finder=_lines(_PREV_NEXT_RE, max_len=260),
        positives=(
            "Previous article\nNext article",
            "Next post: Council approves new budget",
            "« Previous Post",
            "Next →",
            "Previous Post Next Post",
        ),
        negatives=CLEAN_NEWS + (
            "Previous governments failed to act, the report concluded.",
            "Next, the committee will hear from witnesses.",
            "Next year's festival is expected to draw 50,000 visitors.",
            "Older people are most at risk, doctors warned.",
        ),
    ),
    Rule(
        kind="skip_link", family=FAMILY, severity="low",
        description="An accessibility skip link (Skip to content) rendered as text.",
        message="A 'skip to content' link, not article text.",
        finder=_lines(_SKIP_RE, max_len=80),
        positives=("Skip to content", "Skip to main navigation\nSkip to footer",
                   "Jump to main content"),
        negatives=CLEAN_NEWS + (
            "Skip to the end of the season and the picture changes completely.",
            "Viewers can skip to the main event at 8pm, the broadcaster said.",
        ),
    ),
    Rule(
        kind="repeated_heading", family=FAMILY, severity="low",
        description="A heading or title line repeated within a few lines (exactly, with another "
                    "letter case, or with one word changed; questions only exactly): a template "
                    "printing the title twice.",
        message="This heading repeats one a few lines above.",
        finder=_repeated_heading_hits,
        positives=(
            "Flood Defences Fail in Three Towns\n\nFlood Defences Fail in Three Towns\n\nWater "
            "rose.",
            "Council Approves New Budget\nCouncil approves new budget\nThe vote was close.",
            "Talks Resume Amid Ongoing Strike\n\nTalks Resume amid Ongoing Strike",
            "Storm Hits Coast Overnight\n\n0\n\nStorm Hits Coast Overnight\n",
            "Will the Bridge Reopen Before Winter?\n\nWill the bridge reopen before winter?",
        ),
        negatives=CLEAN_NEWS + (
            # FAQ questions that differ by one word are different questions.
            "Which school buses run during the strike?\nRoutes 4 and 9 keep running.\n"
            "Which school buses stop during the strike?\nAll other routes stop on Monday.",
            "Results\nHome\nAway\nHome\nAway",
            "The rain stopped.\nThe rain stopped.",
            "Round one\nSmith beat Jones.\nRound two\nJones beat Smith.",
            "He said the plan would work and that voters would back it in the end.\n"
            "He said the plan would work and that voters would back it in the end.",
            # Two embedded posts by one account on one day carry the same attribution line.
            "The mayor posted twice that morning.\nThe vote is today. Go vote!\n"
            "— Jane Doe (@mayorjanedoe) November 8, 2016\nPolls close at 8 p.m.\n"
            "— Jane Doe (@mayorjanedoe) November 8, 2016",
        ),
    ),
    Rule(
        kind="site_name_line", family=FAMILY, severity="low",
        description="A page-title line at the top carrying the site's name or section chain "
                    "(<headline> | World | example.com).",
        message="A browser page-title line with the site name, not the article's headline.",
        finder=_site_name_hits,
        positives=(
            "Rail Strike Called Off After Late Deal | UK News | example-news.com\n\n"
            "Rail Strike Called Off After Late Deal\n\nUnions accepted the offer.",
            "Mayor Resigns Over Expenses Row - Daily Courier\n\nMayor Resigns Over Expenses Row\n",
            "Budget vote delayed again | Politics | The Evening Post",
            "Categories\nNews\n\nPrime minister holds talks with Japanese leader – Reuters\n\nThe "
            "two leaders met in Tokyo.",
        ),
        negatives=CLEAN_NEWS + (
            "Ukraine war - what we know on day 300\n\nFighting continued overnight in the east.",
            "Apple unveils new phone – and a cheaper watch\n\nThe company said prices would rise.",
            "Scores: Leeds 2 - 1 Hull\nThe match was played in heavy rain.",
            "Leeds beat Hull in the derby - Leeds 2 Hull 1\nThe match was played in heavy rain.",
            "Mayor quits over expenses - and his deputy follows\nThe council met on Monday.",
            "“The price of liberty is eternal vigilance.” – Wendell Phillips\nThe quote is old.",
        ),
    ),
    Rule(
        kind="staging_domain", family=FAMILY, severity="medium",
        description="A preview, staging or development hostname in the text (staging.example.com, "
                    "*.netlify.app, localhost:8080): the page was copied from an unpublished site.",
        message="A preview/staging/development hostname: the text comes from an unpublished copy "
                "of a site.",
        finder=_staging_hits,
        positives=(
            "Story Title | World | news-site.preview-domain.com",
            "See https://staging.example-news.com/politics/budget for the full story.",
            "mysite.wpengine.com",
            "Read it at my-blog-git-main.vercel.app today.",
            "Open http://localhost:8080/article/12 in the browser.",
            "Preview: 127.0.0.1:8000/news/council-budget",
            "Preview: 127.0.0.1/news/council-budget today.",
            "Draft at 192.168.0.12/wp/2024/budget",
            "dev.example.org/world/europe",
        ),
        negatives=CLEAN_NEWS + (
            "Visit www.bbc.co.uk/news for updates.",
            "Documentation is at developer.apple.com and docs.python.org.",
            "Contact press@staging-company.com for comment.",
            "The test.com domain sold for $1m, according to the broker.",
            "Stage 3 of the Tour de France starts in Lyon.",
            # Addresses a story talks about, not links to a draft site.
            "The malware sent the stolen files to 127.0.0.1, the loopback address, researchers "
            "said.",
            "Most home routers answer at 192.168.1.1, the manual says.",
        ),
    ),
    Rule(
        kind="category_line", family=FAMILY, severity="low",
        description="A category/tag label line at the top or bottom (Categories / News, "
                    "Filed under: Politics).",
        message="A category or tag label from the page, not article text.",
        finder=_category_hits,
        positives=(
            "Categories\nNews\n\nCouncil Approves New Budget\n\nThe vote was close.",
            "Category: World News\nLeaders met on Friday.",
            "The talks ended on Friday.\n\nFiled Under: Politics, Europe",
            "Budget Approved\nThe vote passed.\nTags: budget, council, Leeds",
            "Politics\n\nParliament Votes to Delay Budget Until May\n\nMPs voted 310 to 290.",
        ),
        negatives=CLEAN_NEWS + (
            "Category 4 storms brought flooding to the coast on Tuesday.",
            "Posted in the early hours of Tuesday, the video was watched a million times.",
            "Topics discussed included trade, energy and migration, officials said.",
            "Politics\nis the art of the possible, the minister told reporters on Monday.",
        ),
    ),
    Rule(
        kind="markup_chrome", family=FAMILY, severity="low",
        description="For HTML input: text the markup places outside the article body (navigation, "
                    "footer, consent box, share or related widgets, text trafilatura left out).",
        message="Text the HTML markup places outside the article body.",
        finder=_markup_hits,
        positives=(
            "<html><body><nav><ul><li>Home</li><li>World</li></ul></nav><article>"
            "<h1>Council approves budget</h1><p>The council approved the budget on Tuesday after "
            "a long debate about the cost of new flood defences.</p><p>Opposition members voted "
            "against the plan, saying the estimates were too optimistic.</p></article>"
            "<div class='cookie-notice'>We use cookies. Accept</div></body></html>",
        ),
        negatives=CLEAN_NEWS + (
            "<nav> tags in HTML mark navigation menus, the tutorial explains.",
        ),
    ),
]

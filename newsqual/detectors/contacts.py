"""Detectors of the `contacts` family: stray contact details and spam offers in an article.

Newsrooms print contact details inside a sentence ("Contact the reporter at jane@paper.com") or a
byline. Spam and scraped pages leave them standing alone: seed 004 has a free-mail address alone on
a line between related-post titles. Severities: a free-mail address alone on a line and dense spam
vocabulary are ``high`` (the page carries someone's spam); other stray addresses and messenger
links are ``medium``; phone numbers, link shorteners and a company address alone on a line are
``low`` (newsrooms and businesses print them in their own footers).

>>> from newsqual.document import Document
>>> doc = Document.from_text("Related posts\\n\\nsome.reader.2024@gmail.com\\n")
>>> [(f.kind, f.severity) for r in RULES for f in r.detect(doc)]
[('stray_email', 'high')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsqual.detectors._rule import Hit, Rule, gated
from newsqual.document import Document

FAMILY = "contacts"


# --- stray_email -------------------------------------------------------------------------------
# RFC 5321 local part (a practical subset) and a dotted domain; the lookbehind keeps the start at
# the beginning of the local part so a long run of letters is scanned once (linear time).
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\.){1,5}[A-Za-z]{2,24}"
    r"\b"
)
# Free-mail providers (consumer web-mail, not newsroom domains). A non-free address alone on a line
# is only ``low``: 74 of the 694 rendered WCXB article pages (../shared/data/boilerplate) carry a
# company "info@..." line in their footer chrome.
_FREE_MAIL = re.compile(
    r"@(?:gmail|googlemail|yahoo|ymail|rocketmail|hotmail|outlook|live|msn|aol|icloud|me|mac|"
    r"protonmail|proton|pm|mail|yandex|ya|qq|163|126|sina|gmx|web|zoho|rediffmail|inbox|bk|list|"
    r"tutanota|tuta|mailfence|hushmail|naver|daum|libero|seznam|wp|o2|orange|free|laposte|t-online)"
    r"\.(?:com|co\.uk|co\.in|co\.jp|fr|de|ru|net|me|ch|cn|it|cz|pl|in|ua|kr|ca|org)\b",
    re.IGNORECASE,
)
# Labels that may stand on the line with an address and still leave it "alone".
_ALONE_LABEL = re.compile(
    r"(?i)^[\s•·*>|:()\[\]-]*(?:e-?mail(?: us| me)?|contact(?: us| me)?|mail(?:to)?|write to us|"
    r"for (?:more )?(?:info|information|inquiries|enquiries)|inquiries|enquiries|whatsapp|tel|"
    r"phone)?[\s:•·*>|()\[\]-]*$"
)
# A byline or contact sentence: a verb or noun of contacting shortly before the address.
_CONTACT_CONTEXT = re.compile(
    r"(?i)\b(?:contact(?:ed)?|e-?mail(?:ed)?|write(?: to)?|wrote|reach(?:ed)?|send|sent|tips?|"
    r"call(?:ing)?|information|info|details|obtained|"
    r"follow|reporter|correspondent|editor|writer|columnist|inquiries|enquiries|questions|feedback|"
    r"comments?|at|via|address|account|from|to)\b"
)


#: Markup regions where a site prints its own contact details (HTML input only).
_SITE_CHROME_ROLES = frozenset({"footer", "header", "navigation", "aside"})


def _in_site_chrome(doc: Document, start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end and s.role in _SITE_CHROME_ROLES
               for s in doc.markup)


def _find_stray_emails(doc: Document) -> Iterator[Hit]:
    if "@" not in doc.text:
        return
    for m in _EMAIL.finditer(doc.text):
        line = doc.line_at(m.start())
        a, b = m.start() - line.start, m.end() - line.start
        # Only a short line can hold an address "alone" (and slicing stays cheap on huge lines).
        rest = line.text[:a] + line.text[b:] if len(line.text) <= 300 else "x" * 3
        free = bool(_FREE_MAIL.search(m.group(0)))
        if _ALONE_LABEL.match(rest):
            if free and _in_site_chrome(doc, m.start(), m.end()):
                # A small business's own gmail address in its footer: chrome, not planted spam.
                yield Hit(m.start(), m.end(), severity="medium",
                          message="A free-mail address stands alone in the page's footer or "
                          "sidebar (the site's own contact, or spam).")
                continue
            yield Hit(m.start(), m.end(), severity="high" if free else "low",
                      message=None if free else "An e-mail address stands alone on a line, outside "
                      "any byline or contact sentence.")
        elif free and not _CONTACT_CONTEXT.search(line.text[max(0, a - 100):a]):
            yield Hit(m.start(), m.end(), severity="medium",
                      message="A free-mail address appears in the text outside any byline or "
                      "contact sentence.")


STRAY_EMAIL = Rule(
    kind="stray_email",
    family=FAMILY,
    description="An e-mail address alone on a line or outside a byline/contact sentence; high for "
    "free-mail providers standing alone.",
    severity="high",
    message="A free-mail address stands alone on a line, outside any byline or contact sentence: "
    "typical of spam or a scraper's leftovers.",
    positives=(
        "Related posts\n\nnewsdesk.temp2024@gmail.com\n\nAnother headline here",
        "Email: cheapessays.help@yahoo.com",
        "The rally drew thousands. quickcash_offer@hotmail.co.uk Organisers said it was peaceful.",
        "Headline\nsubmissions@some-portal.net\n",
    ),
    negatives=(
        "Contact the reporter at jane.doe@paper.com.",
        "Readers can write to letters@dailyherald.co.uk with their views.",
        "Send tips to the investigations team at tips@newsroom.org, the editor said.",
        "The hackers used the address admin123@gmail.com to register the domains, according to "
        "the indictment.",
        "Reach her at maria.lopez@gmail.com or on Twitter.",
    ),
    finder=_find_stray_emails,
)

# --- phone_number ------------------------------------------------------------------------------
# Phone-number shapes: optional +country code, optional (area code), groups separated by space,
# dot or dash; counted as a phone only with 9-15 digits in all (ITU-T E.164 allows at most 15).
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w-])"
)
_DATE_LIKE = re.compile(r"^\d{4}[-.]\d{1,2}[-.]\d{1,2}\b|^\d{1,2}[-.]\d{1,2}[-.]\d{4}\b")
_PHONE_LABEL = re.compile(
    r"(?i)^[\s•·*>|:()\[\]-]*(?:(?:tel|phone|mobile|mob|cell|call(?:/| or )?(?:whatsapp|text)?|"
    r"whatsapp|viber|telegram|contact|hotline|helpline|fax)\.?(?: (?:us|me|now|number|no\.?))?)?"
    r"[\s:•·*>|()\[\]/-]*$"
)
# Spam context: messenger names, "call/text now" offers and spam trades on the same line.
_PHONE_SPAM = re.compile(
    r"(?i)\b(?:whats ?app|viber|telegram|wechat|call (?:or|/) ?(?:text|whatsapp)|text (?:or|/) "
    r"?call|call now|call us now|24/7|spell|love spell|loan|casino|betting|escort|hacker|pills|"
    r"essay|followers)\b"
)


def _find_phones(doc: Document) -> Iterator[Hit]:
    for m in _PHONE.finditer(doc.text):
        digits = sum(ch.isdigit() for ch in m.group(0))
        if not 9 <= digits <= 15 or _DATE_LIKE.match(m.group(0)):
            continue
        line = doc.line_at(m.start())
        a, b = m.start() - line.start, m.end() - line.start
        if len(line.text) <= 300:
            alone = bool(_PHONE_LABEL.match(line.text[:a] + line.text[b:]))
        else:
            alone = False
        window = doc.text[max(line.start, m.start() - 200): min(line.end, m.end() + 200)]
        if alone or _PHONE_SPAM.search(window):
            yield Hit(m.start(), m.end())


PHONE_NUMBER = Rule(
    kind="phone_number",
    family=FAMILY,
    description="A phone number standing alone on a line or offered with messenger/spam wording.",
    severity="low",
    message="A phone number stands alone or comes with a spam offer, outside the article's prose.",
    positives=(
        "Story text.\n+234 803 555 0199\nMore text.",
        "Call/WhatsApp: +91 98765 43210",
        "Contact the great spell caster on +1 (555) 013-2447 today for your love spell.",
        "Tel: 020 7946 0958",
    ),
    negatives=(
        "Call the hotline at 1-800-273-8255 if you need help, the agency said.",
        "The company reported revenue of 1,234,567 dollars in 2019.",
        "Results: 2016-11-08",
        "Scores were 3-1, 2-2 and 4-0 over the weekend.",
        "Anyone with information should call police on 101 or Crimestoppers on 0800 555 111.",
    ),
    finder=_find_phones,
)

# --- messenger_link ----------------------------------------------------------------------------
# Click-to-chat links: WhatsApp "wa.me/<number>" and "api.whatsapp.com/send" (WhatsApp Help Center,
# "How to use click to chat"), group invites "chat.whatsapp.com/<code>", Telegram "t.me/<name>",
# Messenger "m.me/<name>", Viber "viber://", and "WhatsApp +<number>" offers.
_MESSENGER = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?(?:wa\.me/\+?\d{6,15}|api\.whatsapp\.com/send[^\s]{0,120}|"
    r"chat\.whatsapp\.com/(?:invite/)?\w{6,40}|t\.me/[A-Za-z0-9_+]{3,40}|telegram\.me/[A-Za-z0-9_]{"
    r"3,40}|"
    r"m\.me/[\w.]{3,50}|viber://[^\s]{1,80})"
    r"|\bwhats ?app(?: (?:me|us|him|her|now|number|no\.?))?[ \t]{0,3}(?:on|at|via|:|-)?[ \t]{0,3}"
    r"\+\d[\d ().-]{7,18}\d"
    # A Telegram handle offered as a contact: "Telegram: @fastsignalsvip".
    r"|\btelegram(?: (?:me|us|channel|group))?[ \t]{0,3}(?::|-|on|at)?[ \t]{0,3}"
    r"@[A-Za-z0-9_]{5,32}\b",
    re.IGNORECASE,
)

MESSENGER_LINK = Rule(
    kind="messenger_link",
    family=FAMILY,
    description="A click-to-chat messenger link or number (wa.me, api.whatsapp.com, t.me, 'WhatsApp"
        " "
    "+...').",
    severity="medium",
    message="A messenger contact link or number was left in the text (common in spam offers).",
    positives=(
        "Join our VIP group: https://t.me/cryptopumpsignals",
        "Chat with us now wa.me/2348035550199",
        "WhatsApp +44 7700 900123 for details",
        "Message https://api.whatsapp.com/send?phone=15550100&text=hi for a quote.",
        "For daily picks contact us on Telegram: @winning_tips_vip",
    ),
    negatives=(
        "WhatsApp, owned by Meta, said it has more than two billion users.",
        "The group organised the protest on Telegram, police said.",
        "Channels on t.me are public by default, researchers noted.",
        "Ministers used WhatsApp groups to discuss the policy, the inquiry heard.",
        "Telegram founder Pavel Durov (@durov on X) was detained in France, prosecutors said.",
    ),
    finder=gated(("wa.me/", "whatsapp", "whats app", "t.me/", "telegram", "m.me/", "viber://"),
                  lambda doc: (Hit(m.start(), m.end()) for m in _MESSENGER.finditer(doc.text)),
                  lower=True),
)

# --- url_shortener -----------------------------------------------------------------------------
# Link shorteners (bit.ly, tinyurl.com, t.co...) standing outside a sentence: a bare link on its
# own line or trailing a short label. Embedded tweets ("... https://t.co/x — Name (@handle) date")
# are page content, not spam, and are left alone.
_SHORTENER_DOMAINS = ("bit.ly/", "tinyurl.com/", "t.co/", "goo.gl/", "ow.ly/", "is.gd/", "buff.ly/",
                      "rebrand.ly/", "cutt.ly/", "shorturl.at/", "rb.gy/", "tiny.cc/", "bl.ink/",
                      "lnkd.in/", "dlvr.it/", "ift.tt/", "v.gd/", "shorte.st/", "adf.ly/",
                      "ouo.io/",
                      "soo.gd/", "tr.im/")
_SHORT = re.compile(
    r"(?<![\w.])(?:https?://)?(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|"
    r"rebrand\.ly|cutt\.ly|shorturl\.at|rb\.gy|tiny\.cc|bl\.ink|lnkd\.in|dlvr\.it|ift\.tt|v\.gd|"
    r"shorte\.st|adf\.ly|ouo\.io|soo\.gd|tr\.im)/[A-Za-z0-9_-]{2,40}"
)
_TWEET = re.compile(r"pic\.twitter\.com|\(@\w{1,15}\)|— [^\r\n]{1,60}\(@")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _find_shorteners(doc: Document) -> Iterator[Hit]:
    for m in _SHORT.finditer(doc.text):
        line = doc.line_at(m.start())
        if len(line.text) > 300 or _TWEET.search(line.text):  # a long line is prose
            continue
        if "t.co/" in m.group(0):  # an embedded tweet's link often sits a line above its credit
            idx = line.index
            if any(_TWEET.search(n.text) for n in doc.lines[max(0, idx - 1): idx + 2]):
                continue
        rest = line.text[: m.start() - line.start] + line.text[m.end() - line.start:]
        if len(_WORD.findall(rest)) <= 5:
            yield Hit(m.start(), m.end())


URL_SHORTENER = Rule(
    kind="url_shortener",
    family=FAMILY,
    description="A link-shortener URL (bit.ly, tinyurl, t.co...) standing outside a sentence.",
    severity="low",
    message="A shortened link stands outside the article's sentences (spam and scraped pages hide "
    "destinations this way).",
    positives=(
        "Get your bonus here: bit.ly/3xFreeSpin",
        "Story text\nhttps://tinyurl.com/yc8mz2pw\n",
        "Download now https://cutt.ly/wX9aB2",
    ),
    negatives=(
        "Voters can find their polling station at bit.ly/vote2024, which the county set up after "
        "complaints about its old website.",
        "\"We won!\" https://t.co/AbCd123 — Jane Senator (@JaneSenator) November 8, 2016",
        "The campaign's bit.ly links were clicked 40,000 times, analysts said.",
    ),
    finder=gated(_SHORTENER_DOMAINS, _find_shorteners),
)

# --- spam_vocabulary ---------------------------------------------------------------------------
# Offer phrases of common web-spam trades (our own list): gambling promotions, essay mills, payday
# lending, crypto "signals"/"recovery", pills, bought followers, spell casters and hackers for hire.
# Topic words alone ("casino", "betting", "bitcoin", "loan") are news vocabulary and not listed.
_SPAM_TERMS = re.compile(
    r"(?i)\b(?:free spins|no[- ]deposit bonus(?:es)?|casino bonus(?:es)?|welcome bonus(?:es)?|"
    r"best online casinos?|slot gacor|situs (?:slot|judi|togel)|judi (?:online|slot|bola)|togel|"
    r"betting tips|sure (?:odds|bets?|wins?)|fixed (?:matches|odds tips)|"
    r"essay writing services?|write my (?:essay|paper|assignment)|custom essays?|cheap essays?|"
    r"buy (?:an )?essays?(?: online)?|dissertation (?:writing|help)|assignment help|homework help|"
    r"term papers? for sale|"
    r"payday loans?|bad credit loans?|instant (?:loan|cash) approval|no credit check|"
    r"crypto signals|forex signals|binary options|(?:bitcoin|crypto) recovery|"
    r"recover (?:your |my )?(?:lost|stolen|scammed) (?:bitcoin|crypto|funds)|guaranteed (?:returns|"
    r"profits?)|"
    r"double your (?:bitcoin|money|investment)|"
    r"viagra|cialis|levitra|without (?:a )?prescription|male enhancement|weight loss pills|"
    r"keto (?:pills|gummies)|cbd gummies|buy (?:cheap )?\w{3,15} (?:pills|tablets) online|"
    r"buy (?:instagram |tiktok |youtube |twitter |real |cheap )?(?:followers|likes|subscribers)|"
    r"cheap followers|seo backlinks|"
    r"spell casters?|love spells?|bring back (?:your|my) (?:ex|lover)|hire a hacker|hackers? for "
    r"hire|"
    r"escort services?|call girls)\b"
)
_PROMO_CUE = re.compile(r"(?i)https?://|www\.|@\w+\.\w+|\bwhats ?app\b|\bclick here\b|\bvisit "
    r"(?:our|us)\b|"
                        r"\bsign up\b|\border now\b|\bbuy now\b")
#: Offer hits per 1,000 words above which a document counts as spam (with at least MIN_HITS hits).
SPAM_DENSITY = 5.0
MIN_HITS = 3
BURST_CHARS = 600

FEATURE_NAMES: tuple[str, ...] = ("contacts.spam_terms_per_1k_words",)


# Every offer phrase above contains one of these literals (lower case); a text without any of them
# has no hits, and the regex scan is skipped.
_SPAM_ANCHORS = ("spins", "deposit", "casino", "bonus", "gacor", "situs", "judi", "togel",
                 "betting", "sure odds", "sure bet", "sure win", "fixed match", "fixed odds",
                 "essay", "write my", "dissertation", "assignment", "homework", "term paper",
                 "payday", "bad credit", "instant loan", "instant cash", "credit check", "signals",
                 "binary options", "recover", "guaranteed", "double your", "viagra", "cialis",
                 "levitra", "prescription", "enhancement", "pills", "keto", "gummies", "tablets",
                 "followers", "likes", "subscribers", "backlinks", "spell", "bring back", "hacker",
                 "escort", "call girls")
_WINDOW = 48  # characters around an anchor that can hold its whole offer phrase


def _spam_hits(doc: Document) -> list[re.Match[str]]:
    """Offer-phrase matches in `doc`, found once per document (the rule and :func:`features`
    share them through ``doc.memo``)."""
    return doc.memo("contacts.spam_hits", _scan_spam_hits)


def _scan_spam_hits(doc: Document) -> list[re.Match[str]]:
    """Offer-phrase matches, searched only in small windows around anchor literals (the full
    alternation is slow to try at every word of a long clean article)."""
    text = doc.text
    low = doc.lower
    if len(low) != len(text):  # lower() changed lengths (rare scripts): scan the whole text
        return list(_SPAM_TERMS.finditer(text))
    windows: list[tuple[int, int]] = []
    for anchor in _SPAM_ANCHORS:
        pos = low.find(anchor)
        while pos >= 0:
            windows.append((max(0, pos - _WINDOW), min(len(text), pos + len(anchor) + _WINDOW)))
            pos = low.find(anchor, pos + 1)
    if not windows:
        return []
    windows.sort()
    merged = [list(windows[0])]
    for a, b in windows[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    hits: dict[int, re.Match[str]] = {}
    for a, b in merged:
        # Widen to whole words so \b at a window edge is a real word boundary.
        while a > 0 and text[a - 1].isalnum():
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        for m in _SPAM_TERMS.finditer(text, a, b):
            hits.setdefault(m.start(), m)
    return [hits[k] for k in sorted(hits)]


def features(doc: Document) -> dict[str, float]:
    """Spam-offer vocabulary per 1,000 words (a graded signal for the classifier).

    >>> features(Document.from_text("Claim free spins and a no deposit bonus today!"))
    {'contacts.spam_terms_per_1k_words': 40.0}
    """
    n = len(_spam_hits(doc))
    return {"contacts.spam_terms_per_1k_words": 1000.0 * n / max(len(doc.words), 50)}


def _find_spam(doc: Document) -> Iterator[Hit]:
    hits = _spam_hits(doc)
    if len(hits) < MIN_HITS:
        return
    distinct = {h.group(0).lower() for h in hits}
    if len(distinct) < 2:
        return
    density = 1000.0 * len(hits) / max(len(doc.words), 50)
    burst = any(hits[i + MIN_HITS - 1].start() - hits[i].start() <= BURST_CHARS
                for i in range(len(hits) - MIN_HITS + 1))
    if not (density >= SPAM_DENSITY or burst):
        return
    if len(distinct) < 3 and not _PROMO_CUE.search(doc.text):
        return
    for h in hits:
        yield Hit(h.start(), h.end())


SPAM_VOCABULARY = Rule(
    kind="spam_vocabulary",
    family=FAMILY,
    description="Dense spam-offer vocabulary (casino bonuses, essay mills, payday loans, crypto "
    "signals, pills, bought followers): at least 3 hits of 2+ offers, 5+ per 1,000 words or in a "
    "burst.",
    severity="high",
    message="Spam-offer vocabulary is dense here: the page carries spam.",
    positives=(
        "Best online casino 2024! Claim 100 free spins and a no deposit bonus today at "
        "https://example-casino.test",
        "Need help? Our essay writing service offers custom essays and homework help. Write my "
        "essay "
        "now!",
        "Great article. I was broke until I found payday loans with no credit check, visit "
        "www.quick-cash.test. Also buy followers cheap.",
        "I recovered my money thanks to a spell caster. His love spells work! Also try "
        "cbd gummies.",
    ),
    negatives=(
        "Atlantic City's casinos reported higher revenue, helped by free spins promotions that "
        "regulators are now reviewing, the state gaming division said.",
        "The consumer bureau said payday loans trap borrowers in debt. Payday lenders disputed the "
        "findings and said payday loans meet a real need.",
        "Pfizer's patent on Viagra expired in 2020, opening the market to generic versions.",
        "Universities warn that essay mills, which sell custom essays to students, are now illegal "
        "in England.",
    ),
    finder=_find_spam,
)

RULES: list[Rule] = [STRAY_EMAIL, PHONE_NUMBER, MESSENGER_LINK, URL_SHORTENER, SPAM_VOCABULARY]

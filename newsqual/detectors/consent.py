"""Detectors of the `consent` family: cookie banners and consent-platform text scraped with a page.

A cookie notice addresses the *reader* ("this website uses cookies to improve your experience",
"you agree to our use of cookies"); news about cookies talks *about* sites, regulators and browsers.
The rules therefore ask for second-person or first-person-site wording, never the word "cookie"
alone (C4's line filter drops every line with "cookie policy" and so removes real sentences about
cookie law; DuckDuckGo's autoconsent notes that "cookie settings" alone is too noisy).

Severities: a banner sentence or TCF purpose list is ``medium`` (chrome glued to a real article
lowers quality but does not make the page unfit by itself); a row of button labels is ``low``.

>>> from newsqual.document import Document
>>> doc = Document.from_text("This site uses cookies to improve your experience. Accept Reject")
>>> [(f.kind, f.evidence) for r in RULES for f in r.detect(doc)][1]
('consent_buttons', 'Accept Reject')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsqual.detectors._rule import Hit, Rule, gated
from newsqual.document import Document, Line

FAMILY = "consent"


_S = r"[^\r\n]"  # any character within the line

# --- cookie_banner -----------------------------------------------------------------------------
# Our own phrasings of what banners say to the reader (all bounded, all within one line):
_BANNER = re.compile(
    # WordPress "Cookie Law Info" / GDPR Cookie Consent plugin default notice: "This website uses
    # cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if
    # you wish." (RESEARCH.md; seed 004)
    r"\bwe(?:'|’)?ll assume you(?:'|’)?re ok(?:ay)? with (?:this|that)\b"
    r"|\byou can opt[- ]?out if you wish\b"
    # "By continuing to browse/use this site, you agree to our use of cookies"
    r"|\bby (?:continuing to (?:use|browse|visit|navigate)|using|clicking (?:on )?[\"'“‘]?(?:accept"
    r"|agree|ok|i agree)[\"'”’]?)\b" + _S
    + r"{0,120}?\byou (?:agree|consent|accept|are agreeing|are "
    r"consenting|acknowledge)\b" + _S + r"{0,80}?\b(?:cookies?|privacy policy|terms)\b"
    # "(our) (web)site uses cookies ... your / you"
    r"|\b(?:this|our) (?:web ?)?(?:site|page|portal) uses cookies\b" + _S
    + r"{0,120}?\b(?:you|your)\b"
    r"|\bwe use cookies(?: and similar technologies)?(?: to| so that| on our)\b" + _S +
    r"{0,120}?\b(?:you|your)\b"
    # TCF consent dialogs' opening: "We and our partners store and/or access information on a
    # device" / "We and our partners use cookies"
    r"|\bwe and our (?:\d{1,4} )?(?:partners|vendors|advertising partners)\b" + _S +
    r"{0,40}?\b(?:store|access|use cookies|process (?:personal )?data)\b"
    r"|\b(?:you )?(?:agree|consent) to (?:our|the) use of cookies\b"
    r"|\b(?:accept|allow|enable) (?:all )?cookies (?:to|and) (?:continue|view|see|watch|improve)\b"
    # The same first-person-site + second-person shape in French, German, Spanish and Italian
    # (DuckDuckGo autoconsent's heuristic patterns cover 11 languages; these phrasings are ours).
    r"|\b(?:ce site|notre site|nous utilisons)\b" + _S + r"{0,40}?\bcookies\b" + _S
    + r"{0,120}?\b(?:vous|votre|vos)\b"
    r"|\b(?:diese (?:web)?(?:seite|site)|wir) "
    r"(?:verwendet|verwenden|nutzt|nutzen|setzt|setzen)\b" + _S
    + r"{0,40}?\bcookies\b" + _S + r"{0,120}?\b(?:Sie|Ihre?[nmrs]?|Ihnen)\b"
    r"|\b(?:este sitio|esta web|utilizamos|usamos)\b" + _S + r"{0,40}?\bcookies\b" + _S
    + r"{0,120}?\b(?:usted|su|sus|tu|tus)\b"
    r"|\b(?:questo sito|utilizziamo|usiamo)\b" + _S + r"{0,40}?\bcookie\b" + _S
    + r"{0,120}?\b(?:tuo|tua|tuoi|acconsenti|accetti|consenso)\b",
    re.IGNORECASE,
)


def _line_or_sentence(line: Line, start: int, end: int, *, max_line: int = 600) -> tuple[int, int]:
    """The whole line when it is banner-sized, else the sentence(s) around [start, end) (offsets
    relative to the line)."""
    s = line.text
    if len(s) <= max_line:
        a = len(s) - len(s.lstrip())
        return line.start + a, line.start + len(s.rstrip())
    a = max(s.rfind(". ", 0, start), s.rfind("! ", 0, start), s.rfind("? ", 0, start))
    a = 0 if a < 0 else a + 2
    b = s.find(". ", end)
    b = len(s.rstrip()) if b < 0 else b + 1
    return line.start + a, line.start + b


def _find_banners(doc: Document) -> Iterator[Hit]:
    last = -1
    for m in _BANNER.finditer(doc.text):
        line = doc.line_at(m.start())
        if line.index == last:
            continue
        last = line.index
        yield Hit(*_line_or_sentence(line, m.start() - line.start, m.end() - line.start))


COOKIE_BANNER = Rule(
    kind="cookie_banner",
    family=FAMILY,
    description="A cookie-consent notice addressed to the reader ('This website uses cookies to "
    "improve your experience', 'By continuing to browse ... you agree to our use of cookies').",
    severity="medium",
    message="A cookie-consent banner was scraped as part of the article.",
    positives=(
        "Our site uses cookies to make your visit better. We’ll assume you’re OK with that.",
        "By continuing to use this website you agree to our use of cookies.",
        "We and our partners store and/or access information on a device, such as cookies.",
        "This site uses cookies so we can give you the best experience. You can opt out if you wish"
        ".",
        "We use cookies to personalise content and ads and to analyse our traffic. By clicking "
        "\"Accept\", you consent to the use of cookies.",
        "Please accept cookies to view this video.",
        "Ce site utilise des cookies pour améliorer votre expérience de navigation.",
        "Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.",
        "Utilizamos cookies propias y de terceros para mejorar su experiencia.",
        "Questo sito utilizza cookie tecnici e di profilazione; proseguendo acconsenti al loro "
        "uso.",
    ),
    negatives=(
        "The EU cookie law requires websites to ask visitors for consent before storing cookies on "
        "their devices, regulators said.",
        "Google said it would no longer phase out third-party cookies in Chrome, reversing a plan "
        "advertisers had fought for years.",
        "Girl Scout cookie sales topped $800 million this year, the organisation said.",
        "Regulators found that the site uses cookies to track children without parental consent.",
        "\"By continuing to negotiate, we show that we agree on the basics,\" the minister said.",
        "The French watchdog fined the company because users could not refuse cookies as easily as "
        "they could accept them.",
        "La CNIL a sanctionné le groupe : ce site utilisait des cookies sans consentement.",
        "Die Behörde erklärte, diese Seite nutzt Cookies ohne Einwilligung der Nutzer.",
    ),
    finder=gated(("cookie", "assume you", "if you wish", "we and our", "you agree", "you consent",
                   "you accept", "you are agreeing", "you are consenting", "you acknowledge"),
                  _find_banners, lower=True),
)

# --- consent_buttons ---------------------------------------------------------------------------
# Button labels of consent dialogs. "Strong" labels only make sense on a consent dialog; "weak" ones
# (Read More, Learn more, Settings, Close) count only next to strong ones or to banner text.
_STRONG = (r"accept all cookies|accept all|accept cookies|accept|reject all|reject|decline all|"
           r"decline|i agree|i accept|agree and close|agree|allow all cookies|allow all|"
           r"allow cookies|allow selection|deny|cookie settings|cookies settings|cookie preferences"
           r"|manage options|manage preferences|manage cookies|manage settings|save preferences|"
           r"save and exit|customi[sz]e|do not sell my personal information|consent|got it|"
           # French, German, Spanish, Italian dialog buttons.
           r"tout accepter|tout refuser|accepter|refuser|alle akzeptieren|akzeptieren|ablehnen|"
           r"alle ablehnen|aceptar todo|aceptar|rechazar todo|rechazar|accetta tutto|accetta|"
           r"rifiuta tutto|rifiuta")
_WEAK = (r"read more|learn more|more options|more information|settings|preferences|close|ok|"
         r"privacy policy|cookie policy")
_LABEL = re.compile(r"[\s|/·•,]*(?:(?P<strong>" + _STRONG + r")|(?P<weak>" + _WEAK + r"))\b"
                    r"[\s|/·•,!.]*",
                    re.IGNORECASE)
# Every strong label contains one of these, and every consent line one of the consent words.
_BUTTON_ANCHORS = ("accept", "reject", "decline", "agree", "allow", "deny", "cookie", "manage",
                   "save", "customi", "do not sell", "consent", "got it", "refuser", "akzeptieren",
                   "ablehnen", "aceptar", "rechazar", "accetta", "rifiuta", "opt", "gdpr",
                   "privacy")
_CONSENT_WORDS = re.compile(r"(?i)\bcookies?\b|\bconsent\b|\bopt[- ]?out\b|\bgdpr\b|\bprivacy\b")


def _label_run(s: str, pos: int = 0) -> tuple[int, int, int] | None:
    """Parse `s[pos:]` as nothing but button labels: (labels, strong labels, start) or None."""
    n = strong = 0
    start = None
    while pos < len(s):
        m = _LABEL.match(s, pos)
        if not m or m.end() == pos:
            return None
        if start is None:
            start = m.start("strong") if m.group("strong") else m.start("weak")
        n += 1
        strong += 1 if m.group("strong") else 0
        pos = m.end()
    return (n, strong, start or 0) if n else None


def _tail_labels(s: str) -> int | None:
    """Start of a tail of labels after the last sentence end of `s`, or None."""
    cut = max(s.rfind(". "), s.rfind("! "), s.rfind("? "), s.rfind(".” "), s.rfind(".) "))
    if cut < 0:
        return None
    tail_start = cut + 2
    run = _label_run(s, tail_start)
    if run and run[0] >= 1 and (run[1] >= 1 or run[0] >= 2):
        return run[2]
    return None


def _find_buttons(doc: Document) -> Iterator[Hit]:
    low = doc.lower
    if not any(map(low.__contains__, _BUTTON_ANCHORS)):
        return
    lines = doc.lines
    consent_lines = {ln.index for ln in lines
                     if len(ln.text) <= 2000 and _CONSENT_WORDS.search(ln.text)}
    runs: dict[int, tuple[int, int, int]] = {}
    for ln in lines:
        if 0 < len(ln.text.strip()) <= 200:
            run = _label_run(ln.text.rstrip())
            if run:
                runs[ln.index] = run
    for idx, (n, strong, start) in runs.items():
        ln = lines[idx]
        near = [idx + d for d in (-2, -1, 1, 2)]
        near_consent = any(j in consent_lines for j in near)
        block = [runs[j] for j in near if j in runs]
        block_strong = strong + sum(r[1] for r in block)
        alone = n >= 2 and strong >= 1
        if alone or (strong >= 1 and near_consent) or (block and block_strong >= 1):
            yield Hit(ln.start + start, ln.start + len(ln.text.rstrip()))
    for idx in sorted(consent_lines - runs.keys()):
        ln = lines[idx]
        t = _tail_labels(ln.text.rstrip())
        if t is not None:
            yield Hit(ln.start + t, ln.start + len(ln.text.rstrip()))


CONSENT_BUTTONS = Rule(
    kind="consent_buttons",
    family=FAMILY,
    description="Consent-dialog button labels (Accept, Reject, Cookie Settings, Manage options...) "
    "as a line of their own or trailing a cookie notice.",
    severity="low",
    message="Consent-dialog button labels were scraped as text.",
    positives=(
        "This site uses cookies to give you a better experience. Accept Read More",
        "Accept All\nReject All\nManage options",
        "Cookie Settings | Accept All",
        "We value your privacy and use cookies to measure traffic.\nI agree",
        "Story text.\nAccept  Decline\nMore story text.",
        "Nous utilisons des cookies pour mesurer l'audience.\nTout accepter\nTout refuser",
    ),
    negatives=(
        "The union voted to accept the offer on Monday. Read more about it in our report.",
        "Accept",
        "Read More\nLearn more",
        "The board said it would not reject the bid. Shareholders must agree by Friday.",
        "Cookie law: the regulator said sites must let users reject cookies. Accept or reject, the "
        "choice must be equal, it said.",
    ),
    finder=_find_buttons,
)

# --- tcf_purpose -------------------------------------------------------------------------------
# IAB Europe Transparency & Consent Framework purpose, feature and stack names, which every TCF
# consent platform must show verbatim (TCF Policies v2.2, Appendix A; v2.0 names in brackets were
# the earlier wording). Source: IAB Europe, "TCF v2.2 Policies" and the Global Vendor List.
_TCF_DISTINCT = (
    r"store and/or access information on a device",
    r"use limited data to select (?:advertising|content)",
    r"create profiles for personali[sz]ed advertising",
    r"use profiles to select personali[sz]ed (?:advertising|content)",
    r"create profiles to personali[sz]e content",
    r"understand audiences through statistics or combinations of data from different sources",
    r"actively scan device characteristics for identification",
    r"identify devices based on information transmitted automatically",
    r"personali[sz]ed (?:ads|advertising) and content, (?:ad|advertising) and content measurement,"
    r"(?: and)? audience (?:insights|research)(?: and (?:product|services) development)?",
    r"create a personali[sz]ed (?:ads|content) profile",
    r"apply market research to generate audience insights",
    r"ensure security, prevent and detect fraud,? and fix errors",
    r"save and communicate privacy choices",
)
# Shorter names that also occur in marketing prose: only as a line of their own or with another
# purpose name in the document.
_TCF_COMMON = (
    r"measure (?:advertising|content|ad) performance",
    r"develop and improve (?:services|products)",
    r"use precise geolocation data",
    r"select (?:basic|personali[sz]ed) (?:ads|content)",
    r"deliver and present advertising and content",
    r"match and combine data from other data sources",
    r"link different devices",
)
_TCF_D = re.compile(r"\b(?:" + "|".join(_TCF_DISTINCT) + r")\b", re.IGNORECASE)
_TCF_C = re.compile(r"\b(?:" + "|".join(_TCF_COMMON) + r")\b", re.IGNORECASE)


def _find_tcf(doc: Document) -> Iterator[Hit]:
    distinct = list(_TCF_D.finditer(doc.text))
    common = list(_TCF_C.finditer(doc.text))
    yield from (Hit(m.start(), m.end()) for m in distinct)
    several = len(distinct) + len(common) >= 2
    for m in common:
        line = doc.line_at(m.start())
        own_line = (len(line.text) <= 200
                    and len(line.text.strip(" \t•-*·:.")) <= (m.end() - m.start()) + 4)
        if several or own_line:
            yield Hit(m.start(), m.end())


TCF_PURPOSE = Rule(
    kind="tcf_purpose",
    family=FAMILY,
    description="IAB TCF consent-platform purpose names ('Store and/or access information on a "
    "device', 'Measure content performance'...) scraped from a consent dialog.",
    severity="medium",
    message="Consent-platform (IAB TCF) purpose text was scraped as part of the article.",
    positives=(
        "Store and/or access information on a device",
        "Personalised ads and content, ad and content measurement, audience insights and product "
        "development",
        "Measure advertising performance\nMeasure content performance\nDevelop and improve "
        "services",
        "Actively scan device characteristics for identification.",
        "Use precise geolocation data",
    ),
    negatives=(
        "Advertisers want better ways to measure advertising performance without tracking users, "
        "the "
        "industry group said.",
        "Engineers said the company would develop and improve services for rural customers.",
        "The watchdog said the consent framework run by IAB Europe breached the GDPR.",
        "Police used precise geolocation data from the suspect's phone, prosecutors said.",
    ),
    finder=gated(("and/or access", "limited data", "profile", "understand audiences",
                   "scan device",
                   "identify devices", "content measurement", "market research", "detect fraud",
                   "privacy choices", "performance", "develop and improve", "geolocation",
                   "select basic", "select personali", "deliver and present", "match and combine",
                   "link different devices"), _find_tcf, lower=True),
)

RULES: list[Rule] = [COOKIE_BANNER, CONSENT_BUTTONS, TCF_PURPOSE]

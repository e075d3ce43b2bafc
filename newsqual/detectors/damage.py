"""Detectors of the `damage` family: text that a scraper, a converter or a rewriter has broken.

Missing spaces after punctuation, sentences that start in lowercase, proper nouns written in
lowercase, possessive apostrophes stripped ("Russias Grain"), mojibake, U+FFFD, HTML entities left
in the text, and tables flattened into runs of short lines. Each finder runs one regex over the
whole text (or one pass over the lines) and only does Python work on the rare candidates.

Sources of the facts: missing spaces and lowercase starts have ~0 hits in clean news once
abbreviations, numbers, URLs and ellipses are allowed (LanguageTool's comma-whitespace rule lists
those exceptions); ftfy's ``badness`` heuristic finds mojibake (false positives ~1 per 6M tweets).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.entities import html5

from newsqual.detectors._rule import SOCIAL_ATTRIBUTION_RE, Hit, Rule, run_start
from newsqual.document import Document

FAMILY = "damage"

# ---------------------------------------------------------------------------------------------
# missing_space_after_punct

#: A comma/semicolon between two words ("issues,including"); a sentence end glued to a capitalised
#: word ("East.As", "said?The"); or a period glued to a pronoun/article/conjunction that no domain
#: or file name uses ("cooperation.this"). Two-letter words are left out of the last list on
#: purpose: they are country-code top-level domains (.it .in .as .me .us ...).
_GLUED_RE = re.compile(
    r"(?<![\w.@/#&=%+-])([A-Za-z]*[a-z]{2})"
    r"(?:([,;])(?=[A-Za-z]{2})"
    r"|([.!?])(?=[A-Z][a-z]{1,30}\b(?![.@/]\w)|(?:A|I) [a-z])"
    r"|(\.)(?=(?:the|this|that|these|those|there|their|they|then|but|however|while|when|which"
    r"|with|she|his|its|our|after|also|although|meanwhile|despite|since|both|many|some|several)"
    r"\s))"
)
_TOKEN_BOUNDARY_RE = re.compile(r"\s")
#: Tokens that are URLs, e-mail addresses, handles, paths or code: never "damaged prose".
_NOT_PROSE_TOKEN_RE = re.compile(
    r"://|www\.|[@/\\_=(){}\[\]<>$|]|\.(?:com|org|net|gov|edu|html?|php|io)\b"
    r"|(?-i:^[\"“(]?[A-Za-z][a-z]*[A-Z])"  # camelCase/CamelCase names: "TechPolicy.Press"
    # URL slugs and file names: 4+ hyphen-joined lowercase parts, one a number
    # ("673-bansal-obama-discrimination")
    r"|(?-i:(?<![a-z0-9-])(?=[a-z0-9-]*\d)(?:[a-z0-9]+-){3,}[a-z0-9]+)",
    re.IGNORECASE)
#: How far (characters) to look each way for the token around a candidate.
_MAX_TOKEN = 80


def _token_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token containing ``text[start:end]`` (bounded to _MAX_TOKEN chars
    each way so a 1 MB run without spaces stays cheap)."""
    lo = max(0, start - _MAX_TOKEN)
    left = text[lo:start]
    ws = [m.end() for m in _TOKEN_BOUNDARY_RE.finditer(left)]
    s = lo + ws[-1] if ws else lo
    right = text[end:end + _MAX_TOKEN]
    m = _TOKEN_BOUNDARY_RE.search(right)
    e = end + (m.start() if m else len(right))
    return text[s:e]


#: How far (characters) to look each way for the quotation marks around a candidate.
_MAX_QUOTE = 60
#: Words a quoted phrase may have and still count as a mention (a slogan, a title, a gloss).
_MAX_QUOTED_WORDS = 5


def in_short_quote(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside a short quoted phrase on its line (at most
    :data:`_MAX_QUOTED_WORDS` words): a slogan, a title or a translated word is *mentioned*, and
    its spelling and case are the quoted source's ("Love Trumps Hate", "little page").

    >>> t = 'slogans like “Love Trumps Hate” and the word “little page,” he said'
    >>> in_short_quote(t, t.find("Trumps"), t.find("Trumps") + 6)
    True
    >>> t = '“The talks with russia went on for hours and ended late,” he said'
    >>> in_short_quote(t, t.find("russia"), t.find("russia") + 6)
    False
    """
    i = start - 1
    lo = max(0, start - _MAX_QUOTE)
    while i >= lo:
        c = text[i]
        if c in "“\"‘" or (c == "'" and (i == 0 or not text[i - 1].isalnum())):
            break
        if c in "”.!?\n":  # a sentence end or a closing quote first: not inside a quote
            return False
        i -= 1
    else:
        return False
    j = end
    hi = min(len(text), end + _MAX_QUOTE)
    while j < hi:
        c = text[j]
        if c in "”\"" or (c in "’'" and not text[j + 1:j + 2].isalnum()):
            break
        if c in "“\n":
            return False
        j += 1
    else:
        return False
    return len(text[i + 1:j].split()) <= _MAX_QUOTED_WORDS


#: Characters before an attribution that can belong to the post it signs (a post is short).
_MAX_POST = 320


def in_social_post(text: str, start: int) -> bool:
    """Whether `start` falls in an embedded social-media post: an attribution "— Name (@handle)"
    follows on the same line within a post's length. Posts are the user's own writing, often all
    lowercase, not a scraper's damage.

    >>> t = "so drake and taylor are dating - danny (@dannyedge) October 28, 2016"
    >>> in_social_post(t, t.find("taylor")), in_social_post("Then taylor spoke.", 5)
    (True, False)
    """
    line_end = text.find("\n", start)
    hi = min(len(text) if line_end < 0 else line_end, start + _MAX_POST)
    return SOCIAL_ATTRIBUTION_RE.search(text, start, hi) is not None


#: Punctuation between a lowercase letter and a letter: every match of :data:`_GLUED_RE` and
#: :data:`_GLUED_LOWER_START_RE` has its first word end at one of these.
_GLUE_POINT_RE = re.compile(r"(?<=[a-z])[,;.!?](?=[A-Za-z])")
#: A period after a lowercase letter before a lowercase word: in every :data:`_LOWER_START_RE`.
_PERIOD_LOWER_RE = re.compile(r"(?<=[a-z])\.(?=[ \t]{1,3}[a-z])")
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _matches_ending_at(text: str, trigger: re.Pattern[str], offset: int,
                       pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of `pattern` (which starts with a run of ASCII letters after a lookbehind that
    rejects letters) whose letter run ends where `trigger` matched, `offset` characters in.

    Same matches as ``pattern.finditer(text)``, but the costly pattern is tried only at the start
    of the letter run before each cheap trigger, not at every word of the text.
    """
    last_end = -1
    for t in trigger.finditer(text):
        start = run_start(text, t.start() + offset, _ASCII_LETTERS)
        if start < last_end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            last_end = m.end()
            yield m


def find_missing_space(doc: Document) -> Iterator[Hit]:
    """Punctuation glued to the next word between letters; evidence = the two glued words.

    >>> doc = Document.from_text("issues,including peace. It grew in the Middle East.As a result")
    >>> [doc.text[h.start:h.end] for h in find_missing_space(doc)]
    ['issues,including', 'East.As']
    """
    text = doc.text
    for m in _matches_ending_at(text, _GLUE_POINT_RE, 0, _GLUED_RE):
        punct = m.lastindex or 0
        p = m.start(punct)
        word_end = p + 1
        while word_end < len(text) and word_end - p <= 40 and text[word_end].isalpha():
            word_end += 1
        start = m.start(1)
        token = _token_around(text, start, word_end)
        if _NOT_PROSE_TOKEN_RE.search(token):
            continue
        yield Hit(start, word_end)


# ---------------------------------------------------------------------------------------------
# lowercase_sentence_start

#: Lowercase abbreviations that end in a period without ending the sentence.
_LOWER_ABBREVIATIONS = frozenset(
    "etc vs approx incl esp ca cf viz eg ie resp govt dept est ibid pp vol eds ed jr sr fig nos no "
    "op cit al seq mins hrs yrs wk mo tel ext av inc ltd co corp bros lb lbs oz ft sq ret "
    # capitalised ones: titles, company suffixes, months, street words
    "mr mrs ms dr prof rev hon gen sen rep gov lt col sgt capt cmdr st mt ave blvd rd "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    # AP state abbreviations
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mont "
    "neb nev okla ore pa tenn tex vt va wash wis wyo".split()
)
#: ". word" where the previous token is an ordinary lowercase word (not an abbreviation with
#: internal dots such as "e.g." or "a.m.", not a number, not a URL) and the next word is wholly
#: lowercase (brand names such as iPhone or eBay are not).
_LOWER_START_RE = re.compile(
    r"(?<![\w.@/'’(-])([A-Za-z][a-z]{1,29})\.[ \t]{1,3}(?P<word>[a-z]{1,30})(?=[\s,;:]|$)"
)


#: A sentence glued to the previous one ("cooperation.this call"): same word list as the glued
#: period of :data:`_GLUED_RE` (no two-letter words, which are top-level domains).
_GLUED_LOWER_START_RE = re.compile(
    r"(?<![\w.@/#&=%+-])[A-Za-z]*[a-z]{2}\.(?P<word>the|this|that|these|those|there|their|they"
    r"|then|but|however|while|when|which|with|she|his|its|our|after|also|although|meanwhile"
    r"|despite|since|both|many|some|several)(?=\s)"
)


def find_lowercase_sentence_start(doc: Document) -> Iterator[Hit]:
    """Sentences (after ". ") and prose paragraphs that begin with a lowercase word.

    >>> doc = Document.from_text("The talks ended. the two sides will meet again in May.")
    >>> [doc.text[h.start:h.end] for h in find_lowercase_sentence_start(doc)]
    ['the']
    """
    text = doc.text
    for m in _matches_ending_at(text, _PERIOD_LOWER_RE, 0, _LOWER_START_RE):
        if m.group(1).lower() in _LOWER_ABBREVIATIONS:
            continue
        before = _token_around(text, m.start(1), m.end(1))
        after = _token_around(text, m.start("word"), m.end("word"))
        if _NOT_PROSE_TOKEN_RE.search(before) or _NOT_PROSE_TOKEN_RE.search(after):
            continue
        if in_social_post(text, m.start("word")):
            continue
        yield Hit(m.start("word"), m.end("word"))
    for m in _matches_ending_at(text, _GLUE_POINT_RE, 0, _GLUED_LOWER_START_RE):
        if not _NOT_PROSE_TOKEN_RE.search(_token_around(text, m.start(), m.end())):
            yield Hit(m.start("word"), m.end("word"))
    yield from _lowercase_paragraph_starts(doc)


#: Characters of code, shell sessions and formulas ("const x = f(y);", "$ pip install"): a line
#: holding one is not a prose paragraph.
_CODE_LINE_RE = re.compile(r"[={}<>$|`]|//|\w\(")
_PARA_LOWER_RE = re.compile(r"[a-z]{1,30}(?=[ \t])")
_WORDS_RE = re.compile(r"\S+")


def _starts_paragraph(prev: str, blank_between: bool) -> bool:
    """Whether a line after `prev` (the previous non-blank line, "" at the top) opens a paragraph:
    prev ends a sentence, or prev is a heading (short, title-like, not shouted chrome such as
    "ADVERTISEMENT") set off by a blank line. Otherwise the line continues a broken sentence."""
    if not prev or prev[-1] in ".!?\"”":
        return True
    words = prev.split()
    return (blank_between and len(words) <= 8 and not prev.isupper()
            and 2 * sum(1 for w in words if w[0].isupper()) >= len(words))


def _lowercase_paragraph_starts(doc: Document) -> Iterator[Hit]:
    """A prose line (>= 6 words) that opens a paragraph with a lowercase word.

    Lines after a colon or comma (list items), after a line that breaks off mid-sentence
    (hard-wrapped text, text split by an advert) are left alone."""
    prev, blank = "", False
    for line in doc.lines:
        s = line.text
        stripped = s.strip()
        if not stripped:
            blank = True
            continue
        lead = len(s) - len(s.lstrip())
        m = _PARA_LOWER_RE.match(s, lead)
        if (m and _starts_paragraph(prev, blank) and m.group() not in _LOWER_ABBREVIATIONS
                and len(_WORDS_RE.findall(stripped)) >= 6
                and not _NOT_PROSE_TOKEN_RE.search(stripped.split(None, 1)[0])
                and not _CODE_LINE_RE.search(stripped)
                and not in_social_post(doc.text, line.start + lead)):
            yield Hit(line.start + lead, line.start + m.end())
        prev, blank = stripped, False


# ---------------------------------------------------------------------------------------------
# lowercased_proper_noun

#: A capitalised word between lowercase context ("met Putin on", "in Syria,"): a standalone name.
_CAP_ISOLATED_RE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,30})(?=[ ,.;:)]|$)(?! [A-Z])")
#: The last word of a capitalised multi-word name ("Vladimir Putin", "Bashar al-Assad").
_SURNAME_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]{1,20})(?: | al-| el-| bin | de | van | von )"
                         r"(?=([A-Z][a-z]{3,30})(?![\w'’-]))")
#: The word right before a candidate ("Vladimir" in "Vladimir putin"), matched at the end of a
#: short window before it.
_PREV_WORD_RE = re.compile(r"(?<![\w'’-])([A-Za-z]{2,20})(?: | al-| el-)$")
#: Words of prose (a letter, then lowercase letters: ``[A-Za-z][a-z]+``), capturing a capital
#: initial.
_PROSE_WORD_CAP_RE = re.compile(r"(?:([A-Z])|[a-z])[a-z]+")
#: Words that English capitalises in names and titles but also uses as ordinary lowercase words
#: ("the President" / "the president", "Tiger Woods" / "the woods"), and place names that are also
#: common nouns ("china", "turkey").
_CAPITALISATION_VARIANTS = frozenset(
    """
    president presidents senator senators governor governors minister ministers secretary
    chancellor king queen prince princess pope bishop cardinal judge justice general admiral
    colonel captain sergeant officer chief director chairman chairwoman mayor sheriff
    state states senate house congress parliament government administration court supreme
    department ministry agency bureau office council committee commission party union
    republican republicans democrat democrats democratic conservative conservatives liberal
    liberals labour labor socialist communist communists independent federal national
    church god gods heaven internet web earth moon lord bible
    black white brown green young rich little long bell west east north south
    western eastern northern southern central native
    catholic catholics islamic muslim christian jewish city county district street avenue
    university college school hospital airport station center centre bank company group
    news times post daily weekly magazine journal show game games cup league team club
    army navy force forces guard police marines coast act bill amendment constitution
    revolution reform war wars world day night season series award awards prize
    leader leaders member members people fans
    pageant tour tours mountain mountains festival museum tower
    park square hall island river lake valley beach woods fair foundation project palace
    china turkey guinea chad chile jordan georgia
    """.split()
)


def prose_lines(doc: Document) -> list[tuple[int, str]]:
    """(start offset, text) of lines that read as prose: >= 8 words, mostly lowercase words.

    Title-case headlines capitalise ordinary words, so they are not evidence of a proper noun.

    >>> doc = Document.from_text("Storm Hits Coast As Power Fails Across Region\\n"
    ...                          "A storm hit the coast on Monday and power failed for hours.")
    >>> [start for start, _ in prose_lines(doc)]
    [46]
    """
    return doc.memo("damage.prose_lines", _prose_lines)


def _prose_lines(doc: Document) -> list[tuple[int, str]]:
    out = []
    words = _PROSE_WORD_CAP_RE.findall
    for line in doc.lines:
        s = line.text
        if len(s) < 19:  # 8 words of 2+ letters, 4+ lowercase ones (each after a non-letter)
            continue
        # One scan: each word gives its capital initial, or "" when it starts in lower case.
        initials = words(s)
        n = len(initials)
        if n >= 8 and n - initials.count("") <= 0.5 * n:
            out.append((line.start, s))
    return out


def isolated_names(doc: Document) -> Counter[str]:
    """How often each capitalised word stands alone mid-sentence in the prose lines ("met Putin
    on", "in Syria,"): computed once per document, shared by two rules.

    >>> isolated_names(Document.from_text("Leaders met in Moscow on Monday, and then Putin "
    ...                                   "left for Ankara with his aides."))["Putin"]
    1
    """
    return doc.memo("damage.isolated_names", _count_isolated_names)


def _count_isolated_names(doc: Document) -> Counter[str]:
    isolated: Counter[str] = Counter()
    for _, s in prose_lines(doc):
        isolated.update(_CAP_ISOLATED_RE.findall(s))
    return isolated


def _is_place_word(w: str) -> bool:
    """A country/region name or a word built on one ("Russian", "Syrians")."""
    if w in PLACES:
        return True
    for cut in (1, 2, 3):
        if len(w) - cut >= 4 and w[:-cut] in PLACES:
            return True
    return False


def _after_first_name(text: str, start: int, first: set[str], alone: Counter[str]) -> bool:
    """True when the word before the lowercase word at `start` is a capitalised first name of
    that surname, not itself at a sentence start (where any word is capitalised) nor a demonym.

    A "first name" the text also uses alone, capitalised mid-sentence (`alone` counts those uses),
    is a name of its own, a brand or a place: "Google merchant" after "Google Merchant Center"
    and "use Google" is a product name written two ways, not a person's lowercased surname."""
    prev = _PREV_WORD_RE.search(text, max(0, start - 25), start)
    if prev is None or not prev.group(1)[0].isupper():
        return False
    given = prev.group(1)
    low = given.lower()
    if low not in first or low in _CAPITALISATION_VARIANTS or _is_place_word(given):
        return False
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    if alone[given] > text.count(f"{given} {text[start:end]}"):
        return False
    before = text[max(0, prev.start() - 3):prev.start()].rstrip(" ")
    return bool(before) and before[-1] not in ".!?\"“”'‘\n\r:-•*"


def find_lowercased_proper_noun(doc: Document) -> Iterator[Hit]:
    """Lowercase occurrences of a name the same text capitalises mid-sentence ("putin"/"Putin").

    A name is a place (or its demonym) the text capitalises mid-sentence, or a surname: the last
    word of a capitalised multi-word name that also stands alone capitalised ("Vladimir Putin" ...
    "said Putin"). Ordinary words that names also use ("Supreme Court") are left out.

    >>> doc = Document.from_text("Talks between Moscow and Damascus went on as envoys of Russia "
    ...     "met. Analysts said russia wants to keep its bases in the country for years.")
    >>> [doc.text[h.start:h.end] for h in find_lowercased_proper_noun(doc)]
    ['russia']
    """
    isolated = isolated_names(doc)
    first_names: dict[str, set[str]] = {}
    for _, s in prose_lines(doc):
        for given, surname in _SURNAME_RE.findall(s):
            first_names.setdefault(surname.lower(), set()).add(given.lower())
    places = {w.lower(): n for w, n in isolated.items()
              if _is_place_word(w) and w.lower() not in _CAPITALISATION_VARIANTS}
    surnames = {w: f for w, f in first_names.items()
                if isolated[w.capitalize()] >= 2 and w not in _CAPITALISATION_VARIANTS}
    text = doc.text
    # Names the text also writes as a possessive ("Assad's") and uses alone at least 3 times.
    possessed = {w.lower(): isolated[w] for w in set(_POSSESSIVE_RE.findall(text))
                 if isolated[w] >= 3 and w.lower() not in _CAPITALISATION_VARIANTS
                 and w.lower() not in places}
    places.update(possessed)
    if not places and not surnames:
        return
    # str.find per candidate name (a handful): C-speed scans, Python work only per occurrence.
    lowered = [(w, start) for w in set(places) | set(surnames) for start in _occurrences(text, w)]
    lowered.sort(key=lambda x: x[1])
    lower_count = Counter(w for w, _ in lowered)
    # A surname counts only right after its own first name ("Vladimir putin"), and only when the
    # text never uses the word lowercase otherwise: "Contract tests ... the tests pass" is a
    # heading-case phrase and an ordinary noun, not a lowercased name.
    after_first = {(w, start) for w, start in lowered
                   if w in surnames and w not in places
                   and _after_first_name(text, start, surnames[w], isolated)}
    ordinary = {w for w, start in lowered if w in surnames and w not in places
                and (w, start) not in after_first
                and not _NOT_PROSE_TOKEN_RE.search(_token_around(text, start, start + len(w)))}
    for w, start in lowered:
        end = start + len(w)
        if w in places:
            # A word written lowercase as often as capitalised is an ordinary word here.
            ok = lower_count[w] <= places[w]
            if w in possessed:  # weaker evidence: one slip among many capitalised uses
                ok = lower_count[w] == 1
        else:
            ok = (w, start) in after_first and w not in ordinary
        if (ok and not _NOT_PROSE_TOKEN_RE.search(_token_around(text, start, end))
                and not in_short_quote(text, start, end) and not in_social_post(text, start)):
            yield Hit(start, end)


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Start offsets of `word` as a whole word (not inside another word or a handle)."""
    i = text.find(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(word):i + len(word) + 1] or " "
        if not (before.isalnum() or before in "_'’") and not (after.isalnum()
                                                                  or after in "_'’@"):
            yield i
        i = text.find(word, i + 1)


# ---------------------------------------------------------------------------------------------
# stripped_apostrophe

#: Countries and a few large regions: their names have no plural, so "Russias Grain" can only be
#: a possessive that lost its apostrophe. Written for this project from general knowledge.
PLACES = frozenset(
    """
    Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana
    Brazil Britain Brunei Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China
    Colombia Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt England
    Eritrea Estonia Eswatini Ethiopia Europe Fiji Finland France Gabon Gambia Georgia Germany
    Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia
    Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan
    Laos Latvia Lebanon Lesotho Liberia Libya Lithuania Luxembourg Madagascar Malawi Malaysia
    Mali Malta Mauritania Mauritius Mexico Moldova Monaco Mongolia Montenegro Morocco Mozambique
    Myanmar Namibia Nauru Nepal Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine
    Panama Paraguay Peru Poland Portugal Qatar Romania Russia Rwanda Samoa Scotland Senegal
    Serbia Sierra Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland
    Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu
    Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Wales Yemen Zambia Zimbabwe
    Africa Asia America Crimea Donbas Gaza Kashmir Tibet Xinjiang Hong Kong Moscow Beijing
    Tehran Kyiv Kiev Washington London Damascus Jerusalem Ankara Berlin
    """.split()
)
_S_WORD_RE = re.compile(
    r"(?<![\w'’.-])(?P<tok>(?P<stem>[A-Z][a-z]{2,30})s)"
    r"(?=[ \t]{1,3}(?P<next>[A-Za-z][a-z]{1,30})\b)"
)
_PLURAL_CONTEXT = frozenset("the two both all three several many".split())
_FUNCTION_NEXT = frozenset(
    "and or of in on at to for from by with as is are was were be been has have had that which who "
    "the a an but nor so than then".split()
)


#: Place name + "s" words that are not possessives: a given name, a region, a shoe.
_NAMES_ENDING_IN_S = frozenset({"Frances", "Americas", "Jordans"})


_POSSESSIVE_RE = re.compile(r"\b([A-Z][a-z]{2,30})['’]s\b")


def _possessed_names(doc: Document) -> set[str]:
    """Names the text writes as a possessive with an apostrophe ("Nvidia's") and also uses alone,
    capitalised mid-sentence: singular proper nouns, not titles such as "President's"."""
    text = doc.text
    possessive = set(_POSSESSIVE_RE.findall(text))
    if not possessive:
        return possessive
    alone = isolated_names(doc)
    return {w for w in possessive if w in alone and w.lower() not in _CAPITALISATION_VARIANTS}


def find_stripped_apostrophe(doc: Document) -> Iterator[Hit]:
    """A name + "s" + noun where the name cannot be plural ("Ukraines Record"), or the text
    itself writes the possessive with an apostrophe elsewhere ("Russia's" ... "Russias").

    >>> doc = Document.from_text("Drought Hits Southern Russias Grain Heartland")
    >>> [doc.text[h.start:h.end] for h in find_stripped_apostrophe(doc)]
    ['Russias']
    """
    text = doc.text
    possessed: set[str] | None = None
    for m in _S_WORD_RE.finditer(text):
        stem, nxt = m.group("stem"), m.group("next")
        prev = _PREV_WORD_RE.search(text, max(0, m.start() - 25), m.start())
        if nxt.lower() in _FUNCTION_NEXT or (prev and prev.group(1).lower() in _PLURAL_CONTEXT):
            continue
        if m.group("tok") in _NAMES_ENDING_IN_S or in_short_quote(text, m.start(), m.end("tok")):
            continue
        if stem not in PLACES:
            if not nxt[0].isupper():
                continue  # "Developers start ...": outside headlines a plural is more likely
            if not _national_office(stem, prev, nxt):
                if possessed is None:
                    possessed = _possessed_names(doc)
                if stem not in possessed:
                    continue
        yield Hit(m.start("tok"), m.end("tok"))


#: Offices one person holds per country: "Serbian Presidents Flight" is a possessive, since a
#: country has one president at a time.
_SINGLE_OFFICES = frozenset("President Premier Chancellor King Queen Pope Emir".split())
#: Headline verbs after which "<Demonym> Presidents" is a plural subject ("French Presidents Meet").
_HEADLINE_VERBS = frozenset(
    "Meet Meets Agree Agrees Say Says Call Calls Hold Holds Gather Discuss Sign Urge Warn Vow Back "
    "Join Reject Condemn Clash Talk Mark Attend Visit Honor Honour Remember Past Former".split()
)


def _national_office(stem: str, prev: re.Match[str] | None, nxt: str) -> bool:
    """"<Place or demonym> <Office>s <Noun>": e.g. "Serbian Presidents Flight"."""
    return (stem in _SINGLE_OFFICES and prev is not None and _is_place_word(prev.group(1))
            and nxt not in _HEADLINE_VERBS)


# ---------------------------------------------------------------------------------------------
# mojibake, replacement_char, html_entity


@cache
def _badness_re() -> re.Pattern[str]:
    from ftfy.badness import BADNESS_RE  # lazy: ftfy builds its tables on import

    return BADNESS_RE


#: UTF-8 read as Latin-1/cp1252 always shows a lead byte 0xC2-0xF4 as "Â".."ô"; MacRoman
#: mojibake shows "√" or "Ã". Text without any of them cannot hold ftfy's usual mojibake, so the
#: (much larger) badness regex is skipped for it.
_MOJIBAKE_LEAD_RE = re.compile("[\u00c2-\u00f4\u221a]")


def find_mojibake(doc: Document) -> Iterator[Hit]:
    """Sequences ftfy's badness heuristic marks as mis-decoded text ("Ã©", "â€™").

    One ftfy regex pass over the whole text; each hit is confirmed by ftfy fixing its line.

    >>> doc = Document.from_text("CafÃ© owners said the rentâ€™s too high.")
    >>> [doc.text[h.start:h.end] for h in find_mojibake(doc)]
    ['fÃ©', 'â€™']
    """
    text = doc.text
    if text.isascii() or not _MOJIBAKE_LEAD_RE.search(text):
        return
    # Every badness match starts with a non-ASCII character and stays on its line: ASCII-only
    # lines need no scan.
    spans = [(ln.start, ln.end) for ln in doc.lines if not ln.text.isascii()]
    badness = _badness_re()
    hits = [m for a, b in spans for m in badness.finditer(text, a, b)]
    if not hits:
        return
    import ftfy

    confirmed: dict[int, bool] = {}
    for m in hits:
        line = doc.line_at(m.start())
        ok = confirmed.get(line.index)
        if ok is None:
            ok = ftfy.fix_text(line.text[:5000]) != line.text[:5000]
            confirmed[line.index] = ok
        if ok:
            start = m.start()
            while start > 0 and m.start() - start < 3 and "\u00c2" <= text[start - 1] <= "\u00f4":
                start -= 1  # take the lead character ftfy's match may leave out ("â" + "\x80\x93")
            end = m.end()
            while end < len(text) and end - m.end() < 8 and ord(text[end]) > 127 \
                    and not text[end].isspace():
                end += 1  # take the rest of the mis-decoded sequence ("â€" + "™")
            yield Hit(start, end)


_REPLACEMENT_RE = re.compile("\ufffd{1,1000}")

#: An HTML character reference left in the text: numeric, or a named one (checked against the
#: HTML5 entity table); a few common names also without their semicolon ("&nbsp").
_ENTITY_RE = re.compile(
    r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|(?P<name>[A-Za-z][A-Za-z0-9]{1,31});"
    r"|(?:nbsp|amp|quot|rsquo|lsquo|ldquo|rdquo|mdash|ndash|hellip)(?![A-Za-z0-9;]))"
)


def find_html_entity(doc: Document) -> Iterator[Hit]:
    """HTML character references that were never decoded ("&amp;", "&#8217;", "&nbsp").

    >>> doc = Document.from_text("Profits at AT&amp;T rose&nbsp;4%")
    >>> [doc.text[h.start:h.end] for h in find_html_entity(doc)]
    ['&amp;', '&nbsp;']
    """
    for m in _ENTITY_RE.finditer(doc.text):
        name = m.group("name")
        if name is not None and f"{name};" not in html5:
            continue
        yield Hit(m.start(), m.end())


# ---------------------------------------------------------------------------------------------
# flattened_table

_TERMINAL = ".!?;:,"
_MAX_CELL_WORDS = 9
_MAX_CELL_CHARS = 70


def _is_cell(s: str) -> bool:
    return 0 < len(s) <= _MAX_CELL_CHARS and len(s.split()) <= _MAX_CELL_WORDS


@dataclass(frozen=True, slots=True)
class _Block:
    """A run of non-blank lines between blank lines, as a candidate table row."""

    start: int
    end: int
    cells: int  # number of lines, 0 when a line is too long to be a cell
    is_row: bool  # every line is a short cell and the first (the row label) has no end punctuation
    is_header: bool  # every cell a 1-3 word label: "Sector / Potential Benefits / Challenges"


def _block(lines: list) -> _Block:
    texts = [ln.text.strip() for ln in lines]
    cells_ok = len(texts) <= 6 and all(_is_cell(t) for t in texts)
    row = cells_ok and texts[0][-1] not in _TERMINAL
    header = row and all(len(t.split()) <= 3 and t[-1] not in _TERMINAL and t[0].isupper()
                         for t in texts)
    return _Block(lines[0].start, lines[-1].end, len(texts) if cells_ok else 0, row, header)


def find_flattened_table(doc: Document) -> Iterator[Hit]:
    """A table flattened to text: a header block of 2-6 short labels, then >= 2 blank-separated
    row blocks with the same number of short lines, whose first lines carry no end punctuation.

    Prose paragraphs are one long line (or many long wrapped lines); poems end lines in commas;
    a list of people with their titles has no header row.

    >>> t = "Area\\nDetails\\n\\nEnergy\\nNew pipelines\\n\\nFarming\\nMore grain exports\\n\\nEnd."
    >>> doc = Document.from_text(t)
    >>> [doc.text[h.start:h.end].count("\\n") for h in find_flattened_table(doc)]
    [7]
    """
    blocks: list[_Block] = []
    cur: list = []
    for line in doc.lines:
        if line.text.strip():
            cur.append(line)
        elif cur:
            blocks.append(_block(cur))
            cur = []
    if cur:
        blocks.append(_block(cur))
    i = 0
    while i < len(blocks):
        head = blocks[i]
        j = i
        if head.is_header and 2 <= head.cells <= 6:
            while j + 1 < len(blocks) and blocks[j + 1].is_row \
                    and blocks[j + 1].cells == head.cells:
                j += 1
        if j - i >= 2:
            yield Hit(head.start, blocks[j].end)
            i = j + 1
        else:
            i += 1


# ---------------------------------------------------------------------------------------------

RULES: list[Rule] = [
    Rule(
        kind="missing_space_after_punct",
        family=FAMILY,
        description="Comma or sentence end glued to the next word between letters (',including').",
        severity="low",
        message="Punctuation is glued to the next word: a space was lost in extraction.",
        finder=find_missing_space,
        positives=(
            "Both leaders discussed various issues,including the prospects for peace.",
            "The fund grew fast in the Middle East.As a result, rivals followed.",
            "Prices rose sharply;Analysts expect more increases next year.",
            "Officials met on Tuesday.this call underscores the depth of the ties.",
            "Why did they wait?The answer lies in the budget.",
            "The outcome remains unclear.A recent poll showed support falling.",
        ),
        negatives=(
            "The company sold 1,000 units for $3.5 million in the U.S. last year.",
            "Read more at www.example.com/news,politics or e-mail press@example.org today.",
            "Suppliers, e.g. farmers, benefit; see J.K. Rowling and Washington, D.C. for details.",
            "The file report.PDF and the site news.Yahoo.com were offline, officials said.",
            "The bill passed 52-48. Senators said the vote, held at 3:30 p.m., was close.",
            "Shares of Amazon.com Inc. rose 2.5% after the report on Node.js adoption.",
        ),
    ),
    Rule(
        kind="lowercase_sentence_start",
        family=FAMILY,
        description="A sentence or prose paragraph begins with a lowercase word.",
        severity="low",
        message="A sentence starts with a lowercase letter: capitalisation was lost.",
        finder=find_lowercase_sentence_start,
        positives=(
            "The talks ended on Friday. the two sides will meet again in May.",
            "Details follow below.\n\nanalyzing the impact of the decision on regional stability "
            "will take months.",
            "Officials declined to comment. however, sources said a deal was close.",
            "The two sides agreed on military cooperation.this call underscores their ties.",
        ),
        negatives=(
            "He arrived at 9 a.m. and left at 5 p.m. on Tuesday, officials said.",
            "Exports rose in the U.S. and fell in the E.U. last quarter.",
            "Fruit, vegetables, etc. are taxed. Apple unveiled the new iPhone. eBay shares fell.",
            "She paused... then she spoke again about the plan.",
            "Visit example.com. Subscribers get the full report, the company said.",
            "The list includes:\nbananas, apples and pears from local farms nearby\n",
            "The study by Smith et al. found higher rates in rural areas.",
            # An embedded social-media post, flattened into the text: its author writes lowercase.
            "Viewers shared the clip widely. so drake and taylor are dating now, who knew - danny "
            "(@dannyedge) October 28, 2016",
        ),
    ),
    Rule(
        kind="lowercased_proper_noun",
        family=FAMILY,
        description="A name the text capitalises mid-sentence also appears in lowercase.",
        severity="low",
        message="A proper noun is written in lowercase although the text capitalises it elsewhere.",
        finder=find_lowercased_proper_noun,
        positives=(
            "Leaders of Russia met in Moscow on Monday to discuss the new trade pact. "
            "Analysts said russia wants to keep its bases in the country for years.",
            "The talks were held with President Vladimir Putin in the capital on Friday, and "
            "officials said Putin was pleased. Later Vladimir putin said the meeting went well.",
        ),
        negatives=(
            "The visit by President Biden was short and the talks went well for both sides. "
            "The president said the deal would create thousands of jobs in the region.",
            "Officials in the Senate voted on the bill on Tuesday after a long debate. "
            "A senate aide said the vote was closer than the leaders had expected.",
            "Oil prices rose in early trading on Monday as supplies fell. Oil is expensive.",
            "Analysts at Goldman expect growth to slow in the second half of the year, and "
            "a goldman spokesperson declined to comment on the forecast.",
            # A word glossed in quotes is mentioned, not used as the name.
            "Page's company was called Stranichkin, from the Russian word for “little page,” said "
            "a partner who met Page in Moscow. Analysts said Page was a minor figure, and "
            "officials who dealt with Page described him as eager to help.",
            # A URL slug or file name is not prose.
            "Officials said Obama would speak on Monday about the new rules for the agency and its "
            "staff. The speech, Obama aides said, will be short, and the text that Obama will "
            "read is still being drafted by aides of Obama's team.\n"
            "Photo: 2016-11-obama-speech-1200.jpg",
            # An embedded social-media post is its author's own (lowercase) writing.
            "Fans reacted at once to the Megyn Kelly interview on social media and praised the "
            "actor for her answer to Kelly's question. one fan wrote that megyn kelly should have "
            "asked something else - Jo Smith (@josmith) September 27, 2017. Kelly later said the "
            "exchange was fine, a spokesman for Kelly declined to comment and friends of Kelly "
            "were upset.",
            # A product name written two ways: "Google" is used alone, so it is no first name.
            "Sellers upload their products to Google Merchant Center before the holiday season "
            "starts. Once the feed is approved in Merchant, listings appear in search, and shops "
            "that use Google for ads can link the two accounts. Errors shown in Merchant should "
            "be fixed within a week, and Google merchant feeds are checked again every day.",
            # A heading-case phrase whose last word the text also uses as an ordinary noun.
            "Our team added Contract Tests to the pipeline last year. When Tests fail, the build "
            "stops, and engineers read the log of Tests before they merge. Once these Contract "
            "tests pass, the tests of the user interface run.",
        ),
    ),
    Rule(
        kind="stripped_apostrophe",
        family=FAMILY,
        description="A possessive lost its apostrophe: 'Russias Grain', 'Ukraines Record'.",
        severity="low",
        message="A possessive apostrophe is missing (a name + 's' used as a possessive).",
        finder=find_stripped_apostrophe,
        positives=(
            "Frost Hits Southern Russias Grain Heartland",
            "Flights Diverted Amid Ukraines Record Drone Assault",
            "Serbian Presidents Flight Diverted to Baku",
            "Nvidia's results beat forecasts, and analysts in New York said demand for chips made "
            "by Nvidia will grow. Nvidias Growth Story Is Not Over",
        ),
        negatives=(
            "Americans and Democrats watched the Games with friends in the Philippines.",
            "The Koreas held talks; the two Germanys were reunited in 1990.",
            "French Presidents Meet at Memorial; US Presidents Day sales begin.",
            "Serena Williams won, and Prince William's charity thanked Williams fans.",
            # A quoted slogan: "Trumps" is a verb there.
            "Supporters waved signs reading “Love Trumps Hate” outside the hall, where the rivals "
            "of Trump gathered to hear Trump's critics.",
            "Russia's exports rose as Chinas' share fell in the Netherlands and Brussels.",
        ),
    ),
    Rule(
        kind="mojibake",
        family=FAMILY,
        description="Mis-decoded text (UTF-8 read as Latin-1/cp1252), found by ftfy's badness.",
        severity="medium",
        message="Mis-decoded characters (mojibake): the text was decoded with the wrong encoding.",
        finder=find_mojibake,
        positives=(
            "The cafÃ© reopened on Monday.",
            "Russiaâ€™s president spoke on Tuesday.",
            "He said â€œnoâ€ to the offer.",
        ),
        negatives=(
            "The café in Zürich reopened; its naïve décor drew crowds.",
            "Russia’s president said “no” — twice — on Tuesday.",
            "Prices rose 5°C… ¿Qué pasa? © 2024 Reuters. Señor Muñoz agreed.",
        ),
    ),
    Rule(
        kind="replacement_char",
        family=FAMILY,
        description="U+FFFD replacement characters: bytes that could not be decoded.",
        severity="medium",
        message="Replacement characters (U+FFFD): part of the text could not be decoded.",
        pattern=_REPLACEMENT_RE,
        positives=("The minister\ufffds spokesman said \ufffd\ufffdno comment\ufffd\ufffd.",),
        negatives=("The minister’s spokesman said “no comment.”",),
    ),
    Rule(
        kind="html_entity",
        family=FAMILY,
        description="HTML character references left undecoded in the text (&amp; &#8217; &nbsp;).",
        severity="low",
        message="An HTML entity was left undecoded in the text.",
        finder=find_html_entity,
        positives=(
            "Shares of AT&amp;T fell.",
            "The mayor&#8217;s office said&nbsp;no.",
            "Smith &amp Jones&nbsp won the contract.",
        ),
        negatives=(
            "Shares of AT&T and P&G fell; R&D spending rose & so did Q&A sessions.",
            "The Black & Decker unit (B&Q;) and M&S reported results.",
        ),
    ),
    Rule(
        kind="flattened_table",
        family=FAMILY,
        description="A table flattened into runs of short label/value lines.",
        severity="low",
        message="A table was flattened into short lines; its structure was lost in extraction.",
        finder=find_flattened_table,
        positives=(
            "Results:\n\nSector\nOutlook\n\nEnergy\nStrong demand\n\nFarming\nWeak harvest\n\n"
            "Tourism\nRecovering slowly\n\nThe report ends here.",
            "Team\nWins\nLosses\n\nHawks\n10\n2\n\nBears\n8\n4\n\nLions\n3\n9\n",
        ),
        negatives=(
            "The council met on Monday.\n\nIt voted to raise taxes.\n\nResidents protested.\n\n"
            "The mayor said the vote was final.",
            "Roses are red,\nviolets are blue,\n\nsugar is sweet,\nand so are you,\n\n"
            "the poem goes on,\nas poems do,\n",
            "By Jane Smith\nReuters\n\nLONDON (Reuters) - British inflation fell to 2.1% in May, "
            "the lowest in three years, official figures showed on Wednesday.\n",
        ),
    ),
]

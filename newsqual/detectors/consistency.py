"""Detectors of the `consistency` family: an article that contradicts itself about who is who.

* `name_drift`: one qualified role held by different people in one text ("Syrian Foreign Minister
  Faisal Mekdad", later "Syrian Foreign Minister Walid al-Muallem"). Spinners and language models
  produce this when they rewrite an article from stale or mixed sources.
* `headline_contradiction`: the headline gives a role to someone the body never calls that.

Only roles one person holds at a time are compared (a country has one foreign minister, a company
one chief executive; a state has two senators, so senators are left out), and only when the same
qualifier names the office ("Syria's" = "Syrian"). Mentions marked as past, future or acting
("former", "then-", "new", "predecessor") are ignored, because news names several holders of one
office on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import islice

from newsqual.detectors._rule import Hit, Rule
from newsqual.detectors.damage import PLACES, prose_lines
from newsqual.document import Document

FAMILY = "consistency"

#: Offices with one holder at a time per country or organisation (lowercase, spaces single).
_ROLES = (
    r"foreign minister|prime minister|defen[cs]e minister|finance minister|interior minister"
    r"|health minister|economy minister|justice minister|foreign secretary|home secretary"
    r"|secretary of state|defen[cs]e secretary|treasury secretary|attorney general"
    r"|vice president|president|chancellor|supreme leader|crown prince|king|queen|emir"
    r"|chief executive officer|chief executive|ceo|chairman|chairwoman|chairperson"
    r"|governor|mayor|head coach|coach|central bank governor"
)
#: A person's name: 1-3 capitalised words ("Faisal al-Sharaa", "Todd McLellan", "Conan O'Brien");
#: stops before a possessive "'s".
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿĀ-ſ"  # Latin-1 and Latin Extended-A letters ("Kovač", "Erdoğan")
_NAME_WORD = (rf"[{_UP}][{_LOW}]{{1,20}}(?:[{_UP}][{_LOW}]{{1,20}}|['’][{_UP}][{_LOW}]{{1,20}}"
              rf"|-[{_UP}][{_LOW}]{{1,20}})?")
_NAME = (rf"{_NAME_WORD}(?:[ \t](?:(?:al|el|bin|ibn|de|van|von|da|di|le|la|du)[ -])?"
         rf"{_NAME_WORD}){{0,2}}(?![\w'’])")
#: The office and the name after it; the qualifier before it is read by :data:`_QUALIFIER_RE`
#: from a short window (cheaper than an optional leading group tried at every position).
_ROLE_FIRST_LETTERS = "".join(sorted({alt[0] for alt in _ROLES.split("|")}))
#: An office name, matched on lowercased text (much faster than a case-blind scan); the first-letter
#: lookahead lets the engine skip most positions at once.
_ROLE_RE = re.compile(rf"\b(?=[{_ROLE_FIRST_LETTERS}])(?:{_ROLES})\b")
_ROLE_ANY_CASE_RE = re.compile(rf"\b(?:{_ROLES})\b", re.IGNORECASE)
#: The name right after the office, matched on the original text.
_NAME_AFTER_ROLE_RE = re.compile(rf",?[ \t]+(?P<name>{_NAME})")


@dataclass(frozen=True, slots=True)
class _RoleName:
    role_start: int
    role_end: int
    name_start: int
    name_end: int


def _role_names(text: str, low: str | None = None) -> Iterator[_RoleName]:
    """Every office followed by a capitalised name, in text order (`low`: ``text.lower()`` when
    the caller has it already)."""
    low = text.lower() if low is None else low
    if len(low) == len(text):  # lowercasing kept the offsets
        roles = _ROLE_RE.finditer(low)
    else:
        roles = _ROLE_ANY_CASE_RE.finditer(text)
    for r in roles:
        n = _NAME_AFTER_ROLE_RE.match(text, r.end())
        if n:
            yield _RoleName(r.start(), r.end(), n.start("name"), n.end("name"))
_QUALIFIER_RE = re.compile(
    r"(?<![\w.&-])(?P<qual>[A-Z][A-Za-z.&-]{1,30}(?:[ \t][A-Z][A-Za-z.&-]{1,30})?)(?:['’]s)?[ \t]+$"
)
_QUALIFIER_WINDOW = 70
_ABBREVIATION_RE = re.compile(r"(?:[a-z]\.){2,4}")
#: Qualifier words that are not a country or organisation: sentence openers, and words that make
#: it another office ("Vice", "Deputy") or another time ("Former").
_NOT_QUALIFIER = frozenset(
    "the a an when then but and as after before while if his her their its our this that new "
    "unlike like with without for from by to at in on of about over since during said says told "
    "meanwhile later today yesterday now also so yet both ".split()
) | frozenset(
    "former late acting interim outgoing incoming deputy vice assistant associate executive senior "
    "under lieutenant co ex future next then-".split()
)
_CHANGES_OFFICE = frozenset(
    "former late acting interim outgoing incoming deputy vice assistant associate executive "
    "senior under lieutenant co ex future next then then- new previous past first second third "
    "last".split()
)
#: Words right before a mention that make it about another holder ("former", "his predecessor,").
_OTHER_HOLDER_BEFORE_RE = re.compile(
    r"\b(?:former|formerly|then|ex|late|previous|predecessor|successor|new|newly|incoming|"
    r"outgoing|acting|interim|nominee|designate|would-be|once|past|deputy|vice|assistant|"
    r"elected|appointed|named)\b[^.\n]{0,12}$",
    re.IGNORECASE,
)
#: Words in the same sentence that say the office changed hands or the sentence is history.
_OTHER_HOLDER_SENTENCE_RE = re.compile(
    r"\b(?:until|resigned|ousted|succeeded|replaced|replacing|predecessor|successor"
    r"|in 1[89]\d\d|in 20[01]\d)\b",
    re.IGNORECASE,
)
_NAME_PARTICLES = frozenset("al el bin ibn de van von da di le la du".split())


@dataclass(frozen=True)
class Mention:
    """A role attached to a name: "Syrian Foreign Minister Faisal Mekdad"."""

    start: int  # of the role (or the qualifier, when there is one)
    end: int  # of the name
    qualifier: tuple[str, ...]  # normalised ("syria",), () when unqualified
    role: str  # normalised ("foreign minister")
    name: str  # as written
    tokens: tuple[str, ...]  # lowercase name tokens without particles


def _qualifier_key(q: str) -> tuple[str, ...]:
    """"Syria's"/"Syrian" -> ("syria",); "New York" -> ("new", "york")."""
    out = []
    for w in re.sub(r"['’]s$", "", q).lower().split():
        for cut in ("n", "ian", "an"):
            stem = w[: -len(cut)]
            if w.endswith(cut) and stem.capitalize() in PLACES:
                w = stem
                break
        else:
            if (w + "y").capitalize() in PLACES:  # "German" -> "germany"
                w = w + "y"
        out.append(w)
    return tuple(out)


def same_qualifier(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Qualifiers name the same country/organisation: equal, or one is a single word equal to the
    other's last word ("Syria" ~ "Later Syria", a sentence opener caught by the pattern).

    >>> same_qualifier(("syria",), ("later", "syria"))
    True
    >>> same_qualifier(("acme", "corp"), ("beta", "corp"))
    False
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if not (len(a) == 1 or len(b) == 1 or a[:-1] == b[:-1]):
        return False
    x, y = a[-1], b[-1]
    # a place and its adjective: "Ruritania"/"Ruritanian", "Kenya"/"Kenyan", "Iran"/"Iranian"
    return x == y or (min(len(x), len(y)) >= 4 and (
        y in (x + "n", x + "an", x + "ian") or x in (y + "n", y + "an", y + "ian")))


def _name_tokens(name: str) -> tuple[str, ...]:
    parts = re.split(r"[ \t]+", name.lower())
    out = []
    for p in parts:
        for piece in re.split(r"(?<=^al)-|(?<=^el)-", p):
            if piece and piece not in _NAME_PARTICLES:
                out.append(piece)
    return tuple(out)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two name token lists can be one person: a surname of one matches a word of the
    other ("Putin" ~ "Vladimir Putin"), allowing transliteration variants ("Mekdad" ~ "Mikdad").

    >>> same_person(("faisal", "mekdad"), ("faisal", "mikdad"))
    True
    >>> same_person(("faisal", "mekdad"), ("walid", "muallem"))
    False
    """
    if not a or not b:
        return True

    def close(x: str, y: str) -> bool:
        return x == y or (min(len(x), len(y)) >= 4 and SequenceMatcher(None, x, y).ratio() >= 0.8)

    return any(close(a[-1], t) for t in b) or any(close(b[-1], t) for t in a)


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(".", max(0, start - 200), start), text.rfind("\n", max(0, start - 200),
                                                                       start))
    hi_candidates = [i for i in (text.find(".", end, end + 200), text.find("\n", end, end + 200))
                     if i >= 0]
    hi = min(hi_candidates) if hi_candidates else min(len(text), end + 200)
    return text[lo + 1:hi]


def _at_sentence_start(text: str, i: int) -> bool:
    return text[max(0, i - 3):i].strip()[-1:] in ("", ".", "!", "?", '"', "”", ":")


def mentions(text: str, base: int = 0) -> Iterator[Mention]:
    """(Qualified) role + name mentions in `text`, skipping other-holder mentions.

    >>> [(m.qualifier, m.role, m.name) for m in mentions("Syria's Foreign Minister Faisal Mekdad "
    ...     "met former Foreign Minister Walid al-Muallem.")]
    [(('syria',), 'foreign minister', 'Faisal Mekdad')]
    """
    for m in _role_names(text):
        q = _QUALIFIER_RE.search(text, max(0, m.role_start - _QUALIFIER_WINDOW), m.role_start)
        qual = q.group("qual") if q else ""
        words = qual.lower().split()
        if words and words[0].endswith(".") and not _ABBREVIATION_RE.fullmatch(words[0]):
            qual, words, q = "", [], None  # "... in Europe. President X": no qualifier
        if words and words[-1] in _CHANGES_OFFICE:
            continue
        start = q.start("qual") if q else m.role_start
        if len(words) == 1 and words[0] in _NOT_QUALIFIER:
            qual, start = "", m.role_start  # "The Foreign Minister ..." is unqualified
        elif len(words) == 2 and (words[0] in _NOT_QUALIFIER or words[0] in _CHANGES_OFFICE
                                  or _at_sentence_start(text, start)):
            # "Later Syria's ...": a capitalised opener is not part of the qualifier
            start = start + qual.index(" ") + 1
            qual = qual.split(" ", 1)[1]
        before = text[max(0, start - 40):start]
        if _OTHER_HOLDER_BEFORE_RE.search(before) or _OTHER_HOLDER_SENTENCE_RE.search(
                _sentence_around(text, m.role_start, m.name_end)):
            continue
        name = text[m.name_start:m.name_end]
        role = " ".join(text[m.role_start:m.role_end].lower().split())
        yield Mention(base + start, base + m.name_end, _qualifier_key(qual) if qual else (),
                      role, name, _name_tokens(name))


def _sentence_lines(doc: Document) -> list[tuple[int, str]]:
    """Lines that read as running text: prose lines, plus lines of >= 6 words ending a sentence
    (name-heavy sentences capitalise most words; headlines rarely end in a period)."""
    prose = dict(prose_lines(doc))
    out = []
    for ln in doc.lines:
        s = ln.text.rstrip()
        if ln.start in prose or (len(s.split()) >= 6 and s[-1:] in ".!?\"”"):
            out.append((ln.start, ln.text))
    return out


def _body_mentions(doc: Document) -> list[Mention]:
    # One pass over the whole text first: most articles name fewer than two office holders, and
    # then there is nothing to compare (no need to classify their lines).
    if len(list(islice(_role_names(doc.text, doc.lower), 2))) < 2:
        return []
    return [mm for start, line in _sentence_lines(doc) for mm in mentions(line, start)]


def find_name_drift(doc: Document) -> Iterator[Hit]:
    """Later mentions that give an office (same qualifier) to another person than the first one.

    >>> t = ("Syrian Foreign Minister Faisal Mekdad met envoys in Damascus on Monday to talk. "
    ...      "Later Syria's Foreign Minister Walid al-Muallem said the talks had gone well.")
    >>> doc = Document.from_text(t)
    >>> [doc.text[h.start:h.end] for h in find_name_drift(doc)]
    ["Syria's Foreign Minister Walid al-Muallem"]
    """
    firsts: list[Mention] = []
    for m in _body_mentions(doc):
        if not m.qualifier:
            continue
        ref = next((f for f in firsts if f.role == m.role
                    and same_qualifier(f.qualifier, m.qualifier)), None)
        if ref is None:
            firsts.append(m)
        elif not same_person(ref.tokens, m.tokens):
            yield Hit(m.start, m.end, message=(
                f"The text calls {ref.name} the {m.role} earlier, but {m.name} here: "
                "the article contradicts itself about who holds this office."))


_HEADLINE_MAX_WORDS = 25


def find_headline_contradiction(doc: Document) -> Iterator[Hit]:
    """A headline that gives an office to someone the body names differently for that office.

    >>> t = ("Syrian Foreign Minister Walid al-Muallem Meets Putin\\n\\nSyrian Foreign Minister "
    ...      "Faisal Mekdad met President Putin in Moscow on Monday, officials said.")
    >>> doc = Document.from_text(t)
    >>> [doc.text[h.start:h.end] for h in find_headline_contradiction(doc)]
    ['Syrian Foreign Minister Walid al-Muallem Meets Putin']

    The evidence is the whole headline (a title-case name cannot be cut cleanly from it).
    """
    head = next((ln for ln in doc.lines if ln.text.strip()), None)
    if head is None:
        return
    words = head.text.split()
    if not words or len(words) > _HEADLINE_MAX_WORDS or head.text.rstrip().endswith("."):
        return
    body = [m for m in _body_mentions(doc) if m.start > head.end and m.qualifier]
    if not body:
        return
    for hm in mentions(head.text, head.start):
        if not hm.qualifier:
            continue
        same_office = [b for b in body
                       if b.role == hm.role and same_qualifier(b.qualifier, hm.qualifier)]
        if same_office and not any(same_person(hm.tokens, b.tokens) for b in same_office):
            yield Hit(head.start, head.end, message=(
                f"The headline names {hm.name} as {hm.role}, but the body gives that office to "
                f"{same_office[0].name}."))


RULES: list[Rule] = [
    Rule(
        kind="name_drift",
        family=FAMILY,
        description="One office (same country or organisation) attached to different people.",
        severity="medium",
        message="The text gives one office to different people: it contradicts itself.",
        finder=find_name_drift,
        positives=(
            "Syrian Foreign Minister Faisal Mekdad spoke with Russian officials on Monday about "
            "aid.\n\nLater in the week, Syria's Foreign Minister Walid al-Muallem told reporters "
            "that the talks with Moscow had been productive.",
            "Acme Corp CEO Jane Smith said profits rose by a third in the quarter to June. "
            "Analysts said Acme Corp CEO John Doe would face questions from investors next week.",
        ),
        negatives=(
            "Syrian Foreign Minister Faisal Mekdad met former Foreign Minister Walid al-Muallem's "
            "family in Damascus on Monday, officials said.",
            "Russian President Vladimir Putin spoke with Syrian President Ahmed al-Sharaa on "
            "Wednesday, and later Putin said the two countries would keep talking about bases.",
            "Apple CEO Tim Cook and Microsoft CEO Satya Nadella both attended the meeting in "
            "Washington on Tuesday with several lawmakers and aides.",
            "U.S. President Joe Biden met U.S. President-elect Donald Trump at the White House "
            "on Wednesday, and President Biden said the meeting went well for both of them.",
            "Syrian Foreign Minister Faisal Mekdad arrived in Moscow on Monday for two days of "
            "talks. Syria's foreign minister, Faisal Mikdad, later met Russian officials there.",
            "Texas Senator Ted Cruz and Texas Senator John Cornyn voted against the bill on Friday "
            "after a long debate in the chamber.",
            "British Prime Minister Keir Starmer met his predecessor, British Prime Minister Rishi "
            "Sunak, at a memorial service on Sunday in London with other leaders.",
        ),
    ),
    Rule(
        kind="headline_contradiction",
        family=FAMILY,
        description="The headline gives an office to someone the body names differently.",
        severity="medium",
        message="The headline and the body disagree about who holds an office.",
        finder=find_headline_contradiction,
        positives=(
            "Syrian Foreign Minister Walid al-Muallem Meets Putin in Moscow\n\nSyrian Foreign "
            "Minister Faisal Mekdad met President Vladimir Putin in Moscow on Monday, officials "
            "said after the talks ended.",
        ),
        negatives=(
            "Syrian Foreign Minister Mekdad Meets Putin in Moscow\n\nSyrian Foreign Minister "
            "Faisal Mekdad met President Vladimir Putin in Moscow on Monday, officials said "
            "after the talks ended.",
            "Acme CEO Steps Down\n\nAcme CEO Jane Smith resigned on Friday after ten years in the "
            "job, the company said in a statement to investors.",
        ),
    ),
]

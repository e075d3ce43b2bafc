"""Page-chrome lines found by a small trained line classifier (family ``chrome``).

When a scraper renders a whole page to text, menus, share bars, "related stories" lists, sign-up
prompts and footers end up as lines around the article. No single pattern catches them all, but
their shape does: runs of short, unpunctuated, title-cased lines before the first or after the last
paragraph, chrome vocabulary, repeats. :mod:`newsqual.linemodel` scores every non-blank line from
such features of the line, its neighbours and its position; this rule flags runs of lines the
model scores above the in-score threshold stored with the model (chosen so that clean article
prose is rarely flagged; see ``python -m newsqual.linemodel.train``); sentence-like lines need a
near-certain score (:data:`PROSE_THRESHOLD`).

Documents with fewer than :data:`MIN_LINES` non-blank lines have no line structure to judge and
are skipped, as are documents when no model file is shipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from newsqual.detectors._rule import Hit, Rule
from newsqual.document import Document
from newsqual.linemodel.features import line_features
from newsqual.linemodel.model import LineModel, load_line_model

FAMILY = "chrome"
#: Documents with fewer non-blank lines are left alone (a single paragraph has no page around it).
MIN_LINES = 4
#: Documents with more non-blank lines are left alone too: no news text comes near it (the
#: 3,806 reliability and machine-generation texts have at most 514), while 1 MB of one-character
#: lines would cost the line model seconds and most of a gigabyte (300k lines: 6.6 s, ~830 MB).
MAX_LINES = 20_000
#: Lines longer than this are never chrome candidates (a 1 MB single "line" is not a menu).
MAX_LINE_CHARS = 5000
#: Used when the model file carries no in-score threshold.
DEFAULT_THRESHOLD = 0.9
#: Sentence-like lines (at least this many words, ending in . ! or ?) need PROSE_THRESHOLD.
PROSE_MIN_WORDS = 6
#: The model leans on the page around a line: a short article inside a big menu and footer gets
#: its own paragraphs scored 0.6-0.9. A flag on article prose is the costly error in scoring, so
#: sentence-like lines are flagged only when the model is this sure.
PROSE_THRESHOLD = 0.95


def stripped_lines(doc: Document) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line of `doc`, surrounding whitespace excluded."""
    out = []
    for line in doc.lines:
        raw = line.text
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append((line.start + lead, line.start + lead + len(stripped)))
    return out


def flagged_runs(spans: Sequence[tuple[int, int]], flagged: np.ndarray,
                 probs: np.ndarray) -> Iterator[Hit]:
    """One hit per run of consecutive flagged lines (first line's start to last line's end)."""
    i, n = 0, len(spans)
    while i < n:
        if not flagged[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and flagged[j + 1]:
            j += 1
        count = j - i + 1
        top = float(probs[i:j + 1].max())
        what = "line looks" if count == 1 else f"{count} lines look"
        yield Hit(spans[i][0], spans[j][1],
                  message=f"{what.capitalize()} like page chrome (menu, share bar, link list or "
                          f"footer) rather than article text (line model p={top:.2f}).")
        i = j + 1


def is_sentence_like(line: str) -> bool:
    """A line that reads like a sentence: PROSE_MIN_WORDS+ words ending in . ! or ?.

    >>> is_sentence_like("The council will vote on the plan next week."), is_sentence_like("Home")
    (True, False)
    """
    stripped = line.rstrip().rstrip("\"”’')")
    return stripped[-1:] in (".", "!", "?") and len(line.split()) >= PROSE_MIN_WORDS


def in_score_flags(lines: Sequence[str], probs: np.ndarray, threshold: float) -> np.ndarray:
    """Which lines the rule flags: `probs` at or above `threshold`, sentence-like lines only at
    or above PROSE_THRESHOLD, and no line longer than MAX_LINE_CHARS. A sentence-like line next
    to a sentence-like line that stays unflagged is prose too (prose comes in runs), so the last
    paragraph of a short article is not swept into the footer below it.

    >>> lines = ["Home", "Rain closed two roads on Monday, officials said.",
    ...          "The bridge reopens next week, the council said.", "Contact"]
    >>> in_score_flags(lines, np.array([0.9, 0.5, 0.97, 0.9]), 0.5).tolist()
    [True, False, False, True]
    """
    sentence = np.fromiter((is_sentence_like(s) for s in lines), dtype=bool, count=len(lines))
    short = np.fromiter((len(s) <= MAX_LINE_CHARS for s in lines), dtype=bool, count=len(lines))
    need = np.where(sentence, max(threshold, PROSE_THRESHOLD), threshold)
    flagged = (probs >= need) & short
    kept_prose = sentence & ~flagged
    if not kept_prose.any() or not (flagged & sentence).any():
        return flagged
    # Spread "kept" through runs of adjacent sentence-like lines: a run keeps every line when
    # any of its lines is kept.
    run_id = np.cumsum(~sentence | np.r_[True, ~sentence[:-1]])
    kept_runs = np.unique(run_id[kept_prose])
    return flagged & ~(sentence & np.isin(run_id, kept_runs))


def find_chrome_lines(doc: Document, model: LineModel | None = None,
                      threshold: float | None = None) -> list[Hit]:
    """Runs of lines the line model scores as chrome at or above `threshold` (default: the
    model's in-score threshold). `model` defaults to the shipped one, loaded once.

    >>> page = "\\n".join(["Home", "World", "Business", "Sport", "Sign in", "Search",
    ...     "Storm closes coastal roads",
    ...     "Heavy rain closed three coastal roads on Monday, and officials said repairs "
    ...     "would take at least a week to finish.",
    ...     "The council said it would reopen the bridge once engineers had inspected it.",
    ...     "Share this story", "Facebook", "Email", "About us", "Contact", "Privacy policy",
    ...     "Cookies", "Terms of use", "© 2024 Example Media"])
    >>> flagged = [page[h.start:h.end] for h in find_chrome_lines(Document.from_text(page))]
    >>> "Privacy policy" in "\\n".join(flagged), any("Heavy rain" in f for f in flagged)
    (True, False)
    """
    model = model if model is not None else load_line_model()
    if model is None:
        return []
    spans = stripped_lines(doc)
    if not MIN_LINES <= len(spans) <= MAX_LINES:
        return []
    if threshold is None:
        threshold = model.thresholds.get("score", DEFAULT_THRESHOLD)
    lines = [doc.text[a:b] for a, b in spans]
    probs = model.predict_proba(line_features(lines))
    return list(flagged_runs(spans, in_score_flags(lines, probs, threshold), probs))


RULES: list[Rule] = [
    Rule(
        kind="chrome_line", family=FAMILY, severity="low",
        description="Runs of lines a trained line classifier scores as page chrome (menus, share "
                    "bars, link lists, footers) from their shape, neighbours and position.",
        message="Lines that look like page chrome rather than article text.",
        finder=find_chrome_lines,
        positives=(
            "Skip to content\nHome\nNews\nSport\nWeather\nLog in\nSubscribe\n"
            "Council approves new cycle lanes\n"
            "The city council voted on Tuesday to build four new cycle lanes through the centre, "
            "after a year of consultation with residents and shop owners.\n"
            "Work on the first lane is due to start in March, the council said in a statement.\n"
            "Opponents argued that the lanes would cut parking for local businesses.\n"
            "Share this article\nFacebook\nTwitter\nEmail\nRelated\nMore from News\n"
            "Privacy Policy\nCookie settings\nTerms of Use\n© 2024 Example Media Group",
            "Menu\nSearch\nLatest\nPolitics\nBusiness\nTechnology\nOpinion\n"
            "Shares rise as inflation eases\n"
            "Stocks climbed on Wednesday after figures showed inflation slowing for a third month, "
            "raising hopes that interest rates have peaked.\n"
            "The main index closed up 1.2 per cent, led by banks and housing companies.\n"
            "Analysts cautioned that energy prices could still push inflation higher this winter.\n"
            "About us\nContact\nCareers\nAdvertise with us\nNewsletter sign-up\n"
            "Follow us on Instagram\nAll rights reserved",
        ),
        negatives=(
            "The minister said on Monday that the bill would be brought back to parliament in the "
            "autumn.\nShe told reporters the government had listened to the concerns of farmers "
            "and would change the rules on land use.\nOpposition parties said the changes did not "
            "go far enough and called for a full review.\nA vote is expected before Christmas.",
            "Firefighters spent the night tackling a blaze at a warehouse in the north of the "
            "city.\n\nNo one was injured, the fire service said, but nearby roads were closed "
            "while crews worked.\n\nResidents were asked to keep windows shut because of the "
            "smoke.\n\nThe cause of the fire is being investigated.",
            "The team won 3-1 on Saturday.\nThe coach praised the defence after the match.\n"
            "\"We worked hard all week,\" he said.\nThe next game is on Wednesday.",
        ),
    ),
]

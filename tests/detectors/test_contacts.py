"""End-to-end tests of the `contacts` family on multi-line documents and the founding examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsqual.detectors import contacts
from newsqual.document import Document
from newsqual.report import Flag

DETECTOR = contacts  # the module conftest's `flags_of` fixture runs
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


CLEAN_CASINO_STORY = """\
State approves first online casino licences

TRENTON - New Jersey regulators approved three online casino licences on Wednesday, and operators
said sports betting revenue rose 12% last quarter. One operator's free spins promotions drew a
warning from the gaming division, which said advertising to minors would be punished.

"Problem gambling is real," said the division's director. Anyone affected can call the helpline
on 1-800-522-4700, which is open around the clock, or text the service.

Analysts said the market could be worth $1.2 billion by 2026. WhatsApp groups of gamblers have
also drawn scrutiny, officials said, as have Telegram channels selling tips.

Contact the reporter at jane.doe@examplenews.com. Reach the tips desk at tips.desk@gmail.com.
Follow her on Twitter, and register for our newsletter at bit.ly/nj-gaming-news, which is free.
"""


def test_long_clean_casino_story_raises_nothing(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_CASINO_STORY) == []


def test_free_mail_alone_on_a_line_is_high_company_address_low(flags_of: FlagsOf) -> None:
    text = "Headline\n\nquick.offers2024@yahoo.com\n\nBody text.\n\ninfo@example-company.com\n"
    flags = [f for f in flags_of(text) if f.kind == "stray_email"]
    assert [(f.evidence, f.severity) for f in flags] == [
        ("quick.offers2024@yahoo.com", "high"), ("info@example-company.com", "low")]


def test_spam_comment_block_flags_every_offer_hit(flags_of: FlagsOf) -> None:
    text = (CLEAN_CASINO_STORY + "\nComments\n"
            "Thanks for the article! Get 50 free spins and a no deposit bonus at our best online "
            "casino, visit https://spam.test now. Also payday loans with no credit check!\n")
    doc = Document.from_text(text)
    spam = [f for f in flags_of(text) if f.kind == "spam_vocabulary"]
    assert len(spam) >= 5
    comment_start = text.index("Comments")
    # Every hit is exactly one offer phrase (the story's own mention counts too once the document
    # as a whole is spammy).
    assert all(contacts._SPAM_TERMS.fullmatch(f.evidence) for f in spam)
    assert sum(f.start > comment_start for f in spam) >= 5
    feats = contacts.features(doc)
    assert feats["contacts.spam_terms_per_1k_words"] > 0


def test_single_offer_mention_does_not_fire_and_density_is_reported() -> None:
    doc = Document.from_text(CLEAN_CASINO_STORY)
    assert not contacts.SPAM_VOCABULARY.detect(doc)
    assert contacts.features(doc)["contacts.spam_terms_per_1k_words"] > 0


def test_messenger_and_phone_in_a_spam_line(flags_of: FlagsOf) -> None:
    text = "Body.\nContact the spell caster on WhatsApp +234 803 555 0199 or wa.me/2348035550199\n"
    kinds = [f.kind for f in flags_of(text)]
    assert kinds.count("messenger_link") == 2
    assert "phone_number" in kinds


def test_shortener_standing_alone_but_not_in_a_tweet_embed(flags_of: FlagsOf) -> None:
    text = ("Story.\nhttps://bit.ly/3abcXYZ\n"
            "\"Vote today\" https://t.co/Xy12ab — A Senator (@asenator) November 8, 2016\n")
    flags = [f for f in flags_of(text) if f.kind == "url_shortener"]
    assert [f.evidence for f in flags] == ["https://bit.ly/3abcXYZ"]


def test_founding_example_004_free_mail_alone_on_its_line(flags_of: FlagsOf,
                                                          founding_example: Example) -> None:
    text = founding_example("004")
    doc = Document.from_text(text)
    emails = [f for f in flags_of(text) if f.kind == "stray_email"]
    assert len(emails) == 1
    f = emails[0]
    assert f.severity == "high"
    assert doc.line_at(f.start).text.strip() == f.evidence


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_founding_examples_without_contacts_raise_none(prefix: str, flags_of: FlagsOf,
                                                       founding_example: Example) -> None:
    assert flags_of(founding_example(prefix)) == []


def test_free_mail_in_an_html_footer_is_medium_in_the_body_high() -> None:
    html = ("<html><body><article><p>The council met on Tuesday and approved the budget for the "
            "coming year after a long debate.</p><p>spam.offers.now@gmail.com</p></article>"
            "<footer><p>bakery.owner.town@gmail.com</p></footer></body></html>")
    doc = Document.from_html(html)
    flags = contacts.STRAY_EMAIL.detect(doc)
    by_address = {f.evidence: f.severity for f in flags}
    assert by_address == {"spam.offers.now@gmail.com": "high",
                          "bakery.owner.town@gmail.com": "medium"}


def test_windowed_spam_search_equals_a_full_scan() -> None:
    # Offer phrases at the very start and end, next to each other, and split across lines.
    text = ("Free spins tonight. " + CLEAN_CASINO_STORY * 3 + "payday loans\nviagra cialis "
            "write my essay buy instagram followers spell caster")
    full = [(m.start(), m.end()) for m in contacts._SPAM_TERMS.finditer(text)]
    windowed = [(m.start(), m.end()) for m in contacts._spam_hits(Document.from_text(text))]
    assert len(full) >= 8
    assert windowed == full


def test_spam_hits_are_found_once_for_the_rule_and_the_feature() -> None:
    rule = next(r for r in contacts.RULES if r.kind == "spam_vocabulary")
    doc = Document.from_text(rule.positives[0])
    assert contacts._spam_hits(doc) is contacts._spam_hits(doc)
    per_1k = contacts.features(doc)["contacts.spam_terms_per_1k_words"]
    assert per_1k == 1000.0 * len(contacts._spam_hits(doc)) / 50 > 0
    assert len(rule.detect(doc)) == len(contacts._spam_hits(doc))

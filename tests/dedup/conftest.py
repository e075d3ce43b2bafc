"""Synthetic news-like articles for the dedup tests (vocabulary written for these tests)."""

from __future__ import annotations

import random

import pytest

_SUBJECTS = [
    "The regional council",
    "A spokesperson for the ministry",
    "Local firefighters",
    "The harbour authority",
    "Researchers at the university",
    "The national weather service",
    "Shareholders of the utility",
    "The opposition leader",
    "Hospital administrators",
    "The football club",
    "Farmers in the valley",
    "The central bank",
    "Police investigators",
    "The transport minister",
    "Teachers at the academy",
]
_VERBS = [
    "announced",
    "rejected",
    "postponed",
    "approved",
    "criticised",
    "investigated",
    "welcomed",
    "questioned",
    "financed",
    "delayed",
    "expanded",
    "suspended",
    "reviewed",
    "celebrated",
]
_OBJECTS = [
    "a plan to rebuild the northern bridge",
    "the budget for rural clinics",
    "new rules on rental housing",
    "an inquiry into the warehouse fire",
    "the merger of two grain exporters",
    "a tax on short flights",
    "the closure of the coal terminal",
    "funding for flood barriers",
    "the sale of the stadium",
    "a vaccination drive in border towns",
    "the contract for electric buses",
    "a reform of pension rules",
]
_TAILS = [
    "on Tuesday",
    "after a long debate",
    "despite protests outside",
    "citing rising costs",
    "in a statement released late on Friday",
    "according to officials familiar with the talks",
    "for the third time this year",
    "before the winter session",
    "with immediate effect",
]
_NAMES = [
    "Okonkwo",
    "Vasquez",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Takahashi",
    "Kowalczyk",
    "Ferreira",
    "Abernathy",
    "Castellanos",
    "Nakamura",
    "Petrov",
    "Delacroix",
    "Oyelaran",
    "Brannigan",
]
_PLACES = [
    "Marrowfield",
    "Port Elspeth",
    "Quillon",
    "Staverton",
    "Harrowgate Bay",
    "Lindenau",
    "Corvale",
    "Tessaro",
    "Brightwater",
    "Oskarshamn",
    "Velmont",
    "Dunmore Heights",
]


def make_article(rng: random.Random, sentences: int = 14) -> str:
    """A plausible, unique news story: names, places and numbers make it distinctive."""
    name, place = rng.choice(_NAMES), rng.choice(_PLACES)
    out = []
    for i in range(sentences):
        s = " ".join(rng.choice(part) for part in (_SUBJECTS, _VERBS, _OBJECTS, _TAILS))
        if i % 3 == 0:
            s += f", {name} told reporters in {place}"
        if i % 4 == 1:
            s += f", a project worth {rng.randint(2, 900)} million"
        out.append(s + ".")
    return " ".join(out)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)

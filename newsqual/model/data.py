"""The labelled development data the classifier is trained and evaluated on.

The data lives beside the checkout in ``../shared/data`` (or ``$NEWSQUAL_SHARED/data``) and is never
copied into the repository. Labels come per outlet or per fact-check, so splits go by
``split_group`` and texts are whitespace-normalised before features (the data README: carriage
returns and double spaces correlate with the label).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

#: Reliability files, in the order datasets are reported.
RELIABILITY_FILES: dict[str, str] = {
    "fakenewsnet-v1": "reliability/fakenewsnet_v1.jsonl",
    "horne2017": "reliability/horne2017.jsonl",
    "fakenewsamt": "reliability/perezrosas2018_fakenewsamt.jsonl",
    "celebrity": "reliability/perezrosas2018_celebrity.jsonl",
}
MACHINE_FILE = "machine/iu_human_ai_news.jsonl"

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}")
_NBSP_RE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING_RE = re.compile(r"[ \t]+\n")
_BLANKS_RE = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Article:
    """One labelled text: `y` is 1 for reliable / machine, 0 for unreliable / human."""

    id: str
    dataset: str
    text: str
    y: int
    group: str
    subset: str = ""


def shared_dir() -> Path:
    """``$NEWSQUAL_SHARED``, else ``../shared`` beside the repository root."""
    env = os.environ.get("NEWSQUAL_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared"


def data_dir() -> Path:
    """The folder holding ``reliability/`` and ``machine/`` (may not exist)."""
    return shared_dir() / "data"


def normalise_text(text: str) -> str:
    """Line endings to ``\\n``, runs of spaces to one, no trailing spaces, at most one blank line.

    Used on training text only, so the model cannot learn outlet whitespace habits.

    >>> normalise_text("Alex Jones  a host\\r\\nsaid\\u00a0so.  \\r\\n\\r\\n\\r\\nEnd")
    'Alex Jones a host\\nsaid so.\\n\\nEnd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES_RE.sub(" ", text)
    text = _NBSP_RE.sub(" ", text)
    text = _TRAILING_RE.sub("\n", text)
    return _BLANKS_RE.sub("\n\n", text).strip()


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_reliability(datasets: tuple[str, ...] | None = None) -> list[Article]:
    """Reliable (1) and unreliable (0) articles; satire left out. Raises if the data is absent."""
    out: list[Article] = []
    for name, rel in RELIABILITY_FILES.items():
        if datasets is not None and name not in datasets:
            continue
        for row in _read_jsonl(data_dir() / rel):
            label = row["label"]
            if label not in ("reliable", "unreliable"):
                continue
            out.append(Article(str(row["id"]), name, str(row["text"] or ""),
                               1 if label == "reliable" else 0,
                               f"{name}:{row['split_group']}", str(row.get("subset") or "")))
    return out


def load_machine() -> list[Article]:
    """Human (0) and machine-written (1) news; `subset` is the prompt type (``human``: people)."""
    out: list[Article] = []
    for row in _read_jsonl(data_dir() / MACHINE_FILE):
        machine = row["label"] == "machine"
        out.append(Article(str(row["id"]), "iu-human-ai-news", str(row["text"] or ""),
                           1 if machine else 0, str(row["split_group"]),
                           str(row.get("prompt_type") or ("machine" if machine else "human"))))
    return out


#: `subset` prefix of reliability articles reused as human-written negatives for the machine model.
OLDER_HUMAN = "older-human:"


def load_machine_training() -> list[Article]:
    """The machine-generation training set: :func:`load_machine` plus every reliability article as
    a human-written negative (all were published 2016-2018, before ChatGPT; crowd-written fakes
    included). Without them the model learns "scraped IU article vs clean text" and calls most
    other human news machine-written. Their `subset` is ``older-human:<dataset>``."""
    extra = [Article(a.id, a.dataset, a.text, 0, a.group, OLDER_HUMAN + a.dataset)
             for a in load_reliability()]
    return load_machine() + extra


def data_fingerprint() -> str:
    """SHA-256 of the training files (first 16 hex digits): which corpus a figure comes from."""
    digest = hashlib.sha256()
    for rel in (*RELIABILITY_FILES.values(), MACHINE_FILE):
        digest.update(rel.encode())
        digest.update((data_dir() / rel).read_bytes())
    return digest.hexdigest()[:16]


def data_available() -> bool:
    """True when every training file is present."""
    return all((data_dir() / rel).is_file() for rel in (*RELIABILITY_FILES.values(), MACHINE_FILE))

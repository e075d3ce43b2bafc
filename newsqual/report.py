"""The result types: a `Flag` is one piece of evidence, a `Report` the verdict on one document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")

#: The fixed label vocabulary. ``error`` means the input could not be judged (see ``Report.error``).
LABELS = ("ok", "review", "reject", "error")


@dataclass(frozen=True, slots=True)
class Flag:
    """One piece of evidence: what was found (`kind`), where (`start:end` in `Report.text`), why.

    `kind` is a stable snake_case name (e.g. ``sql_error``); `family` is the detector family that
    raised it (``errors``, ``placeholders``, ...). ``Report.text[start:end] == evidence`` always.
    """

    kind: str
    start: int
    end: int
    evidence: str
    message: str
    severity: Severity
    family: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Report:
    """The verdict on one document.

    `score` is in [0, 1], higher = more fit to publish. `label` is one of :data:`LABELS`.
    `contributions` maps feature (or flag kind) names to how much they moved the score, largest
    first, so every score can be traced to its features. `duplicate` is set only by
    ``score_many(..., duplicates=True)`` or ``history=``: the story cluster, role and keeper of the
    article in its batch, and its closest earlier article (see :mod:`newsqual.duplicates`).
    """

    score: float
    label: str
    flags: list[Flag] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    text: str = ""
    contributions: dict[str, float] = field(default_factory=dict)
    source_format: str = "text"
    error: str | None = None
    duplicate: dict[str, Any] | None = None

    def flags_of(self, kind: str) -> list[Flag]:
        """The flags of one kind, in text order."""
        return [f for f in self.flags if f.kind == kind]

    @property
    def kinds(self) -> set[str]:
        """The set of flag kinds raised."""
        return {f.kind for f in self.flags}

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """A JSON-ready dict. The judged text is left out unless asked for (it can be large)."""
        out: dict[str, Any] = {
            "score": round(float(self.score), 6),
            "label": self.label,
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
            "flags": [f.to_dict() for f in self.flags],
            "features": {k: float(v) for k, v in self.features.items()},
            "contributions": {k: round(float(v), 6) for k, v in self.contributions.items()},
            "source_format": self.source_format,
            "error": self.error,
        }
        if self.duplicate is not None:
            out["duplicate"] = self.duplicate
        if include_text:
            out["text"] = self.text
        return out

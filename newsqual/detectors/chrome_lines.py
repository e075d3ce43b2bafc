"""Page-chrome lines found by a small trained line classifier (to be written)."""

from __future__ import annotations

from newsqual.detectors._rule import Rule

RULES: list[Rule] = []

"""Detectors of the `consent` family (to be written)."""

from __future__ import annotations

from newsqual.detectors._rule import Rule

RULES: list[Rule] = []

"""Bytes -> str without crashing: BOMs, UTF-8, then detection; binary input is recognised, not
decoded."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text: everything below 0x20 except \t \n \f \r and ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded text, the encoding used, and an error when the bytes are not text."""

    text: str
    encoding: str | None
    error: str | None = None


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control bytes (images, archives, executables)."""
    head = data[:_SNIFF]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes) -> Decoded:
    """Decode `data`: a BOM wins, then strict UTF-8, then charset detection, then cp1252 with
    replacement. Never raises; binary data gives ``Decoded("", None, error=...)``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(enc, errors="replace"), enc)
    if looks_binary(data):
        return Decoded("", None, error="binary input: not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:262144]).best()
        if best is not None and best.encoding:
            return Decoded(data.decode(best.encoding, errors="replace"), best.encoding)
    except (LookupError, ValueError):  # pragma: no cover - detector edge cases
        pass
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252")

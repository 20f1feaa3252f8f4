"""Text direction, shared by the writers: which text is right to left, and which way a paragraph runs."""

from __future__ import annotations

import unicodedata

RTL_CLASSES = ("R", "AL")      # Hebrew and Arabic letters in the Unicode bidi classes


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in RTL_CLASSES for c in text)


def paragraph_is_rtl(text: str) -> bool:
    """Direction from the first strong character, as the Unicode bidi algorithm does."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False

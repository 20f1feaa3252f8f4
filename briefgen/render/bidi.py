"""Text direction, shared by the writers: which text is right to left, and which way a paragraph runs."""

from __future__ import annotations

import re
import unicodedata

RTL_CLASSES = ("R", "AL")      # Hebrew and Arabic letters in the Unicode bidi classes

# Explicit embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). The marks
# (LRM, RLM, ALM) stay: they change no order by themselves and the layout code handles them.
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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


def clean_controls(text: str) -> str:
    """The text without explicit direction controls, so every writer lays it out safely.

    An override shows text in another order than it was written ("Trojan Source"); unbalanced
    or nested isolates make python-bidi assert. Article text is shown in its own order, with
    each character's direction, the same in every format.
    """
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text

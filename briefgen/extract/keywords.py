"""What a document is about, as counts of its content words: enough to tell stories apart."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..nlp import ParsedDocument

KEEP = 60       # the most frequent content words; the rest add little to a comparison


def keywords(pdoc: "ParsedDocument") -> dict[str, int]:
    """Lemmas of nouns and proper nouns (no stop words), most frequent first."""
    counts: Counter[str] = Counter()
    for doc in pdoc.paragraphs:
        for token in doc:
            if token.pos_ in {"NOUN", "PROPN"} and token.is_alpha and not token.is_stop and len(token.text) > 2:
                counts[sys.intern(token.lemma_.lower())] += 1   # one copy across documents
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:KEEP])

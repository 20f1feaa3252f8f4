"""Candidate key points of one document: the sentences that carry its news.

News is written top-down (the inverted pyramid), so position counts most; sentences that name
actors, carry numbers or report what someone said count more; captions, credits, headings and
quote-only sentences are never key points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import SummaryPoint
from .actors import LocatedMention, is_caption, is_heading
from .lexicon import SPEECH_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from ..nlp import ParsedDocument

MIN_WORDS, MAX_WORDS = 8, 45
# A sentence that opens on one of these says who only through the sentence before it: alone, as
# a key point, "He renewed the commitment ..." names no one.
BACK_POINTING = {"he", "she", "they", "his", "her", "their", "him", "them"}
PER_DOCUMENT = 8


def summary_candidates(pdoc: "ParsedDocument", mentions: list[LocatedMention]) -> list[SummaryPoint]:
    """The document's best key-point sentences, best first."""
    named: dict[int, set[int]] = {}        # paragraph -> token starts of named mentions
    for m in mentions:
        named.setdefault(m.paragraph, set()).add(m.start)
    scored: list[SummaryPoint] = []
    order = 0
    for p, s, sent in pdoc.sentences():
        text = sent.text.strip()
        words = len(text.split())
        if (is_heading(text) or is_caption(pdoc, p) or not MIN_WORDS <= words <= MAX_WORDS
                or text[:1] in "“\"«'‘" or text[-1:] not in ".!?" or _leans_on_before(sent)):
            continue
        order += 1
        score = 1.0 / (1 + 0.25 * (order - 1))                        # lead sentences first
        entities = sum(1 for ms in named.get(p, ()) if sent.start <= ms < sent.end)
        score += 0.15 * min(entities, 3)
        if any(t.like_num for t in sent):
            score += 0.15
        if any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in sent):
            score += 0.1
        if any(t.lower_ in {"i", "we", "you", "our", "us"} for t in sent):
            score -= 0.3                                               # unquoted first person: a fragment
        ref = pdoc.ref(p, s, sent)      # the point's text is its sentence's: one shared copy
        scored.append(SummaryPoint(text=ref.text, sources=[ref], score=round(score, 4)))
    scored.sort(key=lambda point: -point.score)
    return scored[:PER_DOCUMENT]


def _leans_on_before(sent) -> bool:
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    return first is not None and first.lower_ in BACK_POINTING

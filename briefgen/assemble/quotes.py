"""Quotes across documents: the same words printed by two outlets become one quote with two
sources, attributed to the canonical actor."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..model import Actor, Quote
from .actors import SpeakerIndex, canonical_speaker
from .merging import CitedOnce, merge_similar

KIND_ORDER = {"direct": 0, "partial": 1, "indirect": 2}
SIMILAR_QUOTE = 90          # rapidfuzz ratio: the same quote as printed by two outlets


def merge_quotes(quotes: list[Quote], actors: list[Actor], alias_index: dict[str, str],
                 order: dict[str, int]) -> list[Quote]:
    roles = {a.name: (a.roles[0] if a.roles else None) for a in actors}
    index = SpeakerIndex(actors)

    def attributed(quote: Quote) -> Quote:
        speaker = canonical_speaker(quote.speaker, actors, alias_index, index,
                                    {r.document for r in quote.sources})
        return Quote(text=quote.text, kind=quote.kind, speaker=speaker, sources=list(quote.sources),
                     speaker_role=quote.speaker_role or roles.get(speaker or ""), cue=quote.cue,
                     uncertain=quote.uncertain)

    add_sources = CitedOnce()

    def absorb(into: Quote, other: Quote) -> None:
        add_sources(into.sources, other.sources)
        into.uncertain = into.uncertain and other.uncertain   # another outlet closed it
        into.speaker = into.speaker or canonical_speaker(other.speaker, actors, alias_index, index,
                                                         {r.document for r in other.sources})

    merged = merge_similar(quotes, block=lambda q: q.kind, text=lambda q: q.text.casefold(),
                           scorer=fuzz.ratio, cutoff=SIMILAR_QUOTE, absorb=absorb, start=attributed)
    salience = {a.name: a.salience for a in actors}
    merged.sort(key=lambda q: (KIND_ORDER[q.kind], -salience.get(q.speaker or "", 0.0),
                               order.get(q.sources[0].document, 0), q.sources[0].paragraph,
                               q.sources[0].sentence))
    return merged



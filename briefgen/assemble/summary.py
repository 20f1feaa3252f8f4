"""Key points, trends, the timeline and the title across documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from rapidfuzz import fuzz

from ..model import Actor, Document, SummaryPoint, Trend
from .merging import CitedOnce, merge_similar

SUMMARY_POINTS = (3, 6)
SIMILAR_POINT = 70
SIMILAR_TREND = 80


def pick_summary(points: list[SummaryPoint], order: dict[str, int]) -> list[SummaryPoint]:
    """Key points across documents: best first, no two saying the same thing, every document heard."""
    by_document: dict[str, list[SummaryPoint]] = defaultdict(list)
    for point in sorted(points, key=lambda p: -p.score):
        by_document[point.sources[0].document].append(point)
    ranked: list[SummaryPoint] = []
    rounds = max((len(v) for v in by_document.values()), default=0)
    for i in range(rounds):          # round robin, so one long article cannot fill the summary
        layer = [v[i] for v in by_document.values() if len(v) > i]
        ranked.extend(sorted(layer, key=lambda p: (-p.score, order.get(p.sources[0].document, 0))))
    low, high = SUMMARY_POINTS
    wanted = min(high, max(low, len(by_document) + 2))
    chosen: list[SummaryPoint] = []
    for point in ranked:
        if any(fuzz.token_set_ratio(point.text, c.text) >= SIMILAR_POINT for c in chosen):
            continue
        chosen.append(point)
        if len(chosen) == wanted:
            break
    return chosen


def merge_trends(trends: list[Trend]) -> list[Trend]:
    return merge_similar(trends, block=lambda t: None, text=lambda t: t.text,
                         scorer=fuzz.token_set_ratio, cutoff=SIMILAR_TREND,
                         absorb=lambda into, other, add=CitedOnce(): add(into.sources, other.sources),
                         start=lambda t: replace(t, sources=list(t.sources)))


def merge_timeline(events: list[dict]) -> list[dict]:
    return merge_similar(
        sorted(events, key=lambda e: e["date"]), block=lambda e: e["date"], text=lambda e: e["text"],
        scorer=fuzz.token_set_ratio, cutoff=SIMILAR_POINT,
        absorb=lambda into, other, add=CitedOnce(): add(into["sources"], other["sources"]),
        start=lambda e: {**e, "sources": list(e["sources"])})


def derive_title(documents: list[Document], actors: list[Actor]) -> str:
    """A title from the documents' own titles when they have one, else from the main actors."""
    titled = [d.title for d in documents if d.title]
    if titled:
        return titled[0] if len(documents) == 1 else f"{titled[0]} (and {len(documents) - 1} more)"
    # "Country: main person, main organisation": where it happens, then who is involved
    where = next((a.name for a in actors if a.type == "country"), None)
    who = [a.name for a in actors if a.type in {"person", "organization"}][:2]
    if where and who:
        return f"{where}: {' and '.join(who)}"
    main = [a.name for a in actors if a.type in {"person", "organization", "country"}][:3]
    return "Brief: " + ", ".join(main) if main else "Brief"

"""Cross-document assembly: per-document extractions in, one ranked Brief out.

Here, and only here, documents meet. Each kind of cross-document work has its module; this
one runs them in order and puts the Brief together.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..model import Brief, DocExtraction, Document
from .actors import count_speakers, merge_actors
from .event import build_events
from .figures import merge_figures
from ..ingest.duplicates import REPORTS
from .questions import question_limit, rank_questions
from .quotes import merge_quotes
from .stories import group_stories
from .summary import derive_title, merge_timeline, merge_trends, pick_summary


def assemble(documents: list[Document], extractions: list[DocExtraction], *, title: str | None,
             generated_at: datetime, period: dict | None = None) -> Brief:
    """The brief; near-copies of one report (same_report_as) count once as corroboration."""
    token = REPORTS.set({d.id: d.same_report_as for d in documents if d.same_report_as})
    try:
        return _assemble(documents, extractions, title=title, generated_at=generated_at,
                         period=period)
    finally:
        REPORTS.reset(token)


def _assemble(documents: list[Document], extractions: list[DocExtraction], *, title: str | None,
              generated_at: datetime, period: dict | None = None) -> Brief:
    order = {d.id: i for i, d in enumerate(documents)}
    actors, alias_index = merge_actors([m for e in extractions for m in e.mentions], order)
    quotes = merge_quotes([q for e in extractions for q in e.quotes], actors, alias_index, order)
    count_speakers(actors, quotes)
    stories = group_stories(extractions)
    figures = merge_figures([f for e in extractions for f in e.figures], stories)
    titles = {d.id: d.title or d.id for d in documents}
    found = [q for e in extractions for q in e.questions]
    # The event model: figures' groups, tolls per group; only its conflicts are "figures differ".
    events, conflicts = build_events(documents, extractions, figures, stories, found, actors, titles)
    questions = rank_questions(found + conflicts, limit=question_limit(len(documents)), stories=stories)
    return Brief(
        title=title or (events[0].get("title") if events else None) or derive_title(documents, actors),
        generated_at=utc_iso(generated_at),
        documents=documents,
        period=period,
        summary=pick_summary([s for e in extractions for s in e.summary], order),
        actors=actors,
        quotes=quotes,
        figures=figures,
        trends=merge_trends([t for e in extractions for t in e.trends]),
        open_questions=questions,
        timeline=merge_timeline([ev for e in extractions for ev in e.events]),
        events=events,
    )


def utc_iso(when: datetime) -> str:
    """"2026-11-23T04:00:00Z": converted to UTC (a naive time is taken as UTC), the year in four
    digits ("0001-01-01", where strftime gives "1-01-01")."""
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat() + "Z"

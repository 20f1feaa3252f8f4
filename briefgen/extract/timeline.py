"""Dated events of one document, for the brief's timeline.

A sentence becomes an event when it carries a date precise enough to place it: a full date, a
month and year, a year, or a weekday that the document's own date anchors ("on Tuesday").
Vague times ("recently", "last month") are left out rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .actors import is_caption, is_heading
from .figure_words import MONTHS

if TYPE_CHECKING:  # pragma: no cover
    from ..nlp import ParsedDocument

WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
SPAN_WORDS = {"since", "until", "till", "between", "from", "by", "before", "after", "through"}
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r")"
_FULL = [re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)\b"),
         re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b")]
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b")
_YEAR = re.compile(r"^(?:in\s+|since\s+)?(?P<year>(?:19|20)\d\d)$", re.I)
_WEEKDAY = re.compile(r"^(?:on\s+|last\s+)?(?P<weekday>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")$")


def extract_events(pdoc: "ParsedDocument") -> list[dict[str, Any]]:
    anchor = date.fromisoformat(pdoc.document.date) if pdoc.document.date else None
    events: list[dict[str, Any]] = []
    for p, s, sent in pdoc.sentences():
        text = sent.text.strip()
        if is_heading(text) or is_caption(pdoc, p) or text[:1] in "“\"«":
            continue
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            before = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if before in SPAN_WORDS:
                continue        # "since 2012", "until 2030": a stretch of time, not an event
            when = resolve_date(ent.text, anchor)
            if when is not None:
                ref = pdoc.ref(p, s, sent)
                events.append({"date": when, "text": text,
                               "sources": [{"document": ref.document, "paragraph": ref.paragraph,
                                            "sentence": ref.sentence, "text": ref.text}]})
                break
    return events


def resolve_date(text: str, anchor: date | None) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) for a date expression, or None if too vague."""
    text = text.strip()
    for pattern in _FULL:
        match = pattern.search(text)
        if match:
            month = MONTHS.index(match["month"].lower()) + 1
            try:
                return date(int(match["year"]), month, int(match["day"])).isoformat()
            except ValueError:
                return None
    match = _MONTH_YEAR.search(text)
    if match:
        return f"{match['year']}-{MONTHS.index(match['month'].lower()) + 1:02d}"
    match = _YEAR.match(text)
    if match:
        return match["year"]
    match = _WEEKDAY.match(text)
    if match and anchor is not None:
        # news uses the weekday for the most recent such day, up to the article's own date
        back = (anchor.weekday() - WEEKDAYS.index(match["weekday"].lower())) % 7
        return (anchor - timedelta(days=back)).isoformat()
    return None

"""Where a figure stands in the event model's tolls: the current count, an earlier count that a
later one replaced, or one side of a dispute. Templates and charts both ask, so that an earlier
count is never shown as disputed nor drawn beside the latest."""

from __future__ import annotations

from typing import Any

CURRENT, SUPERSEDED, DISPUTED, PART = "current", "superseded", "disputed", "part"


def _key(ref: dict[str, Any]) -> tuple[str, int, int]:
    return (ref.get("document", ""), int(ref.get("paragraph") or 0), int(ref.get("sentence") or 1))


def events(brief: dict[str, Any]) -> list[dict[str, Any]]:
    stories = [s.get("event") or s for s in brief.get("stories") or []]
    return [e for e in stories or [brief.get("event")] if e]


def standing(brief: dict[str, Any], figure: dict[str, Any]) -> str | None:
    """current | superseded | disputed | part, or None where no toll of the brief holds the
    figure (then open questions decide whether it is disputed). A breakdown ("nine of them
    children") is a part of its total, never a side of the total's dispute."""
    group = figure.get("group")
    if not group:
        return None
    if figure.get("breakdown"):
        return PART
    mine = {_key(r) for r in figure.get("sources") or []}
    for event in events(brief):
        for toll in event.get("tolls") or []:
            if toll.get("group") != group:
                continue
            values = [v for v in toll.get("values") or []
                      if mine & {_key(r) for r in v.get("sources") or []}]
            if not values:
                continue
            if all(v.get("superseded") for v in values) and \
                    all(v.get("value") != toll.get("latest") for v in values):
                return SUPERSEDED
            return DISPUTED if toll.get("status") == "disputed" else CURRENT
    return None

"""Scoring the synthesised statements of a brief (the situation picture) against a hand-made gold.

`evaluate.py` scores items (is each quote, figure, actor found?). This scores what a reader
acts on: which "figures differ" questions are real conflicts, whether updates and conflicts
are surfaced, whether other events' tolls are shown as the event's, whether the headline
tolls are right and whether the top of each template states the facts it must.

The gold (see tests/data/heldout_event/situation.gold.json) lists clusters; each cluster is
one folder's worth of reports about one event, built into its own brief.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

TEMPLATES = ("analyst", "executive", "press")
KEY_FIGURES = 3          # the executive template's key-figure slots
CHART_BARS = 10          # render.charts.MAX_BARS
_DATE = re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
# An ordinal ("the 6th Infantry Division") names a unit, not a count.
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,]|(?:st|nd|rd|th)\b)"
                     r"|(?<![\w.,])\d+(?![\d,]|(?:st|nd|rd|th)\b)")


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += int(ok)
        self.total += 1

    @property
    def ratio(self) -> float | None:
        return round(self.hit / self.total, 3) if self.total else None


@dataclass
class SituationScores:
    conflict_questions_correct: Tally = field(default_factory=Tally)   # of questions listed
    surfaced: Tally = field(default_factory=Tally)                     # real conflicts + updates
    background_as_event: Tally = field(default_factory=Tally)          # lower is better
    headline_right: Tally = field(default_factory=Tally)
    must_state_in_top: Tally = field(default_factory=Tally)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {name: {"ratio": tally.ratio, "hit": tally.hit, "total": tally.total}
                for name, tally in self.__dict__.items() if isinstance(tally, Tally)}

    def summary(self) -> str:
        return ", ".join(f"{name} {tally.hit}/{tally.total}"
                         for name, tally in self.__dict__.items() if isinstance(tally, Tally))


def numbers_in(text: str) -> set[int]:
    """The counts a sentence names; bare years (1900-2100 written without a comma) are dates."""
    found = set()
    text = _DATE.sub(" ", text or "")
    for match in _NUMBER.finditer(text):
        raw = match.group()
        value = int(raw.replace(",", ""))
        if "," not in raw and len(raw) == 4 and 1900 <= value <= 2100:
            continue
        found.add(value)
    return found


def _tolls(brief: dict[str, Any]) -> list[dict[str, Any]]:
    events = [brief.get("event")] + list(brief.get("stories") or [])
    seen, tolls = set(), []
    for event in events:
        for toll in (event or {}).get("tolls") or []:
            key = json.dumps(toll, sort_keys=True)
            if key not in seen:
                seen.add(key)
                tolls.append(toll)
    return tolls


def _values(figure: dict[str, Any]) -> set[int]:
    return {v for v in (figure.get("low"), figure.get("high")) if isinstance(v, int)}


def _event_figures(brief: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in brief.get("figures") or [] if f.get("scope") != "background"]


def _chartable(figure: dict[str, Any]) -> bool:
    low = figure.get("low")
    return isinstance(low, int) and low > 0 and figure.get("qualifier") != "vague"


def _conflict_questions(brief: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in brief.get("open_questions") or [] if q.get("kind") == "conflicting_figures"]


def score_cluster(cluster: dict[str, Any], brief: dict[str, Any], tops: dict[str, str],
                  scores: SituationScores) -> None:
    """Add one cluster's results to `scores` (tops: template name -> the text of its top)."""
    name = cluster["id"]
    numeric = [c for c in cluster["conflicts"] if c.get("numeric", True)]
    others = [c for c in cluster["conflicts"] if not c.get("numeric", True)]
    questions = _conflict_questions(brief)
    tolls = _tolls(brief)

    # 1. Each "figures differ" question must set one side of a real conflict against the other,
    #    and name no number outside that conflict.
    for question in questions:
        nums = numbers_in(question["question"])
        ok = any(nums <= {v for side in c["sides"] for v in side}
                 and all(nums & set(side) for side in c["sides"]) for c in numeric)
        scores.conflict_questions_correct.add(ok)
        if not ok:
            scores.notes.append(f"{name}: not a real conflict: {question['question'][:160]}")

    # 2. Real conflicts and updates surfaced.
    for conflict in numeric:
        sides = conflict["sides"]
        ok = any(all(numbers_in(q["question"]) & set(side) for side in sides) for q in questions) or \
            any(t.get("category") == conflict["category"] and t.get("status") == "disputed" and
                all({v.get("value") for v in t.get("values") or []} & set(side) for side in sides)
                for t in tolls)
        scores.surfaced.add(ok)
        if not ok:
            scores.notes.append(f"{name}: conflict not surfaced: {conflict['group']} {sides}")
    claims = [c for e in [brief.get("event")] + list(brief.get("stories") or []) if e
              for c in e.get("claims") or []]
    for conflict in others:
        words = [w.lower() for w in conflict["keywords"]]
        texts = [q["question"] for q in brief.get("open_questions") or []] + \
            [c.get("text") or "" for c in claims if c.get("denied_by")]
        ok = any(any(w in t.lower() for w in words) for t in texts)
        scores.surfaced.add(ok)
        if not ok:
            scores.notes.append(f"{name}: non-numeric conflict not surfaced: {words}")
    for update in cluster["updates"]:
        ok = any(t.get("category") == update["category"] and t.get("latest") == update["latest"]
                 and t.get("status") in ("updated", "disputed")
                 and {v.get("value") for v in t.get("values") or []} & set(update["earlier"])
                 for t in tolls)
        scores.surfaced.add(ok)
        if not ok:
            scores.notes.append(f"{name}: update not surfaced: {update['earlier']} -> {update['latest']}")

    # 3. Background tolls never as the event's: key figures, chart bars, tolls, conflict sides.
    event_figures = _event_figures(brief)
    key = event_figures[:KEY_FIGURES]
    bars = [f for f in event_figures if _chartable(f)][:CHART_BARS]
    for item in cluster["background"]:
        category, value = item["category"], item["value"]
        where = []
        if any(f["category"] == category and value in _values(f) for f in key):
            where.append("key figure")
        if any(f["category"] == category and value in _values(f) for f in bars):
            where.append("chart bar")
        if any(t.get("category") == category and (value in {v.get("value") for v in t.get("values") or []}
               or value in (t.get("low"), t.get("high"), t.get("latest"))) for t in tolls):
            where.append("toll")
        if any(value in numbers_in(q["question"]) for q in questions):
            where.append("conflict")
        scores.background_as_event.add(bool(where))
        if where:
            scores.notes.append(f"{name}: background {value} {category} ({item['why']}) shown as "
                                f"{', '.join(where)}")

    # 4. Headline tolls: the figure the brief leads with for each group.
    for head in cluster["headline"]:
        lead = _lead_value(head, brief, tolls)
        ok = lead is not None and lead in head["accept"]
        scores.headline_right.add(ok)
        if not ok:
            scores.notes.append(f"{name}: headline {head['group']} is {lead}, want {head['accept']}")

    # 5. The facts the top must state, in each template's top.
    for template, top in tops.items():
        low = top.lower()
        for fact in cluster["must_state"]:
            ok = any(alt.lower() in low for alt in fact)
            scores.must_state_in_top.add(ok)
            if not ok:
                scores.notes.append(f"{name}: {template} top lacks {fact[0]!r}")


def _lead_value(head: dict[str, Any], brief: dict[str, Any], tolls: list[dict[str, Any]]) -> int | None:
    """The toll a brief leads with for a group: the event model's, else the first listed figure."""
    for toll in tolls:
        if toll.get("category") == head["category"] and toll.get("group") == head["group"]:
            return toll.get("latest") if toll.get("latest") is not None else toll.get("low")
    words = head.get("subject")
    for figure in _event_figures(brief):
        if figure["category"] != head["category"]:
            continue
        subject = (figure.get("subject") or "").lower()
        if words and not any(w in subject for w in words):
            continue
        if figure.get("low") is not None:
            return figure["low"]
    return None


def top_of(markdown: str) -> str:
    """The title and the first section of a rendered brief: what a reader sees first."""
    headings = [m.start() for m in re.finditer(r"(?m)^## ", markdown)]
    top = markdown[: headings[1]] if len(headings) > 1 else markdown
    # Citation links carry the source's title and date as hover text: not what the top states.
    top = re.sub(r"\]\(#[^)]*\)", "]", top)
    return re.sub(r"(?m)^.*\{\.meta\}\s*$", "", top)


def evaluate_situation(gold_path: str | Path, *, model: str | None = None,
                       warn: Callable[[str], None] | None = None) -> SituationScores:
    """Build one brief per cluster of the gold, render each template's top, and score them."""
    from . import api

    gold_path = Path(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    scores = SituationScores()
    for cluster in gold["clusters"]:
        paths = [gold_path.parent / d for d in cluster["documents"]]
        brief = api.extract(paths, options=api.Options(model=model, strict=True), warn=warn)
        tops = {t: top_of(api.render(brief, "md", api.Options(template=t)).decode("utf-8"))
                for t in TEMPLATES}
        score_cluster(cluster, brief.to_dict(), tops, scores)
    return scores


if __name__ == "__main__":   # python -m briefgen.evaluate_situation GOLD
    import sys

    result = evaluate_situation(sys.argv[1])
    print(result.summary())
    print("\n".join(result.notes))

"""Open questions across documents: merged when they say the same thing, ranked, and
shared out between stories."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from ..extract.questions import WEIGHTS
from ..ingest.duplicates import reports_of
from ..model import OpenQuestion
from .merging import CitedOnce, merge_similar

QUESTIONS_BASE, QUESTIONS_PER_DOCUMENT, QUESTIONS_MAX = 8, 2, 20
SIMILAR_QUESTION = 80


def question_limit(documents: int) -> int:
    """More documents cover more ground, but a brief that lists everything is no brief."""
    return min(QUESTIONS_BASE + QUESTIONS_PER_DOCUMENT * documents, QUESTIONS_MAX)


def rank_questions(questions: list[OpenQuestion], limit: int = QUESTIONS_MAX,
                   stories: dict[str, int] | None = None) -> list[OpenQuestion]:
    """Merge questions that say the same thing, then keep the few that matter most."""
    merged = merge_similar(
        questions, block=lambda q: q.kind, text=lambda q: q.question, scorer=fuzz.token_set_ratio,
        cutoff=SIMILAR_QUESTION, absorb=lambda into, other, add=CitedOnce(): add(into.evidence, other.evidence),
        start=lambda q: OpenQuestion(q.question, q.kind, list(q.evidence),
                                     q.weight or WEIGHTS.get(q.kind, 1.0), q.group))
    for question in merged:
        reports = len(reports_of(r.document for r in question.evidence)) or 1
        question.weight = round(question.weight * (1 + 0.25 * min(reports - 1, 3)), 3)
    merged.sort(key=lambda q: -q.weight)
    # Several stories in one brief: each gets its turn, so one busy story cannot crowd out the rest.
    by_story: dict[int, list[OpenQuestion]] = defaultdict(list)
    for question in merged:
        by_story[(stories or {}).get(question.evidence[0].document, 0)].append(question)
    ranked: list[OpenQuestion] = []
    for turn in range(max((len(v) for v in by_story.values()), default=0)):
        ranked.extend(sorted((v[turn] for v in by_story.values() if len(v) > turn), key=lambda q: -q.weight))
    return ranked[:limit]



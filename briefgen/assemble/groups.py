"""Victim groups: which set of people a figure counts, so that numbers are compared only
within one group.

A group is category × who: victims, attackers (perpetrators), security forces, detainees,
hostages; "killed_victims", "killed_attackers", "detained_detainees". A count that is a part of
another ("including 24 students", "nine children") is a breakdown of its group, never a rival
total. A total "including the gunmen" counts victims and attackers together ("killed_all").
"""

from __future__ import annotations

import re

from ..model import Figure
from .figures import SUBGROUPS, SUBJECT_CLASSES, _norm, _singular

VICTIMS, ATTACKERS, SECURITY, ALL = "victims", "attackers", "security", "all"
# The people a category counts when it is about captivity: the category says who they are.
CAPTIVES = {"detained": "detainees", "kidnapped": "hostages"}
ATTACKER_WORDS = SUBJECT_CLASSES["combatant"] | {
    "mutineer", "plotter", "putschist", "hijacker", "kidnapper", "bomber", "captor", "abductor",
    "perpetrator", "raider", "shooter", "suspect"}
SECURITY_WORDS = SUBJECT_CLASSES["security"]
MEMBERS_OF = re.compile(r"(?i)\b(?:members?|ranks?)\s+of\s+the\s+(?:[\w-]+\s+){0,2}(guard|army|police|"
                        r"forces?|military|gendarmerie|navy|security)\b")
# "More than 200 people were being held" after a coup, with no hostage-taker: detained.
HELD = re.compile(r"(?i)\b(?:held|being held|in custody|behind bars)\b")
CAPTURE_WORDS = re.compile(r"(?i)\b(?:hostages?|kidnap\w*|abduct\w*|captives?|seized|taken)\b")


def who(figure: Figure) -> str:
    """victims | attackers | security | all | detainees | hostages."""
    if figure.category in CAPTIVES:
        return CAPTIVES[_category(figure)]
    if figure.with_attackers:
        return ALL
    words = _norm(figure.subject).split()
    head = _singular(words[-1]) if words else ""
    if head in ATTACKER_WORDS:
        return ATTACKERS
    if head in SECURITY_WORDS or (head in {"member", "rank", "personnel"} and MEMBERS_OF.search(figure.text)):
        return SECURITY
    return VICTIMS


def _category(figure: Figure) -> str:
    if figure.category == "kidnapped" and HELD.search(figure.text) and not CAPTURE_WORDS.search(figure.text):
        return "detained"
    return figure.category


def group_of(figure: Figure) -> str:
    return f"{_category(figure)}_{who(figure)}"


def is_part(figure: Figure, totals: list[Figure]) -> bool:
    """A breakdown of its group: marked so by the text, or a part of the population (children,
    women) while a larger total of the same group is given."""
    if figure.breakdown:
        return True
    words = _norm(figure.subject).split()
    if not words or _singular(words[-1]) not in SUBGROUPS:
        return False
    value = figure.low or figure.high or 0
    return any((t.low or t.high or 0) > value and not t.breakdown and t is not figure and
               not _same_population(t, figure) for t in totals)


def _same_population(a: Figure, b: Figure) -> bool:
    return _norm(a.subject) == _norm(b.subject)


def assign_groups(figures: list[Figure]) -> None:
    """Set `group` on every event figure (background figures belong to no group of this event),
    and mark the subgroup counts that are parts of a larger total as breakdowns."""
    by_group: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.scope == "background":
            figure.group = None
            continue
        figure.group = group_of(figure)
        by_group.setdefault(figure.group, []).append(figure)
    for members in by_group.values():
        for figure in members:
            if not figure.breakdown and is_part(figure, members):
                figure.breakdown = True

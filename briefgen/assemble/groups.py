"""Victim groups: which set of people a figure counts, so that numbers are compared only
within one group.

A group is category × who: victims, attackers (perpetrators), security forces, detainees,
hostages; "killed_victims", "killed_attackers", "detained_detainees". A count that is a part of
another ("including 24 students", "nine children") is a breakdown of its group, never a rival
total. A total "including the gunmen" counts victims and attackers together ("killed_all").
"""

from __future__ import annotations

import re

from .. import gazetteer
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
# Patients still in care or treated at one place: a part of the injured ("62 remained in
# hospital" beside "185 injured"), a total only when no larger count of the injured is given.
IN_CARE = re.compile(r"(?i)\b(?:remaining|still being treated|treated|in (?:the )?hospital|"
                     r"in (?:intensive|critical) care)\b")


# A subgroup that is a part of a larger count of its group without the text saying so: "nine
# children" beside "40 people". "Three men remain missing" is the men counted, not a part.
IMPLICIT_PARTS = SUBGROUPS - {"man"}
NATIONALS = {"national", "citizen", "passport-holder"}


def who(figure: Figure, captors: set[str] | None = None) -> str:
    """victims | attackers | security | all | detainees | hostages."""
    if figure.category in CAPTIVES:
        return CAPTIVES[_category(figure, captors)]
    if figure.with_attackers:
        return ALL
    words = _norm(figure.subject).split()
    head = _singular(words[-1]) if words else ""
    if head in ATTACKER_WORDS:
        return ATTACKERS
    if head in SECURITY_WORDS or (head in {"member", "rank", "personnel"} and MEMBERS_OF.search(figure.text)):
        return SECURITY
    return VICTIMS


def _category(figure: Figure, captors: set[str] | None = None) -> str:
    """"Held" with no hostage-taker named is detention, unless the figure's own text or another
    figure of its documents tells of hostage-taking ("those held" in a siege story)."""
    if figure.category == "kidnapped" and HELD.search(figure.text) and not _captured(figure) \
            and not ({r.document for r in figure.sources} & (captors or set())):
        return "detained"
    return figure.category


def _captured(figure: Figure) -> bool:
    """The text names a capture or a hostage-taker ("held by the gunmen")."""
    if CAPTURE_WORDS.search(figure.text):
        return True
    holders = re.findall(r"(?i)\bby\s+(?:the\s+)?([\w-]+)(?:\s+([\w-]+))?", figure.text)
    return any(_singular(_norm(h)) in ATTACKER_WORDS for pair in holders for h in pair if h)


def _captor_documents(figures: list[Figure]) -> set[str]:
    """Documents that tell of hostage-taking through one of their figures."""
    return {r.document for f in figures if f.category == "kidnapped" and _captured(f)
            for r in f.sources}


def group_of(figure: Figure, captors: set[str] | None = None) -> str:
    return f"{_category(figure, captors)}_{who(figure, captors)}"


def is_part(figure: Figure, totals: list[Figure]) -> bool:
    """A breakdown of its group: marked so by the text, or a part of the population (children,
    women) while a larger total of the same group is given."""
    if figure.breakdown:
        return True
    value = figure.low or figure.high or 0
    if IN_CARE.search(figure.subject or ""):
        return any((t.low or t.high or 0) > value and not t.breakdown and t is not figure
                   and not IN_CARE.search(t.subject or "") for t in totals)
    words = _norm(figure.subject).split()
    if not words or not (_singular(words[-1]) in IMPLICIT_PARTS or _nationality(figure.subject)):
        return False
    value = figure.low or figure.high or 0
    return any((t.low or t.high or 0) > value and not t.breakdown and t is not figure and
               not _same_population(t, figure) for t in totals)


def _nationality(subject: str | None) -> bool:
    """"Four British nationals", "two Germans", "foreign nationals": people of one country among
    the victims, a part of the total when a larger count is given."""
    words = (subject or "").split()
    if not words:
        return False
    if gazetteer.is_demonym(words[-1]):
        return True
    return _singular(words[-1].lower()) in NATIONALS and (
        len(words) > 1 and (gazetteer.is_demonym(words[-2]) or words[-2].lower() == "foreign"))


def _same_population(a: Figure, b: Figure) -> bool:
    return _norm(a.subject) == _norm(b.subject)


def assign_groups(figures: list[Figure]) -> None:
    """Set `group` on every event figure (background figures belong to no group of this event),
    and mark the subgroup counts that are parts of a larger total as breakdowns."""
    by_group: dict[str, list[Figure]] = {}
    captors = _captor_documents(figures)
    for figure in figures:
        if figure.scope == "background":
            figure.group = None
            continue
        figure.group = group_of(figure, captors)
        # "More than 200 people were being held" after a coup: detainees, compared as such.
        figure.category = figure.group.split("_", 1)[0]
        by_group.setdefault(figure.group, []).append(figure)
    for members in by_group.values():
        for figure in members:
            if not figure.breakdown and is_part(figure, members):
                figure.breakdown = True

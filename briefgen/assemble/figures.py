"""Casualty figures across documents: one entry per figure with all its sources, and the
disagreements between sources turned into open questions.

Figures are never added up across articles and never averaged: the same figure reported twice
is one figure with two sources, and two different figures for the same outcome of the same
event are shown side by side as a question, with who gives which.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from ..model import FIGURE_CATEGORIES, Figure, OpenQuestion, Ref
from .merging import connected_groups

# Who a figure counts, coarsely: tolls of one class may be compared, others may not.
GENERIC = "generic"
SUBJECT_CLASSES = {
    GENERIC: {"people", "person", "individual", "victim", "other", "dead", "casualty", "death",
              "fatality", "injured", "wounded", "body"},
    "civilian": {"civilian", "villager", "resident", "worshipper", "passenger", "student", "pupil",
                 "protester", "demonstrator", "farmer", "herder", "pilgrim", "journalist",
                 "migrant", "refugee", "inhabitant", "trader", "shopper", "worker", "family",
                 "household", "local", "citizen", "national", "tourist", "patient"},
    "security": {"soldier", "troop", "police", "policeman", "officer", "force", "personnel",
                 "gendarme", "peacekeeper", "guard", "military", "army", "marine", "airman",
                 "paratrooper", "recruit", "helmet"},   # "blue helmets": UN peacekeepers
    "combatant": {"militant", "jihadist", "terrorist", "fighter", "insurgent", "rebel", "gunman",
                  "attacker", "assailant", "mercenary", "bandit", "extremist", "separatist",
                  "militiaman", "militia", "combatant"},
}
# Parts of a population: a count of them is a sub-total, never a rival toll.
SUBGROUPS = {"man", "woman", "child", "boy", "girl", "baby", "infant", "teenager", "elderly",
             "adult", "youth", "minor"}
# Generic counts may be compared with civilian ones ("300 people" vs "500 civilians"),
# never with a combatant's or an army's count of fighters.
COMPARABLE = {(GENERIC, GENERIC), (GENERIC, "civilian"), ("civilian", GENERIC)}

VERB_FOR = {"killed": "killed", "injured": "injured", "missing": "missing",
            "displaced": "displaced", "detained": "detained", "kidnapped": "kidnapped",
            "affected": "affected"}
QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ",
                   "about": "about ", "at_most": "up to ", "fewer_than": "fewer than "}
VAGUE_FLOOR = {"several": 3, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
               "millions": 2_000_000}
TOLERANCE = 0.05       # figures within 5% of each other are the same number, rounded
EXACT_BELOW = 50       # ... unless they are small counts, which nobody rounds
# Qualifiers whose interval holds the stated number itself ("at least 23" holds 23).
INCLUSIVE_BOUNDS = {"at_least", "about", "at_most"}


def merge_figures(figures: list[Figure], stories: dict[str, int] | None = None) -> list[Figure]:
    """The same figure reported in several places becomes one figure with every source.

    Figures of different stories (`stories`: document id -> story) never merge: seven crew
    killed in a crash and seven killed in a siege are two figures. Ordered for the reader:
    killed first, then by size (numbers before vague amounts), then by where the figure first
    appears.
    """
    merged: list[Figure] = []
    first_seen: list[int] = []
    # Only figures with the same outcome and numbers can be one figure: look within that bucket.
    buckets: dict[tuple, list[int]] = {}
    for position, figure in enumerate(figures):
        bucket = buckets.setdefault(_numbers_key(figure), [])
        for k in bucket:
            if _same_figure(merged[k], figure) and _same_story(merged[k], figure, stories):
                merged[k] = _combine(merged[k], figure)
                break
        else:
            bucket.append(len(merged))
            merged.append(replace(figure, sources=list(figure.sources)))
            first_seen.append(position)
    order = sorted(range(len(merged)), key=lambda k: (_importance(merged[k]), first_seen[k]))
    return [merged[k] for k in order]


def _same_story(a: Figure, b: Figure, stories: dict[str, int] | None) -> bool:
    if not stories:
        return True
    mine = {stories.get(r.document) for r in a.sources}
    return bool(mine & {stories.get(r.document) for r in b.sources})


def figure_conflicts(figures: list[Figure], titles: dict[str, str],
                     stories: dict[str, int] | None = None) -> list[OpenQuestion]:
    """One open question per set of differing figures for the same outcome of the same event.

    `titles` maps document ids to the titles used to name sources in the question; `stories`
    maps document ids to the story they report, when a folder mixes several events, so that
    figures from different stories are never set against each other.
    """
    merged = [f for f in merge_figures(figures, stories) if f.qualifier != "vague"]
    documents: dict[str, int] = {}
    for figure in figures:
        for ref in figure.sources:
            documents.setdefault(ref.document, len(documents))
    pairs = ((a, b) for a, b in _candidate_pairs(merged)
             if _disagree(merged[a], merged[b]) and _same_event(merged[a], merged[b], titles, bool(stories))
             and _same_story(merged[a], merged[b], stories))
    questions = []
    for members in connected_groups(len(merged), pairs):
        if len(members) < 2:
            continue
        # Each figure in reading order: documents as given, then paragraph and sentence.
        group = sorted((merged[k] for k in members), key=lambda f: min(
            (documents.get(r.document, len(documents)), r.paragraph, r.sentence) for r in f.sources))
        evidence: list[Ref] = []
        for figure in group:
            evidence.extend(r for r in figure.sources if r.key() not in {e.key() for e in evidence})
        questions.append(OpenQuestion(
            question=_question(group, titles), kind="conflicting_figures", evidence=evidence,
            weight=1.5 if group[0].category == "killed" else 1.0))
    return questions


def _candidate_pairs(figures: list[Figure]) -> list[tuple[int, int]]:
    """The pairs (a < b) that could disagree about one event, without comparing all with all.

    Only figures of one category can disagree, and two figures naming different places never
    count the same event; a figure with no place may still be about any of them.
    """
    by_place: dict[tuple[str, str], list[int]] = {}
    for k, figure in enumerate(figures):
        by_place.setdefault((figure.category, _norm(figure.place)), []).append(k)
    pairs: list[tuple[int, int]] = []
    for (category, place), members in by_place.items():
        pairs.extend(combinations(members, 2))
        if place:
            unplaced = by_place.get((category, ""), [])
            pairs.extend((min(a, b), max(a, b)) for a in members for b in unplaced)
    return pairs


# --- sameness ------------------------------------------------------------------------------------


def _numbers_key(figure: Figure) -> tuple:
    return figure.category, figure.low, figure.high, figure.vague


def _same_figure(a: Figure, b: Figure) -> bool:
    if _numbers_key(a) != _numbers_key(b):
        return False
    if a.qualifier != b.qualifier and not _restated(a, b):
        return False
    if {r.key() for r in a.sources} & {r.key() for r in b.sources}:
        return False        # two figures of one sentence are two figures
    ca, cb = _subject_class(a.subject), _subject_class(b.subject)
    if ca != cb and GENERIC not in (ca, cb):
        return False
    return _loosely_equal(a.place, b.place) and _loosely_equal(a.when, b.when)


def _restated(a: Figure, b: Figure) -> bool:
    """One article giving its own count again without the bound: "at least 23 killed" in the
    lead, "we have counted 23 dead" in a quote further down. The exact number lies within the
    bound, so it is the same figure; across sources the bound is the sources' own word and stays.
    """
    qualifiers = {a.qualifier, b.qualifier}
    return "exact" in qualifiers and bool(qualifiers & INCLUSIVE_BOUNDS) and \
        len({r.document for r in a.sources + b.sources}) == 1


def _combine(kept: Figure, other: Figure) -> Figure:
    keys = {r.key() for r in kept.sources}
    sources = kept.sources + [r for r in other.sources if r.key() not in keys]
    claimants = [c for c in (kept.claimed_by, other.claimed_by) if c]
    claimed_by = "; ".join(dict.fromkeys(_split_claimants(claimants))) or None
    subject = kept.subject
    if _subject_class(subject) == GENERIC and other.subject:
        subject = other.subject if _subject_class(other.subject) != GENERIC else subject or other.subject
    # A restatement without the bound does not take the bound away.
    qualifier = other.qualifier if kept.qualifier == "exact" else kept.qualifier
    return replace(
        kept, sources=sources, subject=subject, place=kept.place or other.place, qualifier=qualifier,
        when=kept.when or other.when, claimed_by=claimed_by,
        # One plain statement of the figure outweighs a hedged one elsewhere.
        hedged=kept.hedged and other.hedged)


def _split_claimants(claimants: list[str]) -> list[str]:
    return [part.strip() for c in claimants for part in c.split(";") if part.strip()]


def _importance(figure: Figure) -> tuple[int, int, float]:
    category = FIGURE_CATEGORIES.index(figure.category) if figure.category in FIGURE_CATEGORIES \
        else len(FIGURE_CATEGORIES)
    is_vague = figure.qualifier == "vague"
    return category, int(is_vague), -float(_magnitude(figure))


def _magnitude(figure: Figure) -> float:
    if figure.qualifier == "vague":
        return VAGUE_FLOOR.get((figure.vague or "").split()[-1], 0)
    values = [v for v in (figure.low, figure.high) if v is not None]
    return max(values) if values else 0


# --- disagreement ------------------------------------------------------------------------------


LOWER_BOUNDS = {"at_least", "more_than"}
VERIFIED_FLOOR = re.compile(r"(?i)\b(?:verified|documented)\b")


def _interval(figure: Figure) -> tuple[float, float]:
    """The numbers a figure stands for, as points widened by the rounding tolerance."""
    low, high = figure.low, figure.high
    if figure.qualifier == "range" and low is not None and high is not None:
        return low * (1 - TOLERANCE), high * (1 + TOLERANCE)
    point = low if low is not None else high
    if point is None:
        return float("-inf"), float("inf")
    if point < EXACT_BELOW and figure.qualifier != "about":
        return point, point       # small counts are counted, not rounded: 20 and 22 differ
    return point * (1 - TOLERANCE), point * (1 + TOLERANCE)


def _disagree(a: Figure, b: Figure) -> bool:
    """Different numbers for the same count: intervals that do not touch."""
    if a.category != b.category or a.qualifier == "vague" or b.qualifier == "vague":
        return False
    for bound, count in ((a, b), (b, a)):
        # a floor of verified deaths ("the UN has verified at least 40") is not at odds with a
        # count of 52; a claimant's own "at least 19" against another's 24 is
        if bound.qualifier in LOWER_BOUNDS and VERIFIED_FLOOR.search(bound.text or "") \
                and bound.low is not None and (count.low or 0) >= bound.low:
            return False
    a_low, a_high = _interval(a)
    b_low, b_high = _interval(b)
    return a_high < b_low or b_high < a_low


def _same_event(a: Figure, b: Figure, titles: dict[str, str], stories_known: bool = False) -> bool:
    """Do both figures count the same outcome of the same event (not a sub-total or a period)?"""
    ca, cb = _subject_class(a.subject), _subject_class(b.subject)
    if "subgroup" in (ca, cb):
        if _norm(a.subject) != _norm(b.subject):
            return False
    elif ca != cb and (ca, cb) not in COMPARABLE:
        return False
    if _same_document(a, b) and (_in_lead(a, titles) != _in_lead(b, titles)):
        # A headline or opening paragraph that gives another figure than its own body.
        return _compatible(a.when, b.when) and _compatible(a.place, b.place)
    if stories_known and not _same_document(a, b) and _in_lead(a, titles, LEAD_PARAGRAPHS) \
            and _in_lead(b, titles, LEAD_PARAGRAPHS):
        # Two reports of one story each lead with their toll: the same event's toll, however
        # differently they name the place ("Beledweyne" against "central Somalia").
        return True
    return _anchored(a, b)


def _anchored(a: Figure, b: Figure) -> bool:
    """Both figures share a place or a date, and contradict each other on neither."""
    for x, y in ((a.place, b.place), (a.when, b.when)):
        if x and y and _norm(x) != _norm(y):
            return False
    shared = any(x and y for x, y in ((a.place, b.place), (a.when, b.when)))
    unscoped = not any((a.place, b.place, a.when, b.when))
    return shared or (unscoped and not _same_document(a, b))


def _same_document(a: Figure, b: Figure) -> bool:
    return {r.document for r in a.sources} == {r.document for r in b.sources} and \
        len({r.document for r in a.sources}) == 1


LEAD_PARAGRAPHS = 3      # a wire story gives its toll in its first few paragraphs


def _in_lead(figure: Figure, titles: dict[str, str], paragraphs: int = 1) -> bool:
    """Headline or opening paragraphs: what a reader of that source sees first."""
    return any(r.paragraph <= paragraphs or (titles.get(r.document) or "").strip() == r.text.strip()
               for r in figure.sources)


def _compatible(x: str | None, y: str | None) -> bool:
    return not x or not y or _norm(x) == _norm(y)


def _loosely_equal(x: str | None, y: str | None) -> bool:
    if not x or not y:
        return True
    nx, ny = _norm(x), _norm(y)
    return nx == ny or f" {nx} " in f" {ny} " or f" {ny} " in f" {nx} "


def _norm(text: str | None) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", (text or "").strip().lower())
    return re.sub(r"\s+", " ", text)


def _subject_class(subject: str | None) -> str:
    if not subject:
        return GENERIC
    word = _norm(subject).split()[-1] if _norm(subject) else ""
    lemma = _singular(word)
    if lemma in SUBGROUPS or word in ("men", "women", "children", "elderly"):
        return "subgroup"
    for name, words in SUBJECT_CLASSES.items():
        if lemma in words or word in words:
            return name
    for modifier in _norm(subject).split()[:-1]:
        if _singular(modifier) in SUBJECT_CLASSES["civilian"]:
            return "civilian"
    return lemma


NOT_PLURAL_MEN = {"omen", "specimen", "abdomen", "regimen", "stamen"}


def _singular(word: str) -> str:
    irregular = {"men": "man", "women": "woman", "children": "child", "people": "people",
                 "police": "police", "personnel": "personnel", "casualties": "casualty",
                 "militias": "militia", "mercenaries": "mercenary", "fatalities": "fatality",
                 "bodies": "body", "families": "family"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    # gunmen, policemen, militiamen, fishermen, servicewomen
    if word.endswith("men") and word not in NOT_PLURAL_MEN:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# --- wording -----------------------------------------------------------------------------------


def _question(group: list[Figure], titles: dict[str, str]) -> str:
    first = group[0]
    who = first.subject if _subject_class(first.subject) not in (GENERIC,) else "people"
    for figure in group:
        if _subject_class(figure.subject) not in (GENERIC,) and figure.subject:
            who = figure.subject
            break
    if first.category in VERB_FOR:
        what = f"how many {who} were {VERB_FOR[first.category]}"
    else:
        what = f"the number of casualties among {who}" if who != "people" else "the number of casualties"
    place = next((f.place for f in group if f.place), None)
    when = next((f.when for f in group if f.when), None)
    scope = "".join([f" in {place}" if place else "", _date_phrase(when) if when else ""])
    one_document = len({r.document for f in group for r in f.sources}) == 1
    items = [f"{_describe(f)} ({_attribution(f, titles, one_document)})" for f in group]
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " against " + items[-1]
    return f"Sources differ on {what}{scope}: {listed}."


def _describe(figure: Figure) -> str:
    if figure.qualifier == "range" and figure.low is not None and figure.high is not None:
        return f"{figure.low:,}–{figure.high:,}"
    value = figure.low if figure.low is not None else figure.high
    return f"{QUALIFIER_WORDS.get(figure.qualifier, '')}{value:,}" if value is not None else "?"


def _date_phrase(when: str) -> str:
    """" on Friday", " in March 2022", " last week": the date as it reads after a verb."""
    if re.match(r"(?i)(last|this|next|earlier|later|yesterday|today|tonight|since|during|"
                r"between|from|in|on|at)\b", when):
        return f" {when}"
    if re.search(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b\d{1,2}\b",
                 when) and not re.fullmatch(r"\d{4}", when):
        return f" on {when}"
    return f" in {when}"


def _named_claimant(claimed_by: str) -> str:
    """The first of the claimants merged into one value that has a name ("teams; the Kenya Red
    Cross" → "the Kenya Red Cross"): one name reads as a sentence, a list does not."""
    parts = claimed_by.split("; ")
    return next((p for p in parts if any(ch.isupper() for ch in p)), parts[0])


def _attribution(figure: Figure, names: dict[str, str], one_document: bool) -> str:
    """Who gives a figure: its claimant, else the reports that carry it (`names`: document id →
    outlet or title); within one article, where in it (its opening or further down)."""
    documents = list(dict.fromkeys(r.document for r in figure.sources))
    claimant = _named_claimant(figure.claimed_by) if figure.claimed_by else None
    if one_document:
        source = "opening paragraph" if any(r.paragraph == 1 for r in figure.sources) else "later in the text"
        if claimant:
            source = f"according to {claimant}, {source}"
    elif claimant:
        source = f"according to {claimant}"
    else:
        source = "; ".join(names.get(d) or d for d in documents)
    if figure.hedged:
        source += ", unconfirmed"
    return source

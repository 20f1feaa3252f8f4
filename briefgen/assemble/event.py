"""The event model: per story, what happened, where, when and how it stands; its tolls per
victim group with every reported value, the latest, the range and the figure to lead with;
updates told apart from conflicts; claims, blame and denials; and the composed first sentence
of the brief.

Tolls follow casualty coders' practice (UCDP best/low/high, ACLED's conservative choice, IBC's
per-incident minimum and maximum): values are never added or averaged; an update is one group
counted again later (a rising toll, a headline written before its body, "an earlier statement
had put the toll at 19"); a conflict is one group counted at the same moment by different
claimants with numbers that cannot both be right. Only conflicts become open questions.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from datetime import date
from typing import Any, NamedTuple

from .. import gazetteer
from ..extract.figure_words import MONTHS
from ..extract.numbers import COUNT_WORD, written_forms
from ..extract.timeline import resolve_date
from ..ingest.duplicates import reports_of
from ..model import FIGURE_CATEGORIES, Actor, DocExtraction, Document, Figure, OpenQuestion, Ref
from .figures import (LOWER_BOUNDS, QUALIFIER_WORDS, VERB_FOR, _attribution, _describe, _disagree, _named_claimant,
                      _norm, _singular)
from .groups import ATTACKERS, SECURITY, VICTIMS, assign_groups

# A sentence that gives a count as superseded: "an earlier police statement had put it at 19".
EARLIER_MARK = re.compile(
    r"(?i)\b(?:earlier|initially|initial|first\s+(?:bulletin|report|statement|count|toll|figure)|"
    r"previously|had\s+(?:earlier\s+)?(?:put|reported|said|given|announced)|up\s+from)\b")
# The count a change started from: "rose to 10 from five", "down from 73", "up from about 200".
STARTED_FROM = re.compile(r"(?i)\bfrom\s+(?:the\s+)?(?:about\s+|around\s+|at\s+least\s+|some\s+|an?\s+)?$")
WHO_ORDER = {"victims": 0, "all": 1, "security": 2, "attackers": 3, "detainees": 4, "hostages": 5}


class Names(NamedTuple):
    """The corpus's name tables, made once per brief."""
    full: dict[str, str]                  # short form → "role Full Name"
    claimants: ClaimantForms


WHO_WORDS = {"attackers": "attackers", "security": "members of the security forces",
             "detainees": "people", "hostages": "people", "all": "people, attackers included"}


def build_events(documents: list[Document], extractions: list[DocExtraction], figures: list[Figure],
                 stories: dict[str, int], questions: list[OpenQuestion], actors: list[Actor],
                 titles: dict[str, str]) -> tuple[list[dict[str, Any]], list[OpenQuestion]]:
    """One event per story (largest story first), and the conflict questions of all stories."""
    assign_groups(figures)
    by_id = {d.id: d for d in documents}
    order = {d.id: i for i, d in enumerate(documents)}
    members: dict[int, list[str]] = {}
    for doc in documents:
        members.setdefault(stories.get(doc.id, 0), []).append(doc.id)
    situations = {e.document: e.situation for e in extractions}
    # Each story takes its own figures and questions from one pass, and the name tables are made
    # once: per story over the whole corpus, the event model grew with stories × corpus.
    story_of = {doc_id: story for story, ids in members.items() for doc_id in ids}
    figures_of: dict[int, list[Figure]] = {}
    for figure in figures:
        figures_of.setdefault(story_of.get(figure.sources[0].document, -1), []).append(figure)
    questions_of: dict[int, list[OpenQuestion]] = {}
    for question in questions:
        if question.evidence:
            questions_of.setdefault(story_of.get(question.evidence[0].document, -1), []).append(question)
    names = Names(_full_names(actors), ClaimantForms(actors))
    events, conflicts = [], []
    for story, ids in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        event, asked = _event(ids, figures_of.get(story, []), situations, by_id, order,
                              questions_of.get(story, []), names, titles)
        events.append(event)
        conflicts.extend(asked)
    return events, conflicts


def _event(ids: list[str], figures: list[Figure], situations: dict[str, dict], docs: dict[str, Document],
           order: dict[str, int], questions: list[OpenQuestion], known: Names,
           titles: dict[str, str]) -> tuple[dict[str, Any], list[OpenQuestion]]:
    chronological = sorted(ids, key=lambda d: (docs[d].date or "9999", order[d]))
    what = next((situations[d]["what"] for d in chronological if (situations.get(d) or {}).get("what")), None)
    lead_dates = [day for d in ids for day in (situations.get(d) or {}).get("dates", [])]
    when = (what or {}).get("when") or (min(lead_dates) if lead_dates else None)
    where = _where(ids, situations, figures)
    status, status_refs = _status(chronological, situations)
    tolls, asked = [], []
    groups: dict[str, list[Figure]] = {}
    if when and len(when) == 10:
        for figure in figures:
            day = _incident_day(figure, docs)
            if figure.scope != "background" and day and day < when:
                # "On Wednesday, a drone attack on a power station killed four": before the event
                figure.scope, figure.scope_reason = "background", f"before the event ({day})"
                figure.group = None
    for figure in figures:
        if figure.scope != "background" and figure.group and figure.qualifier != "vague":
            groups.setdefault(figure.group, []).append(figure)
    for group, members in groups.items():
        toll, question = _toll(group, members, docs, titles)
        if toll is not None:
            tolls.append(toll)
        if question is not None:
            asked.append(question)
    tolls.sort(key=_toll_order)
    names = known.full
    for toll in tolls:      # "according to Marek" → "according to police spokesman Ivo Marek"
        if toll["claimed_by"]:
            first, *rest = toll["claimed_by"].split("; ")
            toll["claimed_by"] = "; ".join([names.get(first, first), *rest])
        for side in toll["sides"]:
            side["claimed_by"] = " and ".join(names.get(n, n) for n in side["claimed_by"].split(" and "))
    claims = _claims(questions, known.claimants)
    event = {"what": (what or {}).get("text"), "where": where, "when": when, "status": status,
             "tolls": tolls, "claims": claims,
             "sources": [what["ref"]] if what else [], "documents": list(ids)}
    event["title"] = _title(what, where, when, situations, ids)
    event["lead"] = _lead(event, what, status, status_refs, asked, questions)
    return event, asked


# --- where and how it stands -----------------------------------------------------------------


def _where(ids: list[str], situations: dict[str, dict], figures: list[Figure]) -> str | None:
    """The place the leads and the event's figures name most, with its country."""
    names: Counter = Counter()
    for d in ids:
        names.update((situations.get(d) or {}).get("places", []))
    names.update(f.place for f in figures if f.place and f.scope != "background")
    if not names:
        return None
    ranked = [n for n, _ in names.most_common()]
    countries = [n for n in ranked if gazetteer.country_of(n)]
    local = [n for n in ranked if not gazetteer.country_of(n)
             and names[n] >= max(2, names[countries[0]] // 2 if countries else 0)]
    country = gazetteer.country_of(countries[0]) if countries else None
    if local and country:
        return f"{local[0]}, {country}"
    return local[0] if local else country or ranked[0]


def _status(chronological: list[str], situations: dict[str, dict]) -> tuple[str | None, list[dict]]:
    """What the latest reports say about where the event stands: up to two labels."""
    labels: list[str] = []
    refs: list[dict] = []
    for d in reversed(chronological):
        for item in (situations.get(d) or {}).get("status", []):
            if item["label"] not in labels and len(labels) < 2:
                labels.append(item["label"])
                refs.append(item["ref"])
    return ("; ".join(labels) or None), refs


# --- tolls -------------------------------------------------------------------------------------


def _toll(group: str, members: list[Figure], docs: dict[str, Document],
          titles: dict[str, str]) -> tuple[dict[str, Any] | None, OpenQuestion | None]:
    totals = [f for f in members if not f.breakdown]
    if not totals:
        return None, None
    moments = {id(f): _moment(f, docs) for f in totals}
    earlier = {id(f) for f in totals if _superseded(f, totals, docs)}
    fresh = [f for f in totals if id(f) not in earlier]
    latest_moment = max((moments[id(f)] for f in fresh), default="")
    current = [f for f in fresh if moments[id(f)] == latest_moment] or fresh
    current += _standing(fresh, current, moments)
    clusters = _clusters(current)
    lead_cluster = max(clusters, key=lambda c: (len(_documents(c)), -_value(c[0])))
    # One report with two counts of a group at one moment and no rival claimant: the larger is
    # the total ("six people still missing" over "four Britons among the dead, one missing").
    lead_cluster = max([c for c in clusters if c is lead_cluster or (
        _value(c[0]) > _value(lead_cluster[0]) and _documents(c) == _documents(lead_cluster)
        and not _rival(c, lead_cluster))], key=lambda c: _value(c[0]))
    # in counts that agree, an exact count over a bound it meets ("52" over "at least 40")
    lead = max(lead_cluster, key=lambda f: (len(reports_of(r.document for r in f.sources)),
                                            f.claimed_by is not None, f.qualifier not in LOWER_BOUNDS))
    rivals = [c for c in clusters if c is not lead_cluster and _rival(c, lead_cluster)]
    disputed = bool(rivals)
    now = {id(f) for f in current}
    updated = any(_value(f) != _value(lead) for f in totals if id(f) in earlier or id(f) not in now)
    low = min(_value(f) for f in current)
    high = max((f.high if f.high is not None else _value(f)) for f in current)
    if not disputed:
        low = min(low, _value(lead))
        high = max(_value(lead), lead.high or 0) if high > (lead.high or _value(lead)) else high
        low, high = _value(lead), lead.high if lead.high is not None else _value(lead)
    status = "disputed" if disputed else "updated" if updated else "reported"
    ordered = sorted(totals, key=lambda f: (moments[id(f)], id(f) not in earlier, f.sources[0].paragraph))
    values = [{"value": _value(f), "high": f.high, "qualifier": f.qualifier, "claimed_by": f.claimed_by,
               "date": moments[id(f)] or None, "superseded": id(f) in earlier or id(f) not in now,
               "sources": [_ref(r) for r in f.sources]} for f in ordered]
    reason = ("the most widely reported of the conflicting latest counts" if disputed and len(_documents(lead_cluster)) > 1
              else "the lower of the conflicting latest counts" if disputed
              else "the latest count" if updated else "the count given")
    category, who = group.split("_", 1)
    toll = {"category": category, "group": group, "subject": _subject(totals, lead),
            "low": low, "high": high, "qualifier": "range" if high != low else lead.qualifier,
            "latest": _value(lead), "claimed_by": lead.claimed_by, "status": status,
            "lead_reason": reason, "values": values,
            "breakdowns": [{"value": _value(f), "subject": f.subject, "claimed_by": f.claimed_by,
                            "sources": [_ref(r) for r in f.sources]}
                           for f in members if f.breakdown],
            # the current counts' sentences first: a template citing a few cites those
            "sources": _dedupe([_ref(r) for f in sorted(totals, key=lambda f: id(f) in earlier or f not in current)
                                for r in f.sources])}
    # A disputed toll's rival latest counts, each with the one claimant it reads best under.
    toll["sides"] = _sides(values) if disputed else []
    # Only claims give it ("the group said it held 40 hostage, a claim police rejected").
    toll["unconfirmed"] = all(f.hedged for f in current)
    question = None
    if disputed:
        sides = [lead_cluster, *rivals]
        question = _conflict_question(group, category, who, sides, totals, earlier, docs, moments)
    return toll, question


def _standing(fresh: list[Figure], current: list[Figure], moments: dict[int, str]) -> list[Figure]:
    """Earlier counts that still stand against the latest: a claimant's last word that was at
    odds with another claimant's count on the same day ("police say 19" against "the health
    department says 21" on Sunday) stays a side of the dispute when only the other claimant
    counts again later (the department's 24 on Monday). A count of one claimant with no rival
    on its day is an update, however many claimants count after it."""
    standing = []
    for figure in fresh:
        if figure in current or not figure.claimed_by or any(
                f.claimed_by and _shares_claimant(f, figure) for f in current):
            continue                                  # the claimant counted again later
        same_day = [f for f in fresh if moments[id(f)] == moments[id(figure)] and f.claimed_by
                    and not _shares_claimant(f, figure) and _disagree(f, figure)]
        if any(any(_shares_claimant(f, c) for c in current) for f in same_day):
            standing.append(figure)
    return standing


def _sides(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rival latest counts, one per value, each with its claimants ("the interior ministry
    and Interior Minister Ana Vidal"), lowest first, at most three."""
    claimants: dict[int, list[str]] = {}
    amounts: dict[int, str] = {}
    for v in values:
        if not v["superseded"]:
            amounts.setdefault(v["value"], f"{QUALIFIER_WORDS.get(v['qualifier'], '')}{v['value']:,}")
            names = claimants.setdefault(v["value"], [])
            name = _claimant(v["claimed_by"])
            if name not in names and (name != "one report" or not names):
                names.append(name)
    sides = []
    for value in sorted(claimants)[:3]:
        names = [n for n in claimants[value] if n != "one report"] or claimants[value]
        sides.append({"value": value, "amount": amounts[value], "claimed_by": " and ".join(names[:2]),
                      "claimants": len(names)})
    return sides


def _moment(figure: Figure, docs: dict[str, Document]) -> str:
    """When a count was given: the day its sentences name ("said on Thursday"; the latest such
    day), else the day of the latest document that gives it. A report's date only bounds a
    count it repeats without a day; the day a sentence names is the count's own."""
    days, stated = [], []
    for ref in figure.sources:
        anchor = docs[ref.document].date if ref.document in docs else None
        day = None
        reported = REPORTED_ON.search(ref.text)
        # "Tuesday's attack ... said on Wednesday": the count is Wednesday's, the attack Tuesday's.
        when = reported.group(1) if reported else (
            None if figure.when and re.search(rf"\b{re.escape(_weekday(figure.when))}'s\b", ref.text)
            else figure.when)
        if when and not reported and not _dates_this_count(ref.text, _weekday(when), _value(figure)):
            when = None
        if when and not reported and re.search(rf"(?i)\b(?:since|from)\s+{re.escape(_weekday(when))}\b", ref.text):
            when = None        # "treated in hospital since Tuesday": counted from then, given later
        if reported and _dates_earlier_count(ref.text[:reported.start(1)], _value(figure)):
            when = None        # "19 had died, up from the 15 they reported on Saturday"
        if when and anchor:
            day = _calendar_day(when, anchor)
        if day:
            stated.append(day)
        days.append(day or (anchor[:10] if anchor else ""))
    return max(stated) if stated else max(days) if days else ""


WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
REPORTED_ON = re.compile(rf"\b(?:said|says|announced|reported|confirmed|added|stated|told\s+\w+)\b"
                         rf"[^.;]{{0,40}}?\bon\s+({WEEKDAYS})\b")


def _calendar_day(when: str, anchor: str) -> str | None:
    """The ISO day a weekday or date names, read against the report's date; None for a month,
    a year or what no calendar day resolves."""
    day = resolve_date(_weekday(when), date.fromisoformat(anchor[:10]))
    return day if day and len(day) == 10 else None


def _incident_day(figure: Figure, docs: dict[str, Document]) -> str | None:
    """The day the counted people were hurt, as the sentences giving the count name it: the
    figure's own weekday or date, not the day it was said ("said on Wednesday")."""
    if not figure.when:
        return None
    weekday = _weekday(figure.when)
    days = set()
    for ref in figure.sources:
        doc = docs.get(ref.document)
        if weekday not in ref.text:
            continue           # merged with a sentence that gives no day ("three days after ...")
        if doc is None or not doc.date:
            return None
        reported = REPORTED_ON.search(ref.text)
        if reported and reported.group(1) == weekday:
            return None
        day = _calendar_day(weekday, doc.date)
        if day is None:
            return None
        days.add(day)
    return max(days) if days else None


def _dates_this_count(text: str, when: str, value: int) -> bool:
    """The day a sentence names is this count's: the sentence names it, and the nearest count
    before it is this one ("46 missing, down from 73 on Tuesday": Tuesday is the 73's)."""
    at = text.find(when)
    if at < 0:
        return False
    counts = list(COUNT_WORD.finditer(text[:at]))
    if not counts:
        return True
    return counts[-1].group(0).lower() in {f.lower() for f in written_forms(value)}


def _dates_earlier_count(before: str, value: int) -> bool:
    """The day said after `before` is that of an earlier count the sentence gives after this
    one: the nearest count before the day is another, given as where a change started."""
    counts = list(COUNT_WORD.finditer(before))
    if not counts or counts[-1].group(0).lower() in {f.lower() for f in written_forms(value)}:
        return False
    lead_in = before[max(0, counts[-1].start() - 30):counts[-1].start()]
    return bool(EARLIER_MARK.search(lead_in) or STARTED_FROM.search(lead_in))


def _weekday(text: str) -> str:
    match = re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)
    return match.group(1) if match and not re.search(r"\d", text) else text


def _superseded(figure: Figure, totals: list[Figure], docs: dict[str, Document]) -> bool:
    """Every place that gives this count gives it as an earlier one: "had earlier put it at",
    or a headline over a body that gives another number of the same group."""
    def old(ref: Ref) -> bool:
        if _given_as_earlier(ref.text, _value(figure)):
            return True
        return _headline(ref, docs) and any(
            r.document == ref.document and r.paragraph > 1 and _value(f) != _value(figure)
            for f in totals for r in f.sources)
    return all(old(r) for r in figure.sources)


@lru_cache(maxsize=4096)
def _count_pattern(value: int) -> re.Pattern[str]:
    """The count written any way it is written, as a whole word (compiled once per value: a
    corpus has more distinct counts than re's own cache holds)."""
    forms = "|".join(re.escape(f) for f in sorted(written_forms(value), key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\w,.])(?:{forms})(?![\w,]|\.\d)")


def _given_as_earlier(text: str, value: int) -> bool:
    """The sentence gives this count as an earlier one: a mark of the past comes before the
    number ("had earlier put it at 19", "lowering its earlier count of 17") or the count is
    where a change started ("rose to 10 from five", "down from 73"). A mark after the number
    belongs to another count of the sentence ("at least 14, lowering its earlier count of 17")."""
    for found in _count_pattern(value).finditer(text):
        before = text[max(0, found.start() - 80):found.start()]
        if EARLIER_MARK.search(before) or STARTED_FROM.search(before):
            return True
        rest = text[:found.start()] + text[found.end():]
        if EARLIER_MARK.search(text[found.end():]) and not COUNT_WORD.search(rest):
            return True      # "19 were killed, police had said earlier": the only count
    return False


def _headline(ref: Ref, docs: dict[str, Document]) -> bool:
    doc = docs.get(ref.document)
    title = (doc.title or "").strip() if doc else ""
    return (title and ref.text.strip() == title) or (
        ref.paragraph == 1 and not (doc and doc.title) and ref.text.strip()[-1:] not in ".!?\"”")


def _clusters(figures: list[Figure]) -> list[list[Figure]]:
    """Counts that agree (their intervals touch) in one cluster each."""
    clusters: list[list[Figure]] = []
    for figure in sorted(figures, key=_value):
        for cluster in clusters:
            if not any(_disagree(figure, other) for other in cluster):
                cluster.append(figure)
                break
        else:
            clusters.append([figure])
    return clusters


def _rival(a: list[Figure], b: list[Figure]) -> bool:
    """Two clusters of one moment come from different claimants or different reports."""
    ca = {_norm(f.claimed_by) for f in a if f.claimed_by}
    cb = {_norm(f.claimed_by) for f in b if f.claimed_by}
    if ca and cb and not (ca & cb):
        return True
    return not (_documents(a) & _documents(b))


def _documents(cluster: list[Figure]) -> set[str]:
    """The reports behind a cluster: two copies of one wire story are one source."""
    return reports_of(r.document for f in cluster for r in f.sources)


def _value(figure: Figure | None) -> int:
    if figure is None:
        return 0
    return figure.low if figure.low is not None else (figure.high or 0)


def _subject(figures: list[Figure], lead: Figure) -> str | None:
    subject = lead.subject or next((f.subject for f in figures if f.subject), None)
    return _short_subject(subject) if subject else None


SUBJECT_STOPS = {"in", "at", "on", "from", "across", "near", "of", "for", "with", "who", "which",
                 "that", "whose", "after", "during", "by"}


def _short_subject(subject: str) -> str:
    """The people a toll counts, without the clause that says more of them: "people treated
    for injuries in hospitals" → "people"."""
    words = subject.split()
    for k, word in enumerate(words[1:], start=1):
        if word.lower() in SUBJECT_STOPS or (len(word) > 4 and word.lower().endswith(("ed", "ing"))):
            return " ".join(words[:k])
    return subject


def _toll_order(toll: dict[str, Any]) -> tuple:
    category = toll["category"]
    return (FIGURE_CATEGORIES.index(category) if category in FIGURE_CATEGORIES else 99,
            WHO_ORDER.get(toll["group"].split("_", 1)[1], 9))


def _ref(ref: Ref) -> dict[str, Any]:
    return {"document": ref.document, "paragraph": ref.paragraph, "sentence": ref.sentence, "text": ref.text}


def _dedupe(refs: list[dict]) -> list[dict]:
    seen, out = set(), []
    for ref in refs:
        key = (ref["document"], ref["paragraph"], ref["sentence"])
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _conflict_question(group: str, category: str, who: str, sides: list[list[Figure]],
                       totals: list[Figure], earlier: set[int], docs: dict[str, Document],
                       moments: dict[int, str]) -> OpenQuestion:
    firsts = [max(side, key=lambda f: (f.claimed_by is not None, len(f.sources))) for side in sides]
    firsts.sort(key=_value)
    days = {moments[id(f)] for f in firsts}
    moment = max(days)
    subject = next((f.subject for f in firsts if f.subject and who == VICTIMS), None)
    people = subject or WHO_WORDS.get(who, "people")
    verb = VERB_FOR.get(category, "affected")
    # The moment is when the counts were given, not when the people were hurt.
    as_of = f"as of {format_date(moment)}, " if len(moment) == 10 and len(days) == 1 else ""
    names = {d: doc.source or doc.title or d for d, doc in docs.items()}
    documents = list(dict.fromkeys(r.document for f in firsts for r in f.sources))
    one_document = len(documents) == 1

    def side(f: Figure) -> str:
        day = moments[id(f)]
        # a claimant's count that stands against a later one of another claimant: each its day
        on = f", {format_date(day)}" if not as_of and len(day) == 10 else ""
        return f"{_describe(f)} ({_attribution(f, names, one_document)}{on})"
    listed = " against ".join(side(f) for f in firsts)
    text = f"Sources differ on how many {people} were {verb}: {as_of}{listed}."
    if one_document:
        text += f" Both figures are in one report ({names[documents[0]]})."
    revised = [f for f in totals if id(f) in earlier and f.claimed_by and
               any(_shares_claimant(f, side) for side in firsts)]
    if revised:
        old = revised[0]
        text += f" {old.claimed_by[0].upper()}{old.claimed_by[1:]} had earlier given {_describe(old)}."
    elif len(days) > 1:
        # the side that counted again: what it said on the day the other side's count was given
        first_day = min(days)
        later = [f for f in firsts if moments[id(f)] > first_day]
        then = [f for f in totals if moments[id(f)] == first_day and f.claimed_by and f not in firsts
                and any(_shares_claimant(f, side) for side in later)]
        if then:
            old = then[0]
            text += (f" {old.claimed_by[0].upper()}{old.claimed_by[1:]} had given {_describe(old)} "
                     f"on {format_date(first_day)}.")
    evidence: list[Ref] = []
    for figure in firsts:
        evidence.extend(r for r in figure.sources if r.key() not in {e.key() for e in evidence})
    return OpenQuestion(question=text, kind="conflicting_figures", evidence=evidence,
                        weight=3.5 if category == "killed" else 3.0, group=group)


def _shares_claimant(a: Figure, b: Figure) -> bool:
    return _claimants_overlap(a.claimed_by, b.claimed_by)


def _claimants_overlap(a: str | None, b: str | None) -> bool:
    """Two claimant names share a word of substance ("the health department", "the Eastern
    Cape health department")."""
    words = lambda text: {w for w in _norm(text).split() if len(w) > 3}  # noqa: E731
    return bool(words(a) & words(b))


def format_date(iso: str) -> str:
    """"2026-03-10" -> "10 March 2026"."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1].capitalize()} {year}"


# --- claims, blame, denials --------------------------------------------------------------------

CLAIM_KINDS = {"claimed": "responsibility", "denied": "denial", "accused": "blame"}
BLAME = re.compile(r"(?i)\b(?:blamed|blames|accused|accuses|held\s+\w+\s+responsible)\b")


class ClaimantForms:
    """Every name form of an actor that can claim or blame, found in a text as the longest
    form it contains (first listed among equals). Forms are indexed by their first letters, so
    a text is checked against the few forms that can occur in it, not against the corpus's all."""

    PREFIX = 3

    def __init__(self, actors: list[Actor]) -> None:
        self.forms = sorted(((n, a.name) for a in actors if a.type in ("person", "organization", "country")
                             for n in [a.name, *a.aliases] if n), key=lambda kv: -len(kv[0]))
        self.index: dict[str, list[int]] = {}
        for rank, (form, _) in enumerate(self.forms):
            self.index.setdefault(form[:self.PREFIX], []).append(rank)

    def first_in(self, text: str) -> str | None:
        ranks = {rank for start in range(len(text)) for width in range(1, self.PREFIX + 1)
                 for rank in self.index.get(text[start:start + width], ())
                 if len(self.forms[rank][0]) >= width}
        found = min((r for r in ranks if self.forms[r][0] in text), default=None)
        return None if found is None else self.forms[found][1]


def _claims(questions: list[OpenQuestion], names: ClaimantForms) -> list[dict[str, Any]]:
    claims = []
    for question in questions:
        kind = CLAIM_KINDS.get(question.kind)
        text = question.evidence[0].text if question.evidence else question.question
        if kind is None and BLAME.search(text):
            kind = "blame"
        if kind is None:
            continue
        by = names.first_in(text)
        if len(question.evidence) > 1 and question.kind == "denied":
            text = question.question       # "X said …. Y denied that": what is denied comes too
        claims.append({"kind": kind, "by": by, "text": text, "denied_by": [],
                       "sources": [_ref(r) for r in question.evidence]})
    for claim in claims:       # a denial that names the claimant answers its claim
        if claim["kind"] == "responsibility" and claim["by"]:
            claim["denied_by"] = [c["by"] or "a source" for c in claims
                                  if c["kind"] == "denial" and c is not claim
                                  and claim["by"].casefold() in c["text"].casefold()]
    return claims


# --- the top -----------------------------------------------------------------------------------


def _title(what: dict | None, where: str | None, when: str | None, situations: dict[str, dict],
           ids: list[str]) -> str | None:
    """"School attack in Torvik, Norland, 10 Mar 2031": the event, its place and day."""
    if not what or not when:
        return None
    nouns = Counter(n for d in ids for n in (situations.get(d) or {}).get("event_nouns", []))
    verb, obj, subject = what.get("verb"), what.get("object"), what.get("subject")
    if verb in {"storm", "attack", "raid", "bomb", "ambush"} and obj:
        noun = f"{obj} attack"
    elif verb in {"collide", "crash", "derail"} and subject:
        noun = f"{_singular(subject)} {'collision' if verb == 'collide' else verb.replace('derail', 'derailment')}"
    elif verb in EVENT_NOUN_OF and subject and subject not in PERSON_SUBJECTS:
        noun = f"{_singular(subject)} {EVENT_NOUN_OF[verb]}"     # "dam collapse", "ferry capsizing"
    elif what.get("noun"):
        noun = what["noun"]               # the lead told it as a noun: "killed in a stampede"
    elif nouns:
        noun = nouns.most_common(1)[0][0]
    else:
        return None
    day = format_date(when)
    short = " ".join([day.split()[0], day.split()[1][:3], day.split()[2]])
    place = f" in {where}" if where else ""
    return f"{noun[0].upper()}{noun[1:]}{place}, {short}"


# What an event verb's subject underwent, as a noun for the title.
EVENT_NOUN_OF = {"collapse": "collapse", "capsize": "capsizing", "sink": "sinking", "explode": "explosion",
                 "burst": "burst", "overturn": "overturning", "plunge": "crash", "erupt": "eruption"}
# Subjects that are people, not the thing the event befell ("miners collapsed").
PERSON_SUBJECTS = {"man", "woman", "people", "person", "worker", "miner", "child", "passenger"}


def _lead(event: dict[str, Any], what: dict | None, status: str | None, status_refs: list[dict],
          conflicts: list[OpenQuestion], questions: list[OpenQuestion]) -> list[dict[str, Any]]:
    """The composed first sentence and the claim/dispute sentence, as clauses each with its
    sources: only words the reports give, attributed."""
    clauses: list[dict[str, Any]] = []
    if not what and not any(r["paragraph"] <= LEDE_PARAGRAPHS for t in event["tolls"] for r in t["sources"]):
        # No report tells of an event in its lead and no lede gives a toll: the story is not a
        # casualty event (a visit, a policy), and a toll from paragraph 40 is no bottom line.
        return []
    if what:
        text = what["text"]
        place = (event["where"] or "").split(",")[0].strip()
        # "shook the southern Andes" needs no " in Andes, Peru" after it.
        where = f" in {event['where']}" if event["where"] else ""
        if place and place.casefold() in text.casefold():
            country = (event["where"] or "").split(",")[-1].strip()
            where = f" in {country}" if country != place and country.casefold() not in text.casefold() else ""
        when = f" on {format_date(event['when'])}" if event["when"] else ""
        clauses.append({"text": f"{text[0].upper()}{text[1:]}{where}{when}", "sources": [what["ref"]]})
    main = [t for t in event["tolls"] if t["category"] in ("killed", "injured", "missing", "detained",
                                                          "kidnapped")][:3]
    for k, toll in enumerate(main):
        clauses.append({"text": _toll_clause(toll), "sources": _toll_refs(toll)})
    if status:
        clauses.append({"text": f"latest reports: {status}", "sources": status_refs})
    if clauses:
        last = clauses[-1]
        last["text"] += "."
        for clause in clauses[:-1]:
            clause["text"] += ";"
    claim = _main_claim(event["claims"])
    if claim is not None:
        clauses.append({"text": _sentence(claim["text"]), "sources": claim["sources"]})
    # The lead already gives a disputed toll's rival values: its question would say it twice.
    told = {t["group"] for t in main if t["status"] == "disputed"}
    conflicts = [q for q in conflicts if getattr(q, "group", None) not in told]
    if conflicts:
        clauses.append({"text": conflicts[0].question, "sources": [_ref(r) for r in conflicts[0].evidence]})
    else:
        denial = next((c for c in event["claims"] if c["kind"] == "denial" and len(c["text"].split()) >= 8), None)
        if denial is not None:
            clauses.append({"text": _sentence(denial["text"]), "sources": denial["sources"]})
    return clauses


LEDE_PARAGRAPHS = 2         # a toll given this early is what the report is about
NO_CLAIM = re.compile(r"(?i)\b(?:no\s+(?:group|one|organisation|organization)|nobody|not\s+(?:yet\s+)?(?:been\s+)?"
                      r"claimed|yet\s+to\s+(?:be\s+)?claim)")


def _full_names(actors: list[Actor]) -> dict[str, str]:
    """A person's short forms ("Marek", "Ivo Marek") → the form a brief names them by at
    first mention: role and full name ("police spokesman Ivo Marek")."""
    names: dict[str, str] = {}
    for actor in actors:
        if actor.type != "person":
            continue
        role = next((r for r in actor.roles if len(r.split()) <= 4), None)
        full = f"{role} {actor.name}" if role and not actor.name.lower().startswith(role.lower()) else actor.name
        for form in [actor.name, *actor.aliases]:
            if form and form != full and form.lower() in actor.name.lower():
                names.setdefault(form, full)
    return names


def _main_claim(claims: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The claim of responsibility to lead with: one that names who claims, over "no group
    immediately claimed responsibility", which a later claim overtakes."""
    made = [c for c in claims if c["kind"] == "responsibility"]
    return min(made, key=lambda c: (bool(NO_CLAIM.search(c["text"])), c["by"] is None), default=None)


# Collective nouns that take a plural verb: "police say".
PLURAL_COLLECTIVES = {"police", "people", "staff", "personnel", "military"}


def _say(side: dict[str, Any]) -> str:
    """"say" for two claimants or a plural one ("officials", "police"), else "says"."""
    last = side["claimed_by"].split()[-1] if side["claimed_by"] else ""
    plural = last in PLURAL_COLLECTIVES or (last.islower() and last.endswith("s") and not last.endswith("ss"))
    return "say" if side["claimants"] > 1 or plural else "says"


def _toll_clause(toll: dict[str, Any]) -> str:
    who = toll["group"].split("_", 1)[1]
    people = (toll["subject"] if who == VICTIMS and toll["subject"] else WHO_WORDS.get(who, "people")) \
        if who != ATTACKERS else (toll["subject"] or "attackers")     # "15 mercenaries", "4 gunmen"
    if who == SECURITY:
        people = toll["subject"] or WHO_WORDS[SECURITY]
    verb = VERB_FOR.get(toll["category"], "affected")
    be = "was" if toll["latest"] == 1 else "were"
    if toll["status"] == "disputed":
        said = "; ".join(f"{side['claimed_by']} {_say(side)} {side['amount']}" for side in toll["sides"])
        return f"{toll['low']:,}–{toll['high']:,} {people} {be} {verb} ({said})"
    amount = _amount(toll)
    by = f", according to {_claimant(toll['claimed_by'])}" if toll["claimed_by"] else ", reports say"
    rose = ""
    if toll["status"] == "updated":
        earlier = [v for v in toll["values"] if v["superseded"] and v["value"] != toll["latest"]]
        # a higher earlier count is a revision only when the same claimant gave it: the RSF's 70
        # is no earlier count of the doctors' 52
        lower = [v["value"] for v in earlier if v["value"] < toll["latest"]]
        revised = [v["value"] for v in earlier
                   if v["value"] > toll["latest"] and _claimants_overlap(v["claimed_by"], toll["claimed_by"])]
        if earlier and earlier[0]["value"] < toll["latest"]:
            rose = f" (up from {earlier[0]['value']:,} in earlier reports)"
        elif revised:
            rose = f" (revised from {revised[0]:,})"
        elif lower:
            rose = f" (up from {lower[0]:,} in earlier reports)"
    return f"{amount} {people} {be} {verb}{by}{rose}"


def _claimant(claimed_by: str | None) -> str:
    """The first of the claimants merged into one value ("Interior Minister Ana Vidal;
    interior ministry"): one name reads as a sentence, a list does not."""
    if not claimed_by:
        return "one report"
    return _named_claimant(claimed_by)


def _amount(toll: dict[str, Any]) -> str:
    if toll["qualifier"] == "range":
        return f"{toll['low']:,}–{toll['high']:,}"
    return f"{QUALIFIER_WORDS.get(toll['qualifier'], '')}{toll['latest']:,}"


def _toll_refs(toll: dict[str, Any]) -> list[dict]:
    current = [s for v in toll["values"] if not v["superseded"] for s in v["sources"]]
    return _dedupe(current)[:3]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."

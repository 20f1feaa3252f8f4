"""Casualty figures and casualty trends, read off the spaCy parse of each sentence.

A figure is a number phrase (digits, number words, "two dozen", "hundreds", a range) joined by a
dependency path to an outcome word ("were killed", "killed 12", "12 dead", "the death toll rose
to 40", "1,913 deaths"). The outcome word gives the category, the qualifier words before the
number give the interval, and the clause around them gives who, where, when and who says so.
Numbers with no path to an outcome (force sizes, money, percentages, ages, years) are never
figures. Relative statements ("casualties more than doubled") become Trends, never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from ..ingest.common import dateline
from ..model import Figure, Ref, Trend
from .figure_words import (
    BACK_REFERENCES,
    BODY_PARTS,
    CARE_MOVE_VERBS,
    IN_CONDITION,
    CARE_PLACES,
    CARE_STATE_VERBS,
    CARE_STATES,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CIVILIAN_GROUPS,
    CLAIM_VERBS,
    CUSTODY_NOUNS,
    DATE_WORD,
    DETENTION_PLACES,
    EVENT_NOUNS,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    HOMES,
    HOSPITAL_VERBS,
    INCLUDE_VERBS,
    INJURY_WORDS,
    INTRANSITIVE_OUTCOMES,
    LEAVE_VERBS,
    LIFE_NOUNS,
    LOCATIVE_PREPS,
    MODALS,
    MOVE_VERBS,
    NOT_VICTIMS,
    PLACE_NOUNS,
    QUESTIONING,
    RAISING_VERBS,
    RELATIONAL_NOUNS,
    REPORTING_VERBS,
    RETAKE_BASES,
    REVERSAL_VERBS,
    SECURITY_AGENTS,
    SHELTER_MODIFIERS,
    SHELTER_NOUNS,
    SHOT_DEAD,
    SINGLE_OUTCOMES,
    STATE_NOUNS,
    STATE_OUTCOMES,
    STAYING_VERBS,
    TAKEN_ILL,
    TAKEN_PREPS,
    THING_VERBS,
    TOLL_KINDS,
    TOLL_NOUNS,
    TOLL_VERBS,
    TRANSITIVE_OUTCOMES,
    TREATMENT_VERBS,
    category_of_noun,
    is_person,
)
from .lexicon import ROLE_NOUNS
from .numbers import Quantity, quantities, single_noun
from .scope import (BACKGROUND, EVENT, YEAR, clause_dates, counts_attackers, figure_scope, is_breakdown,
                    when_scope)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from ..nlp import ParsedDocument


def extract_figures(pdoc: "ParsedDocument") -> tuple[list[Figure], list[Trend]]:
    """Every casualty figure and casualty trend in one document, in document order."""
    figures: list[Figure] = []
    trends: list[Trend] = []
    year, lead_places = _document_frame(pdoc)
    set_in: tuple[int, str] | None = None      # (paragraph, year) an earlier sentence opened with
    for p, s, sent in pdoc.sentences():
        ref = pdoc.ref(p, s, sent)
        if set_in and (set_in[0] != p or _dated(sent)):
            set_in = None                       # a new paragraph, or a time of the sentence's own
        carried = set_in[1] if set_in else None
        opened = _opening_year(sent, year)
        if opened:
            set_in = (p, opened)
        before: _Link | None = None       # the number just before, for "two of them"
        previous: Quantity | None = None
        for quantity in quantities(sent):
            link = _link(quantity, before)
            if quantity.ordinal and not _ordinal_toll(link):
                if _next_in_sequence(quantity, previous) and link is not None \
                        and link.category in SINGLE_OUTCOMES:
                    quantity = replace(quantity, low=1)    # "three were shot and a fourth killed"
                else:
                    link = None
            previous = quantity
            if link is not None:
                figure = _figure(quantity, link, sent, ref)
                figure.scope, figure.scope_reason = figure_scope(quantity.head, link.outcome, sent,
                                                                 year, lead_places)
                if figure.scope == EVENT:
                    why = next(filter(None, (when_scope(w, pdoc.document.date) for w in
                                             [figure.when, *clause_dates(link.outcome, sent)])), None)
                    if why:
                        figure.scope, figure.scope_reason = BACKGROUND, why
                    elif carried:      # "In 2017, militants held the city. More than 1,100 were killed"
                        figure.scope, figure.scope_reason = BACKGROUND, f"another year ({carried}, set before)"
                figure.breakdown = is_breakdown(quantity.head) or _part_of_group(quantity.head) is not None
                figure.with_attackers = counts_attackers(figure.text)
                named = _complement_victims(quantity.head, quantity)
                if named is not None:                # "four of the passengers were pupils"
                    figure.subject = named
                elif figure.subject is None:
                    figure.subject = _victims_by_reference(quantity, link, figures, ref)
                figures.append(figure)
            before = link
        trends.extend(_trends(sent, ref))
    return figures, trends


def _opening_year(sent: "Span", year: int | None) -> str | None:
    """"In 2017, …": the other year a sentence opens with, which the paragraph's next sentences
    are told in until one gives a time of its own."""
    words = [t for t in sent if not t.is_space][:3]
    if len(words) >= 2 and words[0].lower_ == "in" and YEAR.match(words[1].text) \
            and (year is None or int(words[1].text[:4]) != year):
        return words[1].text
    return None


def _dated(sent: "Span") -> bool:
    return any(e.label_ in ("DATE", "TIME") for e in sent.ents)


def _document_frame(pdoc: "ParsedDocument") -> tuple[int | None, set[str]]:
    """The document's year (its date, else the latest year it names) and the places its first
    two paragraphs name: what a figure's scope is read against."""
    year = int(pdoc.document.date[:4]) if pdoc.document.date else None
    places: set[str] = set()
    for p, _s, sent in pdoc.sentences():
        if p <= 3:
            places |= {e.text.lower() for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC", "ORG")}
    return year, places


def _next_in_sequence(ordinal: Quantity, previous: Quantity | None) -> bool:
    """"Three people were shot and a fourth man was killed": the ordinal goes on counting the
    people just counted, so it names one more person, not a toll of four."""
    return previous is not None and previous.low is not None and previous.high is None \
        and previous.low + 1 == ordinal.low


def _ordinal_toll(link: _Link | None) -> bool:
    """"A third X has died": another death raises the toll to the ordinal. Any other outcome
    (a third wounded, a second arrested) may count people hit in a sequence, so it is dropped."""
    return link is not None and link.category == "killed" and \
        link.outcome.lemma_.lower() in INTRANSITIVE_OUTCOMES


# --- from a number to an outcome ----------------------------------------------------------------


@dataclass
class _Link:
    category: str
    outcome: "Token"           # the outcome word
    counted: "Token | None"    # the noun being counted ("people"), when there is one


# What a part refers back to: "two of the dead", "three of them", "12 of the injured".
REFERRED_GROUPS = {"them": None, "those": None, "these": None, "dead": "killed", "killed": "killed",
                   "injured": "injured", "wounded": "injured", "hurt": "injured",
                   "victims": None, "casualties": None}


def _victims_by_reference(q: Quantity, link: _Link, earlier: list[Figure], ref: Ref) -> str | None:
    """Victims a count names only through what it refers to.

    "Nine of the dead were women": the complement names them (women). "41 others", "three of
    them", "12 of the injured", and the bare second count of "killing six people and wounding
    23" refer back: to the victims of the last figure before it that names them (in the same
    sentence for a bare count), of the category the reference gives ("of the dead": killed).
    Breakdowns ("including eight children") are parts, never the antecedent.
    """
    head = q.head
    counted = link.counted
    kind: str | None = None
    back = False
    if (counted is not None and counted.lower_ == "others") or head.lower_ == "others":
        back = True
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is not None and obj.lower_ in REFERRED_GROUPS and (
            obj.pos_ == "PRON" or any(d.lower_ in {"the", "those", "these"} for d in obj.children)):
        back, kind = True, REFERRED_GROUPS[obj.lower_]
    same_sentence = False
    if not back and counted is None and of is None and head.dep_ in {"dobj", "nsubjpass", "nsubj"} \
            and head.head.dep_ in {"conj", "advcl"}:
        back, same_sentence = True, True       # "killing six people and wounding 23"
    if not back:
        return None
    for figure in reversed(earlier):
        if figure.breakdown or not figure.subject:
            continue
        if same_sentence and (figure.sources[0].paragraph, figure.sources[0].sentence) != \
                (ref.paragraph, ref.sentence):
            return None
        if kind is None or figure.category == kind:
            return figure.subject
    return None


def _complement_victims(head: "Token", q: Quantity) -> str | None:
    """"Seven of the dead were contract workers": the copula's complement, a word for people."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    verb = head.head
    if of is None or head.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    if attr is None or not (is_person(attr) or attr.lemma_.lower() in ROLE_NOUNS):
        return None
    return _subject(attr, q)


def _figure(q: Quantity, link: _Link, sent: "Span", ref: Ref) -> Figure:
    owned = _owned_toll(q)
    scope: set[int] | None = None
    if owned is not None:
        # "a toll far higher than the government's figure of nine dead": the owner gives this
        # figure, and the sentence's reporter, date and place belong to the other count.
        toll, owner = owned
        scope = {t.i for t in toll.subtree}
        lo, hi = _trim(sent.doc, min(scope), max(scope))
        clause = sent.doc[lo:hi + 1].text.strip()
        claimed_by, claim_verb = re.sub(r"\s*['’]s$", "", _phrase(owner)), None
    else:
        clause = _clause(q, link, sent)
        claimed_by, claim_verb = _claimant(link.outcome, sent)
        part = _part_of_group(q.head)
        if part is not None:
            # "22 were recaptured, 18 of them in X and four in Y": each part has its own words
            # and place; who gives it and what happened come from the group.
            scope = _own_tokens(part)
            lo, hi = _trim(sent.doc, min(scope), max(scope))
            clause = sent.doc[lo:hi + 1].text.strip()
    return Figure(
        category=link.category,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        text=clause,
        sources=[ref],
        vague=q.vague,
        subject=_treated(_subject(link.counted, q, link.category), link.outcome),
        place=_place(q, link, sent, claimed_by, scope),
        when=_when(q, link, sent, scope if owned is not None else None),
        claimed_by=claimed_by,
        hedged=_hedged(link, sent, claim_verb),
    )


def _link(q: Quantity, before: _Link | None = None) -> _Link | None:
    """Follow the parse from the number phrase to the word saying what happened to the people.

    `before` is the link of the number just before in the sentence, if it was a figure: the
    group that a "two of them" is part of.
    """
    head = q.head
    counted: Token | None = None
    anchor = head
    # "..., 18 of them in X": a part hung on the clause's verb, not a number modifying it
    part_of = head.dep_ == "npadvmod" and head.head.pos_ == "VERB" and _of_object(head) is not None
    if q.single:
        # "A Dover man was killed": only what befell the person makes it a count of one; the
        # one who reports it ("a local official said") is no victim.
        person = single_noun(head)
        if person.head.lemma_.lower() in REPORTING_VERBS and person.dep_ == "nsubj":
            return None
        link = _link_from(person, person, depth=0)
        return link if link is not None and link.category in SINGLE_OUTCOMES else None
    own = _described(head) if head.pos_ == "NUM" and head.dep_ == "npadvmod" else None
    if own is not None:
        return _Link(own[0], own[1], None)      # "2 dead, 3 injured": each number has its own word
    if head.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod") and not part_of \
            and head.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON", "VERB") and head.head.i != head.i:
        counted = head.head
        anchor = counted
        if counted.pos_ == "VERB":      # "12 wounded" tagged as a participle
            category = STATE_OUTCOMES.get(counted.lemma_.lower()) or STATE_OUTCOMES.get(counted.lower_)
            return _Link(category, counted, None) if category else None
    else:
        of_object = _of_object(head)
        if of_object is not None and (q.vague or head.pos_ == "NOUN" or head.like_num):
            counted = of_object
            if not q.vague:
                # "Two of the wounded died": the verb says what happened to these two.
                partitive = _link_from(head, counted, depth=0)
                if partitive is not None:
                    return partitive
            if counted.lower_ in BACK_REFERENCES:
                # "46 wounded people, 11 of them in critical condition": a part of that group,
                # unless what the clause says of them ends it ("three of them were released").
                if head.head.lemma_.lower() in REVERSAL_VERBS:
                    return None
                if before is not None:
                    return _Link(before.category, before.outcome, None)
                group = _group_outcome(head.head) if head.dep_ == "appos" else None
                return _Link(group[0], group[1], None) if group else None
    if counted is not None:
        captive = _captive_compound(counted)
        if captive is not None:
            return _Link("kidnapped", captive, counted)     # "took 150 villagers hostage"
        category = category_of_noun(counted)
        if category:
            # "12 hostages were freed", "freed 30 of the captives"
            freed = anchor.dep_ in ("dobj", "nsubjpass") and anchor.head.lemma_.lower() in REVERSAL_VERBS
            if freed or counted.head.lemma_.lower() in REVERSAL_VERBS:
                return None
            if counted.lemma_.lower() in STATE_NOUNS:
                happened = _link_from(anchor, counted, depth=0)
                if happened is not None:
                    return happened
            return _Link(category, counted, counted)
        if counted.lemma_.lower() in NOT_VICTIMS:
            return None         # "12 houses", "300 cattle": not people
        described = _described(counted)
        if described is not None:
            return _Link(described[0], described[1], counted)
    elif head.pos_ == "NUM":
        described = _described(head)        # "about 60 injured"
        if described is not None:
            return _Link(described[0], described[1], None)
    link = _link_from(anchor, counted, depth=0)
    if link is None and counted is None and before is not None and head.dep_ == "conj" \
            and head.head.like_num:
        # "18 of them in X and four in Y": a bare number joined to the part just counted is
        # another part of the same group.
        return _Link(before.category, before.outcome, None)
    return link


def _captive_compound(counted: "Token") -> "Token | None":
    """"Took 150 villagers hostage": the parser makes the people a compound of "hostage"; the
    verb that takes or holds them is the outcome."""
    noun = counted.head
    if counted.dep_ != "compound" or noun.lemma_.lower() not in ("hostage", "captive") \
            or noun.dep_ not in ("dobj", "oprd") or noun.head.lemma_.lower() not in ("take", "hold"):
        return None
    return noun.head


def _link_from(anchor: "Token", counted: "Token | None", depth: int) -> _Link | None:
    """The outcome that governs `anchor` (a counted noun or a bare number)."""
    if depth > 3:
        return None
    head, dep = anchor.head, anchor.dep_
    lemma = head.lemma_.lower()
    if head.i == anchor.i:
        return None
    if dep in ("dobj", "obj", "nsubjpass", "dative") and head.pos_ in ("VERB", "AUX"):
        category = _transitive(head)
        if category is None and dep == "nsubjpass":
            shared = _shared_outcome(head)
            if shared is not None:
                return _Link(shared[0], shared[1], counted)    # "were shot and wounded"
        if category and (lemma not in THING_VERBS or (counted is not None and is_person(counted))) \
                and not _moves_things(lemma, counted):
            return _Link(category, head, counted)
        if dep == "dobj" and lemma in INCLUDE_VERBS:
            members_of = next((_outcome_of_noun(c) for c in head.children if c.dep_ == "nsubj"), None)
            if members_of is not None:
                return _Link(members_of[0], members_of[1], counted)
    if dep in ("meta", "nsubj") and head.tag_ == "VBN" and head.dep_ == "ROOT" and not any(
            c.dep_ in ("dobj", "aux", "auxpass") for c in head.children):
        category = _transitive(head) or _state_word(head)
        if category:
            return _Link(category, head, counted)        # a headline: "2 hospitalized after fire"
    if dep in ("nsubj", "nsubjpass") and head.lower_ in STATE_OUTCOMES and head.tag_ in ("VBG", "VBN", "JJ"):
        return _Link(STATE_OUTCOMES[head.lower_], head, counted)      # "12 are still missing"
    if dep in ("nsubj", "nsubjpass", "dobj", "attr") and head.pos_ in ("VERB", "AUX", "ADJ"):
        if dep == "nsubj" and lemma in INTRANSITIVE_OUTCOMES:
            return _Link(INTRANSITIVE_OUTCOMES[lemma], head, counted)
        if dep == "nsubj" and lemma == "lose" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in LIFE_NOUNS for c in head.children):
            return _Link("killed", head, counted)       # "12 people lost their lives"
        if dep == "nsubj" and lemma in LEAVE_VERBS and counted is not None \
                and counted.lemma_.lower() in CIVILIAN_GROUPS and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in HOMES for c in head.children):
            return _Link("displaced", head, counted)    # "400 families left their villages"
        if dep == "nsubj" and lemma in CARE_STATE_VERBS and _in_care(head):
            return _Link("injured", head, counted)      # "four remain in hospital"
        if dep == "nsubj" and lemma in CARE_STATE_VERBS and _prep_objects(
                head, ("in", "under"), lambda o: o.lemma_.lower() in CUSTODY_NOUNS):
            return _Link("detained", head, counted)     # "four suspects are under police custody"
        if dep in ("nsubj", "nsubjpass") and head.tag_ == "VBN" and lemma in STATE_OUTCOMES \
                and not any(c.dep_ == "dobj" for c in head.children):
            return _Link(STATE_OUTCOMES[lemma], head, counted)   # "dozens injured"
        if dep == "nsubj" and any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() == "account"
                                  and _unaccounted(c) for c in head.children):
            return _Link("missing", head, counted)     # "12 have yet to be accounted for"
        if lemma in RAISING_VERBS or head.pos_ == "AUX":
            complement = _outcome_complement(head)
            if complement is not None:
                return _Link(complement[0], complement[1], counted)
        toll = _toll_category(head)
        if toll and dep in ("dobj", "attr"):
            return _Link(toll, head, counted)
        among = _among_outcome(head)
        if among is not None:
            return _Link(among[0], among[1], counted)
    if dep == "pobj":
        prep = head
        governor = prep.head
        if prep.lower_ in ("including", "among") or prep.lemma_ == "include":
            if governor.pos_ in ("VERB", "AUX"):
                category = _transitive(governor) or INTRANSITIVE_OUTCOMES.get(governor.lemma_.lower()) \
                    or STATE_OUTCOMES.get(governor.lemma_.lower())
                if category:
                    return _Link(category, governor, counted)
            elif governor.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                category = category_of_noun(governor)
                if category:
                    return _Link(category, governor, counted)
                return _link_from(governor, counted or governor, depth + 1)
        if prep.lower_ == "of" and governor.lemma_.lower() in EVENT_NOUNS:
            return _Link(EVENT_NOUNS[governor.lemma_.lower()], governor, counted)
        if prep.lower_ == "of" and governor.lemma_.lower() in ("total", "number", "group", "tally"):
            return _link_from(governor, counted, depth + 1)     # "a total of 4,800 people were ..."
        if prep.lower_ in ("at", "to"):
            set_toll = _set_toll(governor)
            if set_toll is not None:
                return _Link(set_toll[0], set_toll[1], counted)
        if prep.lower_ != "by" and governor.lemma_.lower() in TOLL_VERBS:
            toll = _toll_category(governor)
            if toll:
                return _Link(toll, governor, counted)
    if dep == "conj" and head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return _link_from(head, counted, depth + 1)
    if dep == "appos" and head.pos_ in ("NOUN", "PROPN"):
        category = category_of_noun(head)
        if category:
            return _Link(category, head, counted)
        if counted is not None:
            # "Among the dead were X, two officials and four guards": the parser hangs a list
            # of people on its first name as appositions; they share what happened to it. A
            # bare number ("X, 45,") is an age, never a member of the list.
            return _link_from(head, counted, depth + 1)
    return None


def _transitive(verb: "Token") -> str | None:
    lemma = verb.lemma_.lower()
    if lemma == "shoot":
        if any(c.lower_ in SHOT_DEAD for c in verb.children):
            return "killed"
        if _prep_objects(verb, ("in",), lambda o: o.lemma_.lower() in BODY_PARTS):
            return "injured"       # "shot in the leg": hit, and alive
        return None
    if lemma in HOSPITAL_VERBS:
        return "injured"           # "2 hospitalized": admitted to hospital, so hurt
    if lemma == "round" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
        return "detained"          # "police rounded up 40 people"
    if lemma in ("take", "hold") and any(c.lemma_.lower() in ("hostage", "captive") for c in verb.children):
        return "kidnapped"
    if lemma == "hold":
        return _held(verb)
    if lemma == "account" and _unaccounted(verb):
        return "missing"       # "could not be accounted for"
    if lemma in TREATMENT_VERBS | CARE_MOVE_VERBS and _treatment_cause(verb) is not None \
            or _still_treated(verb) or _treated_in_care(verb):
        return "injured"       # "treated for gunshot wounds", "taken to hospital with burns"
    if lemma in MOVE_VERBS and _prep_objects(verb, ("to", "into", "in", "at"), _is_shelter):
        return "displaced"     # "moved to shelters", "housed in camps"
    if lemma == "take":
        return _taken(verb)
    if lemma == "leave":
        complement = _outcome_complement(verb)
        return complement[0] if complement else None
    if lemma.startswith("re") and lemma[2:].lstrip("-").startswith(RETAKE_BASES):
        return "detained"
    if lemma in ("force", "drive", "push", "chase"):
        # "forced 6 million people from their homes"
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "out"):
                if any(o.lemma_.lower() in HOMES for o in prep.subtree):
                    return "displaced"
        return None
    return TRANSITIVE_OUTCOMES.get(lemma)


def _shared_outcome(verb: "Token") -> tuple[str, "Token"] | None:
    """"Three people were shot and wounded", "were stabbed and killed": a passive verb whose
    subject is shared by an outcome participle joined to it."""
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.tag_ == "VBN" and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            category = _transitive(conj) or _state_word(conj)
            if category:
                return category, conj
    return None


def _held(verb: "Token") -> str | None:
    """People held are captives, or detainees when the holder is the state or a cell holds them.

    Only a passive ("were held by the gunmen", "those held") or a holder who is a person counts:
    "the stadium holds 40,000 people" is a capacity, "held responsible" a judgement.
    """
    children = list(verb.children)
    if any(c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") for c in children):
        return None
    if _passive(verb):
        if _for_questioning(verb):
            return "detained"
        holders = _agents(verb)
    else:
        holders = [c for c in children if c.dep_ == "nsubj"]
        if not holders or not is_person(holders[0]):
            return None
    if any(_is_security(h) for h in holders) or _prep_objects(
            verb, ("in", "at", "into"), lambda o: o.lemma_.lower() in DETENTION_PLACES):
        return "detained"
    return "kidnapped"


def _passive(verb: "Token") -> bool:
    """A passive verb, or a bare participle after its noun ("those held", "the pupils taken")."""
    children = list(verb.children)
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (
        verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN"
        and not any(c.dep_ == "nsubj" for c in children))


def _agents(verb: "Token") -> list["Token"]:
    """Who did it, in a passive: the object of "by"."""
    return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]


def _taken(verb: "Token") -> str | None:
    """People taken, with nowhere they were taken to, are captives ("those taken", "pupils taken
    from the school"); taken into custody they are detainees. Only the passive counts: "the bus
    took 30 people", "taken to hospital", "taken ill" say nothing of captivity."""
    if not _passive(verb):
        return None
    if _prep_objects(verb, ("into", "to", "in"), lambda o: o.lemma_.lower() in DETENTION_PLACES) \
            or _for_questioning(verb):
        return "detained"
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "dobj", "attr", "dative") or (
                child.dep_ == "prep" and child.lower_ not in TAKEN_PREPS) or (
                child.dep_ == "prt" and child.lower_ != "away") or child.lower_ in TAKEN_ILL:
            return None
    return "detained" if any(_is_security(a) for a in _agents(verb)) else "kidnapped"


def _moves_things(lemma: str, counted: "Token | None") -> bool:
    """"Sent three warnings to the emergency centre": a verb of moving with a count of things
    (a bare number, "300 were moved to shelters", is of people)."""
    return lemma in MOVE_VERBS and counted is not None and counted.pos_ == "NOUN" and not is_person(counted)


def _for_questioning(verb: "Token") -> bool:
    return _prep_objects(verb, ("for",), lambda o: o.lemma_.lower() in QUESTIONING)


def _still_treated(verb: "Token") -> bool:
    """"Nine were still being treated": in care now, so injured, and a part of the injured."""
    return verb.lemma_.lower() == "treat" and any(c.dep_ == "advmod" and c.lower_ == "still"
                                                  for c in verb.children)


def _treated_in_care(verb: "Token") -> bool:
    """"31 miners had been treated in hospitals": patients of a hospital were hurt, whatever
    the cause ("treated with antibiotics" alone says nothing of where, or of harm)."""
    return verb.lemma_.lower() == "treat" and _prep_objects(
        verb, ("in", "at"), lambda o: o.lemma_.lower() in CARE_PLACES)


def _in_care(verb: "Token") -> bool:
    """"Remain in (the) hospital", "are in hospital", "are in intensive care"."""
    staying = verb.lemma_.lower() in STAYING_VERBS

    def care(obj: "Token") -> bool:
        lemma = obj.lemma_.lower()
        if lemma in CARE_PLACES:
            # "were in the hospital when it was shelled" is where they were; "two are in the
            # hospital", "were in the hospital Sunday" is how they are.
            return staying or not any(c.dep_ in ("det", "poss") for c in obj.children) or not any(
                c.dep_ in ("advcl", "ccomp") or (c.dep_ == "advmod" and c.tag_ == "WRB")
                for c in verb.children)
        return any(c.dep_ == "amod" and c.lower_ in CARE_STATES.get(lemma, ()) for c in obj.children)
    return _prep_objects(verb, ("in",), care)


def _unaccounted(verb: "Token") -> bool:
    """"Could not be accounted for", "have yet to be accounted for", "remain to be accounted for":
    the people are missing. "All have been accounted for" says the opposite, so the negation
    is required."""
    if not any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return False
    for tok in (verb, verb.head):
        if any(c.dep_ == "neg" or c.lower_ == "yet" for c in tok.children) or (
                tok is not verb and tok.lemma_.lower() == "remain"):
            return True
        if tok.dep_ not in ("xcomp", "ccomp") or tok.head.i == tok.i:
            break
    return False


def _is_security(tok: "Token") -> bool:
    return any(t.lemma_.lower() in SECURITY_AGENTS for t in (tok, *tok.lefts) if t.dep_ != "det")


def _prep_objects(verb: "Token", preps: tuple[str, ...], test) -> bool:
    """Does a prepositional object of `verb` ("treated *for wounds*") pass `test`?"""
    return any(obj.dep_ in ("pobj", "pcomp") and test(obj)
               for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in preps
               for obj in prep.children)


def _treatment_cause(verb: "Token") -> "Token | None":
    """The "for wounds" of "treated (12 people) for wounds", or the "with wounds" of "treated 12
    people with wounds" or "taken to hospital with wounds", when it names an injury ("treated
    with antibiotics" does not)."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    if verb.lemma_.lower() not in TREATMENT_VERBS:
        destination = _care_destination(verb)
        if destination is None:
            return None
        # the parser hangs "with burns" on the verb, the people or anywhere in the destination
        holders += [t for t in destination.subtree]
        if IN_CONDITION.search(verb.sent.text):
            return destination   # "taken to hospitals, several of them in a critical condition"
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "with") and any(
                    o.dep_ == "pobj" and _is_injury(o) for o in prep.children):
                return prep
    return None


def _care_destination(verb: "Token") -> "Token | None":
    """The "to hospital" of "taken to hospital": a move verb's destination that gives care."""
    if verb.lemma_.lower() not in CARE_MOVE_VERBS:
        return None
    return next((prep for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("to", "into")
                 and any(o.lemma_.lower() in CARE_PLACES for o in prep.children)), None)


def _is_injury(noun: "Token") -> bool:
    """The noun itself names an injury: "gunshot wounds", not "a burns unit"."""
    return noun.lemma_.lower() in INJURY_WORDS or noun.lower_ in INJURY_WORDS


def _is_shelter(noun: "Token") -> bool:
    lemma = noun.lemma_.lower()
    if lemma in SHELTER_NOUNS:
        return True
    modifiers = {c.lemma_.lower() for c in noun.lefts if c.dep_ in ("compound", "amod")}
    if lemma == "ground":
        return bool(modifiers & {"high", "higher"})     # "moved to higher ground"
    return bool(modifiers & SHELTER_MODIFIERS)           # "an evacuation centre"


def _group_outcome(tok: "Token") -> tuple[str, "Token"] | None:
    """What happened to the group that "N of them" points back to: a noun or its verb."""
    if tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        category = (_transitive(tok) if passive else None) or \
            INTRANSITIVE_OUTCOMES.get(tok.lemma_.lower()) or _state_word(tok)
        return (category, tok) if category else None
    outcome = _outcome_of_noun(tok)
    if outcome is not None:
        return outcome
    link = _link_from(tok, tok, depth=0)
    return (link.category, link.outcome) if link else None


def _outcome_of_noun(noun: "Token") -> tuple[str, "Token"] | None:
    """"The dead", "those held", "46 wounded people": a group named by its outcome."""
    category = category_of_noun(noun)
    return (category, noun) if category else _described(noun)


def _state_word(tok: "Token") -> str | None:
    """The outcome an adjective or participle names ("missing" is tagged as a form of "miss")."""
    category = STATE_OUTCOMES.get(tok.lower_)
    if category is None and (tok.tag_ in ("VBN", "JJ") or tok.pos_ == "ADJ"):
        category = STATE_OUTCOMES.get(tok.lemma_.lower())
    return category


def _outcome_complement(verb: "Token") -> tuple[str, "Token"] | None:
    """An outcome in a complement: "are missing", "left 30 wounded", "believed to have been killed"."""
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "attr", "advmod", "dobj", "prt") or (
                child.dep_ == "advcl" and verb.lemma_.lower() == "leave"):
            lemma = child.lemma_.lower()
            if child.dep_ == "dobj" and verb.lemma_.lower() not in ("take", "hold"):
                continue
            state = STATE_OUTCOMES.get(lemma) or STATE_OUTCOMES.get(child.lower_)
            # "leaving dozens missing": the parser may read "missing" as a gerund
            if state and (child.dep_ != "xcomp" or child.tag_ == "VBN" or child.pos_ == "ADJ"
                          or child.lower_ in STATE_OUTCOMES):
                return state, child
            if child.dep_ == "xcomp" and lemma in INTRANSITIVE_OUTCOMES:
                return INTRANSITIVE_OUTCOMES[lemma], child   # "are feared to have died"
            if child.dep_ in ("xcomp", "ccomp") and lemma in RAISING_VERBS and child.i != verb.i:
                deeper = _outcome_complement(child)
                if deeper:
                    return deeper
        if child.dep_ == "prep" and child.lower_ == "as":
            # "listed as missing", "confirmed as dead"
            for obj in child.children:
                state = _state_word(obj)
                if state and obj.dep_ in ("pobj", "pcomp", "amod", "acomp"):
                    return state, obj
    return None


def _toll_category(verb: "Token") -> str | None:
    """The category when `verb` has a toll as its subject ("the death toll rose ...")."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        lemma = child.lemma_.lower()
        if lemma not in TOLL_NOUNS or (lemma != "toll" and child.dep_ == "dobj"):
            continue
        kind = _toll_kind(child)
        if kind:
            return kind
        if lemma == "toll":
            return "killed"
    return None


def _set_toll(governor: "Token") -> tuple[str, "Token"] | None:
    """"Put the number of displaced at 5,000", "raised the number of dead to 40": a toll that is
    the object of the verb, set at the number. The parser may hang "at 5,000" on the counted
    word instead of the verb ("the number of displaced at ..."), so that is looked through."""
    if governor.dep_ in ("pobj", "pcomp") and governor.head.lower_ == "of" \
            and governor.head.head.lemma_.lower() in TOLL_NOUNS:
        governor = governor.head.head.head
    if governor.lemma_.lower() not in TOLL_VERBS:
        return None
    for toll in governor.children:
        if toll.dep_ == "dobj" and toll.lemma_.lower() in TOLL_NOUNS:
            kind = _toll_kind(toll)
            if kind:
                return kind, governor
    return None


def _toll_kind(toll: "Token") -> str | None:
    """What a toll noun counts: "the death toll", "the number displaced", "the number of dead"."""
    for mod in toll.children:
        kind = TOLL_KINDS.get(mod.lemma_.lower())
        if kind and mod.dep_ in ("compound", "amod", "nmod"):
            return kind
        if mod.dep_ in ("acl", "amod") and mod.lemma_.lower() in STATE_OUTCOMES:
            return STATE_OUTCOMES[mod.lemma_.lower()]     # "the number displaced"
        if mod.dep_ == "prep" and mod.lower_ == "of":
            for obj in mod.children:
                category = category_of_noun(obj) or (_described(obj) or (None,))[0]
                if category:
                    return category
    return None


def _among_outcome(verb: "Token") -> tuple[str, "Token"] | None:
    """"Among the dead were 12 children"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among":
            for obj in child.children:
                outcome = _outcome_of_noun(obj)       # "among the dead", "among those held"
                if outcome:
                    return outcome
    return None


def _described(noun: "Token") -> tuple[str, "Token"] | None:
    """A victim noun with its outcome attached: "12 people killed", "12 people dead"."""
    if noun.dep_ == "nsubj" and INTRANSITIVE_OUTCOMES.get(noun.head.lemma_.lower()) == "killed":
        return None    # "two injured workers died": what the verb says befell them counts
    for child in noun.children:
        lemma = child.lemma_.lower()
        if child.dep_ in ("amod", "acl") and child.lower_ in ("missing", "dead", "homeless"):
            return STATE_OUTCOMES[child.lower_], child
        if child.dep_ in ("amod", "acl") and lemma in STATE_OUTCOMES:
            if child.dep_ == "acl" and child.tag_ not in ("VBN", "JJ"):
                continue
            return STATE_OUTCOMES[lemma], child
        if child.dep_ == "acl" and child.tag_ == "VBN":
            category = _transitive(child)       # "those held by the gunmen", "people moved to camps"
            # A bare number held by people ("leaving 64 held by the gunmen") counts people.
            if category and (lemma not in THING_VERBS or is_person(noun) or (
                    noun.pos_ == "NUM" and any(is_person(a) for a in _agents(child)))):
                return category, child
        if child.dep_ == "relcl":
            subjects = [c for c in child.children if c.dep_ in ("nsubjpass",)]
            if subjects and _transitive(child):
                return _transitive(child), child     # "people who were killed"
            if lemma in INTRANSITIVE_OUTCOMES:
                return INTRANSITIVE_OUTCOMES[lemma], child
    return None


def _of_object(tok: "Token") -> "Token | None":
    """The object of "of" after a quantity noun ("dozens of men" → men)."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


# --- the parts of a figure around the number ----------------------------------------------------


def _clause(q: Quantity, link: _Link, sent: "Span") -> str:
    """The figure's own clause: its verb's subtree without coordinated clauses and reporting."""
    root = _clause_root(q, link)
    if root is None:
        return sent.text.strip()
    doc = sent.doc
    if q.start > sent.start and doc[q.start - 1].text == "(" and link.outcome.pos_ != "VERB":
        return _parenthetical(q, sent)
    quantity = set(range(q.start, q.end))
    kept: list[int] = [root.i]
    for child in root.children:
        sub = {t.i for t in child.subtree}
        if child.dep_ in ("conj", "cc", "parataxis", "punct") and not (sub & quantity) \
                and not (child.dep_ == "conj" and child.i == link.outcome.i):
            continue
        if child.dep_ in ("advcl", "ccomp") and child.lemma_.lower() in REPORTING_VERBS \
                and not (sub & quantity):
            continue
        if child.dep_ == "mark" or (child.dep_ == "advmod" and child.tag_ == "WRB"):
            continue
        if _part_of_group(child) is child and not (sub & quantity):
            continue        # "..., 18 of them in X": a figure of its own
        kept.extend(sub)
    lo, hi = _trim(doc, min(kept), max(kept))
    text = doc[lo:hi + 1].text.strip() if hi - lo >= 2 else sent.text.strip()
    match = dateline(text)
    return text[match.end():] if match else text


def _clause_root(q: Quantity, link: _Link) -> "Token | None":
    """The nearest verb at or above the outcome word whose subtree holds the number."""
    root = link.outcome
    while True:
        if root.pos_ in ("VERB", "AUX") and any(t.i == q.head.i for t in root.subtree):
            return root
        if root.head.i == root.i:
            return None
        root = root.head


def _parenthetical(q: Quantity, sent: "Span") -> str:
    """"2021 (1,913 deaths)": the bracketed count with the word it annotates."""
    doc = sent.doc
    close = next((t.i for t in doc[q.end:sent.end] if t.text == ")"), q.end - 1)
    lo = q.start - 1
    if lo - 1 >= sent.start:
        lo -= 1
        for ent in sent.ents:
            if ent.start <= lo < ent.end:
                lo = ent.start
        while lo < q.start - 2 and doc[lo].pos_ in ("ADP", "DET"):
            lo += 1
    return doc[lo:close + 1].text


def _trim(doc, lo: int, hi: int) -> tuple[int, int]:
    """Drop separating punctuation at both ends, keeping brackets and quote marks balanced."""
    text = doc[lo:hi + 1].text
    if text.count("(") > text.count(")"):
        close = next((t.i for t in doc[hi + 1:doc[hi].sent.end] if t.text == ")"), None)
        hi = close if close is not None else hi
    while hi > lo and doc[hi].is_punct and doc[hi].text not in (")", "”", '"', "’"):
        hi -= 1
    while lo < hi and doc[lo].is_punct and doc[lo].text not in ("(", "“", '"', "‘"):
        lo += 1
    return lo, hi


def _subject(counted: "Token | None", q: Quantity, category: str | None = None) -> str | None:
    """Who was counted: the counted noun with its adjectives and compounds ("Malian soldiers")."""
    if counted is None or counted.pos_ not in ("NOUN", "PROPN", "ADJ") or counted.lower_ in ("others", "them"):
        return None
    if counted.lemma_.lower() in RELATIONAL_NOUNS and any(
            c.dep_ == "poss" and c.pos_ == "PRON" for c in counted.children):
        return None
    own = category_of_noun(counted)
    # "Five hostages were killed": the hostages are who died, named like any other victims.
    if own and not (counted.lemma_.lower() in STATE_NOUNS and category not in (None, own)):
        # "civilian deaths" → civilians; a bare "40 deaths" says nothing about who died.
        victims = [c for c in counted.lefts if c.dep_ in ("amod", "compound")
                   and (is_person(c) or c.lemma_.lower() in ("civilian", "military", "police"))]
        among = [o for prep in counted.rights if prep.dep_ == "prep" and prep.lower_ in ("among", "of")
                 for o in prep.children if o.dep_ == "pobj" and is_person(o)]
        if among:
            return _subject(among[0], q)
        return " ".join(t.text for t in victims) or None
    mods = [c for c in counted.lefts if c.dep_ in ("amod", "compound", "nmod")
            and not (q.start <= c.i < q.end) and c.pos_ in ("ADJ", "NOUN", "PROPN")
            and c.lemma_.lower() not in STATE_OUTCOMES]
    start = min([m.i for m in mods] + [counted.i])
    words = [t.text for t in counted.doc[start:counted.i + 1] if not (q.start <= t.i < q.end)]
    return " ".join(words) or None


def _treated(subject: str | None, outcome: "Token") -> str | None:
    """"People treated for injuries": the patients of one hospital or clinic are part of the
    injured, so the subject says so and the count is never set against the whole toll. So are
    those still in care ("62 remained in hospital", "nine were still being treated")."""
    lemma = outcome.lemma_.lower()
    if (lemma in CARE_STATE_VERBS and _in_care(outcome)) or _still_treated(outcome):
        place = next((p for p in outcome.children if p.dep_ == "prep" and p.lower_ == "in"), None)
        words = [t.text for t in place.subtree] if place is not None and lemma != "treat" else []
        verb = "still being treated" if lemma == "treat" else "remaining" if lemma in STAYING_VERBS else ""
        return " ".join(w for w in [subject or "people", verb, *words] if w)
    cause = _treatment_cause(outcome) if outcome.lemma_.lower() in TREATMENT_VERBS | CARE_MOVE_VERBS \
        else None
    if cause is None:
        return subject
    destination = _care_destination(outcome)
    where = [destination.text, *(o.text for o in destination.children if o.dep_ == "pobj")] \
        if destination is not None else []
    said = [] if destination is not None and cause.i == destination.i else [t.text for t in cause.subtree]    # "in a critical condition" case
    return " ".join([subject or "people", outcome.text, *where, *said])


def _place(q: Quantity, link: _Link, sent: "Span", claimed_by: str | None,
           scope: set[int] | None = None) -> str | None:
    """A named place in the figure's clause: "in the town of X" first, then GPE/LOC/FAC entities.
    With a `scope` (the tokens the figure owns), only a place inside it."""
    region = scope if scope is not None else _clause_tokens(q, link, sent)
    parts = _parts_tokens(q, sent)
    for tok in sent:
        if tok.i in region and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
                and tok.head.head.lemma_.lower() in PLACE_NOUNS and tok.pos_ == "PROPN":
            return _entity_text(tok)
    candidates = [e for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC")
                  and _locative(e.root)
                  and not (claimed_by and e.text in claimed_by)
                  and not _in_attribution(e.root) and e.root.i not in parts]
    inside = [e for e in candidates if e.root.i in region]
    chosen = inside if scope is not None else inside or candidates
    if not chosen:
        return None
    best = min(chosen, key=lambda e: abs(e.start - q.start))
    return _strip_the(best.text)


def _locative(tok: "Token") -> bool:
    """Is the entity where something happened ("in X", "near X", "a X mosque"), not "X-backed"?"""
    if tok.dep_ == "compound" and tok.head.dep_ == "pobj":
        tok = tok.head
    if tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in LOCATIVE_PREPS:
        return True
    return prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS


def _when(q: Quantity, link: _Link, sent: "Span", scope: set[int] | None = None) -> str | None:
    """A calendar date for the figure: a year it is attached to, else a DATE entity in the clause.
    With a `scope` (the tokens the figure owns), only a date inside it."""
    doc = sent.doc
    if q.start - 2 >= sent.start and doc[q.start - 1].text == "(" and \
            re.match(r"^(1[89]\d\d|20\d\d)$", doc[q.start - 2].text):
        return doc[q.start - 2].text         # "2021 (1,913 deaths)"
    head = q.head
    for tok in (head, head.head):
        for t in (tok, tok.head):
            if re.match(r"^(1[89]\d\d|20\d\d)$", t.text) and t.i != q.head.i and \
                    not (q.start <= t.i < q.end) and t.pos_ == "NUM":
                return t.text       # "deaths in 2021"
    dates = [e for e in sent.ents if e.label_ == "DATE" and DATE_WORD.search(e.text)
             and not (q.start <= e.start < q.end)]
    if not dates:
        return None
    if scope is not None:
        inside = [e for e in dates if e.root.i in scope]
        return _strip_the(min(inside, key=lambda e: abs(e.start - q.start)).text) if inside else None
    region = _clause_tokens(q, link, sent)
    ancestors = {a.i for a in link.outcome.ancestors} | {link.outcome.i}
    inside = [e for e in dates if e.root.i in region or e.root.i in ancestors
              or any(t.i in ancestors for t in e)]
    chosen = inside or dates
    best = min(chosen, key=lambda e: abs(e.start - q.start))
    return _strip_the(best.text)


def _owned_toll(q: Quantity) -> tuple["Token", "Token"] | None:
    """"The government's figure of nine dead", "the army's toll of 16": a count that belongs to
    whoever owns the toll noun, as (toll noun, owner). A pronoun owner names no one."""
    node = q.head
    if node.dep_ in ("nummod", "quantmod", "compound") and node.head.i != node.i:
        node = node.head        # from the number to the noun it counts
    if node.dep_ != "pobj" or node.head.lower_ != "of":
        return None
    toll = node.head.head
    if toll.lemma_.lower() not in TOLL_NOUNS | {"estimate"}:
        return None
    owner = next((c for c in toll.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    return (toll, owner) if owner is not None else None


def _clause_tokens(q: Quantity, link: _Link, sent: "Span") -> set[int]:
    """The tokens of the figure's clause, without the parts counted after it ("18 of them in X")."""
    root = _clause_root(q, link)
    tokens = {t.i for t in root.subtree} if root is not None else {t.i for t in sent}
    return tokens - _parts_tokens(q, sent)


def _parts_tokens(q: Quantity, sent: "Span") -> set[int]:
    """The tokens of the parts of a group ("18 of them in X") that are not `q`'s own."""
    tokens: set[int] = set()
    for tok in sent:
        if _part_of_group(tok) is tok:
            sub = {t.i for t in tok.subtree}
            if q.head.i not in sub:
                tokens |= sub
    return tokens


def _part_of_group(tok: "Token") -> "Token | None":
    """The number that heads "N of them ..." (or a number joined to one, "... and four in Y")
    when `tok` is one: a part of a group counted before it in the sentence."""
    if tok.dep_ == "conj" and tok.like_num and tok.head.like_num:
        return tok if _part_of_group(tok.head) is not None else None
    if tok.like_num and tok.dep_ in ("npadvmod", "appos"):
        of_object = _of_object(tok)
        if of_object is not None and of_object.lower_ in BACK_REFERENCES:
            return tok
    return None


def _own_tokens(tok: "Token") -> set[int]:
    """A phrase without what is coordinated to it."""
    own = {tok.i}
    for child in tok.children:
        if child.dep_ not in ("conj", "cc", "punct"):
            own |= {t.i for t in child.subtree}
    return own


def _claimant(outcome: "Token", sent: "Span") -> tuple[str | None, "Token | None"]:
    """Who gives the figure: "according to X", or the subject of the verb that reports it."""
    for tok in sent:
        if tok.lower_ == "according":
            for prep in tok.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return _phrase(obj), None
    if outcome.lemma_.lower() in ("put", "place", "estimate", "count", "record", "report") \
            and outcome.pos_ == "VERB":
        speaker = _speaker(outcome)       # "officials put the death toll at 52"
        if speaker:
            return speaker, None
    node, last_dep = outcome, None
    while node.head.i != node.i:
        last_dep = node.dep_
        node = node.head
        if node.lemma_.lower() in REPORTING_VERBS and node.pos_ == "VERB" and last_dep != "conj":
            speaker = _speaker(node)
            if speaker:
                return speaker, node
    for child in outcome.children:
        if child.dep_ in ("parataxis", "advcl", "ccomp") and child.lemma_.lower() in REPORTING_VERBS:
            speaker = _speaker(child)
            if speaker:
                return speaker, child
    return None, None


def _speaker(verb: "Token") -> str | None:
    # the subject nearest the verb: the parser sometimes takes words inside a quote as a
    # second subject ("... most of them women," police captain X told Reuters)
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"),
                      key=lambda c: abs(c.i - verb.i))
    if subjects:
        return _phrase(subjects[0])
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _phrase(obj)
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        # "The union disputed the count, saying 58 were missing": the one saying is the subject
        # of the verb the participle hangs from
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subjects:
            return _phrase(subjects[0])
    return None


def _phrase(tok: "Token") -> str:
    """A noun phrase without relative clauses, appositions, or a leading possessive pronoun."""
    cut = {"relcl", "appos", "acl", "punct", "cc", "conj", "prep"}
    keep = {tok.i}
    for child in tok.children:
        if child.dep_ in cut and not (child.dep_ == "prep" and child.lower_ in ("of", "from")):
            continue
        if child.dep_ == "poss" and child.pos_ == "PRON":
            continue
        keep |= {t.i for t in child.subtree}
    lo, hi = min(keep), max(keep)
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct or (doc[lo].dep_ == "poss" and doc[lo].pos_ == "PRON")):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    text = doc[lo:hi + 1].text
    first = doc[lo]
    if first.is_title and (first.pos_ == "DET" or (
            first.is_sent_start and first.pos_ == "NOUN" and not first.ent_type_)):
        text = text[0].lower() + text[1:]      # "The army", "Police" at the start of a sentence
    return text


def _in_attribution(tok: "Token") -> bool:
    for ancestor in tok.ancestors:
        if ancestor.lower_ == "according":
            return True
    return False


def _hedged(link: _Link, sent: "Span", claim_verb: "Token | None") -> bool:
    """Reportedly/allegedly, "believed to", "could not be verified", a claim, a combatant's own tally."""
    outcome = link.outcome
    above = {outcome.i} | {a.i for a in outcome.ancestors}
    for tok in sent:
        word = tok.lower_
        # "reportedly killed", "believed to have been killed"; not "suspected jihadists killed".
        if word in HEDGE_WORDS and (tok.i in above or (tok.head.i in above and tok.dep_ != "amod")):
            return True
        if tok.dep_ == "aux" and word in MODALS and tok.head.i in above:
            return True
    if HEDGE_PHRASES.search(sent.text):
        return True
    if claim_verb is not None:
        if claim_verb.lemma_.lower() in CLAIM_VERBS:
            return True
        if _self_reported(claim_verb, outcome):
            return True
    return False


def _self_reported(report: "Token", outcome: "Token") -> bool:
    """"The army said it killed 40": the one who did the killing gives the count."""
    if outcome.pos_ != "VERB" or _transitive(outcome) is None:
        return False
    agents = [c for c in outcome.children if c.dep_ == "nsubj"]
    speakers = [c for c in report.children if c.dep_ == "nsubj"]
    if not agents or not speakers:
        return False
    agent = agents[0]
    return agent.pos_ == "PRON" or agent.lemma_.lower() == speakers[0].lemma_.lower()


def _entity_text(tok: "Token") -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return _strip_the(ent.text)
    parts = [t for t in tok.lefts if t.dep_ == "compound"] + [tok]
    return " ".join(t.text for t in parts)


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


# --- trends -------------------------------------------------------------------------------------


def _trends(sent: "Span", ref: Ref) -> Iterable[Trend]:
    """Relative statements about casualties: "civilian deaths more than doubled"."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in CHANGE_VERBS:
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or _has_target_count(tok):
                continue
            category = _trend_category(subjects[0])
            if category:
                claimed_by, _ = _claimant(tok, sent)
                yield Trend(category=category, text=_trend_text(tok), sources=[ref],
                            direction=CHANGE_VERBS[lemma], claimed_by=claimed_by)
        elif tok.pos_ == "NOUN" and lemma in CHANGE_NOUNS:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
                    objects = [o for o in prep.children if o.dep_ == "pobj"]
                    category = _trend_category(objects[0]) if objects else None
                    if category:
                        claimed_by, _ = _claimant(tok, sent)
                        yield Trend(category=category, text=sent.text.strip(), sources=[ref],
                                    direction=CHANGE_NOUNS[lemma], claimed_by=claimed_by)
                        break


def _has_target_count(verb: "Token") -> bool:
    """"Rose to 40" states a count (a Figure), so it is not only a trend."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "from"):
            if any(o.like_num for o in child.subtree):
                return True
        if child.dep_ in ("dobj", "attr") and child.like_num:
            return True
    return False


def _trend_category(noun: "Token") -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in TOLL_NOUNS:
        verb_like = noun.head
        return _toll_category(verb_like) if verb_like.i != noun.i else None
    category = category_of_noun(noun)
    if category:
        return category
    if lemma == "displacement":
        return "displaced"
    if lemma in EVENT_NOUNS:
        return EVENT_NOUNS[lemma]
    described = _described(noun)
    return described[0] if described else None


def _trend_text(verb: "Token") -> str:
    keep = {verb.i}
    for child in verb.children:
        if child.dep_ in ("conj", "cc", "punct") or (
                child.dep_ in ("advcl", "ccomp", "parataxis") and child.lemma_.lower() in REPORTING_VERBS):
            continue
        keep |= {t.i for t in child.subtree}
    lo, hi = _trim(verb.doc, min(keep), max(keep))
    return verb.doc[lo:hi + 1].text.strip()

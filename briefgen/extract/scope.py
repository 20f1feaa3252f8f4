"""Whose toll is it: the story's own event, or background (another, earlier or unrelated event)?

News copy gives the toll of today's event beside tolls of others: "the deadliest attack since
the 2015 assault, in which 148 people were killed", "in 2013 gunmen killed 67 at a mall", "last
year a derailment injured 140", "the war has killed more than 100,000". Read off the parse of the
figure's own clause (the outcome word, the words it hangs from up to the verb that reports it):

- another year than the document's ("in 2013", "the 2015 assault"), or a relative past
  ("last month", "a year ago", "earlier this year"), or a running total ("so far this year");
- the figure sits inside a comparison ("since the ... bombing", "than the ...", "the last time");
- an earlier event named as such ("Peru's last major earthquake", "a previous attack") or by a
  proper name the document's lead does not give as a place of today's event ("the Westgate
  attack");
- a war or campaign as the subject of a running total ("the war has killed ...").

Also here: whether a count is a breakdown (a part of a total: "including 24 students", "two of
the dead"), and whether a total counts the attackers too ("including the gunmen").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .figure_words import MONTHS, REPORTING_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

EVENT = "event"
BACKGROUND = "background"

CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"}
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
RELATIVE_PAST = re.compile(
    r"(?i)\b(?:last|previous|past)\s+(?:week|month|year|decade|summer|winter|spring|autumn|fall|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|\b(?:years?|months?|decades?|weeks?)\s+ago\b|\bearlier\s+this\s+(?:year|month|decade)\b"
    r"|\b(?:so\s+far\s+)?this\s+year\b|\bin\s+recent\s+(?:years|months)\b")
# Nouns naming an event that a toll can belong to.
EVENT_WORDS = {"attack", "assault", "bombing", "blast", "explosion", "shooting", "massacre", "raid",
               "earthquake", "quake", "tremor", "tsunami", "flood", "flooding", "storm", "cyclone",
               "hurricane", "typhoon", "landslide", "fire", "blaze", "crash", "collision",
               "derailment", "sinking", "disaster", "tragedy", "coup", "putsch", "uprising",
               "riot", "stampede", "crush", "siege", "ambush", "incident", "strike", "accident",
               "eruption", "outbreak", "epidemic", "war", "genocide", "hijacking", "kidnapping"}
EARLIER = {"last", "previous", "earlier", "prior", "past", "former"}
# Running totals: a war, a campaign, a period of violence as the subject of "has killed".
WAR_WORDS = {"war", "conflict", "insurgency", "rebellion", "campaign", "violence", "crisis",
             "fighting", "uprising", "occupation", "epidemic", "pandemic", "genocide"}
COMPARISON_WORDS = {"since", "than"}
# Events in the plural that a running total is counted over ("killed in incidents involving …").
MANY_EVENT_WORDS = {"incident", "attack", "clash", "raid", "operation", "strike", "ambush", "bombing"}
PART_WORDS = {"including", "include", "includes", "included", "among", "comprising"}
# "The difference had been three bodies": what sets two counts apart is a part of the larger.
DIFFERENCE_WORDS = {"difference", "discrepancy", "gap"}
# "two of the dead" is a part of a count; "24 of the miners who came out were injured" is the
# count of the injured, taken from a population that is no count of harm.
COUNTED_GROUPS = {"dead", "injured", "wounded", "killed", "missing", "victim", "casualty", "body",
                  "fatality", "death", "hostage", "captive", "detainee", "patient", "hurt"}
INCREMENT_WORDS = {"more", "additional"}     # "three more bodies": added to a count, not one
INCLUDED = re.compile(r"(?i)\b(?:including|counting|among them)\s+(?:the\s+)?(?:\w+\s+)?"
                      r"(?:gunmen|gunman|attackers?|assailants?|militants?|bombers?|perpetrators?|"
                      r"hijackers?|mutineers?|fighters?|terrorists?)\b")
EXCLUDED = re.compile(r"(?i)\b(?:excluding|not\s+including|not\s+counting|besides|apart\s+from)\s+"
                      r"(?:the\s+)?(?:\w+\s+)?(?:gunmen|gunman|attackers?|assailants?|militants?|"
                      r"bombers?|perpetrators?|hijackers?|mutineers?)\b")


def figure_scope(number: "Token", outcome: "Token", sent: "Span", year: int | None,
                 lead_places: set[str]) -> tuple[str, str | None]:
    """("event", None) or ("background", why) for the figure whose number heads at `number`.

    `year` is the document's year (None when unknown: then any stated year is another one);
    `lead_places` are the places the document's opening names, in lower case.
    """
    chain = _chain(outcome)
    for tok in chain:
        if tok.lower_ in COMPARISON_WORDS and tok.i != number.i:
            return BACKGROUND, f"inside a comparison ({tok.lower_} …)"
        if tok.lemma_.lower() == "time" and any(c.lower_ in EARLIER for c in tok.children):
            return BACKGROUND, "the last time"
    region = _region(chain)
    for i in sorted(region):
        tok = sent.doc[i]
        if YEAR.match(tok.text) and tok.i != number.i and (tok.pos_ == "NUM" or tok.ent_type_ == "DATE") \
                and (year is None or int(tok.text[:4]) != year):
            return BACKGROUND, f"another year ({tok.text})"
        lemma = tok.lemma_.lower()
        if lemma in EVENT_WORDS and tok.pos_ == "NOUN":
            if any(c.lower_ in EARLIER for c in tok.children if c.dep_ in ("amod", "advmod")):
                return BACKGROUND, "an earlier event"
            named = [c for c in tok.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"
                     and c.ent_type_ in ("GPE", "LOC", "FAC", "")]
            if named and not any(_in(c, lead_places) for c in named):
                return BACKGROUND, f"another named event ({named[0].text} {tok.text})"
    for ent in sent.ents:
        if ent.label_ == "DATE" and any(t.i in region for t in ent) and RELATIVE_PAST.search(ent.text):
            return BACKGROUND, f"another time ({ent.text})"
    verb = next((t for t in chain if t.pos_ in ("VERB", "AUX")), None)
    if verb is not None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lemma_.lower() in WAR_WORDS:
            return BACKGROUND, f"a running total ({subject.text})"
        many = _over_many_events(verb)
        if many is not None:
            return BACKGROUND, f"a running total (in {many.text})"
    return EVENT, None


_WHEN_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BARE_MONTH = re.compile(r"(?i)^(?:in\s+|since\s+|during\s+|early\s+|late\s+|mid-?)?(" + "|".join(MONTHS) + r")$")


def when_scope(when: str | None, document_date: str | None) -> str | None:
    """Why the time a figure's sentence gives is another event's, or None: another year
    ("July 2018"), or a month named without a day that is not the document's own ("in January"
    in a November report; a day-less month is how copy dates an earlier event, while today's
    is dated by weekday or day)."""
    if when and RELATIVE_PAST.search(when):
        return f"another time ({when})"          # "last year", "two months ago"
    if not when or not document_date or len(document_date) < 7:
        return None
    year, month = int(document_date[:4]), int(document_date[5:7])
    years = {int(y) for y in _WHEN_YEAR.findall(when)}
    if years and year not in years:
        return f"another year ({when})"
    bare = _BARE_MONTH.match(when.strip())
    if bare and not years:
        named = MONTHS.index(bare[1].lower()) + 1
        # the month before the report's may still be the event's when the report is early in its month
        if named != month and not (named == (month - 2) % 12 + 1 and int(document_date[8:10] or 1) <= 7):
            return f"another month ({when})"
    return None


def clause_dates(outcome: "Token", sent: "Span") -> list[str]:
    """The dates said of the figure's own clause ("In May, a collision injured 16"): DATE
    entities that hang from the outcome word or the words above it, up to the reporting verb."""
    chain = {t.i for t in _chain(outcome)}
    return [e.text for e in sent.ents if e.label_ == "DATE" and
            (e.root.i in chain or e.root.head.i in chain or
             (e.root.head.dep_ == "prep" and e.root.head.head.i in chain))]


def _over_many_events(verb: "Token") -> "Token | None":
    """"have been killed in incidents involving the mercenaries": a present perfect over events
    in the plural counts all of them so far, not today's."""
    perfect = any(c.lower_ in ("have", "has") and c.dep_ == "aux" for c in verb.children)
    if not perfect:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.tag_ == "NNS" and obj.lemma_.lower() in MANY_EVENT_WORDS:
                    return obj
    return None


def is_breakdown(number: "Token") -> bool:
    """A part of a total: "including 24 students", "among them 21 children", "two of the dead",
    or what was added to one ("after rescuers recovered three more bodies")."""
    if _increment(number):
        return True
    node = number
    if node.dep_ in ("nummod", "quantmod", "compound") and node.head.i != node.i:
        node = node.head
    while node.dep_ in ("conj", "appos") and node.head.i != node.i and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head          # "including 10 Chinese, five Russians and two Britons"
    if node.dep_ in ("attr", "nsubj") and any(c.dep_ == "prep" and c.lower_ == "among"
                                                for c in node.head.children):
        return True               # "among the dead are 10 Chinese nationals"
    for tok in [node, *list(node.ancestors)[:2]]:
        if tok.lower_ in PART_WORDS or _counting_in(tok):
            return True
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in DIFFERENCE_WORDS for c in tok.children):
            return True
        if tok.dep_ == "appos" and any(c.lower_ == "them" for c in tok.head.children):
            return True
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None and (obj.lower_ in {"them", "those", "whom"} or (
                _counted_group(obj) and
                any(d.lower_ in {"the", "those", "these"} for d in obj.children))):
            return True
    return False


def _counted_group(noun: "Token") -> bool:
    """"the dead", "the victims", "the dead teachers", "the injured children"."""
    words = {noun.lower_, noun.lemma_.lower()}
    words |= {c.lower_ for c in noun.children if c.dep_ == "amod"}
    return bool(words & COUNTED_GROUPS)


def _increment(number: "Token") -> bool:
    """"three more bodies", "two additional deaths"; not "five more than last year"."""
    doc = number.doc
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if after is None or after.lower_ not in INCREMENT_WORDS:
        return False
    return not (after.i + 1 < len(doc) and doc[after.i + 1].lower_ == "than")


def _counting_in(tok: "Token") -> bool:
    """", counting eight bodies buried by relatives": a participle after the total, adding a part
    of it ("officials are still counting the 40 bodies" is no part of anything)."""
    return tok.lower_ == "counting" and tok.dep_ in ("advcl", "xcomp", "acl", "prep") \
        and tok.i > 0 and tok.doc[tok.i - 1].text == ","


def counts_attackers(text: str) -> bool | None:
    """True for a total "including the gunmen", False for one "excluding the attackers"."""
    if EXCLUDED.search(text):
        return False
    if INCLUDED.search(text):
        return True
    return None


def _chain(outcome: "Token") -> list["Token"]:
    """The outcome word and the words it hangs from, up to the verb that reports the figure."""
    chain = [outcome]
    for tok in outcome.ancestors:
        if tok.lemma_.lower() in REPORTING_VERBS and tok.pos_ in ("VERB", "AUX"):
            break
        chain.append(tok)
    return chain


def _region(chain: list["Token"]) -> set[int]:
    """The figure's own clause (everything under its first verb), and the non-clausal words of
    the phrases it hangs from: not the reporting clause, not a comparison of the event itself
    ("the deadliest since 2015") that hangs off a superlative."""
    first_verb = next((k for k, t in enumerate(chain) if t.pos_ in ("VERB", "AUX")), 0)
    region = {t.i for t in chain[first_verb].subtree}
    members = {t.i for t in chain}
    for tok in chain[first_verb + 1:]:
        region.add(tok.i)
        for child in tok.children:
            if child.i in members or child.dep_ in CLAUSAL:
                continue
            region |= {t.i for t in child.subtree}
    superlative = {t.i for i in list(region) for t in _superlative_subtree(chain[0].doc[i])}
    return region - (superlative - members)


def _superlative_subtree(tok: "Token") -> list["Token"]:
    return list(tok.subtree) if tok.tag_ in ("JJS", "RBS") else []


def _in(tok: "Token", places: set[str]) -> bool:
    return tok.lower_ in places or any(tok.lower_ in p.split() for p in places)

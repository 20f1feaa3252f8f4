"""What one report says happened: the event clause of its lead, the places and date it gives,
and the status it states ("the siege ended", "rescue operations are continuing").

These are per-document candidates; assemble/event.py picks the story's event from them. Only
words of the text are kept (a clause, entity names, a status sentence with its Ref): nothing is
inferred that no sentence says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..ingest.common import dateline
from .scope import EVENT_WORDS
from .timeline import resolve_date

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from ..nlp import ParsedDocument

LEAD_SENTENCES = 4
# Verbs that say what happened in a lead: who did what to whom, or what struck where.
EVENT_VERBS = {"storm", "attack", "raid", "bomb", "ambush", "strike", "hit", "shake", "rock",
               "collide", "crash", "derail", "capsize", "sink", "explode", "erupt", "collapse",
               "seize", "overrun", "abduct", "kidnap", "massacre", "shoot", "open", "flood",
               "burn", "destroy", "topple", "oust", "kill", "blow", "burst", "detonate", "breach",
               "overturn", "plunge"}
# Event verbs that take no object: read as a participle by the parser, they still say what happened.
INTRANSITIVE_EVENTS = {"capsize", "sink", "collapse", "burst", "explode", "erupt", "crash", "derail",
                       "overturn", "plunge", "collide"}
# Leads that tell the event as a noun: "were killed in a crush at a stadium", "the death toll
# from the collapse of a gallery": the casualty verbs and toll nouns it hangs from, and the nouns.
CASUALTY_VERBS = {"kill", "die", "injure", "wound", "hurt", "trap", "bury", "drown", "perish"}
TOLL_NOUNS = {"toll", "death", "casualty", "dead"}
LEAD_EVENT_NOUNS = (EVENT_WORDS - {"war", "genocide", "epidemic", "outbreak", "disaster", "tragedy"}) \
    | {"collapse", "cave-in", "landslip", "mudslide", "avalanche", "fire"}
# Parts of a noun phrase that are not the event's own description ("…, where thousands had gathered").
CLAUSE_DEPS = {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj"}
# Particles that belong to an event verb ("blew up"); "off", "into" start a place instead.
PARTICLES = {"up", "down", "out", "apart", "over"}
# What a report says about where the event stands now, as a short label.
STATUS = [
    (re.compile(r"(?i)\bsiege\b[^.]{0,60}\b(?:ended|was over|is over|was lifted)|\bended the siege\b"),
     "siege ended"),
    (re.compile(r"(?i)\b(?:search|rescue)(?:\s+\w+){0,2}\s+(?:are|is|were|was)\s+(?:still\s+)?continuing\b"
                r"|\b(?:rescuers|teams|rescue teams)\s+(?:were|are)\s+still\s+searching\b"
                r"|\bsearch(?:es)?\s+(?:continues?|go(?:es)? on)\b"
                r"|\bsearch\b[^.]{0,40}\b(?:would|will)\s+continue\b|\bresumed\s+the\s+search\b"
                r"|\bsearch\s+for\s+(?:the\s+)?(?:dozens\s+of\s+)?(?:missing|survivors)\b[^.]{0,20}\bgoes\s+on\b"
                r"|\b(?:are|were)\s+(?:still\s+)?searching\b[^.]{0,60}\b(?:missing|survivors)\b"),
     "search continuing"),
    (re.compile(r"(?i)\b(?:put down|foiled|defeated|thwarted|crushed)\b[^.]{0,40}\b(?:coup|attempt|mutiny|uprising|putsch)"
                r"|\b(?:coup|attempt|mutiny|putsch)\b[^.]{0,30}\b(?:was|has been)\s+(?:put down|foiled|defeated|thwarted)"),
     "attempt put down"),
    (re.compile(r"(?i)\bcurfew\b[^.]{0,40}\b(?:remains|is|was)\s+in\s+(?:force|place)"
                r"|\b(?:imposed|declared|ordered)\s+an?\s+(?:[\w-]+\s+){0,2}curfew\b"
                r"|\bcurfew\s+(?:has\s+been|was|is)\s+(?:declared|imposed)\b"), "curfew in force"),
    (re.compile(r"(?i)\b(?:fire|blaze|flames)\b[^.]{0,40}\bunder control\b"), "fire under control"),
    (re.compile(r"(?i)\bunder control\b"), "situation under control"),
    (re.compile(r"(?i)\bfire\b[^.]{0,30}\b(?:was|has been)\s+(?:put out|extinguished|contained)"), "fire put out"),
]


def extract_situation(pdoc: "ParsedDocument") -> dict[str, Any]:
    """The document's event clause, places and date (from its lead) and status sentences."""
    anchor = pdoc.document.date
    what: dict[str, Any] | None = None
    places: list[str] = []
    dates: list[str] = []
    nouns: list[str] = []
    status: list[dict[str, Any]] = []
    body = 0
    for p, s, sent in pdoc.sentences():
        text = sent.text.strip()
        ref = pdoc.ref(p, s, sent)
        if body < LEAD_SENTENCES:
            body += 1
            skip = _dateline_end(sent)
            places += [_place_name(e) for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC")
                       and e.start >= skip and not _attributive(e)]
            # "the fire department" names no fire, nor does "opened fire": neither is the event
            nouns += [t.lemma_.lower() for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in EVENT_WORDS
                      and t.dep_ != "compound" and not (t.dep_ == "dobj" and t.head.lemma_ == "open")]
            headline = text[-1:] not in ".!?\"”’"
            clause = _event_clause(sent, skip) if what is None and not headline else None
            if clause is not None:
                verb, phrase = clause
                what = {"text": phrase, "verb": verb.lemma_.lower(), "subject": _head_lemma(verb, "nsubj"),
                        "object": _head_lemma(verb, "dobj"), "when": _clause_date(verb, sent, anchor),
                        "ref": _ref(ref)}
                if verb.lemma_.lower() == "kill" and (named := _compound_subject(verb)):
                    what["noun"] = named        # "An air strike ... killed 43": an "air strike"
            elif what is None and not headline and (told := _event_noun_clause(sent, skip)):
                head, phrase, noun = told
                what = {"text": phrase, "verb": None, "subject": None, "object": None, "noun": noun,
                        "when": _clause_date(head, sent, anchor), "ref": _ref(ref)}
            for ent in sent.ents:
                if _dating(ent):
                    day = resolve_date(_weekday(ent.text), _date(anchor))
                    if day and len(day) == 10:
                        dates.append(day)
        for pattern, label in STATUS:
            if pattern.search(text):
                status.append({"label": label, "ref": _ref(ref)})
                break
    return {"what": what, "places": places, "dates": dates, "event_nouns": nouns, "status": status}


def _ref(ref) -> dict[str, Any]:
    return {"document": ref.document, "paragraph": ref.paragraph, "sentence": ref.sentence, "text": ref.text}


def _date(iso: str | None):
    from datetime import date

    return date.fromisoformat(iso[:10]) if iso else None


def _dating(ent: "Span") -> bool:
    """A date, or a time that names its day ("Wednesday night", which the model tags TIME)."""
    return ent.label_ == "DATE" or (ent.label_ == "TIME" and _weekday(ent.text) != ent.text)


def _weekday(text: str) -> str:
    """"late on Saturday", "Tuesday night", "before dawn on Tuesday": the weekday alone."""
    match = re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)
    if match and not re.search(r"\d", text):
        return match.group(1)
    return text


def _dateline_end(sent: "Span") -> int:
    match = dateline(sent.text)
    if not match:
        return sent.start
    end = sent.start_char + match.end()
    return next((t.i for t in sent if t.idx >= end), sent.end)


def _attributive(ent) -> bool:
    """"Kenya's interior minister", "a Kenyan official": a place naming who, not where."""
    return ent.root.dep_ == "poss" and ent.root.head.pos_ == "NOUN" and \
        ent.root.head.lemma_.lower() not in EVENT_WORDS | {"county", "region", "province", "state",
                                                          "district", "capital", "city", "town"}


def _place_name(ent) -> str:
    """The entity's name, with a hyphenated second part the tokenizer split off ("Guinea-Bissau")."""
    doc, end = ent.doc, ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].pos_ == "PROPN" \
            and not doc[end].whitespace_ and not doc[end - 1].whitespace_:
        end += 2
    return doc[ent.start:end].text


def _event_clause(sent: "Span", skip: int) -> tuple["Token", str] | None:
    """"Islamist gunmen stormed a boarding school": subject, event verb and its object."""
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in EVENT_VERBS:
            continue
        subject = _subject(verb, skip) or _leading_subject(verb, sent, skip)
        if subject is None or subject.pos_ == "PRON":
            continue
        if verb.lemma_.lower() == "kill" and not _is_event_noun(subject):
            continue        # "gunmen killed 12": the toll, not what happened
        if verb.lemma_.lower() == "kill" and subject.pos_ == "NOUN":
            # "An air strike on a market killed at least 43 people": the event is the strike on
            # the market; its toll is told with the tolls, from every report
            return verb, _described(subject)
        parts = [_noun_phrase(subject, skip), verb.text]
        particle = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ in PARTICLES), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ == "PRON" and obj.lower_.endswith(("self", "selves")):
            parts.append(obj.text)          # "blew themselves up": the object before the particle
            obj = None
        if particle is not None:
            parts.append(particle.text)
        if obj is not None and not obj.like_num:
            parts.append(_noun_phrase(obj, skip))
        elif obj is None:
            place = _where_phrase(verb)
            if place:
                parts.append(place)         # "blew themselves up in a crowded cattle market"
        return verb, " ".join(p for p in parts if p)
    return None


def _compound_subject(verb: "Token") -> str | None:
    """The verb's subject noun with the nouns compounded on it ("air strike", "car bomb")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if subject is None:
        return None
    words = [c.lower_ for c in subject.lefts if c.dep_ == "compound"] + [subject.lemma_.lower()]
    return " ".join(words)


def _event_noun_clause(sent: "Span", skip: int) -> tuple["Token", str, str] | None:
    """"At least 15 people were killed in a crush at the gates of a stadium", "the death toll
    from the collapse of a gallery in a coal mine rose to nine": the event noun with the words
    that place it, as the clause ("a crush at the gates of a stadium"); with the casualty verb
    or toll noun the event hangs from (which dates it) and the event noun's lemma."""
    for head in sent:
        if head.i < skip:
            continue
        hangs = (head.pos_ == "VERB" and head.lemma_.lower() in CASUALTY_VERBS) or \
            (head.pos_ == "NOUN" and head.lemma_.lower() in TOLL_NOUNS)
        if not hangs:
            continue
        owner = head.head
        if head.dep_ == "relcl" and owner.pos_ == "NOUN" and owner.lemma_.lower() in LEAD_EVENT_NOUNS:
            return head, _described(owner), owner.lemma_.lower()   # "after a riot that killed 18"
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "from", "after", "of"):
                continue
            noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if noun is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() in LEAD_EVENT_NOUNS:
                phrase = _described(noun)
                # "died in a fire at a factory": the place may hang from the verb, right after
                after = next((c for c in head.children if c.dep_ == "prep" and c.i > noun.i
                              and c.lower_ in ("at", "near", "outside", "inside", "on") and not _dated(c)
                              and c.i == max(t.i for t in noun.subtree) + 1), None)
                if after is not None and "," not in phrase:
                    phrase = f"{phrase} {_described(after)}"
                return head, phrase, noun.lemma_.lower()
    return None


def _described(noun: "Token") -> str:
    """The noun phrase with its prepositional phrases, without the clauses hung on it."""
    kept: list["Token"] = []

    def walk(tok: "Token") -> None:
        kept.append(tok)
        for child in tok.children:
            if child.dep_ not in CLAUSE_DEPS and not child.is_space and not _dated(child):
                walk(child)
    walk(noun)
    kept.sort(key=lambda t: t.i)
    # a gap (a clause left out) ends the phrase: keep the run of tokens that holds the noun
    start = end = kept.index(noun)
    while start > 0 and kept[start - 1].i == kept[start].i - 1:
        start -= 1
    while end + 1 < len(kept) and kept[end + 1].i == kept[end].i + 1:
        end += 1
    return "".join(t.text_with_ws for t in kept[start:end + 1]).strip().replace(" 's", "'s")


def _dated(prep: "Token") -> bool:
    """"on Sunday", "in the early hours": a phrase of time, which the lead gives as a date."""
    return prep.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)


def _leading_subject(verb: "Token", sent: "Span", skip: int) -> "Token | None":
    """When the parse gives a finite event verb no subject ("A ferry carrying tourists
    capsized", misread as a clause of "tourists"): the sentence's first noun phrase, before
    the verb, is what it says of."""
    finite = verb.tag_ in ("VBD", "VBZ", "VBP")
    # an intransitive event verb read as a participle ("tourists capsized") is still finite
    if not (finite or (verb.tag_ == "VBN" and verb.lemma_.lower() in INTRANSITIVE_EVENTS)) \
            or verb.dep_ == "ROOT":
        return None
    if any(c.i < verb.i and (c.dep_ == "mark" or c.tag_ == "WRB") for c in verb.children):
        return None     # "the riot broke out when inmates attacked ...": a clause of its own
    for tok in sent.doc[max(skip, sent.start):verb.i]:
        if tok.is_space or tok.pos_ in ("DET", "ADJ", "NUM") or tok.dep_ == "compound":
            continue
        # the sentence opens with this noun: nothing but its determiner and modifiers before it
        return tok if tok.pos_ == "NOUN" else None
    return None


def _where_phrase(verb: "Token") -> str | None:
    """"in a crowded cattle market": the verb's first "in/at" phrase on a common noun."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "inside"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN" and not obj.ent_type_:
                words = [t.text_with_ws for t in obj.subtree if t.i <= obj.i and not t.is_space]
                return f"{prep.text} {''.join(words).strip()}"
    return None


def _subject(verb: "Token", skip: int) -> "Token | None":
    """The verb's subject after the dateline (a dateline's place can be parsed as the subject,
    the real one as its second subject or apposition)."""
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        if child.i >= skip:
            return child
        later = next((t for t in child.subtree if t.i >= skip and t.dep_ == "appos"), None)
        if later is not None:
            return later
    return None


def _is_event_noun(tok: "Token") -> bool:
    return tok.lemma_.lower() in EVENT_WORDS


def _noun_phrase(noun: "Token", skip: int = 0) -> str:
    """The noun with the words before it (determiner, adjectives, compounds), no clauses."""
    left = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("punct",) and not t.is_space]
    start = max(min((t.i for t in left), default=noun.i), skip)
    words = [t for t in noun.doc[start:noun.i + 1] if not t.is_space and (
        t.dep_ not in ("poss", "case") or t.head.i != noun.i or t.ent_type_ not in ("GPE",))]
    return " ".join(t.text for t in words).replace(" 's", "'s")


def _head_lemma(verb: "Token", dep: str) -> str | None:
    tok = next((c for c in verb.children if c.dep_ == dep), None)
    return tok.lemma_.lower() if tok is not None else None


def _clause_date(verb: "Token", sent: "Span", anchor: str | None) -> str | None:
    """The ISO date of the event clause: its weekday or date, resolved against the document's."""
    tokens = {t.i for t in verb.subtree}
    for ent in sent.ents:
        if _dating(ent) and (ent.root.i in tokens or any(t.i in tokens for t in ent)):
            day = resolve_date(_weekday(ent.text), _date(anchor))
            if day and len(day) == 10:
                return day
    return None

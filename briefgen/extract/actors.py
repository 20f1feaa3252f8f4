"""Actor mentions in one document: named entities, corrected, with the roles the text gives them.

The small English model mislabels often ("Mali" as a person, "Bamako" as an organisation). Two
things correct it here: gazetteers of countries, demonyms, capitals and regions, and context
(credits, headings, "dubbed X"). The final label of a name is voted across all documents in
the assemble package.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import gazetteer
from ..model import Mention
from .lexicon import (
    EVENT_HEADS,
    FACILITY_NOUNS,
    GROUP_NAME_WORDS,
    HONORIFICS,
    NOT_ACTOR_WORDS,
    ORG_NAME_ENDINGS,
    ORG_NAME_PAIRS,
    ORG_NAME_PREFIXES,
    ORG_SUFFIXES,
    PLATFORMS,
    PORTFOLIOS,
    SPEECH_VERBS,
    SHIP_PREFIXES,
    THING_NOUNS,
    TITLE_EXPANSIONS,
    RANK_GRADES,
    ROLE_NOUNS,
    STATE_BODIES,
    clean_span_text,
    expand_title,
    is_person_role,
    strip_determiner,
)
from .syntax import first_conjunct

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from ..nlp import ParsedDocument

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Words that introduce the name of a thing, not of an actor: "operations dubbed Keletigui".
NAMING_WORDS = {"dubbed", "called", "named", "codenamed", "code-named", "nicknamed", "titled", "entitled"}
# Organisation-like head nouns: "the UN peacekeeping mission (Minusma)" makes Minusma an organisation.
ORG_NOUNS = {"mission", "group", "organization", "organisation", "party", "force", "forces", "agency",
             "council", "movement", "front", "alliance", "army", "coalition", "committee",
             "commission", "court", "union", "bank", "fund", "programme", "program", "office",
             "ministry", "department", "service", "company", "network", "militia", "brigade",
             "battalion", "regiment", "institute", "association", "federation", "authority"}
# Words that mark a capitalised name as an institution even when the model misses it: the head
# nouns above and a few that only occur inside names ("Human Rights Watch", "Amnesty International").
INSTITUTION_WORDS = ORG_NOUNS | {"watch", "international", "rights", "brigades", "police", "guard",
                                 "corps", "university"}
# Photo and wire credits: everything after the marker names the photographer or agency.
CREDIT_MARKERS = re.compile(r"©|\((?:c|C)\)|\b(?:photo(?:graph)?|credit|image)s?\s*:|"
                            r"\b(?:additional\s+)?(?:reporting|writing|editing)\s+by\b", re.I)
# Zones of page furniture and credits that name no actor and no speaker (credit_zones).
_WHOLE_CREDIT = re.compile(r"\bcontributed(?:\s+reporting)?\s+(?:to|for)\s+(?:this|the)\s+"
                           r"(?:report|story|article)\b|\bcontributed\s+reporting\b|"
                           r"^\s*copyright\b|\ball rights reserved\b|^\s*story highlights\s*$", re.I)
# "(CNN) —", "LIMA, Peru (AP) —": the bracketed outlet of a dateline.
_DATELINE_OUTLET = re.compile(r"^[^()]{0,60}?(\([A-Z][\w .&'/-]{0,40}\))\s*[-–—]")
# "Updated at 10 a.m. ET:", "UPDATE 2 —": the page's own note.
_UPDATE_NOTE = re.compile(r"^\s*(?:last\s+)?updated?\b[^:—–]{0,60}[:—–]", re.I)
# "— Dana Hill (@dhill_news) May 2, 2019": the signature of an embedded post.
_POST_SIGNATURE = re.compile(r"[-–—]\s*[A-Z][^()\n]{0,60}\(@\w+\)")


@dataclass
class LocatedMention:
    """A mention with its place in the parse, for attribution and pronoun resolution."""

    mention: Mention
    paragraph: int        # 1-based
    start: int            # token offsets within the paragraph Doc
    end: int

    @property
    def is_person(self) -> bool:
        return self.mention.label == "PERSON"


def is_heading(text: str) -> bool:
    """Section headings inside article text: short, no closing punctuation, no quote marks."""
    stripped = text.strip()
    words = stripped.split()
    return (0 < len(words) <= 8 and stripped[-1] not in ".!?:;,\"”’»)" and
            not any(mark in stripped for mark in "“”\"«»") and stripped[0].isupper())


def is_caption(pdoc: "ParsedDocument", paragraph: int) -> bool:
    """A photo caption or credit line: a paragraph that carries a credit marker ("© AFP")."""
    return bool(CREDIT_MARKERS.search(pdoc.document.paragraphs[paragraph - 1]))


def extract_mentions(pdoc: "ParsedDocument") -> list[LocatedMention]:
    """Every actor mention of the document, in reading order."""
    found: list[LocatedMention] = []
    bodies: list[LocatedMention] = []      # bodies named only by what they are
    for p, doc in enumerate(pdoc.paragraphs, start=1):
        here: list[LocatedMention] = []     # this paragraph's mentions: every check below is local
        text = pdoc.document.paragraphs[p - 1]          # Doc.text rebuilds the string each time
        if is_heading(text):
            continue
        zones = credit_zones(text)
        credit_from = min([s for s, e in zones if e == len(text)], default=len(text))
        acronyms = _parenthetical_acronyms(doc)
        taken: set[int] = set()
        for ent in sorted(doc.ents, key=lambda e: e.label_ != "PERSON"):   # people first
            if ent.start_char >= credit_from:
                continue
            ent = _before_open_bracket(ent)
            if ent is None:
                continue
            ent = _with_name_prefix(ent)
            if ent.label_ == "PERSON":
                ent = _whole_name(ent)
            if taken & set(range(ent.start, ent.end)):
                continue          # a word the repaired name of a person already holds
            mention = _mention(pdoc, p, doc, ent)
            if mention is not None:
                here.append(LocatedMention(mention, p, ent.start, ent.end))
                if mention.label == "PERSON":
                    taken.update(range(ent.start, ent.end))
        for token in doc:
            if _bare_acronym(token) and token.idx < credit_from:
                acronyms.append((token, "ORG"))
        for start, end, text in _state_bodies(doc, credit_from):
            # the body replaces the bare demonym inside it ("Somali" of "Somali police")
            here = [m for m in here if not start <= m.start < end]
            here.append(LocatedMention(Mention(text=text, label="ORG",
                                                ref=pdoc.ref_for_token(p, start)), p, start, end))
        for start, end, text, named in _speaking_bodies(doc, credit_from, found + here):
            # "the rebel-run health ministry said": a body the text names only by what it is;
            # it replaces a place named inside it ("Torvik" of "the Torvik health department")
            if any(m.mention.label in {"ORG", "PERSON"} and m.start < end and start < m.end
                   and (m.mention.label == "PERSON" or m.end >= end or m.start < start)
                   for m in here):
                continue          # a name that holds the head noun is the model's own
            here = [m for m in here if not start <= m.start < end]
            body = LocatedMention(Mention(text=text, label="ORG", alias_of=named,
                                          ref=pdoc.ref_for_token(p, start)), p, start, end)
            here.append(body)
            bodies.append(body)
        for start, end, role in _untagged_people(doc, credit_from):
            if not any(m.start < end and start < m.end for m in here):
                here.append(LocatedMention(Mention(text=doc[start:end].text, label="PERSON",
                                                    ref=pdoc.ref_for_token(p, start), roles=[role]),
                                            p, start, end))
        for start, end in _untagged_organisations(doc, credit_from):
            here.append(LocatedMention(Mention(text=doc[start:end].text, label="ORG",
                                                ref=pdoc.ref_for_token(p, start)), p, start, end))
        for start, end in _missed_countries(doc, credit_from):
            here.append(LocatedMention(Mention(text=doc[start:end].text, label="GPE",
                                                ref=pdoc.ref_for_token(p, start)), p, start, end))
        for token, label in acronyms:
            if not any(m.start <= token.i < m.end for m in here):
                text = token.text
                here.append(LocatedMention(
                    Mention(text=text, label=label, ref=pdoc.ref_for_token(p, token.i),
                            roles=_acronym_role(token)), p, token.i, token.i + 1))
        if zones:
            here = [m for m in here if not in_zones(zones, doc[m.start].idx)]
        found += here
    found.sort(key=lambda m: (m.paragraph, m.start))
    found = [m for m in found if not _imperative_word(pdoc.paragraphs[m.paragraph - 1], m)]
    found = _without_described_names(found, bodies)
    _surnames_of_people(found)
    found += _untagged_surnames(pdoc, found)
    found += _unnamed_armies(pdoc, found)
    found.sort(key=lambda m: (m.paragraph, m.start))
    _link_parenthetical_aliases(pdoc, found)
    return found


# Object pronouns after an imperative: "Drop it!", "Stop them!".
_IMPERATIVE_OBJECTS = {"it", "them", "me", "us", "him", "her", "that", "this", "everyone", "down"}


def _imperative_word(doc: "Doc", m: LocatedMention) -> bool:
    """A one-word "name" that opens a quoted shout and takes an object ("Drop it!"): a verb."""
    if m.end - m.start != 1 or m.mention.label != "PERSON" or m.end >= len(doc):
        return False
    before = doc[m.start - 1] if m.start > 0 else None
    opens = before is None or before.is_quote or before.text in {"!", ".", "?"}
    return opens and doc[m.end].lower_ in _IMPERATIVE_OBJECTS


def _surnames_of_people(found: list[LocatedMention]) -> None:
    """One document, one entity: a lone surname of the one person the document names in full
    is that person, whatever the model tagged it ("Owen Pike ... Pike said", Pike as an ORG)."""
    by_surname: dict[str, set[str]] = {}
    for m in found:
        words = m.mention.text.split()
        if m.mention.label == "PERSON" and len(words) >= 2:
            by_surname.setdefault(words[-1], set()).add(m.mention.text)
    for m in found:
        text = m.mention.text
        if (m.mention.label in {"ORG", "GPE", "LOC"} and len(text.split()) == 1
                and len(by_surname.get(text, ())) == 1 and gazetteer.country_of(text) is None
                and not gazetteer.is_place(text) and not m.mention.alias_of):
            m.mention.label = "PERSON"


def _untagged_surnames(pdoc: "ParsedDocument", found: list[LocatedMention]) -> list[LocatedMention]:
    """One document, one entity: the lone surname of the one person the document names in full
    is a mention of that person where the model tagged nothing ("Ilse Varga ... Varga, 34, was
    at work"), so pronouns and "the 34-year-old" can find her there."""
    full: dict[str, set[str]] = {}
    for m in found:
        words = m.mention.text.split()
        if m.mention.label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper():
            full.setdefault(words[-1], set()).add(m.mention.text)
    wanted = {w for w, names in full.items() if len(names) == 1 and not gazetteer.is_place(w)}
    if not wanted:
        return []
    added = []
    for p, doc, token in _free_tokens(pdoc, found):
        if token.text not in wanted or token.pos_ != "PROPN":
            continue
        if any(n.pos_ == "PROPN" and n.text[:1].isupper()
               for n in (doc[token.i - 1] if token.i else None,
                         doc[token.i + 1] if token.i + 1 < len(doc) else None) if n is not None):
            continue          # part of a longer name ("Varga Street", "Anna Varga")
        added.append(LocatedMention(Mention(text=token.text, label="PERSON",
                                            ref=pdoc.ref_for_token(p, token.i)),
                                    p, token.i, token.i + 1))
    return added


def _free_tokens(pdoc: "ParsedDocument", found: list[LocatedMention]):
    """(paragraph, doc, token) for every token of the text that no mention holds, outside
    headings and photo credits: where a mention the model missed may be added."""
    taken = {(m.paragraph, i) for m in found for i in range(m.start, m.end)}
    for p, doc in enumerate(pdoc.paragraphs, start=1):
        text = pdoc.document.paragraphs[p - 1]
        if is_heading(text):
            continue
        zones = credit_zones(text)
        for token in doc:
            if (p, token.i) not in taken and not in_zones(zones, token.idx):
                yield p, doc, token


def document_country(found: list[LocatedMention]) -> str | None:
    """The country a report is about: the one its mentions name most often (ties: first named)."""
    counts: Counter = Counter()
    for m in found:
        country = gazetteer.country_of(m.mention.text) if m.mention.label in {"GPE", "ORG"} else None
        if country is None and m.mention.label == "ORG":
            words = m.mention.text.split()
            country = gazetteer.country_of(words[0]) if len(words) == 2 else None
        if country:
            counts[country] += 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _unnamed_armies(pdoc: "ParsedDocument", found: list[LocatedMention]) -> list[LocatedMention]:
    """'the army said', 'the country's military': the army of the country the report is about,
    named the one way the state-body rule names it ("Nigerian army")."""
    if any(set(m.mention.text.lower().split()) & {"army", "military", "forces"}
           for m in found if m.mention.label == "ORG"):
        return []             # the report names its army: "the army" refers to that one
    country = document_country(found)
    demonym = gazetteer.demonym_of(country) if country else None
    if demonym is None:
        return []
    out = []
    for p, doc, token in _free_tokens(pdoc, found):
        if token.lower_ not in ARMY_WORDS or token.pos_ != "NOUN":
            continue
        left = list(token.lefts)
        if not left or left[0].lower_ not in {"the", "country", "nation"} or len(left) > 2:
            continue
        if len(left) == 2 and not (left[0].lower_ in {"country", "nation"} or left[1].tag_ == "POS"
                                   or left[0].lower_ == "the" and left[1].lower_ in {"country", "nation"}):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ in {"NOUN", "PROPN"}:
            continue      # "the army spokesman", "the army base": a modifier, not the body
        if not (token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_.lower() in SPEECH_VERBS):
            continue      # only the army that speaks: "the army said"
        start = left[0].i
        out.append(LocatedMention(Mention(text=f"{demonym} army", label="ORG",
                                          ref=pdoc.ref_for_token(p, start)), p, start, token.i + 1))
    return out


def _link_parenthetical_aliases(pdoc: "ParsedDocument", found: list[LocatedMention]) -> None:
    """'the Economic Community of West African States (ECOWAS)': the bracketed name is an alias.

    The name it abbreviates is the mention just before the bracket, or, in "the X Mission in the
    Central African Republic (MINUSCA)", the one before the place: whichever its letters fit.
    """
    at = {(m.paragraph, m.start): m for m in found}
    by_end = {(m.paragraph, m.end): m for m in found}
    for m in list(found):
        doc = pdoc.paragraphs[m.paragraph - 1]
        if m.end + 2 >= len(doc):
            continue
        opening, inner, closing = doc[m.end], doc[m.end + 1], doc[m.end + 2]
        if opening.text != "(" or closing.text != ")" or not inner.text[:1].isupper() or not inner.is_alpha:
            continue
        named = m            # the name right before the bracket, unless an earlier one fits better
        if not _abbreviates(inner.text, m.mention.text):
            start = m.start
            while start > 0 and doc[start - 1].lower_ in {"the", "in", "of", "for", "on"}:
                start -= 1
            earlier = by_end.get((m.paragraph, start))
            if earlier is not None and _abbreviates(inner.text, f"{earlier.mention.text} {m.mention.text}"):
                named = earlier
        if named.mention.label == "PERSON":
            continue
        short = at.get((m.paragraph, inner.i))
        if short is None:
            short = LocatedMention(Mention(text=inner.text, label=named.mention.label,
                                           ref=pdoc.ref_for_token(m.paragraph, inner.i)),
                                   m.paragraph, inner.i, inner.i + 1)
            found.append(short)
            at[(m.paragraph, inner.i)] = short
        short.mention.alias_of = named.mention.text
        short.mention.label = named.mention.label
    found.sort(key=lambda m: (m.paragraph, m.start))


def _abbreviates(short: str, name: str) -> bool:
    """Most of an acronym's letters are initials of the name (word order may differ: MINUSCA)."""
    if not short.isupper() and len(short) > 4:
        return True               # a bracketed short name ("Basarnas"), not an acronym
    initials = Counter(w[0].upper() for w in re.split(r"[\s-]+", name) if w[:1].isalpha())
    letters = Counter(short.upper())
    return sum((letters & initials).values()) >= 0.6 * len(short)


def _with_name_prefix(ent: "Span") -> "Span":
    """'PT Samudra Logam': the model often leaves a company-form word out of the name it tags."""
    if ent.start == 0:
        return ent
    before = ent.doc[ent.start - 1]
    if before.lower_ not in ORG_NAME_PREFIXES or not before.text[:1].isupper():
        return ent
    from spacy.tokens import Span

    return Span(ent.doc, ent.start - 1, ent.end, label="ORG")


def _before_open_bracket(ent: "Span") -> "Span | None":
    """'Allied Democratic Forces (ADF': the model ran into a bracket it did not close."""
    opening = next((t.i for t in ent if t.text == "("), None)
    if opening is None or any(t.text == ")" for t in ent):
        return ent
    if opening == ent.start:
        return None
    from spacy.tokens import Span

    return Span(ent.doc, ent.start, opening, label=ent.label)


def _may_be_name(token: "Token") -> bool:
    """A proper noun that can belong to a person's name: not a place any gazetteer knows."""
    if token.ent_type_ in {"", "PERSON", "ORG"}:
        return gazetteer.country_of(token.text) is None
    return token.ent_type_ == "GPE" and not gazetteer.is_place(token.text)


def _whole_name(ent: "Span") -> "Span":
    """A person's name as the parse joins it: the model often cuts it short.

    "Defense Minister Julio César Valdivia" comes tagged as "Julio César" and "Katsina Governor
    Aminu Bello Tsafe" as "Bello Tsafe"; the proper nouns compounded onto the same head are one
    name, up to a title word.
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    while end < len(doc):
        after = doc[end]
        if after.pos_ != "PROPN" or not after.text[:1].isupper() or not _may_be_name(after):
            break
        # the words of one name hang together: the next is the head of one of them, or a sibling
        if not any(t.head.i == after.i or (t.dep_ == after.dep_ == "compound" and t.head.i == after.head.i)
                   for t in doc[start:end]):
            break
        end += 1
    while start > 0:
        before = doc[start - 1]
        if not (before.pos_ == "PROPN" and before.dep_ == "compound" and before.head.i in range(start, end)
                and before.text[:1].isupper() and before.lower_.strip(".") not in ROLE_NOUNS | HONORIFICS
                and _may_be_name(before)):
            break
        start -= 1
    if (start, end) == (ent.start, ent.end):
        return ent
    from spacy.tokens import Span

    return Span(doc, start, end, label=ent.label)


def _credit_start(text: str) -> int:
    """Character offset where a photo or wire credit starts ("© AFP", "Photo: Reuters")."""
    match = CREDIT_MARKERS.search(text)
    return match.start() if match else len(text)


def credit_zones(text: str) -> list[tuple[int, int]]:
    """Character ranges of a paragraph that are credits or page furniture, not story.

    Contributor lines and copyright notices take the whole paragraph; photo and wire credits
    and embedded-post signatures run to its end; a dateline's bracketed outlet and an update
    note ("Updated at 10 a.m. ET:") are cut out where they stand. Nothing in them is an actor
    or a speaker.
    """
    zones = []
    if _WHOLE_CREDIT.search(text):
        return [(0, len(text))]
    tail = min([_credit_start(text)] + [m.start() for m in _POST_SIGNATURE.finditer(text)])
    if tail < len(text):
        zones.append((tail, len(text)))
    for pattern, group in ((_DATELINE_OUTLET, 1), (_UPDATE_NOTE, 0)):
        match = pattern.search(text)
        if match:
            zones.append(match.span(group))
    return zones


def in_zones(zones: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in zones)


def _mention(pdoc: "ParsedDocument", paragraph: int, doc: "Doc", ent: "Span") -> Mention | None:
    if ent.label_ not in ACTOR_LABELS:
        if ent.label_ not in {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"} or not _described_as_person(ent):
            return None
        from spacy.tokens import Span   # "was Ana Ruiz, whose son ...": a person tagged as a thing

        ent = Span(doc, ent.start, ent.end, label="PERSON")
    text = strip_determiner(clean_span_text(ent.text))
    if "(" in text and ")" not in text:
        text = clean_span_text(text[:text.index("(")])    # "Allied Democratic Forces (ADF"
    if not text or not any(ch.isupper() for ch in text[:1]):
        return None
    if ent.end + 2 <= len(doc) and doc[ent.end].text == "-":
        longer = doc[ent.start:ent.end + 2].text            # "Guinea" of "Guinea-Bissau"
        if gazetteer.country_of(longer) is not None:
            text = longer
    if text.lower() in NOT_ACTOR_WORDS | PORTFOLIOS or gazetteer.is_wire_agency(text) \
            or text.split()[0].lower() in EVENT_HEADS:
        return None
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in NAMING_WORDS:
        return None
    if _names_a_thing(text, ent):
        return None
    after = doc[ent.end] if ent.end < len(doc) else None
    if text.split()[0].lower() in PORTFOLIOS and after is not None and after.lower_ in ROLE_NOUNS:
        return None          # "Interior Cabinet Secretary X": part of a title
    if ent.label_ == "ORG" and text.split()[-1].lower() in ROLE_NOUNS and after is not None \
            and after.pos_ == "PROPN":
        return None          # "Katsina Governor Aminu ...": a title, not an organisation
    if any(ch.isdigit() for ch in text) or text.lower() in PLATFORMS or _is_language(ent.root):
        return None          # flight numbers, "posted on Telegram", "spoke Swahili"
    label = _corrected_label(text, ent)
    if label is None:
        return None
    roles = _roles(ent) if label in {"PERSON", "ORG"} else []
    if label == "ORG" and _person_role(roles) and not _institutional(text):
        label = "PERSON"     # "the agency's head, Agus Santoso Nugroho": a person the model called an ORG
    if label == "PERSON":
        words = text.split()
        while len(words) > 2 and words[-1].rstrip(".") in POST_NOMINALS:
            words.pop()       # "Ana Reyes KC", "Tom Hale MP": letters after a name are no part of it
        text = " ".join(words)
        text, titles = split_titles(text)
        if not text:
            return None      # a bare title such as "Minister" or "Mr. Minister"
        if titles:
            roles += [titles]
    ref = pdoc.ref_for_token(paragraph, ent.start)
    return Mention(text=text, label=label, ref=ref, roles=roles)


def _names_a_thing(text: str, ent: "Span") -> bool:
    """Ships, weapons, storms and the words of a title are not actors.

    "HMS Halcyon", "the frigate Halcyon", "Storm Orla"/"the storm, Orla", and "State" in
    "Secretary of State" or "Health" in "Minister for Health".
    """
    doc = ent.doc
    if text.split()[0].lower() in SHIP_PREFIXES:
        return True
    before = [t for t in doc[max(ent.start - 2, 0):ent.start] if not t.is_punct]
    if before and before[-1].lower_ in THING_NOUNS | EVENT_HEADS and before[-1].text[:1].islower():
        return True
    if ent.root.dep_ == "appos" and ent.root.head.lower_ in THING_NOUNS | EVENT_HEADS:
        return True
    if (len(ent) == 1 and ent.start >= 2 and doc[ent.start - 1].lower_ in {"of", "for"}
            and doc[ent.start - 2].lower_.rstrip(".") in ROLE_NOUNS
            and (text.lower() in PORTFOLIOS or text.lower() == "state")):
        return True
    return False


def _after_title(ent: "Span") -> bool:
    """A name right after an abbreviated title or a form of address ("Capt.", "Mrs")."""
    if ent.start == 0 or len(ent) < 2 or not all(t.pos_ == "PROPN" for t in ent):
        return False
    before = ent.doc[ent.start - 1]
    key = before.lower_.rstrip(".")
    return before.text[:1].isupper() and before.head.i in range(ent.start, ent.end) and (
        key in HONORIFICS or (before.text.endswith(".") and key in TITLE_EXPANSIONS))


def split_titles(text: str) -> tuple[str, str | None]:
    """'Trooper First Class Lee Hart' -> ('Lee Hart', 'trooper first class');
    'Brig. Gen. Ade Bello' -> ('Ade Bello', 'brigadier general'); 'Mr. Ali' -> ('Ali', None).

    The leading title words of a person's name, written out; forms of address are no role.
    """
    words = text.split()
    titles = []
    while words:
        if words[0].lower().strip(".") in HONORIFICS | ROLE_NOUNS:
            titles.append(words.pop(0))
        elif " ".join(words[:2]).lower() in RANK_GRADES:
            titles += words[:2]
            del words[:2]
        else:
            break
    role = [t for t in titles if t.lower().strip(".") not in HONORIFICS]
    return " ".join(words), (expand_title(" ".join(role)).lower() if role else None)


def _corrected_label(text: str, ent: "Span") -> str | None:
    """The label after gazetteer correction; None for words that name no actor."""
    if gazetteer.country_of(text) is not None:
        return "GPE"
    if gazetteer.capital_of(text) is not None:
        # "Moscow's ambition", "praised Moscow": a capital that acts stands for its government
        return "GPE" if _acts(ent.root) else "LOC"
    if gazetteer.region_of(text) is not None:
        return "LOC"
    if ent.label_ in {"GPE", "ORG", "LOC"} and _after_title(ent):
        return "PERSON"      # "Capt. Ruben Olmedo" tagged as a place
    if ent.label_ == "NORP":
        return None          # religions, ideologies, "Western": not actors (demonyms handled above)
    if named_institution(text):
        return "ORG"         # "PT Kilang ...", "Grupo ...", "... Medical Center": an organisation
    if ent.label_ in {"ORG", "GPE", "LOC"} and not _institutional(text) and _described_as_person(ent):
        return "PERSON"      # "Dana Roe, 24, ...", "X, who lives nearby": only people have an age
    if ent.label_ in {"GPE", "LOC"} and not _institutional(text) and _looks_like_full_name(ent) \
            and (_beside_role(ent) or _speaks_or_keeps(ent)):
        return "PERSON"      # "the head of the team, Ilse Varga," / "Ilse Varga still keeps ..." 
    words = [w.lower() for w in re.split(r"[\s-]+", text)]
    if ent.label_ in {"PERSON", "ORG", "GPE"} and words[-1] in FACILITY_NOUNS:
        return "FAC"         # "the Palm Crescent Hotel" is a place
    if ent.label_ == "PERSON" and set(words) & GROUP_NAME_WORDS:
        return "ORG"         # "Harakat al-Furqan": an armed group's name
    if ent.label_ in {"PERSON", "ORG", "GPE"} and not _institutional(text) and (
            _locative(ent.root) or _dateline(ent)):
        return "LOC"         # "in Malindi", "the town of Malindi", "MALINDI, Kenya —"
    if ent.label_ == "PERSON" and (text.split()[-1].lower() in ORG_SUFFIXES or
                                   (ent.root.dep_ == "appos" and ent.root.head.lower_ in ORG_NOUNS)):
        return "ORG"         # "X Group", "the crisis-mapping organization X": not a person
    return ent.label_


def _looks_like_full_name(ent: "Span") -> bool:
    """Two or three capitalised proper nouns, the way a person's name is written."""
    return 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha
                                      or t.text == "-" for t in ent)


def _beside_role(ent: "Span") -> bool:
    """Set beside a role noun: 'the head of the Goma team, Ilse Varga,'."""
    root = ent.root
    return root.dep_ == "appos" and root.head.lower_ in ROLE_NOUNS and root.head.pos_ == "NOUN"


def _speaks_or_keeps(ent: "Span") -> bool:
    """The subject of a clause whose verb only people do: speaking, keeping, remembering."""
    root = ent.root
    if root.dep_ != "nsubj" or root.head.lemma_.lower() not in SPEECH_VERBS | PERSON_VERBS:
        return False
    if ent.start > 0 and ent.doc[ent.start - 1].text == ",":
        return False          # "in Rutshuru territory, North Kivu, ... the agency said": a place
    return [c for c in root.head.children if c.dep_ in {"nsubj", "nsubjpass"}] == [root]


# Letters written after a person's name: counsel's rank, a member's seat, honours.
POST_NOMINALS = frozenset("KC QC SC MP MSP AM MLA TD MEP OBE MBE CBE KBE DBE".split())


# Verbs whose subject is a person, never a place: "Ilse Varga still keeps the letters".
PERSON_VERBS = frozenset("keep remember shrug smile weep cry laugh nod sob".split())


# Verbs of going and taking away: "travelling to X", "abducted from X" name a place.
MOTION_VERBS = {"travel", "go", "fly", "drive", "return", "head", "move", "flee", "evacuate",
                "abduct", "kidnap", "deploy", "march", "walk", "sail", "arrive", "come"}
PLACE_NOUNS = {"residents", "villagers", "people", "town", "city", "village", "region", "province", "district", "county", "capital",
               "port", "island", "suburb", "neighbourhood", "neighborhood", "municipality", "state"}
LOCATIVE_PREPS = {"in", "near", "outside", "around", "across", "into", "inside", "throughout", "off"}


def _locative(token: "Token") -> bool:
    """The name is where something happens: 'in X', 'the town of X'."""
    token = first_conjunct(token)
    if token.dep_ != "pobj":
        return False
    prep = token.head
    return (prep.lower_ in LOCATIVE_PREPS or (prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS)
            or (prep.lower_ in {"to", "from"} and prep.head.lemma_.lower() in MOTION_VERBS))


def _dateline(ent: "Span") -> bool:
    """A wire dateline opens the paragraph with the place in capitals: 'NAIROBI, Aug 10 (Reuters) -'."""
    doc = ent.doc
    return ent.start == 0 and ent.text.isupper() and ent.end < len(doc) and doc[ent.end].text == ","


def _is_language(token: "Token") -> bool:
    token = first_conjunct(token)
    return token.dep_ == "dobj" and token.head.lemma_.lower() == "speak"


def named_institution(text: str) -> bool:
    """A name made the way business and institution names are: "PT X", "Grupo X", "X Tbk",
    "X Hospital", "X Medical Center" (ORG_NAME_PREFIXES, ORG_NAME_ENDINGS, ORG_NAME_PAIRS)."""
    words = [w.lower().strip(".,") for w in text.split()]
    if len(words) < 2:
        return False
    return (words[0] in ORG_NAME_PREFIXES or words[-1] in ORG_NAME_ENDINGS
            or tuple(words[-2:]) in ORG_NAME_PAIRS)


def _described_as_person(ent: "Span") -> bool:
    """A name followed by an age (", 24,") or by a relative clause of people (", who", ", whose")."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != "," or not all(
            t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent):
        return False
    after = doc[ent.end + 1]
    if after.lower_ in {"who", "whose"}:
        return True
    return (after.text.isdigit() and 0 < int(after.text) < 120 and ent.end + 2 < len(doc)
            and doc[ent.end + 2].text in {",", ".", "and"})


def _institutional(text: str) -> bool:
    return named_institution(text) or any(w.lower() in INSTITUTION_WORDS | ORG_SUFFIXES for w in re.split(r"[\s-]+", text))


def _person_role(roles: list[str]) -> bool:
    return any(is_person_role(role) for role in roles)


ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "agent"}
RELATION_PREPS = {"with", "between", "against", "by", "from", "towards", "toward"}


def _acts(token: "Token") -> bool:
    """The token plays a part in the clause (subject, object, partner), not a location."""
    token = first_conjunct(token)
    if token.dep_ in ACTING_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in RELATION_PREPS


def _roles(ent: "Span") -> list[str]:
    """Titles and descriptions attached to a name: pre-modifiers and appositives."""
    roles: list[str] = []
    head = ent.root
    doc = ent.doc
    # Pre-modifiers inside the noun phrase: "Russian Foreign Minister Sergei Lavrov".
    start = ent.start
    while start > 0 and doc[start - 1].head.i in range(start - 1, ent.end + 1) and \
            doc[start - 1].dep_ in {"compound", "amod", "nmod", "poss", "case", "punct"} and \
            doc[start - 1].text not in {",", "(", "“", "\""}:
        start -= 1
    # The chain may also run through an entity: "Wagner Group founder Yevgeny Prigozhin".
    if start < ent.start:
        chunk = doc[start:ent.start]
        if _is_role(chunk):
            roles.append(_role_text(chunk))
    # Appositive after the name: "Abdoulaye Diop, Mali's foreign minister,".
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            chunk = _role_phrase(child)
            if _is_role(chunk, child) and not any(t.ent_type_ == "PERSON" for t in chunk):
                roles.append(_role_text(chunk))
    # The name is the appositive of a role: "Mali's interim president, Colonel Assimi Goïta".
    if head.dep_ == "appos" and head.head.i < ent.start:
        role_head = head.head
        chunk = _role_phrase(role_head, stop=ent.start)
        if _is_role(chunk, role_head):
            roles.append(_role_text(chunk))
    return list(dict.fromkeys(r for r in roles if r))


# "head of the rescue agency", "Ambassador to Pakistan", "Minister for Women": a title's complement.
ROLE_PREPS = {"of", "to", "for"}


def _role_phrase(noun: "Token", stop: int | None = None) -> "Span":
    """A title noun with its modifiers and an 'of' complement: 'head of the rescue agency'."""
    doc = noun.doc
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ROLE_PREPS and child.right_edge.i - noun.left_edge.i < 10:
            end = child.right_edge.i + 1
    if stop is not None:
        end = min(end, stop)
    span = doc[noun.left_edge.i:end]
    while len(span) and span[-1].is_punct:
        span = span[:-1]
    return span


def _is_role(chunk: "Span", head: "Token | None" = None) -> bool:
    """A title or description: its head noun names a role ("minister", "founder", "activist")."""
    words = [t for t in chunk if not t.is_punct]
    if not words or len(words) > 10:
        return False
    last = head if head is not None else words[-1]
    return last.lower_.rstrip(".") in ROLE_NOUNS or (last.pos_ == "NOUN" and last.ent_type_ == "" and last.lower_.endswith(
        ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person")))


def _role_text(chunk: "Span") -> str:
    """A role as text, abbreviated titles written out ("Capt." -> "captain")."""
    return expand_title(strip_determiner(clean_span_text(chunk.text)))


def _parenthetical_acronyms(doc: "Doc") -> list[tuple["Token", str]]:
    """'the UN peacekeeping mission (Minusma)': the bracketed name of an organisation noun phrase."""
    found = []
    for token in doc:
        if (token.i > 0 and doc[token.i - 1].text == "(" and token.i + 1 < len(doc)
                and doc[token.i + 1].text == ")" and token.text[:1].isupper() and token.is_alpha
                and token.dep_ == "appos" and token.head.lower_ in ORG_NOUNS):
            found.append((token, "ORG"))
    return found


ARMY_WORDS = {"military", "army"}
# Bodies a town has of its own: "Milton police".
LOCAL_BODIES = {"police"}


def _state_bodies(doc: "Doc", limit: int) -> list[tuple[int, int, str]]:
    """'the Kenyan interior ministry', 'Somali police': a country's institution named by its demonym.

    Armies are named one way ("<demonym> army") whatever the article calls them, so that
    "Malian military" and "the Malian army" are one actor.
    """
    found = []
    for token in doc:
        if token.lower_ not in STATE_BODIES or token.pos_ not in {"NOUN", "PROPN"} or token.idx >= limit:
            continue
        left = [c for c in token.lefts if c.dep_ in {"amod", "compound", "nmod"}]
        demonyms = [c for c in left if gazetteer.is_demonym(c.text)]
        if not demonyms and token.lower_ in LOCAL_BODIES:
            # "Millbrook police said": a town's police, named by the town
            demonyms = [c for c in left if c.pos_ == "PROPN" and c.text[:1].isupper()
                        and c.i == token.i - 1 and c.ent_type_ in {"GPE", "PERSON", "ORG", "LOC", ""}]
            if demonyms:
                demonyms = [doc[c.left_edge.i] if c.left_edge.pos_ == "PROPN" else c for c in demonyms]
        if not demonyms:
            continue
        start = demonyms[0].i
        words = [t.text for t in doc[start:token.i + 1]]
        if token.lower_ in ARMY_WORDS and len(words) == 2:
            words[-1] = "army"
        found.append((start, token.i + 1, " ".join(words)))
    return found


# Head nouns of public bodies that a report may name only by what they are, and that speak.
BODY_NOUNS = {"ministry", "department", "coalition", "coastguard", "agency", "authority",
              "commission", "directorate", "bureau", "inspectorate", "regulator", "office",
              "service", "council"}
# Of these, the ones that are a body by themselves: "the coastguard said".
BARE_BODIES = {"coastguard", "gendarmerie"}


def _speaking_bodies(doc: "Doc", limit: int,
                     before: list[LocatedMention]) -> list[tuple[int, int, str, str | None]]:
    """'the rebel-run health ministry said', 'according to the state prosecutor's office', 'the
    coastguard said': a public body named by its modifiers and its head noun, when it speaks
    (the subject of a reporting verb, or the source of "according to")."""
    found = []
    for token in doc:
        if token.lower_ not in BODY_NOUNS | BARE_BODIES or token.pos_ not in {"NOUN", "PROPN"} \
                or token.idx >= limit or token.ent_type_ == "PERSON" or token.text[:1].isupper():
            continue              # a capitalised name is the model's to tag
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue              # "the state news agency Agencia Delta": the name is the actor
        head = token.head
        speaks = (token.dep_ in {"nsubj"} and head.lemma_.lower() in SPEECH_VERBS) or (
            token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according")
        if not speaks:
            continue
        left = [t for t in doc[token.left_edge.i:token.i]
                if t.dep_ not in {"det", "punct"} or t.text == "-"]
        while left and (left[0].dep_ in {"det", "predet"} or left[0].pos_ == "PRON"
                        or left[0].text == "-"):
            left.pop(0)
        if any(t.pos_ in {"PRON", "NUM"} or t.lower_ in {"its", "their", "country", "nation"}
               or (t.tag_ == "POS" and (t.head.lower_ in {"country", "nation"}
                                        or gazetteer.country_of(t.head.text) is not None))
               for t in left):
            continue              # "Kenya's disaster agency": a national body, named elsewhere
        if not left and token.lower_ not in BARE_BODIES:
            continue
        if token.lower_ == "office" and not (any(t.tag_ == "POS" for t in left)
                                             and any(t.pos_ == "PROPN" for t in left)):
            continue              # "the Lorca county prosecutor's office", not "the mayor's office"
        if token.dep_ == "appos" or any(c.dep_ == "appos" for c in token.children):
            continue              # "the rescue agency, Basarnas,": the name beside it is the actor
        start = left[0].i if left else token.i
        text = doc[start:token.i + 1].text.replace(" - ", "-").replace(" 's", "'s")
        found.append((start, token.i + 1, text, _named_before(text, before)))
    return found


def _without_described_names(found: list[LocatedMention],
                             bodies: list[LocatedMention]) -> list[LocatedMention]:
    """A body described by its head noun ("the search and rescue agency said") where the
    document also gives a proper name with that noun ("the National Search and Rescue Agency")
    is most likely that one: the description names no actor of its own, unless it was linked."""
    if not bodies:
        return found
    ids = {id(b) for b in bodies}
    heads = {w.lower() for m in found if m.mention.label == "ORG" and id(m) not in ids
             for w in m.mention.text.split() if w[:1].isupper()}
    return [m for m in found if id(m) not in ids or m.mention.alias_of
            or m.mention.text.split()[-1].lower() not in heads]


def _named_before(text: str, before: list[LocatedMention]) -> str | None:
    """The organisation named earlier whose name holds every word of a description of it:
    "the fire bureau" after "the Bureau of Fire Protection"."""
    words = set(text.lower().split())
    for m in reversed(before):
        if m.mention.label == "ORG" and m.mention.text.lower() != text.lower() \
                and words <= set(m.mention.text.lower().split()):
            return m.mention.text
    return None


def _untagged_people(doc: "Doc", limit: int) -> list[tuple[int, int, str]]:
    """A name set beside a title that the model did not tag: 'the foreign minister, Adelina Gomes Có,'."""
    found = []
    for token in doc:
        if token.lower_ not in ROLE_NOUNS or token.pos_ != "NOUN" or token.idx >= limit:
            continue
        for child in token.children:
            if child.dep_ != "appos" or child.pos_ != "PROPN" or child.ent_type_:
                continue
            words = [t for t in child.subtree if t.i <= child.i]
            if (words and 2 <= len(words) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper()
                                                        and not t.ent_type_ for t in words)):
                found.append((words[0].i, child.i + 1, _role_text(_role_phrase(token, stop=words[0].i))))
    return found


def _untagged_organisations(doc: "Doc", limit: int) -> list[tuple[int, int]]:
    """Capitalised names the model missed whose words say they are institutions ("... Watch")."""
    found = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].ent_type_:
            j += 1
        run = doc[i:j]
        if (len(run) >= 2 and run[-1].idx < limit and any(t.lower_ in INSTITUTION_WORDS for t in run)
                and not any(gazetteer.is_place(t.text) for t in run)):
            found.append((i, j))
        i = max(j, i + 1)
    return found


def _missed_countries(doc: "Doc", limit: int) -> list[tuple[int, int]]:
    """Country names the model did not tag at all ("Niger and Chad closed ...")."""
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.ent_type_ or not token.text[:1].isupper() or token.idx >= limit:
            i += 1
            continue
        for size in (4, 3, 2, 1):
            end = i + size
            if end <= len(doc) and not any(t.ent_type_ for t in doc[i:end]) and \
                    gazetteer.country_of(doc[i:end].text) is not None and doc[end - 1].pos_ == "PROPN":
                found.append((i, end))
                i = end - 1
                break
        i += 1
    return found


def _bare_acronym(token: "Token") -> bool:
    """An all-capitals name the model missed ("ACLED data"): an organisation, unless known otherwise."""
    text = token.text
    after_number = token.i > 0 and token.doc[token.i - 1].like_num     # "737 MAX": a model name
    return (3 <= len(text) <= 8 and text.isalpha() and text.isupper() and token.ent_type_ == ""
            and not after_number and text.lower() not in NOT_ACTOR_WORDS
            and token.pos_ == "PROPN" and not gazetteer.is_wire_agency(text)
            and gazetteer.country_of(text) is None and not gazetteer.is_place(text))


def _acronym_role(token: "Token") -> list[str]:
    if token.dep_ != "appos":
        return []
    head = token.head
    chunk = token.doc[head.left_edge.i:head.i + 1]
    return [strip_determiner(clean_span_text(chunk.text))]

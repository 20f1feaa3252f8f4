"""Quotes and reported speech in one document, each with its speaker.

Approach (in the spirit of the GenderGapTracker and textacy extractors, on spaCy's parse):
1. find quoted spans with a character scanner that pairs curly, angle and straight marks, lets a
   quote run over paragraphs the way newspapers write it (each paragraph reopens, only the last
   closes), and never lets an unbalanced mark run past its paragraph;
2. attribute each span through the nearest reporting verb outside the quote (before, after or
   between its parts), its subject, "according to X", or an appositive title;
3. resolve pronouns to the nearest preceding person, and let quote-only paragraphs inherit the
   speaker of the paragraph before;
4. find reported speech (no quote marks) through reporting verbs with a clause or object.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .. import gazetteer
from ..model import Quote
from .actors import LocatedMention, is_heading
from .lexicon import (
    BELIEF_VERBS,
    OBJECT_SPEECH_VERBS,
    REFUSAL_VERBS,
    SPEAKING_COMPLEMENTS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    ROLE_NOUNS,
    SPEECH_VERBS,
    clean_span_text,
    strip_determiner,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from ..nlp import ParsedDocument

PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}
NON_SPEAKERS = {"it", "this", "that", "there", "what", "which", "who", "one"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Nouns that stand for the organisation behind them: "data from X", "a report by X".
SOURCE_NOUNS = {"data", "figures", "report", "reports", "statement", "statistics", "analysis",
                "estimates", "count", "tally", "survey", "study", "research", "findings", "sources"}
# Kinship nouns: "the victim's mother", "the boy's grandmother".
KIN_NOUNS = {"mother", "father", "parent", "parents", "sister", "brother", "son", "daughter",
             "wife", "husband", "widow", "widower", "grandmother", "grandfather", "aunt", "uncle",
             "cousin", "niece", "nephew", "fiancee", "fiancée", "fiance", "partner", "stepfather",
             "stepmother", "grandson", "granddaughter", "child", "children"}
# Nouns for a text someone issued, by which a report refers back to its author ("the
# statement added").
ISSUED_NOUNS = {"statement", "communique", "communiqué", "release", "letter", "notice"}
ISSUING_VERBS = {"release", "issue", "publish", "circulate", "send"}
# What carries someone's words without being their author: "according to a video posted online".
CHANNEL_NOUNS = {"video", "footage", "recording", "post", "posting", "clip", "livestream", "images",
                 "photos", "pictures", "broadcast", "transcript", "tape"}
# Pronouns and quantifiers that stand for a group named before: "Some said ...".
GROUP_WORDS = {"some", "many", "others", "several", "most", "few", "both", "all"}
# Head nouns by which an article refers back to an organisation it named: "the company said".
# A business is often named once and then called "the company"; a ministry or agency only
# refers back to one whose name holds the noun ("the ministry" -> "Interior Ministry").
ORG_BACK_NOUNS = {"ministry", "agency", "department", "union", "council", "authority", "embassy"}
BUSINESS_NOUNS = {"company", "firm", "operator", "airline", "carrier", "owner"}
_AGE_DESCRIPTION = re.compile(r"^(?:the\s+)?(\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old$", re.I)
# How far back (in paragraphs) a pronoun or a quote-only paragraph looks for its speaker.
LOOKBACK = 3
# Quotes attributed per paragraph and per document. Attributing one quote reads the sentences
# around it, so a paragraph of nothing but quote marks would cost its length squared; past these
# counts, further quoted stretches still count as quoted text but give no quote of their own.
QUOTES_PER_PARAGRAPH = 50
QUOTES_PER_DOCUMENT = 1_000


@dataclass
class QuoteSpan:
    """A quoted stretch: from (paragraph, char) to (paragraph, char), marks excluded."""

    paragraph: int            # 1-based paragraph where the quote opens
    start: int                # first character inside the marks
    end_paragraph: int
    end: int                  # character after the last one inside the marks
    text: str
    closed: bool = True


@dataclass
class Speaker:
    name: str
    role: str | None = None
    cue: str | None = None
    token: tuple[int, int] | None = None     # (paragraph, token) of the reporting verb


@dataclass
class _Open:
    paragraph: int
    start: int
    closer: str
    parts: list[str]
    last_paragraph: int = 0


def find_quote_spans(paragraphs: list[str]) -> list[QuoteSpan]:
    """Pair quote marks across a document's paragraphs, in one pass over the characters.

    A quote left open is bounded: by the end of its paragraph when the next paragraph does not
    reopen it, or by the next opening mark, and kept with `closed=False`.
    """
    spans: list[QuoteSpan] = []
    state: _Open | None = None
    for p, text in enumerate(paragraphs, start=1):
        i = segment = 0
        if state is not None:
            stripped = text.lstrip()
            if stripped[:1] in PAIRS:          # the paragraph reopens the quote: it goes on
                i = segment = len(text) - len(stripped) + 1
            else:                              # never closed: it ends where its paragraph ended
                spans.append(_unclosed(state, paragraphs))
                state = None
        while i < len(text):
            ch = text[i]
            if state is None:
                if ch in PAIRS and _opens(text, i):
                    state = _Open(p, i + 1, PAIRS[ch], [])
                    segment = i + 1
            elif ch == state.closer and (ch != '"' or _closes(text, i)):
                state.parts.append(text[segment:i])
                spans.append(QuoteSpan(state.paragraph, state.start, p, i, _join(state.parts)))
                state = None
            elif ch in PAIRS and _opens(text, i) and _reopens(text, i, state):
                # an opening mark while a quote is open: the open one was never closed
                state.parts.append(text[segment:i])
                spans.append(QuoteSpan(state.paragraph, state.start, p, _trimmed_end(text, segment, i),
                                       _join(state.parts), closed=False))
                state = _Open(p, i + 1, PAIRS[ch], [])
                segment = i + 1
            i += 1
        if state is not None:
            state.parts.append(text[segment:])
            state.last_paragraph = p
    if state is not None:
        spans.append(_unclosed(state, paragraphs))
    return [s for s in spans if s.text]


def _reopens(text: str, i: int, state: _Open) -> bool:
    """Is the mark at `i` a new quote's opening rather than part of the open one?

    A straight mark that does not close (a letter follows) opens only after a space, as a new
    quotation does; curly and angle openers always do (their closer is another character).
    """
    if text[i] == '"':
        return i > 0 and text[i - 1].isspace()
    return text[i] != state.closer


def _trimmed_end(text: str, segment: int, i: int) -> int:
    """Where the words before position `i` end (spaces before a mark left out)."""
    while i > segment and text[i - 1].isspace():
        i -= 1
    return i


def _join(parts: list[str]) -> str:
    return " ".join(x.strip() for x in parts if x.strip())


def _unclosed(state: _Open, paragraphs: list[str]) -> QuoteSpan:
    last = state.last_paragraph or state.paragraph
    return QuoteSpan(state.paragraph, state.start, last, len(paragraphs[last - 1]),
                     _join(state.parts), closed=False)


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == '"':
        return (before.isspace() or before in "([{—–-:,") and not after.isspace()
    return not after.isspace() or text[i] in "“«„"


def _closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum()


def extract_quotes(pdoc: "ParsedDocument", mentions: list[LocatedMention]) -> list[Quote]:
    """Direct, partial and reported-speech quotes of one document, in reading order."""
    spans = find_quote_spans(pdoc.document.paragraphs)
    context = _Context(pdoc, mentions, spans)
    kept = capped(spans)
    if len(kept) < len(spans):
        pdoc.notes.append(f"{len(spans):,} quoted passages; only the first {len(kept):,} were "
                          f"read as quotes (at most {QUOTES_PER_PARAGRAPH} per paragraph and "
                          f"{QUOTES_PER_DOCUMENT:,} per document)")
    quotes: list[tuple[tuple[int, int], Quote]] = []
    previous: Speaker | None = None
    previous_paragraph = 0
    for span in kept:
        found = context.attribute(span)
        quote_only = context.quote_only(span.paragraph)
        if found is None and previous is not None and (
                span.paragraph == previous_paragraph or
                (quote_only and span.paragraph - previous_paragraph <= 1)):
            found = Speaker(previous.name, previous.role, previous.cue)
        if found is None and quote_only:
            found = context.paragraph_subject(span.paragraph - 1)
        kind = "direct" if context.is_clause(span) or quote_only else "partial"
        if found is None and kind == "partial":
            found = context.sentence_subject(span)
        if kind == "partial" and context.is_scare_quote(span, found):
            continue
        if kind == "direct" and found is not None and found.token is not None \
                and not context.reports_before(span, found.token):
            context.direct_cues.add(found.token)   # its verb reports this quote, not other speech
        if found is not None:
            previous, previous_paragraph = found, span.end_paragraph
        quotes.append(((span.paragraph, span.start), Quote(
            text=span.text, kind=kind, speaker=found.name if found else None,
            speaker_role=found.role if found else None, cue=found.cue if found else None,
            sources=[context.ref(span.paragraph, span.start)], uncertain=not span.closed)))
    for position, quote in context.reported_speech():
        quotes.append((position, quote))
    quotes.sort(key=lambda item: item[0])
    return [q for _, q in quotes]


def capped(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """The spans attribution reads: the first of each paragraph and of the document."""
    kept: list[QuoteSpan] = []
    per_paragraph: dict[int, int] = {}
    for span in spans:
        if len(kept) >= QUOTES_PER_DOCUMENT:
            break
        seen = per_paragraph.get(span.paragraph, 0)
        if seen < QUOTES_PER_PARAGRAPH:
            kept.append(span)
            per_paragraph[span.paragraph] = seen + 1
    return kept


class _Context:
    """The parsed document, its quote spans and mentions, with the lookups attribution needs."""

    def __init__(self, pdoc: "ParsedDocument", mentions: list[LocatedMention], spans: list[QuoteSpan]):
        self.pdoc = pdoc
        self.docs = pdoc.paragraphs
        self.texts = pdoc.document.paragraphs
        self.mentions = mentions
        self.spans = spans
        self.direct_cues: set[tuple[int, int]] = set()   # (paragraph, token) of verbs used by quotes
        # Character ranges under quotation, marks included, per paragraph, looked up for every
        # token: kept sorted by start with the running maximum of their ends, so that a lookup
        # is one bisection however many quotes the paragraph holds.
        ranges: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            for p in range(span.paragraph, span.end_paragraph + 1):
                start = span.start - 1 if p == span.paragraph else 0
                end = span.end if p == span.end_paragraph else len(self.texts[p - 1])
                ranges.setdefault(p, []).append((start, end))
        self.ranges: dict[int, tuple[list[int], list[int]]] = {}
        for p, found in ranges.items():
            found.sort()
            reach, ends = -1, []
            for _, end in found:
                reach = max(reach, end)
                ends.append(reach)
            self.ranges[p] = ([start for start, _ in found], ends)
        self._token_starts: dict[int, list[int]] = {}
        self._token_ends: dict[int, list[int]] = {}
        self._quote_only: dict[int, bool] = {}
        # Mentions come in paragraph order: where each paragraph's mentions begin in the list.
        numbers = [m.paragraph for m in mentions]
        self._ordered = all(a <= b for a, b in zip(numbers, numbers[1:]))
        self._mention_paragraphs = numbers
        self._person_names = {m.mention.text for m in mentions if m.is_person}
        self._genders: dict[str, str] | None = None
        self._names = {m.mention.text for m in mentions}

    # -- positions -------------------------------------------------------------------------
    def ref(self, paragraph: int, char: int):
        token = self._token_at(paragraph, char)
        return self.pdoc.ref_for_token(paragraph, token.i if token is not None else 0)

    def inside_quote(self, paragraph: int, token: "Token") -> bool:
        found = self.ranges.get(paragraph)
        if found is None:
            return False
        starts, reach = found
        i = bisect_right(starts, token.idx) - 1
        return i >= 0 and token.idx <= reach[i]

    def _starts(self, paragraph: int) -> list[int]:
        starts = self._token_starts.get(paragraph)
        if starts is None:
            starts = self._token_starts[paragraph] = [t.idx for t in self.docs[paragraph - 1]]
        return starts

    def _token_at(self, paragraph: int, char: int) -> "Token | None":
        """The token at a character offset, or the first one after it (offsets may fall on spaces)."""
        doc = self.docs[paragraph - 1]
        ends = self._token_ends.get(paragraph)
        if ends is None:
            ends = self._token_ends[paragraph] = [t.idx + len(t.text) for t in doc]
        i = bisect_right(ends, char)
        if i < len(doc):
            return doc[i]
        return doc[-1] if len(doc) else None

    def quote_tokens(self, span: QuoteSpan, paragraph: int) -> list["Token"]:
        doc = self.docs[paragraph - 1]
        start = span.start if paragraph == span.paragraph else 0
        end = span.end if paragraph == span.end_paragraph else len(self.texts[paragraph - 1])
        starts = self._starts(paragraph)
        return list(doc[bisect_left(starts, start):bisect_left(starts, end)])

    def quote_only(self, paragraph: int) -> bool:
        known = self._quote_only.get(paragraph)
        if known is None:
            doc = self.docs[paragraph - 1]
            known = self._quote_only[paragraph] = all(
                t.is_punct or t.is_space or self.inside_quote(paragraph, t) for t in doc)
        return known

    def _in(self, first: int, last: int) -> Iterable[LocatedMention]:
        """The mentions of paragraphs first..last in list order (all of them if out of order),
        so that a look-back costs the mentions near the position, not the document's."""
        if not self._ordered:
            return self.mentions
        lo = bisect_left(self._mention_paragraphs, first)
        hi = bisect_right(self._mention_paragraphs, last)
        return (self.mentions[i] for i in range(lo, hi))

    # -- attribution -----------------------------------------------------------------------
    def attribute(self, span: QuoteSpan) -> Speaker | None:
        """The speaker named by a reporting verb or 'according to' next to the quote."""
        candidates: list[tuple[int, "Token", int]] = []
        for paragraph in sorted({span.paragraph, span.end_paragraph}):
            doc = self.docs[paragraph - 1]
            inner = self.quote_tokens(span, paragraph)
            if not inner:
                continue
            inner_ids = {t.i for t in inner}
            for token in _window(doc, inner[0], inner[-1]):
                if self.inside_quote(paragraph, token):
                    continue
                if _is_cue(token) or (token.lower_ == "according" and _according_object(token)):
                    # a verb whose own phrase holds the quote beats a merely nearby one
                    governs = any(t.i in inner_ids for t in token.subtree) or _introduces(token, inner[0])
                    if not governs and _reports_other(token, inner_ids, lambda t: self.inside_quote(paragraph, t)):
                        continue  # "“...” She said the staff had ...": she reports something else
                    distance = min(abs(token.i - inner[0].i), abs(token.i - inner[-1].i))
                    candidates.append(((0 if governs else 1000) + distance, token, paragraph))
        for _, cue, paragraph in sorted(candidates, key=lambda c: c[0]):
            speaker = self.speaker_of_cue(cue, paragraph)
            if speaker is not None:
                speaker.token = (paragraph, cue.i)
                return speaker
        return None

    def speaker_of_cue(self, cue: "Token", paragraph: int) -> Speaker | None:
        if cue.lower_ == "according":
            obj = _according_object(cue)
            if obj is None or obj.lemma_.lower() in CHANNEL_NOUNS:
                return None       # "according to a video": how the words came, not whose
            return self.speaker_from_np(obj, paragraph, "according to")
        heard = _perceived_speaker(cue)
        if heard is not None and not any(self.inside_quote(paragraph, t) for t in heard):
            # "he heard a guard yell 'Run!'": the guard, not he
            people = [m for m in self._mentions_in(paragraph, {t.i for t in heard}) if m.is_person]
            if people:
                return Speaker(people[-1].mention.text, None, cue.text)
            return Speaker(strip_determiner(clean_span_text(heard.text)), None, cue.text)
        verb = cue
        if _second_report(cue):
            verb = _first_report(cue)     # "said the shelters were full and urged ...": the sayer
        trailing = _trailing_attribution(cue)
        if trailing is not None and not self.inside_quote(paragraph, trailing):
            found = self.speaker_from_np(trailing, paragraph, cue.text)
            if found is not None:         # "X was slowed by fog, the owner, Y, said": Y
                return found
        if cue.dep_ == "acl" and cue.head.i == cue.i - 1 and cue.head.pos_ in {"NOUN", "PROPN"} \
                and self.inside_quote(paragraph, cue.doc[max(cue.head.left_edge.i - 1, 0)]):
            # '“...,” the ministry's press service informed.': the parser hangs the verb on the
            # noun phrase after the quote
            found = self.speaker_from_np(cue.head, paragraph, cue.text)
            if found is not None:
                return found
        for _ in range(5):
            if verb.lemma_.lower() == "quote" and verb is not cue:
                quoted = self.quoted_person(verb, paragraph)
                if quoted is not None:     # "a radio station quoted X as saying": X speaks
                    return Speaker(quoted.name, quoted.role, cue.text)
            if verb.pos_ in {"NOUN", "ADP"} and verb.dep_ in {"dobj", "pobj", "prep"} and verb.head is not verb:
                verb = verb.head          # "released a statement saying", "quoted X as saying"
                continue
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS
                            and not self.inside_quote(paragraph, c)), None)
            if subject is not None:
                if subject.lower_ in PRONOUNS_GROUP | {"i"}:
                    according = self.according_in_sentence(verb, paragraph)
                    if according is not None:
                        return Speaker(according.name, according.role, cue.text)
                return self.speaker_from_np(subject, paragraph, cue.text)
            if verb.dep_ == "acl" and verb.i > 0 and verb.doc[verb.i - 1].text == "," \
                    and verb.head.pos_ in {"PROPN", "NOUN"} and verb.head.i < verb.i \
                    and (verb.head.dep_ == "ROOT" or verb.head.pos_ == "PROPN" and verb.head.dep_ == "appos") \
                    and verb.lemma_.lower() != "say":
                # "The envoy, Ivo Marek, called on ...": the parser hangs the verb on the name
                return self.speaker_from_np(verb.head, paragraph, cue.text)
            if verb.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl"} and verb.head is not verb:
                verb = verb.head          # "..., saying", "did not mention X and denies Y"
                continue
            break
        described = self.described_before(cue, paragraph)
        if described is not None:
            return described
        inverted = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i
                         and not self.inside_quote(paragraph, c)), None)
        if inverted is not None and self.inside_quote(paragraph, cue.doc[max(cue.left_edge.i - 1, 0)]):
            # '“...,” has declared the minister, X': a translated inversion; the parser makes the
            # speaker an object
            return self.speaker_from_np(inverted, paragraph, cue.text)
        return None

    def described_before(self, cue: "Token", paragraph: int) -> Speaker | None:
        """'..., the 12-year-old said': a description the parser left without a subject link."""
        doc = cue.doc
        words = []
        for token in reversed(doc[max(cue.i - 7, 0):cue.i]):
            if token.is_quote or self.inside_quote(paragraph, token) or token.text == ",":
                break
            words.insert(0, token.text)
        age = _AGE_DESCRIPTION.match(" ".join(words).replace(" - ", "-"))
        if age is None:
            return None
        found = self.person_of_age(age.group(1), paragraph, cue.i)
        return Speaker(found, None, cue.text) if found else None

    def quoted_person(self, verb: "Token", paragraph: int) -> Speaker | None:
        """The one quoted in "quoted X as saying": its object, or a name set beside it."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        stop = next((c.i for c in verb.children if c.lower_ == "as" and c.i > obj.i), obj.right_edge.i + 1)
        people = [m for m in self._in(paragraph, paragraph) if m.paragraph == paragraph and m.is_person
                  and obj.left_edge.i <= m.start < stop]
        if people:
            return Speaker(people[-1].mention.text, strip_determiner(clean_span_text(obj.text)), None)
        return self.speaker_from_np(obj, paragraph, None)

    def according_in_sentence(self, verb: "Token", paragraph: int) -> Speaker | None:
        for token in verb.sent:
            if token.lower_ == "according":
                obj = _according_object(token)
                if obj is not None:
                    return self.speaker_from_np(obj, paragraph, "according to")
        return None

    def speaker_from_np(self, root: "Token", paragraph: int, cue: str) -> Speaker | None:
        described = next((c for c in root.children if c.dep_ == "appos" and c.pos_ in {"NOUN", "PROPN"}), None)
        if described is not None and (root.lower_ in NON_SPEAKERS or root.pos_ in {"NUM", "PRON"}):
            return self.speaker_from_np(described, paragraph, cue)   # "one of the sources, a police officer"
        if root.lower_ == "it" and root.dep_ in SUBJECT_DEPS and _is_cue(root.head) \
                and root.head.dep_ == "ROOT" and root.i == root.sent.start:
            found = self.nearest_org(paragraph, root.i, cue, acting=True)   # "The ministry ... It said"
            return found if found is not None else self.body_spoken_before(paragraph, root.i, cue, plural=False)
        if root.lower_ == "it" and root.dep_ in SUBJECT_DEPS and _is_cue(root.head) \
                and root.i > root.sent.start and root.i > 0 and root.doc[root.i - 1].text == ",":
            # "The prosecutor's office has opened a case, it said": the body the clause is about
            reported = next((c for c in root.head.children if c.dep_ in {"ccomp", "parataxis"}
                             and c.i < root.i), None)
            subject = next((c for c in reported.children if c.dep_ in SUBJECT_DEPS), None) \
                if reported is not None else None
            if subject is not None:
                named = [m for m in self._mentions_in(paragraph, {t.i for t in subject.subtree})
                         if m.mention.label == "ORG"]
                if named:
                    return Speaker(named[0].mention.alias_of or named[0].mention.text, None, cue)
            return self.nearest_org(paragraph, root.i, cue, acting=True)
        if root.lower_ == "they" and root.dep_ in SUBJECT_DEPS and _is_cue(root.head) \
                and root.i > 0 and root.doc[root.i - 1].text == ",":
            found = self.body_spoken_before(paragraph, root.i, cue, plural=True)
            if found is not None:      # "The fire services said ... The fire is out, they said"
                return found
        if root.lower_ in GROUP_WORDS and root.dep_ in SUBJECT_DEPS and not list(root.children):
            found = self.nearest_speaker(paragraph, root.i)    # "Residents said ... Some said"
            return Speaker(found[1].name, found[1].role, cue) if found else None
        if root.lower_ in NON_SPEAKERS:
            return None
        if root.pos_ == "PRON":
            if root.lower_ in PRONOUNS_PERSON:
                return self.resolve_pronoun(paragraph, root.i, cue, PRONOUN_GENDER.get(root.lower_))
            if root.lower_ in PRONOUNS_GROUP:
                return None
            return None
        np_tokens = _noun_phrase(root)
        np_ids = {t.i for t in np_tokens}
        if len(np_tokens) == 2 and np_tokens[0].lower_ == "the" and root.text[:1].isupper() \
                and (root.ent_type_ == "NORP" or gazetteer.is_demonym(root.text)):
            person = self.nearest_person(paragraph, root.i)
            if person is not None:     # "..., the Portuguese said": the one just named
                return Speaker(person.mention.text, None, cue)
        if root.lower_ in PRESS_OFFICES and any(c.lower_ == "press" for c in root.children):
            owner = next((c for c in root.children if c.dep_ == "poss"), None)
            if owner is None:
                owner = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj"), None)
            if owner is not None:      # "the ministry's press service said": the ministry
                found = self.speaker_from_np(owner, paragraph, cue)
                if found is not None:
                    return found
        people = [m for m in self._mentions_in(paragraph, np_ids) if m.is_person]
        if not people:      # "the Ambassador to Kenya, Ana Sol,": the name hangs on the dropped "to"
            beside = {t.i for a in root.subtree if a.dep_ == "appos" and a.i > root.i for t in a.subtree}
            people = [m for m in self._mentions_in(paragraph, beside) if m.is_person]
        if people:
            person = people[-1]
            role = _role_around(np_tokens, person)
            return Speaker(person.mention.text, role, cue)
        named = _appositive_name(root)
        if named is not None:        # "the foreign minister, Adelina Gomes Có," (a name the model missed)
            return Speaker(named, strip_determiner(clean_span_text(root.text)), cue)
        if root.lower_ in ROLE_NOUNS and len(np_tokens) <= 3 and any(t.lower_ == "the" for t in np_tokens):
            phrase = " ".join(t.lower_ for t in np_tokens if t.lower_ != "the")
            holder = self.nearest_holder(root.lower_, paragraph, root.i, phrase)
            if holder is not None:   # "the minister said": the minister named a little earlier
                return Speaker(holder.mention.text, None, cue)
        named = [m for m in self._mentions_in(paragraph, np_ids) if root.i in range(m.start, m.end)]
        if named:
            return Speaker(named[0].mention.text, None, cue)
        if root.pos_ == "NOUN" and root.lower_ in SOURCE_NOUNS:
            # "according to data from the X organisation": the source is X
            deeper = [m for m in self._mentions_in(paragraph, {t.i for t in root.subtree})
                      if m.mention.label in {"ORG", "PERSON"}]
            if deeper:
                return Speaker(deeper[0].mention.text, None, cue)
            if root.lower_ in ISSUED_NOUNS and any(t.lower_ == "the" for t in np_tokens):
                issuer = self.issuer_of(root.lower_, paragraph, root.i, cue)
                if issuer is not None:     # "X said in a statement ... the statement added": X
                    return issuer
                return self.nearest_org(paragraph, root.i, cue)   # "the statement added"
        definite = len(np_tokens) <= 3 and np_tokens and np_tokens[0].lower_ == "the"
        if definite and root.lower_ in ORG_BACK_NOUNS | BUSINESS_NOUNS:
            found = self.nearest_org(paragraph, root.i, cue, root.lower_,
                                     named_only=root.lower_ not in BUSINESS_NOUNS)
            if found is not None:          # "the company said": the company named before
                return found
        if root.lower_ in KIN_NOUNS and any(c.dep_ == "poss" and c.pos_ != "PRON" for c in root.children):
            relative = self.relative_by_whose(root, paragraph)
            if relative is not None:       # "Ana Ruiz, whose son ..." then "the boy's mother said"
                return Speaker(relative, strip_determiner(clean_span_text(" ".join(
                    t.text for t in np_tokens)).replace(" 's", "'s").replace(" - ", "-")), cue)
        age = _AGE_DESCRIPTION.match(" ".join(t.text for t in np_tokens).replace(" - ", "-"))
        if age is not None:
            found = self.person_of_age(age.group(1), paragraph, root.i)
            if found is not None:          # "Nour, 12, ..." then "the 12-year-old said"
                return Speaker(found, None, cue)
        text = strip_determiner(clean_span_text(" ".join(t.text for t in np_tokens)
                                                .replace(" ’s", "’s").replace(" 's", "'s")
                                                .replace(" - ", "-").replace(" ,", ",")))
        text = TRAILING_AGE.sub("", text)     # "Dil Rana, 52, said" with a name the model missed
        if text.lower().startswith("one ") and len(np_tokens) == 2:
            text = text[4:]             # "one firefighter yelled": a firefighter
        return Speaker(text, None, cue) if text else None

    def body_spoken_before(self, paragraph: int, token_index: int, cue: str | None,
                           plural: bool) -> Speaker | None:
        """'It said' / ', they said': the last speaker before, in this paragraph or the one
        before, when that speaker is no named person and agrees in number ("the company said
        ... It said", "the emergency services said ... they said")."""
        found = self.nearest_speaker(paragraph, token_index)
        if found is None or found[0][0] < paragraph - 1 or self._is_person_name(found[1].name):
            return None
        (p, i), speaker = found
        subject = self.docs[p - 1][i]
        if (subject.tag_ in {"NNS", "NNPS"}) != plural:
            return None
        return Speaker(speaker.name, speaker.role, cue)

    def issuer_of(self, noun: str, paragraph: int, token_index: int, cue: str | None) -> Speaker | None:
        """Who issued the statement that "the statement" refers back to: the speaker of the last
        reporting verb before it that the same noun hangs on ("said in a statement", "released a
        statement", "In a statement, X said"), not the agency that carried it."""
        for p in range(paragraph, max(paragraph - LOOKBACK, 0), -1):
            doc = self.docs[p - 1]
            limit = token_index if p == paragraph else len(doc)
            for token in reversed(doc[:limit]):
                if token.lower_ != noun or self.inside_quote(p, token):
                    continue
                verb = _issuing_verb(token)
                if verb is None:
                    continue
                found = self.speaker_of_cue(verb, p)
                if found is not None and found.name.lower() not in ISSUED_NOUNS:
                    return Speaker(found.name, None, cue)
        return None

    def nearest_org(self, paragraph: int, token_index: int, cue: str | None,
                    noun: str | None = None, named_only: bool = False,
                    acting: bool = False) -> Speaker | None:
        """The last organisation named before a position: one whose name holds `noun` (only
        such with named_only), or, when `acting`, one that was a clause's subject."""
        before = [m for m in self._in(paragraph - 1, paragraph) if m.mention.label == "ORG"
                  and m.paragraph >= paragraph - 1
                  and (m.paragraph, m.start) < (paragraph, token_index)
                  and not self.inside_quote(m.paragraph, self.docs[m.paragraph - 1][m.start])]
        if acting:
            before = [m for m in before if _root_of(self.docs[m.paragraph - 1], m).dep_ in SUBJECT_DEPS]
        if noun is not None:
            named = [m for m in before if noun in m.mention.text.lower().split()]
            before = named if named or named_only else before
        if not before:
            return None
        return Speaker(before[-1].mention.alias_of or before[-1].mention.text, None, cue)

    def relative_by_whose(self, root: "Token", paragraph: int) -> str | None:
        """The person a kinship description stands for: the last one introduced before it as a
        relative ("Ana Ruiz, whose 19-year-old son, ..."), and, when the description gives an
        age ("the 19-year-old's mother"), the one whose relative has that age."""
        numbers = {t.text for t in root.subtree if t.like_num and t.i < root.i}
        best = None
        for m in self._in(paragraph - LOOKBACK, paragraph):
            if not m.is_person or m.paragraph < paragraph - LOOKBACK or \
                    (m.paragraph, m.start) >= (paragraph, root.i):
                continue
            doc = self.docs[m.paragraph - 1]
            if m.end + 1 >= len(doc) or doc[m.end].text != "," or doc[m.end + 1].lower_ != "whose":
                continue
            phrase = doc[m.end + 1].head
            words = [t for t in phrase.subtree if t.i > m.end]
            if phrase.lower_ not in KIN_NOUNS and not any(t.lower_ in KIN_NOUNS for t in words):
                continue
            if numbers and not numbers & {t.text for t in words}:
                continue
            best = m.mention.text
        return best

    def person_of_age(self, age: str, paragraph: int, token_index: int) -> str | None:
        """The last person given this age before a position: "Rana Haddad, 12," or "Ali, 7"."""
        from .numbers import TENS, UNITS

        def value(word: str) -> int | None:
            word = word.lower()
            if word.isdigit():
                return int(word)
            parts = word.split("-")
            if all(p in UNITS or p in TENS for p in parts):
                return sum(UNITS.get(p, 0) + TENS.get(p, 0) for p in parts)
            return None

        wanted = value(age)
        best = None
        for m in self._in(0, paragraph):
            if not m.is_person or (m.paragraph, m.start) >= (paragraph, token_index):
                continue
            doc = self.docs[m.paragraph - 1]
            if (wanted is not None and m.end + 1 < len(doc) and doc[m.end].text == ","
                    and value(doc[m.end + 1].text) == wanted):
                best = m.mention.text
        return best

    def _mentions_in(self, paragraph: int, token_ids: set[int]) -> list[LocatedMention]:
        return [m for m in self._in(paragraph, paragraph) if m.paragraph == paragraph and m.start in token_ids]

    def nearest_person(self, paragraph: int, token_index: int, gender: str | None = None,
                       last: bool = False) -> LocatedMention | None:
        """The last person named before a position; with a gender, the last who may be that
        gender and, among those of that one's earlier paragraph, preferably one who is a subject
        ("Ana, 30, was at work. Her husband, Ivo, was at home with Lia." then '"...," she says':
        Ana, not Lia)."""
        best = None
        fitting: list[LocatedMention] = []
        for m in self._in(paragraph - LOOKBACK, paragraph):
            if not m.is_person or m.paragraph < paragraph - LOOKBACK:
                continue
            if (m.paragraph, m.start) >= (paragraph, token_index):
                break
            if self.inside_quote(m.paragraph, self.docs[m.paragraph - 1][m.start]):
                continue
            if gender is not None and self.gender_of(m.mention.text) not in (None, gender):
                continue
            best = m
            fitting.append(m)
        if gender is None or best is None or last or best.paragraph == paragraph:
            return best
        subjects = [m for m in fitting if m.paragraph == best.paragraph and self._is_subject(m)]
        return subjects[-1] if subjects and not self._is_subject(best) else best

    def _is_subject(self, m: LocatedMention) -> bool:
        token = _root_of(self.docs[m.paragraph - 1], m)
        while token.dep_ in {"appos", "compound", "conj"} and token.head is not token:
            token = token.head
        return token.dep_ in SUBJECT_DEPS

    def gender_of(self, name: str) -> str | None:
        """'m' or 'f' where the text says so: a form of address or a kinship noun set before the
        name ("Mrs Ana Ruiz", "her son, Tomas", "whose daughter Lia"); else None."""
        if self._genders is None:
            self._genders = {}
            for m in self.mentions:
                if not m.is_person:
                    continue
                doc = self.docs[m.paragraph - 1]
                i = m.start - 1
                if i >= 0 and doc[i].text == ",":
                    i -= 1
                word = doc[i].lower_.rstrip(".") if i >= 0 else ""
                found = GENDERED_WORDS.get(word)
                if found is not None:
                    self._genders.setdefault(m.mention.text, found)
        return self._genders.get(name)

    def resolve_pronoun(self, paragraph: int, token_index: int, cue: str | None,
                        gender: str | None = None) -> Speaker | None:
        """'he'/'she': the nearer of the last named person and the last speaker of any kind that
        may be that one: one person of that gender, not a group ("the families said")."""
        person = self.nearest_person(paragraph, token_index, gender)
        latest = self.nearest_person(paragraph, token_index, gender, last=True)
        speaker = self.nearest_speaker(paragraph, token_index, single=gender is not None)
        if speaker is not None and gender is not None and \
                self.gender_of(speaker[1].name) not in (None, gender):
            speaker = None
        if speaker is not None and (latest is None or speaker[0] > (latest.paragraph, latest.start)):
            return Speaker(speaker[1].name, speaker[1].role, cue)
        return Speaker(person.mention.text, None, cue) if person else None

    def nearest_holder(self, title: str, paragraph: int, token_index: int,
                       phrase: str | None = None) -> LocatedMention | None:
        """The last person before a position whose title or description ends in `title`; one
        whose title is the whole `phrase` first ("the prime minister" is not the deputy prime
        minister named after him)."""
        best = exact = None
        for m in self._in(paragraph - LOOKBACK, paragraph):
            if m.paragraph < paragraph - LOOKBACK or (m.paragraph, m.start) >= (paragraph, token_index):
                continue
            if m.is_person and any(r.split() and r.split()[-1].lower() == title for r in m.mention.roles):
                best = m
                if phrase and any(r.lower() == phrase for r in m.mention.roles):
                    exact = m
        return exact or best

    def nearest_speaker(self, paragraph: int, token_index: int,
                        single: bool = False) -> tuple[tuple[int, int], Speaker] | None:
        """The last non-pronoun subject of a reporting verb before a position ("a receptionist told")."""
        for p in range(paragraph, max(paragraph - LOOKBACK, 0), -1):
            doc = self.docs[p - 1]
            limit = token_index if p == paragraph else len(doc)
            for token in reversed(doc[:limit]):
                if not _is_cue(token) or token.dep_ not in {"ROOT", "conj"} or self.inside_quote(p, token):
                    continue          # only the sentence's own reporting verb names a speaker
                subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"
                                and not self.inside_quote(p, c)), None)
                if subject is not None and subject.lower_ not in NON_SPEAKERS:
                    if single and subject.tag_ in {"NNS", "NNPS"}:
                        continue      # "he said" is not "the families said"
                    found = self.speaker_from_np(subject, p, None)
                    if found is not None:
                        return (p, subject.i), found
        return None

    def paragraph_subject(self, paragraph: int) -> Speaker | None:
        """Who the paragraph before a quote-only paragraph is about: its first person subject."""
        for p in range(paragraph, max(paragraph - LOOKBACK, 0), -1):
            doc = self.docs[p - 1]
            if is_heading(self.texts[p - 1]):
                continue
            for token in doc:
                if token.dep_ in SUBJECT_DEPS and not self.inside_quote(p, token):
                    speaker = self.speaker_from_np(token, p, None)
                    if speaker is not None and self._is_person_name(speaker.name):
                        return speaker
            person = self.nearest_person(p, len(doc))
            if person is not None:
                return Speaker(person.mention.text, None, None)
        return None

    def sentence_subject(self, span: QuoteSpan) -> Speaker | None:
        """For a partial quote with no reporting verb: the person the sentence is about."""
        doc = self.docs[span.paragraph - 1]
        inner = self.quote_tokens(span, span.paragraph)
        if not inner:
            return None
        root = inner[0].sent.root
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and not self.inside_quote(span.paragraph, subject):
            speaker = self.speaker_from_np(subject, span.paragraph, None)
            if speaker is not None and (self._is_name(speaker.name) or subject.pos_ == "PRON"):
                return speaker
        person = self.nearest_person(span.paragraph, inner[0].i)
        if person is None:
            person = self.nearest_person(span.paragraph, len(doc))
        return Speaker(person.mention.text, None, None) if person else None

    def _is_person_name(self, name: str) -> bool:
        return name in self._person_names

    def _is_name(self, name: str) -> bool:
        return name in self._names

    def reports_before(self, span: QuoteSpan, cue_at: tuple[int, int]) -> bool:
        """The cue's reported clause begins outside the marks, before the quote: 'he said they had
        received "one email, and it was from the insurers"' reports speech of its own too."""
        paragraph, i = cue_at
        if paragraph != span.paragraph:
            return False
        cue = self.docs[paragraph - 1][i]
        inner = self.quote_tokens(span, paragraph)
        if not inner or cue.i > inner[0].i:
            return False
        return any(c.dep_ == "ccomp" and c.i < inner[0].i and c.left_edge.i > cue.i
                   and not self.inside_quote(paragraph, c.left_edge)
                   for c in cue.children)

    # -- classification --------------------------------------------------------------------
    def is_clause(self, span: QuoteSpan) -> bool:
        """Direct quotes carry a clause of their own (a verb with its subject inside the marks)."""
        if span.end_paragraph != span.paragraph:
            return True
        inner = self.quote_tokens(span, span.paragraph)
        if _has_clause(inner):
            return True
        # In complement position ("saying that “...”", ": “...”") the sentence's parse often folds
        # the quote into the outer clause; the quote parsed on its own tells better.
        before = [t for t in inner[0].doc[max(inner[0].i - 3, 0):inner[0].i] if not t.is_quote] if inner else []
        if not before:
            return False
        if before[-1].lower_ == ":" or (before[-1].lower_ == "that" and len(before) > 1 and _is_cue(before[-2])):
            return len(span.text.split()) >= 4      # grammar wants a clause after "saying that" or ":"
        if _is_cue(before[-1]) and self.pdoc.nlp is not None:
            return _has_clause(list(self.pdoc.nlp(span.text)))
        return False

    def is_scare_quote(self, span: QuoteSpan, speaker: Speaker | None) -> bool:
        """Titles, nicknames and scare quotes: short, and no reporting verb claims them."""
        words = span.text.split()
        if len(words) <= 2 and (speaker is None or speaker.cue is None):
            return True
        return all(w[:1].isupper() for w in words if w.isalpha()) and (speaker is None or speaker.cue is None)

    # -- reported speech -------------------------------------------------------------------
    def reported_speech(self) -> Iterable[tuple[tuple[int, int], Quote]]:
        """Sentences that report what someone said without quoting it."""
        for p, doc in enumerate(self.docs, start=1):
            if is_heading(self.texts[p - 1]):
                continue
            for sent in doc.sents:
                covered: dict[str, set[int]] = {}
                for token in sent:
                    if self.inside_quote(p, token) or (p, token.i) in self.direct_cues:
                        continue
                    speaker = None
                    if token.lower_ == "according" and _according_object(token) is not None:
                        if self._quotes_in(p, sent):
                            continue
                        speaker = self.speaker_of_cue(token, p)
                        cue = "according to"
                    elif _is_cue(token) and _reports(token) and not _embedded_cue(token) \
                            and not _question_put(token):
                        speaker = self.speaker_of_cue(token, p)
                        cue = token.text
                    if speaker is None or token.i in covered.get(speaker.name, ()):
                        continue
                    if cue == "according to" or token.dep_ == "parataxis":
                        text, ids = sent.text.strip(), {t.i for t in sent}
                    else:
                        text, ids = _clause_text(token, sent)
                    # one item per speaker and clause: "said X and urged Y" gives two
                    covered.setdefault(speaker.name, set()).update(ids)
                    yield (p, sent.start_char), Quote(
                        text=text, kind="indirect", speaker=speaker.name, speaker_role=speaker.role,
                        cue=cue, sources=[self.pdoc.ref_for_token(p, sent.start)])

    def _quotes_in(self, paragraph: int, sent: "Span") -> bool:
        return any(self.inside_quote(paragraph, t) for t in sent)


def _clause_text(verb: "Token", sent: "Span") -> tuple[str, set[int]]:
    """The clause a reporting verb heads, without coordinated clauses that have their own subject
    or report something else, and the token indices it keeps.

    "The junta said X, but his office said Y" reports two things; each gets its own clause, as
    do "said X and urged Y" and "said X, adding that Y".
    """
    root = verb
    if not _second_report(verb):
        while root.dep_ == "conj" and not _has_subject(root) and root.head is not root:
            root = root.head
    drop: set[int] = set()
    for child in root.children:
        if child.i < verb.i and _question_put(child):
            drop.update(t.i for t in child.subtree)   # "Asked by X whether ..., she said": the question
    for token in root.subtree:
        if token is verb or token.i <= verb.i:
            continue
        if (token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"} and _has_subject(token)) \
                or _second_report(token):
            drop.update(t.i for t in token.subtree)
            drop.update(c.i for c in token.head.children if c.dep_ == "cc" and c.i < token.i)
    kept = [t for t in root.subtree if t.i not in drop]
    if not kept:
        return sent.text.strip(), {t.i for t in sent}
    if drop and kept[-1].i > min(drop) > verb.i:
        # a later report was cut out of the middle: the clause ends where it began
        kept = [t for t in kept if t.i < min(drop)]
    doc = verb.doc
    start, end = kept[0].i, kept[-1].i + 1
    while start < end - 1 and doc[start].text in {",", ";", ":", "-", "—", "–"}:
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ".!?”’\"" or doc[end - 1].dep_ == "cc"):
        end -= 1
    return doc[start:end].text.strip(), {t.i for t in kept}


def _reports_other(verb: "Token", quote_ids: set[int], quoted) -> bool:
    """The verb starts a sentence of its own after the quote and reports a clause of its own
    outside the marks: "“We carried them down.” She said the staff had wrapped towels ..."."""
    if verb.i < max(quote_ids) or verb.sent.start <= max(quote_ids):
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i and not any(quoted(t) for t in c.subtree)
               for c in verb.children)


def _trailing_attribution(verb: "Token") -> "Token | None":
    """The noun phrase right before a closing reporting verb the parser left without a subject.

    In "The convoy was hit at dawn, the ministry, Y, said in a statement" the parser often makes
    "said" a conjunct of the reported clause and the speaker an appositive of its last noun; the
    words between the last comma before the phrase and the verb are the speaker.
    """
    if verb.dep_ != "conj" or _has_subject(verb) or verb.head.i > verb.i:
        return None
    if any(c.dep_ in {"ccomp", "dobj"} for c in verb.children):
        return None               # "and said it would ...": a second verb of the same subject
    if any(c.dep_ == "cc" for c in verb.head.children if c.i < verb.i):
        return None
    doc = verb.doc
    i = verb.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i <= 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
        return None
    noun = doc[i]
    while noun.dep_ in {"compound", "flat"} and noun.head.i > noun.i:
        noun = noun.head
    start = noun.left_edge.i
    if start == 0 or doc[start - 1].text != ",":
        return None
    return noun


def _issuing_verb(noun: "Token") -> "Token | None":
    """The reporting verb a statement noun belongs to: "said in a statement", "released a
    statement saying", "In a statement, X said", "a statement carried by Y" (the verb of the
    sentence, whose subject issued it)."""
    token = noun
    for _ in range(4):
        head = token.head
        if head is token:
            break
        if _is_cue(head) or head.lemma_.lower() in ISSUING_VERBS:
            return head
        if token.dep_ not in {"pobj", "prep", "dobj", "nsubj"} and head.pos_ != "ADP":
            break
        token = head
    return None


def _root_of(doc: "Doc", mention: LocatedMention) -> "Token":
    return doc[mention.start:mention.end].root


def _introduces(verb: "Token", first: "Token") -> bool:
    """The verb stands right before the quote's opening mark: 'heard a guard yell “Run!”'."""
    between = verb.doc[verb.i + 1:first.i]
    return 0 < len(between) <= 2 and all(t.is_quote or t.text == ":" for t in between)


def _second_report(token: "Token") -> bool:
    """A reporting verb coordinated with another or added to it: "and urged Y", ", adding Y".

    The parser often hangs it on the first report's clause ("said [X] and urged Y").
    """
    if not (token.dep_ in {"conj", "advcl"} and _is_cue(token) and _reports(token)
            and not _has_subject(token)):
        return False
    first = _first_report(token)
    return first is not None and _reports(first)


def _first_report(token: "Token") -> "Token | None":
    """The reporting verb a second report hangs on, directly or through its clause."""
    head = token.head
    if _is_cue(head):
        return head
    if head.dep_ == "ccomp" and _is_cue(head.head):
        return head.head
    return None


def _question_put(token: "Token") -> bool:
    """'Asked by a reporter whether ..., she said ...', 'Asked what he saw, he shrugged': the
    question someone was asked, not what the one asked reported."""
    return token.lemma_.lower() == "ask" and token.tag_ == "VBN" and token.dep_ in {"advcl", "ROOT"} \
        and not _has_subject(token)


def _embedded_cue(token: "Token") -> bool:
    """A reporting verb inside what a quoted or reported person says or hears: "heard X yell"."""
    return token.dep_ in {"xcomp", "ccomp"} and token.head.lemma_.lower() in PERCEIVING


PERCEIVING = {"hear", "see", "watch"}
PRONOUN_GENDER = {"he": "m", "she": "f"}
PRESS_OFFICES = {"service", "office", "department", "centre", "center"}
# Words set before a name that tell its gender: forms of address and kinship nouns.
GENDERED_WORDS = {
    **dict.fromkeys("mr sir lord husband son father brother grandfather grandson uncle nephew "
                    "boyfriend widower stepfather stepson".split(), "m"),
    **dict.fromkeys("mrs ms miss lady dame wife daughter mother sister grandmother granddaughter "
                    "aunt niece girlfriend widow stepmother stepdaughter".split(), "f"),
}
TRAILING_AGE = re.compile(r"(?<=[A-Za-z])(?:\s*,)?\s+\d{1,3}$")
PERCEIVED_WINDOW = 6          # "heard one of the older drivers shout": a short noun phrase


def _perceived_speaker(cue: "Token") -> "Span | None":
    """"heard a steward yell", "heard one of the players shout": the one heard, read from the
    words between the perception verb and the cue (the parser often takes the bare "yell" for a
    noun and loses its subject). A pronoun ("heard him yell") is left to the usual rules."""
    doc = cue.doc
    for k in range(cue.i - 1, max(cue.i - PERCEIVED_WINDOW - 1, -1), -1):
        tok = doc[k]
        if tok.is_punct or tok.is_quote:
            return None
        if tok.lemma_.lower() in PERCEIVING and tok.pos_ in ("VERB", "AUX"):
            words = doc[k + 1:cue.i]
            return words if any(t.pos_ in ("NOUN", "PROPN") for t in words) else None
    return None


def _has_subject(verb: "Token") -> bool:
    return any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in verb.children)


def _has_clause(tokens: list["Token"]) -> bool:
    ids = {t.i for t in tokens}
    return any(t.dep_ in SUBJECT_DEPS | {"expl"} and t.head.i in ids and
               t.head.pos_ in {"VERB", "AUX"} for t in tokens)


def _window(doc: "Doc", first: "Token", last: "Token") -> list["Token"]:
    """The sentences a quote touches, plus the one after when the quote ends with a comma."""
    start = first.sent.start
    end = last.sent.end
    if end < len(doc) and last.i + 1 >= end - 1:
        following = doc[end].sent
        end = following.end
    if start > 0 and first.i <= start + 1:
        start = doc[start - 1].sent.start
    return list(doc[start:end])


def _is_cue(token: "Token") -> bool:
    if token.lemma_.lower() not in SPEECH_VERBS:
        return False
    # a bare "yell" after "heard a steward" is a verb even where the parser reads a noun
    return token.pos_ in {"VERB", "AUX"} or _perceived_speaker(token) is not None


def _reports(verb: "Token") -> bool:
    """A reporting verb used to report content: with a clause, an object, or 'call for'.

    Also: set into the sentence it reports ("The convoy, police said, was ambushed"), and a
    refusal to speak ("declined to comment"). Verbs of belief need a clause.
    """
    deps = {c.dep_ for c in verb.children}
    lemma = verb.lemma_.lower()
    if lemma in REFUSAL_VERBS:
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEAKING_COMPLEMENTS for c in verb.children)
    if deps & {"ccomp", "parataxis"}:
        return True
    if lemma in BELIEF_VERBS:
        return False
    if verb.dep_ == "parataxis" and deps & SUBJECT_DEPS and verb.head.pos_ in {"VERB", "AUX"}:
        return True
    if lemma == "call" and any(c.dep_ in {"prep", "prt"} and c.lower_ == "on" for c in verb.children):
        return True
    if lemma in SPEAKING_COMPLEMENTS and any(c.dep_ == "neg" for c in verb.children):
        return True       # "did not immediately comment", "has not responded": a refusal too
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "through"}):
        for noun in prep.children:   # "said in a statement that ...": the parser hangs the clause on the noun
            if noun.lower_ in SOURCE_NOUNS and any(c.dep_ in {"acl", "relcl", "ccomp"} and any(
                    m.lower_ == "that" and m.dep_ == "mark" for m in c.children) for c in noun.children):
                return True
    if verb.lemma_.lower() in OBJECT_SPEECH_VERBS and (
            deps & {"dobj", "xcomp"} or verb.right_edge.i - verb.i >= 3):
        return True
    if verb.lemma_.lower() == "call" and (any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
                                          or {"dobj", "oprd"} <= deps):
        return True
    if verb.lemma_.lower() in {"say", "tell", "hint", "suggest", "stress", "claim"} and deps & {"dobj"}:
        return True
    return False


def _according_object(token: "Token") -> "Token | None":
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for grandchild in nxt.children:
            if grandchild.dep_ == "pobj":
                return grandchild
    return None


def _noun_phrase(root: "Token") -> list["Token"]:
    """The speaker's noun phrase without relative clauses and trailing prepositional detail."""
    drop: set[int] = set()
    for child in root.children:
        if child.dep_ in {"relcl", "acl", "prep", "punct"} and child.i > root.i:
            drop.update(t.i for t in child.subtree)
    tokens = [t for t in root.subtree if t.i not in drop]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def _appositive_name(root: "Token") -> str | None:
    """A capitalised name set beside a title noun: 'the foreign minister, Adelina Gomes Có'."""
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[:1].isupper():
            words = [t for t in child.subtree if t.pos_ == "PROPN" and t.i <= child.i]
            if words and words[-1].i == child.i and len(words) <= 4:
                return " ".join(t.text for t in words)
    return None


def _role_around(np_tokens: list["Token"], person: LocatedMention) -> str | None:
    """'Malian Foreign Minister Abdoulaye Diop' -> 'Malian Foreign Minister'."""
    before = [t for t in np_tokens if t.i < person.start]
    if person.mention.roles:
        return person.mention.roles[0]
    text = strip_determiner(clean_span_text(" ".join(t.text for t in before)))
    return text or None

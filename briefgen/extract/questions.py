"""Open questions in one document: what is denied, unconfirmed, disputed, withheld or claimed.

Each cue is a grammatical pattern on the parse (a denial verb, a hedge, a negated "comment", a
call for an investigation, a combatant's claim of a kill), never a phrase from a particular story.
Figures that differ between documents are found later, in assemble/figures.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import OpenQuestion
from .actors import LocatedMention, is_caption, is_heading
from .lexicon import DENIAL_VERBS, HEDGES, SPEECH_VERBS
from .syntax import negated

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from ..nlp import ParsedDocument

# Importance of each kind when the brief has room for only a few.
WEIGHTS = {"denied": 3.0, "conflicting_figures": 3.0, "disputed": 2.8, "claimed": 2.5,
           "unaccounted": 2.4, "unconfirmed": 2.2, "investigation": 2.0, "withheld": 1.8,
           "risk": 1.6, "accused": 1.5, "unclear": 1.2}

FALSEHOOD_WORDS = {"fake", "false", "baseless", "lies", "lie", "fabricated", "untrue", "unfounded",
                   "misinformation", "disinformation", "groundless", "slander", "fabrication"}
# Words that tie an open question to casualties, which a brief's readers weigh most.
CASUALTY_WORDS = {"killed", "dead", "deaths", "died", "wounded", "injured", "casualties", "executed",
                  "massacre", "atrocities", "abuses", "crimes", "missing", "kidnapped", "abducted",
                  "displaced", "toll", "killing", "killings"}
WITHHOLD_VERBS = {"comment", "elaborate", "respond", "specify", "say", "disclose",
                  "reveal", "answer", "detail", "give", "provide", "identify", "name"}
WITHOUT_VERBS = {"elaborate", "elaborating", "giving", "specifying", "providing", "offering", "detailing"}
INVESTIGATION_NOUNS = {"investigation", "investigations", "inquiry", "inquiries", "probe", "probes",
                       "inquest"}
HOSTILE_VERBS = {"kill", "destroy", "down", "shoot", "attack", "capture", "seize", "kidnap",
                 "abduct", "execute", "neutralise", "neutralize", "eliminate", "bomb", "strike"}
MODALS = {"might", "may", "could"}
# "Reports about his fate were conflicting": the sources themselves disagree.
CONFLICT_WORDS = {"conflicting", "contradictory", "contradicting", "inconsistent"}
RISK_VERBS = {"threaten", "risk", "fear", "warn"}
MAX_WORDS = 45
ANTECEDENT_WORDS = 40      # what a denial points back to, at most


def extract_questions(pdoc: "ParsedDocument", mentions: list[LocatedMention]) -> list[OpenQuestion]:
    found: list[OpenQuestion] = []
    previous = None
    paragraphs: dict[int, list] = {}
    for p, s, sent in pdoc.sentences():
        before, previous = previous, (p, s, sent)
        paragraphs.setdefault(p, []).append((s, sent))
        text = sent.text.strip()
        if is_heading(text) or is_caption(pdoc, p):
            continue
        kind = classify(sent)
        if kind is None:
            continue
        weight = WEIGHTS[kind] + (0.5 if {t.lower_ for t in sent} & CASUALTY_WORDS else 0.0)
        if kind == "unconfirmed" and not _hedges_main_clause(sent):
            weight -= 1.2     # "alleged atrocities" in passing is weaker than "reportedly killed"
        evidence = [pdoc.ref(p, s, sent)]
        if kind == "denied" and len(text.split()) > MAX_WORDS:
            text = _denial_clause(sent) or text      # the denial, not the first 45 words
        # what a denial points back to is the sentence before, in its paragraph or, for a
        # paragraph that opens with the denial, at the end of the one before
        if kind == "denied" and before is not None and (before[0] == p or s == 1) \
                and _denies_what_came_before(sent):
            # "X denied that": what is denied comes before, and the question must give it: the
            # sentence before, or a short paragraph before whole (a quote and its speaker).
            bp, bs, bsent = before
            told = [(bs, bsent)]
            if bp != p and sum(len(x.text.split()) for _s, x in paragraphs[bp]) <= ANTECEDENT_WORDS:
                told = paragraphs[bp]
            said = " ".join(x.text.strip() for _s, x in told)
            text = f"{_phrase(said, ANTECEDENT_WORDS)} {_phrase(text)}"
            evidence += [pdoc.ref(bp, ts, x) for ts, x in told]     # the cue sentence stays first
            found.append(OpenQuestion(question=text, kind=kind, evidence=evidence, weight=weight))
            continue
        found.append(OpenQuestion(question=_phrase(text), kind=kind, evidence=evidence, weight=weight))
    return found


def _denial_clause(sent: "Span") -> str | None:
    """The clause of a long sentence that holds its denial ("…, while the company rejected
    accusations that it had ignored warnings"), without its joining word, or None when the
    denial is the sentence's main verb."""
    for token in sent:
        if token.lemma_.lower() in DENIAL_VERBS and token.pos_ == "VERB" and not negated(token):
            if token.dep_ == "ROOT":
                return None
            words = [t for t in token.subtree if not t.is_space]
            while words and (words[0].dep_ in ("mark", "cc") or words[0].is_punct):
                words = words[1:]
            clause = "".join(t.text_with_ws for t in words).strip().rstrip(",;")
            return clause[:1].upper() + clause[1:] + ("" if clause.endswith((".", "!", "?")) else ".")
    return None


def _denies_what_came_before(sent: "Span") -> bool:
    """A denial whose object points back ("denied that,", "rejected this", "dismissed the
    claim", "denied it") and so says nothing on its own."""
    for token in sent:
        if token.lemma_.lower() in DENIAL_VERBS and token.pos_ == "VERB":
            objects = [c for c in token.children if c.dep_ in {"dobj", "obj", "nsubjpass"}]
            after = sent.doc[token.i + 1:min(token.i + 3, sent.end)]
            if not objects and after and after[0].lower_ in POINTING_BACK and \
                    (len(after) == 1 or after[1].is_punct):
                return True      # "denied that," parsed as a complementiser with nothing after
            for obj in objects:
                if obj.lower_ in POINTING_BACK and not list(obj.children):
                    return True
                if obj.lemma_.lower() in CLAIM_NOUNS and any(
                        c.lower_ in {"the", "this", "that", "these", "those", "such", "both", "all"}
                        for c in obj.children) \
                        and not any(c.dep_ in {"prep", "acl", "relcl"} for c in obj.children):
                    return True
    return False


def classify(sent: "Span") -> str | None:
    """The strongest open-question cue in a sentence, or None."""
    lemmas = {t.lemma_.lower() for t in sent}
    lowers = {t.lower_ for t in sent}
    if _called_false(sent) or lowers & CONFLICT_WORDS or "contradict" in lemmas:
        return "disputed"
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in DENIAL_VERBS and token.pos_ == "VERB" and not negated(token):
            return "denied"
    if _combatant_claim(sent):
        return "claimed"
    if _withheld(sent):
        return "withheld"
    if _unaccounted(sent):
        return "unaccounted"
    if lowers & HEDGES or _unconfirmed(sent):
        return "unconfirmed"
    if lowers & INVESTIGATION_NOUNS and ("call" in lemmas or "demand" in lemmas or "urge" in lemmas):
        return "investigation"
    if any(t.lemma_.lower() == "accuse" and t.pos_ == "VERB" and
           any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children) for t in sent):
        return "accused"      # "residents accused the police of arriving hours late": a charge to test
    if lowers & MODALS and lemmas & {"hint", "suggest", "signal", "indicate"}:
        return "unclear"
    if _unknown(sent) or _speculation(sent):
        return "unclear"
    if any(t.lemma_.lower() in RISK_VERBS and any(c.dep_ in {"xcomp", "ccomp"} for c in t.children)
           for t in sent):
        return "risk"
    return None


# Objects of a denial that point back to what was said before.
POINTING_BACK = {"that", "this", "it", "them", "these", "those"}
CLAIM_NOUNS = {"claim", "report", "allegation", "accusation", "account", "rumour", "rumor", "story"}


def _called_false(sent: "Span") -> bool:
    """Someone calls reports false: 'called the reports “fake news”', 'claims that ... are false'."""
    for token in sent:
        if token.lower_ in FALSEHOOD_WORDS and token.dep_ in {"acomp", "attr"} and \
                token.head.lemma_.lower() == "be":
            # "claims that ... are false": the parser often loses the subject, the claim noun stays
            if any(t.lemma_.lower() in CLAIM_NOUNS and t.pos_ == "NOUN" for t in sent[:token.i - sent.start]):
                return True
        if token.lower_ in FALSEHOOD_WORDS and (token.lower_ not in {"lie", "lies"} or token.pos_ == "NOUN"):
            governor = token.head if token.dep_ in {"amod", "compound"} else token
            for ancestor in [governor, *governor.ancestors][:4]:
                if ancestor.lemma_.lower() in SPEECH_VERBS and ancestor.pos_ == "VERB":
                    return True
    return False


def _hedges_main_clause(sent: "Span") -> bool:
    """The hedge qualifies an assertion of the sentence, not a detail in a prepositional phrase."""
    return any(t.lower_ in HEDGES and t.pos_ == "ADV" and t.head.pos_ in {"VERB", "AUX"}
               and t.head.dep_ not in {"pcomp", "pobj", "acl"} for t in sent) or _unconfirmed(sent)


def _withheld(sent: "Span") -> bool:
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in {"decline", "refuse"} and any(c.dep_ == "xcomp" for c in token.children):
            return True
        if lemma in WITHHOLD_VERBS and token.pos_ == "VERB" and negated(token) and not _anonymity(token):
            if lemma in {"give", "provide"} and not any(
                    c.dep_ == "dobj" and c.lemma_.lower() in {"detail", "example", "figure", "evidence",
                                                               "information", "explanation"}
                    for c in token.children):
                continue
            return True
        if token.lower_ == "without" and token.i + 1 < len(token.doc) and \
                token.doc[token.i + 1].lower_ in WITHOUT_VERBS:
            return True
    return False


def _unaccounted(sent: "Span") -> bool:
    """People whose fate is unknown: 'dozens remain missing', 'unaccounted for'."""
    for token in sent:
        if token.lower_ in {"missing", "unaccounted"} and token.pos_ in {"ADJ", "VERB"} and \
                token.head.lemma_.lower() in {"remain", "be", "go", "report", "list", "still"}:
            return True
    return False


def _anonymity(token: "Token") -> bool:
    """'asking not to be named': a source's anonymity, not information withheld."""
    passive = any(c.dep_ == "auxpass" for c in token.children)
    return passive and token.lemma_.lower() in {"name", "identify"}


def _unconfirmed(sent: "Span") -> bool:
    """'never formally confirmed', 'could not be independently verified', 'neither account could be verified'."""
    for token in sent:
        if token.lemma_.lower() in {"confirm", "verify", "corroborate", "acknowledge"}:
            if negated(token) or any(c.lower_ == "never" for c in token.children):
                return True
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None and any(d.lower_ in {"neither", "no", "none"} for d in subject.subtree):
                return True
    return False


def _unknown(sent: "Span") -> bool:
    """'I do not know what happened', 'it is not known', 'it remains unclear whether'."""
    for token in sent:
        if token.lemma_.lower() == "know" and (negated(token) or token.head.lower_ == "unknown"):
            return True
        if token.lower_ in {"unclear", "unknown"} and token.head.lemma_.lower() in {"be", "remain"}:
            return True
    return False


def _speculation(sent: "Span") -> bool:
    """'may have escaped by boat': a guess about what happened, not a finding."""
    for token in sent:
        if token.tag_ == "VBN" and token.pos_ == "VERB":
            aux = [c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}]
            if set(aux) & MODALS and "have" in aux:
                return True
    return False


def _combatant_claim(sent: "Span") -> bool:
    """A group saying it killed, downed or captured: a claim, not an established fact."""
    for token in sent:
        if token.lemma_.lower() == "claim" and (any(c.lower_ == "responsibility" for c in token.subtree)
                                               or (negated(token) and token.tag_ == "VBN")):
            return True       # claimed, or "the attack has not been claimed": who did it is open
        if token.lemma_.lower() in {"say", "claim"} and token.pos_ == "VERB":
            for child in token.children:
                # "they killed", "they had shot down": a completed act, not "they were shooting"
                if child.dep_ == "ccomp" and child.lemma_.lower() in HOSTILE_VERBS and child.tag_ != "VBG":
                    subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    if subject is not None and subject.lower_ in {"they", "we", "it"}:
                        return True
    return False


def _phrase(text: str, limit: int = MAX_WORDS) -> str:
    """The evidence sentence as one readable line, shortened at a clause boundary if long."""
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split()
    if len(words) <= limit:
        return text
    cut = " ".join(words[:limit])
    boundary = max(cut.rfind(", "), cut.rfind("; "))
    return (cut[:boundary] if boundary > len(cut) // 2 else cut).rstrip(",;") + " …"

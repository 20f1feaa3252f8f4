"""Reading number phrases: digits, number words, "two dozen", vague amounts ("hundreds"), ranges
and the qualifier words around them ("at least", "or more"). What a number counts is decided
elsewhere (figures.py links a phrase to an outcome); here a phrase is only read, and money,
percentages, dates, ages and years are set aside as never head counts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .figure_words import (
    BACK_REFERENCES,
    DATE_WORD,
    MONTH_WORD,
    ORDINALS,
    category_of_noun,
    is_change_word,
    is_person,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token


# --- numbers ------------------------------------------------------------------------------------

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_UNIT_NAMES = {v: w for w, v in UNITS.items()}
_TEN_NAMES = {v: w for w, v in TENS.items()}


_SMALL = "|".join(sorted(UNITS, key=len, reverse=True))
# One written count, whole: "1,300", "73", "forty-six", "five".
COUNT_WORD = re.compile(rf"(?i)(?<![\w,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{'|'.join(TENS)})(?:-(?:{_SMALL}))?"
                        rf"|{_SMALL})(?![\w-])")


def written_forms(value: int) -> list[str]:
    """How copy writes a count: "1,300", "1300", and up to 99 in words ("forty-six", "five")."""
    forms = [f"{value:,}", str(value)] if value >= 1000 else [str(value)]
    if value < 20:
        forms.append(_UNIT_NAMES[value])
    elif value < 100:
        tens, units = divmod(value, 10)
        forms.append(_TEN_NAMES[tens * 10] + (f"-{_UNIT_NAMES[units]}" if units else ""))
    return forms


SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE_WORDS = {"dozens", "scores", "hundreds", "thousands", "millions", "several"}
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
DIGIT_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)[-–—](\d{1,3}(?:,\d{3})+|\d+)$")

# Qualifier words before a number, longest first; the value names the qualifier.
PRE_QUALIFIERS: list[tuple[tuple[str, ...], str]] = sorted([
    (("at", "least"), "at_least"), (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"), (("a", "minimum", "of"), "at_least"),
    (("not", "less", "than"), "at_least"),
    (("more", "than"), "more_than"), (("over",), "more_than"), (("upwards", "of"), "more_than"),
    (("in", "excess", "of"), "more_than"), (("above",), "more_than"), (("well", "over"), "more_than"),
    (("just", "over"), "more_than"), (("exceeding",), "more_than"),
    (("nearly",), "about"), (("almost",), "about"), (("close", "to"), "about"),
    (("about",), "about"), (("around",), "about"), (("some",), "about"),
    (("approximately",), "about"), (("roughly",), "about"), (("an", "estimated"), "about"),
    (("estimated",), "about"), (("circa",), "about"), (("just", "under"), "about"),
    (("up", "to"), "at_most"), (("as", "many", "as"), "at_most"), (("at", "most"), "at_most"),
    (("no", "more", "than"), "at_most"), (("not", "more", "than"), "at_most"),
    (("a", "maximum", "of"), "at_most"),
    (("fewer", "than"), "fewer_than"), (("less", "than"), "fewer_than"), (("under",), "fewer_than"),
], key=lambda item: -len(item[0]))
POST_QUALIFIERS = {("or", "more"): "at_least", ("or", "so"): "about", ("-", "plus"): "more_than",
                   ("plus",): "more_than"}

# Tokens right after a number that make it something other than a head count.
NOT_A_COUNT_AFTER = {
    "%", "percent", "per", "pc", "year", "month", "week", "day", "hour", "minute", "second",
    "decade", "century", "km", "kilometre", "kilometer", "mile", "metre", "meter", "kg", "ton",
    "tonne", "dollar", "euro", "pound", "franc", "cfa", "rouble", "ruble", "naira", "cedi",
    "shilling", "rand", "yuan", "rupee", "times", "am", "pm", "gmt", "bn", "m",
    "a.m.", "p.m.", "a.m", "p.m", "o'clock", "block", "mph", "km/h",
}
# "Nkemba, 45, was killed", "the other, 24, was treated": an age set off by commas after the
# person it belongs to (a name or noun, or a word standing for one).
AGE_OWNERS = {"other", "another", "latter", "former", "one", "first", "second", "third", "eldest",
              "youngest", "oldest"}
CURRENCY_BEFORE = {"$", "€", "£", "¥", "us$", "usd", "eur", "gbp", "cfa"}
# More than the people alive: no head count is this large.
MAX_HEAD_COUNT = 10_000_000_000
NOT_A_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}


@dataclass
class Quantity:
    """A number phrase in a sentence: its tokens, its value as an interval, and its qualifier."""

    start: int                 # first token (qualifier words included), doc index
    end: int                   # one past the last token
    low: int | None            # the stated number whatever the qualifier; None when vague
    high: int | None           # the upper number of a range only
    qualifier: str
    vague: str | None
    head: "Token"              # the token through which the phrase attaches to the parse
    ordinal: bool = False      # "a third soldier": a place in a sequence, a count only of deaths
    single: bool = False       # "a man was killed": one person named with the indefinite article


def quantities(sent: "Span") -> list[Quantity]:
    """The number phrases of a sentence that could be head counts (no money, dates, percents)."""
    found: list[Quantity] = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        ordinal = ordinal_at(tokens, i)
        if ordinal is not None:
            found.append(ordinal)
            i += 2
            continue
        single = single_at(tokens, i)
        if single is not None:
            found.append(single)
            i += 1
            continue
        parsed = number_at(tokens, i)
        if parsed is None:
            i += 1
            continue
        low, high, vague, end = parsed
        qualifier = "vague" if vague else ("range" if high is not None else "exact")
        start = i
        rising = False
        if high is None and not vague:
            second = range_tail(tokens, i, end)
            if second is not None:
                high, end = second
                qualifier = "range"
                if words_before(tokens, i, 1) == ("between",):
                    start = i - 1
                elif words_before(tokens, i, 1) == ("from",):
                    start = i - 1
                    rising = is_change_word(tokens[i - 1].head)
        if qualifier in ("exact", "vague"):
            found_qualifier, size = pre_qualifier(tokens, i)
            if found_qualifier:
                start = i - size
                if qualifier == "exact":
                    qualifier = found_qualifier
            post, size = post_qualifier(tokens, end)
            if post and qualifier == "exact":
                qualifier = post
                end += size
        if rising and high is not None:
            low, high, qualifier = high, None, "exact"   # "rose from 12 to 30": the toll is 30
        span_tokens = tokens[i:end]
        if not is_count(tokens, i, end, low, vague):
            i = end
            continue
        head = phrase_head(span_tokens, sent)
        found.append(Quantity(tokens[start].i, tokens[end - 1].i + 1, low, high, qualifier, vague,
                              head))
        i = end
    return found


def ordinal_at(tokens: list["Token"], i: int) -> Quantity | None:
    """"A third peacekeeper": an ordinal that modifies one person. "A third of the population"
    is a fraction (the ordinal is the head, not a modifier), so it never matches."""
    if tokens[i].lower_ not in ("a", "an") or i + 1 >= len(tokens):
        return None
    word = tokens[i + 1]
    if word.lower_ not in ORDINALS or word.dep_ != "amod" or not is_person(word.head) \
            or word.head.tag_ != "NN":
        return None
    return Quantity(tokens[i].i, word.i + 1, ORDINALS[word.lower_], None, "exact", None, word,
                    ordinal=True)


def single_at(tokens: list["Token"], i: int) -> Quantity | None:
    """"A Dover man was killed", "a teenage passenger was hurt": one person, named by a singular
    noun with the indefinite article, as the subject of its clause. Local news counts its
    victims one by one; what happened to the person (figures.py) decides whether it is a count.
    """
    article = tokens[i]
    if article.lower_ not in ("a", "an") or article.dep_ != "det":
        return None
    noun = single_noun(article)
    if noun.i <= article.i or noun.tag_ != "NN" or noun.dep_ not in ("nsubj", "nsubjpass") \
            or not is_person(noun) or noun.lemma_.lower() in NOT_SINGLE_PEOPLE:
        return None
    if any(t.lower_ in ORDINALS for t in tokens[i + 1:noun.i - tokens[0].i]):
        return None         # "a third man": an ordinal, read by ordinal_at
    return Quantity(article.i, article.i + 1, 1, None, "exact", None, article, single=True)


def single_noun(article: "Token") -> "Token":
    """The person an indefinite article counts: its head, or the possessed noun when the parser
    hangs the article on the possessor ("a county sheriff's deputy was killed": one deputy)."""
    noun = article.head
    if noun.dep_ == "poss" and noun.head.i > noun.i:
        return noun.head
    return noun


# Singular person nouns that name a group or a role, not one victim ("a crew", "a member of").
NOT_SINGLE_PEOPLE = {"crew", "family", "household", "staff", "force", "personnel", "police",
                     "militia", "other", "people", "number", "group"}


def number_at(tokens: list["Token"], i: int) -> tuple[int | None, int | None, str | None, int] | None:
    """(low, high, vague word, end index) of the number phrase starting at tokens[i], if any.

    A number larger than any head count (more people than live on Earth) reads as no number:
    such text is a typo, a joke or a hostile input, never a toll.
    """
    parsed = _read_number(tokens, i)
    if parsed is None or any(v is not None and v > MAX_HEAD_COUNT for v in parsed[:2]):
        return None
    return parsed


def _read_number(tokens: list["Token"], i: int) -> tuple[int | None, int | None, str | None, int] | None:
    tok = tokens[i]
    low = tok.lower_
    nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
    nxt2 = tokens[i + 2].lower_ if i + 2 < len(tokens) else ""
    # Vague amounts: "hundreds of thousands", "dozens of", "scores of", "several".
    if low in ("tens", "hundreds") and nxt == "of" and nxt2 in ("thousands", "millions"):
        return None, None, f"{low} of {nxt2}", i + 3
    if low in ("several", "few") and nxt in SCALES:
        word = "a few" if low == "few" and i > 0 and tokens[i - 1].lower_ == "a" else low
        return None, None, f"{word} {nxt}", i + 2
    if low in VAGUE_WORDS:
        if low == "scores" and nxt != "of":
            return None
        if low == "several" and tok.dep_ not in ("amod", "nummod", "nsubj", "nsubjpass", "dobj",
                                                  "pobj", "attr", "appos", "conj"):
            return None
        return None, None, low, i + 1
    if low in ("a", "an") and nxt in ("dozen", "hundred", "thousand", "million"):
        if nxt == "dozen":
            return 12, None, None, i + 2
        return scale_tail(tokens, i + 2, SCALES[nxt])
    if low == "half" and nxt in ("a", "an") and nxt2 == "dozen":
        return 6, None, None, i + 3
    match = DIGIT_RANGE.match(tok.text)
    if match:
        return int(match[1].replace(",", "")), int(match[2].replace(",", "")), None, i + 1
    if DIGITS.match(tok.text):
        value = float(tok.text.replace(",", ""))
        return scale_tail(tokens, i + 1, value)
    if low == "one" and nxt == "of" and nxt2 not in BACK_REFERENCES:
        return None         # "one of 12 people": the 12 is the count; "one of them" is a part
    if low in UNITS or low in TENS:
        return words_number(tokens, i)
    return None


def scale_tail(tokens: list["Token"], j: int, value: float) -> tuple[int, None, None, int] | None:
    """Apply "million", "thousand", "dozen" after a number ("1.5 million", "two dozen")."""
    while j < len(tokens) and tokens[j].lower_ in (*SCALES, "dozen"):
        value *= 12 if tokens[j].lower_ == "dozen" else SCALES[tokens[j].lower_]
        j += 1
    if not math.isfinite(value) or value > MAX_HEAD_COUNT:
        return None                 # "1e400 people": float infinity has no int
    return int(value), None, None, j


def words_number(tokens: list["Token"], i: int) -> tuple[int, None, None, int]:
    """Number words ("twenty-five", "one hundred and twelve", "two dozen") to an int."""
    total = current = 0
    j = i
    while j < len(tokens):
        word = tokens[j].lower_
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        elif word == "-" and j + 1 < len(tokens) and tokens[j + 1].lower_ in UNITS and j > i:
            pass
        elif (word == "and" and j > i and tokens[j - 1].lower_ in SCALES
              and j + 1 < len(tokens) and (tokens[j + 1].lower_ in UNITS or tokens[j + 1].lower_ in TENS)):
            pass
        else:
            break
        j += 1
    return total + current, None, None, j


def range_tail(tokens: list["Token"], i: int, end: int) -> tuple[int, int] | None:
    """The upper number of "between A and B", "from A to B", "A-B", "A to B", if present."""
    if end + 1 >= len(tokens):
        return None
    joint = tokens[end].lower_
    before = words_before(tokens, i, 1)
    if joint == "and" and before != ("between",):
        return None
    if joint not in ("and", "to", "-", "–", "—"):
        return None
    parsed = number_at(tokens, end + 1)
    if parsed is None or parsed[2] is not None or parsed[1] is not None:
        return None
    return parsed[0], parsed[3]


def words_before(tokens: list["Token"], i: int, n: int) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens[max(0, i - n):i])


def pre_qualifier(tokens: list["Token"], i: int) -> tuple[str | None, int]:
    for words, qualifier in PRE_QUALIFIERS:
        if i >= len(words) and words_before(tokens, i, len(words)) == words:
            if words == ("over",) and tokens[i - 1].dep_ == "prt":
                continue
            return qualifier, len(words)
    return None, 0


def post_qualifier(tokens: list["Token"], end: int) -> tuple[str | None, int]:
    for words, qualifier in POST_QUALIFIERS.items():
        if tuple(t.lower_ for t in tokens[end:end + len(words)]) == words:
            return qualifier, len(words)
    return None, 0


def is_count(tokens: list["Token"], i: int, end: int, value: int | None, vague: str | None) -> bool:
    """False for money, percentages, dates, durations, ages, ordinals and fractions."""
    first = tokens[i]
    if vague is None and first.ent_type_ in NOT_A_COUNT_ENTS:
        # The small model tags some bare counts as DATE ("put the toll at 52"): trust a DATE
        # only when it reads like one.
        ent = next((e for e in first.doc.ents if e.start <= first.i < e.end), None)
        if first.ent_type_ not in ("DATE", "TIME") or ent is None or DATE_WORD.search(ent.text) \
                or any(t.lemma_.lower() in NOT_A_COUNT_AFTER for t in ent):
            return False
    prev = tokens[i - 1].lower_ if i > 0 else ""
    if vague is None and value is not None and 1 <= value <= 31 and end - i == 1 and (
            (i > 0 and MONTH_WORD.match(tokens[i - 1].text) and tokens[i - 1].is_title)
            or (end < len(tokens) and MONTH_WORD.match(tokens[end].text) and tokens[end].is_title)):
        return False        # "on Sunday (Aug 16)", "on 16 August": a day of the month
    if prev in CURRENCY_BEFORE or prev in ("aged", "age", "ages", "number", "no", "no."):
        return False
    if vague is None and end - i == 1 and prev == "," and i >= 2 and end < len(tokens) \
            and tokens[end].text == "," and (value or 0) <= 120 \
            and (tokens[i - 2].pos_ in ("NOUN", "PROPN") or tokens[i - 2].is_title
                 or tokens[i - 2].lower_ in AGE_OWNERS):
        return False        # "Nkemba, 45, was killed": an age set off by commas after a name
    if vague is None and re.match(r"^(1[89]\d\d|20\d\d)$", first.text):
        noun = first.head
        if not (first.dep_ == "nummod" and (category_of_noun(noun) or is_person(noun))):
            return False    # a year, unless it counts people ("2000 people died")
    if end < len(tokens):
        after = tokens[end]
        if after.lemma_.lower() in NOT_A_COUNT_AFTER or after.lower_ in NOT_A_COUNT_AFTER:
            return False
        if after.lower_ in ("-", "–") and end + 1 < len(tokens) and tokens[end + 1].lemma_.lower() in (
                "year", "month", "week", "day", "hour", "old", "strong"):
            return False
        if after.lower_ == "and" and end + 3 < len(tokens) and tokens[end + 1].lower_ in ("a", "one") \
                and tokens[end + 2].lower_ in ("half", "quarter") and (
                    tokens[end + 3].lemma_.lower() in NOT_A_COUNT_AFTER or tokens[end + 3].lower_ in NOT_A_COUNT_AFTER):
            return False    # "two and a half years"
        if after.lower_ == "in" and end + 1 < len(tokens) and number_at(tokens, end + 1):
            return False    # "one in five"
        if after.lower_ == "out" and end + 1 < len(tokens) and tokens[end + 1].lower_ == "of":
            return False
    return value is None or value > 0


def phrase_head(span_tokens: list["Token"], sent: "Span") -> "Token":
    """The token of the phrase whose head lies outside it: how the phrase joins the parse."""
    indices = {t.i for t in span_tokens}
    for tok in span_tokens:
        if tok.head.i not in indices or tok.head.i == tok.i:
            return tok
    return span_tokens[-1]

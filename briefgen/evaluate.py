"""Score a brief against hand-made gold annotations (`briefgen evaluate GOLD.json [DOCS...]`).

The gold format and the metrics are those of shared/eval/README.md. Where the README leaves a
choice open, this module makes it explicitly:

Text normalisation (`normalise`): Unicode NFKD with accents dropped, case-folded; a possessive
"'s" dropped ("Mali’s" = "Mali"); other apostrophes and full stops deleted ("U.S." = "US");
digit-group commas deleted ("1,913" = "1913"); every other run of punctuation, quote marks or
whitespace becomes one space. Names (actors, speakers) also lose a leading "the".

Scope: only gold documents count. A system item whose sources name no gold document is ignored.
A system quote or figure may cite several documents ("one REF per document that carries the
same quote"): it may then match one gold item in each of them. Recall counts gold items matched;
precision counts system items that matched at least one gold item (one line of the brief is
right or wrong, whatever the number of its sources). Matching is one-to-one within a document
and maximal (augmenting paths), trying the closest texts first.

Quotes (direct and partial, of either kind on both sides): texts agree when
  - the gold text has fewer than SHORT_QUOTE_TOKENS tokens (a phrase): the normalised texts
    are within Levenshtein distance max(1, characters // NEAR_EXACT_CHARS) of each other, so a
    typo or a changed letter is forgiven, a different, added or missing word is not;
  - otherwise: the shared tokens (as multisets) are at least LONG_OVERLAP of the gold's tokens
    and at least LONG_OVERLAP of the system's tokens (so neither a fragment nor a span that runs
    on into the next sentence matches).
A quote that runs over several paragraphs is one quote (the extraction rules say so), while
an annotator may mark each paragraph's piece on its own: a system quote left unmatched that
agrees, by the rule above, with two to four consecutive unmatched gold quotes of its document
joined together matches each of them.
Speaker: right when the normalised system speaker equals a gold answer, or the name or an alias
of the gold actor that a gold answer names.

Indirect quotes (recall only): boundaries of reported speech are loose on both sides: the gold
text may be a reporting clause inside a longer sentence, the system text the reported content
only or the whole sentence. A system indirect quote from the same document finds a gold one when
their shared tokens are at least INDIRECT_CONTAINED of the shorter text (one lies within the
other) and at least INDIRECT_COVER of the longer one (a clause of a sentence, not a fragment of
a paragraph).

Actors: a listed actor maps to the gold actor whose name or alias equals its name, else one of
its aliases. Role: right when every gold role occurs (as whole words) inside one of the listed
roles. Duplicates: for each gold actor listed k > 1 times, k - 1. Not-actors: listed actors whose
name is a `not_actors` string.

Figures: same document, same category, same `low`, and same `high` when the gold gives one; a
vague gold figure (low null) needs a system figure with low null and, when the gold names it, the
same vague word. Victims (subject accuracy, over matched figures whose gold names a subject):
right when the head noun of the gold subject (its last word, in the singular) is one of the words of
the system subject, in the singular ("Zambian peacekeepers" = "peacekeepers"; "women" is not
"people"). Figures matching no gold figure that carry the numbers of a
`not_casualty_figures` entry (low, and high when the entry gives one) are counted.

Open questions: a gold item is found when a listed question's text or one of its evidence
sentences contains one of the item's evidence phrases as whole words; one listed question may
find several gold items (recall, not a matching).
"""

from __future__ import annotations

import dataclasses
import glob
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from rapidfuzz.distance import Levenshtein

from .errors import GoldError, InputError
from .model import ACTOR_TYPES, FIGURE_CATEGORIES, QUALIFIERS

SHORT_QUOTE_TOKENS = 5
NEAR_EXACT_CHARS = 20
LONG_OVERLAP = 0.8
INDIRECT_CONTAINED = 0.8
INDIRECT_COVER = 1 / 3

GOLD_QUOTE_KINDS = ("direct", "partial")
SECTIONS = ("actors", "not_actors", "quotes", "indirect_quotes", "figures", "trends",
            "not_casualty_figures", "open_questions")

# ---------------------------------------------------------------------------------------------
# Gold annotations


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: str
    key: bool
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldQuote:
    document: str
    kind: str
    text: str
    speaker: tuple[str, ...]


@dataclass(frozen=True)
class GoldIndirectQuote:
    document: str
    text: str
    cue: str | None = None
    speaker: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldFigure:
    document: str
    category: str
    low: float | None
    high: float | None
    qualifier: str
    vague: str | None = None
    subject: str | None = None
    place: str | None = None
    when: str | None = None
    claimed_by: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class GoldTrend:
    document: str
    text: str
    category: str | None = None


@dataclass(frozen=True)
class NotCasualtyFigure:
    low: float
    high: float | None = None
    text: str | None = None


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    evidence: tuple[str, ...]
    about: str | None = None


@dataclass
class Gold:
    """A validated gold file (format: shared/eval/README.md)."""

    path: str
    documents: list[str]
    actors: list[GoldActor]
    not_actors: list[str]
    quotes: list[GoldQuote]
    indirect_quotes: list[GoldIndirectQuote]
    figures: list[GoldFigure]
    trends: list[GoldTrend]
    not_casualty_figures: list[NotCasualtyFigure]
    open_questions: list[GoldQuestion]
    name: str | None = None
    about: str | None = None


class _Problem(Exception):
    """A format error found while reading one part of a gold file; load_gold adds the path."""


_MISSING = object()


class _Item:
    """Typed access to one JSON object of a gold file, raising _Problem with its location."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise _Problem(f"{where}: expected an object, got {_json_type(data)}")
        self.data = data
        self.where = where

    def get(self, key: str, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING and required:
            raise _Problem(f"{self.where}: missing {key!r}")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, required)
        if value is _MISSING or (value is None and not required):
            return None
        if not isinstance(value, str) or not value.strip():
            raise _Problem(f"{self.where}: {key!r} must be a non-empty string, "
                           f"got {_json_type(value)}")
        return value

    def choice(self, key: str, allowed: Sequence[str]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise _Problem(f"{self.where}: {key!r} must be one of {', '.join(allowed)}, "
                           f"got {value!r}")
        return value

    def strings(self, key: str, required: bool = True, non_empty: bool = False) -> tuple[str, ...]:
        value = self.get(key, required)
        if value is _MISSING:
            return ()
        if (not isinstance(value, list)
                or not all(isinstance(v, str) and v.strip() for v in value)):
            raise _Problem(f"{self.where}: {key!r} must be a list of non-empty strings")
        if non_empty and not value:
            raise _Problem(f"{self.where}: {key!r} must not be empty")
        return tuple(value)

    def number(self, key: str, required: bool = False) -> float | None:
        """A count: required ones must be numbers, others may be absent or null."""
        value = self.get(key, required)
        if not required and (value is _MISSING or value is None):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            what = "a non-negative number" + ("" if required else " or null")
            raise _Problem(f"{self.where}: {key!r} must be {what}, got {value!r}")
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key, True)
        if not isinstance(value, bool):
            raise _Problem(f"{self.where}: {key!r} must be true or false, got {value!r}")
        return value

    def document(self, documents: set[str]) -> str:
        name = self.text("document")
        if name not in documents:
            raise _Problem(f"{self.where}: document {name!r} is not listed in 'documents'")
        return name


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def load_gold(path: str | Path) -> Gold:
    """Read and validate a gold file; any departure from the format is a GoldError."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GoldError("no such gold file", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                        path) from exc
    try:
        return _parse_gold(data, str(path))
    except _Problem as exc:
        raise GoldError(str(exc), path) from exc


def _parse_gold(data: Any, path: str) -> Gold:
    if not isinstance(data, dict):
        raise _Problem(f"the top level must be an object, got {_json_type(data)}")
    top = _Item(data, "top level")
    for key in ("documents", *SECTIONS):
        top.get(key, True)
        if not isinstance(data[key], list):
            raise _Problem(f"{key!r} must be a list, got {_json_type(data[key])}")
    documents = _parse_documents(data["documents"])
    known = set(documents)

    def items(section: str) -> Iterable[_Item]:
        return (_Item(value, f"{section}[{i}]") for i, value in enumerate(data[section]))

    actors = [GoldActor(name=a.text("name"), type=a.choice("type", ACTOR_TYPES),
                        key=a.flag("key"), aliases=a.strings("aliases", required=False),
                        roles=a.strings("roles", required=False))
              for a in items("actors")]
    not_actors = list(top.strings("not_actors"))
    _check_actor_names(actors, not_actors)
    quotes = [GoldQuote(document=q.document(known), kind=q.choice("kind", GOLD_QUOTE_KINDS),
                        text=q.text("text"), speaker=q.strings("speaker", non_empty=True))
              for q in items("quotes")]
    indirect = [GoldIndirectQuote(document=q.document(known), text=q.text("text"),
                                  cue=q.text("cue", required=False),
                                  speaker=q.strings("speaker", required=False))
                for q in items("indirect_quotes")]
    figures = [_parse_figure(f, known) for f in items("figures")]
    trends = [GoldTrend(document=t.document(known), text=t.text("text"),
                        category=t.text("category", required=False))
              for t in items("trends")]
    not_casualty = [NotCasualtyFigure(low=n.number("low", required=True),
                                      high=n.number("high"), text=n.text("text", required=False))
                    for n in items("not_casualty_figures")]
    questions = []
    for i, q in enumerate(items("open_questions")):
        questions.append(GoldQuestion(id=q.text("id", required=False) or f"#{i}",
                                      evidence=q.strings("evidence", non_empty=True),
                                      about=q.text("about", required=False)))
    ids = Counter(q.id for q in questions)
    for qid, count in ids.items():
        if count > 1:
            raise _Problem(f"open_questions: id {qid!r} is used {count} times")
    return Gold(path=path, documents=documents, actors=actors, not_actors=not_actors,
                quotes=quotes, indirect_quotes=indirect, figures=figures, trends=trends,
                not_casualty_figures=not_casualty, open_questions=questions,
                name=top.text("name", required=False), about=top.text("about", required=False))


def _parse_documents(values: list[Any]) -> list[str]:
    if not values:
        raise _Problem("'documents' must not be empty")
    seen: set[str] = set()
    for i, name in enumerate(values):
        if not isinstance(name, str) or not name.strip():
            raise _Problem(f"documents[{i}]: expected a file name, got {_json_type(name)}")
        if "/" in name or "\\" in name:
            raise _Problem(f"documents[{i}]: {name!r} must be a file name, not a path")
        if name in seen:
            raise _Problem(f"documents[{i}]: {name!r} is listed twice")
        seen.add(name)
    return list(values)


def _check_actor_names(actors: list[GoldActor], not_actors: list[str]) -> None:
    """Each name or alias must point to one gold actor, or scoring would be ambiguous."""
    owner: dict[str, int] = {}
    for i, actor in enumerate(actors):
        for form in actor.forms:
            if not _name_key(form):
                raise _Problem(f"actors[{i}]: {form!r} has no letters or digits")
            other = owner.setdefault(_name_key(form), i)
            if other != i:
                raise _Problem(f"actors[{i}]: {form!r} also names actors[{other}] "
                               f"({actors[other].name!r})")
    for i, text in enumerate(not_actors):
        if _name_key(text) in owner:
            raise _Problem(f"not_actors[{i}]: {text!r} is also a name or alias of "
                           f"actors[{owner[_name_key(text)]}]")


def _parse_figure(item: _Item, documents: set[str]) -> GoldFigure:
    figure = GoldFigure(
        document=item.document(documents), category=item.choice("category", FIGURE_CATEGORIES),
        low=item.number("low"), high=item.number("high"),
        qualifier=item.choice("qualifier", QUALIFIERS),
        vague=item.text("vague", required=False), subject=item.text("subject", required=False),
        place=item.text("place", required=False), when=item.text("when", required=False),
        claimed_by=item.text("claimed_by", required=False), text=item.text("text", required=False))
    if figure.low is None and figure.qualifier != "vague":
        raise _Problem(f"{item.where}: 'low' is null but 'qualifier' is {figure.qualifier!r}, "
                       f"not 'vague'")
    if figure.low is None and figure.high is not None:
        raise _Problem(f"{item.where}: 'high' is given without 'low'")
    if figure.low is not None and figure.high is not None and figure.high < figure.low:
        raise _Problem(f"{item.where}: 'high' ({figure.high}) is below 'low' ({figure.low})")
    return figure


# ---------------------------------------------------------------------------------------------
# Finding the annotated documents


def find_documents(gold: Gold, gold_path: str | Path,
                   doc_args: Sequence[str | Path]) -> list[Path]:
    """The files the gold annotates, in its order: among DOCS (files, or folders searched
    recursively, hidden folders skipped) first, else beside the gold file.

    A document found nowhere, or found twice under DOCS, is a GoldError naming it.
    """
    gold_path = Path(gold_path)
    by_name: dict[str, dict[Path, Path]] = defaultdict(dict)   # name -> {resolved: as given}
    by_stem: dict[str, dict[Path, Path]] = defaultdict(dict)
    for arg in map(Path, doc_args):
        if arg.is_dir():
            candidates = _files_under(arg)
        elif arg.is_file():
            candidates = [arg]
        else:
            raise InputError("no such file or folder", arg)
        for candidate in candidates:
            by_name[candidate.name].setdefault(candidate.resolve(), candidate)
            by_stem[candidate.stem].setdefault(candidate.resolve(), candidate)
    found: list[Path] = []
    for name in gold.documents:
        # a gold document is named by its file name, or by its stem (the name without extension)
        matches = list(by_name.get(name, {}).values()) or list(by_stem.get(name, {}).values())
        if not matches and not (gold_path.parent / name).is_file():
            matches = sorted(p for p in gold_path.parent.glob(glob.escape(name) + ".*")
                             if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        if len(matches) > 1:
            raise GoldError(f"document {name!r} is found more than once: "
                            + ", ".join(map(str, matches)), gold_path)
        if not matches and (gold_path.parent / name).is_file():
            matches = [gold_path.parent / name]
        if not matches:
            places = ["beside the gold file"] + [str(a) for a in doc_args]
            raise GoldError(f"document {name!r} is not found ({'; '.join(places)})", gold_path)
        found.append(matches[0])
    return found


DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def renamed(gold: Gold, names: dict[str, str]) -> Gold:
    """The gold with its documents called by the file names found for them (stems → names)."""
    if all(old == new for old, new in names.items()):
        return gold

    def one(item: Any) -> Any:
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            if f.name == "document" and isinstance(value, str):
                changes[f.name] = names.get(value, value)
            elif f.name in ("evidence", "documents") and isinstance(value, (tuple, list)):
                changes[f.name] = type(value)(names.get(v, v) if isinstance(v, str) else v
                                              for v in value)
        return dataclasses.replace(item, **changes) if changes else item

    changes = {f.name: [one(i) if dataclasses.is_dataclass(i) else i for i in getattr(gold, f.name)]
               for f in dataclasses.fields(gold) if isinstance(getattr(gold, f.name), list)}
    changes["documents"] = [names.get(d, d) for d in gold.documents]
    return dataclasses.replace(gold, **changes)


def _files_under(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / n for n in sorted(names))
    return files


# ---------------------------------------------------------------------------------------------
# Metrics


@dataclass(frozen=True)
class Ratio:
    """hits out of total; its value is None when there is nothing to count."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


def _f1(precision: Ratio, recall: Ratio) -> float | None:
    p, r = precision.value, recall.value
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class Finding:
    """One item behind a score: a missed gold item, an extra system item, or a wrong attribute."""

    kind: str            # missed | extra | wrong
    document: str | None
    text: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, "text": self.text,
                "note": self.note}


@dataclass
class QuoteScores:
    precision: Ratio
    recall: Ratio
    speaker_accuracy: Ratio
    indirect_recall: Ratio
    findings: list[Finding] = field(default_factory=list)
    indirect_findings: list[Finding] = field(default_factory=list)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)


@dataclass
class ActorScores:
    key_recall: Ratio
    precision: Ratio
    type_accuracy: Ratio
    role_accuracy: Ratio
    not_actors: int
    duplicates: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FigureScores:
    precision: Ratio
    recall: Ratio
    qualifier_accuracy: Ratio
    not_casualty: int
    subject_accuracy: Ratio = Ratio(0, 0)
    findings: list[Finding] = field(default_factory=list)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)


@dataclass
class QuestionScores:
    recall: Ratio
    listed: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Metrics:
    gold: str
    documents: list[str]
    quotes: QuoteScores
    actors: ActorScores
    figures: FigureScores
    open_questions: QuestionScores

    def rows(self) -> list[tuple[str, str, Ratio | float | int | None]]:
        """(section, metric, value) in report order; a Ratio keeps its counts."""
        q, a, f, o = self.quotes, self.actors, self.figures, self.open_questions
        return [
            ("quotes", "precision", q.precision), ("quotes", "recall", q.recall),
            ("quotes", "f1", q.f1), ("quotes", "speaker_accuracy", q.speaker_accuracy),
            ("indirect_quotes", "recall", q.indirect_recall),
            ("actors", "key_recall", a.key_recall), ("actors", "precision", a.precision),
            ("actors", "type_accuracy", a.type_accuracy),
            ("actors", "role_accuracy", a.role_accuracy),
            ("actors", "not_actors_listed", a.not_actors), ("actors", "duplicates", a.duplicates),
            ("figures", "precision", f.precision), ("figures", "recall", f.recall),
            ("figures", "f1", f.f1), ("figures", "qualifier_accuracy", f.qualifier_accuracy),
            ("figures", "subject_accuracy", f.subject_accuracy),
            ("figures", "not_casualty_listed", f.not_casualty),
            ("open_questions", "recall", o.recall), ("open_questions", "listed", o.listed),
        ]

    def findings(self) -> list[tuple[str, list[Finding]]]:
        return [("quotes", self.quotes.findings),
                ("indirect_quotes", self.quotes.indirect_findings),
                ("actors", self.actors.findings), ("figures", self.figures.findings),
                ("open_questions", self.open_questions.findings)]

    def to_dict(self) -> dict[str, Any]:
        """Scores as plain numbers (null when undefined), their counts, and every finding."""
        out: dict[str, Any] = {"gold": self.gold, "documents": list(self.documents)}
        for section, metric, value in self.rows():
            entry = out.setdefault(section, {"counts": {}})
            if isinstance(value, Ratio):
                entry[metric] = None if value.value is None else round(value.value, 4)
                entry["counts"][metric] = {"hits": value.hits, "total": value.total}
            else:
                entry[metric] = round(value, 4) if isinstance(value, float) else value
        for section, findings in self.findings():
            out[section]["findings"] = [f.to_dict() for f in findings]
        return out


# ---------------------------------------------------------------------------------------------
# Normalisation and matching

_APOSTROPHE = "'’‘`´ʼ′"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHE}]s\b")
_APOSTROPHES = re.compile(rf"[{_APOSTROPHE}.]")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str | None) -> str:
    """Text reduced to lower-case words separated by single spaces (see the module docstring)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _DIGIT_COMMA.sub("", _APOSTROPHES.sub("", _POSSESSIVE.sub("", plain)))
    return " ".join(_NON_WORD.sub(" ", plain).split())


def _name_key(text: str | None) -> str:
    key = normalise(text)
    return key[4:] if key.startswith("the ") else key


def _contains_phrase(text: str, phrase: str) -> bool:
    phrase = normalise(phrase)
    return bool(phrase) and f" {phrase} " in f" {normalise(text)} "


def _overlap(a: Sequence[str], b: Sequence[str]) -> int:
    return sum((Counter(a) & Counter(b)).values())


def quote_similarity(gold_text: str, system_text: str) -> float | None:
    """How well a system quote's text agrees with a gold quote's, or None when it does not."""
    gold, system = normalise(gold_text), normalise(system_text)
    gold_tokens, system_tokens = gold.split(), system.split()
    if not gold_tokens or not system_tokens:
        return None
    if len(gold_tokens) < SHORT_QUOTE_TOKENS:
        allowed = max(1, len(gold) // NEAR_EXACT_CHARS)
        distance = Levenshtein.distance(gold, system, score_cutoff=allowed)
        return 1 - distance / len(gold) if distance <= allowed else None
    shared = _overlap(gold_tokens, system_tokens)
    score = min(shared / len(gold_tokens), shared / len(system_tokens))
    return score if score >= LONG_OVERLAP else None


def indirect_similarity(gold_text: str, system_text: str) -> float | None:
    """Agreement of a system indirect quote with a gold one, or None (module docstring)."""
    gold_tokens, system_tokens = normalise(gold_text).split(), normalise(system_text).split()
    if not gold_tokens or not system_tokens:
        return None
    shared = _overlap(gold_tokens, system_tokens)
    shorter, longer = sorted((len(gold_tokens), len(system_tokens)))
    if shared / shorter >= INDIRECT_CONTAINED and shared / longer >= INDIRECT_COVER:
        return shared / longer
    return None


def _max_matching(candidates: list[list[tuple[float, int]]]) -> dict[int, int]:
    """A maximum one-to-one matching (Kuhn's augmenting paths) of left slots to right items.

    candidates[left] lists (similarity, right); better similarities are tried first, and slots
    with the best candidates claim first, so ties in size go to the closest texts.
    """
    owner: dict[int, int] = {}
    ordered = [sorted(c, key=lambda e: (-e[0], e[1])) for c in candidates]

    def augment(left: int, seen: set[int]) -> bool:
        for _, right in ordered[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    order = sorted((i for i, c in enumerate(ordered) if c), key=lambda i: (-ordered[i][0][0], i))
    for left in order:
        augment(left, set())
    return {left: right for right, left in owner.items()}


def _source_documents(item: dict[str, Any], key: str, scope: set[str]) -> list[str]:
    """The gold documents an item cites, each once, in citation order."""
    docs: list[str] = []
    for ref in item.get(key) or []:
        doc = ref.get("document")
        if doc in scope and doc not in docs:
            docs.append(doc)
    return docs


@dataclass
class _Matched:
    """A per-document matching between system items and gold items."""

    pairs: list[tuple[int, int]]       # (system item, gold item)
    system_items: list[int]            # the system items in scope
    system_docs: dict[int, list[str]]

    @property
    def matched_system(self) -> set[int]:
        return {s for s, _ in self.pairs}

    @property
    def matched_gold(self) -> set[int]:
        return {g for _, g in self.pairs}


def _match_by_document(system: list[dict[str, Any]], gold: Sequence[Any], ref_key: str,
                       scope: set[str],
                       similarity: Callable[[Any, dict[str, Any]], float | None]) -> _Matched:
    slots: list[tuple[int, str]] = []
    docs: dict[int, list[str]] = {}
    for i, item in enumerate(system):
        cited = _source_documents(item, ref_key, scope)
        if cited:
            docs[i] = cited
            slots.extend((i, d) for d in cited)
    candidates: list[list[tuple[float, int]]] = []
    for i, doc in slots:
        row = []
        for g, gold_item in enumerate(gold):
            if gold_item.document == doc:
                score = similarity(gold_item, system[i])
                if score is not None:
                    row.append((score, g))
        candidates.append(row)
    matching = _max_matching(candidates)
    pairs = sorted((slots[slot][0], g) for slot, g in matching.items())
    return _Matched(pairs=pairs, system_items=sorted(docs), system_docs=docs)


# ---------------------------------------------------------------------------------------------
# Scoring


def score(gold: Gold, brief: dict[str, Any]) -> Metrics:
    """Score a `briefgen.brief/1` dict (Brief.to_dict()) against the gold annotations."""
    present = {d.get("id") for d in brief.get("documents") or []}
    absent = [name for name in gold.documents if name not in present]
    if absent:
        raise GoldError("the brief does not include the gold document(s) "
                        + ", ".join(absent) + "; pass them as DOCS", gold.path)
    scope = set(gold.documents)
    return Metrics(gold=gold.name or Path(gold.path).name, documents=list(gold.documents),
                   quotes=_score_quotes(gold, brief.get("quotes") or [], scope),
                   actors=_score_actors(gold, brief.get("actors") or []),
                   figures=_score_figures(gold, brief.get("figures") or [], scope),
                   open_questions=_score_questions(gold, brief.get("open_questions") or []))


def _short(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _accepted_speakers(gold: Gold, answers: Iterable[str]) -> set[str]:
    accepted: set[str] = set()
    for answer in answers:
        key = _name_key(answer)
        accepted.add(key)
        for actor in gold.actors:
            if key in {_name_key(f) for f in actor.forms}:
                accepted.update(_name_key(f) for f in actor.forms)
    return accepted


MAX_PIECES = 4


def _match_joined_pieces(matched: _Matched, system: list[dict[str, Any]], gold_quotes: Sequence[Any]) -> None:
    """Pair an unmatched system quote with consecutive gold pieces of one quote (module docstring)."""
    for s in matched.system_items:
        if s in matched.matched_system:
            continue
        for document in matched.system_docs[s]:
            free = [g for g, q in enumerate(gold_quotes)
                    if q.document == document and g not in matched.matched_gold]
            for start in range(len(free)):
                for size in range(2, MAX_PIECES + 1):
                    window = free[start:start + size]
                    if len(window) < size or window[-1] - window[0] != size - 1:
                        break
                    joined = " ".join(gold_quotes[g].text for g in window)
                    if quote_similarity(joined, system[s].get("text") or "") is not None:
                        matched.pairs.extend((s, g) for g in window)
                        break
                if s in matched.matched_system:
                    break


def _score_quotes(gold: Gold, quotes: list[dict[str, Any]], scope: set[str]) -> QuoteScores:
    direct = [q for q in quotes if q.get("kind") in GOLD_QUOTE_KINDS]
    matched = _match_by_document(direct, gold.quotes, "sources", scope,
                                 lambda g, s: quote_similarity(g.text, s.get("text") or ""))
    _match_joined_pieces(matched, direct, gold.quotes)
    findings: list[Finding] = []
    right_speakers = 0
    for s, g in matched.pairs:
        gold_quote, speaker = gold.quotes[g], direct[s].get("speaker")
        if speaker and _name_key(speaker) in _accepted_speakers(gold, gold_quote.speaker):
            right_speakers += 1
        else:
            answers = " | ".join(gold_quote.speaker)
            findings.append(Finding("wrong", gold_quote.document, _short(gold_quote.text),
                                    f"speaker {speaker!r}, gold: {answers}"))
    for g, gold_quote in enumerate(gold.quotes):
        if g not in matched.matched_gold:
            answers = " | ".join(gold_quote.speaker)
            findings.append(Finding("missed", gold_quote.document, _short(gold_quote.text),
                                    f"{gold_quote.kind}, speaker: {answers}"))
    for s in matched.system_items:
        if s not in matched.matched_system:
            item = direct[s]
            findings.append(Finding("extra", ", ".join(matched.system_docs[s]),
                                    _short(item.get("text")),
                                    f"{item.get('kind')}, speaker: {item.get('speaker')}"))

    indirect = [q for q in quotes if q.get("kind") == "indirect"]
    found = _match_by_document(indirect, gold.indirect_quotes, "sources", scope,
                               lambda g, s: indirect_similarity(g.text, s.get("text") or ""))
    indirect_findings = [Finding("missed", q.document, _short(q.text), f"cue: {q.cue}")
                         for g, q in enumerate(gold.indirect_quotes)
                         if g not in found.matched_gold]
    indirect_findings += [Finding("extra", ", ".join(found.system_docs[s]),
                                  _short(indirect[s].get("text")),
                                  f"speaker: {indirect[s].get('speaker')}")
                          for s in found.system_items if s not in found.matched_system]
    return QuoteScores(
        precision=Ratio(len(matched.matched_system), len(matched.system_items)),
        recall=Ratio(len(matched.matched_gold), len(gold.quotes)),
        speaker_accuracy=Ratio(right_speakers, len(matched.pairs)),
        indirect_recall=Ratio(len(found.matched_gold), len(gold.indirect_quotes)),
        findings=findings, indirect_findings=indirect_findings)


def _score_actors(gold: Gold, actors: list[dict[str, Any]]) -> ActorScores:
    index: dict[str, int] = {}
    for g, actor in enumerate(gold.actors):
        for form in actor.forms:
            index.setdefault(_name_key(form), g)
    not_actors = {_name_key(n) for n in gold.not_actors}

    def gold_index(actor: dict[str, Any]) -> int | None:
        for form in [actor.get("name"), *(actor.get("aliases") or [])]:
            g = index.get(_name_key(form))
            if g is not None:
                return g
        return None

    mapping = [gold_index(a) for a in actors]
    findings: list[Finding] = []
    listed_by_gold: dict[int, list[str]] = defaultdict(list)
    people_orgs = right = right_types = typed = right_roles = roled = not_listed = 0
    for actor, g in zip(actors, mapping):
        name, kind = actor.get("name") or "", actor.get("type")
        docs = ", ".join(actor.get("documents") or []) or None
        counted = kind in ("person", "organization")
        people_orgs += counted
        if _name_key(name) in not_actors:
            not_listed += 1
        if g is None:
            why = "a not_actors entry" if _name_key(name) in not_actors else "not a gold actor"
            findings.append(Finding("extra", docs, name,
                                    f"{kind}, {why}" + ("" if counted else ", not scored")))
            continue
        gold_actor = gold.actors[g]
        right += counted
        listed_by_gold[g].append(name)
        typed += 1
        if kind == gold_actor.type:
            right_types += 1
        else:
            findings.append(Finding("wrong", docs, name,
                                    f"type {kind!r}, gold: {gold_actor.type}"))
        if gold_actor.roles:
            roled += 1
            roles = actor.get("roles") or []
            lacking = [r for r in gold_actor.roles
                       if not any(_contains_phrase(role, r) for role in roles)]
            if lacking:
                findings.append(Finding("wrong", docs, name,
                                        f"roles {roles}, lacking: {', '.join(lacking)}"))
            else:
                right_roles += 1
    duplicates = sum(len(names) - 1 for names in listed_by_gold.values())
    for g, names in listed_by_gold.items():
        if len(names) > 1:
            findings.append(Finding("wrong", None, gold.actors[g].name,
                                    "listed more than once: " + ", ".join(names)))
    keys = [g for g, a in enumerate(gold.actors) if a.key]
    findings += [Finding("missed", None, gold.actors[g].name, f"key {gold.actors[g].type}")
                 for g in keys if g not in listed_by_gold]
    return ActorScores(key_recall=Ratio(sum(g in listed_by_gold for g in keys), len(keys)),
                       precision=Ratio(right, people_orgs),
                       type_accuracy=Ratio(right_types, typed),
                       role_accuracy=Ratio(right_roles, roled),
                       not_actors=not_listed, duplicates=duplicates, findings=findings)


def _same_numbers(gold: GoldFigure, figure: dict[str, Any]) -> bool:
    low, high = figure.get("low"), figure.get("high")
    if gold.low is None:
        return low is None and (gold.vague is None
                                or normalise(gold.vague) == normalise(figure.get("vague")))
    return low == gold.low and (gold.high is None or high == gold.high)


def _describe_figure(category: str | None, low: Any, high: Any, qualifier: str | None,
                     vague: str | None) -> str:
    def number(value: Any) -> str:
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

    if low is None:
        amount = vague or "?"
    else:
        amount = number(low) + (f"-{number(high)}" if high is not None else "")
    return f"{category} {amount} ({qualifier})"


def _score_figures(gold: Gold, figures: list[dict[str, Any]], scope: set[str]) -> FigureScores:
    matched = _match_by_document(
        figures, gold.figures, "sources", scope,
        lambda g, f: 1.0 if f.get("category") == g.category and _same_numbers(g, f) else None)
    findings: list[Finding] = []
    right_qualifiers = right_subjects = subjects = 0
    for s, g in matched.pairs:
        gold_figure, qualifier = gold.figures[g], figures[s].get("qualifier")
        if gold_figure.subject:
            subjects += 1
            if same_victims(gold_figure.subject, figures[s].get("subject")):
                right_subjects += 1
            else:
                findings.append(Finding("wrong", gold_figure.document,
                                        _short(gold_figure.text or figures[s].get("text")),
                                        f"subject {figures[s].get('subject')!r}, "
                                        f"gold: {gold_figure.subject}"))
        if qualifier == gold_figure.qualifier:
            right_qualifiers += 1
        else:
            findings.append(Finding("wrong", gold_figure.document,
                                    _short(gold_figure.text or figures[s].get("text")),
                                    f"qualifier {qualifier!r}, gold: {gold_figure.qualifier}"))
    for g, f in enumerate(gold.figures):
        if g not in matched.matched_gold:
            findings.append(Finding("missed", f.document, _short(f.text),
                                    _describe_figure(f.category, f.low, f.high, f.qualifier,
                                                     f.vague)))
    not_casualty = 0
    for s in matched.system_items:
        if s in matched.matched_system:
            continue
        f = figures[s]
        note = _describe_figure(f.get("category"), f.get("low"), f.get("high"),
                                f.get("qualifier"), f.get("vague"))
        if any(f.get("low") == n.low and (n.high is None or f.get("high") == n.high)
               for n in gold.not_casualty_figures):
            not_casualty += 1
            note += "; a not_casualty_figures number"
        findings.append(Finding("extra", ", ".join(matched.system_docs[s]),
                                _short(f.get("text")), note))
    return FigureScores(precision=Ratio(len(matched.matched_system), len(matched.system_items)),
                        recall=Ratio(len(matched.matched_gold), len(gold.figures)),
                        qualifier_accuracy=Ratio(right_qualifiers, len(matched.pairs)),
                        not_casualty=not_casualty, findings=findings,
                        subject_accuracy=Ratio(right_subjects, subjects))


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("children"):
        return word[:-3]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def same_victims(gold_subject: str, system_subject: str | None) -> bool:
    """The system names the gold victims: the gold head noun is among its words (docstring)."""
    gold_words = normalise(gold_subject).split()
    if not gold_words or not system_subject:
        return False
    return _singular(gold_words[-1]) in {_singular(w) for w in normalise(system_subject).split()}


def _score_questions(gold: Gold, questions: list[dict[str, Any]]) -> QuestionScores:
    texts = [[q.get("question") or ""] + [r.get("text") or "" for r in q.get("evidence") or []]
             for q in questions]
    used: set[int] = set()
    found = 0
    findings: list[Finding] = []
    for item in gold.open_questions:
        hits = {i for i, parts in enumerate(texts)
                if any(_contains_phrase(t, p) for t in parts for p in item.evidence)}
        used |= hits
        if hits:
            found += 1
        else:
            findings.append(Finding("missed", None, item.id, _short(item.about or "")))
    for i, q in enumerate(questions):
        if i not in used:
            docs = sorted({r.get("document") for r in q.get("evidence") or []
                           if r.get("document")})
            findings.append(Finding("extra", ", ".join(docs) or None, _short(q.get("question")),
                                    f"kind: {q.get('kind')}"))
    return QuestionScores(recall=Ratio(found, len(gold.open_questions)), listed=len(questions),
                          findings=findings)


# ---------------------------------------------------------------------------------------------
# Report


def _cell(value: Ratio | float | int | None) -> tuple[str, str]:
    if isinstance(value, Ratio):
        shown = "n/a" if value.value is None else f"{value.value:.3f}"
        return shown, f"{value.hits}/{value.total}"
    if value is None:
        return "n/a", ""
    if isinstance(value, float):
        return f"{value:.3f}", ""
    return str(value), ""


def format_report(metrics: Metrics, details: bool = False) -> str:
    """An aligned text table of every score; with details, the items behind them."""
    rows = [("section", "metric", "score", "count")]
    rows += [(section, metric, *_cell(value)) for section, metric, value in metrics.rows()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"gold: {metrics.gold} ({len(metrics.documents)} documents)", ""]
    for n, row in enumerate(rows):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  "
                     f"{row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}".rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if details:
        titles = {"missed": "missed (gold, not found)", "extra": "extra (system, not in gold)",
                  "wrong": "wrong (matched, but an attribute differs)"}
        for section, findings in metrics.findings():
            for kind in ("missed", "extra", "wrong"):
                chosen = [f for f in findings if f.kind == kind]
                if not chosen:
                    continue
                lines += ["", f"{section}: {titles[kind]}: {len(chosen)}"]
                for f in chosen:
                    where = f"[{f.document}] " if f.document else ""
                    note = f"  ({f.note})" if f.note else ""
                    lines.append(f"  - {where}{f.text}{note}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# End to end


def evaluate_paths(gold_path: str | Path, doc_args: Sequence[str | Path], *,
                   model: str | None = None,
                   warn: Callable[[str], None] | None = None) -> tuple[Metrics, dict[str, Any]]:
    """Load the gold file, find its documents, run the pipeline on them and score the brief.

    Runs with strict reading: a gold document that cannot be read must fail the evaluation,
    not quietly turn into missed items. Returns the metrics and the brief as a dict.
    """
    from . import api

    gold = load_gold(gold_path)
    paths = find_documents(gold, gold_path, doc_args)
    gold = renamed(gold, {name: path.name for name, path in zip(gold.documents, paths)})
    brief = api.extract(paths, options=api.Options(model=model, strict=True), warn=warn)
    data = brief.to_dict()
    return score(gold, data), data

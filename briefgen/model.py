"""The data that flows through briefgen, from documents to a finished Brief.

Every stage speaks in these dataclasses and nothing else: readers produce `Document`s,
extractors produce a `DocExtraction` per document (serialisable, so the store can cache it),
assembly produces a `Brief`, and renderers only read a Brief. `Brief.to_json()` is the
`briefgen.brief/1` contract described in shared/BRIEF_JSON.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA = "briefgen.brief/1"

ACTOR_TYPES = ("person", "organization", "country", "place")
QUOTE_KINDS = ("direct", "partial", "indirect")
FIGURE_CATEGORIES = (
    "killed", "injured", "missing", "displaced", "detained", "kidnapped", "affected", "other",
)
QUALIFIERS = (
    "exact", "at_least", "more_than", "about", "at_most", "fewer_than", "range", "vague",
)


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to one sentence of one document: paragraph and sentence are 1-based.

    Immutable, so every item found in one sentence shares one Ref (and one copy of its text).
    """

    document: str
    paragraph: int
    text: str
    sentence: int = 1

    def key(self) -> tuple[str, int, int]:
        return (self.document, self.paragraph, self.sentence)


@dataclass
class Document:
    """One article as read from disk, before any language processing."""

    id: str
    path: str
    paragraphs: list[str]
    title: str | None = None
    source: str | None = None
    date: str | None = None          # ISO date, only when the document itself says so
    url: str | None = None
    format: str = "txt"
    mtime: float | None = None       # file modification time (placing undated documents on request)
    sha256: str = ""
    author: str | None = None
    date_source: str | None = None   # where `date` was read: header, front matter, html, pdf
                                     # properties, url, dateline; "file date" when placed by mtime
    same_report_as: str | None = None  # id of an earlier document with near-identical text
    truncated: list[str] = field(default_factory=list)  # limits the file reached: "paragraphs=5000"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def summary(self) -> dict[str, Any]:
        """The document as it appears in a brief's `documents` list."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "url": self.url,
            "words": self.words,
            "author": self.author,
            "date_source": self.date_source,
            "same_report_as": self.same_report_as,
            "truncated": list(self.truncated),
        }


@dataclass(slots=True)
class Mention:
    """One occurrence of a named entity in a document (an actor candidate)."""

    text: str                 # surface form as written, e.g. "Lavrov", "the Wagner Group"
    label: str                # spaCy label after local correction: PERSON, ORG, GPE, NORP, LOC, FAC
    ref: Ref
    roles: list[str] = field(default_factory=list)
    speaker: bool = False     # the mention is the speaker of a quote
    alias_of: str | None = None   # the text defines it as another name of this one: "ECOWAS" of "Economic ..."


@dataclass
class Actor:
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: list[str] = field(default_factory=list)
    salience: float = 0.0


@dataclass
class Quote:
    text: str
    kind: str
    speaker: str | None
    sources: list[Ref]
    speaker_role: str | None = None
    cue: str | None = None
    uncertain: bool = False   # its closing mark is missing: the quote's end (and so its speaker) is a guess


@dataclass
class Figure:
    category: str
    low: int | None
    high: int | None
    qualifier: str
    text: str
    sources: list[Ref]
    vague: str | None = None
    subject: str | None = None
    place: str | None = None
    when: str | None = None
    claimed_by: str | None = None
    hedged: bool = False
    scope: str = "event"              # event (the story's own) | background (another event)
    scope_reason: str | None = None   # why a figure is background: "another year (2015)", ...
    group: str | None = None          # category_who ("killed_victims"), set when assembled
    breakdown: bool = False           # a part of a total: "including 24 students"
    with_attackers: bool | None = None   # "including the gunmen" (True) / "excluding ..." (False)


@dataclass
class Trend:
    """A relative statement about casualties ("more than doubled"): never turned into a count."""

    category: str
    text: str
    sources: list[Ref]
    direction: str = "up"      # up | down
    claimed_by: str | None = None


@dataclass
class OpenQuestion:
    question: str
    kind: str
    evidence: list[Ref]
    weight: float = 1.0        # ranking key; not part of the JSON contract
    group: str | None = None   # conflicting_figures: the one victim group compared


@dataclass
class SummaryPoint:
    text: str
    sources: list[Ref]
    score: float = 0.0         # ranking key; not part of the JSON contract


@dataclass
class DocExtraction:
    """Everything the extractors found in one document, before cross-document assembly."""

    document: str
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    summary: list[SummaryPoint] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)   # dated events for a timeline
    keywords: dict[str, int] = field(default_factory=dict)       # content words, to group stories
    situation: dict[str, Any] = field(default_factory=dict)      # lead's event clause, places, status

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocExtraction:
        def refs(items: list[dict]) -> list[Ref]:
            return [Ref(**r) for r in items]

        def build(kind: type, item: dict, ref_fields: tuple[str, ...]) -> Any:
            values = dict(item)
            for name in ref_fields:
                values[name] = refs(values[name])
            return kind(**values)

        return cls(
            document=data["document"],
            mentions=[Mention(**{**m, "ref": Ref(**m["ref"])}) for m in data["mentions"]],
            quotes=[build(Quote, q, ("sources",)) for q in data["quotes"]],
            figures=[build(Figure, f, ("sources",)) for f in data["figures"]],
            trends=[build(Trend, t, ("sources",)) for t in data["trends"]],
            questions=[build(OpenQuestion, q, ("evidence",)) for q in data["questions"]],
            summary=[build(SummaryPoint, s, ("sources",)) for s in data["summary"]],
            events=list(data.get("events", [])),
            keywords=dict(data.get("keywords", {})),
            situation=dict(data.get("situation", {})),
        )


@dataclass
class Brief:
    title: str
    generated_at: str
    documents: list[Document]
    period: dict[str, str] | None = None
    summary: list[SummaryPoint] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    undated_documents: list[str] = field(default_factory=list)
    undated_policy: str = "include"            # include | exclude | file-date (--undated)
    changes: dict[str, Any] | None = None      # "new since the last brief", for scheduled runs
    model: str | None = None                   # the spaCy pipeline that ran
    generator: str | None = None               # "briefgen X.Y.Z"
    events: list[dict[str, Any]] = field(default_factory=list)   # one situation picture per story

    def to_dict(self) -> dict[str, Any]:
        """The `briefgen.brief/1` object: the JSON output and the templates' context."""
        return {
            "schema": SCHEMA,
            "title": self.title,
            "generated_at": self.generated_at,
            "generator": self.generator,
            "model": self.model,
            "period": self.period,
            "documents": [d.summary() for d in self.documents],
            "undated_documents": list(self.undated_documents),
            "undated_policy": self.undated_policy,
            "summary": [_public(s, drop=("score",)) for s in self.summary],
            "actors": [asdict(a) for a in self.actors],
            "quotes": [asdict(q) for q in self.quotes],
            "figures": [asdict(f) for f in self.figures],
            "trends": [asdict(t) for t in self.trends],
            "open_questions": [_public(q, drop=("weight",)) for q in self.open_questions],
            "timeline": list(self.timeline),
            "changes": self.changes,
            "event": self.events[0] if self.events else None,
            "stories": list(self.events) if len(self.events) > 1 else [],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _public(obj: Any, drop: tuple[str, ...]) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj) if f.name not in drop}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value

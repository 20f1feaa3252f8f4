"""The block model: the rendered Markdown of a template, as a small tree the writers walk.

markdown.py builds it from Markdown; docx.py, pdf.py and html.py turn it into files. Writers
never see the Brief's extraction details and never parse Markdown themselves.

Citations are inline runs with `cite` set to the 1-based number of an entry in `Document.sources`
(the "Sources" list at the end of the brief); templates write them as Markdown links to
`#src-N` and markdown.py turns those links into citation runs. Every format prints a citation
the same way: its label, "[1 ¶3]" (source 1, paragraph 3), on the line, linked to the sources
list, set apart from the word before it and from the next citation by a space
(`space_citations`), never as a bare superscript number or a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Union


@dataclass
class Run:
    """A stretch of inline text with one set of attributes."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None       # external URL or "#anchor"
    cite: int | None = None       # number of the source this run cites (rendered as a note mark)
    note: str | None = None       # the citation's full text (source, paragraph, sentence): DOCX footnote
    line_break: bool = False      # a hard line break after this run


@dataclass
class Heading:
    level: int                    # 1 = the brief's title, 2 = sections, 3 = subsections
    runs: list[Run]
    anchor: str | None = None     # e.g. "sources", "src-3"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Paragraph:
    runs: list[Run]
    style: str | None = None      # "lead" (bottom line), "quote", "note", "meta", or None
    anchor: str | None = None     # e.g. "src-3" for an entry of the sources list

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class ListItem:
    blocks: list["Block"]         # usually one Paragraph; may hold a nested List
    anchor: str | None = None


@dataclass
class List:
    items: list[ListItem]
    ordered: bool = False
    start: int = 1


@dataclass
class Table:
    header: list[list[Run]]       # one run list per header cell
    rows: list[list[list[Run]]]   # rows of cells of runs
    align: list[str] = field(default_factory=list)   # "left" | "right" | "center" per column


@dataclass
class Image:
    """A picture: either a file path or PNG bytes produced while rendering (charts)."""

    alt: str
    path: str | None = None
    data: bytes | None = None
    width_fraction: float = 1.0   # of the text width


@dataclass
class BlockQuote:
    blocks: list["Block"]


@dataclass
class PageBreak:
    pass


@dataclass
class Rule:
    """A thematic break (--- in Markdown)."""


def space_citations(runs: list[Run]) -> list[Run]:
    """The runs with every citation in its printed form: a "[n ¶p]" label in brackets that
    cannot wrap inside ("[2]" when the run has no text), a space before it unless the text
    before ends in one or in an opening bracket, and a space between neighbouring citations,
    so a run of them reads "[1 ¶3] [2 ¶5]" in every format. Every writer passes its runs through it,
    so blocks built by hand print the same; applying it twice changes nothing."""
    out: list[Run] = []
    for run in runs:
        if run.cite is None:
            out.append(run)
            continue
        label = run.text.strip() or str(run.cite)
        if not label.startswith("["):
            label = f"[{label}]"
        label = label.replace(" ", NBSP)
        prev = out[-1] if out else None
        if prev is not None and not prev.line_break and (
                prev.cite is not None
                or (prev.text and not prev.text[-1].isspace() and prev.text[-1] not in "([{")):
            out.append(Run(" "))   # plain, so no link or bold stretches over it
        out.append(replace(run, text=label))
    return out


NBSP = "\u00a0"   # between a citation's number and its paragraph mark


Block = Union[Heading, Paragraph, List, Table, Image, BlockQuote, PageBreak, Rule]


@dataclass
class Source:
    """An entry of the sources list that citations point to."""

    number: int
    title: str
    outlet: str | None = None
    date: str | None = None
    location: str | None = None   # path or URL
    file: str | None = None       # the file, relative to the working folder or the input


@dataclass
class RenderedDocument:
    """What the writers receive: the block tree plus the metadata every format needs."""

    title: str
    blocks: list[Block]
    sources: list[Source]
    generated_at: str             # ISO 8601, fixes every timestamp written into files
    author: str = "briefgen"
    subject: str = ""
    language: str = "en"


def utc_time(iso: str) -> datetime:
    """A brief's `generated_at` as an aware UTC datetime (UTC when no zone is given).

    Both writers stamp it into their files; a value that is not ISO 8601 is an output error.
    """
    from ..errors import OutputError

    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError as exc:
        raise OutputError(f"generated_at {iso!r} is not an ISO 8601 timestamp") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)

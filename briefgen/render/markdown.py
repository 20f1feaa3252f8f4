"""Rendered Markdown → the block model (markdown-it-py, CommonMark plus GFM tables).

Conventions on top of CommonMark, all written by the templates:

- Citations are links to `#src-N`: `[\\[1 ¶3\\]](#src-1 "note")` becomes a Run with cite=1, the
  link text as its visible label and the link title as its note (a tooltip in HTML and DOCX);
  `space_citations` gives every citation its printed form.
- `![Alt](chart:NAME)` is a chart that the renderer draws (Image with path "chart:NAME").
- A paragraph, heading or list item can end with an attribute: `{.lead}` sets the paragraph
  style ("lead", "meta", "note", "quote"), `{#src-1}` its anchor, `{.meta #top}` both. In a list
  item the anchor belongs to the item. Escaped braces (`\\{`) stay text, so data cannot set them.
- A paragraph that is exactly `\\pagebreak` is a page break.

Headings without an explicit anchor get one from their text ("Open questions" → "open-questions").
Raw HTML is off: whatever a template or a document says is shown as text.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .blocks import (
    Block,
    BlockQuote,
    Heading,
    Image,
    List,
    ListItem,
    PageBreak,
    Paragraph,
    Rule,
    Run,
    Table,
    space_citations,
)

_ATTRIBUTE = re.compile(r"(?<!\\)\{\s*((?:[.#][A-Za-z][\w-]*\s*)+)\}\s*$")
_ATTRIBUTE_TEXT = re.compile(r"\s*\{[^{}]*\}\s*$")
_CITE = re.compile(r"#src-(\d+)")
_PAGEBREAK = "\\pagebreak"


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def to_blocks(md_text: str) -> list[Block]:
    """Parse Markdown into blocks."""
    root = SyntaxTreeNode(parser().parse(md_text))
    state = _Anchors()
    return _blocks(root.children, state)


class _Anchors:
    """Heading anchors made unique across the document."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, wanted: str) -> str:
        name, n = wanted, 2
        while name in self.used:
            name, n = f"{wanted}-{n}", n + 1
        self.used.add(name)
        return name


def _blocks(nodes: list[SyntaxTreeNode], anchors: _Anchors) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        blocks.extend(_block(node, anchors))
    return blocks


def _block(node: SyntaxTreeNode, anchors: _Anchors) -> list[Block]:
    kind = node.type
    if kind == "heading":
        runs, _ = _inline(node.children[0])
        _, ident = _attributes(node.children[0].content, runs)
        text = "".join(r.text for r in runs)
        return [Heading(level=int(node.tag[1:]), runs=runs,
                        anchor=anchors.claim(ident or _slug(text) or "section"))]
    if kind == "paragraph":
        inline = node.children[0]
        if inline.content.strip() == _PAGEBREAK:
            return [PageBreak()]
        runs, images = _inline(inline)
        classes, ident = _attributes(inline.content, runs)
        if ident:
            anchors.used.add(ident)
        out: list[Block] = []
        if any(r.text.strip() for r in runs):
            out.append(Paragraph(runs=runs, style=classes[0] if classes else None, anchor=ident))
        return out + images
    if kind in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
        return [List(items=[_item(child, anchors) for child in node.children],
                     ordered=kind == "ordered_list", start=start)]
    if kind == "table":
        return [_table(node)]
    if kind == "blockquote":
        return [BlockQuote(blocks=_blocks(node.children, anchors))]
    if kind == "hr":
        return [Rule()]
    if kind in ("fence", "code_block"):
        lines = node.content.rstrip("\n").split("\n")
        return [Paragraph(runs=[Run(line, code=True, line_break=i < len(lines) - 1)
                                for i, line in enumerate(lines)])]
    return []   # html_block and anything else the parser may add: not part of a brief


def _item(node: SyntaxTreeNode, anchors: _Anchors) -> ListItem:
    blocks = _blocks(node.children, anchors)
    anchor = None
    if blocks and isinstance(blocks[0], Paragraph) and blocks[0].anchor:
        anchor, blocks[0].anchor = blocks[0].anchor, None
    return ListItem(blocks=blocks, anchor=anchor)


def _table(node: SyntaxTreeNode) -> Table:
    header: list[list[Run]] = []
    rows: list[list[list[Run]]] = []
    align: list[str] = []
    for section in node.children:
        for tr in section.children:
            cells = [_cell(cell) for cell in tr.children]
            if section.type == "thead":
                header = cells
                align = [_align(cell.attrs.get("style")) for cell in tr.children]
            else:
                rows.append(cells)
    return Table(header=header, rows=rows, align=align)


def _cell(node: SyntaxTreeNode) -> list[Run]:
    if not node.children:
        return []
    runs, images = _inline(node.children[0])
    return runs + [Run(image.alt) for image in images if image.alt]


def _align(style: object) -> str:
    match = re.search(r"text-align:\s*(left|right|center)", str(style or ""))
    return match.group(1) if match else "left"


def _attributes(raw: str, runs: list[Run]) -> tuple[list[str], str | None]:
    """Read a trailing `{.class #id}` from the raw source and remove it from the runs."""
    match = _ATTRIBUTE.search(raw)
    if not match or not runs or runs[-1].cite is not None:
        return [], None
    last = runs[-1]
    stripped = _ATTRIBUTE_TEXT.sub("", last.text)
    if stripped == last.text:
        return [], None
    last.text = stripped.rstrip()
    while runs and not runs[-1].text and not runs[-1].line_break:
        runs.pop()
    if runs:
        runs[-1].text = runs[-1].text.rstrip()
    tokens = match.group(1).split()
    classes = [t[1:] for t in tokens if t.startswith(".")]
    ids = [t[1:] for t in tokens if t.startswith("#")]
    return classes, ids[-1] if ids else None


def _inline(node: SyntaxTreeNode) -> tuple[list[Run], list[Image]]:
    """Runs and pictures of one inline container."""
    runs: list[Run] = []
    images: list[Image] = []
    _walk(node.children, runs, images, bold=False, italic=False, link=None)
    return space_citations(_merge(runs)), images


def _walk(nodes: list[SyntaxTreeNode], runs: list[Run], images: list[Image], *,
          bold: bool, italic: bool, link: str | None) -> None:
    for node in nodes:
        kind = node.type
        if kind == "text":
            runs.append(Run(node.content, bold=bold, italic=italic, link=link))
        elif kind == "softbreak":
            runs.append(Run(" ", bold=bold, italic=italic, link=link))
        elif kind == "hardbreak":
            if not runs:
                runs.append(Run(""))
            runs[-1].line_break = True
        elif kind == "code_inline":
            runs.append(Run(node.content, bold=bold, italic=italic, code=True, link=link))
        elif kind == "strong":
            _walk(node.children, runs, images, bold=True, italic=italic, link=link)
        elif kind == "em":
            _walk(node.children, runs, images, bold=bold, italic=True, link=link)
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
            cite = _CITE.fullmatch(href)
            if cite:
                title = node.attrs.get("title")
                runs.append(Run(_plain(node), cite=int(cite.group(1)),
                                note=str(title) if title else None))
            else:
                _walk(node.children, runs, images, bold=bold, italic=italic, link=href)
        elif kind == "image":
            images.append(Image(alt=_plain(node), path=str(node.attrs.get("src", ""))))
        elif node.children:
            _walk(node.children, runs, images, bold=bold, italic=italic, link=link)


def _plain(node: SyntaxTreeNode) -> str:
    """The text of a node and its children, formatting dropped."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs that look the same (markdown-it splits text at special chars)."""
    merged: list[Run] = []
    for run in runs:
        if not run.text and not run.line_break and run.cite is None:
            continue
        prev = merged[-1] if merged else None
        if (prev is not None and not prev.line_break and prev.cite is None and run.cite is None
                and (prev.bold, prev.italic, prev.code, prev.link)
                == (run.bold, run.italic, run.code, run.link)):
            prev.text += run.text
            prev.line_break = run.line_break
        else:
            merged.append(run)
    return merged


def _slug(text: str) -> str:
    """ASCII for Latin text ("Goïta" → "goita"), else its own letters ("сергей-лавров")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) * 2 < len(re.sub(r"\W+", "", text)):
        slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-")


def strip_conventions(md_text: str) -> str:
    """Markdown for people and other tools: no chart placeholders, page breaks or attributes.

    Anchors survive as `<a id="…"></a>` so citation links still jump to the sources list.
    """
    out: list[str] = []
    for line in md_text.split("\n"):
        if re.fullmatch(r"\s*!\[[^\]]*\]\(chart:[^)]*\)\s*", line) or line.strip() == _PAGEBREAK:
            continue
        match = _ATTRIBUTE.search(line)
        if match:
            ids = [t[1:] for t in match.group(1).split() if t.startswith("#")]
            line = line[: match.start()].rstrip() + (f' <a id="{ids[-1]}"></a>' if ids else "")
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"

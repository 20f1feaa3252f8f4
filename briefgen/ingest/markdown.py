"""Markdown (.md): YAML front matter and header lines as metadata, markup stripped to paragraphs."""

from __future__ import annotations

import re

from ..errors import InputError
from .common import (
    Extracted,
    decode_text,
    join_lines,
    metadata,
    paragraphs,
)
from .metadata import read_header

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.DOTALL | re.M)


def read(data: bytes) -> Extracted:
    text = decode_text(data)
    front, text = _front_matter(text)
    header, lines = read_header(text.splitlines(), markdown=True, keep_headline=True)
    paras, heading = _paragraphs("\n".join(lines))
    extracted = Extracted(paras)
    extracted.fill(front, "front matter")
    extracted.fill(header, "header")
    if heading is not None:
        extracted.fill({"title": heading})
    return extracted


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise InputError(f"invalid YAML front matter{where}: {problem}") from exc
    if not isinstance(data, dict):
        return {}, text  # a thematic break (---) around ordinary text, not front matter
    return metadata(data.items()), text[match.end():]


def _paragraphs(text: str) -> tuple[list[str], str | None]:
    """Plain-text paragraphs, and the leading level-1 heading (the document's title) if any.

    Every block (heading, paragraph, list item, quote, table row, code) becomes a paragraph.
    Markdown's own rule holds for line breaks: a single newline continues the paragraph (files
    are often wrapped at a fixed width), a hard break (two spaces or a backslash) splits it.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out: list[str] = []
    row: list[str] | None = None
    heading: str | None = None
    for index, tok in enumerate(tokens):
        if tok.type == "inline":
            content = _inline(tok.children or [])
            if row is not None:
                row.append(" ".join(content.split()))
            else:
                opener = tokens[index - 1]
                if not out and opener.type == "heading_open" and opener.tag == "h1":
                    heading = " ".join(content.split()) or None
                out.append(content)
        elif tok.type in ("fence", "code_block"):
            out.append(tok.content)
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            out.append(" | ".join(cell for cell in row if cell))
            row = None
    return paragraphs(line for block in out for line in block.splitlines()), heading


def _inline(children: list) -> str:
    """An inline token's text: soft breaks join lines, hard breaks separate paragraphs."""
    blocks: list[list[str]] = [[""]]
    for child in children:
        if child.type in ("text", "code_inline"):
            blocks[-1][-1] += child.content
        elif child.type == "softbreak":
            blocks[-1].append("")
        elif child.type == "hardbreak":
            blocks.append([""])
    return "\n".join(join_lines(lines, dehyphenate=False) for lines in blocks)

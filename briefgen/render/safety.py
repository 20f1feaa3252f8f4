"""Text every writer can lay out: one hostile string in an article degrades itself, never the brief.

Run after the template's Markdown has become blocks, before any writer sees them:
- explicit direction controls are removed (bidi.clean_controls), so python-bidi never asserts
  and no override shows text in another order than it was written;
- a token longer than MAX_TOKEN characters with no space in it (a hash, a run of digits, a
  pasted blob) is cut there and ended with "…", so no table cell or list item outgrows a page;
- a heading longer than MAX_HEADING characters is cut at a word, so it fits a page and the outline;
- a paragraph, list item or table cell longer than MAX_BLOCK characters is cut at a word:
  reportlab cannot break a list item or a panel that is taller than a page, and no item of
  a brief is meant to be read at that length (its source is cited for the rest).
The writers still wrap what is left: reportlab splits long words, Word and browsers break them.
"""

from __future__ import annotations

import re
from typing import Iterable

from . import blocks as b
from .bidi import clean_controls

MAX_TOKEN = 200
MAX_HEADING = 300
MAX_BLOCK = 3_000
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN + 1))
_ELLIPSIS = "\u2026"


def safe_text(text: str) -> str:
    """One string made safe for every writer (controls removed, over-long tokens cut)."""
    text = clean_controls(text)
    if len(text) > MAX_TOKEN and _LONG_TOKEN.search(text):
        text = _LONG_TOKEN.sub(lambda m: m[0][:MAX_TOKEN] + _ELLIPSIS, text)
    return text


def make_safe(doc: b.RenderedDocument) -> b.RenderedDocument:
    """The document with every piece of visible text passed through safe_text (in place)."""
    doc.title = _short(safe_text(doc.title), MAX_HEADING)
    doc.subject = safe_text(doc.subject)
    for source in doc.sources:
        source.title = safe_text(source.title)
        source.outlet = source.outlet and safe_text(source.outlet)
        source.location = source.location and safe_text(source.location)
        source.file = source.file and safe_text(source.file)
    _blocks(doc.blocks)
    return doc


def _blocks(blocks: Iterable[b.Block]) -> None:
    for block in blocks:
        if isinstance(block, b.Heading):
            block.runs = _cut_runs(_runs(block.runs), MAX_HEADING)
        elif isinstance(block, b.Paragraph):
            block.runs = _runs(block.runs)
        elif isinstance(block, b.List):
            for item in block.items:
                _blocks(item.blocks)
        elif isinstance(block, b.BlockQuote):
            _blocks(block.blocks)
        elif isinstance(block, b.Table):
            for row in [block.header, *block.rows]:
                row[:] = [_runs(cell) for cell in row]
        elif isinstance(block, b.Image):
            block.alt = safe_text(block.alt)


def _runs(runs: list[b.Run]) -> list[b.Run]:
    for run in runs:
        run.text = safe_text(run.text)
        if run.note is not None:
            run.note = _short(safe_text(run.note), MAX_BLOCK)
    return _cut_runs(runs, MAX_BLOCK)


def _cut_runs(runs: list[b.Run], limit: int) -> list[b.Run]:
    """The runs holding the first `limit` characters (whole runs, then part of one), and
    every citation mark after them: a shortened item still says where it comes from."""
    if sum(len(run.text) for run in runs) <= limit:
        return runs
    room = limit
    kept: list[b.Run] = []
    for run in runs:
        if run.cite is not None or len(run.text) <= room:
            kept.append(run)
            room -= 0 if run.cite is not None else len(run.text)
        elif room > 1:
            run.text = _short(run.text, room)
            kept.append(run)
            room = 0
    return kept


def _short(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip() + _ELLIPSIS

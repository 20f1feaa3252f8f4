"""Plain text (.txt): decoded bytes, leading header lines, a paragraph per line or per block."""

from __future__ import annotations

from .common import Extracted, decode_text, join_lines, paragraphs
from .metadata import read_header


def read(data: bytes) -> Extracted:
    meta, lines = read_header(decode_text(data).splitlines())
    extracted = Extracted(body_paragraphs(lines))
    extracted.fill(meta, "header")
    return extracted


def body_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of plain text: one per line, unless the text is visibly hard-wrapped."""
    groups = blocks(lines)
    if looks_hard_wrapped(groups):
        return [join_lines(group, dehyphenate=False) for group in groups]
    return paragraphs(lines)


def blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, separated by blank lines."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line.strip())
        elif out[-1]:
            out.append([])
    return [block for block in out if block]


def looks_hard_wrapped(groups: list[list[str]]) -> bool:
    """Were these blocks wrapped at a fixed width (so their lines are not paragraphs)?

    A wrapper only breaks a line when the next word would not fit. If the next line's first
    word would have fitted on the line before it, the newline ends a paragraph instead. Text
    with one paragraph per line fails this test almost everywhere; wrapped text passes it.
    """
    pairs = [(a, b) for group in groups for a, b in zip(group, group[1:])]
    if len(pairs) < 3:
        return False
    width = max(len(line) for group in groups for line in group)
    fits = sum(1 for a, b in pairs if len(a) + 1 + len(b.split()[0]) <= width)
    full = sorted(len(a) for a, _ in pairs)[len(pairs) // 2] >= 0.75 * width
    return full and fits <= 0.25 * len(pairs)

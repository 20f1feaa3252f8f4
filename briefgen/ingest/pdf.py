"""PDF (.pdf): the text layer via pypdf, with paragraphs rebuilt from where the lines sit.

pypdf gives one string per printed line and no paragraph marks. Paragraph ends are read from
the layout instead: a short last line, a larger gap than the usual line spacing, a change of
font size (a heading), a first-line indent, or a blank line. Running headers and footers
(the same line at the top or bottom of most pages, page numbers) are dropped first.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import InputError
from ..limits import DEFAULT, Limits
from .common import Extracted, describe, join_lines, metadata
from .metadata import is_header_line, read_header

_PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")
_PLACEHOLDER_TITLE = re.compile(r"\(?\s*(untitled|unspecified|anonymous|none)\s*\)?", re.I)
_FILE_NAME_TITLE = re.compile(r"\.(docx?|pdf|odt|rtf|txt|html?|indd|pages|pptx?)\s*$", re.I)
_PAGE_NUMBER = re.compile(r"\W*(page\s*)?(\d{1,4}(\s*(of|/)\s*\d{1,4})?|[ivxlc]{1,7})\W*", re.I)
_BULLET = tuple("•◦▪▫‣●○■□–")
_TERMINAL = tuple(".!?:;\"'”’»)]…")

_SHORT_LINE = 0.7        # a line under 70% of a full line ends its paragraph
_GAP = 1.4               # a gap over 1.4 line spacings separates paragraphs
_HEADER_LINES = 8        # header lines are looked for among the first paragraphs
_SIZE_CHANGE = 0.15      # a font size 15% off the previous line's starts a new block


@dataclass
class _Line:
    text: str
    page: int
    x: float | None = None
    y: float | None = None
    size: float | None = None


def read(data: bytes, limits: Limits = DEFAULT) -> Extracted:
    import pypdf

    notes: list[tuple[str, str]] = []
    try:
        with _quiet_pypdf():   # pypdf itself caps what one stream inflates to (75 MB)
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _unlock(reader):
                raise InputError("encrypted PDF: it needs a password to open")
            pages, chars = [], 0
            for number, page in enumerate(reader.pages):
                if chars > limits.document_chars:     # the text kept is already complete
                    notes.append(("document_chars", f"more text than {limits.document_chars:,} "
                                  f"characters; pages after {number} were not read"))
                    break
                pages.append(_page_lines(page, number))
                chars += sum(len(line.text) for line in pages[-1])
            meta = _metadata(reader)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise InputError(f"not a valid PDF file ({describe(exc)})") from exc
    lines = [line for page in _drop_running_lines(pages) for line in page]
    if not any(line.text.strip() for line in lines):
        raise InputError("no text layer (a scanned PDF? run OCR on it first)")
    header, body = read_header(_paragraphs(lines), keep_headline=True)
    extracted = Extracted(body, notes=notes)
    extracted.fill(meta, "pdf properties")
    extracted.fill(header, "header")
    return extracted


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Hold back pypdf's warnings about damaged files ("EOF marker not found").

    They would reach the terminal without a file name; the InputError we raise instead
    names the file and the reason.
    """
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _unlock(reader: Any) -> bool:
    """Open a PDF encrypted with an empty user password (common for 'protected' downloads)."""
    from pypdf import PasswordType

    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # missing crypto backend or unsupported algorithm: still locked
        return False


# ---------------------------------------------------------------- metadata

def _metadata(reader: Any) -> dict[str, str]:
    """Title, publication date and publisher as the file states them.

    /CreationDate and /ModDate say when the file was made, not when the article appeared,
    so only fields that mean publication (an Info key such as /PublicationDate, XMP
    prism:publicationDate) give a date.
    """
    pairs: list[tuple[str, Any]] = []
    info = reader.metadata or {}
    for key in info:
        value = info[key]
        if hasattr(value, "get_object"):
            value = value.get_object()
        pairs.append((str(key).lstrip("/"), _pdf_value(value)))
    pairs.extend(_xmp_pairs(reader))
    return metadata((key, value) for key, value in pairs
                    if not (key.lower() in ("title", "author") and not _real_title(value)))


def _pdf_value(value: Any) -> Any:
    if isinstance(value, str):
        match = _PDF_DATE.match(value)
        return f"{match[1]}-{match[2]}-{match[3]}" if match else str(value)
    return value


def _real_title(value: Any) -> bool:
    """Exporters fill /Title with placeholders or the source file's name; those are no title."""
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    return not (_PLACEHOLDER_TITLE.fullmatch(text) or _FILE_NAME_TITLE.search(text))


def _xmp_pairs(reader: Any) -> list[tuple[str, Any]]:
    try:
        xmp = reader.xmp_metadata
    except Exception:  # malformed XMP: the Info dictionary and the text still count
        return []
    if xmp is None:
        return []
    pairs: list[tuple[str, Any]] = []
    titles = xmp.dc_title or {}
    title = titles.get("x-default") or next(iter(titles.values()), None)
    if title:
        pairs.append(("title", title))
    for publisher in xmp.dc_publisher or []:
        pairs.append(("publisher", publisher))
    for desc in xmp.rdf_root.getElementsByTagNameNS(_RDF, "Description"):
        if desc.hasAttributeNS(_PRISM, "publicationDate"):
            pairs.append(("publication_date", desc.getAttributeNS(_PRISM, "publicationDate")))
        for node in desc.getElementsByTagNameNS(_PRISM, "publicationDate"):
            text = "".join(child.data for child in node.childNodes
                           if child.nodeType == child.TEXT_NODE)
            pairs.append(("publication_date", text.strip()))
    return pairs


# ---------------------------------------------------------------- lines with positions

def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's text lines, each placed where its first glyphs sit.

    A line's size is the one most of its characters use, so a small bullet glyph or a
    superscript does not make a body line look like a change of font.
    """
    chunks: list[tuple[str, list[float], list[float], float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        chunks.append((text, cm, tm, size))

    text = page.extract_text(visitor_text=visit)
    if "".join(chunk[0] for chunk in chunks) != text:
        # The visitor did not see the text exactly as returned: keep the lines, lose positions.
        return [_Line(line, number) for line in text.splitlines()]
    lines: list[_Line] = []
    parts: list[str] = []
    start: tuple[float, float] | None = None
    sizes: Counter[float] = Counter()

    def finish() -> None:
        size = sizes.most_common(1)[0][0] if sizes else None
        x, y = start or (None, None)
        lines.append(_Line("".join(parts), number, x, y, size))

    for piece, cm, tm, font_size in chunks:
        for index, part in enumerate(piece.split("\n")):
            if index:
                finish()
                parts, start, sizes = [], None, Counter()
            if part.strip():
                x, y, size = _position(cm, tm, font_size)
                start = start or (x, y)
                sizes[round(size, 1)] += len(part.strip())
            parts.append(part)
    if "".join(parts).strip():
        finish()
    return lines


def _position(cm: list[float], tm: list[float], size: float) -> tuple[float, float, float]:
    """x, y and the rendered font size: the text matrix composed with the page's CTM."""
    a, b, c, d, e, f = (float(v) for v in tm)
    ca, cb, cc, cd, ce, cf = (float(v) for v in cm)
    x = e * ca + f * cc + ce
    y = e * cb + f * cd + cf
    scale = math.hypot(c * ca + d * cc, c * cb + d * cd)
    return x, y, float(size) * scale


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without page numbers and the header/footer lines repeated across pages."""

    def key(line: _Line) -> tuple[str, int | None]:
        # Running lines sit at the same height on every page; body text that merely repeats
        # does not, so the height is part of the key when it is known.
        text = re.sub(r"\d+", "#", " ".join(line.text.split()).lower())
        return text, None if line.y is None else round(line.y)

    def edges(page: list[_Line]) -> list[_Line]:
        filled = [line for line in page if line.text.strip()]
        return filled[:2] + filled[-2:]

    repeated: set[tuple[str, int | None]] = set()
    if len(pages) >= 2:
        counts = Counter(k for page in pages for k in {key(line) for line in edges(page)})
        repeated = {k for k, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}
    kept = []
    for page in pages:
        filled = [line for line in page if line.text.strip()]
        if len(filled) == 1 and not _PAGE_NUMBER.fullmatch(filled[0].text.strip()):
            kept.append(page)          # the only text of its page is its body, not a running line
            continue
        running = {id(line) for line in edges(page)
                   if key(line) in repeated or _PAGE_NUMBER.fullmatch(line.text.strip())}
        kept.append([line for line in page if id(line) not in running])
    return kept


# ---------------------------------------------------------------- paragraphs

def _paragraphs(lines: list[_Line]) -> list[str]:
    widths = sorted(_width(line) for line in lines if line.text.strip())
    full = widths[int(len(widths) * 0.8)] if len(widths) >= 5 else None
    spacing = _line_spacing(lines)

    paragraphs: list[str] = []
    current: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if not line.text.strip():
            previous = None  # a blank line always ends the paragraph
            continue
        # near the top, a "Date: ..." or "Source: ..." line is a header line of its own
        header = len(paragraphs) < _HEADER_LINES and is_header_line(line.text)
        if current and (previous is None or header
                        or _ends_paragraph(previous, line, full, spacing)):
            paragraphs.append(join_lines(current, dehyphenate=True))
            current = []
        current.append(line.text)
        previous = None if header else line
    if current:
        paragraphs.append(join_lines(current, dehyphenate=True))
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


def _line_spacing(lines: list[_Line]) -> float | None:
    """The usual baseline-to-baseline distance in font sizes (so headings get their own)."""
    ratios = sorted(
        (a.y - b.y) / a.size for a, b in zip(lines, lines[1:])
        if a.page == b.page and a.y is not None and b.y is not None and a.size and b.size
        and abs(a.size - b.size) <= _SIZE_CHANGE * max(a.size, b.size) and a.y > b.y
        and a.text.strip() and b.text.strip()
    )
    return ratios[len(ratios) // 2] if len(ratios) >= 3 else None


def _width(line: _Line) -> float:
    """How wide a line is printed, roughly: characters times font size (1 when unknown)."""
    return len(line.text.strip()) * (line.size or 1.0)


def _ends_paragraph(prev: _Line, line: _Line, full: float | None,
                    spacing: float | None) -> bool:
    """Does a paragraph end between `prev` and the following `line`?"""
    text = prev.text.strip()
    ends_sentence = text.endswith(_TERMINAL)
    if full is not None and _width(prev) < _SHORT_LINE * full:
        return True
    if line.text.lstrip().startswith(_BULLET):
        return True
    size, next_size = prev.size, line.size
    if size and next_size and abs(size - next_size) > _SIZE_CHANGE * max(size, next_size):
        return True
    top, bottom = prev.y, line.y
    if prev.page != line.page or top is None or bottom is None or not next_size:
        return ends_sentence
    drop = top - bottom
    if drop <= 0:  # back up the page: the next column or frame
        return ends_sentence
    if spacing is not None and drop > _GAP * spacing * next_size:
        return True
    indented = prev.x is not None and line.x is not None and line.x - prev.x > 0.8 * next_size
    return ends_sentence and indented

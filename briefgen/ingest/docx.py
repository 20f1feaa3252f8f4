"""Word (.docx): body paragraphs and table rows in reading order, via python-docx."""

from __future__ import annotations

import io
import zipfile

from ..errors import InputError
from ..limits import DEFAULT, Limits, hint
from .common import Extracted, clean_value, describe, paragraphs
from .metadata import read_header

_TITLE_STYLES = ("title", "heading 1")


def read(data: bytes, limits: Limits = DEFAULT) -> Extracted:
    import docx
    from docx.table import Table

    check_unzipped_size(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        texts: list[str] = []
        lead_title: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                texts.extend(_rows(block))
                continue
            if not any(t.strip() for t in texts) and block.text.strip():
                style = block.style.name.lower() if block.style is not None else ""
                if style in _TITLE_STYLES:
                    lead_title = block.text
            texts.append(block.text)
        core_title = document.core_properties.title
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        raise InputError(f"not a valid DOCX file ({describe(exc)})") from exc

    # A soft line break inside a Word paragraph splits it, as a newline does in plain text.
    meta, lines = read_header("\n".join(texts).splitlines(), keep_headline=True)
    # The file's author property names whoever saved the file, not the article's writer.
    extracted = Extracted(paragraphs(lines), title=clean_value("title", core_title))
    extracted.fill(meta, "header")
    # Without a title in the file's properties, a leading Title / Heading 1 paragraph is it.
    if lead_title:
        extracted.fill({"title": " ".join(lead_title.split())})
    return extracted


def check_unzipped_size(data: bytes, limits: Limits) -> None:
    """Refuse a package whose parts would inflate past the limit, before inflating any.

    The sizes are those the zip directory declares; zipfile stops a member that inflates past
    its declared size, so a lying directory cannot get round this."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            total = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"not a valid DOCX file ({describe(exc)})") from exc
    if total > limits.decompressed_bytes:
        raise InputError(f"unzips to {total:,} bytes, more than {limits.decompressed_bytes:,}; "
                         f"skipped ({hint('decompressed_bytes', limits.decompressed_bytes)})")


def _rows(table) -> list[str]:
    """Each table row as one line, cells joined by " | "; a merged cell is counted once."""
    rows = []
    for row in table.rows:
        seen: set = set()  # holds the cell elements, so their identity stays valid
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        rows.append(" | ".join(cells))
    return rows

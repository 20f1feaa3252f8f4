"""HTML (.html/.htm): the article text without navigation and boilerplate, via trafilatura."""

from __future__ import annotations

import re

from ..errors import InputError
from .common import Extracted, decode_text, has_bom, metadata, paragraphs

# trafilatura writes list items as "- item" and tables as Markdown rows; keep only the text.
_BULLET = re.compile(r"^\s*[-*•]\s+")
_TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")

# Dates only from the page's own markup (meta tags, JSON-LD, <time>); the extensive search
# also guesses from copyright lines and stray numbers in the text, which invents dates.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read(data: bytes) -> Extracted:
    import trafilatura

    # NUL bytes: UTF-16 without a byte-order mark, or a few stray ones dropped, as in text files;
    # more of them is a binary file (decode_text says so)
    page = decode_text(data) if has_bom(data) or b"\x00" in data else data
    result = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, date_extraction_params=_DATE_PARAMS)
    text = result.text if result is not None else None
    if not (text and text.strip()):
        # trafilatura keeps nothing when a page has no recognisable article body; the
        # baseline still takes JSON-LD articleBody, <article> or the page's <p> elements.
        text = trafilatura.baseline(page)[1]
    extracted = Extracted(paragraphs(_plain(line) for line in text.splitlines()))
    if not any(_is_prose(p) for p in extracted.paragraphs):
        # menus and footers alone ("Home", "About") are no article, however much of them there is
        raise InputError("no article text found in the HTML")
    if result is not None:
        url = result.url if result.url and result.url.startswith(("http://", "https://")) else None
        extracted.fill(metadata([("title", result.title), ("date", result.date),
                                 ("source", result.sitename), ("url", url),
                                 ("author", result.author)]), "html")
    return extracted


PROSE_WORDS = 8


def _is_prose(paragraph: str) -> bool:
    """A sentence or more of running text, not a link label or a heading."""
    return len(paragraph.split()) >= PROSE_WORDS and paragraph.rstrip()[-1:] in ".!?\"”’)"


def _plain(line: str) -> str:
    if _TABLE_RULE.match(line):
        return ""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|"):
        return " | ".join(cell.strip() for cell in stripped.strip("|").split("|") if cell.strip())
    return _BULLET.sub("", line)

"""What a document says about itself: the header block, dates from URLs and datelines.

A header block is the run of leading lines that are a headline and/or `key: value` lines
(title, date, source, url, author, outlet, ...) in any order, blank lines between them allowed:

    Ferry operator suspends crossings after engine fire     <- a headline: the title
    date: 2025-03-04
    source: The Irish Times

A line that is only a date ("21 May 2025", "Published: 4 May 2025") and a byline ("By Ana
Ruiz") also belong to it. Reading stops at the first line that is none of these, so an article
that starts "Update: talks resumed on Monday." keeps that line as its first paragraph.
"""

from __future__ import annotations

import re
from datetime import date

from .common import clean_value, dateline, field_for, iso_date, split_iso_date

_KEY_LINE = re.compile(r"\s*(?:\*\*|__)?([A-Za-z][A-Za-z _-]{0,23}?)\s*(?::\s*(?:\*\*|__)?|(?:\*\*|__)\s*:)"
                       r"\s*(\S.*?)\s*$")
_BARE_DATE = re.compile(r"\s*date\s+(\d{4}-\d{2}-\d{2}\b.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"\s*(?:(?:first\s+)?(?:published|posted|updated|dated)\b\s*(?:on\s+)?:?\s*)?"
                        r"(?P<when>.{6,40}?)\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"\s*(?i:by)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|da|van|von|"
                     r"der|al|el|bin|ibn|la|le|di)){0,5})\s*$")
_MD_HEADING = re.compile(r"\s*#\s+(.*?)\s*#*\s*$")
_MONTH = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
          "june|july|august|september|october|november|december")
_HAS_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_HAS_MONTH = re.compile(rf"\b({_MONTH})\b|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
# A headline does not end like a sentence or a clause; a first line that does is body text.
_SENTENCE_END = tuple(".,;:!…\"”’'»")
HEADLINE_WORDS = 25


def read_header(lines: list[str], *, markdown: bool = False,
                keep_headline: bool = False) -> tuple[dict[str, str], list[str]]:
    """Metadata from the header block, and the lines after it.

    The returned dict holds title/date/source/url/author as found; a `source:` that is a web
    address is kept as `url`. A bare `date 2023-02-08` may run straight into the article's first
    sentence on the same line; that sentence stays in the body. With `markdown`, a leading
    `# Heading` is the headline and `**Key:** value` lines count as key lines. With
    `keep_headline` (formats where the headline is a typeset heading: Markdown, Word, PDF) the
    headline also stays the body's first paragraph, as it always was there.
    """
    meta, rest, headline = _read(lines, markdown)
    if keep_headline and headline is not None:
        rest = [headline, *rest]
    return meta, rest


def _read(lines: list[str], markdown: bool) -> tuple[dict[str, str], list[str], str | None]:
    headline: str | None = None
    meta: dict[str, str] = {}
    first = True                       # no header line taken yet
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        name, value = _key_field(line)
        if name is not None and name not in meta:
            if name == "date":
                day, rest = split_iso_date(value)
                if day is None:
                    day, rest = iso_date(value), ""
                if day is not None:
                    meta["date"] = day
                    if rest:
                        return meta, [rest, *lines[index + 1:]], headline
                    first = False
                    continue
            else:
                cleaned = clean_value(name, value)
                if cleaned is not None:
                    if name == "source" and _URL.match(cleaned):
                        meta.setdefault("url", _web_address(cleaned))
                    else:
                        meta[name] = cleaned
                    first = False
                    continue
            return meta, lines[index:], headline
        if name is not None:               # the same key again: the body has begun
            return meta, lines[index:], headline
        if not first:
            day = date_line(line)
            if day and "date" not in meta:
                meta["date"] = day
                continue
            byline = _BYLINE.match(line)
            if byline and "author" not in meta:
                meta["author"] = byline["name"]
                continue
        # The headline may come first or after the key lines ("source:", "date:", a blank line,
        # then the headline): either way it is the first line that is neither.
        if "title" not in meta:
            heading = _MD_HEADING.match(line) if markdown else None
            text = heading[1] if heading else line.strip()
            if heading or looks_like_headline(text, lines[index + 1:]):
                meta["title"] = " ".join(text.split())
                headline = line
                first = False
                continue
        if first:
            day = date_line(line)
            if day and "date" not in meta:
                meta["date"] = day
                first = False
                continue
        return meta, lines[index:], headline
    return meta, [], headline


def is_header_line(line: str) -> bool:
    """A `key: value` line of a known field, or a line that is only a date."""
    name, value = _key_field(line)
    if name is not None:
        return clean_value(name, value) is not None or (name == "date" and bool(split_iso_date(value)[0]))
    return date_line(line) is not None


def _key_field(line: str) -> tuple[str | None, str]:
    bare = _BARE_DATE.match(line)
    if bare:
        return "date", bare[1]
    keyed = _KEY_LINE.match(line)
    if not keyed:
        return None, ""
    return field_for(keyed[1]), keyed[2]


def looks_like_headline(text: str, following: list[str]) -> bool:
    """A first line that reads as a headline: a few words, capitalised, not ending like a
    sentence, not a dateline or a web address, with more text after it."""
    words = text.split()
    if not 2 <= len(words) <= HEADLINE_WORDS or len(text) > 200:
        return False
    if text.endswith(_SENTENCE_END) or _URL.match(text) or dateline(text + " - x"):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    rest = [line.strip() for line in following if line.strip()]
    if not rest:
        return False
    if following and following[0].strip() and not is_header_line(following[0]):
        # the next line follows without a blank: a wrapped sentence goes on in lower case, or
        # in a line about as long as this one
        nxt = following[0].strip()
        if nxt[0].islower() or (len(words) >= 10 and abs(len(nxt) - len(text)) <= 0.2 * len(text)):
            return False
    return True


def date_line(line: str) -> str | None:
    """The day a line that is nothing but a date names ("21 May 2025", "Published 4 May 2025")."""
    text = line.strip()
    if len(text) > 60 or not _HAS_YEAR.search(text) or not _HAS_MONTH.search(text):
        return None
    match = _DATE_LINE.match(text)
    if not match:
        return None
    when = match["when"].strip().rstrip(".")
    iso, rest = split_iso_date(when)
    if iso is not None:
        return iso if not rest or re.fullmatch(r"[A-Z]{2,5}", rest) else None
    return iso_date(when)


def _web_address(text: str) -> str:
    return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"


# ---------------------------------------------------------------- dates in URLs and datelines

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
_URL_DATES = (
    # /2016/07/16/ , /2025/3/3/ , /2025/may/20/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2}|[a-z]{3,9})/(?P<d>\d{1,2})(?:/|$|[-_.])", re.I),
    # ...-2025-03-05/ , /2025-03-05/ , _2025-03-05.html
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?:/|$|[-_.?#])"),
    # /20250305/
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:/|$|[-_.])"),
)


def url_date(url: str | None) -> str | None:
    """The publication day a news URL's path states (`/2016/07/16/`, `-2025-03-05/`), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I)
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if not match:
            continue
        month = match["m"].lower()
        month_number = int(month) if month.isdigit() else _MONTHS.get(month)
        if month_number is None:
            continue
        try:
            return date(int(match["y"]), month_number, int(match["d"])).isoformat()
        except ValueError:
            continue
    return None


_DATELINE_DATE = re.compile(
    rf"\b(?:(?:{_MONTH})\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}|\d{{1,2}}\s+(?:{_MONTH})\.?,?\s+(?:19|20)\d{{2}})\b",
    re.IGNORECASE)
_DATELINE_END = re.compile(r"\s[-–—]+\s")
_AGENCY = re.compile(r"\(([^()]{2,30})\)")


def dateline_parts(paragraph: str) -> tuple[str | None, str | None]:
    """(day, agency) from a dateline opening a paragraph: "KHARTOUM, Sudan, May 2, 2025 (AP) —".

    Only a full date (with the year) counts; "NAIROBI, Aug 10 (Reuters) -" gives the agency only.
    """
    end = _DATELINE_END.search(paragraph[:120])
    if not end:
        return None, None
    head = paragraph[:end.start()]
    if not head[:1].isupper() or head.split(",")[0].strip() != head.split(",")[0].strip().upper():
        wire = dateline(paragraph)
        return None, (wire["agency"].strip() if wire and wire["agency"] else None)
    found = _DATELINE_DATE.search(head)
    day = iso_date(found[0]) if found else None
    agency = _AGENCY.search(head)
    return day, (agency[1].strip() if agency else None)

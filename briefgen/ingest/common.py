"""What every reader shares: the reader result, text decoding, dates, header lines, paragraphs."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable

from ..errors import InputError


@dataclass
class Extracted:
    """A reader's output: paragraphs plus whatever metadata the file itself states."""

    paragraphs: list[str]
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    date_source: str | None = None   # where the date came from: "header", "html", "pdf", ...
    notes: list[tuple[str, str]] = field(default_factory=list)   # (limit name, what it cut)

    def fill(self, meta: dict[str, str], origin: str | None = None) -> None:
        """Take metadata for the fields still unknown; what a reader found first wins.

        `origin` names where `meta` was read ("header", "front matter", "html", ...); it is
        kept as the date's provenance when the date comes from it.
        """
        for key, value in meta.items():
            if getattr(self, key, None) is None and key in _FIELDS:
                setattr(self, key, value)
                if key == "date":
                    self.date_source = origin


# ---------------------------------------------------------------- metadata keys and values

# Names under which articles, front matter and exporters state the four fields we keep.
_ALIASES = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "pub_date", "publish_date", "published_date",
             "date_published", "publication_date", "published_at", "published_on"),
    "source": ("source", "outlet", "publisher", "publication", "site_name", "sitename"),
    "url": ("url", "link", "canonical", "canonical_url", "permalink", "source_url", "web_address"),
    "author": ("author", "authors", "by", "byline", "writer", "reporter"),
}
_FIELDS = tuple(_ALIASES)
_FIELD_OF = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def field_for(key: str) -> str | None:
    """The Document field a metadata key means ("Published-At" -> "date"), or None."""
    snake = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", key.strip())
    return _FIELD_OF.get(re.sub(r"[\s-]+", "_", snake).lower())


def clean_value(name: str, value: Any) -> str | None:
    """A metadata value in the form a Document keeps, or None when it says nothing usable."""
    if name == "date":
        return iso_date(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if name == "url" and (" " in text or not text):
        return None
    return text or None


def metadata(pairs: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Known fields from (key, value) pairs, first usable value per field."""
    found: dict[str, str] = {}
    for key, value in pairs:
        name = field_for(str(key))
        if name and name not in found:
            cleaned = clean_value(name, value)
            if cleaned is not None:
                found[name] = cleaned
    return found


# ---------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_TIME = re.compile(r"[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
# Only absolute dates: a relative "yesterday" or a bare timestamp would be resolved against
# today's clock, which invents a date the document never stated.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD for a date, datetime or date string that names a full day; else None.

    An ISO timestamp keeps the day as written (its own time zone), not converted to UTC.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso, rest = split_iso_date(text)
    if iso is not None:
        return iso if not rest else None
    if _ISO_DATE.match(text) or not any(ch.isdigit() for ch in text):
        return None  # not a real day (2023-02-30), or no day and year in figures at all
    import dateparser  # slow to import; most dates are ISO and never need it

    # English first: it is the common case and skips loading every language's data.
    parsed = (dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
              or dateparser.parse(text, settings=_DATEPARSER_SETTINGS))
    return parsed.date().isoformat() if parsed else None


def split_iso_date(text: str) -> tuple[str | None, str]:
    """An ISO date (with optional time) at the start of `text`, and the text after it."""
    match = _ISO_DATE.match(text)
    if not match:
        return None, text
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None, text
    end = match.end()
    if end < len(text) and text[end].isdigit():
        return None, text
    time = _ISO_TIME.match(text, end)
    if time:
        end = time.end()
    return day.isoformat(), text[end:].strip()


# ---------------------------------------------------------------- text decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = "cp1252"
# How much more "chaos" (charset_normalizer's mess ratio) we accept from cp1252 than from the
# detector's favourite: on short Western texts the detector often prefers a Central European or
# Mac code page that turns every "é" into garbage, while real Cyrillic or Greek bytes are
# rejected outright by cp1252 isolation.
_WESTERN_TOLERANCE = 0.05


def has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: BOM, then UTF-8, then the likeliest legacy encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding.upper()} text despite its byte-order mark "
                                 f"(byte {exc.start})") from exc
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return _checked(utf16)
        if data.count(b"\x00") > max(2, len(data) // 100):
            raise InputError("binary file (contains NUL bytes), not text")
        data = data.replace(b"\x00", b"")    # a few stray NULs in text: dropped, nothing to say
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        return _checked(mixed)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("binary or undecodable file: no text encoding fits its bytes")
    western = from_bytes(data, cp_isolation=[_WESTERN]).best()
    if western is not None and western.chaos <= best.chaos + _WESTERN_TOLERANCE:
        best = western
    return _checked(str(best))


def _mixed_lines(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and Windows files: each line in the encoding it fits.

    Only when some line holds real UTF-8 multi-byte characters (legacy single-byte text almost
    never forms them); a line that is not UTF-8 is then read as cp1252 and, failing that, as
    Latin-1 (which fits any byte). None for a file with no UTF-8 line beyond ASCII."""
    raw = data.splitlines(keepends=True)
    if not any(not line.isascii() and _is_utf8(line) for line in raw):
        return None
    lines = []
    for line in raw:
        for encoding in ("utf-8", _WESTERN, "latin-1"):
            try:
                lines.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    return "".join(lines)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, told by where its NUL bytes sit (Latin text has a
    NUL beside every character: after it in LE, before it in BE)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd = sample[1::2].count(0) / len(sample[1::2])
    even = sample[0::2].count(0) / len(sample[0::2])
    encoding = "utf-16-le" if odd >= 0.3 and even < 0.05 else \
        "utf-16-be" if even >= 0.3 and odd < 0.05 else None
    if encoding is None:
        return None
    try:
        return data[:len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str) -> str:
    """Reject decoded 'text' that is mostly control characters (a binary file that decoded)."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 100):
        raise InputError("binary file (control characters), not text")
    return text


# ---------------------------------------------------------------- paragraphs

def paragraphs(lines: Iterable[str]) -> list[str]:
    """One paragraph per non-blank line, stripped; the text itself is kept as written."""
    return [line.strip() for line in lines if line.strip()]


def join_lines(lines: list[str], *, dehyphenate: bool) -> str:
    """Lines of one paragraph as one string.

    A line ending in a hyphen glued to a lower-case word: typesetting (PDF) hyphenates words,
    so `dehyphenate` drops the hyphen; plain-text wrappers only break after real hyphens
    ("well-" / "known"), so there the hyphen stays and only the space goes.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("\u00ad"):
            text = text[:-1] + line
        elif (text.endswith("-") and len(text) > 1 and text[-2].isalpha()
              and line[0].islower()):
            text = (text[:-1] if dehyphenate else text) + line
        else:
            text = f"{text} {line}"
    return text


def describe(exc: Exception) -> str:
    """An exception from a third-party parser as one short line."""
    message = " ".join(str(exc).split())
    if len(message) > 120:
        message = message[:117] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


# A wire dateline opening the first paragraph: "NAIROBI, Aug 10 (Reuters) - ", "Bamako (AFP) – ",
# "MALINDI, Kenya — ", "MAIDUGURI, Nigeria, Oct 18 (AFP) - ", "KRABI, Thailand: ". Without an
# agency in brackets, only a place in capitals counts, so that an ordinary sentence with a dash
# or a colon is never taken for one.
_DATELINE = re.compile(r"^(?P<place>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3})"
                       r"(?P<extra>(?:, [A-Z][\w.]*(?: [\w.]+){0,2}){1,2})?\s*"
                       r"(?:\((?P<agency>[^()]{2,30})\))?\s*(?P<mark>[-–—]+|:)\s+")


def dateline(text: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph, if there is one."""
    match = _DATELINE.match(text)
    if match and match["mark"] == ":" and not match["extra"]:
        return None           # "NOTE: …" is no dateline; "KRABI, Thailand: …" is
    if match and (match["agency"] or (len(match["place"]) >= 3 and match["place"].replace(" ", "").isupper())):
        return match
    return None


# Longest paragraph handed on: a file with no line breaks would otherwise be one "paragraph" that
# the parser handles slowly (and refuses past a million characters), and a citation to it useless.
MAX_PARAGRAPH = 5_000
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def split_long(paragraph: str, limit: int = MAX_PARAGRAPH) -> list[str]:
    """A paragraph cut into pieces of whole sentences, each at most `limit` characters if it can be."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > limit:                       # a "sentence" with no full stop at all
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces.append((current + " " + sentence[:cut]).strip() if current else sentence[:cut])
            current, sentence = "", sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]

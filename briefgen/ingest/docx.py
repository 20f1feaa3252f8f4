"""Word (.docx): body paragraphs and table rows in reading order, via python-docx.

A package that python-docx refuses because an optional part (styles, settings, core
properties, numbering, theme, headers, ...) is damaged or missing still gives its body: the
body (word/document.xml) is moved into a fresh package with python-docx's default parts, keeping
the file's own styles and core properties when they are readable, with a note naming the parts
left out. A body that cannot be read itself is an error."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from ..errors import InputError
from ..limits import DEFAULT, Limits, hint
from .common import Extracted, clean_value, describe, paragraphs
from .metadata import read_header

_TITLE_STYLES = ("title", "heading 1")
_MAIN = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"       # the end of the main part's relationship type
_KEPT = ("word/styles.xml", "docProps/core.xml")   # the file's own parts a salvage keeps
_REQUIRED = ("[Content_Types].xml", "_rels/.rels")   # every package has these
_SHOWN = 3                                  # damaged parts named in the note; the rest counted


def read(data: bytes, limits: Limits = DEFAULT) -> Extracted:
    import docx

    check_unzipped_size(data, limits)
    notes: list[str] = []
    try:
        document = docx.Document(io.BytesIO(data))
        own_core = True
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        document, own_core, notes = _salvage(data, exc)
    try:
        texts, lead_title = _body(document)
        core_title = document.core_properties.title if own_core else None
    except Exception as exc:  # noqa: BLE001 - a body python-docx parsed but cannot walk
        raise InputError(f"not a valid DOCX file ({describe(exc)})") from exc

    # A soft line break inside a Word paragraph splits it, as a newline does in plain text.
    meta, lines = read_header("\n".join(texts).splitlines(), keep_headline=True)
    # The file's author property names whoever saved the file, not the article's writer.
    extracted = Extracted(paragraphs(lines), title=clean_value("title", core_title))
    extracted.warnings.extend(notes)
    extracted.fill(meta, "header")
    # Without a title in the file's properties, a leading Title / Heading 1 paragraph is it.
    if lead_title:
        extracted.fill({"title": " ".join(lead_title.split())})
    return extracted


def _body(document) -> tuple[list[str], str | None]:
    from docx.table import Table

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
    return texts, lead_title


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


# ---------------------------------------------------------------- damaged optional parts

def _xml_parser():
    from lxml import etree

    # as python-docx parses: no entity is expanded, nothing is fetched
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _salvage(data: bytes, first: Exception):
    """(document, whether its core properties are the file's own, notes) for a package
    python-docx refused; InputError when the body is unreadable or nothing else is damaged."""
    import docx
    from docx.api import _default_docx_path
    from lxml import etree

    refused = InputError(f"not a valid DOCX file ({describe(first)})")
    parser = _xml_parser()
    damaged: dict[str, str] = {}      # part name -> why it was left out
    readable: dict[str, bytes] = {}
    trees: dict[str, object] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            name = info.filename
            if info.is_dir():
                continue
            try:
                body = package.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
                    NotImplementedError) as exc:
                damaged[name] = f"corrupt in the zip ({type(exc).__name__})"
                continue
            if name.endswith((".xml", ".rels")):
                try:
                    trees[name] = etree.fromstring(body, parser)
                except etree.XMLSyntaxError:
                    damaged[name] = "not well-formed XML"
                    continue
            readable[name] = body
    for name in _REQUIRED:
        if name not in readable and name not in damaged:
            damaged[name] = "missing"
    main = _main_part(trees.get("_rels/.rels"))
    for name in _referenced(trees):
        if name not in readable and name not in damaged:
            damaged[name] = "missing"
    if main in damaged:
        raise InputError(f"not a valid DOCX file ({main}: {damaged[main]})") from first
    if main not in readable:
        raise InputError(f"not a valid DOCX file (no {main})") from first
    if not damaged:
        raise refused from first

    with zipfile.ZipFile(_default_docx_path()) as template:
        parts = {info.filename: template.read(info.filename) for info in template.infolist()}
    parts[_MAIN] = readable[main]
    for name in _KEPT:
        if name in readable:
            parts[name] = readable[name]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, body in parts.items():
            rebuilt.writestr(name, body)
    try:
        document = docx.Document(io.BytesIO(buffer.getvalue()))
    except Exception as exc:  # noqa: BLE001 - the body (or a kept part) python-docx cannot take
        raise InputError(f"not a valid DOCX file ({describe(first)})") from exc
    names = sorted(damaged)
    listed = ", ".join(f"{n} ({damaged[n]})" for n in names[:_SHOWN])
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    what, it = ("part", "it") if len(names) == 1 else ("parts", "them")
    note = f"{what} {listed}{more} could not be read; the body was read without {it}"
    return document, "docProps/core.xml" in readable, [note]


def _main_part(rels) -> str:
    """The body's part name, as the package's relationships state it (word/document.xml)."""
    if rels is not None:
        for rel in rels:
            if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
                return _resolve("", rel.get("Target"))
    return _MAIN


def _referenced(trees: dict) -> list[str]:
    """Every part the package says it has: content-type overrides and internal relationship
    targets (of relationship parts that are readable)."""
    names = []
    types = trees.get("[Content_Types].xml")
    if types is not None:
        names += [_resolve("", o.get("PartName", "")) for o in types
                  if str(o.tag).endswith("Override") and o.get("PartName")]
    for name, tree in trees.items():
        if not name.endswith(".rels"):
            continue
        # "word/_rels/document.xml.rels" holds the targets of "word/document.xml"
        source_dir = posixpath.dirname(posixpath.dirname(name))
        for rel in tree:
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            names.append(_resolve(source_dir, rel.get("Target")))
    return names


def _resolve(base: str, target: str) -> str:
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


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

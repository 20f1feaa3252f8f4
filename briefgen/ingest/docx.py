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
_STYLES, _CORE, _TYPES = "word/styles.xml", "docProps/core.xml", "[Content_Types].xml"
_KEPT = (_STYLES, _CORE)                    # the file's own parts a salvage keeps
_SHOWN = 3                                  # damaged parts named in the note; the rest counted


def read(data: bytes, limits: Limits = DEFAULT) -> Extracted:
    import docx

    check_unzipped_size(data, limits)
    notes: list[str] = []
    try:
        document = docx.Document(io.BytesIO(data))
        texts, lead_title = _body(document)
        core_title = document.core_properties.title
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        texts, lead_title, core_title, notes = _salvage(data, exc)

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
    """(texts, leading title, core title, notes) of a package python-docx refused, read from
    its body in a fresh package; InputError when the body itself is damaged."""
    import docx

    damaged, readable, main = _survey(data)
    if main in damaged:
        raise InputError(f"not a valid DOCX file ({main}: {damaged[main]})") from first
    kept = [name for name in _KEPT if name in readable]
    # the file's own styles and properties when python-docx takes them, else none of them
    for keep in ([kept, []] if kept else [[]]):
        try:
            document = docx.Document(io.BytesIO(_rebuilt(readable[main], readable, keep)))
            texts, lead_title = _body(document)
            core_title = document.core_properties.title if _CORE in keep else None
        except Exception:  # noqa: BLE001 - python-docx cannot take the body or a kept part
            continue
        lost = dict(damaged)
        lost.update({name: "not usable" for name in kept if name not in keep})
        return texts, lead_title, core_title, [_note(lost, first)]
    raise InputError(f"not a valid DOCX file ({describe(first)})") from first


def _survey(data: bytes) -> tuple[dict[str, str], dict[str, bytes], str]:
    """({damaged part: why}, {readable part: bytes}, the body's part name) of a package."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import NAMESPACE
    from docx.oxml.ns import nsmap
    from lxml import etree

    parser = _xml_parser()
    damaged: dict[str, str] = {}
    readable: dict[str, bytes] = {}
    trees: dict[str, object] = {}     # the package's indexes (relationships, content types)
    tags: dict[str, str] = {}         # the root element of every XML part
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
                    tree = etree.fromstring(body, parser)
                except (etree.XMLSyntaxError, ValueError):
                    damaged[name] = "not well-formed XML"
                    continue
                tags[name] = tree.tag
                if name == _TYPES or name.endswith(".rels"):
                    trees[name] = tree    # only these are kept: one big part at a time in memory
                del tree
            readable[name] = body
    main = _main_part(trees.get("_rels/.rels"))
    # the root each part must have for python-docx: by its content type, else by its name
    roots = {CT.OPC_CORE_PROPERTIES: "cp:coreProperties", CT.WML_COMMENTS: "w:comments",
             CT.WML_DOCUMENT_MAIN: "w:document", CT.WML_FOOTER: "w:ftr", CT.WML_HEADER: "w:hdr",
             CT.WML_NUMBERING: "w:numbering", CT.WML_SETTINGS: "w:settings",
             CT.WML_STYLES: "w:styles"}
    expected = {name: roots[ct] for name, ct in _content_types(trees).items() if ct in roots}
    expected.update({main: "w:document", _STYLES: "w:styles", _CORE: "cp:coreProperties"})
    spaces = dict(nsmap, rel=NAMESPACE.OPC_RELATIONSHIPS, ct=NAMESPACE.OPC_CONTENT_TYPES)
    for name, tag in tags.items():
        root = ("rel:Relationships" if name.endswith(".rels") else
                "ct:Types" if name == _TYPES else expected.get(name))
        if root is None:
            continue
        prefix, local = root.split(":")
        if tag != f"{{{spaces[prefix]}}}{local}":
            damaged[name] = f"not a {local} part"
            readable.pop(name, None)
    for name in (_TYPES, "_rels/.rels", main, *_referenced(trees)):
        if name not in readable and name not in damaged:
            damaged[name] = "missing"
    return damaged, readable, main


def _rebuilt(body: bytes, readable: dict[str, bytes], keep: list[str]) -> bytes:
    """python-docx's default package with this body and the `keep` parts of the file."""
    from docx.api import _default_docx_path

    with zipfile.ZipFile(_default_docx_path()) as template:
        parts = {info.filename: template.read(info.filename) for info in template.infolist()}
    parts[_MAIN] = body
    parts.update({name: readable[name] for name in keep})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, part in parts.items():
            package.writestr(name, part)
    return buffer.getvalue()


def _note(lost: dict[str, str], first: Exception) -> str:
    """One line naming the parts the body was read without."""
    if not lost:
        return f"could not be read whole ({describe(first)}); the body was read on its own"
    names = sorted(lost)
    listed = ", ".join(f"{n} ({lost[n]})" for n in names[:_SHOWN])
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    what, it = ("part", "it") if len(names) == 1 else ("parts", "them")
    return f"{what} {listed}{more} could not be read; the body was read without {it}"


def _content_types(trees: dict) -> dict[str, str]:
    types = trees.get(_TYPES)
    if types is None:
        return {}
    return {_resolve("", o.get("PartName", "")): o.get("ContentType", "") for o in types
            if str(o.tag).endswith("Override") and o.get("PartName")}


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
    names = list(_content_types(trees))
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

"""DOCX writer: walks the block model into a python-docx document.

What python-docx has no API for is written as OOXML here: citations as "[n ¶p]" links to the
sources list (the cited sentence as the link's tooltip), bookmarks for anchors, internal and
external hyperlinks, list numbering that restarts per list, PAGE/NUMPAGES fields, bidi flags.

With `style.reference_docx` the starting document owns the look (its styles win, as with pandoc's
--reference-doc); styles it lacks are added with briefgen's defaults. Without one, the default
python-docx template is restyled from style.toml. The package is rewritten with fixed timestamps
and member order so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

from ..errors import OutputError
from . import blocks as b
from .bidi import has_rtl, paragraph_is_rtl
from .style import Style, color_hex, page_mm

Warn = Callable[[str], None] | None

# An existing footnotes part (from a reference.docx) must load as XML so its notes can be cleared.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = XmlPart

_MONO = "DejaVu Sans Mono"
_MUTED = "5F6B7A"
_RULE = "C8CED6"
_ZEBRA = "F3F5F8"
_QUOTE_BG = "F6F7F9"
_BULLETS = ("\u2022", "\u2013", "\u25e6")
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))

# Child order of w:pPr and w:rPr (ECMA-376); Word rejects elements out of order.
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange")
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
              "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
              "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
              "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath")
_MAX_PROPERTY = 255     # python-docx refuses longer core properties (Word's own limit)
_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
                "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                "w:tblCaption", "w:tblDescription")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def write(doc: b.RenderedDocument, style: Style, warn: Warn = None) -> bytes:
    """The brief as DOCX bytes; raises OutputError (or TemplateError for a bad style value)."""
    writer = _DocxWriter(doc, style)
    writer.build()
    out = io.BytesIO()
    writer.document.save(out)
    return _normalise_zip(out.getvalue())


def bookmark_name(anchor: str) -> str:
    """Word bookmark names allow letters, digits and underscores, start with a letter, and
    stop at 40 characters: "src-3" becomes "src_3"."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    if not name[:1].isalpha():
        name = "a" + name
    return name[:40]


# --- small OOXML helpers ----------------------------------------------------------------------

def _insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Put `child` into `parent` at its schema position, replacing one of the same tag."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(t) if not t.startswith("sl:") else t for t in order]
    position = names.index(tag) if tag in names else len(names)
    successors = set(names[position + 1:])
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return
    parent.append(child)


def _ppr(paragraph_element):
    return paragraph_element.get_or_add_pPr()


def _set_fonts(rpr, family: str) -> None:
    """Name the font for all four script slots; theme font attributes would override them."""
    fonts = parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{_xml(family)}" '
                      f'w:hAnsi="{_xml(family)}" w:eastAsia="{_xml(family)}" '
                      f'w:cs="{_xml(family)}"/>')
    _insert_ordered(rpr, fonts, _RPR_ORDER)


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _border(side: str, color: str, size_eighths: int, space: int = 4) -> str:
    return (f'<w:{side} w:val="single" w:sz="{size_eighths}" w:space="{space}" '
            f'w:color="{color}"/>')


def _held_rows(count: int, header: bool) -> set[int]:
    """Rows whose paragraphs keep with the next row, so a page never ends on a header with
    one row under it, nor starts on a table's last row alone: the header and the first two
    body rows stay together, and so do the last two. A table of up to five rows is kept
    whole (its last row ends the chain)."""
    if count <= 5:
        return set(range(count - 1))
    first = 1 if header else 0
    return set(range(first + 1)) | {count - 2}


def _tooltip(note: str) -> str:
    """A link tooltip Word shows whole: at most 255 characters, cut between words."""
    note = " ".join(note.split())
    if len(note) <= _MAX_PROPERTY:
        return note
    return note[:_MAX_PROPERTY - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _timestamp(iso: str) -> datetime:
    """python-docx wants naive UTC datetimes for the core properties."""
    return b.utc_time(iso).replace(tzinfo=None)


def _tint(hex_color: str, amount: float) -> str:
    r, g, bl = (int(hex_color[i:i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in (r, g, bl))


# --- the writer -------------------------------------------------------------------------------

@dataclass
class _Context:
    """Counters that must be unique across the document."""

    next_bookmark: int = 0
    anchors: set[str] = field(default_factory=set)


class _DocxWriter:
    def __init__(self, doc: b.RenderedDocument, style: Style):
        self.doc = doc
        self.style = style
        self.colors = {name: self._color(name) for name in
                       ("heading_color", "accent_color", "text_color", "banner_color")}
        self.reference = style.resolve(style.reference_docx)
        self.document = self._open()
        self.own_styles = self.reference is None
        self.ctx = _Context(anchors=_anchors(doc.blocks))

    def _color(self, setting: str) -> str:
        return color_hex(self.style, setting)

    def _open(self):
        if self.reference is None:
            return docx.Document()
        if not self.reference.is_file():
            raise OutputError("reference DOCX not found", self.reference)
        try:
            return docx.Document(str(self.reference))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise OutputError(f"reference DOCX cannot be read: {exc}", self.reference) from exc
        except Exception as exc:  # lxml raises its own types for a corrupt part
            raise OutputError(f"reference DOCX cannot be read: {exc}", self.reference) from exc

    # setup -------------------------------------------------------------------------------------

    def build(self) -> None:
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._styles()
        self._page_setup()
        self._clear_footnotes()
        self._numbering_setup()
        self._add_blocks(self.document, self.doc.blocks, depth=0)
        self._header_footer()
        self._properties()

    def _style(self, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
        """(style, created): an existing style or a new one based on `base`."""
        styles = self.document.styles
        try:
            return styles[name], False
        except KeyError:
            new = styles.add_style(name, kind)
            if base and kind == WD_STYLE_TYPE.PARAGRAPH:
                try:
                    new.base_style = styles[base]
                except KeyError:
                    pass
            new.quick_style = True
            return new, True

    def _styles(self) -> None:
        st = self.style
        size = float(st.font_size)
        heading_font = st.heading_font or st.font
        text, heading = self.colors["text_color"], self.colors["heading_color"]
        accent = self.colors["accent_color"]
        own = self.own_styles

        normal, created = self._style("Normal")
        if own or created:
            self._format(normal, font=st.font, size=size, color=text, after=6, line=1.2)
            docdefaults = self.document.styles.element.find(qn("w:docDefaults"))
            if docdefaults is not None:
                rpr = docdefaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
                if rpr is not None:
                    _set_fonts(rpr, st.font)
        specs = [
            ("Heading 1", dict(font=heading_font, size=size * 2.0, color=heading, bold=True,
                               before=0, after=4, keep=True, outline=0)),
            ("Heading 2", dict(font=heading_font, size=size * 1.35, color=heading, bold=True,
                               before=14, after=6, keep=True, outline=1, rule=_RULE)),
            ("Heading 3", dict(font=heading_font, size=size * 1.1, color=heading, bold=True,
                               before=10, after=3, keep=True, outline=2)),
            ("Lead", dict(size=size * 1.1, bold=True, after=10, line=1.3, shade=_tint(heading, 0.92),
                          bar=accent)),
            ("Quote", dict(italic=True, color=text, before=2, after=2, shade=_QUOTE_BG,
                           bar=_RULE, indent=0)),
            ("Meta", dict(size=size * 0.85, color=_MUTED, after=4)),
            ("Note", dict(size=size * 0.85, color=_MUTED, after=4)),
            ("Caption", dict(size=size * 0.85, italic=True, bold=False, color=_MUTED, after=10,
                             align=WD_ALIGN_PARAGRAPH.CENTER)),
            ("List Paragraph", dict(after=2, indent=None)),
        ]
        for name, fmt in specs:
            style_obj, created = self._style(name)
            if own or created:
                self._format(style_obj, **fmt)
        for name, fmt in (("Citation", dict(size=max(size - 1, 6), color=heading)),
                          ("Hyperlink", dict(color=heading, underline=True))):
            style_obj, created = self._style(name, WD_STYLE_TYPE.CHARACTER, base=None)
            if own or created:
                self._format(style_obj, **fmt)

    def _format(self, style_obj, *, font: str | None = None, size: float | None = None,
                color: str | None = None, bold: bool | None = None, italic: bool | None = None,
                before: float | None = None, after: float | None = None,
                line: float | None = None, keep: bool = False, outline: int | None = None,
                rule: str | None = None, shade: str | None = None, bar: str | None = None,
                indent: float | None = None, align=None, underline: bool = False) -> None:
        f = style_obj.font
        if font:
            _set_fonts(style_obj.element.get_or_add_rPr(), font)
        if size:
            f.size = Pt(round(size * 2) / 2)
            szcs = parse_xml(f'<w:szCs {nsdecls("w")} w:val="{int(round(size * 2))}"/>')
            _insert_ordered(style_obj.element.get_or_add_rPr(), szcs, _RPR_ORDER)
        if color:
            f.color.rgb = RGBColor.from_string(color)
        if bold is not None:
            f.bold = bold
            f.cs_bold = bold
        if italic is not None:
            f.italic = italic
            f.cs_italic = italic
        if underline:
            f.underline = True
        if style_obj.type != WD_STYLE_TYPE.PARAGRAPH:
            return
        pf = style_obj.paragraph_format
        if before is not None:
            pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        if line is not None:
            pf.line_spacing = line
        if keep:
            pf.keep_with_next = True
        if align is not None:
            pf.alignment = align
        if indent is not None:
            pf.left_indent = Pt(indent)
        ppr = style_obj.element.get_or_add_pPr()
        if outline is not None:
            _insert_ordered(ppr, parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'),
                            _PPR_ORDER)
        if bar:
            # Top/bottom/right borders in the fill colour pad the shaded box; left is the bar.
            pad = shade or "FFFFFF"
            sides = (_border("top", pad, 2, 4) + _border("left", bar, 24, 8)
                     + _border("bottom", pad, 2, 4) + _border("right", pad, 2, 4))
            _insert_ordered(ppr, parse_xml(f'<w:pBdr {nsdecls("w")}>{sides}</w:pBdr>'), _PPR_ORDER)
        elif rule:
            _insert_ordered(ppr, parse_xml(
                f'<w:pBdr {nsdecls("w")}>{_border("bottom", rule, 6, 2)}</w:pBdr>'), _PPR_ORDER)
        if shade:
            _insert_ordered(ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                                           f'w:fill="{shade}"/>'), _PPR_ORDER)

    def _page_setup(self) -> None:
        size = page_mm(self.style)
        top, right, bottom, left = self.style.margins_mm
        for section in self.document.sections:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(size[0]), Mm(size[1])
            section.top_margin, section.right_margin = Mm(top), Mm(right)
            section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
            section.header_distance = Mm(max(top * 0.35, 5))
            section.footer_distance = Mm(max(bottom * 0.3, 5))

    @property
    def text_width(self) -> int:
        section = self.document.sections[-1]
        return int(section.page_width - section.left_margin - section.right_margin)

    # citations -------------------------------------------------------------------------------

    def _clear_footnotes(self) -> None:
        """A reference document's own footnotes go with its body (citations are no footnotes:
        seventy of them would crowd the foot of a page and push text over)."""
        for rel in self.document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external \
                    and isinstance(rel.target_part, XmlPart):
                for note in rel.target_part.element.findall(qn("w:footnote")):
                    if note.get(qn("w:type")) is None:
                        rel.target_part.element.remove(note)

    def _citation(self, para, run: b.Run) -> None:
        """A "[n ¶p]" label in the Citation style, linked to the sources-list entry, its note
        (the cited sentence) as the link's tooltip."""
        label = b.Run(run.text)
        style_id = self._style_id("Citation")
        target = f"src-{run.cite}"
        if target not in self.ctx.anchors:
            self._text_run(para._p, label, style_id=style_id)
            return
        tip = f' w:tooltip="{_xml(_tooltip(run.note))}"' if run.note else ""
        element = parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="{bookmark_name(target)}"'
                            f'{tip} w:history="1"/>')
        self._text_run(element, label, style_id=style_id)
        para._p.append(element)

    # numbering ---------------------------------------------------------------------------------

    def _numbering_setup(self) -> None:
        numbering = self.document.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        base = max(ids + [-1]) + 1
        self.abstract = {}
        for offset, ordered in enumerate((False, True)):
            abstract_id = base + offset
            levels = []
            for level in range(9):
                left = 360 * (level + 1)
                if ordered:
                    fmt, text = _NUMBER_FORMATS[level % 3]
                    text = text.format(n=level + 1)
                    font = ""
                else:
                    fmt, text = "bullet", _BULLETS[level % 3]
                    font = f'<w:rPr><w:color w:val="{self.colors["heading_color"]}"/></w:rPr>'
                levels.append(
                    f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                    f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
                    f'<w:ind w:left="{left}" w:hanging="360"/></w:pPr>{font}</w:lvl>')
            element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                                '<w:multiLevelType w:val="hybridMultilevel"/>'
                                f'{"".join(levels)}</w:abstractNum>')
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                numbering.append(element)
            self.abstract[ordered] = abstract_id

    def _new_num(self, ordered: bool, level: int, start: int) -> int:
        """A fresh numbering instance, so each list counts from its own start."""
        numbering = self.document.part.numbering_part.element
        num = numbering.add_num(self.abstract[ordered])
        override = num.add_lvlOverride(ilvl=level)
        override.add_startOverride(start if ordered else 1)
        return int(num.numId)

    # blocks ------------------------------------------------------------------------------------

    def _add_blocks(self, container, blocks: list[b.Block], depth: int,
                    default_style: str | None = None) -> None:
        for block in blocks:
            if isinstance(block, b.Heading):
                level = max(1, min(block.level, 3))
                para = container.add_paragraph(style=f"Heading {level}")
                self._fill(para, block.runs, block.anchor)
            elif isinstance(block, b.Paragraph):
                name = {"lead": "Lead", "quote": "Quote", "meta": "Meta", "note": "Note"}.get(
                    block.style or "", default_style or "Normal")
                para = container.add_paragraph(style=name)
                self._fill(para, block.runs, block.anchor)
            elif isinstance(block, b.List):
                self._list(container, block, depth)
            elif isinstance(block, b.Table):
                self._table(container, block)
            elif isinstance(block, b.Image):
                self._image(container, block)
            elif isinstance(block, b.BlockQuote):
                self._add_blocks(container, block.blocks, depth, default_style="Quote")
            elif isinstance(block, b.PageBreak):
                container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif isinstance(block, b.Rule):
                para = container.add_paragraph()
                _insert_ordered(_ppr(para._p), parse_xml(
                    f'<w:pBdr {nsdecls("w")}>{_border("bottom", _RULE, 6, 1)}</w:pBdr>'),
                    _PPR_ORDER)

    def _fill(self, para, runs: list[b.Run], anchor: str | None) -> None:
        text = "".join(r.text for r in runs)
        if paragraph_is_rtl(text):
            _insert_ordered(_ppr(para._p), parse_xml(f'<w:bidi {nsdecls("w")}/>'), _PPR_ORDER)
        end = None
        if anchor:
            end = self._bookmark_start(para, anchor)
        for run in b.space_citations(runs):
            if run.cite is not None:
                self._citation(para, run)
            elif run.link:
                self._hyperlink(para, run)
            else:
                self._text_run(para._p, run)
        if end is not None:
            para._p.append(end)

    def _bookmark_start(self, para, anchor: str):
        ident = self.ctx.next_bookmark
        self.ctx.next_bookmark += 1
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" '
                          f'w:name="{bookmark_name(anchor)}"/>')
        para._p.append(start)
        return parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>')

    def _text_run(self, parent, run: b.Run, style_id: str | None = None):
        props = []
        if style_id:
            props.append(f'<w:rStyle w:val="{style_id}"/>')
        if run.code:
            props.append(f'<w:rFonts w:ascii="{_MONO}" w:hAnsi="{_MONO}" w:cs="{_MONO}"/>')
        if run.bold:
            props.append("<w:b/><w:bCs/>")
        if run.italic:
            props.append("<w:i/><w:iCs/>")
        if has_rtl(run.text):
            props.append("<w:rtl/>")
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        brk = "<w:br/>" if run.line_break else ""
        element = parse_xml(f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">'
                            f'{_xml(run.text)}</w:t>{brk}</w:r>')
        parent.append(element)
        return element

    def _hyperlink(self, para, run: b.Run) -> None:
        link = run.link or ""
        if link.startswith("#"):
            if link[1:] not in self.ctx.anchors:
                self._text_run(para._p, run)
                return
            attrs = f'w:anchor="{bookmark_name(link[1:])}"'
        else:
            r_id = para.part.relate_to(link, RT.HYPERLINK, is_external=True)
            attrs = f'r:id="{r_id}"'
        element = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} {attrs} w:history="1"/>')
        self._text_run(element, run, style_id=self._style_id("Hyperlink"))
        para._p.append(element)

    def _style_id(self, name: str) -> str:
        return self.document.styles[name].style_id

    def _list(self, container, block: b.List, depth: int) -> None:
        level = min(depth, 8)
        num_id = self._new_num(block.ordered, level, block.start)
        left = 360 * (level + 1)
        for item in block.items:
            first = True
            for sub in item.blocks:
                if isinstance(sub, b.List):
                    self._list(container, sub, depth + 1)
                    continue
                if not isinstance(sub, b.Paragraph):
                    self._add_blocks(container, [sub], depth + 1)
                    continue
                para = container.add_paragraph(style="List Paragraph")
                ppr = _ppr(para._p)
                if first:
                    _insert_ordered(ppr, parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                        f'<w:numId w:val="{num_id}"/></w:numPr>'), _PPR_ORDER)
                hanging = ' w:hanging="360"' if first else ""
                _insert_ordered(ppr, parse_xml(
                    f'<w:ind {nsdecls("w")} w:left="{left}"{hanging}/>'), _PPR_ORDER)
                self._fill(para, sub.runs, item.anchor if first else sub.anchor)
                first = False

    def _table(self, container, block: b.Table) -> None:
        ncols = max([len(block.header)] + [len(r) for r in block.rows] or [1])
        rows = ([block.header] if block.header else []) + block.rows
        if not rows:
            return
        table = container.add_table(rows=len(rows), cols=ncols)
        table.autofit = False
        widths = _column_widths(rows, ncols, self.text_width, float(self.style.font_size))
        for col, width in zip(table.columns, widths):
            col.width = Emu(width)
            for cell in col.cells:
                cell.width = Emu(width)
        custom = "Brief Table" in [s.name for s in self.document.styles]
        try:
            table.style = self.document.styles["Brief Table" if custom else "Table Grid"]
        except KeyError:
            pass
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        heading = self.colors["heading_color"]
        tbl_pr = table._tbl.tblPr
        if not custom:
            borders = parse_xml(
                f'<w:tblBorders {nsdecls("w")}>' + _border("top", heading, 8, 0)
                + '<w:left w:val="nil"/>' + _border("bottom", heading, 8, 0)
                + '<w:right w:val="nil"/>' + _border("insideH", _RULE, 4, 0)
                + '<w:insideV w:val="nil"/></w:tblBorders>')
            _insert_ordered(tbl_pr, borders, _TBLPR_ORDER)
            _insert_ordered(tbl_pr, parse_xml(
                f'<w:tblCellMar {nsdecls("w")}><w:top w:w="50" w:type="dxa"/>'
                '<w:left w:w="100" w:type="dxa"/><w:bottom w:w="50" w:type="dxa"/>'
                '<w:right w:w="100" w:type="dxa"/></w:tblCellMar>'), _TBLPR_ORDER)
        aligns = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
        held = _held_rows(len(rows), bool(block.header))
        for r_index, (row, cells) in enumerate(zip(table.rows, rows)):
            is_header = bool(block.header) and r_index == 0
            # No row breaks across a page; the header repeats on every page it runs onto.
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))   # schema order
            if is_header:
                tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
            body_index = r_index - (1 if block.header else 0)
            for c_index, cell in enumerate(row.cells):
                runs = cells[c_index] if c_index < len(cells) else []
                para = cell.paragraphs[0]
                para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.line_spacing = 1.1
                align = block.align[c_index] if c_index < len(block.align) else "left"
                if align in aligns:
                    para.alignment = aligns[align]
                if is_header:
                    runs = [b.Run(r.text, bold=True, italic=r.italic, code=r.code,
                                  line_break=r.line_break) for r in runs]
                self._fill(para, runs, None)
                if r_index in held:
                    para.paragraph_format.keep_with_next = True
                if custom:
                    continue
                fill = heading if is_header else (_ZEBRA if body_index % 2 else None)
                if fill:
                    cell._tc.get_or_add_tcPr().append(parse_xml(
                        f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
                if is_header:
                    for r in para._p.findall(qn("w:r")):
                        rpr = r.find(qn("w:rPr"))
                        if rpr is None:
                            rpr = r.makeelement(qn("w:rPr"), {})
                            r.insert(0, rpr)
                        _insert_ordered(rpr, parse_xml(f'<w:color {nsdecls("w")} w:val="FFFFFF"/>'),
                                        _RPR_ORDER)
        # A small gap after the table, which Word does not leave on its own.
        spacer = container.add_paragraph()
        spacer.paragraph_format.space_after = Pt(4)

    def _image(self, container, block: b.Image) -> None:
        if block.data is not None:
            blob, where = block.data, None
        elif block.path:
            path = Path(block.path)
            if not path.is_file():
                raise OutputError("image not found", path)
            blob, where = path.read_bytes(), path
        else:
            return
        try:
            info = DocxImage.from_blob(blob)
        except UnrecognizedImageError as exc:
            raise OutputError(f"image {block.alt or ''!r} is not a readable image "
                              "(PNG, JPEG, GIF, BMP or TIFF)", where) from exc
        frac = min(max(block.width_fraction, 0.05), 1.0)
        width = int(self.text_width * frac)
        section = self.document.sections[-1]
        max_height = int((section.page_height - section.top_margin - section.bottom_margin) * 0.7)
        height = int(width * info.px_height / info.px_width)
        if height > max_height:
            width, height = int(width * max_height / height), max_height
        para = container.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.keep_with_next = bool(block.alt)
        para.paragraph_format.space_after = Pt(2)
        run = para.add_run()
        run.add_picture(io.BytesIO(blob), width=Emu(width), height=Emu(height))
        doc_pr = run._r.find(f".//{qn('wp:docPr')}")
        if doc_pr is not None:
            doc_pr.set("descr", block.alt)
        if block.alt:
            caption = container.add_paragraph(style="Caption")
            self._fill(caption, [b.Run(block.alt)], None)

    # header, footer, properties ----------------------------------------------------------------

    def _header_footer(self) -> None:
        st = self.style
        logo = st.resolve(st.logo)
        if logo is not None and not logo.is_file():
            raise OutputError("logo not found", logo)
        if not (st.banner or logo or st.page_numbers):
            return
        width = self.text_width
        for section in self.document.sections:
            header, footer = section.header, section.footer
            header.is_linked_to_previous = False
            footer.is_linked_to_previous = False
            if st.banner or logo:
                para = _free_paragraph(header)
                para.paragraph_format.tab_stops.add_tab_stop(Emu(width // 2),
                                                             WD_TAB_ALIGNMENT.CENTER)
                para.paragraph_format.tab_stops.add_tab_stop(Emu(width), WD_TAB_ALIGNMENT.RIGHT)
                para.paragraph_format.space_after = Pt(0)
                if logo is not None:
                    try:
                        para.add_run().add_picture(str(logo), height=Mm(9))
                    except UnrecognizedImageError as exc:
                        raise OutputError("logo is not a readable image", logo) from exc
                if st.banner:
                    para.add_run("\t")
                    self._banner_run(para)
                else:
                    para.alignment = WD_ALIGN_PARAGRAPH.LEFT
                _insert_ordered(_ppr(para._p), parse_xml(
                    f'<w:pBdr {nsdecls("w")}>{_border("bottom", _RULE, 4, 4)}</w:pBdr>'),
                    _PPR_ORDER)
            para = _free_paragraph(footer)
            para.paragraph_format.tab_stops.add_tab_stop(Emu(width), WD_TAB_ALIGNMENT.RIGHT)
            para.paragraph_format.space_after = Pt(2)
            _insert_ordered(_ppr(para._p), parse_xml(
                f'<w:pBdr {nsdecls("w")}>{_border("top", _RULE, 4, 4)}</w:pBdr>'), _PPR_ORDER)
            small = Pt(7.5)
            title = para.add_run(self.doc.title)
            title.font.size, title.font.color.rgb = small, RGBColor.from_string(_MUTED)
            if st.page_numbers:
                for piece in ("\tPage ", "PAGE", " of ", "NUMPAGES"):
                    if piece.isupper():
                        self._field(para, piece, small)
                    else:
                        run = para.add_run(piece)
                        run.font.size, run.font.color.rgb = small, RGBColor.from_string(_MUTED)
            if st.banner:
                banner = footer.add_paragraph()
                banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
                banner.paragraph_format.space_after = Pt(0)
                self._banner_run(banner)

    def _banner_run(self, para) -> None:
        run = para.add_run(self.style.banner)
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor.from_string(self.colors["banner_color"])
        if has_rtl(self.style.banner or ""):
            _insert_ordered(run._r.get_or_add_rPr(), parse_xml(f'<w:rtl {nsdecls("w")}/>'),
                            _RPR_ORDER)

    def _field(self, para, code: str, size) -> None:
        color = f'<w:color w:val="{_MUTED}"/><w:sz w:val="{int(size.pt * 2)}"/>'
        for xml in (f'<w:r {nsdecls("w")}><w:rPr>{color}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>',
                    f'<w:r {nsdecls("w")}><w:rPr>{color}</w:rPr><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>',
                    f'<w:r {nsdecls("w")}><w:rPr>{color}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>',
                    f'<w:r {nsdecls("w")}><w:rPr>{color}</w:rPr><w:t>1</w:t></w:r>',
                    f'<w:r {nsdecls("w")}><w:rPr>{color}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'):
            para._p.append(parse_xml(xml))

    def _properties(self) -> None:
        when = _timestamp(self.doc.generated_at)
        props = self.document.core_properties
        props.title = self.doc.title[:_MAX_PROPERTY]
        props.author = self.doc.author
        props.last_modified_by = self.doc.author
        props.subject = self.doc.subject[:_MAX_PROPERTY]
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.content_status = ""
        props.identifier = ""
        props.language = self.doc.language
        props.version = ""
        props.revision = 1
        props.created = when
        props.modified = when
        package = self.document.part.package
        for r_id, rel in list(package.rels.items()):
            # The default template carries a thumbnail of an unrelated document.
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[r_id]


def _free_paragraph(container):
    """The header/footer's single empty paragraph if it has one, else a new paragraph; its
    style's tab stops are cleared so only the ones set here (for this page width) apply."""
    paragraphs = container.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0]._p.findall(
            f".//{qn('w:drawing')}"):
        para = paragraphs[0]
    else:
        para = container.add_paragraph()
    style = para.style
    while style is not None:
        for stop in style.paragraph_format.tab_stops:
            para.paragraph_format.tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        style = style.base_style
    return para


def _column_widths(rows: list[list[list[b.Run]]], ncols: int, total: int,
                   font_size: float) -> list[int]:
    """Every column gets room for its longest word (so Word never breaks one); the rest of the
    width goes to the columns whose text is longer than that, by how much longer."""
    char = int(Pt(font_size * 0.72))          # wide enough for DejaVu Sans Bold
    pad = int(Mm(5))                          # cell margins and a little air
    words, texts = [1] * ncols, [1] * ncols
    for row in rows:
        for col, runs in enumerate(row[:ncols]):
            text = "".join(r.text for r in runs)
            texts[col] = max(texts[col], min(len(text), 60))
            words[col] = max([words[col]] + [len(w) for w in text.split()])
    minimum = [w * char + pad for w in words]
    if sum(minimum) >= total:
        return [int(m * total / sum(minimum)) for m in minimum]
    wanted = [max(t * char + pad - m, 0) for t, m in zip(texts, minimum)]
    spare = total - sum(minimum)
    if sum(wanted) <= spare:     # everything fits on one line: share the rest by text length
        extra = [w + (spare - sum(wanted)) * t / sum(texts) for w, t in zip(wanted, texts)]
    else:
        extra = [spare * w / sum(wanted) for w in wanted]
    return [int(m + e) for m, e in zip(minimum, extra)]


def _anchors(blocks: list[b.Block]) -> set[str]:
    found: set[str] = set()
    stack = list(blocks)
    while stack:
        block = stack.pop()
        if isinstance(block, (b.Heading, b.Paragraph)) and block.anchor:
            found.add(block.anchor)
        elif isinstance(block, b.List):
            for item in block.items:
                if item.anchor:
                    found.add(item.anchor)
                stack.extend(item.blocks)
        elif isinstance(block, b.BlockQuote):
            stack.extend(block.blocks)
    return found


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><Application>briefgen</Application><DocSecurity>0</DocSecurity>'
            '<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>'
            '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
            '</Properties>')


def _normalise_zip(data: bytes) -> bytes:
    """Same members in a fixed order with fixed timestamps; app.xml names briefgen."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    ordered = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            content = source.read(name)
            if name == "docProps/app.xml":
                content = _APP_XML.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()

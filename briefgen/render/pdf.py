"""PDF writer: walks the block model into reportlab platypus flowables.

Every page gets the classification banner top and bottom and "Page N of M"; headings feed the PDF
outline; citations are "[n ¶p]" labels linked to the sources list (`src-N` anchors). Fonts come from
fonts.py (DejaVu Sans by default, never the base-14 fonts). Right-to-left runs are shaped with
arabic-reshaper and reordered with python-bidi, because reportlab cannot do either itself.
Output is byte-identical for the same input: invariant mode, fixed dates from `generated_at`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..errors import OutputError
from . import blocks as b
from .bidi import clean_controls, has_rtl, paragraph_is_rtl
from .fonts import FontFamily, FontSet, check_coverage, load_fonts
from .style import Style, color_hex, page_mm

Warn = Callable[[str], None] | None

_MM = 72.0 / 25.4
_BULLETS = ("\u2022", "\u2013", "\u25e6")


def write(doc: b.RenderedDocument, style: Style, warn: Warn = None) -> bytes:
    """The brief as PDF bytes; raises OutputError (or TemplateError for a bad style value)."""
    fonts = load_fonts(style, warn)
    check_coverage(_all_text(doc, style), fonts, warn)
    data, pages = _PdfWriter(doc, style, fonts).build()
    if style.max_pages:
        # A one-pager that runs over is set smaller, half a point at a time, down to 80%.
        size = float(style.font_size)
        while pages > style.max_pages and size - 0.5 >= style.font_size * 0.8:
            size -= 0.5
            data, pages = _PdfWriter(doc, replace(style, font_size=size), fonts).build()
        if pages > style.max_pages and warn is not None:
            warn(f"the brief takes {pages} pages although the template asks for at most "
                 f"{style.max_pages}: lower its [limits]")
    return data


# --- helpers shared by the writer -------------------------------------------------------------

def _color(style: Style, setting: str):
    return HexColor("#" + color_hex(style, setting))


def _tint(color, amount: float):
    """The colour mixed with white: `amount` 0 keeps it, 1 gives white."""

    return Color(color.red + (1 - color.red) * amount, color.green + (1 - color.green) * amount,
                 color.blue + (1 - color.blue) * amount)


def _visual(text: str, base: str | None = None) -> str:
    """Arabic joined into presentation forms, then put in left-to-right display order.

    `base` is the surrounding direction ("L" or "R"); by default the text's own.
    """
    text = clean_controls(text)   # python-bidi asserts on unbalanced or nested isolates
    if base is None:
        base = "R" if paragraph_is_rtl(text) else "L"
    return get_display(arabic_reshaper.reshape(text), base_dir=base)


def _iter_runs(blocks: list[b.Block]) -> Iterator[b.Run]:
    for block in blocks:
        if isinstance(block, (b.Heading, b.Paragraph)):
            yield from block.runs
        elif isinstance(block, b.List):
            for item in block.items:
                yield from _iter_runs(item.blocks)
        elif isinstance(block, b.BlockQuote):
            yield from _iter_runs(block.blocks)
        elif isinstance(block, b.Table):
            for cell in [*block.header, *(c for row in block.rows for c in row)]:
                yield from cell


def _all_text(doc: b.RenderedDocument, style: Style) -> str:
    parts = [doc.title, style.banner or ""]
    parts += [r.text for r in _iter_runs(doc.blocks)]
    parts += [i.alt for i in _iter_blocks(doc.blocks) if isinstance(i, b.Image)]
    return "\n".join(parts)


def _iter_blocks(blocks: list[b.Block]) -> Iterator[b.Block]:
    for block in blocks:
        yield block
        if isinstance(block, b.List):
            for item in block.items:
                yield from _iter_blocks(item.blocks)
        elif isinstance(block, b.BlockQuote):
            yield from _iter_blocks(block.blocks)


def _anchors(blocks: list[b.Block]) -> set[str]:
    found: set[str] = set()
    for block in _iter_blocks(blocks):
        if isinstance(block, (b.Heading, b.Paragraph)) and block.anchor:
            found.add(block.anchor)
        if isinstance(block, b.List):
            found.update(i.anchor for i in block.items if i.anchor)
    return found


def _cut_runs(runs: list[b.Run], keep: int) -> list[b.Run]:
    """The first `keep` characters of the runs, cut back to a word, with "…" after them."""
    out: list[b.Run] = []
    for run in runs:
        if keep <= 0:
            break
        if len(run.text) <= keep:
            out.append(run)
        elif run.cite is not None:
            break   # a note mark is whole or absent
        else:
            text = run.text[:keep]
            text = text.rsplit(" ", 1)[0] if " " in text else text
            out.append(b.Run(text.rstrip(" ,;"), bold=run.bold, italic=run.italic,
                             code=run.code, link=run.link))
        keep -= len(run.text)
    return out + [b.Run(" \u2026")]


def _pdf_date(iso: str) -> str:
    """PDF date string for an ISO 8601 timestamp."""
    t = b.utc_time(iso)
    return f"D:{t.year:04d}{t:%m%d%H%M%S}+00'00'"      # strftime writes year 1 as "1"


# --- the writer -------------------------------------------------------------------------------

@dataclass
class _Palette:
    text: object
    heading: object
    accent: object
    banner: object
    muted: object
    rule: object
    zebra: object
    lead_bg: object
    quote_bg: object


class _PdfWriter:
    def __init__(self, doc: b.RenderedDocument, style: Style, fonts: FontSet):
        self.doc = doc
        self.style = style
        self.fonts = fonts
        self.anchors = _anchors(doc.blocks)
        self.outline_count = 0
        self.outline_level = -1
        width, height = page_mm(style)
        self.page_size = (width * _MM, height * _MM)
        self.margins = tuple(m * _MM for m in style.margins_mm)   # top, right, bottom, left

        heading = _color(style, "heading_color")
        self.palette = _Palette(
            text=_color(style, "text_color"), heading=heading, accent=_color(style, "accent_color"),
            banner=_color(style, "banner_color"), muted=HexColor("#5F6B7A"),
            rule=HexColor("#C8CED6"), zebra=HexColor("#F3F5F8"), lead_bg=_tint(heading, 0.92),
            quote_bg=HexColor("#F6F7F9"))
        self.styles = self._make_styles()
        self.logo = self._load_logo()

    # styles ----------------------------------------------------------------------------------

    def _make_styles(self) -> dict:
        body_font = self.fonts.body.regular
        head_font = self.fonts.heading.faces["bold"]
        size = float(self.style.font_size)
        p = self.palette
        base = ParagraphStyle("body", fontName=body_font, fontSize=size, leading=size * 1.42,
                              textColor=p.text, spaceAfter=size * 0.6, alignment=TA_LEFT)

        def derive(name: str, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        return {
            "body": base,
            "h1": derive("h1", fontName=head_font, fontSize=size * 2.0, leading=size * 2.4,
                         textColor=p.heading, spaceAfter=size * 0.5, keepWithNext=1),
            "h2": derive("h2", fontName=head_font, fontSize=size * 1.35, leading=size * 1.7,
                         textColor=p.heading, spaceBefore=size * 1.5, spaceAfter=size * 0.8),
            "h3": derive("h3", fontName=head_font, fontSize=size * 1.1, leading=size * 1.45,
                         textColor=p.heading, spaceBefore=size * 1.0, spaceAfter=size * 0.35),
            # The bottom line is bold, as in DOCX and HTML.
            "lead": derive("lead", fontName=self.fonts.body.faces["bold"], fontSize=size * 1.1,
                           leading=size * 1.55, spaceAfter=0),
            "quote": derive("quote", fontName=self.fonts.body.faces["italic"], spaceAfter=0),
            "meta": derive("meta", fontSize=size * 0.85, leading=size * 1.2, textColor=p.muted,
                           spaceAfter=size * 0.3),
            "note": derive("note", fontSize=size * 0.85, leading=size * 1.2, textColor=p.muted),
            "cell": derive("cell", fontSize=size * 0.9, leading=size * 1.2, spaceAfter=0),
            "th": derive("th", fontName=self.fonts.body.faces["bold"], fontSize=size * 0.9,
                         leading=size * 1.2, spaceAfter=0, textColor=white),
            "caption": derive("caption", fontName=self.fonts.body.faces["italic"],
                              fontSize=size * 0.85, leading=size * 1.15, textColor=p.muted,
                              alignment=TA_CENTER, spaceBefore=2, spaceAfter=size),
            "list": derive("list", spaceAfter=size * 0.25),
        }

    def _load_logo(self):
        path = self.style.resolve(self.style.logo)
        if path is None:
            return None
        if not path.is_file():
            raise OutputError("logo not found", path)
        try:
            reader = ImageReader(str(path))
            reader.getSize()
        except Exception as exc:  # reportlab/PIL raise many types for a bad image
            raise OutputError(f"logo is not a readable image: {exc}", path) from exc
        return reader

    # inline markup -----------------------------------------------------------------------------

    def _fonted(self, text: str, family: FontFamily) -> str:
        """Escaped text with <font> switches for characters the family lacks."""
        out = []
        for chunk, used in self.fonts.segments(text, family):
            chunk = escape(chunk)
            out.append(chunk if used is family else f'<font face="{used.regular}">{chunk}</font>')
        return "".join(out)

    def _run_markup(self, run: b.Run, family: FontFamily, text: str | None = None,
                    shaped: bool = False) -> str:
        """Markup for one run; `text` replaces the run's text, `shaped` says it is already in
        display order (lines of a right-to-left paragraph)."""
        link_color = self.style.heading_color
        if run.cite is not None:
            return self._mark(run, family)
        raw = run.text if text is None else text
        if not shaped and has_rtl(raw):
            raw = _visual(raw, "L")   # a right-to-left stretch inside a left-to-right line
        if run.code:
            body = f'<font face="{self.fonts.mono.regular}">{self._fonted(raw, self.fonts.mono)}</font>'
        else:
            body = self._fonted(raw, family)
        if run.bold:
            body = f"<b>{body}</b>"
        if run.italic:
            body = f"<i>{body}</i>"
        if run.link:
            if run.link.startswith("#"):
                if run.link[1:] in self.anchors:
                    body = f'<a href="{escape(run.link, {chr(34): "&quot;"})}" color="{link_color}">{body}</a>'
            else:
                href = escape(run.link, {'"': "&quot;"})
                body = f'<a href="{href}" color="{link_color}"><u>{body}</u></a>'
        if run.line_break:
            body += "<br/>"
        return body

    def _mark(self, run: b.Run, family: FontFamily) -> str:
        """A citation: its "[n ¶p]" label on the line, a point smaller, linked to the sources
        list when the brief has one."""
        body = self._fonted(run.text, family)
        target = f"src-{run.cite}"
        if target in self.anchors:
            body = f'<a href="#{target}" color="{self.style.heading_color}">{body}</a>'
        return f'<font size="-1">{body}</font>'

    def _markup(self, runs: list[b.Run], family: FontFamily, anchor: str | None = None) -> str:
        parts = [f'<a name="{escape(anchor)}"/>'] if anchor else []
        parts.extend(self._run_markup(run, family) for run in b.space_citations(runs))
        return "".join(parts)

    def _paragraph(self, runs: list[b.Run], style: str | ParagraphStyle,
                   anchor: str | None = None, family: FontFamily | None = None):
        family = family or self.fonts.body
        pstyle = self.styles[style] if isinstance(style, str) else style
        runs = b.space_citations(runs)
        if paragraph_is_rtl("".join(r.text for r in runs)):
            return _RTLParagraph(self, runs, pstyle, family, anchor)
        return Paragraph(self._markup(runs, family, anchor), pstyle)

    # blocks ------------------------------------------------------------------------------------

    def flowables(self, blocks: list[b.Block], width: float, depth: int = 0,
                  para_style: str = "body") -> list:
        out: list = []
        for block in blocks:
            if isinstance(block, b.Heading):
                if block.level > 1:
                    # Room for the heading and the first lines of what follows, else a new
                    # page. Not keepWithNext: it binds the heading to the whole next table or
                    # list and pushes all of it to a new page, leaving half a page empty.
                    out.append(CondPageBreak(self.style.font_size * 9))
                out.append(self._heading(block))
            elif isinstance(block, b.Paragraph):
                out.extend(self._para_block(block, width, para_style))
            elif isinstance(block, b.List):
                out.append(self._list(block, width, depth))
            elif isinstance(block, b.Table):
                out.append(self._table(block, width))
            elif isinstance(block, b.Image):
                out.extend(self._image(block, width))
            elif isinstance(block, b.BlockQuote):
                inner = self.flowables(block.blocks, width - 16, depth, "quote")
                out.append(self._boxed(inner, width, self.palette.rule, self.palette.quote_bg))
            elif isinstance(block, b.PageBreak):
                out.append(PageBreak())
            elif isinstance(block, b.Rule):
                out.append(HRFlowable(width="100%", thickness=0.6, color=self.palette.rule,
                                      spaceBefore=4, spaceAfter=8))
        return out

    def _heading(self, block: b.Heading):
        level = max(1, min(block.level, 3))
        # Outline levels may only go one deeper than the previous entry.
        outline = min(level - 1, self.outline_level + 1)
        self.outline_level = outline
        self.outline_count += 1
        family = self.fonts.heading
        markup = self._markup(block.runs, family, block.anchor)
        para = _Heading(markup, self.styles[f"h{level}"], key=f"h{self.outline_count}",
                        title=block.text.strip() or " ", level=outline,
                        rule_color=self.palette.rule if level == 2 else None)
        return para

    def _para_block(self, block: b.Paragraph, width: float, default: str) -> list:
        kind = block.style or ""
        if kind == "lead":
            para = self._paragraph(block.runs, "lead", block.anchor)
            return [self._boxed([para], width, self.palette.accent, self.palette.lead_bg,
                                space_after=self.style.font_size * 0.9)]
        if kind == "quote":
            para = self._paragraph(block.runs, "quote", block.anchor)
            return [self._boxed([para], width, self.palette.rule, self.palette.quote_bg)]
        name = kind if kind in ("meta", "note") else default
        return [self._paragraph(block.runs, name, block.anchor)]

    def _boxed(self, inner: list, width: float, bar, background, space_after: float | None = None):
        """Content in a tinted panel with a coloured bar on the left (lead, quotes)."""

        rows = [[f] for f in inner] or [[""]]
        # splitInRow: a panel taller than a page (a quote of a whole long paragraph) goes on over
        # the page break instead of failing the layout.
        table = Table(rows, colWidths=[width], hAlign="LEFT", splitInRow=1)
        pad = self.style.font_size * 0.55
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.body.regular, self.style.font_size),
            ("BACKGROUND", (0, 0), (-1, -1), background),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, bar),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), pad),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ]))
        table.spaceAfter = self.style.font_size * 0.7 if space_after is None else space_after
        table.spaceBefore = 2
        return table

    def _list(self, block: b.List, width: float, depth: int):
        indent = self.style.font_size * 1.6
        if block.ordered:   # room for "10." and wider numbers
            widest = f"{block.start + len(block.items) - 1}."
            indent = max(indent, stringWidth(widest, self.fonts.body.regular,
                                             self.style.font_size) + self.style.font_size * 0.7)
        items = []
        for item in block.items:
            inner = []
            anchor = item.anchor
            for sub in item.blocks:
                if isinstance(sub, b.Paragraph) and anchor:
                    inner.append(self._paragraph(sub.runs, "list", anchor))
                    anchor = None
                elif isinstance(sub, b.Paragraph) and not sub.style:
                    inner.append(self._paragraph(sub.runs, "list"))
                else:
                    inner.extend(self.flowables([sub], width - indent, depth + 1, "list"))
            items.append(ListItem(inner or [self._paragraph([], "list")]))
        common = dict(leftIndent=indent, bulletFontName=self.fonts.body.regular,
                      bulletFontSize=self.style.font_size, bulletColor=self.palette.heading,
                      spaceAfter=self.style.font_size * 0.4 if depth == 0 else 0)
        if block.ordered:
            return ListFlowable(items, bulletType="1", start=block.start, bulletFormat="%s.",
                                **common)
        return ListFlowable(items, bulletType="bullet", start=_BULLETS[min(depth, 2)], **common)

    def _table(self, block: b.Table, width: float):
        ncols = max([len(block.header)] + [len(r) for r in block.rows] or [1])
        aligns = {"right": TA_RIGHT, "center": TA_CENTER}

        def cell_style(name: str, col: int) -> ParagraphStyle:
            align = block.align[col] if col < len(block.align) else "left"
            return ParagraphStyle(f"{name}{col}", parent=self.styles[name],
                                  alignment=aligns.get(align, TA_LEFT))

        widths = self._column_widths(block, ncols, width)
        # A row must fit on one page (reportlab fails with "cell too large" otherwise): a cell
        # may take at most a third of the frame, and is shortened with "…" beyond that.
        max_h = (self.page_size[1] - self.margins[0] - self.margins[2]) / 3

        def cells(runs_list: list[list[b.Run]], name: str) -> list:
            row = []
            for col in range(ncols):
                runs = runs_list[col] if col < len(runs_list) else []
                pstyle = cell_style(name, col)
                row.append(self._fitted(runs, pstyle, widths[col] - 10, max_h))
            return row

        data = []
        if block.header:
            data.append(cells(block.header, "th"))
        data += [cells(row, "cell") for row in block.rows]
        if not data:
            return Spacer(1, 1)
        table = Table(data, colWidths=widths, repeatRows=1 if block.header else 0, hAlign="LEFT")
        p = self.palette
        commands = [
            # Tables set a cell font even around flowables; the default would be Helvetica.
            ("FONT", (0, 0), (-1, -1), self.fonts.body.regular, self.style.font_size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, p.rule),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, p.heading),
        ]
        first_body = 1 if block.header else 0
        if block.header:
            commands += [("BACKGROUND", (0, 0), (-1, 0), p.heading),
                         ("LINEBELOW", (0, 0), (-1, 0), 1.2, p.accent)]
        if len(data) > first_body:
            commands.append(("ROWBACKGROUNDS", (0, first_body), (-1, -1), [white, p.zebra]))
        table.setStyle(TableStyle(commands))
        table.spaceBefore = 4
        table.spaceAfter = self.style.font_size * 1.1
        return table

    def _fitted(self, runs: list[b.Run], pstyle: ParagraphStyle, width: float, max_h: float):
        """A cell paragraph no taller than max_h: its text cut at a word and ended with "…"."""
        para = self._paragraph(runs, pstyle)
        if para.wrap(width, max_h)[1] <= max_h:
            return para
        keep = sum(len(r.text) for r in runs)
        while keep > 1:
            keep = int(keep * 0.8)
            para = self._paragraph(_cut_runs(runs, keep), pstyle)
            if para.wrap(width, max_h)[1] <= max_h:
                break
        return para

    def _column_widths(self, block: b.Table, ncols: int, width: float) -> list[float]:
        """Natural widths when they fit; else every column gets its longest word (so no word
        is broken, "Sources" not "Sour/ces") and the rest of the width goes to the columns
        with the most text."""
        size = self.style.font_size * 0.9
        bold = self.fonts.body.faces["bold"]
        pad = 12.0
        natural = [24.0] * ncols
        least = [24.0] * ncols
        for row in [block.header, *block.rows]:
            for col, runs in enumerate(row[:ncols]):
                text = "".join(r.text for r in runs)
                natural[col] = max(natural[col], min(stringWidth(text, bold, size) + pad, width))
                longest = max((stringWidth(w, bold, size) for w in text.split()), default=0.0)
                least[col] = max(least[col], min(longest + pad, width / ncols * 1.5))
        total = sum(natural)
        if total <= width:
            return [w * width / total for w in natural]
        if sum(least) >= width:
            return [w * width / sum(least) for w in least]
        spare = width - sum(least)
        extra = [n - m for n, m in zip(natural, least)]
        return [m + spare * e / sum(extra) for m, e in zip(least, extra)]

    def _image(self, block: b.Image, width: float) -> list:
        source: object
        where: object
        if block.data is not None:
            source, where = io.BytesIO(block.data), None
        elif block.path:
            path = Path(block.path)
            if not path.is_file():
                raise OutputError("image not found", path)
            source, where = str(path), path
        else:
            return []
        try:
            iw, ih = ImageReader(source).getSize()
        except Exception as exc:  # PIL raises several types for undecodable data
            raise OutputError(f"image {block.alt or ''!r} is not readable: {exc}", where) from exc
        if isinstance(source, io.BytesIO):
            source.seek(0)
        frac = min(max(block.width_fraction, 0.05), 1.0)
        w = width * frac
        h = w * ih / iw
        max_h = (self.page_size[1] - self.margins[0] - self.margins[2]) * 0.7
        if h > max_h:
            w, h = w * max_h / h, max_h
        caption = (Paragraph(self._fonted(block.alt, self.fonts.body), self.styles["caption"])
                   if block.alt else None)
        return [_Figure(Image(source, width=w, height=h), caption)]

    # page furniture ----------------------------------------------------------------------------

    def _draw_page(self, canvas, page: int, pages: int) -> None:
        width, height = self.page_size
        top, right, bottom, left = self.margins
        p = self.palette
        canvas.saveState()
        banner = self.style.banner
        bold = self.fonts.body.faces["bold"]
        regular = self.fonts.body.regular
        head_y = height - min(top * 0.45, 12 * _MM)
        if banner:
            canvas.setFillColor(p.banner)
            canvas.setFont(bold, 8.5)
            text = _visual(banner) if has_rtl(banner) else banner
            canvas.drawCentredString(width / 2, head_y - 3, text)
            canvas.drawCentredString(width / 2, min(bottom * 0.35, 8 * _MM), text)
        if self.logo is not None:
            lw, lh = self.logo.getSize()
            box_h = min(top * 0.5, 11 * _MM)
            scale = min(box_h / lh, 45 * _MM / lw)
            canvas.drawImage(self.logo, left, head_y - lh * scale / 2, lw * scale, lh * scale,
                             mask="auto")
        rule_y = height - top + 0.35 * top * 0.45
        canvas.setStrokeColor(p.rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, rule_y, width - right, rule_y)
        foot_y = bottom * 0.62
        canvas.line(left, foot_y + 9, width - right, foot_y + 9)
        canvas.setFillColor(p.muted)
        canvas.setFont(regular, 7.5)
        title = self.doc.title if not has_rtl(self.doc.title) else _visual(self.doc.title)
        max_title = (width - left - right) * 0.7
        while title and stringWidth(title, regular, 7.5) > max_title:
            title = title[:-2].rstrip() + "\u2026"
        canvas.drawString(left, foot_y, title)
        if self.style.page_numbers:
            canvas.drawRightString(width - right, foot_y, f"Page {page} of {pages}")
        canvas.restoreState()

    def build(self) -> tuple[bytes, int]:
        """The PDF and its number of pages."""
        # Two passes: the first counts the pages for "Page N of M". Holding pages back in the
        # canvas instead (the usual canvasmaker recipe) sends every link and outline entry to
        # page 1, because destinations are resolved against the page being emitted.
        first, pages = self._build_pass(None)
        if not self.style.page_numbers:
            return first, pages
        data, again = self._build_pass(pages)
        if again != pages:   # the footer text cannot change the layout; guard anyway
            data, again = self._build_pass(again)
        return data, again

    def _build_pass(self, total: int | None) -> tuple[bytes, int]:
        width, height = self.page_size
        top, right, bottom, left = self.margins
        frame_w = width - left - right
        self.outline_count, self.outline_level = 0, -1
        story = self.flowables(self.doc.blocks, frame_w) or [Spacer(1, 1)]
        creation = _pdf_date(self.doc.generated_at)

        def on_page(canvas, document) -> None:
            canvas.setDateFormatter(lambda *_: creation)
            page = canvas.getPageNumber()
            self._draw_page(canvas, page, total or page)

        out = io.BytesIO()
        template = _Template(
            out, pagesize=(width, height), leftMargin=left, rightMargin=right, topMargin=top,
            bottomMargin=bottom, title=self.doc.title, author=self.doc.author,
            subject=self.doc.subject or self.doc.title, creator="briefgen",
            producer="briefgen (ReportLab)", keywords="", invariant=1, lang=self.doc.language,
            initialFontName=self.fonts.body.regular, initialFontSize=self.style.font_size)
        frame = Frame(left, bottom, frame_w, height - top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        try:
            template.build(story)
        except OutputError:
            raise
        except Exception as exc:  # reportlab layout errors carry no file: say what failed
            raise OutputError(f"PDF layout failed: {exc}") from exc
        return out.getvalue(), template.page


# --- flowables and canvas ---------------------------------------------------------------------

class _Heading(Paragraph):
    """A heading paragraph that knows its outline entry and may draw a rule beneath."""

    def __init__(self, text, style, *, key: str | None = None, title: str = "", level: int = 0,
                 rule_color=None, **kwargs):
        # reportlab splits a long heading at a page end by calling the class with its own
        # keywords; the pieces after the first get no outline entry (key None).
        super().__init__(text, style, **kwargs)
        self.key, self.title, self.level, self.rule_color = key, title, level, rule_color

    def draw(self) -> None:
        super().draw()
        if self.rule_color is not None:
            self.canv.saveState()
            self.canv.setStrokeColor(self.rule_color)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, -3, self.width, -3)
            self.canv.restoreState()


class _Figure(Flowable):
    """A picture and its caption as one unit. When the rest of the page is a little too short
    the picture shrinks (to no less than `least` of its size, so labels stay legible) instead of leaving the space
    empty and moving to the next page."""

    least = 0.7

    def __init__(self, image: Image, caption: Paragraph | None):
        super().__init__()
        self.image, self.caption = image, caption
        self.natural = (image.drawWidth, image.drawHeight)
        self.caption_h = 0.0
        self.gap = 4.0

    def wrap(self, availWidth, availHeight):
        w, h = self.natural
        self.caption_h = self.caption.wrap(availWidth, availHeight)[1] if self.caption else 0.0
        room = availHeight - self.caption_h - self.gap
        scale = room / h if self.least * h <= room < h else 1.0
        self.image.drawWidth, self.image.drawHeight = w * scale, h * scale
        self.width = availWidth
        self.height = self.image.drawHeight + self.gap + self.caption_h
        return self.width, self.height

    def draw(self) -> None:
        x = (self.width - self.image.drawWidth) / 2
        self.image.drawOn(self.canv, x, self.caption_h + self.gap)
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return 2.0

    def getSpaceAfter(self) -> float:
        return self.caption.getSpaceAfter() if self.caption else 6.0


class _Template(BaseDocTemplate):
    """Adds every heading to the PDF outline as it is placed."""

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Heading) and flowable.key:
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, flowable.level, closed=False)


class _RTLParagraph(Flowable):
    """A right-to-left paragraph: broken into lines in logical order, each line then reordered
    for display, because reportlab would wrap the reversed text and put the first words on the
    last line."""

    def __init__(self, writer: _PdfWriter, runs: list[b.Run], style, family: FontFamily,
                 anchor: str | None):
        super().__init__()
        self.writer, self.runs, self.family, self.anchor = writer, runs, family, anchor
        self.style = ParagraphStyle(style.name + "-rtl", parent=style, alignment=TA_RIGHT)
        self._para: Paragraph | None = None
        self._width: float | None = None

    def _tokens(self) -> list[tuple[int, str] | None]:
        tokens: list[tuple[int, str] | None] = []   # (run index, word); None = hard break
        for index, run in enumerate(self.runs):
            if run.cite is not None:
                tokens.append((index, run.text))
            else:
                tokens.extend((index, w) for w in run.text.split())
            if run.line_break:
                tokens.append(None)
        return tokens

    def _width_of(self, index: int, word: str, size: float) -> float:
        run = self.runs[index]
        if run.cite is not None:
            return stringWidth(word, self.family.regular, size - 1)
        face = "bold" if run.bold else "regular"
        return sum(stringWidth(chunk, fam.faces[face], size)
                   for chunk, fam in self.writer.fonts.segments(_visual(word, "R"), self.family))

    def _lines(self, width: float) -> list[list[tuple[int, str]]]:
        size = self.style.fontSize
        space = stringWidth(" ", self.family.regular, size)
        lines: list[list[tuple[int, str]]] = [[]]
        used = 0.0
        for token in self._tokens():
            if token is None:
                lines.append([])
                used = 0.0
                continue
            w = self._width_of(*token, size)
            if lines[-1] and used + space + w > width * 0.97:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0) + w
            lines[-1].append(token)
        return lines

    def _line_markup(self, line: list[tuple[int, str]]) -> str:
        groups: list[tuple[int, list[str]]] = []
        for index, word in line:
            if groups and groups[-1][0] == index:
                groups[-1][1].append(word)
            else:
                groups.append((index, [word]))
        parts = []
        for index, words in reversed(groups):   # an RTL line runs from right to left
            run = self.runs[index]
            text = " ".join(words)
            parts.append(self.writer._run_markup(run, self.family, text=_visual(text, "R"),
                                                 shaped=True))
        return " ".join(parts)

    def _build(self, width: float) -> Paragraph:
        if self._para is None or self._width != width:
            markup = "<br/>".join(self._line_markup(line) for line in self._lines(width))
            if self.anchor:
                markup = f'<a name="{escape(self.anchor)}"/>' + markup
            self._para = Paragraph(markup, self.style)
            self._width = width
        return self._para

    def wrap(self, availWidth, availHeight):
        return self._build(availWidth).wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        return self._build(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        assert self._para is not None
        self._para.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

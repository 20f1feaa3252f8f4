"""The block model → one standalone HTML page (inline CSS, pictures embedded as data URIs).

On screen the classification banner sits at the top and bottom of the page; in print it goes
into the page margin boxes of every page (`@page @top-center`, honoured by Chromium and
WeasyPrint) with page numbers. Every block element carries dir="auto" so a paragraph written in
Arabic or Hebrew runs right to left. The output depends only on its input: no clock, no ids.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from ..errors import TemplateError
from .blocks import (
    Block,
    BlockQuote,
    Heading,
    Image,
    List,
    ListItem,
    PageBreak,
    Paragraph,
    RenderedDocument,
    Rule,
    Run,
    Table,
    space_citations,
)
from .style import Style, check_image, page_mm

_SAFE_HREF = re.compile(r"(https?://|mailto:|#)", re.IGNORECASE)
_GENERIC_FONTS = '"DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif'


def write(doc: RenderedDocument, style: Style) -> bytes:
    """The whole page as UTF-8 bytes."""
    banner = style.banner
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(doc.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{escape(doc.author)}">',
        f'<meta name="dcterms.created" content="{escape(doc.generated_at)}">',
    ]
    if doc.subject:
        parts.append(f'<meta name="description" content="{escape(doc.subject)}">')
    parts += [f"<title>{escape(doc.title, quote=False)}</title>", f"<style>\n{_css(style)}</style>",
              "</head>", "<body>"]
    if banner:
        parts.append(f'<header class="banner" role="note">{escape(banner)}</header>')
    parts.append('<main class="brief">')
    logo = _logo(style)
    if logo:
        parts.append(logo)
    parts += [_block(b) for b in doc.blocks]
    parts.append("</main>")
    if banner:
        parts.append(f'<footer class="banner" role="note">{escape(banner)}</footer>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


# --- blocks -------------------------------------------------------------------------------

def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 6)
        return f"<h{level}{_id(block.anchor)} dir=\"auto\">{_runs(block.runs)}</h{level}>"
    if isinstance(block, Paragraph):
        cls = f' class="{escape(block.style)}"' if block.style else ""
        return f'<p{_id(block.anchor)}{cls} dir="auto">{_runs(block.runs)}</p>'
    if isinstance(block, List):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "\n".join(_item(i) for i in block.items)
        return f"<{tag}{start}>\n{items}\n</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        return _image(block)
    if isinstance(block, BlockQuote):
        inner = "\n".join(_block(b) for b in block.blocks)
        return f'<blockquote dir="auto">\n{inner}\n</blockquote>'
    if isinstance(block, PageBreak):
        return '<div class="page-break" aria-hidden="true"></div>'
    if isinstance(block, Rule):
        return "<hr>"
    raise TypeError(f"unknown block {type(block).__name__}")


def _item(item: ListItem) -> str:
    # A tight item's single paragraph is written inline, as browsers expect for lists.
    if len(item.blocks) >= 1 and isinstance(item.blocks[0], Paragraph) and not item.blocks[0].style:
        first = _runs(item.blocks[0].runs)
        rest = "".join("\n" + _block(b) for b in item.blocks[1:])
    else:
        first, rest = "", "".join("\n" + _block(b) for b in item.blocks)
    return f'<li{_id(item.anchor)} dir="auto">{first}{rest}</li>'


def _table(table: Table) -> str:
    def cell(tag: str, runs: list[Run], col: int) -> str:
        align = table.align[col] if col < len(table.align) else "left"
        attr = f' class="{align}"' if align in ("right", "center") else ""
        return f'<{tag}{attr} dir="auto">{_runs(runs)}</{tag}>'

    lines = ['<div class="table-wrap">', "<table>"]
    if table.header:
        lines.append("<thead><tr>" + "".join(cell("th", r, i) for i, r in enumerate(table.header))
                     + "</tr></thead>")
    lines.append("<tbody>")
    lines += ["<tr>" + "".join(cell("td", r, i) for i, r in enumerate(row)) + "</tr>"
              for row in table.rows]
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


def _image(image: Image) -> str:
    src = _data_uri(image.data, "image/png") if image.data else _file_uri(image.path)
    if src is None:
        return ""
    width = max(5, min(100, round(image.width_fraction * 100)))
    return f'<figure><img src="{src}" alt="{escape(image.alt)}" style="width: {width}%"></figure>'


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _file_uri(path: str | None) -> str | None:
    """A checked image (by content, not by its name) as a data URI, else None."""
    if not path:
        return None
    try:
        mime = check_image(Path(path))
    except TemplateError:
        return None
    return _data_uri(Path(path).read_bytes(), mime)


def _logo(style: Style) -> str:
    path = style.resolve(style.logo)
    src = _file_uri(str(path)) if path else None
    return f'<img class="logo" src="{src}" alt="">' if src else ""


def _id(anchor: str | None) -> str:
    return f' id="{escape(anchor)}"' if anchor else ""


# --- inline -------------------------------------------------------------------------------

def _runs(runs: list[Run]) -> str:
    return "".join(_run(r) for r in space_citations(runs))


def _run(run: Run) -> str:
    text = escape(run.text, quote=False)
    if run.cite is not None:
        title = f' title="{escape(run.note)}"' if run.note else ""
        html = f'<a class="cite" href="#src-{run.cite}"{title}>{text}</a>'
    else:
        if run.code:
            text = f"<code>{text}</code>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.link and _SAFE_HREF.match(run.link):
            text = f'<a href="{escape(run.link)}">{text}</a>'
        html = text
    return html + ("<br>" if run.line_break else "")


# --- style --------------------------------------------------------------------------------

def _css_string(text: str) -> str:
    """A CSS string literal that no text can break out of (quotes, backslashes, </style>)."""
    return '"' + "".join(c if c.isalnum() or c in " /-.,:;!?()" else f"\\{ord(c):x} "
                         for c in text) + '"'


def _color(value: str, fallback: str) -> str:
    return value if re.fullmatch(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]+", value or "") else fallback


def _font(name: str) -> str:
    if name.lower().endswith((".ttf", ".otf")):
        name = Path(name).stem
    return f"{_css_string(name)}, {_GENERIC_FONTS}"


_PAGE_SIZES = {"a4": "A4", "letter": "letter", "legal": "legal", "a5": "A5"}


def _css(style: Style) -> str:
    text = _color(style.text_color, "#222222")
    heading = _color(style.heading_color, "#1F3864")
    accent = _color(style.accent_color, "#C00000")
    banner = _color(style.banner_color, "#006400")
    top, right, bottom, left = (float(m) for m in style.margins_mm)
    page_mm(style)                      # the same sizes as PDF and DOCX, or the same error
    size = _PAGE_SIZES[style.page_size.lower()]
    font = _font(style.font)
    heading_font = _font(style.heading_font) if style.heading_font else font
    margin_boxes = []
    if style.banner:
        label = _css_string(style.banner)
        box = f"{{ content: {label}; color: {banner}; font: bold 9pt {font}; }}"
        margin_boxes += [f"  @top-center {box}", f"  @bottom-center {box}"]
    if style.page_numbers:
        counter = '"Page " counter(page) " of " counter(pages)'
        margin_boxes.append(f"  @bottom-right {{ content: {counter}; color: {text}; "
                            f"font: 8pt {font}; }}")
    page_rule = "\n".join(["@page {", f"  size: {size};",
                           f"  margin: {top}mm {right}mm {bottom}mm {left}mm;", *margin_boxes, "}"])
    return f"""{page_rule}
:root {{ color-scheme: light; }}
body {{ margin: 0; color: {text}; background: #fff; font-family: {font};
  font-size: {style.font_size}pt; line-height: 1.45; overflow-wrap: break-word; }}
main.brief {{ max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 2.5rem; }}
.banner {{ background: {banner}; color: #fff; text-align: center; font-weight: bold;
  letter-spacing: 0.04em; padding: 0.3rem 0.5rem; font-size: 0.85em; }}
header.banner {{ position: sticky; top: 0; z-index: 1; }}
h1, h2, h3, h4 {{ color: {heading}; font-family: {heading_font}; line-height: 1.2; }}
h1 {{ font-size: 1.8em; margin: 0.4em 0 0.3em; }}
h2 {{ font-size: 1.3em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ccd;
  padding-bottom: 0.15em; }}
h3 {{ font-size: 1.08em; margin: 1.1em 0 0.3em; }}
p {{ margin: 0.45em 0; }}
p.meta {{ color: #555; font-size: 0.92em; margin: 0.15em 0; }}
p.lead {{ font-size: 1.12em; font-weight: bold; border-left: 4px solid {accent};
  padding: 0.2em 0 0.2em 0.7em; margin: 0.7em 0; }}
p.note {{ color: #555; font-style: italic; }}
p.quote, blockquote {{ margin: 0.6em 0; padding: 0 0 0 0.9em; border-left: 3px solid #bbb;
  color: #333; }}
ul, ol {{ margin: 0.4em 0; padding-left: 1.6em; }}
li {{ margin: 0.2em 0; }}
a.cite {{ font-size: 0.85em; white-space: nowrap; color: {accent}; text-decoration: none; }}
a.cite:hover {{ text-decoration: underline; }}
a {{ color: {heading}; }}
code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em;
  background: #f3f3f3; padding: 0 0.2em; overflow-wrap: anywhere; }}
.table-wrap {{ overflow-x: auto; margin: 0.6em 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.92em; }}
th, td {{ border: 1px solid #c8c8d0; padding: 0.3em 0.45em; vertical-align: top;
  text-align: start; overflow-wrap: anywhere; }}
th {{ background: #eef1f7; color: {heading}; }}
th.right, td.right {{ text-align: right; }}
th.center, td.center {{ text-align: center; }}
tbody tr:nth-child(even) {{ background: #fafafc; }}
figure {{ margin: 0.8em 0; text-align: center; }}
figure img {{ max-width: 100%; height: auto; }}
img.logo {{ max-height: 3rem; float: right; }}
hr {{ border: 0; border-top: 1px solid #ccd; margin: 1.2em 0; }}
li:target, p:target {{ background: #fff6d5; }}
@media print {{
  body {{ font-size: {style.font_size}pt; }}
  main.brief {{ max-width: none; padding: 0; }}
  .banner {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
  tr, figure, blockquote, li {{ break-inside: avoid; }}
  .table-wrap {{ overflow: visible; }}
  .page-break {{ break-after: page; }}
}}
"""

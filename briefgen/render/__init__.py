"""Rendering: template (Jinja2 → Markdown) → block model → DOCX | PDF | HTML | Markdown.

    data = render_brief(brief, "pdf", template="executive")

One template per audience drives every format. Writers for DOCX and PDF are imported only when
asked for, so Markdown and HTML work without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import BriefgenError, OutputError, TemplateError
from ..model import Brief
from .blocks import (
    Block,
    BlockQuote,
    Heading,
    Image,
    List,
    ListItem,
    Paragraph,
    RenderedDocument,
    Run,
    Source,
    Table,
)
from .markdown import strip_conventions, to_blocks
from .safety import make_safe
from .style import Style, check_image
from .templating import find_template, render_markdown

Warn = Callable[[str], None]
RENDER_FORMATS = ("md", "html", "docx", "pdf")
_CHART = "chart:"


def render_brief(brief: Brief, fmt: str, *, template: str = "analyst",
                 template_dirs: Sequence[Path] = (), warn: Warn | None = None,
                 read: list[str] | None = None) -> bytes:
    """The brief in one of md | html | docx | pdf, as bytes; the image files it embeds are added
    to `read` (so a cache of the bytes can tell when one of them changes)."""
    warn = warn or _ignore
    if fmt not in RENDER_FORMATS:
        raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(RENDER_FORMATS)}")
    source = find_template(template, template_dirs)
    text = render_markdown(brief, source)
    if fmt == "md":
        return strip_conventions(text).encode("utf-8")
    doc = document_from_markdown(brief, text, source.style, warn, subject=source.description)
    if read is not None:
        read.extend(image_files(doc.blocks))
    try:
        if fmt == "html":
            from . import html
            return html.write(doc, source.style)
        if fmt == "docx":
            from . import docx
            return docx.write(doc, source.style, warn)
        from . import pdf
        return pdf.write(doc, source.style, warn)
    except BriefgenError:
        raise
    except ImportError as exc:
        raise OutputError(f"the {fmt} writer is not available: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a writer failure must reach the user as exit code 4
        raise OutputError(f"could not render {fmt}: {type(exc).__name__}: {exc}") from exc


def render_document(brief: Brief, *, template: str = "analyst", template_dirs: Sequence[Path] = (),
                    warn: Warn | None = None) -> RenderedDocument:
    """The block tree every writer receives (for writers' tests and custom writers)."""
    source = find_template(template, template_dirs)
    return document_from_markdown(brief, render_markdown(brief, source), source.style,
                                  warn or _ignore, subject=source.description)


def document_from_markdown(brief: Brief, text: str, style: Style, warn: Warn,
                           subject: str = "") -> RenderedDocument:
    """Parse the rendered template, draw its charts and make sure every citation has a source."""
    sources = [Source(number=n, title=d.title or d.path or d.id, outlet=d.source, date=d.date,
                      location=d.url or d.path, file=d.path or d.id)
               for n, d in enumerate(brief.documents, start=1)]
    blocks = _resolve_images(to_blocks(text), brief, style, warn)
    blocks += _missing_sources(blocks, sources, warn)
    return make_safe(RenderedDocument(title=brief.title, blocks=blocks, sources=sources,
                                      generated_at=brief.generated_at, subject=subject))


# --- pictures -----------------------------------------------------------------------------

def _resolve_images(blocks: list[Block], brief: Brief, style: Style, warn: Warn) -> list[Block]:
    """Charts become PNG bytes (or disappear when there is too little to draw); files are
    looked up beside the template; anything that cannot be shown is dropped with a warning."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Image):
            image = _resolve_image(block, brief, style, warn)
            if image is not None:
                out.append(image)
        elif isinstance(block, List):
            for item in block.items:
                item.blocks = _resolve_images(item.blocks, brief, style, warn)
            out.append(block)
        elif isinstance(block, BlockQuote):
            block.blocks = _resolve_images(block.blocks, brief, style, warn)
            out.append(block)
        else:
            out.append(block)
    return out


def _resolve_image(image: Image, brief: Brief, style: Style, warn: Warn) -> Image | None:
    path = image.path or ""
    if path.startswith(_CHART):
        if not style.charts:
            return None
        try:
            from .charts import render_chart
        except ImportError as exc:
            warn(f"chart {path[len(_CHART):]!r} left out: charts are not available ({exc})")
            return None
        try:
            data = render_chart(path[len(_CHART):], brief.to_dict(), style)
        except OutputError as exc:      # one chart that cannot be drawn costs the chart only
            warn(f"chart {path[len(_CHART):]!r} left out: {exc.reason}")
            return None
        if data is None:
            return None
        return Image(alt=image.alt, data=data, width_fraction=image.width_fraction)
    if "://" in path:
        warn(f"image {path} left out: briefgen works offline and does not fetch images")
        return None
    resolved = style.resolve(path)
    if resolved is None or not resolved.is_file():
        warn(f"image {path} left out: file not found")
        return None
    if style.folder is not None and not Path(path).is_absolute() and \
            not resolved.resolve().is_relative_to(style.folder.resolve()):
        warn(f"image {path} left out: it leads outside the template folder")
        return None
    try:      # by content and size, the same for every format (HTML embedded any ".png")
        check_image(resolved)
    except TemplateError as exc:
        warn(f"image {path} left out: {exc.reason}")
        return None
    return Image(alt=image.alt, path=str(resolved), width_fraction=image.width_fraction)


def image_files(blocks: list[Block]) -> Iterator[str]:
    """The files of the pictures in `blocks` (charts are bytes drawn from the brief)."""
    for block in blocks:
        if isinstance(block, Image) and block.path:
            yield block.path
        elif isinstance(block, List):
            for item in block.items:
                yield from image_files(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from image_files(block.blocks)


# --- citations ----------------------------------------------------------------------------

def _missing_sources(blocks: list[Block], sources: list[Source], warn: Warn) -> list[Block]:
    """A sources list for citations the template left without a target (a custom template
    that has no Sources section), so every citation still leads somewhere."""
    cited = sorted({run.cite for run in _runs(blocks) if run.cite is not None})
    anchors = set(_anchors(blocks))
    by_number = {s.number: s for s in sources}
    for n in cited:
        if n not in by_number:
            warn(f"citation [{n}] points to no document of this brief")
    missing = [by_number[n] for n in cited if n in by_number and f"src-{n}" not in anchors]
    if not missing:
        return []
    items = [ListItem(blocks=[Paragraph(runs=_source_runs(s))], anchor=f"src-{s.number}")
             for s in missing]
    heading = [] if "sources" in anchors else [Heading(2, [Run("Sources")], anchor="sources")]
    return heading + [List(items=items)]


def _source_runs(source: Source) -> list[Run]:
    details = ", ".join(x for x in (source.outlet, source.date or "undated") if x)
    runs = [Run(f"[{source.number}] "), Run(source.title, bold=True), Run(f", {details}.")]
    if source.location and source.location.startswith("http"):
        runs += [Run(" "), Run(source.location, link=source.location)]
    if source.file and source.file != source.title:
        runs += [Run(" "), Run(source.file, code=True)]
    return runs


def _runs(blocks: list[Block]) -> Iterator[Run]:
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield from block.runs
        elif isinstance(block, List):
            for item in block.items:
                yield from _runs(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from _runs(block.blocks)
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                for cell in row:
                    yield from cell


def _anchors(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)) and block.anchor:
            yield block.anchor
        elif isinstance(block, List):
            for item in block.items:
                if item.anchor:
                    yield item.anchor
                yield from _anchors(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from _anchors(block.blocks)


def _ignore(_: str) -> None:
    return None

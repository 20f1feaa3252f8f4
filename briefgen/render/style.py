"""Per-template presentation settings, read from `style.toml` beside `brief.md.j2`.

Only presentation lives here: what the brief says is decided by the template itself. The file is
checked once, here, for every format alike: unknown keys, wrong types and values out of range are
an error naming the file, the key and the reason (a typo should not silently fall back to a
default, and `margins_mm = 1e9` must not reach a writer). Images (the logo, pictures a template
shows) are checked by their content and size, not by their file name.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..errors import TemplateError

# Page sizes every writer knows, in millimetres (width, height).
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4), "Legal": (215.9, 355.6),
                 "A5": (148.0, 210.0)}
# What margins may leave of the page: at least this much text width and height.
MIN_TEXT_MM = 40.0
FONT_SIZE_RANGE = (4.0, 72.0)
MAX_PAGES_LIMIT = 100
ITEM_LIMIT = 100_000
# Images: the formats every writer can embed, and how large one may be. A 144-megapixel logo
# took 1.6 GB to decode; a page needs nowhere near this many pixels.
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
MAX_IMAGE_PIXELS = 25_000_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
_COLORS = ("heading_color", "accent_color", "text_color", "banner_color")


@dataclass
class Style:
    description: str = ""
    page_size: str = "A4"                     # A4 | Letter | Legal | A5
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 20.0, 20.0)  # top, right, bottom, left
    font: str = "DejaVu Sans"                 # a registered family name, or a TTF path
    font_size: float = 10.0
    heading_font: str | None = None           # defaults to `font`
    heading_color: str = "#1F3864"
    accent_color: str = "#C00000"
    text_color: str = "#222222"
    banner: str | None = None                 # e.g. "UNCLASSIFIED // FOR OFFICIAL USE ONLY"
    banner_color: str = "#006400"
    logo: str | None = None                   # image path, relative to the template folder
    charts: bool = True
    page_numbers: bool = True
    # A page budget (executive one-pager): the PDF sets its text smaller, down to 80%, to keep
    # within it; DOCX marks citations with links to the sources list instead of footnotes.
    max_pages: int | None = None
    reference_docx: str | None = None         # relative to the template folder
    sections: list[str] = field(default_factory=list)   # section names to show; empty = all
    limits: dict[str, int] = field(default_factory=dict)  # items per section, e.g. {quotes = 3}
    font_paths: list[str] = field(default_factory=list)   # extra TTFs to register
    folder: Path | None = None                # where the style.toml was found

    def resolve(self, relative: str | None) -> Path | None:
        if relative is None:
            return None
        path = Path(relative)
        if not path.is_absolute() and self.folder is not None:
            path = self.folder / path
        return path

    @property
    def file(self) -> Path | None:
        return self.folder / "style.toml" if self.folder is not None else None


def page_mm(style: Style) -> tuple[float, float]:
    """The page's width and height in mm; the same TemplateError for every writer."""
    for name, size in PAGE_SIZES_MM.items():
        if str(style.page_size).casefold() == name.casefold():
            return size
    raise TemplateError(f"page_size = {style.page_size!r}: use one of "
                        f"{', '.join(PAGE_SIZES_MM)}", style.file)


def color_hex(style: Style, setting: str) -> str:
    """A colour setting as "RRGGBB"; TemplateError for anything else (the same in every writer)."""
    value = getattr(style, setting)
    text = value.lstrip("#") if isinstance(value, str) else ""
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise TemplateError(f"{setting} = {value!r} is not a colour like '#1F3864'", style.file)
    return text.upper()


def load_style(path: Path) -> Style:
    """Read and check a style.toml; a missing file gives the defaults."""
    if not path.exists():
        return Style(folder=path.parent)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"invalid style file: {exc}", path) from exc
    except OSError as exc:
        raise TemplateError(f"cannot read the style file: {exc.strerror or exc}", path) from exc
    known = {f.name for f in fields(Style)} - {"folder"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise TemplateError(f"unknown style setting(s): {', '.join(unknown)}", path)
    return _checked(data, path)


def _checked(data: dict[str, Any], path: Path) -> Style:
    def fail(key: str, reason: str) -> TemplateError:
        return TemplateError(f"{key}: {reason}", path)

    def text(key: str, optional: bool = False) -> None:
        if key in data and not isinstance(data[key], str):
            raise fail(key, f"must be a string{' (or left out)' if optional else ''}, "
                            f"not {_kind(data[key])}")

    def number(key: str, low: float, high: float, value: Any = None) -> float:
        value = data[key] if value is None else value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise fail(key, f"must be a number, not {_kind(value)}")
        if not low <= value <= high:
            raise fail(key, f"{value!r} is out of range ({low:g} to {high:g})")
        return float(value)

    for key in ("description", "page_size", "font", "heading_font", "banner", "logo",
                "reference_docx", *_COLORS):
        text(key, optional=key in ("heading_font", "banner", "logo", "reference_docx"))
    for key in ("charts", "page_numbers"):
        if key in data and not isinstance(data[key], bool):
            raise fail(key, f"must be true or false, not {_kind(data[key])}")
    style = Style(**{k: v for k, v in data.items()
                     if k not in ("margins_mm", "font_size", "max_pages")}, folder=path.parent)
    width, height = page_mm(style)
    style.page_size = next(n for n in PAGE_SIZES_MM if n.casefold() == style.page_size.casefold())
    for key in _COLORS:
        setattr(style, key, "#" + color_hex(style, key))
    if "font_size" in data:
        style.font_size = number("font_size", *FONT_SIZE_RANGE)
    if "margins_mm" in data:
        margins = data["margins_mm"]
        if not isinstance(margins, list):
            margins = [margins] * 4
        if len(margins) != 4:
            raise fail("margins_mm", "takes one number or four (top, right, bottom, left)")
        top, right, bottom, left = (number("margins_mm", 0, max(width, height), m)
                                    for m in margins)
        if width - left - right < MIN_TEXT_MM or height - top - bottom < MIN_TEXT_MM:
            raise fail("margins_mm", f"leave less than {MIN_TEXT_MM:g} mm of text on a "
                                     f"{style.page_size} page")
        style.margins_mm = (top, right, bottom, left)
    if "max_pages" in data:
        value = data["max_pages"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("max_pages", f"must be a whole number, not {_kind(value)}")
        style.max_pages = int(number("max_pages", 1, MAX_PAGES_LIMIT))
    for key in ("sections", "font_paths"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"must be a list of strings, e.g. [\"quotes\"], not {_kind(value)}")
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise fail("limits", f"must be a table such as [limits] quotes = 3, not {_kind(limits)}")
    for name, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"limits.{name}", f"must be a whole number, not {_kind(value)}")
        number(f"limits.{name}", 0, ITEM_LIMIT, value)
    if style.logo is not None:
        check_image(_inside(style, "logo", style.logo), "logo", path)
    for font_path in style.font_paths:
        _inside(style, "font_paths", font_path)
    if style.reference_docx is not None:
        reference = _inside(style, "reference_docx", style.reference_docx)
        if not reference.is_file():
            raise fail("reference_docx", f"file not found: {reference}")
    return style


def _inside(style: Style, key: str, value: str) -> Path:
    """A relative path of the style, which must stay inside the template folder."""
    resolved = style.resolve(value)
    assert resolved is not None and style.folder is not None
    if not Path(value).is_absolute() and not resolved.resolve().is_relative_to(
            style.folder.resolve()):
        raise TemplateError(f"{key}: {value!r} leads outside the template folder "
                            "(symlink or '..')", style.file)
    return resolved


def check_image(path: Path, key: str = "image", where: Path | None = None) -> str:
    """The MIME type of an image file every writer can embed, checked by its content and size.

    TemplateError (naming `where`, else the image, and the reason) when it is missing, not a
    PNG, JPEG or GIF whatever its name says, damaged, or larger than MAX_IMAGE_PIXELS.
    """
    from PIL import Image as PILImage

    def fail(reason: str) -> TemplateError:
        return TemplateError(f"{key} {path}: {reason}" if where else reason, where or path)

    try:
        size = path.stat().st_size
    except OSError:
        raise fail("file not found") from None
    if not path.is_file():
        raise fail("not a file")
    if size > MAX_IMAGE_BYTES:
        raise fail(f"{size:,} bytes, more than the {MAX_IMAGE_BYTES:,} an image may have")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                kind, (w, h) = image.format, image.size
                if w * h > MAX_IMAGE_PIXELS:
                    raise fail(f"{w}x{h} pixels, more than the {MAX_IMAGE_PIXELS:,} an image "
                               "may have")
                if kind not in IMAGE_FORMATS:
                    raise fail(f"a {kind} image; use PNG, JPEG or GIF")
                image.verify()
    except TemplateError:
        raise
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise fail(f"more than the {MAX_IMAGE_PIXELS:,} pixels an image may have") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for damaged files
        raise fail(f"not a readable PNG, JPEG or GIF image ({type(exc).__name__})") from None
    return IMAGE_FORMATS[kind]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"{type(value).__name__} {value!r}"

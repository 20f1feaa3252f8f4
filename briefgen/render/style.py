"""Per-template presentation settings, read from `style.toml` beside `brief.md.j2`.

Only presentation lives here: what the brief says is decided by the template itself. Unknown
keys are an error (a typo should not silently fall back to a default).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..errors import TemplateError


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


def load_style(path: Path) -> Style:
    """Read a style.toml; a missing file gives the defaults."""
    if not path.exists():
        return Style(folder=path.parent)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"invalid style file: {exc}", path) from exc
    known = {f.name for f in fields(Style)} - {"folder"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise TemplateError(f"unknown style setting(s): {', '.join(unknown)}", path)
    if "margins_mm" in data:
        margins = data["margins_mm"]
        if isinstance(margins, (int, float)):
            margins = [margins] * 4
        if len(margins) != 4:
            raise TemplateError("margins_mm takes one number or four (top, right, bottom, left)", path)
        data["margins_mm"] = tuple(float(m) for m in margins)
    return Style(**data, folder=path.parent)

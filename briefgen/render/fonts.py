"""Font discovery, registration with reportlab, and glyph coverage checks.

reportlab's built-in fonts draw black boxes for anything beyond Latin-1, so the PDF writer never
uses them: it registers DejaVu Sans (shipped inside matplotlib, so it is always there) and any
fonts a template's style names. Characters the main font lacks are drawn from the next family
that has them; characters no registered font has are reported by script through `warn`, so a
brief never ships silent boxes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from .style import Style

FACES = ("regular", "bold", "italic", "bolditalic")
DEFAULT_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"

# File names of the DejaVu families as matplotlib and Debian ship them.
_DEJAVU_FILES = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                    "DejaVuSans-BoldOblique.ttf"),
    "DejaVu Sans Mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
                         "DejaVuSansMono-Oblique.ttf", "DejaVuSansMono-BoldOblique.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                     "DejaVuSerif-BoldItalic.ttf"),
}
_BUNDLED_FILES = frozenset(name for names in _DEJAVU_FILES.values() for name in names)

# First word(s) of Unicode character names that name a script, mapped to a readable name.
_SCRIPT_WORDS = {
    "LATIN": "Latin", "GREEK": "Greek", "COPTIC": "Coptic", "CYRILLIC": "Cyrillic",
    "ARMENIAN": "Armenian", "HEBREW": "Hebrew", "ARABIC": "Arabic", "SYRIAC": "Syriac",
    "THAANA": "Thaana", "NKO": "N'Ko", "DEVANAGARI": "Devanagari", "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi", "GUJARATI": "Gujarati", "ORIYA": "Oriya", "TAMIL": "Tamil",
    "TELUGU": "Telugu", "KANNADA": "Kannada", "MALAYALAM": "Malayalam", "SINHALA": "Sinhala",
    "THAI": "Thai", "LAO": "Lao", "TIBETAN": "Tibetan", "MYANMAR": "Myanmar",
    "GEORGIAN": "Georgian", "HANGUL": "Korean (Hangul)", "ETHIOPIC": "Ethiopic",
    "CHEROKEE": "Cherokee", "CANADIAN": "Canadian Syllabics", "OGHAM": "Ogham", "RUNIC": "Runic",
    "KHMER": "Khmer", "MONGOLIAN": "Mongolian", "HIRAGANA": "Japanese (kana)",
    "KATAKANA": "Japanese (kana)", "BOPOMOFO": "Bopomofo", "CJK": "CJK", "IDEOGRAPHIC": "CJK",
    "YI": "Yi", "JAVANESE": "Javanese", "BALINESE": "Balinese", "SUNDANESE": "Sundanese",
    "TIFINAGH": "Tifinagh", "VAI": "Vai", "ADLAM": "Adlam", "BRAILLE": "Braille",
    "FULLWIDTH": "CJK", "HALFWIDTH": "CJK", "KANGXI": "CJK",
}


def script_of(char: str) -> str:
    """A readable script name for a character, from its Unicode name."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "unassigned code points"
    first = name.split(" ", 1)[0]
    if first in _SCRIPT_WORDS:
        return _SCRIPT_WORDS[first]
    if unicodedata.category(char).startswith("S"):
        return "symbols and emoji"
    return "other characters"


@dataclass
class FontFamily:
    """One family registered with reportlab: a font name per face and the regular face's cmap."""

    name: str
    faces: dict[str, str]
    paths: dict[str, Path]
    cmap: frozenset[int] = field(repr=False)

    @property
    def regular(self) -> str:
        return self.faces["regular"]

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap


@dataclass
class FontSet:
    """The families a PDF uses: body, headings, code, and the fallbacks tried for other glyphs."""

    body: FontFamily
    heading: FontFamily
    mono: FontFamily
    fallbacks: list[FontFamily]

    def segments(self, text: str, family: FontFamily | None = None) -> list[tuple[str, FontFamily]]:
        """Split text into runs that one family can draw, preferring `family` (default: body)."""
        primary = family or self.body
        chain = [primary] + [f for f in self.fallbacks if f is not primary]
        out: list[tuple[str, FontFamily]] = []
        for char in text:
            chosen = primary
            if not _ignorable(char) and not primary.covers(char):
                chosen = next((f for f in chain if f.covers(char)), primary)
            if out and out[-1][1] is chosen:
                out[-1] = (out[-1][0] + char, chosen)
            else:
                out.append((char, chosen))
        return out

    def missing(self, text: str) -> Counter[str]:
        """Distinct characters no family can draw, counted per script."""
        chain = [self.body, self.heading, *self.fallbacks]
        lacking = {c for c in set(text) if not _ignorable(c) and not any(f.covers(c) for f in chain)}
        return Counter(script_of(c) for c in lacking)


def _ignorable(char: str) -> bool:
    # Spaces, controls and invisible format marks (RLM, ZWJ) need no glyph of their own.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def check_coverage(text: str, fonts: FontSet, warn: Callable[[str], None] | None,
                   label: str = "PDF") -> Counter[str]:
    """Warn once per script whose characters no registered font can draw; return the counts."""
    counts = fonts.missing(text)
    if warn is not None:
        for script, n in sorted(counts.items()):
            warn(f"{label}: the font '{fonts.body.name}' has no glyphs for {script} "
                 f"({n} character{'s' if n != 1 else ''}); they will not display")
    return counts


def dejavu_dir() -> Path:
    """Where the DejaVu TTFs are: matplotlib's copy first (present on every platform), found
    without importing matplotlib (half a second a run that draws no chart need not spend)."""
    import importlib.util

    candidates = []
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidates.append(Path(folder) / "mpl-data" / "fonts" / "ttf")
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    for folder in candidates:
        if (folder / "DejaVuSans.ttf").is_file():
            return folder
    raise OutputError("DejaVu Sans not found (looked in matplotlib's fonts and "
                      "/usr/share/fonts/truetype/dejavu)")


_FAMILIES: dict[tuple[str, tuple[Path, ...]], FontFamily] = {}
_NAMES_IN_USE: dict[str, Path] = {}


def _reportlab_name(family: str, face: str, path: object) -> str:
    """A stable reportlab font name; suffixed only if another file or family already took it.

    `path` identifies the face and the family it belongs to: reportlab keeps bold/italic
    mappings per regular font name, so two families must never share one, or registering a
    family with fewer faces would take bold and italic away from the other.
    """
    suffix = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}[face]
    # a prefix of our own: other code in the process may register "DejaVuSans" its own way
    base = "bg-" + (re.sub(r"[^A-Za-z0-9]", "", family) or "Font")
    name, n = base + suffix, 1
    while _NAMES_IN_USE.get(name, path) != path:
        n += 1
        name = f"{base}{n}{suffix}"
    _NAMES_IN_USE[name] = path
    return name


def _read_font(path: Path) -> tuple[str, str, frozenset[int]]:
    """Family name, face and cmap of a TrueType file; errors name the file."""
    from fontTools.ttLib import TTFont, TTLibError

    if not path.is_file():
        raise OutputError("font file not found", path)
    try:
        font = TTFont(str(path), lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError) as exc:
        raise OutputError(f"not a readable font file: {exc}", path) from exc
    try:
        if "CFF " in font or "CFF2" in font:
            raise OutputError("PostScript (CFF) outlines cannot be embedded by the PDF writer; "
                              "use a TrueType (.ttf) font", path)
        names = font["name"]
        family = (names.getDebugName(16) or names.getDebugName(1) or path.stem).strip()
        sub = (names.getDebugName(17) or names.getDebugName(2) or "").lower()
        cmap = frozenset(font.getBestCmap() or {})
    finally:
        font.close()
    bold = "bold" in sub or "black" in sub or "heavy" in sub
    italic = "italic" in sub or "oblique" in sub
    face = "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    return family, face, cmap


def register_family(name: str, paths: dict[str, Path]) -> FontFamily:
    """Register the faces of one family with reportlab; missing faces reuse the nearest one."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    regular = paths.get("regular") or paths.get("bold") or next(iter(paths.values()))
    full = {
        "regular": regular,
        "bold": paths.get("bold", regular),
        "italic": paths.get("italic", regular),
        "bolditalic": paths.get("bolditalic", paths.get("bold", paths.get("italic", regular))),
    }
    key = (name, tuple(full[f] for f in FACES))
    if key in _FAMILIES:
        return _FAMILIES[key]
    # DejaVu's character map is the one reportlab reads anyway; any other file is checked
    # (and its map read) with fontTools first, so that a bad file is named before reportlab fails.
    bundled = _is_bundled(regular)
    cmap = frozenset() if bundled else _read_font(regular)[2]
    faces: dict[str, str] = {}
    for face in FACES:
        path = full[face]
        font_name = _reportlab_name(name, face, (path, key))
        if font_name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(font_name, str(path), subfontIndex=0))
            except (TTFError, OSError) as exc:
                raise OutputError(f"font cannot be used: {exc}", path) from exc
        faces[face] = font_name
    if bundled:
        cmap = frozenset(pdfmetrics.getFont(faces["regular"]).face.charToGlyph)
    for face, (bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1))):
        addMapping(faces["regular"], bold, italic, faces[face])
    family = FontFamily(name=name, faces=faces, paths=full, cmap=cmap)
    _FAMILIES[key] = family
    return family


def _is_bundled(path: Path) -> bool:
    """A DejaVu file of the copy briefgen ships with (through matplotlib) or the system's."""
    return path.name in _BUNDLED_FILES and path.parent == dejavu_dir()


def _group_files(paths: list[Path]) -> dict[str, dict[str, Path]]:
    """Font files grouped by family name and face, in the order given."""
    groups: dict[str, dict[str, Path]] = {}
    for path in paths:
        family, face, _ = _read_font(path)
        groups.setdefault(family, {}).setdefault(face, path)
    return groups


def _dejavu(name: str) -> FontFamily:
    folder = dejavu_dir()
    files = {face: folder / fname for face, fname in zip(FACES, _DEJAVU_FILES[name])}
    return register_family(name, {face: p for face, p in files.items() if p.is_file()})


def _system_family(name: str) -> dict[str, Path]:
    """Faces of an installed family found through matplotlib's font manager (may be empty)."""
    from matplotlib import font_manager

    found: dict[str, Path] = {}
    for face, weight, style in (("regular", "normal", "normal"), ("bold", "bold", "normal"),
                                ("italic", "normal", "italic"), ("bolditalic", "bold", "italic")):
        props = font_manager.FontProperties(family=name, weight=weight, style=style)
        try:
            path = Path(font_manager.findfont(props, fallback_to_default=False))
        except ValueError:
            continue
        if path.suffix.lower() in (".ttf", ".ttc") and path not in found.values():
            found[face] = path
    return found


def _resolve(name: str, style: Style, extra: dict[str, dict[str, Path]],
             warn: Callable[[str], None] | None) -> FontFamily:
    """A family from a TTF path, the style's font_paths, DejaVu, or the installed fonts."""
    if name.lower().endswith((".ttf", ".ttc", ".otf")):
        path = style.resolve(name)
        assert path is not None
        family, face, _ = _read_font(path)
        faces = dict(extra.get(family, {}))
        faces.setdefault(face, path)
        if face != "regular" and "regular" not in faces:
            faces["regular"] = path
        return register_family(family, faces)
    wanted = name.casefold()
    for family, faces in extra.items():
        if family.casefold() == wanted:
            return register_family(family, faces)
    for family in _DEJAVU_FILES:
        if family.casefold() == wanted:
            return _dejavu(family)
    faces = _system_family(name)
    if faces:
        return register_family(name, faces)
    if warn is not None:
        warn(f"PDF: the font '{name}' is not installed and not in font_paths; "
             f"using {DEFAULT_FAMILY}")
    return _dejavu(DEFAULT_FAMILY)


def load_fonts(style: Style, warn: Callable[[str], None] | None = None) -> FontSet:
    """Register every family the style asks for, with DejaVu Sans as the last fallback."""
    extra_paths = [p for p in (style.resolve(f) for f in style.font_paths) if p is not None]
    extra = _group_files(extra_paths)
    body = _resolve(style.font or DEFAULT_FAMILY, style, extra, warn)
    heading = _resolve(style.heading_font, style, extra, warn) if style.heading_font else body
    default = _dejavu(DEFAULT_FAMILY)
    fallbacks: list[FontFamily] = []
    for family in [body, heading, *(register_family(n, f) for n, f in extra.items()), default]:
        if all(family is not f for f in fallbacks):
            fallbacks.append(family)
    return FontSet(body=body, heading=heading, mono=_dejavu(MONO_FAMILY), fallbacks=fallbacks)

"""What decides a rendered file's bytes, so that a store can keep them between runs.

A PDF, DOCX, HTML or Markdown brief is a function of the brief as serialised (its JSON, which
carries generated_at and the changes since the last brief), the format, the template (every file
of its folder and of the built-in templates, which `default:` extends and includes reach, the
style read from them and the files the style names: logo, reference DOCX, font files), the fonts
found for it, the briefgen code and the libraries that write the bytes. `render_key` digests all
of these before anything is rendered. Files a rendering turns out to read beyond them (an image
named by an absolute path) are listed with their digests by `file_digests` and checked again by
`still_valid` before stored bytes are reused.

A template whose style names a font to be looked up among the installed fonts is not cached: the
font found could change with what is installed, which nothing here can see cheaply.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Sequence

from .. import __version__

# Bump when what the key covers changes: every stored rendering becomes a miss.
LAYOUT = 1
# A template folder past these sizes is not hashed on every run: its renderings are not cached.
MAX_FILES = 2000
MAX_BYTES = 256 * 1024 * 1024
# The libraries whose versions can change the bytes of some format.
_LIBRARIES = ("reportlab", "python-docx", "lxml", "matplotlib", "numpy", "pillow", "fonttools",
              "jinja2", "markdown-it-py", "arabic-reshaper", "python-bidi")
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


def render_key(serialised: str, fmt: str, template: str | Path,
               template_dirs: Sequence[Path] = ()) -> str | None:
    """The digest of everything known before rendering that decides the bytes of `fmt`, or
    None when this rendering is not to be cached. A template that cannot be found raises its
    TemplateError here, as rendering would."""
    from .fonts import dejavu_dir
    from .templating import builtin_template_dir, find_template

    source = find_template(template, template_dirs)
    style = source.style
    if _looks_up_installed_fonts(style):
        return None
    try:
        folders = [_folder_digest(source.folder), _folder_digest(builtin_template_dir())]
        if None in folders:
            return None
        named = [style.logo, style.reference_docx, *style.font_paths]
        files = [[str(p), _file_digest(p)] for p in (style.resolve(n) for n in named) if p]
        fonts = _font_stats(dejavu_dir())
    except OSError:
        return None
    payload = json.dumps({
        "layout": LAYOUT, "format": fmt, "code": code_fingerprint(),
        "libraries": library_versions(), "python": sys.version, "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "template": [source.name, source.origin, source.entry, str(source.folder),
                     source.description, repr(style)],
        "folders": folders, "files": files, "fonts": fonts,
    }, sort_keys=True, ensure_ascii=True)
    digest = hashlib.sha256(payload.encode("ascii"))
    digest.update(b"\0")
    digest.update(serialised.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def file_digests(paths: Iterable[str | Path]) -> list[list[str | None]]:
    """[path, sha256] of each file a rendering read beyond the key (None: it was absent)."""
    out: list[list[str | None]] = []
    for path in dict.fromkeys(str(p) for p in paths):
        try:
            out.append([path, _file_digest(Path(path))])
        except OSError:
            out.append([path, None])
    return out


def still_valid(files: Any) -> bool:
    """Every file listed by file_digests is as it was (a malformed list is not)."""
    if not isinstance(files, list):
        return False
    for entry in files:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            return False
        try:
            now = _file_digest(Path(entry[0]))
        except OSError:
            now = None
        if now != entry[1]:
            return False
    return True


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """briefgen's version and a digest of every source and data file of the package."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _looks_up_installed_fonts(style: Any) -> bool:
    """True when the PDF writer would search the installed fonts for a family the style names
    (fonts.load_fonts): a name that is no font file, no DejaVu family and no family of the
    style's own font_paths."""
    from .fonts import _DEJAVU_FILES, _group_files

    names = [n for n in (style.font, style.heading_font) if n
             and not n.lower().endswith(_FONT_SUFFIXES)
             and n.casefold() not in {f.casefold() for f in _DEJAVU_FILES}]
    if not names:
        return False
    if not style.font_paths:
        return True
    try:
        extra = _group_files([p for p in (style.resolve(f) for f in style.font_paths) if p])
    except Exception:  # noqa: BLE001 - an unreadable font file: the writer will name it
        return True
    known = {f.casefold() for f in extra}
    return any(n.casefold() not in known for n in names)


def _folder_digest(folder: Path) -> str | None:
    """A digest of every file under `folder` (names and bytes), None past MAX_FILES/MAX_BYTES."""
    digest = hashlib.sha256()
    count = size = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = Path(root) / name
            if not path.is_file():
                continue
            count += 1
            size += path.stat().st_size
            if count > MAX_FILES or size > MAX_BYTES:
                return None
            digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape")
                          + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _font_stats(folder: Path) -> list[list[Any]]:
    """Size and modification time of the DejaVu files (the copy of the installed matplotlib,
    whose version is in the key as well)."""
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(folder.glob("DejaVu*.ttf"))]

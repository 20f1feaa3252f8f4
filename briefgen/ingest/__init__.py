"""Reading articles from disk: expand inputs, dispatch to one reader per format, build Documents.

Inputs are files, folders (read recursively in a stable order, hidden entries skipped) and
glob patterns. Readers import their heavy parser (trafilatura, pypdf, python-docx) only when a
file of their format turns up, so start-up stays fast.
"""

from __future__ import annotations

import glob
import hashlib
import importlib
import os
from pathlib import Path
from typing import Callable, Sequence

from ..errors import InputError
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import Limits, hint
from ..model import Document
from .common import Extracted, split_long
from .duplicates import deduplicate
from .metadata import dateline_parts, url_date
from .outlets import outlet_name

Warn = Callable[[str], None]

# extension -> (Document.format, reader module)
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("txt", "text"), ".text": ("txt", "text"),
    ".md": ("md", "markdown"), ".markdown": ("md", "markdown"),
    ".html": ("html", "html"), ".htm": ("html", "html"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "docx"),
}
_GLOB_CHARS = set("*?[")


def load_documents(paths: Sequence[str | Path], *, strict: bool = False,
                   warn: Warn | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Read every input into a Document, in input order (folders and globs sorted).

    A path that does not exist, or a pattern that matches nothing, is skipped with a warning
    like an unreadable file when other inputs exist, and raises InputError when it is the only
    input or under `strict` (a typo in the one path given is the user's to fix, not "no documents").
    A file that cannot be read (empty, binary, corrupt, no text, unknown type given by name)
    is skipped with `warn("<path>: <reason>")`, or raises InputError when `strict`.
    A file past one of `limits` is truncated with a warning naming the limit (see limits.py).
    """
    found, missing = _expand(paths)
    if missing and (strict or not found):
        raise missing[0]
    for problem in missing:
        if warn is not None:
            warn(str(problem))
    documents: list[Document] = []
    ids: set[str] = set()
    for path, explicit, root in found:
        try:
            notes: list[str] = []
            document = read_document(path, explicit=explicit, limits=limits, notes=notes)
            for note in notes:
                if warn is not None:
                    warn(f"{path}: {note}")
        except InputError as exc:
            if strict:
                raise
            if warn is not None:
                warn(str(exc))
            continue
        if document is None:
            continue
        document.id = _unique_id(path.name, ids)
        document.path = shown_path(path, root)
        documents.append(document)
    return deduplicate(documents, warn)


def shown_path(path: Path, root: Path, cwd: Path | None = None) -> str:
    """The path a brief shows for a file: relative to the working folder when inside it, else
    relative to the input it came from (a folder given keeps its own name: `inbox/a.txt`), so
    no brief carries the absolute paths of the machine it was made on."""
    absolute = Path(os.path.abspath(path))
    here = Path(os.path.abspath(cwd or Path.cwd()))
    if absolute.is_relative_to(here):
        return absolute.relative_to(here).as_posix()
    base = Path(os.path.abspath(root))
    if base == absolute or not absolute.is_relative_to(base):
        return absolute.name
    return absolute.relative_to(base.parent).as_posix()


def read_document(path: Path, *, explicit: bool = True, limits: Limits = DEFAULT_LIMITS,
                  notes: list[str] | None = None) -> Document | None:
    """One file as a Document (its id is the file name; the caller makes it unique).

    A file of an unsupported type gives None when it was found in a folder or by a pattern,
    and an InputError when it was named explicitly. What `limits` cut is described in `notes`
    and recorded in Document.truncated (so a shortened extraction is cached apart).
    """
    notes = [] if notes is None else notes
    truncated: list[str] = []

    def cut(name: str, what: str) -> None:
        value = getattr(limits, name)
        truncated.append(f"{name}={value}")
        notes.append(f"{what} ({hint(name, value)})")

    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        if not explicit:
            return None
        supported = ", ".join(sorted(FORMATS))
        raise InputError(f"unsupported file type {path.suffix or '(no extension)'!r} "
                         f"(supported: {supported})", path)
    fmt, module = kind
    try:
        with path.open("rb") as handle:      # never more than the limit in memory
            data = handle.read(limits.file_bytes + 1)
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from exc
    if len(data) > limits.file_bytes:
        if fmt in ("pdf", "docx"):           # a cut package cannot be opened: nothing useful remains
            raise InputError(f"larger than {limits.file_bytes:,} bytes; skipped "
                             f"({hint('file_bytes', limits.file_bytes)})", path)
        data = data[:limits.file_bytes]
        line_end = data.rfind(b"\n")
        if line_end > len(data) // 2:
            data = data[:line_end + 1]      # cut at a line end, not inside a character
        cut("file_bytes", f"larger than {limits.file_bytes:,} bytes; only the first were read")
    if not data.strip():
        raise InputError("empty file", path)
    reader = importlib.import_module(f"{__name__}.{module}")
    try:
        extracted: Extracted = (reader.read(data, limits=limits) if fmt in ("pdf", "docx")
                                else reader.read(data))
    except InputError as exc:
        raise InputError(exc.reason, path) from exc
    except Exception as exc:  # noqa: BLE001 - a bug in a reader library
        # A reader library that breaks on one file must not cost the other documents.
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise InputError(f"could not be read ({detail})", path) from exc
    if not extracted.paragraphs:
        raise InputError("no text", path)
    for note in extracted.notes:             # what the reader itself left out
        cut(note[0], note[1])
    notes.extend(extracted.warnings)         # e.g. a damaged optional part of a DOCX
    _apply_limits(extracted, limits, cut)
    if not extracted.paragraphs:
        raise InputError("no text", path)
    complete(extracted)
    return Document(
        id=path.name, path=str(path), paragraphs=extracted.paragraphs,
        title=extracted.title, source=extracted.source, date=extracted.date, url=extracted.url,
        format=fmt, mtime=mtime, sha256=hashlib.sha256(data).hexdigest(),
        author=extracted.author, date_source=extracted.date_source, truncated=truncated,
    )


def _apply_limits(extracted: Extracted, limits: Limits, cut: Callable[[str, str], None]) -> None:
    """Long paragraphs split at sentence ends; then at most `paragraphs` paragraphs and
    `document_chars` characters kept."""
    pieces = [piece for p in extracted.paragraphs for piece in split_long(p, limits.paragraph_chars)]
    if len(pieces) > len(extracted.paragraphs):
        cut("paragraph_chars", f"paragraphs longer than {limits.paragraph_chars:,} characters were "
                               "split at sentence ends")
    if len(pieces) > limits.paragraphs:
        cut("paragraphs", f"{len(pieces):,} paragraphs; only the first {limits.paragraphs:,} "
                          "were read")
        pieces = pieces[:limits.paragraphs]
    total = 0
    for n, piece in enumerate(pieces):
        if total + len(piece) > limits.document_chars:
            rest = limits.document_chars - total
            last = piece[:rest].rsplit(" ", 1)[0] if rest > 0 else ""
            pieces = pieces[:n] + ([last] if last.strip() else [])
            cut("document_chars", f"longer than {limits.document_chars:,} characters; only the "
                                  "first were read")
            break
        total += len(piece)
    extracted.paragraphs = pieces


def complete(extracted: Extracted) -> None:
    """What the file implies beyond what it states: a readable outlet (from the stated name or
    the URL's domain), a date from the URL's path or the dateline, an agency from the dateline."""
    day, agency = dateline_parts(extracted.paragraphs[0])
    extracted.source = outlet_name(extracted.source, extracted.url) or outlet_name(agency)
    if extracted.date is None:
        from_url = url_date(extracted.url)
        if from_url:
            extracted.date, extracted.date_source = from_url, "url"
        elif day:
            extracted.date, extracted.date_source = day, "dateline"


def _expand(paths: Sequence[str | Path],
            ) -> tuple[list[tuple[Path, bool, Path]], list[InputError]]:
    """(file, named explicitly, the input it came from) for every input, each file once, and
    the inputs that name nothing."""
    found: list[tuple[Path, bool, Path]] = []
    missing: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((file, False, path) for file in _walk(path))
        elif path.exists():
            found.append((path, True, path))
        elif _GLOB_CHARS & set(str(raw)):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                missing.append(InputError("no files match this pattern", raw))
            base = _glob_base(str(raw))
            for match in map(Path, matches):
                files = _walk(match) if match.is_dir() else [match]
                found.extend((file, False, base) for file in files)
        else:
            missing.append(InputError("no such file or folder", raw))
    seen: set[Path] = set()
    unique = []
    for path, explicit, root in found:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            unique.append((path, explicit, root))
    return unique, missing


def _glob_base(pattern: str) -> Path:
    """The folder a pattern starts from: its parts before the first wildcard."""
    parts = []
    for part in Path(pattern).parts:
        if _GLOB_CHARS & set(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _walk(folder: Path) -> list[Path]:
    """Files under `folder`, hidden files and folders left out, sorted by relative path."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        files.extend(Path(root) / name for name in names if not _hidden(name))
    return sorted(files, key=lambda file: file.relative_to(folder).parts)


def _hidden(name: str) -> bool:
    # "~$report.docx" is the lock file Word leaves beside an open document.
    return name.startswith((".", "~$"))


def _unique_id(name: str, taken: set[str]) -> str:
    """The file name, or name-2, name-3 ... before the extension when it is already used."""
    candidate, number = name, 1
    stem, suffix = os.path.splitext(name)
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(candidate)
    return candidate

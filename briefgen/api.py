"""The library surface: everything the CLI does, callable from Python.

    from briefgen import api
    brief = api.extract(["seeds/"])                       # ingest → analyze → extract → assemble
    api.build_brief(["seeds/"], outputs=["out/brief.pdf"]) # ... → render → atomic write

Heavy imports (spaCy, reportlab, python-docx, matplotlib) happen inside the functions that
need them, so importing this module is cheap.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, Sequence

from . import __version__
from .errors import InputError, NoDocumentsError, OutputError
from .limits import Limits
from .model import Brief, DocExtraction, Document

if TYPE_CHECKING:  # pragma: no cover
    from . import work

Warn = Callable[[str], None]
Progress = Callable[[str, int, int], None]   # (stage, done, total)

FORMATS = ("pdf", "docx", "html", "md", "json")
UNDATED_POLICIES = ("include", "exclude", "file-date")
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html",
              ".md": "md", ".markdown": "md", ".json": "json"}


class ExtractionCache(Protocol):
    """Where per-document extraction results are kept between runs (see store.py)."""

    def lookup(self, document: Document, model: str) -> DocExtraction | None: ...

    def save(self, document: Document, model: str, extraction: DocExtraction) -> None: ...


@dataclass
class Options:
    """What shapes a brief; the CLI and profiles fill it, tests construct it directly."""

    title: str | None = None
    now: datetime | None = None                  # fixes generated_at (reproducible output)
    since: date | None = None                    # keep documents dated on/after this day
    until: date | None = None                    # ... and on/before this day
    model: str | None = None                     # spaCy pipeline name
    strict: bool = False                         # a bad input file fails the run
    template: str = "analyst"                    # built-in name or a folder/file path
    template_dirs: list[Path] = field(default_factory=list)
    jobs: int | None = 1                         # worker processes for parsing; None: every core
    limits: Limits = field(default_factory=Limits)   # how much of each file is read (limits.py)
    undated: str = "include"                     # documents without a date of their own:
                                                 # include (listed, outside any window),
                                                 # exclude, or file-date (dated by mtime)
    dask: str | None = None                      # a Dask scheduler address, or "local"
    render_cache: bool = True                    # reuse files rendered earlier (with a store)


def resolve_now(now: datetime | None = None) -> datetime:
    """The timestamp a brief carries, in UTC: explicit, else SOURCE_DATE_EPOCH, else the clock.

    OverflowError when an explicit time with an offset has no UTC equivalent (year 1 before
    its midnight in UTC)."""
    if now is not None:    # an offset is converted: 09:00+05:00 is 04:00 UTC
        return now.astimezone(timezone.utc) if now.tzinfo else now.replace(tzinfo=timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def load(paths: Sequence[str | Path], *, strict: bool = False,
         warn: Warn | None = None, limits: Limits | None = None) -> list[Document]:
    """Read every input (files, folders, globs); raise NoDocumentsError when none is usable."""
    from .ingest import load_documents

    documents = load_documents(paths, strict=strict, warn=warn or _ignore, limits=limits or Limits())
    if not documents:
        raise NoDocumentsError("no usable documents in the inputs: " + ", ".join(map(str, paths)))
    return documents


def select_window(documents: list[Document], since: date | None, until: date | None,
                  undated: str = "include", warn: Warn | None = None,
                  ) -> tuple[list[Document], list[str]]:
    """Keep documents inside [since, until]; returns them and the ids of kept undated ones.

    A document without a date of its own is never placed in the window by accident: under
    "include" it is kept and listed as undated whatever the window, under "exclude" it is left
    out, and under "file-date" it is dated by its file's modification time (date_source
    "file date") and filtered like any other.
    """
    if undated not in UNDATED_POLICIES:
        raise ValueError(f"unknown undated policy {undated!r} (one of {UNDATED_POLICIES})")
    kept: list[Document] = []
    undated_ids: list[str] = []
    left_out: list[str] = []
    for doc in documents:
        day = _document_day(doc, by_file_date=undated == "file-date")
        if day is None:
            if undated == "exclude":
                left_out.append(doc.path)
                continue
        elif (since and day < since) or (until and day > until):
            continue
        if doc.date is None:
            undated_ids.append(doc.id)
            if day is not None:     # marked on a copy: the caller's document stays as read
                doc = replace(doc, date_source="file date")
        kept.append(doc)
    if left_out and warn is not None:
        warn(f"{len(left_out)} undated document(s) left out (--undated exclude): "
             + ", ".join(left_out[:5]) + (" ..." if len(left_out) > 5 else ""))
    return kept, undated_ids


def _document_day(doc: Document, by_file_date: bool = False) -> date | None:
    if doc.date:
        return date.fromisoformat(doc.date[:10])
    if by_file_date and doc.mtime is not None:
        return datetime.fromtimestamp(doc.mtime, tz=timezone.utc).date()
    return None


def extract_documents(documents: list[Document], *, model: str | None = None,
                      cache: ExtractionCache | None = None, progress: Progress | None = None,
                      warn: Warn | None = None, strict: bool = False, jobs: int | None = 1,
                      runner: "work.ChunkRunner | None" = None,
                      ) -> tuple[list[Document], list[DocExtraction], str]:
    """Per-document extraction, reusing cached results; returns the documents that gave one,
    their extractions (in input order) and the model label.

    A document whose parsing or extraction fails is skipped with a warning naming it, or raises
    InputError under `strict`. The pipeline is loaded only when some document is not in the
    cache; `jobs` > 1 parses in that many worker processes (None: the cores there are), and
    `runner` replaces the way chunks are run (Dask). The result is the same whatever runs it.
    """
    from . import work

    results: dict[str, DocExtraction] = {}
    model_label = _model_label(model)
    todo = documents
    if cache is not None:
        todo = []
        for doc in documents:
            hit = cache.lookup(doc, model_label)
            if hit is None:
                todo.append(doc)
            else:
                results[doc.id] = hit
    if todo:
        if runner is None:
            jobs = work.default_jobs() if jobs is None else jobs
            runner = work.pool_runner(jobs) if jobs > 1 else work.run_serial
        by_id = {doc.id: doc for doc in todo}
        done = 0
        for chunk in runner(work.chunks(todo), model):
            model_label = chunk.model_label
            for outcome in chunk.outcomes:
                document = by_id[outcome.document]
                done += 1
                for message in outcome.warnings:
                    if warn is not None:
                        warn(message)
                if outcome.extraction is None:
                    if strict:
                        raise InputError(f"{outcome.error}", document.path)
                    if warn is not None:
                        warn(f"{document.path}: {outcome.error}; skipped")
                else:
                    results[document.id] = outcome.extraction
                    if cache is not None:   # saved at once: a run killed later keeps this document
                        cache.save(document, model_label, outcome.extraction)
                if progress:
                    progress("extract", done, len(todo))
    kept = [d for d in documents if d.id in results]
    return kept, [results[d.id] for d in kept], model_label


def _model_label(model: str | None) -> str:
    """The label of the pipeline that would run, without loading it (for cache keys)."""
    from . import nlp

    return nlp.pipeline_label(model)


def extract(paths: Sequence[str | Path] | None = None, *, documents: list[Document] | None = None,
            options: Options | None = None, cache: ExtractionCache | None = None,
            warn: Warn | None = None, progress: Progress | None = None,
            runner: "work.ChunkRunner | None" = None) -> Brief:
    """Read, analyse and assemble a Brief (no rendering); `runner` as in extract_documents."""
    from .assemble import assemble

    options = options or Options()
    if documents is None:
        documents = load(paths or [], strict=options.strict, warn=warn, limits=options.limits)
    documents, undated = select_window(documents, options.since, options.until,
                                       options.undated, warn)
    if not documents:
        raise NoDocumentsError("no documents fall inside the requested period")
    if (options.since or options.until) and len(undated) == len(documents) \
            and options.undated == "include":
        # undated documents come with a window's brief, they do not make one on their own
        raise NoDocumentsError(f"no dated documents fall inside the requested period "
                               f"({len(undated)} undated; --undated file-date dates them by "
                               "file modification time)")
    period = None
    if options.since or options.until:
        period = {"start": options.since.isoformat() if options.since else None,
                  "end": options.until.isoformat() if options.until else None}
    # A store that keeps assembled briefs serves an unchanged rerun without assembling again.
    reuse = cache if hasattr(cache, "lookup_assembled") else None
    key = None
    if reuse is not None:
        from .store import assembly_key

        key = assembly_key(documents, _model_label(options.model),
                           {"title": options.title, "period": period, "undated": undated,
                            "undated_policy": options.undated})
        brief = reuse.lookup_assembled(key, documents)
        if brief is not None:
            brief.generated_at = _stamp(options.now)
            if progress:
                progress("extract", len(documents), len(documents))
            return brief
    wanted = len(documents)
    if runner is None and options.dask:
        from .cluster import dask_runner

        runner = dask_runner(options.dask)
    documents, extractions, model_label = extract_documents(
        documents, model=options.model, cache=cache, progress=progress, warn=warn,
        strict=options.strict, jobs=options.jobs, runner=runner)
    if not documents:
        raise NoDocumentsError("no document could be extracted")
    brief = assemble(documents, extractions, title=options.title,
                     generated_at=resolve_now(options.now), period=period)
    brief.undated_documents = undated
    brief.undated_policy = options.undated
    brief.model = model_label
    brief.generator = f"briefgen {__version__}"
    if reuse is not None and key is not None and len(documents) == wanted:
        # Only a brief of every document is kept: a failed one is tried again next run.
        reuse.save_assembled(key, brief)
    return brief


def _stamp(now: datetime | None) -> str:
    from .assemble.brief import utc_iso

    return utc_iso(resolve_now(now))


def render(brief: Brief, fmt: str, options: Options | None = None, warn: Warn | None = None,
           cache: object | None = None, serialised: str | None = None) -> bytes:
    """The brief in one format, as bytes (warnings: missing images, glyphs a font lacks, ...).

    With a store as `cache` (and options.render_cache), bytes rendered earlier from the same
    brief, format, template, fonts, code and libraries are reused, with the warnings they gave;
    `serialised` is the brief's JSON when the caller has made it already."""
    from .render import render_brief

    options = options or Options()
    if fmt == "json":
        return (brief.to_json() if serialised is None else serialised).encode("utf-8")
    store = cache if options.render_cache and hasattr(cache, "lookup_rendered") else None
    key = None
    if store is not None:
        from .render.cache import render_key, still_valid

        key = render_key(brief.to_json() if serialised is None else serialised, fmt,
                         options.template, options.template_dirs)
        found = store.lookup_rendered(key, still_valid) if key is not None else None
        if found is not None:
            data, given = found
            for message in given:
                if warn is not None:
                    warn(message)
            return data
    said: list[str] = []

    def relay(message: str) -> None:
        said.append(message)
        if warn is not None:
            warn(message)

    read: list[str] = []
    data = render_brief(brief, fmt, template=options.template,
                        template_dirs=options.template_dirs, warn=relay, read=read)
    if store is not None and key is not None:
        from .render.cache import file_digests

        store.save_rendered(key, fmt, data, {"files": file_digests(read), "warnings": said})
    return data


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The output format: --format if given, else the file's extension."""
    suffix = Path(path).suffix.lower()
    if explicit:
        if suffix in EXTENSIONS and EXTENSIONS[suffix] != explicit:
            raise OutputError(f"the extension {suffix!r} says {EXTENSIONS[suffix]}, but the format "
                              f"asked for is {explicit}", path)
        return explicit
    if suffix not in EXTENSIONS:
        said = f"the extension {suffix!r}" if suffix else "a name without an extension"
        raise OutputError(f"cannot tell the format from {said}; use --format "
                          f"({', '.join(FORMATS)})", path)
    return EXTENSIONS[suffix]


def default_output_folder() -> Path:
    return Path("out")


def check_writable(target: str | Path, *, folder: bool = False) -> None:
    """OutputError now, before any article is read, when `target` (a file, or with `folder` a
    folder to write into) cannot be written: a folder in the way, or a place that refuses files.

    A probe file of the same `.part` naming as the real write is made and removed at once."""
    path = Path(target)
    if not folder and path.is_dir():
        raise OutputError("is a folder; name a file to write the brief to", path)
    parent = path if folder else path.parent
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot write here: {existing} is not a folder", path)
    if existing is not parent:           # folders still to be made: the first one must fit
        if not os.access(existing, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write here: {existing} is not writable", path)
        return
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{'brief' if folder else path.name}.",
                                     suffix=".part", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", path) from exc
    os.close(fd)
    os.unlink(probe)


def default_output(brief: Brief, fmt: str, folder: str | Path | None = None) -> Path:
    """out/<title-slug>-<date>.<ext> when the user names no output file."""
    folder = default_output_folder() if folder is None else folder
    slug = _slug(brief.title) or "brief"
    day = brief.generated_at[:10]
    return Path(folder) / f"{slug}-{day}.{fmt}"


def _slug(text: str) -> str:
    """A file-name stem from a title, in any script: "Сергей Лавров в Мали" -> "сергей-лавров-в-мали"."""
    import re
    import unicodedata

    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue              # "ï" -> "i", but "й" stays a letter of its own
        kept.append(ch)
    folded = unicodedata.normalize("NFC", "".join(kept))
    return re.sub(r"[\W_]+", "-", folded).strip("-")[:60].strip("-")


# Test hook: when BRIEFGEN_KILL_AT names a stage of writing an output set, the process kills
# itself there (SIGKILL), so tests can show that every stage leaves a whole set or none.
_KILL_AT = "BRIEFGEN_KILL_AT"
JOURNAL = ".briefgen-outputs.journal"
# This tool's own temporary names: ".<final name>.<random>.part" (tempfile.mkstemp).
_PART = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.part$")


def stage(name: str) -> None:
    """A named point of a run, where tests may stop the process as a crash would."""
    if os.environ.get(_KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write one file so that a reader sees the old one or the whole new one, never half."""
    return write_set([(Path(path), data)])[0]


def write_set(items: Sequence[tuple[str | Path, bytes]]) -> list[Path]:
    """Write several outputs so that a reader finds all of the new files or none of them.

    Each is written to a `.part` file beside its target and flushed to disk; then a journal
    listing the renames is made durable, the parts are renamed, the folders flushed, and the
    journal removed. A run killed before the journal leaves only parts, which the next write
    into the folder removes (the old outputs stay); one killed during the renames leaves the
    journal, and the next write completes them first (every part was already on disk).
    """
    targets = [Path(p) for p, _ in items]
    folders = list(dict.fromkeys(p.parent for p in targets))
    journal = folders[0] / JOURNAL if folders else None
    parts: list[tuple[Path, Path]] = []
    try:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        if journal is not None:
            recover_outputs(journal.parent)
        for folder in folders:
            _remove_stale_parts(folder, {p.name for p in targets if p.parent == folder})
        for path, data in zip(targets, (d for _, d in items)):
            parts.append((_write_part(path, data), path))
        stage("parts-written")
        if journal is not None and len(parts) > 1:
            _write_durably(journal, json.dumps(
                [[str(part), str(path)] for part, path in parts]).encode("utf-8"))
            stage("journal-written")
        for n, (part, path) in enumerate(parts, start=1):
            os.replace(part, path)
            stage(f"renamed-{n}")
        for folder in folders:
            _fsync_dir(folder)
        if journal is not None and len(parts) > 1:
            journal.unlink()
            _fsync_dir(journal.parent)
    except OSError as exc:
        for part, _ in parts:
            with suppress(OSError):
                if journal is None or not journal.exists():
                    part.unlink(missing_ok=True)
        where = targets[0] if len(targets) == 1 else exc.filename or targets[0]
        raise OutputError(_os_reason(exc), where) from exc
    return targets


def recover_outputs(folder: str | Path) -> list[Path]:
    """Finish the renames of an output set a killed run left half done (see write_set)."""
    journal = Path(folder) / JOURNAL
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        pairs = []                     # a journal is written whole or not at all: stale
    done = []
    for part, path in pairs if isinstance(pairs, list) else []:
        if Path(part).exists():
            os.replace(part, path)
            done.append(Path(path))
    for folder_ in {Path(p).parent for _, p in pairs} if isinstance(pairs, list) else ():
        _fsync_dir(folder_)
    journal.unlink(missing_ok=True)
    _fsync_dir(Path(folder))
    return done


def _remove_stale_parts(folder: Path, names: set[str]) -> None:
    """Parts of this tool's naming for these outputs, left by a run that was killed."""
    for entry in folder.iterdir():
        match = _PART.match(entry.name)
        if match and match["name"] in names and entry.is_file():
            entry.unlink(missing_ok=True)


def _write_part(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())       # mkstemp makes 0600; a brief is an ordinary file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass                          # some file systems cannot sync a folder
    finally:
        os.close(fd)


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full: the brief could not be written; free some space and run again"
    return f"cannot write: {exc.strerror or exc}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_brief(paths: Sequence[str | Path], outputs: Iterable[str | Path], *,
                formats: Sequence[str | None] | None = None, options: Options | None = None,
                cache: ExtractionCache | None = None, warn: Warn | None = None,
                progress: Progress | None = None) -> tuple[Brief, list[Path]]:
    """Extract a brief and write it to each output path (format from extension or `formats`).

    Every format is rendered before anything is written, so a rendering failure leaves no file.
    """
    options = options or Options()
    brief = extract(paths, options=options, cache=cache, warn=warn, progress=progress)
    outputs = list(outputs)
    formats = list(formats or [None] * len(outputs))
    serialised = brief.to_json()
    rendered = [(Path(out), render(brief, format_for(out, fmt), options, warn, cache, serialised))
                for out, fmt in zip(outputs, formats)]
    return brief, write_set(rendered)


def _ignore(_: str) -> None:
    return None

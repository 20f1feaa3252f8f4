"""The per-document step: parse and extract one chunk of documents, each failure kept to its file.

`run_chunk(documents, model)` is a pure function of the documents' text and the pipeline: the
same chunk gives the same results in this process, in a worker process (`--jobs N`) or on a Dask
worker. Chunks are cut from the document list alone (never from the number of workers), so the
batches spaCy sees, and therefore the brief, are the same whatever runs them.

A document whose parsing or extraction raises is reported as a failure naming the reason; the
caller skips it with a warning (or fails the run under --strict). Nothing else is lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .model import DocExtraction, Document

if TYPE_CHECKING:  # pragma: no cover
    from .nlp import Pipeline

CHUNK_PARAGRAPHS = 64          # about one spaCy batch of work per task


@dataclass
class Outcome:
    """What the per-document step made of one document: an extraction, or why there is none."""

    document: str                              # the document id
    extraction: DocExtraction | None = None
    error: str | None = None                   # "OverflowError: int too large" when it failed
    warnings: list[str] = field(default_factory=list)


@dataclass
class ChunkResult:
    model_label: str
    outcomes: list[Outcome]


def chunks(documents: Sequence[Document], size: int = CHUNK_PARAGRAPHS) -> list[list[Document]]:
    """Consecutive runs of documents holding about `size` paragraphs each (at least one document)."""
    cut: list[list[Document]] = []
    current: list[Document] = []
    paragraphs = 0
    for document in documents:
        current.append(document)
        paragraphs += len(document.paragraphs)
        if paragraphs >= size:
            cut.append(current)
            current, paragraphs = [], 0
    if current:
        cut.append(current)
    return cut


def run_chunk(documents: Sequence[Document], model: str | None) -> ChunkResult:
    """Parse and extract `documents` with the pipeline `model` (loaded once per process)."""
    from . import nlp

    pipeline = nlp.load_pipeline(model)
    return ChunkResult(pipeline.label, list(_outcomes(list(documents), pipeline)))


def _outcomes(documents: list[Document], pipeline: "Pipeline") -> Iterator[Outcome]:
    from . import nlp

    try:
        parsed = nlp.parse(documents, pipeline)
    except Exception:                          # noqa: BLE001 - find the document that broke it
        if len(documents) == 1:
            yield _failed(documents[0], "could not be parsed")
            return
        for document in documents:
            yield from _outcomes([document], pipeline)
        return
    for pdoc in parsed:
        yield extract_parsed(pdoc)


def extract_parsed(pdoc: "nlp.ParsedDocument") -> Outcome:  # type: ignore[name-defined]
    """One parsed document's extraction, or the reason it failed."""
    from . import extract as extractors
    from . import nlp

    document = pdoc.document
    try:
        warnings = []
        if not nlp.looks_english(pdoc):
            warnings.append(f"{document.path}: does not read as English; the extraction rules "
                            "are English-only, so its actors, quotes and figures will be unreliable")
        extraction = extractors.extract_document(pdoc)
        warnings.extend(f"{document.path}: {note}" for note in pdoc.notes)
        return Outcome(document.id, extraction, warnings=warnings)
    except Exception as exc:                   # noqa: BLE001 - one document never costs the brief
        return _failed(document, "could not be extracted", exc)


def _failed(document: Document, what: str, exc: BaseException | None = None) -> Outcome:
    import sys

    exc = exc or sys.exc_info()[1]
    detail = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
    return Outcome(document.id, error=f"{what} ({detail[:200]})")


# -- running chunks: here, or in a pool of worker processes -----------------------------------

ChunkRunner = Callable[[list[list[Document]], str | None], Iterator[ChunkResult]]


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_serial(work: list[list[Document]], model: str | None) -> Iterator[ChunkResult]:
    """Chunks in this process, each document handed back as soon as it is extracted, so that
    a run stopped half-way has saved every document finished before it."""
    from . import nlp

    for chunk in work:
        pipeline = nlp.load_pipeline(model)
        for outcome in _outcomes(chunk, pipeline):
            yield ChunkResult(pipeline.label, [outcome])


def pool_runner(jobs: int, task: Callable[[list[Document], str | None], ChunkResult] | None = None,
                ) -> ChunkRunner:
    """Run chunks in `jobs` worker processes, each loading the pipeline once; results in order.

    `task` (default: run_chunk) must be importable by name, as worker processes import it.
    """
    task = task or run_chunk

    def run(work: list[list[Document]], model: str | None) -> Iterator[ChunkResult]:
        import multiprocessing

        workers = min(jobs, len(work))
        if workers <= 1:
            for chunk in work:
                yield task(chunk, model)
            return
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        with context.Pool(workers, initializer=_warm, initargs=(model,)) as pool:
            yield from pool.imap(_run_packed, [(task, chunk, model) for chunk in work])

    return run


def _run_packed(args: tuple[Callable[..., ChunkResult], list[Document], str | None]) -> ChunkResult:
    task, chunk, model = args
    return task(chunk, model)


def _warm(model: str | None) -> None:
    """Worker initializer: load the pipeline now; a failure is reported by the first task."""
    from . import nlp
    from .errors import BriefgenError

    try:
        nlp.load_pipeline(model)
    except BriefgenError:
        pass

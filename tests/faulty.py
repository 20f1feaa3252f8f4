"""A per-document step that fails on chosen documents, importable by worker processes.

Worker processes do not see a test's monkeypatching, so the fault is injected here, by name:
any document whose id starts with "broken" raises inside extraction, as a bug would.
"""

from __future__ import annotations

from briefgen import work


def run_chunk_breaking(documents, model):
    import briefgen.extract as extractors

    real = extractors.extract_document

    def breaking(pdoc):
        if pdoc.document.id.startswith("broken"):
            raise OverflowError("cannot convert float infinity to integer")
        return real(pdoc)

    extractors.extract_document = breaking
    try:
        return work.run_chunk(documents, model)
    finally:
        extractors.extract_document = real

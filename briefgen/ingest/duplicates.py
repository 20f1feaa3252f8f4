"""The same article twice: exact copies are read once, near-copies are marked as one report.

An exact duplicate has the same text once case, punctuation and spacing are set aside (a .txt
and a .pdf of one article); it is dropped with a warning naming both files. A near-duplicate
(the same story re-saved with a changed line, one wire copy run by two outlets) is kept, and
`Document.same_report_as` names the earlier document of that report, so assembly counts the two
as one source when it weighs corroboration (`reports_of`).

Near-duplicates are found in near-linear time: each document's word 5-gram shingles get a
MinHash signature, signatures are cut into bands, and only documents sharing a band are compared
exactly (shingle containment: the share of the shorter text's shingles found in the other).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from contextvars import ContextVar
from typing import Callable, Iterable

from functools import lru_cache

from ..model import Document

SHINGLE = 5            # words per shingle
HASHES = 64            # MinHash signature length
BANDS = 16             # LSH bands of HASHES // BANDS rows each
NEAR = 0.8             # shingle containment from which two texts are one report
_PRIME = (1 << 61) - 1
_WORD = re.compile(r"\w+")

# document id -> the id of the first document of its report, set while a brief is assembled
REPORTS: ContextVar[dict[str, str]] = ContextVar("briefgen_reports", default={})


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def normalised(document: Document) -> str:
    """The text with case, punctuation and spacing set aside."""
    return " ".join(words(document.text))


def shingles(tokens: list[str]) -> set[int]:
    if len(tokens) < SHINGLE:
        return {zlib.crc32(" ".join(tokens).encode())} if tokens else set()
    return {zlib.crc32(" ".join(tokens[i:i + SHINGLE]).encode())
            for i in range(len(tokens) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _permutations():  # numpy loads only when documents are compared
    import numpy as np

    rng = np.random.default_rng(20260101)   # fixed: the same inputs give the same marks
    return (np, rng.integers(1, 1 << 31, HASHES, dtype=np.uint64),
            rng.integers(0, 1 << 31, HASHES, dtype=np.uint64))


def signature(hashed: set[int]):
    """The MinHash signature of a shingle set (HASHES values)."""
    np, a, b = _permutations()
    values = np.fromiter(hashed, dtype=np.uint64, count=len(hashed))
    # (a * x + b) mod p per hash function; 31-bit a and 32-bit x keep the product below 2**63
    table = (np.outer(a, values) + b[:, None]) % np.uint64(_PRIME)
    return table.min(axis=1)


def containment(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def deduplicate(documents: list[Document], warn: Callable[[str], None] | None = None,
                ) -> list[Document]:
    """Drop exact copies (warning naming both files) and mark near-copies' `same_report_as`."""
    kept: list[Document] = []
    first_of: dict[str, Document] = {}
    for doc in documents:
        key = hashlib.sha256(normalised(doc).encode()).hexdigest()
        if key in first_of:
            if warn is not None:
                warn(f"{doc.path}: the same text as {first_of[key].path}; read once")
            continue
        first_of[key] = doc
        kept.append(doc)
    mark_near_duplicates(kept)
    return kept


def mark_near_duplicates(documents: list[Document]) -> None:
    rows = HASHES // BANDS
    sets = [shingles(words(d.text)) for d in documents]
    buckets: dict[tuple[int, bytes], list[int]] = {}
    root: dict[int, int] = {}
    for i, hashed in enumerate(sets):
        if not hashed:
            continue
        sig = signature(hashed)
        candidates: set[int] = set()
        for band in range(BANDS):
            key = (band, sig[band * rows:(band + 1) * rows].tobytes())
            bucket = buckets.setdefault(key, [])
            candidates.update(bucket)
            bucket.append(i)
        for j in sorted(candidates):
            if containment(hashed, sets[j]) >= NEAR:
                root[i] = root.get(j, j)
                break
    for i, j in root.items():
        documents[i].same_report_as = documents[j].id


def reports_of(document_ids: Iterable[str]) -> set[str]:
    """The distinct reports behind some documents: near-copies of one report count once."""
    reports = REPORTS.get()
    return {reports.get(d, d) for d in document_ids}

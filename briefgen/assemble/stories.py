"""Documents grouped into stories: a weekly folder mixes events, and figures, questions and
the event model are built per story."""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterator

from ..model import DocExtraction
from .merging import connected_groups

STORY_SIMILARITY = 0.3     # cosine of tf-idf keyword vectors: one story's reports score 0.45+, others < 0.2


def group_stories(extractions: list[DocExtraction]) -> dict[str, int]:
    """Documents that report the same story (a weekly folder mixes events), by shared content words."""
    vectors = _keyword_vectors(extractions)
    pairs = _similar_pairs(vectors) if len(vectors) > DIRECT_COMPARISON else (
        (i, j) for i in range(len(vectors)) for j in range(i + 1, len(vectors))
        if _cosine(vectors[i], vectors[j]) >= STORY_SIMILARITY)
    return {extractions[k].document: story
            for story, members in enumerate(connected_groups(len(vectors), pairs)) for k in members}


DIRECT_COMPARISON = 64     # up to this many documents, compare pairs directly (no scipy import)
ROW_BLOCK = 512            # rows of the similarity product computed at a time: memory stays flat


def _similar_pairs(vectors: list[dict[str, float]]) -> Iterator[tuple[int, int]]:
    """The pairs whose cosine reaches STORY_SIMILARITY, by a sparse matrix product of the
    length-normalised vectors: only documents that share a word are ever multiplied."""
    from scipy import sparse

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for i, vector in enumerate(vectors):
        norm = math.sqrt(sum(v * v for v in vector.values()))
        for word, weight in vector.items():
            rows.append(i)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
            values.append(weight / norm)
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(vectors), len(vocabulary)))
    transposed = matrix.T.tocsr()
    for first in range(0, len(vectors), ROW_BLOCK):
        product = (matrix[first:first + ROW_BLOCK] @ transposed).tocoo()
        row = product.row + first
        keep = (product.data >= STORY_SIMILARITY) & (row < product.col)
        yield from zip(row[keep].tolist(), product.col[keep].tolist())


def _keyword_vectors(extractions: list[DocExtraction]) -> list[dict[str, float]]:
    """tf-idf weights; the smoothed idf keeps words that every document shares from counting zero."""
    documents = len(extractions)
    frequency = Counter(word for e in extractions for word in e.keywords)
    idf = {w: math.log((1 + documents) / (1 + n)) + 1 for w, n in frequency.items()}
    return [{w: count * idf[w] for w, count in e.keywords.items()} for e in extractions]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(weight * b.get(word, 0.0) for word, weight in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))



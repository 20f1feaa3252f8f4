"""Merging near-duplicates and grouping connected items: the tools every kind of
cross-document work shares (the same quote from two outlets, documents into stories,
differing figures into one conflict)."""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, TypeVar

# -- near-duplicates ---------------------------------------------------------------------------

T = TypeVar("T")


def merge_similar(items: Iterable[T], *, block: Callable[[T], Hashable], text: Callable[[T], str],
                  scorer: Callable[..., float], cutoff: float, absorb: Callable[[T, T], None],
                  start: Callable[[T], T]) -> list[T]:
    """One item for each set of items that say the same thing (the same quote from two outlets).

    An item joins the first merged item of its `block` (same kind, same day) whose `text`
    scores at least `cutoff` with its own; `start` makes a merged item from the first of a set
    (keeping its text), `absorb` adds a later one to it. Candidates are scored by rapidfuzz
    within the block, with the cut-off pruning in C: no Python loop over every pair.
    """
    from rapidfuzz import process

    merged: list[T] = []
    blocks: dict[Hashable, tuple[list[str], list[int]]] = {}
    for item in items:
        texts, positions = blocks.setdefault(block(item), ([], []))
        own = text(item)
        hits = process.extract(own, texts, scorer=scorer, score_cutoff=cutoff,
                               limit=None) if texts else []
        if hits:
            absorb(merged[positions[min(hit[2] for hit in hits)]], item)
        else:
            texts.append(own)
            positions.append(len(merged))
            merged.append(start(item))
    return merged


class CitedOnce:
    """Adds sources (Refs, or their dict form) to merged items' source lists, each source once.

    It remembers what each list already holds, so merging the same quote from n outlets costs n
    lookups, not n² comparisons. Use one per merge: a list is assumed to change only through it.
    """

    def __init__(self) -> None:
        self._held: dict[int, tuple[list, set]] = {}

    def __call__(self, target: list, more: Iterable) -> None:
        entry = self._held.get(id(target))
        if entry is None or entry[0] is not target:
            entry = self._held[id(target)] = (target, {_source_key(s) for s in target})
        held = entry[1]
        for source in more:
            key = _source_key(source)
            if key not in held:
                held.add(key)
                target.append(source)


def _source_key(source: Hashable | dict) -> Hashable:
    return tuple(sorted(source.items())) if isinstance(source, dict) else source




def connected_groups(count: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Items 0..count-1 grouped so that every pair given ends up in one group, in first-seen order."""
    parent = list(range(count))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, list[int]] = {}
    for k in range(count):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())

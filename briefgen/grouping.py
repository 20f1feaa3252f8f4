"""Connected groups of items, given the pairs that belong together (union-find).

Assembly groups things transitively in several places: documents into stories, differing
figures into one conflict.
"""

from __future__ import annotations

from typing import Iterable


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

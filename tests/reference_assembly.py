"""The all-pairs assembly code as it was before candidate generation by indexes, kept as the
reference the indexed code must match (tests/test_assembly_scaling.py swaps these in).

Every function here compares each item with every other; do not use it outside tests.
"""

from __future__ import annotations

import math
from collections import Counter

from briefgen import gazetteer
from briefgen.assemble.actors import _is_acronym_of, _is_suffixed, _voted_label
from briefgen.assemble.merging import connected_groups
from briefgen.extract.lexicon import ROLE_NOUNS, name_key, strip_determiner

STORY_SIMILARITY = 0.3


def merge_similar(items, *, block, text, scorer, cutoff, absorb, start):
    def same(a, b):
        return block(a) == block(b) and scorer(text(a), text(b)) >= cutoff

    merged = []
    for item in items:
        match = next((m for m in merged if same(m, item)), None)
        if match is None:
            merged.append(start(item))
        else:
            absorb(match, item)
    return merged


def group_stories(extractions):
    vectors = _keyword_vectors(extractions)
    pairs = ((i, j) for i in range(len(vectors)) for j in range(i + 1, len(vectors))
             if _cosine(vectors[i], vectors[j]) >= STORY_SIMILARITY)
    return {extractions[k].document: story
            for story, members in enumerate(connected_groups(len(vectors), pairs)) for k in members}


def _keyword_vectors(extractions):
    documents = len(extractions)
    frequency = Counter(word for e in extractions for word in e.keywords)
    idf = {w: math.log((1 + documents) / (1 + n)) + 1 for w, n in frequency.items()}
    return [{w: count * idf[w] for w, count in e.keywords.items()} for e in extractions]


def _cosine(a, b):
    if not a or not b:
        return 0.0
    dot = sum(weight * b.get(word, 0.0) for word, weight in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def canonical_speaker(speaker, actors, alias_index, index=None, documents=None):
    if not speaker:
        return speaker
    key = name_key(speaker)
    if key in alias_index:
        return alias_index[key]
    if documents is not None:
        actors = [a for a in actors if not a.documents or set(a.documents) & documents]
    by_role = [a.name for a in actors if any(name_key(r) == key for r in a.roles)]
    if len(set(by_role)) == 1:
        return by_role[0]
    if len(key.split()) == 1 and key in ROLE_NOUNS:
        holders = {a.name for a in actors if a.type == "person"
                   and any(r.split() and name_key(r.split()[-1]) == key for r in a.roles)}
        if len(holders) == 1:
            return holders.pop()
    country = gazetteer.country_of(speaker)
    if country and name_key(country) in alias_index and len(speaker.split()) == 1:
        return alias_index[name_key(country)]
    return strip_determiner(speaker)


def merge_person_names(groups):
    people = {k for k, g in groups.items() if _voted_label(g) == "PERSON"}
    full = {k: k.split() for k in people if len(k.split()) >= 2}
    for key in list(groups):
        group = groups.get(key)
        if group is None or group.canonical or (key not in people and len(key.split()) > 1):
            continue
        tokens = key.split()
        targets = [f for f, ftoks in full.items() if f != key and f in groups and (
            (len(tokens) < len(ftoks) and ftoks[-len(tokens):] == tokens) or
            (key in people and len(tokens) > len(ftoks) and tokens[-len(ftoks):] == ftoks))]
        if len(targets) != 1:
            continue
        target = targets[0]
        if len(tokens) > len(full[target]):
            key, target = target, key
        groups[target].absorb(groups.pop(key))


def merge_organisations(groups):
    keys = [k for k, g in groups.items() if _voted_label(g) in {"ORG", "PERSON"} and not g.canonical]
    for short in keys:
        for long in keys:
            if short == long or short not in groups or long not in groups:
                continue
            if not (_is_acronym_of(short, long, groups[short]) or _is_suffixed(short, long)):
                continue
            if "ORG" not in groups[short].labels and "ORG" not in groups[long].labels:
                continue
            groups[long].absorb(groups.pop(short))

"""Cross-document assembly: per-document extractions in, one ranked Brief out.

Here, and only here, documents meet: an entity's type is voted over all its mentions, aliases
merge ("Lavrov" into "Sergei Lavrov", "UN" into "United Nations", "the Wagner Group" and
"Wagner"), the same quote or figure from two outlets becomes one item with two sources, figures
that disagree become open questions, and everything is ranked for the reader.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable, Iterable, TypeVar

from rapidfuzz import fuzz

from . import gazetteer
from .assemble_figures import figure_conflicts, merge_figures
from .extract.lexicon import (
    ORG_SUFFIXES,
    ROLE_NOUNS,
    STATE_BODIES,
    is_person_role,
    name_key,
    strip_determiner,
)
from .extract.questions import WEIGHTS
from .grouping import connected_groups
from .model import (
    Actor,
    Brief,
    DocExtraction,
    Document,
    Mention,
    OpenQuestion,
    Quote,
    SummaryPoint,
    Trend,
)

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "country", "LOC": "place",
                 "FAC": "place"}
QUESTIONS_BASE, QUESTIONS_PER_DOCUMENT, QUESTIONS_MAX = 8, 2, 20
SUMMARY_POINTS = (3, 6)
KIND_ORDER = {"direct": 0, "partial": 1, "indirect": 2}
SIMILAR_QUOTE = 90          # rapidfuzz ratio: the same quote as printed by two outlets
SIMILAR_QUESTION = 80
SIMILAR_POINT = 70


def assemble(documents: list[Document], extractions: list[DocExtraction], *, title: str | None,
             generated_at: datetime, period: dict | None = None) -> Brief:
    order = {d.id: i for i, d in enumerate(documents)}
    actors, alias_index = merge_actors([m for e in extractions for m in e.mentions], order)
    quotes = merge_quotes([q for e in extractions for q in e.quotes], actors, alias_index, order)
    _count_speakers(actors, quotes)
    stories = group_stories(extractions)
    figures = merge_figures([f for e in extractions for f in e.figures], stories)
    titles = {d.id: d.title or d.id for d in documents}
    questions = rank_questions([q for e in extractions for q in e.questions] +
                               figure_conflicts(figures, titles, stories),
                               limit=question_limit(len(documents)), stories=stories)
    return Brief(
        title=title or derive_title(documents, actors),
        generated_at=generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        documents=documents,
        period=period,
        summary=pick_summary([s for e in extractions for s in e.summary], order),
        actors=actors,
        quotes=quotes,
        figures=figures,
        trends=merge_trends([t for e in extractions for t in e.trends]),
        open_questions=questions,
        timeline=merge_timeline([ev for e in extractions for ev in e.events]),
    )


# -- near-duplicates ---------------------------------------------------------------------------

T = TypeVar("T")


def merge_similar(items: Iterable[T], same: Callable[[T, T], bool], absorb: Callable[[T, T], None],
                  start: Callable[[T], T]) -> list[T]:
    """One item for each set of items that say the same thing (the same quote from two outlets).

    `start` makes a merged item from the first of a set, `absorb` adds a later one to it.
    """
    merged: list[T] = []
    for item in items:
        match = next((m for m in merged if same(m, item)), None)
        if match is None:
            merged.append(start(item))
        else:
            absorb(match, item)
    return merged


def add_sources(target: list, more: Iterable) -> None:
    """Append the sources (Refs, or their dict form) not already cited."""
    for source in more:
        if source not in target:
            target.append(source)


# -- actors ------------------------------------------------------------------------------------

@dataclass
class _Group:
    forms: Counter = field(default_factory=Counter)       # surface form -> mentions
    labels: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    documents: set = field(default_factory=set)
    canonical: str | None = None                           # fixed by a gazetteer (countries)

    def absorb(self, other: "_Group") -> None:
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.roles.update(other.roles)
        self.documents |= other.documents
        self.canonical = self.canonical or other.canonical


def merge_actors(mentions: list[Mention], order: dict[str, int]) -> tuple[list[Actor], dict[str, str]]:
    """Actors ranked by salience, and an index from every alias key to the canonical name."""
    groups: dict[str, _Group] = {}
    for mention in mentions:
        country = (gazetteer.country_of(mention.text) or gazetteer.capital_of(mention.text)
                   if mention.label == "GPE" else None)
        region = gazetteer.region_of(mention.text) if mention.label == "LOC" else None
        canonical = country or region
        key = name_key(canonical or mention.text)
        group = groups.setdefault(key, _Group(canonical=canonical))
        group.forms[mention.text] += 1
        group.labels[mention.label] += 1
        group.documents.add(mention.ref.document)
        for role in mention.roles:
            group.roles[role] += 1
    for mention in mentions:          # "(ECOWAS)" after its full name: one actor
        if mention.alias_of:
            short, long = name_key(mention.text), name_key(mention.alias_of)
            if short in groups and long in groups and short != long:
                groups[long].absorb(groups.pop(short))
    _merge_person_names(groups)
    _merge_organisations(groups)
    _merge_state_bodies(groups)

    actors: list[Actor] = []
    alias_index: dict[str, str] = {}
    for group in groups.values():
        label = _voted_label(group)
        name = group.canonical or _fullest(group.forms, label)
        aliases = sorted({f for f in group.forms if f != name}, key=str.casefold)
        roles = [r for r, _ in sorted(group.roles.items(), key=lambda kv: (-kv[1], kv[0]))]
        actors.append(Actor(name=name, type=TYPE_OF_LABEL[label], roles=_distinct(roles),
                            aliases=aliases, mentions=sum(group.forms.values()),
                            documents=sorted(group.documents, key=lambda d: order.get(d, 0))))
        for form in [name, *aliases]:
            alias_index.setdefault(name_key(form), name)
    _rank(actors)
    return actors, alias_index


def _voted_label(group: _Group) -> str:
    if group.canonical and gazetteer.country_of(group.canonical):
        return "GPE"
    if group.canonical:
        return "LOC"
    if "PERSON" in group.labels and any(is_person_role(r) for r in group.roles):
        return "PERSON"     # "Defense Minister X" once, "X" tagged ORG or GPE elsewhere: the title decides
    label, _ = max(group.labels.items(), key=lambda kv: (kv[1], kv[0] == "ORG", kv[0]))
    if label == "GPE":      # a GPE that no gazetteer knows is a city or region, not a country
        return "LOC"
    return label


def _merge_person_names(groups: dict[str, _Group]) -> None:
    """Surnames and titled forms into the one full name they belong to.

    A lone surname merges whatever the model labelled it ("Marchuk" tagged ORG once), as long as
    exactly one full name ends with it and no gazetteer claims it.
    """
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
        if len(tokens) > len(full[target]):      # "colonel assimi goita" -> "assimi goita"
            key, target = target, key
        groups[target].absorb(groups.pop(key))


def _merge_organisations(groups: dict[str, _Group]) -> None:
    """Acronyms into expansions, and "X Group"/"X International" into "X"'s group."""
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


def _merge_state_bodies(groups: dict[str, _Group]) -> None:
    """'Malian army' and 'National Army of Mali': one country's one institution."""
    by_body: dict[tuple[str, str], str] = {}
    for key in list(groups):
        body = _state_body(key)
        if body is None or _voted_label(groups[key]) != "ORG":
            continue
        if body in by_body and by_body[body] in groups:
            target = by_body[body]
            # keep the group whose name is fuller under the key it already has
            groups[target].absorb(groups.pop(key))
        else:
            by_body[body] = key


def _state_body(key: str) -> tuple[str, str] | None:
    words = key.replace("-", " ").split()
    bodies = [w for w in words if w in STATE_BODIES]
    if len(bodies) != 1 or len(words) > 6:
        return None
    countries = {gazetteer.country_of(w.capitalize()) or gazetteer.country_of(w.upper()) for w in words} - {None}
    if len(countries) != 1:
        return None
    body = "army" if bodies[0] in {"army", "military"} else bodies[0]
    return countries.pop(), body


def _is_acronym_of(short: str, long: str, group: _Group) -> bool:
    if not any(f.isupper() or f.replace(".", "").isupper() for f in group.forms):
        return False
    letters = short.replace(".", "")
    words = [w for w in long.replace("-", " ").split() if w not in {"of", "the", "and", "for", "de", "du"}]
    return len(letters) >= 2 and len(words) == len(letters) and all(
        w[0] == c for w, c in zip(words, letters))


def _is_suffixed(short: str, long: str) -> bool:
    extra = long.split()
    base = short.split()
    return len(extra) > len(base) and extra[:len(base)] == base and all(
        w in ORG_SUFFIXES for w in extra[len(base):])


def _fullest(forms: Counter, label: str) -> str:
    """The canonical name: the longest form that is not a bare acronym, frequency breaking ties."""
    def rank(form: str) -> tuple:
        acronym = form.replace(".", "").isupper() and " " not in form
        return (not acronym, len(form.split()), forms[form], form)
    best = max(forms, key=rank)
    if label == "ORG":
        # "Islamic State group" and "Islamic State": the name, not the descriptive suffix in lower case
        words = best.split()
        while len(words) > 1 and words[-1].islower() and words[-1] in ORG_SUFFIXES:
            words.pop()
        best = " ".join(words)
    return best


def _distinct(roles: list[str]) -> list[str]:
    """Roles without repeats: keep "Russian Foreign Minister", drop "Foreign Minister" beside it."""
    kept: list[str] = []
    for role in roles:
        key = role.casefold()
        if any(key == k.casefold() or key in k.casefold().split(" ", 1)[-1] and key != k.casefold()
               and k.casefold().endswith(key) for k in kept):
            continue
        kept = [k for k in kept if not (key.endswith(k.casefold()) and key != k.casefold())]
        kept.append(role)
    return kept[:4]


def _rank(actors: list[Actor]) -> None:
    raw = {id(a): a.mentions + 1.5 * (len(a.documents) - 1) + (2 if a.type in {"person", "organization"} else 0)
           - (2 if a.type == "place" else 0) for a in actors}
    top = max(raw.values(), default=1) or 1
    for actor in actors:
        actor.salience = round(max(raw[id(actor)], 0) / top, 2)
    actors.sort(key=lambda a: (-a.salience, a.name))


def _count_speakers(actors: list[Actor], quotes: list[Quote]) -> None:
    """Speaking makes an actor more salient: re-rank once quotes are attributed."""
    spoken = Counter(q.speaker for q in quotes if q.speaker)
    for actor in actors:
        if spoken[actor.name]:
            actor.salience = round(min(1.0, actor.salience + 0.05 * spoken[actor.name]), 2)
    actors.sort(key=lambda a: (-a.salience, a.name))


def canonical_speaker(speaker: str | None, actors: list[Actor], alias_index: dict[str, str]) -> str | None:
    """A quote's speaker as the canonical actor name when the text allows, else its own words."""
    if not speaker:
        return speaker
    key = name_key(speaker)
    if key in alias_index:
        return alias_index[key]
    by_role = [a.name for a in actors if any(name_key(r) == key for r in a.roles)]
    if len(set(by_role)) == 1:          # "the Russian foreign minister"
        return by_role[0]
    if len(key.split()) == 1 and key in ROLE_NOUNS:
        # "the minister": the one person the brief gives that title to, if there is only one
        holders = {a.name for a in actors if a.type == "person"
                   and any(r.split() and name_key(r.split()[-1]) == key for r in a.roles)}
        if len(holders) == 1:
            return holders.pop()
    country = gazetteer.country_of(speaker)
    if country and name_key(country) in alias_index and len(speaker.split()) == 1:
        return alias_index[name_key(country)]
    return strip_determiner(speaker)


# -- quotes ------------------------------------------------------------------------------------

def merge_quotes(quotes: list[Quote], actors: list[Actor], alias_index: dict[str, str],
                 order: dict[str, int]) -> list[Quote]:
    roles = {a.name: (a.roles[0] if a.roles else None) for a in actors}

    def attributed(quote: Quote) -> Quote:
        speaker = canonical_speaker(quote.speaker, actors, alias_index)
        return Quote(text=quote.text, kind=quote.kind, speaker=speaker, sources=list(quote.sources),
                     speaker_role=quote.speaker_role or roles.get(speaker or ""), cue=quote.cue)

    def absorb(into: Quote, other: Quote) -> None:
        add_sources(into.sources, other.sources)
        into.speaker = into.speaker or canonical_speaker(other.speaker, actors, alias_index)

    merged = merge_similar(
        quotes, lambda a, b: a.kind == b.kind and fuzz.ratio(a.text.casefold(), b.text.casefold()) >= SIMILAR_QUOTE,
        absorb, attributed)
    salience = {a.name: a.salience for a in actors}
    merged.sort(key=lambda q: (KIND_ORDER[q.kind], -salience.get(q.speaker or "", 0.0),
                               order.get(q.sources[0].document, 0), q.sources[0].paragraph,
                               q.sources[0].sentence))
    return merged


# -- questions, summary, trends, timeline -------------------------------------------------------

STORY_SIMILARITY = 0.3     # cosine of tf-idf keyword vectors: one story's reports score 0.45+, others < 0.2


def group_stories(extractions: list[DocExtraction]) -> dict[str, int]:
    """Documents that report the same story (a weekly folder mixes events), by shared content words."""
    vectors = _keyword_vectors(extractions)
    pairs = ((i, j) for i in range(len(vectors)) for j in range(i + 1, len(vectors))
             if _cosine(vectors[i], vectors[j]) >= STORY_SIMILARITY)
    return {extractions[k].document: story
            for story, members in enumerate(connected_groups(len(vectors), pairs)) for k in members}


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


def question_limit(documents: int) -> int:
    """More documents cover more ground, but a brief that lists everything is no brief."""
    return min(QUESTIONS_BASE + QUESTIONS_PER_DOCUMENT * documents, QUESTIONS_MAX)


def rank_questions(questions: list[OpenQuestion], limit: int = QUESTIONS_MAX,
                   stories: dict[str, int] | None = None) -> list[OpenQuestion]:
    """Merge questions that say the same thing, then keep the few that matter most."""
    merged = merge_similar(
        questions,
        lambda a, b: a.kind == b.kind and fuzz.token_set_ratio(a.question, b.question) >= SIMILAR_QUESTION,
        lambda into, other: add_sources(into.evidence, other.evidence),
        lambda q: OpenQuestion(q.question, q.kind, list(q.evidence), q.weight or WEIGHTS.get(q.kind, 1.0)))
    for question in merged:
        question.weight = round(question.weight * (1 + 0.25 * min(len(question.evidence) - 1, 3)), 3)
    merged.sort(key=lambda q: -q.weight)
    # Several stories in one brief: each gets its turn, so one busy story cannot crowd out the rest.
    by_story: dict[int, list[OpenQuestion]] = defaultdict(list)
    for question in merged:
        by_story[(stories or {}).get(question.evidence[0].document, 0)].append(question)
    ranked: list[OpenQuestion] = []
    for turn in range(max((len(v) for v in by_story.values()), default=0)):
        ranked.extend(sorted((v[turn] for v in by_story.values() if len(v) > turn), key=lambda q: -q.weight))
    return ranked[:limit]


def pick_summary(points: list[SummaryPoint], order: dict[str, int]) -> list[SummaryPoint]:
    """Key points across documents: best first, no two saying the same thing, every document heard."""
    by_document: dict[str, list[SummaryPoint]] = defaultdict(list)
    for point in sorted(points, key=lambda p: -p.score):
        by_document[point.sources[0].document].append(point)
    ranked: list[SummaryPoint] = []
    rounds = max((len(v) for v in by_document.values()), default=0)
    for i in range(rounds):          # round robin, so one long article cannot fill the summary
        layer = [v[i] for v in by_document.values() if len(v) > i]
        ranked.extend(sorted(layer, key=lambda p: (-p.score, order.get(p.sources[0].document, 0))))
    low, high = SUMMARY_POINTS
    wanted = min(high, max(low, len(by_document) + 2))
    chosen: list[SummaryPoint] = []
    for point in ranked:
        if any(fuzz.token_set_ratio(point.text, c.text) >= SIMILAR_POINT for c in chosen):
            continue
        chosen.append(point)
        if len(chosen) == wanted:
            break
    return chosen


def merge_trends(trends: list[Trend]) -> list[Trend]:
    return merge_similar(trends, lambda a, b: fuzz.token_set_ratio(a.text, b.text) >= SIMILAR_QUESTION,
                         lambda into, other: add_sources(into.sources, other.sources),
                         lambda t: replace(t, sources=list(t.sources)))


def merge_timeline(events: list[dict]) -> list[dict]:
    return merge_similar(
        sorted(events, key=lambda e: e["date"]),
        lambda a, b: a["date"] == b["date"] and fuzz.token_set_ratio(a["text"], b["text"]) >= SIMILAR_POINT,
        lambda into, other: add_sources(into["sources"], other["sources"]),
        lambda e: {**e, "sources": list(e["sources"])})


def derive_title(documents: list[Document], actors: list[Actor]) -> str:
    """A title from the documents' own titles when they have one, else from the main actors."""
    titled = [d.title for d in documents if d.title]
    if titled:
        return titled[0] if len(documents) == 1 else f"{titled[0]} (and {len(documents) - 1} more)"
    # "Country: main person, main organisation": where it happens, then who is involved
    where = next((a.name for a in actors if a.type == "country"), None)
    who = [a.name for a in actors if a.type in {"person", "organization"}][:2]
    if where and who:
        return f"{where}: {' and '.join(who)}"
    main = [a.name for a in actors if a.type in {"person", "organization", "country"}][:3]
    return "Brief: " + ", ".join(main) if main else "Brief"

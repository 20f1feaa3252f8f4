"""Actors across documents: an entity's type voted over all its mentions, aliases merged
("Lavrov" into "Sergei Lavrov", "UN" into "United Nations"), ranked by salience, and a
quote's speaker mapped onto the actor it names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import gazetteer
from ..extract.lexicon import (
    ORG_NAME_ENDINGS,
    ORG_SUFFIXES,
    ROLE_NOUNS,
    STATE_BODIES,
    is_person_role,
    name_key,
    strip_determiner,
)
from ..extract.actors import named_institution
from ..model import Actor, Mention, Quote

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "country", "LOC": "place",
                 "FAC": "place"}


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
    if "ORG" in group.labels and any(named_institution(f) for f in group.forms):
        return "ORG"        # "Halden Chemicals" once, "Halden" tagged a person elsewhere: the full name decides
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
    # indexes instead of comparing every name with every full name
    by_suffix: dict[tuple[str, ...], list[str]] = {}      # ("goita",) -> ["assimi goita"]
    by_tokens: dict[tuple[str, ...], list[str]] = {}
    for f, ftoks in full.items():
        by_tokens.setdefault(tuple(ftoks), []).append(f)
        for k in range(1, len(ftoks)):
            by_suffix.setdefault(tuple(ftoks[-k:]), []).append(f)
    for key in list(groups):
        group = groups.get(key)
        if group is None or group.canonical or (key not in people and len(key.split()) > 1):
            continue
        tokens = key.split()
        candidates = list(by_suffix.get(tuple(tokens), ()))          # a surname of a full name
        if key in people:                                           # a titled form of one
            for k in range(2, len(tokens)):
                candidates.extend(by_tokens.get(tuple(tokens[-k:]), ()))
        targets = [f for f in candidates if f != key and f in groups]
        if len(targets) != 1:
            continue
        target = targets[0]
        if len(tokens) > len(full[target]):      # "colonel assimi goita" -> "assimi goita"
            key, target = target, key
        groups[target].absorb(groups.pop(key))


def _merge_organisations(groups: dict[str, _Group]) -> None:
    """Acronyms into expansions, and "X Group"/"X International" into "X"'s group."""
    keys = [k for k, g in groups.items() if _voted_label(g) in {"ORG", "PERSON"} and not g.canonical]
    position = {k: i for i, k in enumerate(keys)}
    # candidates by index (initials, name before a suffix), then the exact checks on those only
    by_initials: dict[str, list[str]] = {}
    by_base: dict[str, list[str]] = {}
    for long in keys:
        by_initials.setdefault("".join(w[0] for w in _significant_words(long)), []).append(long)
        words = long.split()
        for cut in range(len(words) - 1, 0, -1):
            if words[cut] not in ORG_SUFFIXES and words[cut] not in ORG_NAME_ENDINGS:
                break
            by_base.setdefault(" ".join(words[:cut]), []).append(long)
    for short in keys:
        candidates = sorted({*by_initials.get(short.replace(".", ""), ()),
                             *by_base.get(" ".join(short.split()), ())}, key=position.__getitem__)
        for long in candidates:
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
    if "armed forces" in " ".join(words):      # "Armed Forces of Niger" is Niger's army
        words = [w for w in words if w not in {"armed", "forces"}] + ["army"]
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
    words = _significant_words(long)
    return len(letters) >= 2 and len(words) == len(letters) and all(
        w[0] == c for w, c in zip(words, letters))


def _significant_words(name: str) -> list[str]:
    """The words whose initials make an acronym: "Economic Community of West African States"."""
    return [w for w in name.replace("-", " ").split() if w not in {"of", "the", "and", "for", "de", "du"}]


def _is_suffixed(short: str, long: str) -> bool:
    """"Halden" of "Halden Group" or "Halden Chemicals": the name before generic closing words."""
    extra = long.split()
    base = short.split()
    return len(extra) > len(base) and extra[:len(base)] == base and all(
        w in ORG_SUFFIXES or w in ORG_NAME_ENDINGS for w in extra[len(base):])


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


def count_speakers(actors: list[Actor], quotes: list[Quote]) -> None:
    """Speaking makes an actor more salient: re-rank once quotes are attributed."""
    spoken = Counter(q.speaker for q in quotes if q.speaker)
    for actor in actors:
        if spoken[actor.name]:
            actor.salience = round(min(1.0, actor.salience + 0.05 * spoken[actor.name]), 2)
    actors.sort(key=lambda a: (-a.salience, a.name))


class SpeakerIndex:
    """Actors by role, built once per brief, so that mapping a speaker does not scan every actor."""

    def __init__(self, actors: list[Actor]):
        self.by_role: dict[str, set[str]] = {}       # "russian foreign minister" -> names
        self.holders: dict[str, set[str]] = {}       # "minister" -> the people with that title
        self.documents: dict[str, set[str]] = {}     # name -> the documents it is named in
        for actor in actors:
            self.documents.setdefault(actor.name, set()).update(actor.documents)
            for role in actor.roles:
                self.by_role.setdefault(name_key(role), set()).add(actor.name)
                if actor.type == "person" and role.split():
                    self.holders.setdefault(name_key(role.split()[-1]), set()).add(actor.name)


def canonical_speaker(speaker: str | None, actors: list[Actor], alias_index: dict[str, str],
                      index: SpeakerIndex | None = None,
                      documents: set[str] | None = None) -> str | None:
    """A quote's speaker as the canonical actor name when the text allows, else its own words.

    Pass `index` (SpeakerIndex(actors)) when mapping many speakers against the same actors.
    With `documents` (those the quote comes from), a title stands for its holder only when the
    holder is named in one of them: "an officer" yelling in a local crime report is not the
    officer another outlet's bombing story names.
    """
    if not speaker:
        return speaker
    key = name_key(speaker)
    if key in alias_index:
        return alias_index[key]
    index = index or SpeakerIndex(actors)

    def near(names: set[str]) -> set[str]:
        if documents is None:
            return names
        return {n for n in names if not index.documents.get(n) or index.documents[n] & documents}

    by_role = near(index.by_role.get(key, set()))
    if len(by_role) == 1:          # "the Russian foreign minister"
        return next(iter(by_role))
    if len(key.split()) == 1 and key in ROLE_NOUNS:
        # "the minister": the one person the brief gives that title to, if there is only one
        holders = near(index.holders.get(key, set()))
        if len(holders) == 1:
            return next(iter(holders))
    country = gazetteer.country_of(speaker)
    if country and name_key(country) in alias_index and len(speaker.split()) == 1:
        return alias_index[name_key(country)]
    return strip_determiner(speaker)

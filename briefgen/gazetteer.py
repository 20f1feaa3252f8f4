"""Gazetteers of countries, places, regions and wire agencies.

The small English pipeline calls "Mali" a PERSON and "Bamako" an ORG; these lists let the
extractors correct such labels without listing the names of any one story, and drop agency
credits ("AFP/Getty Images") as actors. The data files live in briefgen/data and are read once,
on first use.

Lookups are case-sensitive (so "Chad" the country is not "chad", and "US" is not "us"), with a
case-insensitive fallback for all-caps text (headlines, datelines: "MALI", "BAMAKO"). Every lookup
also accepts a possessive ("Mali's", "Mali’s", "Philippines'"), a leading "the" ("the Gambia"),
curly apostrophes and " & " for " and ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Iterator

_DATA = "briefgen.data"
_COUNTRY_COLUMNS = ("name", "aliases", "demonyms", "capital", "cities")

# Typographic variants that never make two forms differ in meaning.
_TRANSLATE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
# Photo credits join agencies: "AFP/Getty Images", "AFP via Getty Images".
_CREDIT_SEPARATOR = re.compile(r"\s*/\s*|\s+via\s+")


@dataclass(frozen=True)
class Country:
    """One row of countries.tsv."""

    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    cities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    """One line of regions.txt: the first name is the canonical one."""

    names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0]


def normalize(text: str) -> str:
    """The form every lookup key and query is compared in."""
    return " ".join(text.translate(_TRANSLATE).split()).replace(" & ", " and ")


class _Table:
    """Exact lookup, plus a case-folded one consulted only for all-caps queries.

    The first entry for a form wins; the data tests guarantee there is never a second one that
    disagrees.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        for form, value in pairs:
            key = normalize(form)
            self.exact.setdefault(key, value)
            self.folded.setdefault(key.casefold(), value)

    def get(self, text: str) -> str | None:
        for variant in _variants(text):
            hit = self.exact.get(variant)
            if hit is None and variant.isupper():
                hit = self.folded.get(variant.casefold())
            if hit is not None:
                return hit
        return None


def _variants(text: str) -> list[str]:
    """The query as written first (so "The Hague" and "St. John's" match whole), then without
    its possessive, then without a leading article."""
    out = [normalize(text)]
    stripped = _POSSESSIVE.sub("", out[0])
    if stripped != out[0]:
        out.append(stripped)
    for variant in list(out):
        bare = _ARTICLE.sub("", variant)
        if bare != variant and bare:
            out.append(bare)
    return out


def _lines(filename: str) -> Iterator[str]:
    """The data lines of a packaged file, without comments and blank lines."""
    text = files(_DATA).joinpath(filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every row of countries.tsv, in file order."""
    rows = _lines("countries.tsv")
    next(rows)  # the header row
    out = []
    for line in rows:
        fields = line.split("\t") + [""] * len(_COUNTRY_COLUMNS)
        name, aliases, demonyms, capital, cities = (f.strip() for f in fields[:5])
        out.append(Country(name=name, aliases=_split(aliases), demonyms=_split(demonyms),
                           capital=capital or None, cities=_split(cities)))
    return tuple(out)


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Every line of regions.txt, in file order."""
    out = []
    for line in _lines("regions.txt"):
        names, _, adjectives = line.partition("\t")
        out.append(Region(names=_split(names), adjectives=_split(adjectives)))
    return tuple(out)


@lru_cache(maxsize=1)
def wire_agencies() -> tuple[str, ...]:
    """Every agency name in wire_agencies.txt."""
    return tuple(line.strip() for line in _lines("wire_agencies.txt"))


@dataclass(frozen=True)
class _Gazetteer:
    names: _Table              # country names and aliases -> country
    demonyms: _Table           # demonyms -> country
    cities: _Table             # capitals and listed cities -> country
    region_names: _Table       # region names -> canonical region
    region_forms: _Table       # region names and adjectives -> canonical region
    agencies: _Table           # agency -> agency
    country_names: frozenset[str]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    rows = countries()
    regs = regions()
    return _Gazetteer(
        names=_Table((form, c.name) for c in rows for form in (c.name, *c.aliases)),
        demonyms=_Table((form, c.name) for c in rows for form in c.demonyms),
        cities=_Table((form, c.name) for c in rows
                      for form in ((c.capital,) if c.capital else ()) + c.cities),
        region_names=_Table((form, r.name) for r in regs for form in r.names),
        region_forms=_Table((form, r.name) for r in regs for form in (*r.names, *r.adjectives)),
        agencies=_Table((name, name) for name in wire_agencies()),
        country_names=frozenset(c.name for c in rows),
    )


def country_of(text: str) -> str | None:
    """The canonical country for a name, alias, demonym or possessive ("Malians", "Mali's")."""
    g = _gazetteer()
    return g.names.get(text) or g.demonyms.get(text)


def is_demonym(text: str) -> bool:
    """True for a country's adjective or people-noun ("Malian", "Malians", "French")."""
    return _gazetteer().demonyms.get(text) is not None


def demonym_of(country: str) -> str | None:
    """The first listed adjective of a canonical country name ("Nigeria" -> "Nigerian")."""
    for row in countries():
        if row.name == country:
            return row.demonyms[0] if row.demonyms else None
    return None


def capital_of(text: str) -> str | None:
    """The country whose capital or listed city this is ("Bamako" -> "Mali")."""
    return _gazetteer().cities.get(text)


def region_of(text: str) -> str | None:
    """The canonical region for a region name or adjective ("West African" -> "West Africa")."""
    return _gazetteer().region_forms.get(text)


def is_place(text: str) -> bool:
    """True for the name of a country, capital, listed city or region (not for demonyms)."""
    g = _gazetteer()
    return any(t.get(text) is not None for t in (g.names, g.cities, g.region_names))


def is_wire_agency(text: str) -> bool:
    """True for an agency credit, including joint ones ("AFP/Getty Images")."""
    parts = [p for p in _CREDIT_SEPARATOR.split(normalize(text)) if p]
    table = _gazetteer().agencies
    return bool(parts) and all(table.get(p) is not None for p in parts)


def country_names() -> frozenset[str]:
    """The canonical names of every country and territory in the gazetteer."""
    return _gazetteer().country_names

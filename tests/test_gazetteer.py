"""Gazetteer lookups, and the integrity of the shipped data files as a whole."""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files

import pytest

from briefgen import gazetteer as gz


@pytest.mark.parametrize("text, country", [
    ("Mali", "Mali"),
    ("Republic of Mali", "Mali"),
    ("Russian Federation", "Russia"),
    ("the Russian Federation", "Russia"),
    ("Côte d'Ivoire", "Ivory Coast"),
    ("Côte d’Ivoire", "Ivory Coast"),
    ("Cote d'Ivoire", "Ivory Coast"),
    ("U.S.", "United States"),
    ("USA", "United States"),
    ("America", "United States"),
    ("Britain", "United Kingdom"),
    ("DR Congo", "Democratic Republic of the Congo"),
    ("Congo-Brazzaville", "Republic of the Congo"),
    ("Burma", "Myanmar"),
    ("the Gambia", "Gambia"),
    ("The Netherlands", "Netherlands"),
    ("Trinidad & Tobago", "Trinidad and Tobago"),
    ("Türkiye", "Turkey"),
    ("Timor-Leste", "East Timor"),
    ("Kosovo", "Kosovo"),
])
def test_names_and_aliases(text, country):
    assert gz.country_of(text) == country


@pytest.mark.parametrize("text, country", [
    ("Malian", "Mali"), ("Malians", "Mali"),
    ("Russian", "Russia"), ("Russians", "Russia"),
    ("French", "France"), ("Frenchmen", "France"),
    ("Ivorian", "Ivory Coast"), ("Beninese", "Benin"),
    ("Briton", "United Kingdom"), ("British", "United Kingdom"),
    ("Americans", "United States"), ("Nigerien", "Niger"), ("Nigerians", "Nigeria"),
    ("South Sudanese", "South Sudan"), ("Sudanese", "Sudan"),
    ("Congolese", "Democratic Republic of the Congo"),
])
def test_demonyms(text, country):
    assert gz.country_of(text) == country
    assert gz.is_demonym(text)


def test_names_are_not_demonyms_and_demonyms_are_not_places():
    assert not gz.is_demonym("Mali")
    assert not gz.is_place("Malian")
    assert gz.country_of("Korean") is None  # North or South: left out on purpose


@pytest.mark.parametrize("text", ["Mali's", "Mali’s", "MALI'S", "the Gambia's", "Malians'"])
def test_possessives(text):
    assert gz.country_of(text) in {"Mali", "Gambia"}


def test_philippines_plural_possessive():
    assert gz.country_of("Philippines'") == "Philippines"


def test_case_sensitive_with_all_caps_fallback():
    assert gz.country_of("MALI") == "Mali"
    assert gz.capital_of("BAMAKO") == "Mali"
    assert gz.country_of("mali") is None
    assert gz.country_of("chad") is None       # a common noun, not the country
    assert gz.country_of("us") is None         # the pronoun, not the United States
    assert gz.country_of("US") == "United States"


@pytest.mark.parametrize("text, country", [
    ("Bamako", "Mali"), ("Moscow", "Russia"), ("Moscow’s", "Russia"),
    ("Ouagadougou", "Burkina Faso"), ("Abidjan", "Ivory Coast"), ("Yamoussoukro", "Ivory Coast"),
    ("The Hague", "Netherlands"), ("St. John's", "Antigua and Barbuda"), ("Kyiv", "Ukraine"),
    ("Kiev", "Ukraine"), ("Tripoli", "Libya"), ("East Jerusalem", "Palestine"),
])
def test_capitals_and_cities(text, country):
    assert gz.capital_of(text) == country
    assert gz.is_place(text)


def test_capital_is_not_a_country_name():
    assert gz.country_of("Bamako") is None
    assert gz.capital_of("Mali") is None


@pytest.mark.parametrize("text, region", [
    ("West Africa", "West Africa"), ("West African", "West Africa"), ("Sahel", "Sahel"),
    ("Sahelian", "Sahel"), ("the Middle East", "Middle East"), ("Mideast", "Middle East"),
    ("Horn of Africa", "Horn of Africa"), ("Gulf of Guinea", "Gulf of Guinea"),
    ("Southeast Asian", "Southeast Asia"), ("South-East Asia", "Southeast Asia"),
    ("Balkans", "Balkans"), ("Africa's", "Africa"),
])
def test_regions(text, region):
    assert gz.region_of(text) == region


def test_places():
    for place in ("Mali", "Bamako", "Sahel", "West Africa", "United States", "Korea"):
        assert gz.is_place(place), place
    for other in ("West African", "Malian", "Kofi", "Red Cross", "Reuters", ""):
        assert not gz.is_place(other), other


@pytest.mark.parametrize("text", [
    "AFP", "Agence France-Presse", "AP", "the Associated Press", "Reuters", "Reuters'",
    "dpa", "DPA", "EFE", "Xinhua", "Getty Images", "AFP/Getty Images", "AFP via Getty Images",
    "EPA-EFE",
])
def test_wire_agencies(text):
    assert gz.is_wire_agency(text)


@pytest.mark.parametrize("text", [
    "EPA", "PA", "PTI", "KCNA", "Reuters/Staff Photographer", "Red Cross", "Mali", "", "ap",
])
def test_not_wire_agencies(text):
    assert not gz.is_wire_agency(text)


def test_country_names_are_canonical():
    names = gz.country_names()
    assert {"Mali", "Russia", "Ivory Coast", "Democratic Republic of the Congo", "Kosovo",
            "Taiwan", "Palestine", "Western Sahara", "Vatican City", "Hong Kong"} <= names
    assert "Côte d'Ivoire" not in names and "USA" not in names


# --- integrity of the whole data files ---------------------------------------------------------

def _data_lines(filename: str) -> list[str]:
    text = files("briefgen.data").joinpath(filename).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _owners(pairs) -> dict[str, set[str]]:
    """Each normalised form, case-folded as the all-caps fallback sees it, with its owners."""
    owners: dict[str, set[str]] = defaultdict(set)
    for form, owner in pairs:
        owners[gz.normalize(form).casefold()].add(owner)
    return owners


def test_every_country_row_is_well_formed():
    lines = _data_lines("countries.tsv")
    assert lines[0].split("\t") == ["name", "aliases", "demonyms", "capital", "cities"]
    for line in lines[1:]:
        fields = line.split("\t")
        assert len(fields) == 5, line
        assert fields[0].strip() == fields[0] != "", line
        assert all(part.strip() == part != "" for f in fields[1:] if f for part in f.split("|")), line
    rows = gz.countries()
    assert len(rows) == len(lines) - 1 >= 200
    assert len({c.name for c in rows}) == len(rows)
    # Only territories without a capital of their own (Hong Kong, Macau) may leave it empty.
    assert sum(c.capital is None for c in rows) <= 2


def test_no_country_form_belongs_to_two_countries():
    rows = gz.countries()
    names = _owners((f, c.name) for c in rows for f in (c.name, *c.aliases, *c.demonyms))
    clashes = {form: owners for form, owners in names.items() if len(owners) > 1}
    assert not clashes
    cities = _owners((f, c.name) for c in rows for f in ((c.capital,) if c.capital else ()) + c.cities)
    clashes = {form: owners for form, owners in cities.items() if len(owners) > 1}
    assert not clashes
    # A city may share its country's name (Singapore, Djibouti), never another country's.
    shared = {form: names[form] | owners for form, owners in cities.items() if form in names}
    assert shared and all(len(owners) == 1 for owners in shared.values())


def test_demonyms_never_double_as_names():
    rows = gz.countries()
    names = {gz.normalize(f) for c in rows for f in (c.name, *c.aliases)}
    demonyms = {gz.normalize(f) for c in rows for f in c.demonyms}
    assert not names & demonyms


def test_regions_are_well_formed_and_never_countries():
    for line in _data_lines("regions.txt"):
        assert 1 <= len(line.split("\t")) <= 2, line
    regs = gz.regions()
    assert len({r.name for r in regs}) == len(regs) >= 50
    forms = _owners((f, r.name) for r in regs for f in (*r.names, *r.adjectives))
    assert not {form: owners for form, owners in forms.items() if len(owners) > 1}
    country_forms = _owners((f, c.name) for c in gz.countries()
                            for f in (c.name, *c.aliases, *c.demonyms))
    assert not set(forms) & set(country_forms)


def test_wire_agencies_are_unique():
    agencies = gz.wire_agencies()
    assert len(agencies) == len(set(agencies)) >= 50

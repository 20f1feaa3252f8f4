"""Actor mentions, label correction and cross-document merging, on passages written for these tests."""

from __future__ import annotations

import pytest

from briefgen.assemble.actors import merge_actors
from briefgen.extract.actors import extract_mentions, is_heading


def mentions_of(parse_paragraphs, *paragraphs, doc_id="t.txt"):
    return [m.mention for m in extract_mentions(parse_paragraphs(paragraphs, doc_id=doc_id))]


def actors_of(parse_paragraphs, *documents):
    mentions = []
    for i, paragraphs in enumerate(documents):
        mentions += mentions_of(parse_paragraphs, *paragraphs, doc_id=f"d{i}.txt")
    actors, _ = merge_actors(mentions, {f"d{i}.txt": i for i in range(len(documents))})
    return {a.name: a for a in actors}


def test_roles_from_titles_and_appositives(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        "Kenyan Interior Minister Joseph Kamau met Ruth Odhiambo, the head of the electoral commission.")
    roles = {m.text: m.roles for m in found}
    assert "Kenyan Interior Minister" in roles["Joseph Kamau"]
    assert any("head" in r for r in roles["Ruth Odhiambo"])


def test_country_labels_are_corrected_by_gazetteer(parse_paragraphs):
    actors = actors_of(parse_paragraphs, ["Niger and Chad closed their borders after Malian troops moved north."])
    assert actors["Niger"].type == "country"
    assert actors["Mali"].type == "country" and "Malian" in actors["Mali"].aliases


def test_wire_credits_and_headings_are_not_actors(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        "Protesters gather outside parliament in Nairobi. © Reuters – Simon Maina",
                        "Anger on the streets",
                        "With AFP and Reuters")
    names = {m.text for m in found}
    assert "Reuters" not in names and "Simon Maina" not in names and "AFP" not in names
    assert is_heading("Anger on the streets")


def test_surname_merges_into_full_name_across_documents(parse_paragraphs):
    actors = actors_of(parse_paragraphs,
                       ["Opposition leader Tomas Berg called for new elections."],
                       ["Berg said the count was flawed.", "Mr Berg left the capital on Friday."])
    assert "Tomas Berg" in actors
    assert "Berg" in actors["Tomas Berg"].aliases
    assert actors["Tomas Berg"].documents == ["d0.txt", "d1.txt"]
    assert "Berg" not in actors


def test_acronym_and_group_suffix_merge(parse_paragraphs):
    actors = actors_of(parse_paragraphs,
                       ["The World Health Organization said the outbreak was contained.",
                        "The WHO sent a team to the region."],
                       ["Fighters of the Karvak Group attacked a checkpoint.", "Karvak denied it."])
    assert "WHO" in actors["World Health Organization"].aliases
    assert any(name.startswith("Karvak") for name in actors)
    assert sum(1 for name in actors if name.startswith("Karvak")) == 1


def test_operation_names_are_not_actors(parse_paragraphs):
    found = mentions_of(parse_paragraphs, "The raids, dubbed Operation Sandstorm, began in May.")
    assert not any("Sandstorm" in m.text for m in found)


def test_named_storms_are_not_actors(parse_paragraphs):
    found = mentions_of(parse_paragraphs, "Cyclone Hanna made landfall near Chittagong on Sunday.")
    assert not any("Hanna" in m.text for m in found)


def test_bracketed_acronym_is_an_alias(parse_paragraphs):
    actors = actors_of(parse_paragraphs,
                       ["The Economic Community of West African States (ECOWAS) suspended the country.",
                        "ECOWAS leaders will meet on Monday."])
    names = [n for n in actors if "ECOWAS" in n or "Economic Community" in n]
    assert names == ["Economic Community of West African States"]
    assert "ECOWAS" in actors[names[0]].aliases


def test_institution_named_by_demonym(parse_paragraphs):
    actors = actors_of(parse_paragraphs, ["The blast killed four people, Somali police said."],
                       ["The National Army of Chad and the Chadian military were both deployed."])
    assert actors["Somali police"].type == "organization"
    chad_army = [n for n in actors if "army" in n.lower()]
    assert len(chad_army) == 1


def test_reporting_credits_are_not_actors(parse_paragraphs):
    found = mentions_of(parse_paragraphs, "(Reporting by Amina Kasule in Kampala; Editing by Peter Lowe)")
    assert found == [] or all(m.label in {"GPE", "LOC"} for m in found)


def test_place_by_preposition_and_dateline(parse_paragraphs):
    actors = actors_of(parse_paragraphs, ["TARSOVA, Kenya — Gunmen stormed a hotel in Tarsova on Friday."])
    assert actors["Tarsova"].type == "place"


def test_untagged_name_beside_a_title_is_a_person(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        "The foreign minister, Adelina Gomes Có, who was on an official visit to Lisbon, "
                        "told Reuters the palace had been surrounded.")
    people = {m.text: m.roles for m in found if m.label == "PERSON"}
    assert "Adelina Gomes Có" in people and any("minister" in r for r in people["Adelina Gomes Có"])


def test_names_the_model_cuts_short_are_made_whole(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        "Defense Minister Julio César Valdivia said rescue teams reached the wreckage.",
                        "Katsina Governor Aminu Bello Tsafe visited the school in the afternoon.")
    people = {m.text: m.roles for m in found if m.label == "PERSON"}
    assert "Julio César Valdivia" in people and "Aminu Bello Tsafe" in people
    assert not any(m.text.endswith("Governor") for m in found)
    assert any("Governor" in r for r in people["Aminu Bello Tsafe"])


def test_a_title_anywhere_makes_a_person(parse_paragraphs):
    actors = actors_of(parse_paragraphs,
                       ["Defense Minister Julio César Valdivia said rescuers reached the wreckage.",
                        "Valdivia told reporters there was no hope.", "Valdivia visited the site."])
    assert actors["Julio César Valdivia"].type == "person"


def test_places_reached_or_left(parse_paragraphs):
    actors = actors_of(parse_paragraphs, ["She was travelling to Chalvani to open a clinic.",
                                          "Residents of Chalvani said they heard a blast."])
    assert actors["Chalvani"].type == "place"


def test_abbreviated_titles_brackets_and_acronyms_after_a_place(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        '"We keep hoping," said Engr. Rosalinda Magbanua, head of the relief office.',
                        "The raid was blamed on the Allied Democratic Forces (ADF), a local official said.",
                        "The soldier died, according to the UN Multidimensional Integrated Stabilization "
                        "Mission in the Central African Republic (MINUSCA).")
    by_text = {m.text: m for m in found}
    assert "Rosalinda Magbanua" in by_text and "engineer" in by_text["Rosalinda Magbanua"].roles
    assert "Allied Democratic Forces" in by_text
    assert by_text["ADF"].alias_of == "Allied Democratic Forces"
    assert by_text["MINUSCA"].alias_of == "UN Multidimensional Integrated Stabilization Mission"


def test_names_with_a_word_the_model_took_for_a_place(parse_paragraphs):
    found = mentions_of(parse_paragraphs,
                        "Our forces reacted promptly, said Lieutenant Gédéon Mbuyi Kalala, the army spokesman.")
    assert "Gédéon Mbuyi Kalala" in {m.text for m in found if m.label == "PERSON"}


# --- credit zones: contributor lines, datelines, furniture, post signatures ------------------

@pytest.mark.parametrize("paragraph, credited", [
    ("Wire writers Paolo Brandt in Quito and Mirela Costa in Lisbon contributed to this report.",
     ["Paolo Brandt", "Mirela Costa"]),
    ("(NBC) — Flood waters rose in Harlow County on Monday, officials said.", ["NBC"]),
    ("Updated at 7 a.m. ET: Sheriff Dale Porter said the road had reopened.", ["ET"]),
    ("We are all safe here. — Jenna Wolfe (@jwolfe_reports) March 3, 2021", ["Jenna Wolfe"]),
    ("Photograph: Ines Varga/Getty", ["Ines Varga"]),
])
def test_credit_zones_name_no_actor(parse_paragraphs, paragraph, credited):
    names = {m.text for m in mentions_of(parse_paragraphs, paragraph)}
    assert not names & set(credited)


def test_a_dateline_outlet_is_cut_out_but_the_story_is_kept(parse_paragraphs):
    names = {m.text for m in mentions_of(
        parse_paragraphs, "(NBC) — Mayor Tomas Reed said the bridge in Harlow would stay shut.")}
    assert "NBC" not in names and "Tomas Reed" in names


# --- not actors: ships, storms, the words of a title -----------------------------------------

@pytest.mark.parametrize("paragraph, thing", [
    ("The frigate HMS Brightwater joined the search on Tuesday.", "HMS Brightwater"),
    ("The USS Calder was sent to the strait, the navy said.", "USS Calder"),
    ("Rescuers reached the ferry Santa Lucia after dawn.", "Santa Lucia"),
    ("Storm Ingrid cut power to thousands of homes.", "Storm Ingrid"),
    ("Secretary of State Lena Marsh said the talks would resume.", "State"),
    ("The Minister for Health, Omari Kinga, visited the ward.", "Health"),
])
def test_things_and_title_words_are_not_actors(parse_paragraphs, paragraph, thing):
    names = {m.text for m in mentions_of(parse_paragraphs, paragraph)}
    assert thing not in names


# --- roles: prepositional phrases, written-out abbreviations, no bare honorific --------------

@pytest.mark.parametrize("paragraph, name, role", [
    ("Capt. Ruben Olmedo said the men were found alive.", "Ruben Olmedo", "captain"),
    ("Army spokesman Brig. Gen. Yakubu Danladi said the camp was cleared.", "Yakubu Danladi",
     "brigadier general"),
    ("Gov. Maria Estes declared an emergency.", "Maria Estes", "governor"),
    ("Trooper First Class Dale Koenig said the road was icy.", "Dale Koenig", "trooper"),
    ("Forecaster Ellen Pike said the rain would ease.", "Ellen Pike", "forecaster"),
    ("The French Ambassador to Chad, Paul Merlin, met the families.", "Paul Merlin",
     "Ambassador to Chad"),
    ("Police spokesman Lt. Omar Reyes said two men were arrested.", "Omar Reyes", "spokesman"),
])
def test_roles_are_titles_written_out(parse_paragraphs, paragraph, name, role):
    by_text = {m.text: m for m in mentions_of(parse_paragraphs, paragraph)}
    assert name in by_text, by_text
    roles = by_text[name].roles
    assert any(role.lower() in r.lower() for r in roles), roles
    assert not any(r.lower().strip(".") in {"mr", "mrs", "ms", "dr"} for r in roles)


def test_split_titles_keeps_honorifics_out_of_roles():
    from briefgen.extract.actors import split_titles
    assert split_titles("Mr. Ali Hassan") == ("Ali Hassan", None)
    assert split_titles("Lt. Col. Ana Ruiz") == ("Ana Ruiz", "lieutenant colonel")


# --- state bodies without a demonym ----------------------------------------------------------

def test_a_towns_police_and_the_reports_own_army(parse_paragraphs):
    names = {m.text for m in mentions_of(
        parse_paragraphs,
        "Two men were hurt in a fight, Granville police said.",
        "Gunmen attacked a village in central Mali on Sunday, the army said.",
        "The country's military said it had sent troops to the area.")}
    assert "Granville police" in names
    assert "Malian army" in names

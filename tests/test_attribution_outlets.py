"""Attribution classes found on outlets' own ways of writing: questions put to a speaker, a
pronoun after a paragraph about someone's family, a reported clause that ends in a quote, and
names the model tags as places.

Every sentence here is invented for these tests; none comes from an evaluation text.
"""

from __future__ import annotations

import pytest

from test_attribution import quotes_of  # noqa: F401  (the shared fixture)

from briefgen.extract.actors import extract_mentions


def reported(quotes):
    return [q for q in quotes if q.kind == "indirect"]


def quoted(quotes):
    return [q for q in quotes if q.kind in ("direct", "partial")]


# --- the question put to a speaker is not what the speaker reported ---------------------------

@pytest.mark.parametrize("sentence, said", [
    ("Asked by a reporter whether the pier would reopen, Mayor Ines Farrow said repairs would "
     "take a month.", "repairs would take a month"),
    ("Asked about the delay, the harbour master said the cranes had failed.", "cranes had failed"),
])
def test_question_put_is_not_reported_speech(quotes_of, sentence, said):
    found = reported(quotes_of(sentence))
    assert not any(q.text.startswith("Asked") for q in found), found
    assert any(said in q.text for q in found), found


def test_question_alone_gives_no_report(quotes_of):
    found = reported(quotes_of("Teodor Ilic, 9, sat on the steps. Asked what he saw, he shrugged."))
    assert not any("what he saw" in q.text for q in found), found


# --- a report whose clause ends in a quote is both a quote and reported speech ----------------

def test_reported_clause_ending_in_a_quote(quotes_of):
    found = quotes_of('Carla Wendt chairs the tenants\' group. She said they had received "two '
                      'letters, and both were from the landlord\'s lawyers".')
    assert any("had received" in q.text and q.speaker == "Carla Wendt" for q in reported(found)), found
    assert any("two letters" in q.text for q in quoted(found)), found


# --- he and she: one person of that gender, not a group ----------------------------------------

def test_she_is_not_the_group_named_before(quotes_of):
    found = quoted(quotes_of(
        "For a year the families of Ostrava Hill have asked why the slope was never shored up.",
        "Marta Kovacs keeps her son's bicycle in the hall. “I cannot move it,” she says."))
    assert found and found[0].speaker == "Marta Kovacs", found


def test_she_is_not_her_son(quotes_of):
    found = quoted(quotes_of(
        "Lidia Moreno, whose son Pablo is among the missing, waited at the gate. "
        "“He promised to call me at noon,” she said."))
    assert found and found[0].speaker == "Lidia Moreno", found


def test_she_after_a_paragraph_about_her_family(quotes_of):
    found = quoted(quotes_of(
        "Ana Petrosyan, 41, was at work in the next town. Her husband, Arsen, was at home "
        "with their daughter, Mila, and their son, Davit.",
        "“Arsen rang me just after midnight,” she says."))
    assert found and "Petrosyan" in found[0].speaker, found


# --- names the model tags as places --------------------------------------------------------------

def test_name_beside_a_role_is_a_person(parse_paragraphs):
    mentions = extract_mentions(parse_paragraphs([
        "The head of the charity's team in Bukavu, Jean-Luc Mbala, said the road was closed."]))
    found = [m.mention for m in mentions if "Mbala" in m.mention.text]
    assert found and found[0].label == "PERSON", [(m.mention.text, m.mention.label) for m in mentions]


def test_lone_surname_of_a_named_person_is_a_mention(parse_paragraphs):
    mentions = extract_mentions(parse_paragraphs([
        "Irakli Dzneladze still keeps the keys to the old house.",
        "Dzneladze, 52, was driving a bus in the next valley that night."]))
    lone = [m for m in mentions if m.paragraph == 2 and m.mention.text == "Dzneladze"]
    assert lone and lone[0].mention.label == "PERSON", [(m.mention.text, m.mention.label) for m in mentions]


def test_a_place_after_a_comma_stays_a_place(parse_paragraphs):
    mentions = extract_mentions(parse_paragraphs([
        "Two guards were killed at a depot in Masisi territory, North Kivu, on Friday, the "
        "charity said."]))
    assert not any(m.mention.label == "PERSON" and "Kivu" in m.mention.text for m in mentions)


# --- "It said", ", it said", ", they said": the body that spoke before ------------------------

def test_it_said_after_the_company_said(quotes_of):
    found = reported(quotes_of(
        "Shares in Marlow Ceramics fell on Monday. The kiln failed at dawn, the company said in a "
        "statement. It said no one living nearby was at risk."))
    first = next(q.speaker for q in found if "kiln failed" in q.text)
    assert first and any("no one living nearby" in q.text and q.speaker == first for q in found), found


def test_trailing_it_said_gives_the_body_of_the_clause(quotes_of):
    found = reported(quotes_of(
        "The Office of the Chief Inspector has opened an inquiry into the collapse, it said on Friday."))
    assert any("opened an inquiry" in q.text and "Chief Inspector" in (q.speaker or "") for q in found), found


def test_trailing_they_said_after_a_plural_body(quotes_of):
    found = reported(quotes_of(
        "The county fire services said three crews were at the mill. The blaze was out by noon, "
        "they said."))
    assert any("out by noon" in q.text and "fire services" in (q.speaker or "") for q in found), found


# --- descriptions of the one just named ----------------------------------------------------------

def test_the_demonym_is_the_person_just_named(quotes_of):
    found = quoted(quotes_of(
        "Coach Anders Holm, whose players ran onto the track, wept afterwards.",
        "“Nobody thinks about the score at a moment like that,” the Dane said."))
    assert found and "Anders Holm" in found[0].speaker, found


def test_the_prime_minister_is_not_the_deputy(quotes_of):
    found = quoted(quotes_of(
        "Prime Minister Rustam Aliev ordered a commission headed by Deputy Prime Minister "
        "Gulnara Sadykova.",
        "“Every family will be helped,” the Prime Minister stressed."))
    assert found and found[0].speaker == "Rustam Aliev", found


def test_press_service_speaks_for_its_ministry(quotes_of):
    found = quoted(quotes_of(
        "The Ministry of Civil Defence sent four teams.",
        "“The search ended at noon. All the missing have been found,” the ministry's press "
        "service informed."))
    assert found and found[0].speaker == "Ministry of Civil Defence", found


# --- one entity, one row; time zones and letters after a name --------------------------------

def _actors(parse_paragraphs, *paragraphs):
    from briefgen.assemble.actors import merge_actors
    mentions = [m.mention for m in extract_mentions(parse_paragraphs(paragraphs))]
    actors, _ = merge_actors(mentions, {"t.txt": 0})
    return {a.name: a for a in actors}


def test_time_zones_are_not_actors(parse_paragraphs):
    found = _actors(parse_paragraphs, "09:40 GMT", "Rescuers reached the hut at 09:40 GMT, the "
                    "Alpine Rescue Service said. The road reopened at 11:00 BST.")
    assert not {"GMT", "BST"} & set(found), list(found)


def test_counsel_letters_are_no_part_of_the_name(parse_paragraphs):
    found = _actors(parse_paragraphs, "Cross-examined by Owen Lutterworth KC, for the defence, the "
                    "witness agreed. Mr Lutterworth then sat down.")
    assert not any(name.endswith("KC") for name in found), list(found)


def test_short_form_of_a_company_is_the_company(parse_paragraphs):
    found = _actors(parse_paragraphs,
                    "Shares in Dutch paint maker Halvard Chemicals fell 9% after the fire.",
                    "Halvard rejected the claim, and analysts at Brenton Securities cut the stock. "
                    "Brenton said the fall was overdone.")
    assert "Halvard" not in found and "Halvard Chemicals" in found, list(found)
    assert found["Halvard Chemicals"].type == "organization"
    assert "Brenton" not in found, list(found)

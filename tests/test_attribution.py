"""Who said it: reporting-verb classes, noun and participle constructions, relaying outlets,
mid-sentence attribution, descriptive references and words inside another's account.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from briefgen.extract.actors import extract_mentions
from briefgen.extract.quotes import extract_quotes


@pytest.fixture
def quotes_of(parse_paragraphs):
    def run(*paragraphs):
        pdoc = parse_paragraphs(paragraphs)
        return extract_quotes(pdoc, extract_mentions(pdoc))
    return run


def reported(quotes):
    return [q for q in quotes if q.kind == "indirect"]


def quoted(quotes):
    return [q for q in quotes if q.kind in ("direct", "partial")]


# --- reporting verbs and their constructions -------------------------------------------------

@pytest.mark.parametrize("sentence, words", [
    ("Engineers believe the dam failed because its spillway was blocked.", "spillway was blocked"),
    ("The transport ministry blamed the derailment on a signal fault.", "signal fault"),
    ("The regional council described the flooding as the worst in a century.", "worst in a century"),
    ("Governor Ines Calder called on residents to leave the valley.", "leave the valley"),
    ("The rebel commander vowed to free the prisoners within a week.", "free the prisoners"),
    ("Harbor Logistics declined to comment on the accusations.", "declined to comment"),
])
def test_reporting_verb_classes(quotes_of, sentence, words):
    found = reported(quotes_of(sentence))
    assert any(words in q.text for q in found), found


def test_manner_verbs_attribute_a_shout(quotes_of):
    found = quoted(quotes_of("“Stay inside!” a paramedic shouted as the wall gave way."))
    assert found and found[0].speaker == "paramedic"


# --- noun and participle constructions -------------------------------------------------------

def test_released_a_statement_saying(quotes_of):
    found = reported(quotes_of(
        "Nordvik Shipping released a statement saying all 40 crew were safe."))
    assert found and found[0].speaker == "Nordvik Shipping"
    assert "crew were safe" in found[0].text


def test_quoted_x_as_saying_gives_x(quotes_of):
    found = reported(quotes_of(
        "A local radio station quoted the mayor, Olga Brandt, as saying the water was safe to drink."))
    assert found and found[0].speaker == "Olga Brandt"


def test_the_statement_added_is_the_organisation(quotes_of):
    found = quoted(quotes_of(
        "The Dockworkers Union said in a statement it mourned the dead.",
        "“We will not forget them,” the statement added."))
    assert found and found[0].speaker == "Dockworkers Union"


def test_it_said_after_the_organisation(quotes_of):
    found = reported(quotes_of(
        "The Health Ministry counted the victims overnight. It said 212 homes were destroyed."))
    assert any(q.speaker == "Health Ministry" and "212 homes" in q.text for q in found), found


# --- relaying outlets ------------------------------------------------------------------------

def test_according_to_an_agency_is_the_channel(quotes_of):
    found = quoted(quotes_of(
        "“The dam has held,” Governor Tomas Ekwueme said, according to the state news agency."))
    assert found and found[0].speaker == "Tomas Ekwueme"


def test_according_to_a_video_is_no_speaker(quotes_of):
    found = quoted(quotes_of(
        "“Run to the hill!” one lifeguard yelled, according to a video shared online."))
    assert found and found[0].speaker == "lifeguard"


# --- mid-sentence and final attribution ------------------------------------------------------

@pytest.mark.parametrize("sentence, words", [
    ("The convoy, police said, was ambushed near the border.", "ambushed near the border"),
    ("Divers found the wreck in deep water, a senior navy officer, Commander Ivo Rask, said.",
     "found the wreck"),
    ("Nordvik Shipping, which owns the vessel, said in a statement that it was helping the "
     "families.", "helping the families"),
    ("The toll rose to 30, the civil defence chief, Col. Ana Ruiz, announced.", "toll rose to 30"),
    ("Channel 9 reports that two bridges were swept away.", "two bridges were swept away"),
])
def test_mid_sentence_and_final_attribution(quotes_of, sentence, words):
    found = reported(quotes_of(sentence))
    assert any(words in q.text for q in found), found


# --- descriptive and group references --------------------------------------------------------

def test_the_twelve_year_old_is_the_child_named_before(quotes_of):
    found = quoted(quotes_of(
        "Amira Haddad, 12, hid in a cupboard with her cousin.",
        "“I thought the house would fall,” the 12-year-old said."))
    assert found and found[0].speaker == "Amira Haddad"


def test_some_said_is_reported_speech(quotes_of):
    found = reported(quotes_of(
        "Fishermen said they had seen the boat leave at dawn. Some said it was overloaded."))
    assert any("overloaded" in q.text for q in found), found


# --- one verb, two items; negated reports ----------------------------------------------------

def test_said_and_urged_give_two_items(quotes_of):
    found = reported(quotes_of(
        "Mayor Lena Holt said the shelters were full and urged families to stay with relatives."))
    texts = [q.text for q in found]
    assert any("shelters were full" in t and "urged" not in t for t in texts), texts
    assert any("stay with relatives" in t for t in texts), texts


def test_adding_that_is_its_own_item(quotes_of):
    found = reported(quotes_of(
        "The navy said it had rescued 40 sailors, adding that two were still missing."))
    assert any(t.text.startswith("adding") or "two were still missing" in t.text
               and "rescued" not in t.text for t in found), found


@pytest.mark.parametrize("sentence", [
    "Police did not say whether the driver had been drinking.",
    "The company did not say what caused the leak.",
])
def test_negated_reports_are_kept(quotes_of, sentence):
    found = reported(quotes_of(sentence))
    assert found and "did not say" in found[0].text


# --- words inside someone else's account -----------------------------------------------------

def test_a_shout_heard_by_the_narrator_is_the_shouter(quotes_of):
    found = quoted(quotes_of(
        "Dario Venn said he heard a guard yell “Get out!” as the smoke spread."))
    assert found and found[0].speaker == "guard"


@pytest.mark.parametrize("sentence, speaker", [
    ("Teo Brand said he heard one of the drivers shout “Stop the bus!” before the crash.",
     "one of the drivers"),
    ("Ana Ruiz said she heard Inspector Karl Moen shout “Down!” twice.", "Karl Moen"),
    ("Lene Holm, 19, said she heard a ranger yell “Leave the car, run!” over the radio.", "ranger"),
])
def test_the_one_heard_is_the_speaker_even_when_the_parse_loses_the_verb(quotes_of, sentence, speaker):
    found = quoted(quotes_of(sentence))
    assert found and found[0].speaker == speaker


def test_hearing_news_makes_no_speaker_of_it(quotes_of):
    found = quoted(quotes_of("Residents said they had heard the news with shock. "
                             "“We will rebuild,” the mayor, Ivo Sand, said."))
    assert found and found[0].speaker == "Ivo Sand"


@pytest.mark.parametrize("sentence, speaker", [
    ("Rana Dev, 52, whose shop stood by the river, said the water came “like a wall”.", "Rana Dev"),
    ("The Canadian Ambassador to Peru, Lise Moreau, said “we are working with the authorities”.",
     "Lise Moreau"),
])
def test_an_age_or_a_role_phrase_beside_the_name_stays_out_of_the_speaker(quotes_of, sentence, speaker):
    found = quoted(quotes_of(sentence))
    assert found and found[0].speaker == speaker

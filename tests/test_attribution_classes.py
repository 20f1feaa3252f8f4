"""Attribution and entity classes of the attribution issue, each on invented sentences.

Every sentence here is invented for these tests; none comes from an evaluation text.
"""

from __future__ import annotations

import pytest

from test_attribution import quotes_of  # noqa: F401  (the shared fixture)

from briefgen.extract.actors import extract_mentions


@pytest.fixture
def mentions_of(parse_paragraphs):
    def run(*paragraphs):
        return extract_mentions(parse_paragraphs(paragraphs))
    return run


def quoted(quotes):
    return [q for q in quotes if q.kind in ("direct", "partial")]


def speaker_of(quotes, words):
    return next(q.speaker for q in quotes if words in q.text)


# --- "the statement added": the one who issued the statement, not the outlet that carried it ---

@pytest.mark.parametrize("paragraphs", [
    ("Halvorsen Shipping said in a statement, which was carried by the state broadcaster "
     "Radio Nordkapp, that the crew had been rescued. “We are grateful to the fishermen who "
     "helped,” the statement added.",),
    ("The rescue was slowed by fog, the owner, Brightwater Ferries, said in a statement.",
     "“Our thoughts are with the families of the passengers,” the statement said, according to "
     "the regional news agency Baltic Wire."),
    ("In a statement, Dorrance Mining said the tunnel had been inspected in May.",
     "Kestrel Hospital treated the injured. “Every worker matters to us,” the statement added."),
])
def test_the_statement_speaks_for_its_issuer(quotes_of, paragraphs):
    found = quoted(quotes_of(*paragraphs))
    issuer = {"Halvorsen Shipping", "Brightwater Ferries", "Dorrance Mining"}
    assert found and found[-1].speaker in issuer, found


def test_the_statement_added_as_reported_speech(quotes_of):
    found = quotes_of("Tamsin Foods said in a statement that two lines had stopped. The statement "
                      "added that no one had been hurt.")
    added = [q for q in found if q.kind == "indirect" and "no one had been hurt" in q.text]
    assert added and added[0].speaker == "Tamsin Foods"


# --- victims through what a count refers to ------------------------------------------------------

@pytest.fixture
def figures_of(parse_paragraphs):
    from briefgen.extract.figures import extract_figures

    def run(*paragraphs):
        return extract_figures(parse_paragraphs(paragraphs))[0]
    return run


def victims(figures, low):
    return next(f.subject for f in figures if f.low == low)


@pytest.mark.parametrize("sentence, low, head", [
    ("A landslide killed 31 villagers on Sunday. Twelve of the dead were children.", 12, "children"),
    ("Fire swept through the depot, killing eight people. Five of the dead were firefighters.",
     5, "firefighters"),
    ("The bus plunged into a ravine, killing 19 passengers. Six of the passengers who died were "
     "nurses returning from a shift.", 6, "nurses"),
])
def test_the_complement_names_the_victims_of_a_part(figures_of, sentence, low, head):
    found = victims(figures_of(sentence), low)
    assert found and found.split()[-1] == head, found


@pytest.mark.parametrize("sentence, low, head", [
    ("The blast killed four miners and injured 17 others, the company said.", 17, "miners"),
    ("A gas leak killed two residents. Twenty others were wounded, nine of them critically.", 9,
     "residents"),
    ("Storms killed six hikers in the range. Two of the dead were found near the summit.", 2,
     "hikers"),
    ("Floods killed nine farmers and injured 14 herders. Three of the injured were flown to the "
     "capital.", 3, "herders"),
    ("The attack killed 15 shoppers and wounded 40, officials said.", 40, "shoppers"),
])
def test_a_count_that_refers_back_takes_the_antecedents_victims(figures_of, sentence, low, head):
    found = victims(figures_of(sentence), low)
    assert found and found.split()[-1] == head, found


def test_a_breakdown_is_never_the_antecedent(figures_of):
    found = figures_of("The strike killed 30 people, including 11 children. Fifty others were "
                       "wounded.")
    assert victims(found, 50) == "people"


def test_a_bare_count_in_another_sentence_keeps_no_victims(figures_of):
    found = figures_of("The crash killed five soldiers. On Monday, rescuers said they had found "
                       "two more.")
    assert all(f.subject != "soldiers" or f.low == 5 for f in found)


# --- organisations by how their names are made; people by what only people have -----------------

def label_of(mentions, text):
    return next(m.mention.label for m in mentions if m.mention.text == text)


@pytest.mark.parametrize("sentence, name", [
    ("PT Samudra Logam Perkasa said the smelter would reopen on Monday.", "PT Samudra Logam Perkasa"),
    ("Grupo Ferrovial Andes denied that the tracks had been neglected.", "Grupo Ferrovial Andes"),
    ("Minera Quebrada Alta suspended work at the pit after the slide.", "Minera Quebrada Alta"),
    ("The injured were flown to Hollowell Medical Center in the state capital.",
     "Hollowell Medical Center"),
    ("Doctors at Okonjo Memorial Hospital said three patients had died.", "Okonjo Memorial Hospital"),
    ("Tarrant Polymers said it had halted production.", "Tarrant Polymers"),
])
def test_names_made_like_organisations_are_organisations(mentions_of, sentence, name):
    assert label_of(mentions_of(sentence), name) == "ORG"


@pytest.mark.parametrize("sentence, name", [
    ("Corwin Baptiste, 31, and Lena Ostrova, 27, were charged with arson.", "Corwin Baptiste"),
    ("Corwin Baptiste, 31, and Lena Ostrova, 27, were charged with arson.", "Lena Ostrova"),
    ("“It shook the windows,” said Tobias Wren, who lives on the corner.", "Tobias Wren"),
])
def test_an_age_or_a_who_clause_marks_a_person(mentions_of, sentence, name):
    found = mentions_of(sentence)
    assert any(m.mention.text == name and m.mention.label == "PERSON" for m in found), \
        [(m.mention.text, m.mention.label) for m in found]


def test_a_lone_surname_is_the_person_the_document_names_in_full(mentions_of):
    found = mentions_of("“The sirens never stopped,” said Hollis Varga, a baker.",
                        "Varga said the smoke reached the bakery within minutes.")
    assert all(m.mention.label == "PERSON" for m in found if m.mention.text == "Varga")


def test_a_shouted_imperative_is_no_name(mentions_of):
    found = mentions_of("She said she heard a deputy yell “Drop it! Drop it now!” from the yard.")
    assert not any(m.mention.text == "Drop" for m in found)


# --- a speaker introduced by description ---------------------------------------------------------

@pytest.mark.parametrize("paragraphs, speaker", [
    (("Outside the clinic stood Marisol Quenta, whose 16-year-old daughter, Ilse, was still "
      "missing. “She texted me at midnight,” the 16-year-old's mother said.",), "Marisol Quenta"),
    (("Among the mourners was Desmond Achterberg, whose son worked the night shift.",
      "“He loved that job,” the miner's father said."), "Desmond Achterberg"),
])
def test_a_kinship_description_stands_for_the_relative_named_before(quotes_of, paragraphs, speaker):
    found = quoted(quotes_of(*paragraphs))
    assert found and found[0].speaker == speaker, found


def test_a_kinship_description_with_another_age_is_not_that_relative(quotes_of):
    found = quoted(quotes_of(
        "Among the families was Ottilie Brandauer, whose 40-year-old husband had been rescued. "
        "“I prayed all night,” the 12-year-old's mother said."))
    assert found and found[0].speaker != "Ottilie Brandauer"


# --- bodies a report names only by what they are --------------------------------------------------

def org_names(mentions):
    return {m.mention.text for m in mentions if m.mention.label == "ORG"}


@pytest.mark.parametrize("sentence, name", [
    ("Eleven workers died in the fire, the rebel-run labour ministry said.", "rebel-run labour ministry"),
    ("The toll rose to nine, according to the Tarvo state prosecutor's office.",
     "Tarvo state prosecutor's office"),
    ("Two walkers were still missing on the cliffs, the coastguard said.", "coastguard"),
    ("The Gulf-backed coalition did not immediately comment on the strike.", "Gulf-backed coalition"),
])
def test_a_speaking_body_named_by_what_it_is_is_an_organisation(mentions_of, sentence, name):
    assert name in org_names(mentions_of(sentence))


@pytest.mark.parametrize("sentence", [
    "The ministry said the border would stay closed.",          # no modifier: refers back
    "The mayor's office said the road would reopen on Friday.",  # someone's office, no name
    "The state news agency Radio Tamar said four people had died.",   # the name is the actor
    "The port authority, Harbour Ostra, said the quay was safe.",      # named beside it
])
def test_bodies_that_are_no_actor_of_their_own(mentions_of, sentence):
    found = org_names(mentions_of(sentence))
    assert not any(n.split()[-1].lower() in {"ministry", "office", "agency", "authority"}
                   and n[:1].islower() for n in found), found


def test_a_description_of_a_body_named_before_is_that_body(mentions_of):
    found = mentions_of("Crews from the Bureau of Flood Control reached the valley at dawn.",
                        "Four people were rescued from rooftops, the flood bureau said.")
    described = [m for m in found if m.mention.text == "flood bureau"]
    assert described and described[0].mention.alias_of == "Bureau of Flood Control"


# --- more reporting constructions ----------------------------------------------------------------

def test_a_following_sentence_that_reports_its_own_clause_does_not_take_the_quote(quotes_of):
    found = quotes_of("“The water rose faster than we could run,” a ranger, Ilka Moen, told a local "
                      "radio station. “We carried the children on our shoulders.” She said two "
                      "bridges had been swept away.")
    assert speaker_of(quoted(found), "carried the children") == "Ilka Moen"
    assert any(q.kind == "indirect" and "bridges had been swept away" in q.text for q in found)


@pytest.mark.parametrize("sentence, words", [
    ("The shipping company did not immediately comment.", "did not immediately comment"),
    ("The regional envoy, Oskar Venn, called on both sides to open the road.", "open the road"),
])
def test_refusals_and_appeals_are_reported_speech(quotes_of, sentence, words):
    assert any(q.kind == "indirect" and words in q.text for q in quotes_of(sentence))

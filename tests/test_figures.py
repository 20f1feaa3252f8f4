"""Casualty figures: extraction from real spaCy parses, merging across documents, conflicts.

Every passage here is written for the test (an invented region and invented events), so the
rules are checked on text they were not written from.
"""

from __future__ import annotations

import pytest

from briefgen.assemble.figures import figure_conflicts, merge_figures
from briefgen.extract.figures import extract_figures
from briefgen.model import Document, Figure, Trend
from briefgen.nlp import load_pipeline, parse


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline()


@pytest.fixture
def read(pipeline):
    """Parse paragraphs as one document and return its figures and trends."""

    def run(*paragraphs: str, doc_id: str = "doc.txt") -> tuple[list[Figure], list[Trend]]:
        document = Document(id=doc_id, path=doc_id, paragraphs=list(paragraphs))
        [parsed] = parse([document], pipeline)
        return extract_figures(parsed)

    return run


@pytest.fixture
def figures(read):
    return lambda *paragraphs, **kw: read(*paragraphs, **kw)[0]


def only(found: list[Figure]) -> Figure:
    assert len(found) == 1, [(f.category, f.low, f.text) for f in found]
    return found[0]


def by_low(found: list[Figure], low: int | None, vague: str | None = None) -> Figure:
    hits = [f for f in found if f.low == low and (vague is None or f.vague == vague)]
    assert len(hits) == 1, [(f.category, f.low, f.vague, f.text) for f in found]
    return hits[0]


# --- numbers and qualifiers ----------------------------------------------------------------------


@pytest.mark.parametrize("sentence, low, high, qualifier", [
    ("Gunmen killed 1,204 villagers in the raid.", 1204, None, "exact"),
    ("Twenty-five villagers were killed in the raid.", 25, None, "exact"),
    ("The raid killed a dozen herders.", 12, None, "exact"),
    ("Two dozen herders were killed in the raid.", 24, None, "exact"),
    ("At least 14 herders were killed in the raid.", 14, None, "at_least"),
    ("More than 60 herders were killed in the raid.", 60, None, "more_than"),
    ("Over 60 herders were killed in the raid.", 60, None, "more_than"),
    ("Nearly 90 herders were killed in the raid.", 90, None, "about"),
    ("Almost 90 herders were killed in the raid.", 90, None, "about"),
    ("About 45 herders were killed in the raid.", 45, None, "about"),
    ("Around 45 herders were killed in the raid.", 45, None, "about"),
    ("Some 45 herders were killed in the raid.", 45, None, "about"),
    ("Approximately 45 herders were killed in the raid.", 45, None, "about"),
    ("Up to 80 herders were killed in the raid.", 80, None, "at_most"),
    ("Fewer than 10 herders were killed in the raid.", 10, None, "fewer_than"),
    ("Less than 10 herders were killed in the raid.", 10, None, "fewer_than"),
    ("Between 2,500 and 3,000 residents fled the fighting.", 2500, 3000, "range"),
    ("The clashes displaced 2,500-3,000 residents.", 2500, 3000, "range"),
    ("From 20 to 35 herders were killed in the raid.", 20, 35, "range"),
])
def test_numbers_and_qualifiers(figures, sentence, low, high, qualifier):
    figure = only(figures(sentence))
    assert (figure.low, figure.high, figure.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize("sentence, vague", [
    ("Dozens of villagers were killed in the raid.", "dozens"),
    ("Hundreds of families fled the fighting.", "hundreds"),
    ("Scores of students were abducted from the school.", "scores"),
    ("Several traders were wounded in the blast.", "several"),
    ("Tens of thousands of people have been displaced.", "tens of thousands"),
])
def test_vague_amounts_have_no_number(figures, sentence, vague):
    figure = only(figures(sentence))
    assert figure.qualifier == "vague"
    assert figure.vague == vague
    assert figure.low is None and figure.high is None


def test_a_rising_toll_keeps_the_latest_number(figures):
    figure = only(figures("The death toll from the bombing has risen from 12 to 31."))
    assert (figure.category, figure.low, figure.qualifier) == ("killed", 31, "exact")


# --- grammar of the outcome ----------------------------------------------------------------------


@pytest.mark.parametrize("sentence, category, low", [
    ("The militia killed at least 17 farmers near the river.", "killed", 17),          # object
    ("Nine farmers were killed near the river.", "killed", 9),                          # passive
    ("The death toll rose to 43 on Thursday.", "killed", 43),                           # toll
    ("The clashes caused 43 deaths.", "killed", 43),                                    # noun
    ("A car bomb exploded at the checkpoint, killing 8.", "killed", 8),                 # killing N
    ("The ambush left 5 dead.", "killed", 5),                                           # N dead
    ("The ambush left 30 wounded.", "injured", 30),                                     # left N wounded
    ("Seven guards died in the fire.", "killed", 7),
    ("The rebels executed 11 prisoners of war.", "killed", 11),
    ("Militiamen massacred 60 villagers.", "killed", 60),
    ("Officials reported 14 fatalities.", "killed", 14),
    ("Forty people were hurt in the stampede.", "injured", 40),
    ("Twelve fishermen are still missing after the storm.", "missing", 12),
    ("Eight crew members remain unaccounted for.", "missing", 8),
    ("About 4,000 residents were evacuated from the valley.", "displaced", 4000),
    ("The floods left 900 families homeless.", "displaced", 900),
    ("More than 2,000 refugees crossed the border.", "displaced", 2000),
    ("Police arrested 35 protesters outside parliament.", "detained", 35),
    ("Nineteen activists were jailed last year.", "detained", 19),
    ("Gunmen kidnapped 27 pupils from a boarding school.", "kidnapped", 27),
    ("The group still holds 6 hostages.", "kidnapped", 6),
])
def test_outcome_words_give_the_category(figures, sentence, category, low):
    figure = by_low(figures(sentence), low)
    assert figure.category == category


def test_two_outcomes_in_one_sentence(figures):
    found = figures("Twelve soldiers died and 30 were wounded when the convoy was ambushed.")
    assert by_low(found, 12).category == "killed"
    assert by_low(found, 30).category == "injured"


def test_a_parenthesised_count_after_a_year(figures):
    found = figures("Recorded deaths rose sharply between 2019 (812 deaths) and 2020 (2,377 deaths).")
    first, second = by_low(found, 812), by_low(found, 2377)
    assert (first.category, first.when, first.text) == ("killed", "2019", "2019 (812 deaths)")
    assert (second.category, second.when, second.text) == ("killed", "2020", "2020 (2,377 deaths)")
    assert {f.low for f in found} == {812, 2377}      # the years are not figures


def test_a_sub_total_after_including(figures):
    found = figures("Fifteen people were killed, including four children, and 22 others were injured.")
    assert by_low(found, 15).category == "killed"
    children = by_low(found, 4)
    assert (children.category, children.subject) == ("killed", "children")
    assert by_low(found, 22).category == "injured"


def test_partitive_and_total_constructions(figures):
    assert only(figures("Two of the wounded died in hospital.")).category == "killed"
    figure = only(figures("A total of 1,250 people have been arrested since the protests began."))
    assert (figure.category, figure.low) == ("detained", 1250)
    figure = only(figures("The fighting has forced 3 million people from their homes."))
    assert (figure.category, figure.low) == ("displaced", 3_000_000)
    figure = only(figures("The storm also left dozens of people missing."))
    assert (figure.category, figure.vague, figure.subject) == ("missing", "dozens", "people")


# --- who, where, when, who says so ---------------------------------------------------------------


def test_subject_place_and_date(figures):
    figure = only(figures(
        "In April 2021, at least 40 civilians were killed in the northern town of Kelvara."))
    assert figure.subject == "civilians"
    assert figure.place == "Kelvara"
    assert figure.when == "April 2021"
    assert "at least 40 civilians were killed in the northern town of Kelvara" in figure.text


def test_place_is_where_it_happened_not_a_modifier(figures):
    assert only(figures("Foreign-backed militias killed 12 fighters.")).place is None
    assert only(figures("A car bomb killed 30 shoppers at a Kabul market.")).place == "Kabul"


def test_a_wire_dateline_is_not_part_of_the_clause(figures):
    figure = only(figures("NIAMEY (Reuters) — Gunmen killed at least 9 soldiers near the border."))
    assert figure.text == "Gunmen killed at least 9 soldiers near the border"


def test_subject_keeps_its_adjective(figures):
    assert only(figures("The blast killed six Nigerien soldiers.")).subject == "Nigerien soldiers"


def test_claimed_by_according_to(figures):
    figure = only(figures("Eleven people were killed in the shelling, according to the regional governor."))
    assert figure.claimed_by == "the regional governor"
    assert figure.hedged is False


def test_claimed_by_the_reporting_verb(figures):
    figure = only(figures("Thirty-two miners were killed in the collapse, the labour ministry said."))
    assert figure.claimed_by == "the labour ministry"


def test_a_combatants_own_tally_is_hedged(figures):
    figure = only(figures("The army said it killed 56 insurgents during the operation."))
    assert (figure.category, figure.low, figure.subject) == ("killed", 56, "insurgents")
    assert figure.claimed_by == "the army"
    assert figure.hedged is True


@pytest.mark.parametrize("sentence", [
    "At least 20 people were reportedly killed in the attack.",
    "At least 20 people were allegedly killed in the attack.",
    "At least 20 people are believed to have been killed in the attack.",
    "The rebels claimed that they had killed 20 soldiers.",
    "At least 20 people were killed, but the figure could not be independently verified.",
])
def test_hedges(figures, sentence):
    assert only(figures(sentence)).hedged is True


def test_a_plain_statement_is_not_hedged(figures):
    assert only(figures("At least 20 people were killed in the attack on the market.")).hedged is False
    assert only(figures("Suspected rebels killed 20 soldiers on Friday.")).hedged is False


# --- numbers that are not casualties ------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The militia is believed to have between 800 and 1,200 members.",
    "The peacekeeping force, some 9,000 strong, will leave by June.",
    "Nearly 2,500 foreign soldiers will be withdrawn next year.",
    "The contract is worth $25 million a year.",
    "Food prices rose by 23% after the blockade.",
    "The siege of the city lasted 43 days.",
    "The rebellion began in 2014 and has not ended.",
    "The victim, aged 34, was a teacher.",
    "It was the third attack on the town this month.",
    "A third of the victims were women.",
    "Soldiers destroyed 40 houses in the village.",
    "He was one of 12 people killed.",          # only the 12 counts
])
def test_not_casualty_figures(figures, sentence):
    found = figures(sentence)
    if sentence.startswith("He was one"):
        assert [f.low for f in found] == [12]
    else:
        assert found == []


def test_released_hostages_are_not_a_count_of_the_kidnapped(figures):
    assert figures("Fourteen hostages were freed on Saturday.") == []


# --- trends ------------------------------------------------------------------------------------


def test_relative_statements_are_trends_not_counts(read):
    found, trends = read(
        "Civilian deaths more than doubled last year, according to a monitoring group.",
        "The number of people displaced rose by a third.",
        "Attacks on schools increased sharply.",
    )
    assert found == []
    assert [(t.category, t.direction, t.sources[0].paragraph) for t in trends] == [
        ("killed", "up", 1), ("displaced", "up", 2)]
    assert trends[0].claimed_by == "a monitoring group"
    assert "more than doubled" in trends[0].text


def test_a_toll_with_a_target_is_a_figure_not_a_trend(read):
    found, trends = read("The death toll climbed to 64 overnight.")
    assert [f.low for f in found] == [64]
    assert trends == []


# --- sources -------------------------------------------------------------------------------------


def test_each_figure_cites_its_sentence(figures):
    found = figures("The region was calm for months.",
                    "Then gunmen attacked a wedding. Nineteen guests were killed.", doc_id="a.txt")
    figure = only(found)
    [ref] = figure.sources
    assert (ref.document, ref.paragraph, ref.sentence) == ("a.txt", 2, 2)
    assert ref.text == "Nineteen guests were killed."


# --- merging and conflicts across documents ------------------------------------------------------


def test_the_same_figure_in_two_documents_is_merged(figures):
    one = figures("At least 37 people were killed in the attack on the market, police said.",
                  doc_id="wire.txt")
    two = figures("Observers said at least 37 people died in the town of Dorvane on Sunday.",
                  doc_id="paper.txt")
    other = figures("Two soldiers were wounded in a separate ambush.", doc_id="paper2.txt")
    merged = merge_figures(other + one + two)
    assert [(f.category, f.low) for f in merged] == [("killed", 37), ("injured", 2)]
    killed = merged[0]
    assert [r.document for r in killed.sources] == ["wire.txt", "paper.txt"]
    assert killed.place == "Dorvane"
    assert killed.when == "Sunday"
    assert killed.claimed_by == "police; observers"


def test_merge_orders_by_importance(figures):
    found = figures("Three people were injured. Dozens of people were killed. Nine people were killed. "
                    "Some 400 people were killed in the province in 2022.")
    merged = merge_figures(found)
    assert [(f.category, f.low, f.vague) for f in merged] == [
        ("killed", 400, None), ("killed", 9, None), ("killed", None, "dozens"), ("injured", 3, None)]


def test_different_tolls_for_one_event_become_a_question(figures):
    army = figures("Around 120 people were killed in the village of Sabou in May 2023, the army said.",
                   doc_id="army.txt")
    ngo = figures("A rights group said at least 310 civilians were killed in Sabou.", doc_id="ngo.txt")
    [question] = figure_conflicts(army + ngo, {"army.txt": "Army statement", "ngo.txt": "NGO report"})
    assert question.kind == "conflicting_figures"
    assert "about 120" in question.question and "at least 310" in question.question
    # each side is named by who gives it; the citations name the reports
    assert "according to the army" in question.question
    assert "according to a rights group" in question.question
    assert "according to the army" in question.question
    assert "according to a rights group" in question.question
    assert "killed in Sabou in May 2023" in question.question
    assert {r.document for r in question.evidence} == {"army.txt", "ngo.txt"}


def test_a_yearly_total_does_not_conflict_with_one_incident(figures):
    found = figures(
        "At least 90 people were killed in the town of Ostrel in March 2021.",
        "Across the country, violence caused 2,140 deaths in 2021.",
        "Rebels said they killed 14 soldiers.",
        doc_id="report.txt")
    assert len(found) == 3
    assert figure_conflicts(found, {"report.txt": "Report"}) == []


def test_a_combatant_count_does_not_conflict_with_a_civilian_toll(figures):
    one = figures("The army said it killed 80 militants in Sabou.", doc_id="a.txt")
    two = figures("Some 200 civilians were killed in Sabou, witnesses said.", doc_id="b.txt")
    assert figure_conflicts(one + two, {}) == []


def test_a_lead_that_disagrees_with_its_own_body(figures):
    found = figures("Fifty people were killed in a bombing on Friday.",
                    "The bomb went off at noon near the bus station.",
                    "Hospital officials later said 64 people were killed in the bombing.",
                    doc_id="story.txt")
    [question] = figure_conflicts(found, {"story.txt": "Bus station bombing"})
    assert "50" in question.question and "64" in question.question
    assert "killed on Friday" in question.question
    assert "opening paragraph" in question.question and "later in the text" in question.question
    assert [r.paragraph for r in question.evidence] == [1, 3]


def test_same_numbers_are_not_a_conflict(figures):
    one = figures("At least 37 people were killed in Dorvane.", doc_id="a.txt")
    two = figures("At least 37 people were killed in Dorvane, officials said.", doc_id="b.txt")
    assert figure_conflicts(one + two, {}) == []


# --- outcomes of people in a state, sub-groups, care and shelter ---------------------------------


@pytest.mark.parametrize("sentence, category, low", [
    ("Three hostages were shot dead during the rescue attempt.", "killed", 3),
    ("Nine captives were injured when the roof of the compound collapsed.", "injured", 9),
    ("Four refugees drowned when their boat capsized.", "killed", 4),
    ("Militants seized 14 hostages at the mine.", "kidnapped", 14),
    ("Rebels are still holding 8 hostages in the forest.", "kidnapped", 8),
])
def test_what_happened_to_hostages_wins_over_the_word_hostage(figures, sentence, category, low):
    assert by_low(figures(sentence), low).category == category


def test_hostages_killed_are_named_as_the_victims(figures):
    assert only(figures("Three hostages were shot dead during the rescue.")).subject == "hostages"


@pytest.mark.parametrize("sentence, category, low, high", [
    ("Between 30 and 35 passengers were held by the hijackers for two days.", "kidnapped", 30, 35),
    ("Some 70 students were held by police overnight.", "detained", 70, None),
    ("Twenty protesters were held in police custody.", "detained", 20, None),
    ("Local media said four aid workers were among those held.", "kidnapped", 4, None),
])
def test_people_held_are_captives_or_detainees(figures, sentence, category, low, high):
    figure = by_low(figures(sentence), low)
    assert (figure.category, figure.high) == (category, high)


@pytest.mark.parametrize("sentence", [
    "The new stadium holds 45,000 people.",
    "Nine officials were held responsible for the collapse.",
])
def test_holding_that_is_not_captivity(figures, sentence):
    assert figures(sentence) == []


def test_a_part_of_a_group_counted_just_before(figures):
    found = figures("The clinic admitted 31 injured miners, nine of them with severe burns.")
    assert by_low(found, 31).category == "injured"
    assert by_low(found, 9).category == "injured"
    found = figures("Nineteen workers were wounded in the blast, four of them seriously.")
    assert by_low(found, 4).category == "injured"


def test_a_part_that_was_released_is_not_counted(figures):
    found = figures("Troops arrested 25 traders, 10 of them released the next day.")
    assert [(f.category, f.low) for f in found] == [("detained", 25)]


def test_members_of_an_outcome_group_are_separate_figures(figures):
    found = figures("The dead included 38 pilgrims and four drivers, the ministry said.")
    assert [(f.category, f.low, f.subject) for f in found] == [
        ("killed", 38, "pilgrims"), ("killed", 4, "drivers")]
    found = figures("The injured included 16 schoolchildren.")
    assert [(f.category, f.low) for f in found] == [("injured", 16)]


@pytest.mark.parametrize("sentence, category, low, vague", [
    ("Seventeen climbers were listed as missing on Sunday.", "missing", 17, None),
    ("Six divers were confirmed as dead by the coastguard.", "killed", 6, None),
    ("Scores of herders remain missing after the flash flood.", "missing", None, "scores"),
])
def test_states_after_as_and_remain(figures, sentence, category, low, vague):
    figure = only(figures(sentence))
    assert (figure.category, figure.low, figure.vague) == (category, low, vague)


@pytest.mark.parametrize("sentence, low, high", [
    ("Doctors said 26 people were treated for burns after the tanker exploded.", 26, None),
    ("Between 40 and 50 villagers were treated for gunshot wounds at the clinic.", 40, 50),
    ("The field hospital treated 64 soldiers for shrapnel injuries.", 64, None),
])
def test_treated_for_injuries_counts_the_injured(figures, sentence, low, high):
    figure = only(figures(sentence))
    assert (figure.category, figure.low, figure.high) == ("injured", low, high)
    assert "treated for" in figure.subject


def test_treated_for_something_else_is_not_an_injury(figures):
    assert figures("About 200 people were treated for cholera last month.") == []


@pytest.mark.parametrize("sentence, low, qualifier", [
    ("Nearly 8,000 residents were moved to evacuation centres.", 8000, "about"),
    ("Authorities relocated 650 families to higher ground.", 650, "exact"),
    ("More than 3,500 people have been taken to temporary camps.", 3500, "more_than"),
])
def test_moved_to_shelters_counts_the_displaced(figures, sentence, low, qualifier):
    figure = only(figures(sentence))
    assert (figure.category, figure.low, figure.qualifier) == ("displaced", low, qualifier)


def test_taken_to_hospital_is_not_displacement_or_abduction(figures):
    assert figures("Eleven people were taken to hospital after the fire.") == []


def test_taken_to_hospital_in_a_critical_condition_is_injured(figures):
    found = only(figures("Fifteen people were taken to hospitals in Torvik, several of them in a "
                         "critical condition."))
    assert (found.category, found.low, found.subject) == ("injured", 15, "people taken to hospitals")



# --- restatements, sub-totals and many documents -------------------------------------------------


def test_an_article_restating_its_own_figure_without_the_bound(figures):
    found = figures("At least 19 people were killed when the ferry sank, officials said.",
                    "\u201cWe have recovered 19 dead so far,\u201d a rescuer said.",
                    doc_id="ferry.txt")
    [merged] = merge_figures(found)
    assert (merged.low, merged.qualifier) == (19, "at_least")
    assert [r.paragraph for r in merged.sources] == [1, 2]


def test_a_bound_and_an_exact_count_from_two_sources_stay_apart(figures):
    one = figures("At least 19 people were killed when the ferry sank.", doc_id="a.txt")
    two = figures("Nineteen people were killed when the ferry sank.", doc_id="b.txt")
    assert sorted(f.qualifier for f in merge_figures(one + two)) == ["at_least", "exact"]


def test_a_hospitals_patients_do_not_conflict_with_the_toll_of_injured(figures):
    one = figures("About 250 people were injured in the earthquake.", doc_id="a.txt")
    two = figures("Some 60 people were treated for injuries at the district hospital.", doc_id="b.txt")
    assert figure_conflicts(one + two, {}) == []


def test_conflicts_across_many_documents_and_places(figures):
    """Figures are compared within one outcome and place, and unplaced ones with every place."""
    places = ["Arvel", "Brenna", "Cotho"]
    found: list[Figure] = []
    for k in range(12):
        lead = ["Officials said 5 people were killed."] if k == 0 else []
        found += figures(*lead, f"At least {40 + 30 * k} people were killed in the town of "
                         f"{places[k % 3]}.", doc_id=f"d{k}.txt")
    found += figures("At least 9 people were wounded in the town of Arvel.", doc_id="w1.txt")
    found += figures("At least 70 people were wounded in the town of Arvel.", doc_id="w2.txt")
    questions = figure_conflicts(found, {})
    killed = [q for q in questions if "killed" in q.question]
    assert sorted(len({r.document for r in q.evidence}) for q in killed) == [4, 4, 4]
    [arvel] = [q for q in killed if "Arvel" in q.question]
    assert ("d0.txt", 1) in {(r.document, r.paragraph) for r in arvel.evidence}
    [wounded] = [q for q in questions if "injured" in q.question]
    assert {r.document for r in wounded.evidence} == {"w1.txt", "w2.txt"}


def test_figure_after_a_wire_dateline(pipeline):
    from briefgen.extract.figures import extract_figures
    from briefgen.model import Document
    from briefgen.nlp import parse

    text = "Kaduna (AFP) – Nineteen people died and 40 were hurt when a fuel tanker exploded on Sunday."
    pdoc = parse([Document(id="d.txt", path="d.txt", paragraphs=[text])], pipeline)[0]
    figures, _ = extract_figures(pdoc)
    assert {(f.category, f.low) for f in figures} >= {("killed", 19), ("injured", 40)}
    assert all(f.sources[0].text.startswith("Nineteen") for f in figures)


# --- taken, unaccounted for, lists of the dead, owned tolls --------------------------------------


@pytest.mark.parametrize("sentence, category, low", [
    ("A farmer in the valley said his three daughters were among those taken.", "kidnapped", 3),
    ("Nineteen pupils were taken from the dormitory before dawn.", "kidnapped", 19),
    ("Thirty villagers were taken by armed men on Sunday.", "kidnapped", 30),
    ("Forty students were taken into custody after the rally.", "detained", 40),
    ("Six protesters were taken away by police.", "detained", 6),
])
def test_people_taken_with_nowhere_to_go_are_captives(figures, sentence, category, low):
    figure = only(figures(sentence))
    assert (figure.category, figure.low) == (category, low)


@pytest.mark.parametrize("sentence", [
    "Five herders were taken ill after drinking from the well.",
    "The ferry took 30 passengers to the island.",
    "Eleven people were taken to hospital after the fire.",
])
def test_taking_that_is_not_abduction(figures, sentence):
    assert figures(sentence) == []


@pytest.mark.parametrize("sentence, low, vague", [
    ("Eleven of the 230 miners could not be accounted for on Monday.", 11, None),
    ("Rescuers said 14 fishermen were still not accounted for.", 14, None),
    ("Twelve crew members remain to be accounted for.", 12, None),
    ("Dozens of villagers are yet to be accounted for.", None, "dozens"),
])
def test_not_accounted_for_is_missing(figures, sentence, low, vague):
    figure = only(figures(sentence))        # "the 230 miners" is the whole, not a casualty
    assert (figure.category, figure.low, figure.vague) == ("missing", low, vague)


def test_all_accounted_for_is_not_missing(figures):
    assert figures("All 230 miners have been accounted for.") == []


def test_a_bare_number_left_in_captivity(figures):
    found = figures("The rebels freed 30 of the captives, leaving 18 still held by the militia.")
    assert [(f.category, f.low) for f in found] == [("kidnapped", 18)]   # the 30 are free
    found = figures("Police released 40 detainees, leaving 12 held by the police.")
    assert [(f.category, f.low) for f in found] == [("detained", 12)]


def test_a_list_of_the_dead_after_a_name(figures):
    found = figures("Among the dead were Judge Amara Tell, three court clerks and two drivers, "
                    "the ministry said.")
    assert [(f.category, f.low, f.subject) for f in found] == [
        ("killed", 3, "court clerks"), ("killed", 2, "drivers")]
    assert all(f.claimed_by == "the ministry" for f in found)


def test_an_age_after_a_name_is_not_a_count(figures):
    assert figures("Tell, 45, was killed in the blast.") == []


@pytest.mark.parametrize("sentence, low", [
    ("The clinic treated 35 children with shrapnel wounds.", 35),
    ("Twelve people were taken to hospital with burns.", 12),
    ("Rescuers rushed 15 miners to the clinic with head injuries.", 15),
])
def test_care_with_a_named_injury_counts_the_injured(figures, sentence, low):
    figure = only(figures(sentence))
    assert (figure.category, figure.low) == ("injured", low)
    assert figure.subject.split()[-1] in ("wounds", "burns", "injuries")


@pytest.mark.parametrize("sentence", [
    "Doctors treated 50 people with antibiotics.",
    "Medics treated 40 people for smoke inhalation.",
    "Thirty patients were rushed to a hospital with a burns unit.",
])
def test_care_without_an_injury_is_not_a_count_of_the_injured(figures, sentence):
    assert [f for f in figures(sentence) if f.category == "injured"] == []


def test_a_hospitals_patients_brought_in_do_not_conflict_with_the_toll(figures):
    one = figures("About 250 people were injured in the earthquake.", doc_id="a.txt")
    two = figures("Some 60 people were taken to hospital with fractures.", doc_id="b.txt")
    assert [f.category for f in two] == ["injured"]
    assert figure_conflicts(one + two, {}) == []


def test_a_toll_owned_by_another_party(figures):
    found = figures("Rights groups counted 40 deaths, far more than the army's toll of 12 dead "
                    "announced on Friday.")
    rights, army = by_low(found, 40), by_low(found, 12)
    assert rights.claimed_by == "rights groups"
    assert (army.category, army.claimed_by, army.when) == ("killed", "the army", "Friday")
    assert army.text == "the army's toll of 12 dead announced on Friday"


def test_a_toll_restated_as_someone_elses_figure_merges(figures):
    found = figures("Nine people were killed in the riots, the government said on Sunday.",
                    "Monitors put the toll at 38 on Wednesday, far above the government's figure "
                    "of nine dead.", doc_id="riots.txt")
    merged = merge_figures(found)
    assert [(f.low, f.claimed_by, len(f.sources)) for f in merged] == [
        (38, "monitors", 1), (9, "the government", 2)]
    assert merged[1].when == "Sunday"       # the monitors' Wednesday is not the government's


@pytest.mark.parametrize("sentence, low", [
    ("Eight border officials were being held for questioning, the ministry said.", 8),
    ("Police said 14 demonstrators were taken in for questioning.", 14),
])
def test_held_for_questioning_is_detention(figures, sentence, low):
    figure = only(figures(sentence))
    assert (figure.category, figure.low) == ("detained", low)


@pytest.mark.parametrize("sentence, low", [
    ("Soldiers recaptured 9 of the escaped convicts on Monday.", 9),
    ("Forty-one escapees had been recaptured by nightfall.", 41),
    ("Thirty escapees have been rearrested.", 30),
])
def test_recaptured_people_are_detained(figures, sentence, low):
    figure = only(figures(sentence))
    assert (figure.category, figure.low) == ("detained", low)


def test_recaptured_places_are_not_people(figures):
    assert figures("The army recaptured 3 towns in the north.") == []


def test_parts_of_a_recaptured_group_have_their_own_place(figures):
    found = figures("The ministry said 30 escapees had been rearrested, 20 of them in Karvana "
                    "and ten in the border town of Ostel.")
    assert [(f.category, f.low) for f in found] == [("detained", 30), ("detained", 20),
                                                    ("detained", 10)]
    group, first, second = found
    assert group.text == "30 escapees had been rearrested"
    assert group.place is None
    assert (first.text, first.place) == ("20 of them in Karvana", "Karvana")
    assert (second.text, second.place) == ("ten in the border town of Ostel", "Ostel")
    assert {f.claimed_by for f in found} == {"the ministry"}


@pytest.mark.parametrize("sentence, low", [
    ("A fourth miner has died of his injuries in hospital.", 4),
    ("A second fisherman succumbed to his wounds on Friday.", 2),
])
def test_a_further_death_raises_the_toll_to_the_ordinal(figures, sentence, low):
    figure = only(figures(sentence))
    assert (figure.category, figure.low, figure.qualifier) == ("killed", low, "exact")


@pytest.mark.parametrize("sentence", [
    "A third of the population has fled.",            # a fraction
    "A second explosion rocked the market.",           # not a person
])
def test_ordinals_that_are_not_tolls(figures, sentence):
    assert figures(sentence) == []


def test_an_ordinal_for_another_outcome_counts_one_person_not_a_toll(figures):
    found = figures("Two wardens died in the fire. A third warden was injured.")
    assert [(f.category, f.low) for f in found] == [("killed", 2)]


def test_people_still_in_hospital_are_injured(figures):
    found = figures("Six pilgrims remain in hospital, two of them in critical condition.")
    assert [(f.category, f.low) for f in found] == [("injured", 6), ("injured", 2)]
    assert by_low(found, 2).text == "two of them in critical condition"
    found = figures("Three firefighters are in intensive care.")
    assert [(f.category, f.low) for f in found] == [("injured", 3)]


def test_one_in_a_list_of_the_dead(figures):
    found = figures("Two nurses and one ambulance driver lost their lives in the shelling.")
    assert [(f.category, f.low, f.subject) for f in found] == [
        ("killed", 2, "nurses"), ("killed", 1, "ambulance driver")]


def test_one_of_a_group_is_not_a_count_by_itself(figures):
    assert figures("One of the organisers was a teacher.") == []


def test_families_leaving_their_homes_are_displaced(figures):
    figure = only(figures("Some 250 families have abandoned their homes near the front line."))
    assert (figure.category, figure.low, figure.qualifier, figure.subject) == (
        "displaced", 250, "about", "families")


def test_fighters_leaving_a_town_are_not_displaced(figures):
    assert figures("About 80 fighters left the town overnight.") == []


@pytest.mark.parametrize("sentence, low, qualifier", [
    ("Aid agencies put the number of displaced at about 7,500.", 7500, "about"),
    ("Local officials have put the number of displaced at some 2,400.", 2400, "about"),
    ("Authorities put the number of displaced people at 12,000.", 12000, "exact"),
])
def test_a_toll_of_the_displaced_set_at_a_number(figures, sentence, low, qualifier):
    figure = only(figures(sentence))
    assert (figure.category, figure.low, figure.qualifier) == ("displaced", low, qualifier)


def test_a_number_of_escapees_is_not_a_casualty_toll(figures):
    assert figures("Officials put the number of escapees at 30.") == []


def test_leaving_dozens_missing(figures):
    found = figures("A mudslide hit the village before dawn, killing at least 9 people and "
                    "leaving dozens missing, the governor said.")
    assert [(f.category, f.low, f.vague) for f in found] == [("killed", 9, None),
                                                             ("missing", None, "dozens")]


def test_a_speakers_colleagues_name_no_victims(figures):
    figure = only(figures("\"Two of our colleagues lost their lives,\" the commander said."))
    assert (figure.category, figure.low, figure.subject) == ("killed", 2, None)


def test_people_at_a_hospital_are_not_its_patients(figures):
    assert figures("Hundreds of people were in the hospital when the shells landed.") == []


# --- implausible numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9" * 400, "3,000,000,000,000,000,000,000", "40 billion"])
def test_a_number_larger_than_any_head_count_is_no_figure(figures, number):
    found = figures(f"At least {number} people were killed in the fighting, officials said.")
    assert found == []


def test_a_large_but_possible_toll_is_kept(figures):
    found = only(figures("The famine killed 2 million people across the region, the report said."))
    assert found.low == 2_000_000


# --- local crime and accident wording --------------------------------------------------------------


@pytest.mark.parametrize("sentence, category, low, subject", [
    ("Four people were shot and wounded late Friday outside a pool hall, police said.",
     "injured", 4, "people"),
    ("Two brothers were stabbed and killed in their driveway.", "killed", 2, "brothers"),
    ("Three women were hurt when the porch collapsed.", "injured", 3, "women"),
    ("Police said 3 were hospitalized with minor burns.", "injured", 3, None),
    ("Two roofers were hospitalized after the scaffold gave way.", "injured", 2, "roofers"),
    ("A Harlow man was killed in the collision.", "killed", 1, "man"),
    ("A 19-year-old cyclist was critically injured on Pine Road.", "injured", 1, "cyclist"),
    ("A teenager was shot in the shoulder near the skate park.", "injured", 1, "teenager"),
    ("A fisherman has been missing since Tuesday.", "missing", 1, "fisherman"),
    ("Bandits took about 90 travellers hostage on the highway.", "kidnapped", 90, "travellers"),
    ("Police rounded up 60 people after the brawl.", "detained", 60, "people"),
    ("Five suspects are under police custody.", "detained", 5, "suspects"),
    ("Two workers are in the hospital.", "injured", 2, "workers"),
    ("Four tenants remained in the hospital Saturday.", "injured", 4, "tenants"),
])
def test_local_casualty_wording(figures, sentence, category, low, subject):
    figure = by_low(figures(sentence), low)
    assert figure.category == category
    if subject:
        assert subject in (figure.subject or "")


@pytest.mark.parametrize("headline, counts", [
    ("2 dead, 3 injured in Harbor Freeway crash", [("killed", 2), ("injured", 3)]),
    ("4 hospitalized after apartment fire on Birch Lane", [("injured", 4)]),
    ("1 killed, 2 hurt in Elmwood shooting", [("killed", 1), ("injured", 2)]),
])
def test_local_headlines(figures, headline, counts):
    assert [(f.category, f.low) for f in figures(headline)] == counts


def test_an_ordinal_after_a_count_is_one_more_person(figures):
    found = figures("Two teenagers were shot and wounded and a third man was killed near the arena.")
    assert [(f.category, f.low) for f in found] == [("injured", 2), ("killed", 1)]
    # without a count before it, a third death raises the toll to three
    assert only(figures("A third miner has died of his injuries.")).low == 3


@pytest.mark.parametrize("sentence", [
    "Officers arrived around 2 a.m. and found the door forced.",
    "The fire started in the 1500 block of Cedar Street shortly after 11 p.m.",
    "One man, 40, was treated at the scene; the other, 33, was released.",
    "A spokesman said the investigation was continuing.",
    "A neighbour said the family had moved in last year.",
    "Two people were in the hospital when it was shelled.",
    "A suspect was arrested a short time later.",      # one arrest is a case, not a toll
])
def test_times_addresses_ages_and_single_non_victims_are_not_counts(figures, sentence):
    assert [(f.category, f.low) for f in figures(sentence)] == []


def test_the_one_who_reports_is_not_a_victim(figures):
    found = figures("Gunmen killed 14 herders in a raid, a local official said.")
    assert [(f.category, f.low) for f in found] == [("killed", 14)]


def test_one_person_named_through_a_possessor_is_a_count_of_one(figures):
    # The parser hangs the article on the possessor ("A ... warden's"), not on the person counted.
    found = only(figures("A Lakemoor County park warden's deputy was shot and killed on Sunday "
                         "near the ranger station, officials said."))
    assert (found.category, found.low, found.subject) == ("killed", 1, "deputy")


def test_a_possessor_who_reports_is_no_victim(figures):
    assert figures("A hospital's spokesman said the road to the clinic was closed.") == []


def test_emergency_workers_are_people_a_figure_counts(figures):
    found = only(figures("Three firefighters were injured when the roof of the depot fell in."))
    assert (found.category, found.low) == ("injured", 3)
    # one named by a role noun with no victim-like ending: counted only through the word list
    found = only(figures("A deputy was injured when the patrol car left the road."))
    assert (found.category, found.low, found.subject) == ("injured", 1, "deputy")

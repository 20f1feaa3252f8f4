"""The event model on invented sentences and small clusters: scope, groups, updates, conflicts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefgen.assemble import assemble
from briefgen.extract import extract_document
from briefgen.model import Document
from briefgen.nlp import parse

NOW = datetime(2031, 5, 20, tzinfo=timezone.utc)


def build(pipeline, *articles):
    documents = [Document(id=f"{i}.txt", path=f"{i}.txt", paragraphs=p, date=d)
                 for i, (d, p) in enumerate(articles)]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    return assemble(documents, extractions, title=None, generated_at=NOW)


def figures(pipeline, *paragraphs, date="2031-05-13"):
    return build(pipeline, (date, list(paragraphs))).figures


def by_value(found, value):
    return next(f for f in found if f.low == value)


def test_background_by_year_comparison_and_earlier_event(pipeline):
    found = figures(pipeline,
                    "Militants stormed a bridge checkpoint in Torvik on Tuesday, killing 12 people, police said.",
                    "It was the worst attack since the 2019 bombing of the market, in which 85 people were killed.",
                    "In 2024, a flood in the same valley killed 40 people.",
                    "The town's last major earthquake killed 300 residents.")
    assert by_value(found, 12).scope == "event"
    assert by_value(found, 85).scope == "background"
    assert by_value(found, 40).scope == "background"
    assert by_value(found, 300).scope == "background"


def test_attackers_and_victims_are_different_groups(pipeline):
    found = figures(pipeline, "Gunmen attacked a clinic in Torvik on Tuesday, killing 9 patients, officials said.",
                    "Soldiers killed 3 attackers in the gunfight that followed, the army said.")
    assert by_value(found, 9).group == "killed_victims"
    assert by_value(found, 3).group == "killed_attackers"


def test_a_breakdown_is_a_part_of_its_total(pipeline):
    found = figures(pipeline, "Thirty people were killed in the blast in Torvik, including 11 children, police said.")
    assert by_value(found, 11).breakdown and not by_value(found, 30).breakdown


def test_headline_older_than_body_and_rising_toll_are_updates(pipeline):
    brief = build(pipeline, ("2031-05-13", ["Blast kills 8 in Torvik market",
                                            "A bomb exploded in a market in Torvik on Tuesday, killing 14 people, police said."]),
                  ("2031-05-14", ["The toll from Tuesday's market bombing in Torvik rose to 17 on Wednesday, police said."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] == "updated" and toll["latest"] == 17
    assert not any(q.kind == "conflicting_figures" for q in brief.open_questions)


def test_two_claimants_at_one_moment_conflict(pipeline):
    brief = build(pipeline, ("2031-05-13", ["A bomb exploded in a market in Torvik on Tuesday, killing 14 people, the police said."]),
                  ("2031-05-13", ["A market bombing in Torvik killed 31 people on Tuesday, the Red Crescent said."]))
    [question] = [q for q in brief.open_questions if q.kind == "conflicting_figures"]
    assert question.group == "killed_victims" and "14" in question.question and "31" in question.question
    assert brief.events[0]["tolls"][0]["status"] == "disputed"


def test_weekday_resolves_to_a_date_and_first_sentence_is_cited(pipeline):
    brief = build(pipeline, ("2031-05-14", ["Militants stormed a school in Torvik on Tuesday, killing 14 people, police said."]))
    event = brief.events[0]
    assert event["when"] == "2031-05-13"
    assert event["lead"] and all(c["sources"] for c in event["lead"])
    assert "13 May 2031" in event["lead"][0]["text"]


def test_patients_still_in_care_are_a_part_of_the_injured(pipeline):
    brief = build(pipeline, ("2031-05-13", [
        "A gas tanker exploded on the Torvik ring road on Tuesday, injuring 140 people, the health office said.",
        "The health office said on Wednesday that 37 remained in hospital and 12 were still being treated."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "injured_victims")
    assert toll["latest"] == 140
    assert sorted(b["value"] for b in toll["breakdowns"]) == [12, 37]
    # alone, a count of patients is the only count of the injured there is
    brief = build(pipeline, ("2031-05-13", ["Four people remained in hospital on Wednesday after the blast in Torvik."]))
    assert next(t for t in brief.events[0]["tolls"] if t["group"] == "injured_victims")["latest"] == 4


def test_people_held_after_a_coup_are_detainees_set_against_the_arrests(pipeline):
    brief = build(pipeline,
                  ("2031-05-13", ["Mutinous soldiers tried to seize power in Torvik on Monday.",
                                  "The defence ministry said on Tuesday that 55 officers had been arrested."]),
                  ("2031-05-13", ["Mutinous soldiers tried to seize power in Torvik on Monday, firing on the presidential palace.",
                                  "A lawyers' union said on Tuesday that more than 150 people were being held."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "detained_detainees")
    assert {v["value"] for v in toll["values"]} == {55, 150}
    assert all(f.category == "detained" for f in brief.figures if f.low in (55, 150))
    assert toll["status"] == "disputed"


def test_people_held_in_a_hostage_story_stay_hostages(pipeline):
    found = figures(pipeline,
                    "Gunmen stormed a hotel in Torvik on Friday and took dozens of guests hostage.",
                    "Between 30 and 40 guests had been held by the gunmen since Friday, police said.",
                    "Officials said three foreign nationals were among those held.")
    assert {f.category for f in found if f.low in (30, 3)} == {"kidnapped"}


def test_a_day_of_the_month_beside_its_month_is_a_date_not_a_count(pipeline):
    found = figures(pipeline, "The toll from the capsizing rose to 12 on Sunday (Sept 21), the coastguard said.",
                    date="2031-09-22")
    assert [f.low for f in found] == [12]


@pytest.mark.parametrize("when, day, why", [
    ("June 2019", "2031-06-20", "another year"),
    ("in February", "2031-11-03", "another month"),
    ("November", "2031-11-03", None),
    ("October", "2031-11-03", None),        # early in a month, the month before may be the event's
    ("Saturday", "2031-11-03", None),
    ("2031", "2031-11-03", None)])
def test_a_time_the_clause_gives_can_make_a_toll_another_events(when, day, why):
    from briefgen.extract.scope import when_scope
    result = when_scope(when, day)
    assert (result.split(" (")[0] if result else None) == why


def test_a_month_without_a_day_dates_another_event(pipeline):
    found = figures(pipeline, "Storms in February killed 40 people across the province, officials said.",
                    "A landslide buried a bus on the coast road on Monday, killing 9 people, police said.",
                    date="2031-11-04")
    assert by_value(found, 40).scope == "background"
    assert by_value(found, 9).scope == "event"


def test_a_list_of_nationalities_among_the_dead_is_a_breakdown(pipeline):
    found = figures(pipeline, "A coach plunged into a gorge on Monday, killing 21 people, police said.",
                    "Among the dead are 8 Germans, five Poles, three Danes and two Swiss, the embassy said.")
    assert not by_value(found, 21).breakdown
    assert all(by_value(found, v).breakdown for v in (8, 5, 3))


@pytest.mark.parametrize("text, value, earlier", [
    ("Nine people have been confirmed dead, the agency said, lowering its earlier count of 12.", 9, False),
    ("Nine people have been confirmed dead, the agency said, lowering its earlier count of 12.", 12, True),
    ("The toll rose to 30 by evening from eleven at noon.", 30, False),
    ("The toll rose to 30 by evening from eleven at noon.", 11, True),
    ("Sixty-two were missing, down from 80 on Friday.", 62, False),
    ("Sixty-two were missing, down from 80 on Friday.", 80, True),
    ("Seventeen were killed, the army had said earlier.", 17, True)])
def test_which_count_of_a_sentence_is_the_earlier_one(text, value, earlier):
    from briefgen.assemble.event import _given_as_earlier
    assert _given_as_earlier(text, value) is earlier


def test_a_day_named_after_another_count_is_not_this_counts_day():
    from briefgen.assemble.event import _dates_this_count
    text = "Sixty-two were missing, down from 80 on Friday."
    assert not _dates_this_count(text, "Friday", 62)
    assert _dates_this_count(text, "Friday", 80)
    assert _dates_this_count("On Friday gunmen killed 14.", "Friday", 14)


def test_a_revised_count_later_than_the_first_is_the_latest(pipeline):
    brief = build(pipeline,
                  ("2031-05-13", ["A dam burst above Torvik on Tuesday, killing 12 people, the fire service said."]),
                  ("2031-05-14", ["Nine people have been confirmed dead in the Torvik dam burst, the fire service "
                                  "said on Wednesday, lowering its earlier count of 12."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["latest"] == 9 and toll["status"] == "updated"


def test_a_sentence_ends_only_at_punctuation(pipeline):
    from briefgen.nlp import parse
    text = ("In June a storm off the Kra Bari coast injured 16 fishermen and a second storm off "
            "Nong Phet killed 4 more. Rescuers left.")
    [parsed] = parse([Document(id="s.txt", path="s.txt", paragraphs=[text])], pipeline)
    assert [s.text for _p, _s, s in parsed.sentences()] == [text[:-len(" Rescuers left.")], "Rescuers left."]


def test_the_lead_clause_of_a_misparsed_or_reflexive_event(pipeline):
    brief = build(pipeline, ("2031-08-17", [
        "A ferry carrying foreign tourists capsized in heavy seas off the Torvik coast on Saturday, "
        "killing at least 9 people, officials said."]))
    assert brief.events[0]["what"].startswith("A ferry capsized")
    assert brief.events[0]["when"] == "2031-08-16"
    brief = build(pipeline, ("2031-10-19", [
        "Two suicide bombers blew themselves up in a crowded cattle market in Torvik on Sunday, "
        "killing at least 11 people, police said."]))
    assert brief.events[0]["what"] == "Two suicide bombers blew themselves up in a crowded cattle market"


def test_a_noun_modifying_another_is_not_the_event(pipeline):
    from briefgen.extract.situation import extract_situation
    from briefgen.nlp import parse
    [parsed] = parse([Document(id="f.txt", path="f.txt", date="2031-11-11", paragraphs=[
        "A dam above Torvik collapsed on Tuesday, the fire department said."])], pipeline)
    situation = extract_situation(parsed)
    assert "fire" not in situation["event_nouns"]
    brief = build(pipeline, ("2031-11-11", ["A dam above Torvik collapsed on Tuesday, killing 8 people, "
                                            "the fire department said."]))
    assert brief.events[0]["title"].startswith("Dam collapse")


def test_the_one_saying_is_the_subject_the_participle_hangs_from(pipeline):
    found = figures(pipeline, "The miners' union disputed the count, saying 58 people were still unaccounted for.")
    assert by_value(found, 58).claimed_by == "the miners' union"


def test_small_counts_from_two_claimants_are_not_rounded_together(pipeline):
    brief = build(pipeline,
                  ("2031-08-16", ["A ferry sank off Torvik on Saturday. The governor said on Sunday that 20 "
                                  "people had died. The navy said on Sunday that 22 bodies had been recovered."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] == "disputed" and (toll["low"], toll["high"]) == (20, 22)


def test_a_count_without_a_day_is_of_its_reports_day_and_rivals_a_count_of_that_day(pipeline):
    brief = build(pipeline, ("2031-11-12", [
        "A dam burst above Torvik on Tuesday. Forty-six people remained missing on Wednesday, the fire "
        "service said.",
        "The miners' union disputed the fire service's count, saying 58 people were still unaccounted for."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "missing_victims")
    assert toll["status"] == "disputed"
    assert sorted(s["value"] for s in toll["sides"]) == [46, 58]


def test_a_relative_past_in_the_clause_makes_a_toll_another_events(pipeline):
    found = figures(pipeline, "The province recorded 230 deaths in factory accidents last year, "
                              "according to state data.")
    assert by_value(found, 230).scope == "background"


def test_injured_people_who_died_are_counted_as_killed(pipeline):
    found = figures(pipeline, "Two injured workers died on Thursday, the collector said.")
    assert by_value(found, 2).category == "killed"


def test_a_claimant_is_named_in_full_with_their_role(pipeline):
    brief = build(pipeline, ("2031-05-13", [
        "Gunmen stormed a clinic in Torvik on Tuesday, killing 14 people, police spokesman Ivo Marek said.",
        "Three attackers were killed by soldiers, Marek said."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_attackers")
    assert toll["claimed_by"] == "police spokesman Ivo Marek"


def test_a_toll_only_claims_give_is_unconfirmed(pipeline):
    brief = build(pipeline, ("2031-05-13", [
        "Gunmen stormed a clinic in Torvik on Tuesday, killing 14 people, police said.",
        "The group said it had held 30 patients hostage, a claim police rejected."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["category"] == "kidnapped")
    assert toll["unconfirmed"] is True


def test_a_present_perfect_over_many_incidents_is_a_running_total(pipeline):
    found = figures(pipeline, "At least 400 people have been killed in incidents involving the militia, "
                              "mostly in the north.",
                    "Gunmen killed 12 people in attacks on two villages on Tuesday.")
    assert by_value(found, 400).scope == "background"
    assert by_value(found, 12).scope == "event"


def test_no_composed_lead_when_no_report_tells_of_a_casualty_event(pipeline):
    paragraphs = ["The foreign minister arrived in Torvik on Tuesday for talks on trade and security.",
                  "He met the president and signed two agreements on grain and fuel.",
                  "Officials said the talks would continue in the capital on Wednesday.",
                  "Separately, the rebels said they had killed 9 soldiers in the hills."]
    brief = build(pipeline, ("2031-05-13", paragraphs))
    assert brief.events[0]["lead"] == []
    toll = next(t for t in brief.events[0]["tolls"] if t["category"] == "killed")
    assert toll["low"] == 9                 # the toll is still there, only not the bottom line


@pytest.mark.parametrize("lede, clause, noun", [
    ("At least 12 people were killed on Friday in a stampede at the entrance of a crowded temple "
     "in the hill town of Varsa, where pilgrims had gathered, police said.",
     "a stampede at the entrance of a crowded temple in the hill town of Varsa", "stampede"),
    ("The death toll from the collapse of a tunnel at a metro construction site in Ravno rose to "
     "seven on Monday, officials said.",
     "the collapse of a tunnel at a metro construction site in Ravno", "collapse"),
    ("Nine workers died in a fire at a garment factory outside Corvath on Tuesday.",
     "a fire at a garment factory outside Corvath", "fire"),
])
def test_a_lead_that_tells_the_event_as_a_noun_gives_the_event(pipeline, lede, clause, noun):
    brief = build(pipeline, ("2031-05-18", [lede]))
    event = brief.events[0]
    assert event["what"] == clause            # the phrase of time is left to the lead's date
    assert event["lead"][0]["text"].startswith(clause[0].upper() + clause[1:])
    assert event["title"] and event["title"].lower().startswith(noun)


def test_opened_fire_is_no_fire_and_a_war_is_no_lead_event(pipeline):
    brief = build(pipeline, ("2031-05-18", [
        "Gunmen opened fire on a bus near Osk on Sunday, killing six passengers, police said.",
        "The ministry said 300 people were killed in the war last year."]))
    event = brief.events[0]
    assert not (event["title"] or "").lower().startswith("fire")
    assert "war" not in (event["what"] or "")


def test_a_count_added_by_counting_is_a_part_of_the_total(pipeline):
    found = figures(pipeline, "The mayor said 31 villagers had been killed, counting eight bodies "
                              "that relatives carried out of the fields on Sunday.")
    assert by_value(found, 8).breakdown and not by_value(found, 31).breakdown


def test_counting_the_dead_is_no_part_of_anything(pipeline):
    found = figures(pipeline, "Officials were still counting the 40 bodies recovered from the river.")
    assert not by_value(found, 40).breakdown


def test_a_year_a_paragraph_opens_with_dates_its_next_sentences(pipeline):
    found = figures(pipeline, "In 2019, rebels held the port of Selva for a month. More than 400 people "
                              "were killed before the navy retook it.", date="2031-05-13")
    assert by_value(found, 400).scope == "background"


def test_a_sentence_with_its_own_day_leaves_the_year_before(pipeline):
    found = figures(pipeline, "In 2019, a fire destroyed the market. On Sunday, 14 people were killed "
                              "in a new blaze there.", date="2031-05-13")
    assert by_value(found, 14).scope == "event"


def test_bodies_recovered_since_the_last_count_are_a_part_of_the_new_one(pipeline):
    found = figures(pipeline, "The toll in the Varna quarry collapse has risen to 26, after divers recovered "
                              "four more bodies and two of the injured died in hospital, the governor said.",
                    "Officials said 30 more people were killed this year than last year.")
    assert not by_value(found, 26).breakdown
    assert by_value(found, 4).breakdown and by_value(found, 2).breakdown


def test_a_part_of_a_population_is_the_count_itself(pipeline):
    found = figures(pipeline, "Eighteen of the workers who got out were injured, the plant's owner said.",
                    "Nine people were killed. Three of the dead nurses were foreigners, the ministry said.")
    assert not by_value(found, 18).breakdown
    assert by_value(found, 3).breakdown


def test_people_treated_in_hospital_were_injured(pipeline):
    found = figures(pipeline, "The health office said 44 residents had been treated in hospitals in Osterby.")
    assert by_value(found, 44).category == "injured"


def test_men_still_missing_are_not_a_part_of_a_count_of_workers(pipeline):
    brief = build(pipeline, ("2031-05-14", ["Four men remain missing in the flooded shaft, according to the ministry. "
                                            "The miners' union says 11 workers are still unaccounted for."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "missing_victims")
    assert toll["status"] == "disputed" and {s["value"] for s in toll["sides"]} == {4, 11}


def test_a_claimants_last_count_stands_against_a_rivals_later_one(pipeline):
    brief = build(pipeline,
                  ("2031-05-10", ["A stand collapsed at the Kestrel Arena in Torvik on Saturday, killing 9 fans."]),
                  ("2031-05-11", ["Police said 14 people had died, up from the 9 they reported on Saturday night.",
                                  "But the regional health office said on Sunday that 16 people had died."]),
                  ("2031-05-12", ["The number of people who died in Saturday's collapse has risen to 18, "
                                  "the regional health office said on Monday."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] == "disputed"
    assert [(s["value"], s["claimed_by"]) for s in toll["sides"]] == [(14, "police"), (18, "the regional health office")]
    question = next(q for q in brief.open_questions if q.kind == "conflicting_figures")
    assert "14 (according to police, 11 May 2031) against 18" in question.question
    assert "had given 16 on 11 May 2031" in question.question
    assert "police say 14" in " ".join(clause["text"] for clause in brief.events[0]["lead"])


def test_a_later_count_of_another_claimant_with_no_rival_on_its_day_is_an_update(pipeline):
    brief = build(pipeline,
                  ("2031-05-10", ["A stand collapsed at the Kestrel Arena in Torvik on Saturday, killing 9 fans, police said."]),
                  ("2031-05-12", ["The number of people who died in Saturday's stand collapse at the Kestrel Arena in Torvik has risen to 18, "
                                  "the regional health office said on Monday."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] == "updated" and toll["latest"] == 18


def test_what_a_figure_included_or_what_set_two_counts_apart_is_a_part(pipeline):
    found = figures(pipeline, "The province said its figure included four bodies that divers had recovered on Monday.",
                    "The governor said the difference had been two bodies not yet identified.")
    assert by_value(found, 4).breakdown and by_value(found, 2).breakdown


def test_warnings_sent_to_a_centre_are_no_displaced_people(pipeline):
    found = figures(pipeline, "The agency said it had sent five warnings to the regional emergency centre.",
                    "About 300 residents were moved to shelters.")
    assert [f.low for f in found if f.category == "displaced"] == [300]


def test_people_of_one_country_are_a_part_of_a_larger_toll(pipeline):
    found = figures(pipeline, "Thirty people were killed in the flood in Osterby, the regional government said.",
                    "The embassy said three German nationals died in the flood.")
    assert by_value(found, 3).breakdown and not by_value(found, 30).breakdown


def test_the_larger_of_two_counts_in_one_report_leads(pipeline):
    brief = build(pipeline, ("2031-05-14", ["A flash flood swept through Osterby on Tuesday night.",
                                            "- Nine people still missing after the Osterby flood",
                                            "- Two Germans among the dead, one still missing"]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "missing_victims")
    assert toll["latest"] == 9


def test_a_lower_bound_agrees_with_a_count_above_it(pipeline):
    brief = build(pipeline, ("2031-05-14", ["An air strike on a market in Osterby has killed 52 people, doctors said.",
                                            "The UN said it had verified at least 40 deaths in the strike."]))
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] != "disputed" and toll["latest"] == 52


def test_a_duration_with_a_half_is_no_count(pipeline):
    found = figures(pipeline, "More than three and a half years of war have killed thousands of people.")
    assert not [f for f in found if f.low == 3]


def test_a_night_named_by_its_weekday_dates_the_event_and_earlier_days_are_background(pipeline):
    brief = build(pipeline, ("2031-05-16", [
        "The death toll from Wednesday night's flash flood in Osterby rose to 20 on Friday, officials said.",
        "On Tuesday, a landslide on the coast road near Brekka killed three drivers, police said."]))
    assert brief.events[0]["when"] == "2031-05-14"
    assert by_value(brief.figures, 3).scope == "background"
    assert by_value(brief.figures, 20).scope == "event"


def test_an_event_told_through_what_it_killed_is_the_event_noun(pipeline):
    brief = build(pipeline, ("2031-05-14", [
        "Soldiers retook a jail in Osterby early Wednesday after a riot that killed at least 12 inmates, officials said.",
        "The riot broke out on Tuesday when prisoners from one wing attacked members of a rival gang."]))
    assert brief.events[0]["what"] == "a riot"
    brief = build(pipeline, ("2031-05-14", [
        "An air strike on a crowded market in Osterby killed at least 30 people on Tuesday, medics said."]))
    assert brief.events[0]["what"] == "An air strike on a crowded market in Osterby"
    assert brief.events[0]["title"].startswith("Air strike in Osterby")


def test_a_higher_earlier_count_of_another_claimant_is_no_revision(pipeline):
    brief = build(pipeline,
                  ("2031-05-13", ["An air strike on a market in Osterby on Tuesday killed 30 people, medics said.",
                                  "The rebels who hold the town said 70 people had been killed."]),
                  ("2031-05-14", ["The toll from Tuesday's air strike on the Osterby market rose to 41, medics said on Wednesday."]))
    lead = " ".join(clause["text"] for clause in brief.events[0]["lead"])
    assert "revised from 70" not in lead


def test_a_sentence_that_names_its_subject_only_by_pronoun_is_no_key_point(pipeline):
    documents = [Document(id="a.txt", path="a.txt", date="2031-05-14", paragraphs=[
        "The interior minister of Osterby visited the flooded valley on Wednesday with relief teams.",
        "He promised that every family who lost a home would be housed before the winter came."])]
    [extraction] = [extract_document(p) for p in parse(documents, pipeline)]
    texts = [point.text for point in extraction.summary]
    assert texts and all(not t.startswith("He ") for t in texts)

"""The top of every template is drawn from the event model: composed lead, the event's own tolls
as key figures, other events' tolls only as context. Invented clusters throughout."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefgen.assemble import assemble
from briefgen.assemble.figures import _singular
from briefgen.extract import extract_document
from briefgen.model import Document
from briefgen.nlp import parse
from briefgen.render.templating import Helpers, beside_lead, find_template, render_markdown
from briefgen.render.style import Style

NOW = datetime(2031, 5, 20, tzinfo=timezone.utc)

CLUSTER = [
    ("2031-05-13", ["Gunmen storm clinic in Mosul",
                    "MOSUL, May 13 - Gunmen stormed a clinic in the northern city of Mosul on Tuesday, "
                    "killing 14 patients, police said.",
                    "Soldiers killed three attackers in the gunfight that followed, the army said.",
                    "It was the deadliest attack in the region since the 2019 market bombing, "
                    "which killed 85 people."]),
    ("2031-05-14", ["The toll from Tuesday's attack on the Mosul clinic rose to 17 on Wednesday, "
                    "police said.",
                    "The Northern Front claimed responsibility for the attack."]),
]


@pytest.fixture(scope="module")
def brief(pipeline):
    documents = [Document(id=f"{i}.txt", path=f"{i}.txt", paragraphs=p, date=d, source=f"Outlet {i}")
                 for i, (d, p) in enumerate(CLUSTER)]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    return assemble(documents, extractions, title=None, generated_at=NOW)


@pytest.mark.parametrize("plural, singular", [("gunmen", "gunman"), ("policemen", "policeman"),
                                              ("servicewomen", "servicewoman"), ("specimen", "specimen")])
def test_compound_men_plurals_are_read_as_one_person_word(plural, singular):
    assert _singular(plural) == singular


def test_gunmen_killed_are_attackers_not_victims(brief):
    groups = {f.low: f.group for f in brief.figures}
    assert groups[3] == "killed_attackers"
    assert groups[85] is None          # another event's toll belongs to no group of this one


@pytest.mark.parametrize("template", ["analyst", "executive", "press"])
def test_top_is_the_composed_lead_and_key_figures_are_the_events_own(brief, template):
    text = render_markdown(brief, find_template(template))
    top = text.split("## ", 2)[1]                     # the first section after the title
    assert "Mosul" in top and "13 May 2031" in top
    assert "17" in top                                # the latest count, not only the first
    assert "claimed responsibility" in top
    # The 2019 bombing's toll is context at most, never a key figure or in the lead.
    assert "85" not in top
    if template == "executive":
        figures = text.split("## Key figures", 1)[1].split("## ", 1)[0]
        assert "17" in figures and "85" not in figures


def test_figure_ranges_never_compare_other_events_or_groups(brief):
    helpers = Helpers(brief.to_dict(), Style())
    for r in helpers.figure_ranges(brief.to_dict()["figures"]):
        values = {f["low"] for f in r["figures"]}
        assert 85 not in values and not ({3, 14} <= values)


def test_summary_points_already_in_the_lead_are_not_repeated():
    ref = {"document": "a.txt", "paragraph": 2, "sentence": 1}
    event = {"lead": [{"text": "x", "sources": [ref]}]}
    points = [{"text": "same", "sources": [ref]},
              {"text": "new", "sources": [{"document": "a.txt", "paragraph": 3, "sentence": 1}]}]
    assert [p["text"] for p in beside_lead(points, event)] == ["new"]


def test_a_denial_naming_the_claimant_answers_its_claim(pipeline):
    documents = [Document(id="a.txt", path="a.txt", date="2031-05-13", paragraphs=[
        "A car bomb exploded outside a police station in Mosul on Tuesday, killing 6 people, police said.",
        "The Northern Front claimed responsibility for the bombing.",
        "A spokesman for the Northern Front later denied that the group was involved."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    brief = assemble(documents, extractions, title=None, generated_at=NOW)
    claim = next(c for c in brief.events[0]["claims"] if c["kind"] == "responsibility")
    assert claim["denied_by"]


def test_an_earlier_count_is_flagged_as_such_never_as_disputed_and_not_drawn():
    from briefgen.render.charts import _chartable  # noqa: F401 - the chart asks the same question
    from briefgen.render.standing import SUPERSEDED, standing
    ref_old = {"document": "a.txt", "paragraph": 1, "sentence": 1}
    ref_new = {"document": "b.txt", "paragraph": 2, "sentence": 1}
    brief = {"event": {"tolls": [{"group": "killed_victims", "status": "disputed", "latest": 30, "values": [
        {"value": 12, "superseded": True, "sources": [ref_old]},
        {"value": 30, "superseded": False, "sources": [ref_new]}]}]}}
    old = {"group": "killed_victims", "sources": [ref_old]}
    new = {"group": "killed_victims", "sources": [ref_new]}
    assert standing(brief, old) == SUPERSEDED
    assert standing(brief, new) == "disputed"
    assert standing(brief, {"group": None, "sources": [ref_new]}) is None


def test_the_day_a_count_was_given_is_the_reporting_day_not_the_attack_day(pipeline):
    documents = [
        Document(id="a.txt", path="a.txt", date="2031-05-13", paragraphs=[
            "A bomb exploded at a bus station in Mosul on Tuesday, killing 9 people, police said.",
            "The blast at the Mosul bus station tore through a crowd of commuters waiting for buses "
            "to Baghdad, police said."]),
        Document(id="b.txt", path="b.txt", date="2031-05-14", paragraphs=[
            "The toll from Tuesday's bombing at the Mosul bus station has risen to 15, the health "
            "ministry said on Wednesday.",
            "The blast tore through a crowd of commuters waiting for buses to Baghdad."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    brief = assemble(documents, extractions, title=None, generated_at=NOW)
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["latest"] == 15 and toll["status"] == "updated"
    assert [v["value"] for v in toll["values"] if not v["superseded"]] == [15]


def test_the_lead_does_not_repeat_a_place_its_event_clause_names():
    from briefgen.assemble.event import _lead
    ref = {"document": "a.txt", "paragraph": 1, "sentence": 1}
    event = {"where": "Andes, Peru", "when": "2031-05-16", "tolls": [], "claims": []}
    [clause] = _lead(event, {"text": "an earthquake shook the southern Andes", "ref": ref}, None, [], [], [])
    assert clause["text"] == "An earthquake shook the southern Andes in Peru on 16 May 2031."


def test_a_breakdown_stands_as_part_of_its_total_never_as_a_side_of_its_dispute():
    from briefgen.render.standing import PART, standing
    ref = {"document": "a.txt", "paragraph": 4, "sentence": 1}
    brief = {"documents": [], "open_questions": [], "event": {"tolls": [{"group": "killed_victims", "status": "disputed", "latest": 41,
                                  "values": [{"value": 41, "superseded": False, "sources": [ref]}]}]}}
    children = {"group": "killed_victims", "breakdown": True, "sources": [ref]}
    assert standing(brief, children) == PART
    assert "disputed" not in Helpers(brief, Style()).flags(children)


def test_a_summary_point_stating_a_replaced_toll_does_not_stand_beside_the_lead():
    old = {"document": "a.txt", "paragraph": 2, "sentence": 1}
    new = {"document": "b.txt", "paragraph": 3, "sentence": 1}
    other = {"document": "b.txt", "paragraph": 5, "sentence": 1}
    event = {"lead": [{"text": "x", "sources": [new]}], "tolls": [{"latest": 40, "values": [
        {"value": 22, "superseded": True, "sources": [old]},
        {"value": 40, "superseded": False, "sources": [new]}]}]}
    points = [{"text": "At least 22 were killed, officials say.", "sources": [old]},
              {"text": "Rescuers reached the valley.", "sources": [other]}]
    assert [p["text"] for p in beside_lead(points, event)] == ["Rescuers reached the valley."]


def test_a_toll_cites_the_sentences_of_its_current_counts():
    from briefgen.render.templating import toll_sources
    old, new = ({"document": "a.txt", "paragraph": 1, "sentence": 1},
                {"document": "b.txt", "paragraph": 2, "sentence": 1})
    toll = {"sources": [old, new], "values": [{"value": 3, "superseded": True, "sources": [old]},
                                              {"value": 9, "superseded": False, "sources": [new]}]}
    assert toll_sources(toll) == [new]


def test_a_disputed_toll_names_each_claimant_with_their_count_and_the_question_no_headline(pipeline):
    documents = [
        Document(id="a.txt", path="a.txt", date="2031-05-14", source="Outlet A",
                 title="Floods kill dozens in Torvik, governor says the toll is far higher", paragraphs=[
                     "The governor of Torvik province said on Wednesday that 48 people had died in "
                     "the floods that struck the province on Monday.",
                     "The national disaster agency said on Wednesday that 29 people had been killed "
                     "in the floods."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    brief = assemble(documents, extractions, title=None, generated_at=NOW)
    toll = next(t for t in brief.events[0]["tolls"] if t["group"] == "killed_victims")
    assert toll["status"] == "disputed"
    assert sorted(s["value"] for s in toll["sides"]) == [29, 48]
    assert all(s["claimed_by"] for s in toll["sides"])
    [question] = [q for q in brief.open_questions if q.kind == "conflicting_figures"]
    assert "as of 14 May 2031" in question.question and "Floods kill" not in question.question
    assert "one report (Outlet A)" in question.question
    top = render_markdown(brief, find_template("executive")).split("## Key figures")[1]
    assert "says 29" in top and "says 48" in top


def test_a_denial_that_points_back_gives_what_it_denies(pipeline):
    documents = [Document(id="a.txt", path="a.txt", date="2031-05-13", paragraphs=[
        "Floods swept through Torvik on Monday.",
        "The mayor said rescue boats had not reached the eastern districts. "
        "The interior minister denied that, saying boats were in every district."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    [denial] = [q for q in extractions[0].questions if q.kind == "denied"]
    assert denial.question.startswith("The mayor said rescue boats")
    assert [r.sentence for r in denial.evidence] == [2, 1]   # the denial first, then what it denies


@pytest.mark.parametrize("sentence, points_back", [
    ("The minister denied that, saying aid had arrived.", True),
    ("The army denied this on Monday.", True),
    ("The army rejected the claim.", True),
    ("The minister denied that aid had been stopped.", False),
    ("The army rejected the claim that it shelled the village.", False),
    ("The company denied any wrongdoing.", False)])
def test_which_denials_point_back(pipeline, sentence, points_back):
    from briefgen.extract.questions import _denies_what_came_before
    nlp = getattr(pipeline, "nlp", pipeline)
    assert _denies_what_came_before(next(nlp(sentence).sents)) is points_back


def test_a_paragraph_opening_with_a_denial_gives_the_paragraph_it_answers(pipeline):
    documents = [Document(id="a.txt", path="a.txt", date="2031-05-13", paragraphs=[
        "A ferry sank off Torvik on Monday.",
        "\"The boat was over its limit. The papers prove it,\" a harbour official said.",
        "The operator rejected both claims, saying the extra passengers were infants."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    [denial] = [q for q in extractions[0].questions if q.kind == "denied"]
    assert denial.question.startswith("\"The boat was over its limit.")
    assert denial.question.endswith("the extra passengers were infants.")
    assert [(r.paragraph, r.sentence) for r in denial.evidence][0] == (3, 1)


def test_a_long_sentence_gives_its_denial_clause_not_its_opening(pipeline):
    documents = [Document(id="a.txt", path="a.txt", date="2031-05-13", paragraphs=[
        "Officials in the northern province of Torvik on Wednesday raised the number of people "
        "confirmed dead in the collapse of a grain silo near the river port to 11, after rescuers "
        "working through the night reached the lower floors of the building, while the owner of "
        "the silo rejected accusations that it had ignored repeated warnings from inspectors."])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    [denial] = [q for q in extractions[0].questions if q.kind == "denied"]
    assert denial.question.startswith("The owner of the silo rejected accusations")


@pytest.mark.parametrize("sentence, label", [
    ("The governor imposed a 24-hour curfew on the district.", "curfew in force"),
    ("A curfew has been declared across the county.", "curfew in force"),
    ("Firefighters said the search for the missing would continue through the night.", "search continuing"),
    ("Divers resumed the search at first light.", "search continuing"),
    ("Rescuers are searching through the mud for dozens of people still missing.", "search continuing")])
def test_status_sentences(sentence, label):
    from briefgen.extract.situation import STATUS
    assert next(lab for pattern, lab in STATUS if pattern.search(sentence)) == label


@pytest.mark.parametrize("text, dateline_text", [
    ("TORVIK, Norland, Oct 18 (AFP) - Two bombers struck.", "TORVIK, Norland, Oct 18 (AFP) - "),
    ("PORT ELAN, Norland: The toll rose.", "PORT ELAN, Norland: "),
    ("NOTE: this is not a dateline.", None),
    ("Residents said: we are afraid.", None)])
def test_wire_datelines(text, dateline_text):
    from briefgen.ingest.common import dateline
    match = dateline(text)
    assert (text[:match.end()] if match else None) == dateline_text


def test_a_claim_that_names_who_claims_leads_over_no_claim_yet():
    from briefgen.assemble.event import _main_claim
    claims = [{"kind": "responsibility", "by": None, "text": "No group immediately claimed responsibility."},
              {"kind": "responsibility", "by": "the Northern Front",
               "text": "The Northern Front claimed responsibility on Monday."}]
    assert _main_claim(claims)["by"] == "the Northern Front"


def test_a_toll_names_the_people_it_counts_without_their_clause():
    from briefgen.assemble.event import _short_subject
    assert _short_subject("people treated for injuries in hospitals") == "people"
    assert _short_subject("Chinese tourists") == "Chinese tourists"
    assert _short_subject("students and teachers") == "students and teachers"


def test_a_side_of_a_dispute_keeps_its_qualifier():
    from briefgen.assemble.event import _sides
    sides = _sides([{"value": 26, "qualifier": "exact", "claimed_by": "the state government", "superseded": False},
                    {"value": 60, "qualifier": "more_than", "claimed_by": "the group", "superseded": False}])
    assert [s["amount"] for s in sides] == ["26", "more than 60"]

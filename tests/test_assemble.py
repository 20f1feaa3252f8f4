"""Cross-document assembly: merging, canonical speakers, ranking and limits."""

from __future__ import annotations

from datetime import datetime, timezone

from briefgen.assemble import assemble
from briefgen.assemble.actors import canonical_speaker
from briefgen.assemble.questions import rank_questions
from briefgen.assemble.summary import pick_summary
from briefgen.extract import extract_document
from briefgen.model import Document, OpenQuestion, Ref, SummaryPoint
from briefgen.nlp import parse

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

ARTICLE_A = [
    "Defence Minister Olena Marchuk said on Monday that the army had retaken the town of Vilkhove.",
    "“Our soldiers control every street,” Marchuk said.",
    "At least 12 civilians were killed in the shelling, according to the regional governor.",
]
ARTICLE_B = [
    "Ukraine’s defence minister, Olena Marchuk, announced the recapture of Vilkhove.",
    "“Our soldiers control every street,” Marchuk told reporters.",
    "The separatists denied that they had lost the town.",
]


def build(pipeline, *articles):
    documents = [Document(id=f"{i}.txt", path=f"{i}.txt", paragraphs=list(a)) for i, a in enumerate(articles)]
    parsed = parse(documents, pipeline)
    return assemble(documents, [extract_document(p) for p in parsed], title=None, generated_at=NOW)


def test_same_quote_in_two_documents_is_one_quote_with_two_sources(pipeline):
    brief = build(pipeline, ARTICLE_A, ARTICLE_B)
    same = [q for q in brief.quotes if q.text.startswith("Our soldiers control every street")]
    assert len(same) == 1
    assert {r.document for r in same[0].sources} == {"0.txt", "1.txt"}
    assert same[0].speaker == "Olena Marchuk"
    assert same[0].speaker_role and "minister" in same[0].speaker_role.lower()


def test_actor_documents_and_salience(pipeline):
    brief = build(pipeline, ARTICLE_A, ARTICLE_B)
    marchuk = next(a for a in brief.actors if a.name == "Olena Marchuk")
    assert marchuk.documents == ["0.txt", "1.txt"]
    assert "Marchuk" in marchuk.aliases
    assert brief.actors[0].salience >= brief.actors[-1].salience


def test_every_item_cites_a_sentence_that_exists(pipeline):
    brief = build(pipeline, ARTICLE_A, ARTICLE_B)
    texts = {d.id: d.paragraphs for d in brief.documents}
    refs = [r for q in brief.quotes for r in q.sources] + [r for f in brief.figures for r in f.sources] + \
           [r for q in brief.open_questions for r in q.evidence] + [r for s in brief.summary for r in s.sources]
    assert refs
    for ref in refs:
        assert ref.text in texts[ref.document][ref.paragraph - 1]


def test_denial_becomes_an_open_question(pipeline):
    brief = build(pipeline, ARTICLE_A, ARTICLE_B)
    assert any(q.kind == "denied" and "separatists" in q.question for q in brief.open_questions)


def test_title_is_derived_when_not_given(pipeline):
    brief = build(pipeline, ARTICLE_A)
    assert brief.title and "Olena Marchuk" in brief.title


def test_canonical_speaker_by_role():
    from briefgen.model import Actor

    actors = [Actor("Olena Marchuk", "person", roles=["Defence Minister"]),
              Actor("Ivan Petrenko", "person", roles=["regional governor"])]
    index = {"olena marchuk": "Olena Marchuk", "marchuk": "Olena Marchuk"}
    assert canonical_speaker("Marchuk", actors, index) == "Olena Marchuk"
    assert canonical_speaker("the regional governor", actors, index) == "Ivan Petrenko"
    assert canonical_speaker("the survivors", actors, index) == "survivors"
    assert canonical_speaker("the minister", actors, index) == "Olena Marchuk"   # the only minister


def test_a_title_stands_for_its_holder_only_in_the_holders_documents():
    from briefgen.model import Actor

    actors = [Actor("Tariq Mehsud", "person", roles=["police officer"], documents=["blast.txt"]),
              Actor("Ruth Abara", "person", roles=["fire chief"], documents=["fire.txt"])]
    assert canonical_speaker("officer", actors, {}, documents={"robbery.txt"}) == "officer"
    assert canonical_speaker("officer", actors, {}, documents={"blast.txt"}) == "Tariq Mehsud"
    assert canonical_speaker("the fire chief", actors, {}, documents={"blast.txt"}) == "fire chief"
    assert canonical_speaker("the fire chief", actors, {}, documents={"fire.txt"}) == "Ruth Abara"


def ref(doc, p):
    return Ref(document=doc, paragraph=p, text=f"sentence {p}")


def test_questions_merge_and_are_capped():
    questions = [OpenQuestion(f"The ministry denied the report number {i} about the strike.", "denied",
                              [ref("a", i)], 3.0) for i in range(3)]
    topics = ["casualty count", "prison transfer", "fuel convoy", "border crossing", "airport closure",
              "election date", "arms shipment", "hostage release", "bridge repair", "curfew hours",
              "water supply", "court ruling", "ceasefire monitors", "refugee camp", "radio licence"]
    questions += [OpenQuestion(f"Officials gave no details about the {topic}.", "withheld",
                               [ref("b", i)], 1.0) for i, topic in enumerate(topics)]
    ranked = rank_questions(questions)
    assert len(ranked) <= 10
    assert ranked[0].kind == "denied" and len(ranked[0].evidence) == 3


def test_summary_hears_every_document_and_skips_repeats():
    points = [SummaryPoint("The army retook the town of Vilkhove on Monday after a week of fighting.",
                           [ref("a", 1)], 2.0),
              SummaryPoint("The army retook the town of Vilkhove on Monday after a week of heavy fighting.",
                           [ref("b", 1)], 1.9),
              SummaryPoint("Aid groups warned of a shortage of water.", [ref("b", 2)], 1.0),
              SummaryPoint("Schools stayed closed across the region.", [ref("a", 2)], 0.5)]
    chosen = pick_summary(points, {"a": 0, "b": 1})
    texts = [p.text for p in chosen]
    assert texts[0].startswith("The army retook")
    assert sum(t.startswith("The army retook") for t in texts) == 1
    assert {p.sources[0].document for p in chosen} == {"a", "b"}


def test_documents_are_grouped_into_stories(pipeline):
    from briefgen.assemble.stories import group_stories

    crash = ["Flight officials at Sorong airport said the Pelita Air jet lost contact with Sorong tower.",
             "Pelita Air chief Budi Hartono said the Sorong crew were experienced."]
    crash2 = ["Pelita Air confirmed the jet left Sorong at dawn; Budi Hartono spoke to families."]
    coup = ["Soldiers led by Colonel Ansu Kamara seized the palace in Conakry.",
            "Kamara's junta closed the border."]
    documents = [Document(id=f"{i}.txt", path=f"{i}.txt", paragraphs=p) for i, p in enumerate([crash, crash2, coup])]
    extractions = [extract_document(p) for p in parse(documents, pipeline)]
    stories = group_stories(extractions)
    assert stories["0.txt"] == stories["1.txt"] != stories["2.txt"]


BLAST_A = ["A car bomb killed at least 19 people at a market in Kassala on Friday, police said.",
           "The market was crowded with traders when the car exploded."]
BLAST_B = ["Twenty-four people died when a car bomb exploded in a crowded Kassala market, the health ministry said.",
           "Traders said the car had been parked beside the market gate."]
FLOOD = ["Floods in the delta killed 7 villagers and drowned cattle, the governor said.",
         "Rescue boats searched the flooded villages along the river delta."]
FERRY = ["A ferry capsized on the lake, and 7 passengers drowned, the coastguard said.",
         "Divers searched the ferry wreck on the lake bed."]


def test_lead_tolls_of_one_story_conflict(pipeline):
    brief = build(pipeline, BLAST_A, BLAST_B)
    conflicts = [q for q in brief.open_questions if q.kind == "conflicting_figures"]
    assert len(conflicts) == 1
    assert "19" in conflicts[0].question and "24" in conflicts[0].question


def test_same_number_in_two_stories_stays_two_figures(pipeline):
    brief = build(pipeline, FLOOD, FERRY)
    sevens = [f for f in brief.figures if f.low == 7 and f.category == "killed"]
    assert len(sevens) == 2
    assert not any(q.kind == "conflicting_figures" for q in brief.open_questions)


def test_every_story_gets_its_turn_in_open_questions():
    stories = {"a": 0, "b": 1}
    busy = [OpenQuestion(f"The ministry denied report {i} about {topic}.", "denied", [ref("a", i)], 3.0)
            for i, topic in enumerate(["fuel", "water", "roads", "schools", "power", "food"])]
    quiet = [OpenQuestion("Officials gave no details of the ferry's cargo.", "withheld", [ref("b", 1)], 1.8)]
    ranked = rank_questions(busy + quiet, limit=3, stories=stories)
    assert [q.evidence[0].document for q in ranked].count("b") == 1

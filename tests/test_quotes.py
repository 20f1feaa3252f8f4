"""Quote finding and speaker attribution on short passages written for these tests."""

from __future__ import annotations

import pytest

from briefgen.extract.actors import extract_mentions
from briefgen.extract.quotes import extract_quotes, find_quote_spans


@pytest.fixture
def quotes_of(parse_paragraphs):
    def run(*paragraphs):
        pdoc = parse_paragraphs(paragraphs)
        return extract_quotes(pdoc, extract_mentions(pdoc))
    return run


def by_kind(quotes, kind):
    return [q for q in quotes if q.kind == kind]


def test_attribution_after_the_quote(quotes_of):
    quotes = quotes_of("“We will rebuild every school in the district,” Governor Maria Okafor said on Monday.")
    direct = by_kind(quotes, "direct")
    assert [q.text for q in direct] == ["We will rebuild every school in the district,"]
    assert direct[0].speaker == "Maria Okafor"
    assert direct[0].cue == "said"


def test_speaker_after_the_verb_with_appositive_title(quotes_of):
    quotes = quotes_of("“The border will stay closed until the inquiry ends,” said Chile’s interior minister, "
                       "General Pablo Rivas.")
    direct = by_kind(quotes, "direct")
    assert direct[0].speaker == "Pablo Rivas"


def test_attribution_before_the_quote(quotes_of):
    quotes = quotes_of("Prime Minister Hannah Lind told reporters: “Nobody in this government ordered the raid.”")
    assert by_kind(quotes, "direct")[0].speaker == "Hannah Lind"


def test_according_to(quotes_of):
    quotes = quotes_of("Twelve villages were evacuated overnight, according to the Red Cross.")
    indirect = by_kind(quotes, "indirect")
    assert indirect and indirect[0].speaker == "the Red Cross".replace("the ", "")
    assert indirect[0].cue == "according to"


def test_pronoun_resolves_to_nearest_person(quotes_of):
    quotes = quotes_of("Opposition leader Tomas Berg arrived late to the hearing.",
                       "“The vote was rigged from the start,” he said.")
    assert by_kind(quotes, "direct")[0].speaker == "Tomas Berg"


def test_split_quote_gives_two_quotes_one_speaker(quotes_of):
    quotes = quotes_of("“We did not start this war,” Colonel Ana Silva said. “But we will finish it.”")
    direct = by_kind(quotes, "direct")
    assert [q.text for q in direct] == ["We did not start this war,", "But we will finish it."]
    assert {q.speaker for q in direct} == {"Ana Silva"}


def test_quote_only_paragraph_inherits_speaker(quotes_of):
    quotes = quotes_of("Health Minister Rafael Duarte visited the hospital on Friday.",
                       "“The wards are full and we are running out of oxygen.”")
    assert by_kind(quotes, "direct")[0].speaker == "Rafael Duarte"


def test_quote_running_over_paragraphs_is_one_quote(quotes_of):
    quotes = quotes_of("“The first convoy reached the city at dawn,” said aid coordinator Lena Park. “It carried food.",
                       "“A second convoy is waiting at the border,” she added.")
    texts = [q.text for q in by_kind(quotes, "direct")]
    assert "It carried food. A second convoy is waiting at the border," in texts


def test_partial_quote_in_journalist_sentence(quotes_of):
    quotes = quotes_of("The rebel commander Idris Malik described the ceasefire as “a trap for fools and cowards”.")
    partial = by_kind(quotes, "partial")
    assert [q.text for q in partial] == ["a trap for fools and cowards"]
    assert partial[0].speaker == "Idris Malik"


def test_scare_quotes_and_titles_are_not_quotes(quotes_of):
    quotes = quotes_of("The so-called “peace plan” was published alongside the report “Silent Borders”.")
    assert by_kind(quotes, "partial") == [] and by_kind(quotes, "direct") == []


def test_straight_quotes(quotes_of):
    quotes = quotes_of('"There is no evidence of a second attacker," police spokesman Omar Haddad said.')
    direct = by_kind(quotes, "direct")
    assert direct[0].text == "There is no evidence of a second attacker,"
    assert direct[0].speaker == "Omar Haddad"


def test_unbalanced_mark_stops_at_its_paragraph():
    spans = find_quote_spans(["He called it “a disgrace and left the room.",
                              "The next paragraph is plain reporting.",
                              "So is this one."])
    assert len(spans) == 1
    assert spans[0].end_paragraph == 1 and spans[0].closed is False


def test_reported_speech_with_clause(quotes_of):
    quotes = quotes_of("The interior ministry said that two suspects had been arrested near the port.")
    indirect = by_kind(quotes, "indirect")
    assert indirect and indirect[0].speaker == "interior ministry"
    assert indirect[0].cue == "said"


def test_direct_quote_is_not_also_reported_speech(quotes_of):
    quotes = quotes_of("“The talks have failed,” the mediator, Judge Karin Olsen, said.")
    assert by_kind(quotes, "indirect") == []


def test_speaker_after_quote_when_parser_attaches_quote_words_as_subject(quotes_of):
    quotes = quotes_of('"I was at the bus stop when it hit. I saw people lying everywhere, some hurt," '
                       'said Miriam Osei, a nurse who was treated for burns.')
    assert by_kind(quotes, "direct")[0].speaker == "Miriam Osei"


def test_pronoun_resolves_to_unnamed_speaker(quotes_of):
    quotes = quotes_of("A hotel cleaner who hid in a cupboard told reporters she had heard shooting.",
                       '"They were searching every room," she said.')
    assert by_kind(quotes, "direct")[0].speaker == "hotel cleaner"


def test_appositive_name_the_model_missed(quotes_of):
    quotes = quotes_of("The foreign minister, Adelina Gomes Có, told reporters the palace was surrounded.",
                       "“The line went dead,” she said.")
    assert by_kind(quotes, "direct")[0].speaker == "Adelina Gomes Có"


def test_two_reports_in_one_sentence_are_two_items(quotes_of):
    quotes = quotes_of("The army said the general was unharmed, but his office said he had been wounded in the raid.")
    indirect = {q.speaker: q.text for q in by_kind(quotes, "indirect")}
    assert indirect["army"] == "The army said the general was unharmed"
    assert indirect["office"].startswith("his office said he had been wounded")


def test_reported_speech_around_a_partial_quote(quotes_of):
    quotes = quotes_of('The European Union called for "an immediate return to constitutional order".')
    assert by_kind(quotes, "partial")[0].speaker == "European Union"
    assert by_kind(quotes, "indirect")[0].speaker == "European Union"


def test_speaker_described_by_apposition(quotes_of):
    quotes = quotes_of('"The truck did not stop at the barrier," one of the sources, a border guard, '
                       'told reporters.')
    assert by_kind(quotes, "direct")[0].speaker == "border guard"


def test_the_title_refers_back_to_its_holder(quotes_of):
    quotes = quotes_of("Interior Minister Esteban Carrera said the escape needed help from inside.",
                       '"We know who helped them," the minister said at a military base.')
    assert by_kind(quotes, "direct")[0].speaker == "Esteban Carrera"


def test_translated_inversion_after_the_quote(quotes_of):
    quotes = quotes_of("“The authors will be brought before the justice,” has declared the minister of "
                       "communication, Serge-Aimé Ngaba, in a press release.")
    assert by_kind(quotes, "direct")[0].speaker == "Serge-Aimé Ngaba"


# -- unclosed marks, the quote index and the caps --------------------------------------------

def test_unclosed_mark_ends_at_the_next_opening_mark():
    spans = find_quote_spans(["The harbour master called it “a slow disaster and then added "
                              "“we have no more boats” before leaving."])
    assert [(s.text, s.closed) for s in spans] == [
        ("a slow disaster and then added", False), ("we have no more boats", True)]
    text = "The harbour master called it “a slow disaster and then added "
    assert spans[0].end == len(text.rstrip())      # the space before the next mark left out


def test_straight_mark_that_opens_again_bounds_the_open_quote():
    spans = find_quote_spans(['The ferry clerk said "nothing leaves tonight and then "all routes" shut.'])
    assert [(s.text, s.closed) for s in spans] == [
        ("nothing leaves tonight and then", False), ("all routes", True)]


def test_closing_marks_are_not_taken_for_openers():
    spans = find_quote_spans(["„Wir bleiben hier“, sagte sie, «nous restons» et “we stay” too."])
    assert [(s.text, s.closed) for s in spans] == [
        ("Wir bleiben hier", True), ("nous restons", True), ("we stay", True)]


def test_unclosed_quote_is_marked_uncertain(quotes_of):
    quotes = quotes_of("“The levee will not hold through the weekend, engineer Petra Vance told the council.",
                       "Residents began leaving on Friday.")
    marked = [q for q in quotes if q.kind != "indirect"]
    assert marked and all(q.uncertain for q in marked)
    closed = quotes_of("“The levee will not hold,” engineer Petra Vance told the council.")
    assert [q.uncertain for q in closed if q.kind == "direct"] == [False]


def test_uncertain_is_in_the_json_of_quotes(sample_brief):
    import json

    data = json.loads(sample_brief.to_json())
    assert [q["uncertain"] for q in data["quotes"]] == [False, False]


def test_a_quote_closed_by_another_outlet_is_not_uncertain():
    from briefgen.assemble.quotes import merge_quotes
    from briefgen.model import Quote, Ref

    ref = lambda d: Ref(document=d, paragraph=1, sentence=1, text="x")  # noqa: E731
    words = "The water is already at the second floor of the clinic"
    merged = merge_quotes([Quote(words, "direct", "Petra Vance", [ref("a.txt")], uncertain=True),
                           Quote(words, "direct", "Petra Vance", [ref("b.txt")])],
                          [], {}, {"a.txt": 0, "b.txt": 1})
    assert len(merged) == 1 and merged[0].uncertain is False


def test_inside_quote_agrees_with_a_scan_of_every_range(parse_paragraphs):
    from briefgen.extract.quotes import _Context

    paragraphs = ["“One,” said the pilot, “two” and “three” then “four.",
                  "“Five and six,” the co-pilot answered. Nothing quoted here at all.",
                  "“Seven goes on",
                  "“and on to eight,” she said."]
    pdoc = parse_paragraphs(paragraphs)
    spans = find_quote_spans(paragraphs)
    context = _Context(pdoc, [], spans)
    for p, doc in enumerate(pdoc.paragraphs, start=1):
        ranges = []
        for s in spans:
            if s.paragraph <= p <= s.end_paragraph:
                ranges.append((s.start - 1 if p == s.paragraph else 0,
                               s.end if p == s.end_paragraph else len(paragraphs[p - 1])))
        for token in doc:
            expected = any(a <= token.idx <= b for a, b in ranges)
            assert context.inside_quote(p, token) is expected, (p, token.text)
        assert context.quote_tokens(spans[0], spans[0].paragraph) == [
            t for t in pdoc.paragraphs[spans[0].paragraph - 1]
            if spans[0].start <= t.idx < spans[0].end]


def test_quotes_are_capped_per_paragraph_with_a_note(parse_paragraphs):
    from briefgen.extract import quotes as module

    marks = " ".join(f"“token{i}”" for i in range(module.QUOTES_PER_PARAGRAPH + 30))
    pdoc = parse_paragraphs(["Inspector Lena Marsh wrote a list of words.", marks])
    quotes = extract_quotes(pdoc, extract_mentions(pdoc))
    assert len(quotes) <= module.QUOTES_PER_PARAGRAPH
    assert len(pdoc.notes) == 1 and "per paragraph" in pdoc.notes[0]


def test_caps_keep_the_first_spans_of_each_paragraph_and_document(monkeypatch):
    from briefgen.extract import quotes as module

    monkeypatch.setattr(module, "QUOTES_PER_PARAGRAPH", 2)
    monkeypatch.setattr(module, "QUOTES_PER_DOCUMENT", 3)
    spans = find_quote_spans(["“a1” “a2” “a3”", "“b1” “b2”", "“c1”"])
    assert [s.text for s in module.capped(spans)] == ["a1", "a2", "b1"]

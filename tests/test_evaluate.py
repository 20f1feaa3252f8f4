"""Scoring a brief against gold annotations: format checks, document discovery, every metric.

Expected numbers are worked out by hand in the comments next to each assertion; the gold file
is tests/data/eval/storm.gold.json (two short reports on one cyclone, beside it).
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from conftest import GOLD, needs_shared

from briefgen.errors import GoldError, InputError
from briefgen.evaluate import (
    Metrics,
    Ratio,
    evaluate_paths,
    find_documents,
    format_report,
    indirect_similarity,
    load_gold,
    normalise,
    quote_similarity,
    score,
)

TESTS = Path(__file__).resolve().parent
SEEDS = TESTS.parent / "seeds"
DATA = TESTS / "data" / "eval"
STORM = DATA / "storm.gold.json"
A, B = "storm-a.txt", "storm-b.txt"


@pytest.fixture(scope="module")
def gold():
    return load_gold(STORM)


def ref(document: str, text: str = "") -> dict:
    return {"document": document, "paragraph": 1, "sentence": 1, "text": text}


def brief(**sections) -> dict:
    """A briefgen.brief/1 dict with the two storm documents and the given sections."""
    data = {"schema": "briefgen.brief/1", "documents": [{"id": A}, {"id": B}],
            "actors": [], "quotes": [], "figures": [], "open_questions": []}
    data.update(sections)
    return data


def quote(text: str, kind: str, speaker: str | None, *documents: str) -> dict:
    return {"text": text, "kind": kind, "speaker": speaker, "cue": "said",
            "sources": [ref(d, text) for d in documents]}


def figure(category: str, low, qualifier: str, *documents: str, high=None, vague=None) -> dict:
    return {"category": category, "low": low, "high": high, "qualifier": qualifier,
            "vague": vague, "text": f"{category} {low}", "sources": [ref(d) for d in documents]}


# --- loading the gold file -------------------------------------------------------------------


def test_load_gold_reads_every_section(gold):
    assert gold.name == "storm"
    assert gold.documents == [A, B]
    assert [a.name for a in gold.actors if a.key] == ["Lena Okafor", "Red Cross", "Tomas Reyes",
                                                      "Interior Ministry"]
    assert gold.actors[0].aliases == ("Okafor", "Governor Lena Okafor")
    assert gold.actors[1].roles == ()                      # roles are optional
    assert gold.quotes[1].speaker == ("Lena Okafor", "the governor")
    assert gold.indirect_quotes[2].cue == "according to"
    vague = gold.figures[4]
    assert (vague.low, vague.qualifier, vague.vague, vague.claimed_by) == (
        None, "vague", "dozens", "coast guard")
    assert (gold.figures[5].low, gold.figures[5].high) == (80, 100)
    assert gold.not_casualty_figures[1].low == 20000000
    assert [q.id for q in gold.open_questions] == ["unconfirmed-toll", "evacuation-timing",
                                                   "missing-fishermen"]


@needs_shared
def test_the_shared_seed_gold_is_valid():
    seeds = load_gold(GOLD)
    assert all((SEEDS / name).is_file() for name in seeds.documents)
    assert len(seeds.quotes) == 17 and len(seeds.figures) == 6


def _mutated(tmp_path: Path, change) -> Path:
    data = json.loads(STORM.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set(*keys_and_value):
    *keys, last, value = keys_and_value

    def change(data):
        for key in keys:
            data = data[key]
        data[last] = value
    return change


def _delete(*keys):
    *path, last = keys

    def change(data):
        for key in path:
            data = data[key]
        del data[last]
    return change


MALFORMED = [
    (_delete("figures"), "top level: missing 'figures'"),
    (_set("quotes", {"a": 1}), "'quotes' must be a list, got an object"),
    (_set("documents", []), "'documents' must not be empty"),
    (_set("documents", 1, "eval/storm-b.txt"), "documents[1]: 'eval/storm-b.txt' must be a file "
                                               "name, not a path"),
    (_set("documents", 1, A), f"documents[1]: '{A}' is listed twice"),
    (_delete("quotes", 1, "speaker"), "quotes[1]: missing 'speaker'"),
    (_set("quotes", 0, "speaker", "Lena Okafor"), "quotes[0]: 'speaker' must be a list of "
                                                  "non-empty strings"),
    (_set("quotes", 0, "speaker", []), "quotes[0]: 'speaker' must not be empty"),
    (_set("quotes", 2, "kind", "indirect"), "quotes[2]: 'kind' must be one of direct, partial, "
                                            "got 'indirect'"),
    (_set("quotes", 0, "document", "storm-c.txt"), "quotes[0]: document 'storm-c.txt' is not "
                                                   "listed in 'documents'"),
    (_set("quotes", 0, "text", "  "), "quotes[0]: 'text' must be a non-empty string"),
    (_set("quotes", 1, "a race against time"), "quotes[1]: expected an object, got a string"),
    (_delete("indirect_quotes", 0, "text"), "indirect_quotes[0]: missing 'text'"),
    (_set("actors", 4, "type", "city"), "actors[4]: 'type' must be one of person, organization, "
                                        "country, place, got 'city'"),
    (_delete("actors", 0, "key"), "actors[0]: missing 'key'"),
    (_set("actors", 0, "key", "yes"), "actors[0]: 'key' must be true or false, got 'yes'"),
    (_set("actors", 2, "aliases", ["Okafor"]), "actors[2]: 'Okafor' also names actors[0] "
                                               "('Lena Okafor')"),
    (_set("not_actors", 0, "The Red Cross"), "not_actors[0]: 'The Red Cross' is also a name or "
                                             "alias of actors[1]"),
    (_set("figures", 0, "low", "42"), "figures[0]: 'low' must be a non-negative number or null, "
                                      "got '42'"),
    (_set("figures", 0, "low", -3), "figures[0]: 'low' must be a non-negative number"),
    (_set("figures", 0, "low", True), "figures[0]: 'low' must be a non-negative number"),
    (_set("figures", 0, "low", None), "figures[0]: 'low' is null but 'qualifier' is 'at_least', "
                                      "not 'vague'"),
    (_set("figures", 5, "high", 50), "figures[5]: 'high' (50) is below 'low' (80)"),
    (_set("figures", 1, "category", "wounded"), "figures[1]: 'category' must be one of killed, "),
    (_set("figures", 1, "qualifier", "roughly"), "figures[1]: 'qualifier' must be one of exact, "),
    (_delete("not_casualty_figures", 0, "low"), "not_casualty_figures[0]: missing 'low'"),
    (_set("open_questions", 0, "evidence", []), "open_questions[0]: 'evidence' must not be empty"),
    (_set("open_questions", 1, "id", "unconfirmed-toll"), "open_questions: id 'unconfirmed-toll' "
                                                         "is used 2 times"),
]


@pytest.mark.parametrize("change, message", MALFORMED)
def test_malformed_gold_names_the_file_and_the_problem(tmp_path, change, message):
    path = _mutated(tmp_path, change)
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_the_documented_example_message(tmp_path):
    path = _mutated(tmp_path, _delete("quotes", 1, "speaker"))
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value) == f"{path}: quotes[1]: missing 'speaker'"
    assert caught.value.exit_code == 1


def test_invalid_json_is_a_gold_error():
    with pytest.raises(GoldError, match=r"broken\.gold\.json: invalid JSON at line 3 column 1"):
        load_gold(DATA / "broken.gold.json")


def test_top_level_must_be_an_object(tmp_path):
    path = tmp_path / "list.gold.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(GoldError, match="the top level must be an object, got a list"):
        load_gold(path)


def test_missing_and_unreadable_gold_files(tmp_path):
    with pytest.raises(GoldError, match=r"nothing\.json: no such gold file"):
        load_gold(tmp_path / "nothing.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"name": "Goïta"}'.encode("latin-1"))
    with pytest.raises(GoldError, match=r"latin1\.json: cannot read"):
        load_gold(latin1)


# --- finding the documents -------------------------------------------------------------------


def _copy_docs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(DATA / name, folder / name)) for name in (A, B)]


def test_documents_beside_the_gold_file(gold):
    assert find_documents(gold, STORM, []) == [DATA / A, DATA / B]


def test_documents_given_as_files(gold, tmp_path):
    a, b = _copy_docs(tmp_path / "docs")
    assert find_documents(gold, STORM, [b, a]) == [a, b]     # in the gold's order


def test_documents_inside_folders_recursively(gold, tmp_path):
    (tmp_path / "in" / "x").mkdir(parents=True)
    a = Path(shutil.copy(DATA / A, tmp_path / "in" / A))
    b = Path(shutil.copy(DATA / B, tmp_path / "in" / "x" / B))
    _copy_docs(tmp_path / "in" / ".cache")                     # hidden folders are not searched
    assert find_documents(gold, STORM, [tmp_path / "in"]) == [a, b]


def test_docs_arguments_take_precedence_over_the_gold_folder(gold, tmp_path):
    a = Path(shutil.copy(DATA / A, tmp_path / A))
    assert find_documents(gold, STORM, [tmp_path]) == [a, DATA / B]


def test_the_same_file_reached_twice_is_not_ambiguous(gold, tmp_path):
    a, b = _copy_docs(tmp_path / "docs")
    assert find_documents(gold, STORM, [a, tmp_path / "docs"]) == [a, b]


def test_a_missing_document_is_named(gold, tmp_path):
    _copy_docs(tmp_path / "docs")
    (tmp_path / "docs" / B).unlink()
    gold_copy = tmp_path / "elsewhere" / "storm.gold.json"
    gold_copy.parent.mkdir()
    shutil.copy(STORM, gold_copy)
    with pytest.raises(GoldError, match=r"document 'storm-b\.txt' is not found"):
        find_documents(gold, gold_copy, [tmp_path / "docs"])


def test_a_document_found_twice_is_ambiguous(gold, tmp_path):
    _copy_docs(tmp_path / "one")
    _copy_docs(tmp_path / "two")
    with pytest.raises(GoldError, match=r"document 'storm-a\.txt' is found more than once"):
        find_documents(gold, STORM, [tmp_path / "one", tmp_path / "two"])


def test_a_docs_argument_that_does_not_exist(gold, tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_documents(gold, STORM, [tmp_path / "nope"])


# --- text rules ------------------------------------------------------------------------------


def test_normalise():
    assert normalise("“Mali’s U.S.-backed 1,913 deaths,” Goïta  said") == (
        "mali us backed 1913 deaths goita said")


def test_short_quotes_must_be_near_exact():
    assert quote_similarity("a race against time", "“A race against time.”") == 1.0
    assert quote_similarity("a race against time", "a race against tme") is not None  # typo
    assert quote_similarity("a race against time", "a race against crime") is None  # other word
    assert quote_similarity("a race against time", "a race against the time") is None
    assert quote_similarity("a race against time", "race against time") is None


def test_long_quotes_need_eighty_percent_overlap_both_ways():
    gold = "one two three four five six seven eight nine ten"
    assert quote_similarity(gold, "one two three four five six seven eight") == 0.8
    assert quote_similarity(gold, "one two three four five six seven") is None   # 7/10
    assert quote_similarity(gold, gold + " eleven twelve") == pytest.approx(10 / 12)
    assert quote_similarity(gold, gold + " eleven twelve thirteen") is None      # 10/13


def test_indirect_overlap_allows_content_only():
    gold = "Okafor said that more than 12,000 people had been moved to shelters."
    # 9 shared tokens: all of the system's, 9 of the gold's 12
    assert indirect_similarity(gold, "more than 12,000 people had been moved to shelters") == 0.75
    assert indirect_similarity(gold, "had been moved") is None                    # 3/12 < 1/3
    sentence = ("After a night of rain and wind, " + gold[:-1] + ", officials in the capital "
                "told reporters")                               # 12 of 25 tokens: a clause of it
    assert indirect_similarity(gold, sentence) == pytest.approx(12 / 25)


# --- metrics ---------------------------------------------------------------------------------


def test_quote_scores(gold):
    quotes = [
        quote("We have never seen water rise this fast", "direct", "Okafor", A),      # gold 0
        quote("a race against time.", "partial", "Red Cross", A),                      # gold 1
        quote("Our teams are working around the clock", "direct", "Tomas Reyes", B),   # 7/14
        quote("a race against time", "partial", "Lena Okafor", B),                     # wrong doc
        quote("We have never seen water rise this fast", "direct", "Okafor", "other.txt"),
        quote("more than 12,000 people had been moved", "indirect", "Okafor", A),
    ]
    q = score(gold, brief(quotes=quotes)).quotes
    # in scope: the first four (the fifth cites no gold document, the sixth is indirect)
    assert q.precision == Ratio(2, 4)
    assert q.recall == Ratio(2, 3)
    assert q.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))        # 0.571
    assert q.speaker_accuracy == Ratio(1, 2)      # "Okafor" is an alias; "Red Cross" is wrong
    missed = [f.text for f in q.findings if f.kind == "missed"]
    assert missed == [gold.quotes[2].text]
    extra = [(f.document, f.text) for f in q.findings if f.kind == "extra"]
    assert extra == [(B, "Our teams are working around the clock"), (B, "a race against time")]


def test_a_quote_cited_by_two_documents_matches_in_each(tmp_path):
    data = json.loads(STORM.read_text(encoding="utf-8"))
    data["quotes"].append({"document": B, "kind": "partial", "text": "a race against time",
                           "speaker": ["Lena Okafor"]})
    path = tmp_path / "two.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    q = score(load_gold(path), brief(quotes=[quote("a race against time", "partial",
                                                   "Lena Okafor", A, B)])).quotes
    assert q.recall == Ratio(2, 4)           # found in both documents
    assert q.precision == Ratio(1, 1)        # one line of the brief, and it is right
    assert q.speaker_accuracy == Ratio(2, 2)


def test_speaker_may_be_any_gold_answer_or_alias(gold):
    quotes = [quote("a race against time", "partial", "The Governor", A),         # a gold answer
              quote("We have never seen water rise this fast", "direct", None, A),  # no speaker
              quote(gold.quotes[2].text, "direct", "reyes", B)]             # alias, any case
    q = score(gold, brief(quotes=quotes)).quotes
    assert (q.precision, q.recall, q.speaker_accuracy) == (Ratio(3, 3), Ratio(3, 3), Ratio(2, 3))


def test_indirect_recall(gold):
    quotes = [
        quote("more than 12,000 people had been moved to shelters", "indirect", "Okafor", A),
        quote("evacuation orders came too late", "indirect", "Okafor", A),   # gold 1 is in B
        quote("42 people were killed", "indirect", None, A),                 # 4/15 of gold 2
        quote("Okafor said that more than 12,000 people had been moved to shelters.", "direct",
              "Okafor", A),                                                  # not indirect
    ]
    q = score(gold, brief(quotes=quotes)).quotes
    assert q.indirect_recall == Ratio(1, 7)
    assert [f.text for f in q.indirect_findings if f.kind == "missed"] == [
        q.text for q in gold.indirect_quotes[1:]]


def _actor(name, kind, roles=(), aliases=()):
    return {"name": name, "type": kind, "roles": list(roles), "aliases": list(aliases),
            "mentions": 1, "documents": [A], "salience": 0.5}


def test_actor_scores(gold):
    actors = [
        _actor("Lena Okafor", "person", ["Governor of the coastal province"]),  # right type, role
        _actor("Okafor", "person"),                          # duplicate; lacks the role
        _actor("the red cross", "organization"),             # "the" and case do not matter
        _actor("Amara", "person"),                           # a not_actors entry
        _actor("Port Kessel", "person"),                     # a gold actor, but a place
        _actor("Kessel Bay", "place"),                       # not gold; a place: not in precision
        _actor("Reyes Tomas", "organization", aliases=["Reyes"]),  # found by alias; wrong type
    ]
    a = score(gold, brief(actors=actors)).actors
    assert a.key_recall == Ratio(3, 4)          # Okafor, Red Cross, Reyes; not Interior Ministry
    assert a.precision == Ratio(5, 6)           # people and organizations: all but Amara
    assert a.type_accuracy == Ratio(3, 5)       # mapped: Lena Okafor, Okafor, red cross ✓; 2 ✗
    assert a.role_accuracy == Ratio(1, 3)       # gold roles for Okafor ×2 and Reyes
    assert a.not_actors == 1
    assert a.duplicates == 1
    assert [f.text for f in a.findings if f.kind == "missed"] == ["Interior Ministry"]
    assert [f.text for f in a.findings if f.kind == "extra"] == ["Amara", "Kessel Bay"]


def test_role_words_must_all_appear(tmp_path):
    data = json.loads(STORM.read_text(encoding="utf-8"))
    data["actors"][0]["roles"] = ["Governor", "province"]
    path = tmp_path / "roles.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    gold = load_gold(path)
    one = score(gold, brief(actors=[_actor("Okafor", "person", ["Governor"])])).actors
    both = score(gold, brief(actors=[_actor("Okafor", "person", ["Governor", "the province's "
                                                                 "Governor"])])).actors
    words = score(gold, brief(actors=[_actor("Okafor", "person", ["Governorship"])])).actors
    assert (one.role_accuracy, both.role_accuracy, words.role_accuracy) == (
        Ratio(0, 1), Ratio(1, 1), Ratio(0, 1))


def test_figure_scores(gold):
    figures = [
        figure("killed", 42, "at_least", A),                    # gold 0, qualifier right
        figure("injured", 300, "exact", A),                     # gold 1, qualifier wrong
        figure("killed", 57, "exact", B, A),                    # gold 3 through its second source
        figure("missing", None, "vague", B, vague="Dozens"),    # gold 4
        figure("other", 150, "exact", A),                       # 150 volunteers
        figure("killed", 42, "at_least", A),                    # gold 0 is taken: extra
        figure("injured", 80, "range", B, high=90),             # gold 5 says 80-100
        figure("injured", 80, "range", B, high=100),            # gold 5
        figure("killed", 42, "at_least", "other.txt"),          # not a gold document: ignored
    ]
    f = score(gold, brief(figures=figures)).figures
    assert f.precision == Ratio(5, 8)
    assert f.recall == Ratio(5, 6)              # only the 12,000 displaced is missed
    assert f.f1 == pytest.approx(2 * (5 / 8) * (5 / 6) / (5 / 8 + 5 / 6))   # 0.714
    assert f.qualifier_accuracy == Ratio(4, 5)
    assert f.not_casualty == 1
    assert [f_.note for f_ in f.findings if f_.kind == "missed"] == [
        "displaced 12000 (more_than)"]


def test_figure_numbers_rules(gold):
    # a vague gold figure needs the same vague word; a gold without `high` accepts any high
    figures = [figure("missing", None, "vague", B, vague="hundreds"),
               figure("killed", 57, "range", B, high=60),
               figure("killed", 20000000, "exact", B)]
    f = score(gold, brief(figures=figures)).figures
    assert (f.precision, f.recall, f.qualifier_accuracy) == (Ratio(1, 3), Ratio(1, 6),
                                                             Ratio(0, 1))
    assert f.not_casualty == 1                  # $20 million


def test_open_question_scores(gold):
    questions = [
        {"question": "Has the toll been verified?", "kind": "unconfirmed",
         "evidence": [ref(A, "The Red Cross, which deployed 150 volunteers, has not confirmed "
                             "the toll.")]},
        {"question": "The governor denies EVACUATION ORDERS CAME TOO LATE.", "kind": "denied",
         "evidence": [ref(B, "Governor Lena Okafor denied it.")]},
        {"question": "How will the $20 million be spent?", "kind": "withheld",
         "evidence": [ref(B, "The government has set aside $20 million for reconstruction.")]},
    ]
    o = score(gold, brief(open_questions=questions)).open_questions
    assert o.recall == Ratio(2, 3)
    assert o.listed == 3
    assert [f.text for f in o.findings if f.kind == "missed"] == ["missing-fishermen"]
    assert [(f.document, f.text) for f in o.findings if f.kind == "extra"] == [
        (B, "How will the $20 million be spent?")]


def test_an_empty_brief(gold):
    m = score(gold, brief())
    assert m.quotes.precision.value is None and m.quotes.f1 is None
    assert m.quotes.recall == Ratio(0, 3)
    assert m.actors.key_recall == Ratio(0, 4)
    assert m.figures.recall == Ratio(0, 6)
    assert m.open_questions.recall == Ratio(0, 3) and m.open_questions.listed == 0


def test_the_brief_must_cover_the_gold_documents(gold):
    with pytest.raises(GoldError, match="does not include the gold document.*storm-b.txt"):
        score(gold, brief(documents=[{"id": A}]))


# --- output ----------------------------------------------------------------------------------


@pytest.fixture
def metrics(gold) -> Metrics:
    return score(gold, brief(
        quotes=[quote("a race against time", "partial", "Okafor", A)],
        actors=[_actor("Okafor", "person", ["Governor"]), _actor("AFP Sunday", "organization")],
        figures=[figure("killed", 42, "at_least", A), figure("killed", 9, "exact", B)],
    ))


def test_metrics_to_dict(metrics):
    data = metrics.to_dict()
    json.dumps(data)                                            # plain JSON values only
    assert data["gold"] == "storm" and data["documents"] == [A, B]
    assert data["quotes"]["precision"] == 1.0
    assert data["quotes"]["recall"] == round(1 / 3, 4)
    assert data["quotes"]["counts"]["recall"] == {"hits": 1, "total": 3}
    assert data["indirect_quotes"]["recall"] == 0.0
    assert data["actors"]["precision"] == 0.5
    assert data["actors"]["duplicates"] == 0
    assert data["figures"]["f1"] == round(2 * 0.5 * (1 / 6) / (0.5 + 1 / 6), 4)
    assert data["open_questions"]["recall"] == 0.0 and data["open_questions"]["listed"] == 0
    assert {"kind": "extra", "document": B, "text": "killed 9", "note": "killed 9 (exact)"} in (
        data["figures"]["findings"])


def test_report_is_an_aligned_table(metrics):
    report = format_report(metrics, details=False)
    lines = report.splitlines()
    table = [l for l in lines[2:] if l.strip()]
    assert table[0].split() == ["section", "metric", "score", "count"]
    rows = table[2:]
    assert len(rows) == len(metrics.rows())
    assert len({len(l) for l in rows if l.split()[-1].count("/")}) == 1   # counts right-aligned
    assert any(l.split() == ["quotes", "recall", "0.333", "1/3"] for l in rows)
    assert any(l.split() == ["quotes", "speaker_accuracy", "1.000", "1/1"] for l in rows)
    assert any(l.split() == ["figures", "qualifier_accuracy", "1.000", "1/1"] for l in rows)
    assert "missed" not in report


def test_report_details_list_every_miss_and_extra(metrics, gold):
    report = format_report(metrics, details=True)
    assert "quotes: missed (gold, not found): 2" in report
    assert f"[{A}] We have never seen water rise this fast," in report
    assert f"[{B}] Our teams are working around the clock" in report
    assert "indirect_quotes: missed (gold, not found): 7" in report
    assert "actors: extra (system, not in gold): 1" in report
    assert f"  - [{A}] AFP Sunday  (organization, not a gold actor)" in report
    assert "figures: extra (system, not in gold): 1" in report
    assert f"  - [{B}] killed 9  (killed 9 (exact))" in report
    assert "open_questions: missed (gold, not found): 3" in report
    for item in gold.open_questions:
        assert f"  - {item.id}" in report


def test_undefined_scores_show_as_not_available(gold):
    report = format_report(score(gold, brief()), details=False)
    assert any(l.split() == ["quotes", "precision", "n/a", "0/0"] for l in report.splitlines())


# --- end to end ------------------------------------------------------------------------------


@needs_shared
def test_evaluate_paths_on_the_seed_articles():
    metrics, data = evaluate_paths(GOLD, [SEEDS])
    assert data["schema"] == "briefgen.brief/1"
    assert {d["id"] for d in data["documents"]} == {p.name for p in SEEDS.iterdir()}
    values = [v for _, _, v in metrics.rows()]
    ratios = [v.value for v in values if isinstance(v, Ratio)]
    assert ratios and all(r is None or 0.0 <= r <= 1.0 for r in ratios)
    assert metrics.quotes.recall.value is not None          # the gold has quotes to find
    assert all(isinstance(v, int) and v >= 0 for v in values
               if not isinstance(v, (Ratio, float, type(None))))
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_a_quote_over_two_paragraphs_matches_both_annotated_pieces():
    from types import SimpleNamespace as NS

    from briefgen.evaluate import _match_joined_pieces, _Matched

    gold = [NS(document="a.txt", text="We will rebuild every school in the district before the rains."),
            NS(document="a.txt", text="Nobody will be left without a classroom, and that is a promise."),
            NS(document="a.txt", text="Something else entirely was said later in the article.")]
    system = [{"text": "We will rebuild every school in the district before the rains. Nobody will be "
                       "left without a classroom, and that is a promise."}]
    matched = _Matched(pairs=[], system_items=[0], system_docs={0: ["a.txt"]})
    _match_joined_pieces(matched, system, gold)
    assert sorted(matched.pairs) == [(0, 0), (0, 1)]


def test_victims_match_on_the_head_noun_in_the_singular():
    from briefgen.evaluate import same_victims
    assert same_victims("Zambian peacekeepers", "peacekeepers")
    assert same_victims("men", "two men")
    assert same_victims("firefighter", "firefighters")
    assert not same_victims("people", "women")
    assert not same_victims("militants", None)
    assert not same_victims("passengers", "flooding")


def test_gold_may_name_its_documents_by_file_stem(tmp_path):
    raw = json.loads(STORM.read_text(encoding="utf-8"))
    stems = {A: "storm-a", B: "storm-b"}

    def rename(value):
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return stems.get(value, value)

    (tmp_path / "stems.gold.json").write_text(json.dumps(rename(raw)), encoding="utf-8")
    by_stem, _ = evaluate_paths(tmp_path / "stems.gold.json", [DATA])
    by_name, _ = evaluate_paths(STORM, [DATA])
    assert by_stem.documents == [A, B]
    assert by_stem.quotes == by_name.quotes and by_stem.figures == by_name.figures

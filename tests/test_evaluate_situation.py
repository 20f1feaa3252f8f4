"""The situation scorer on small hand-made briefs: each measure can fail."""

from __future__ import annotations

from briefgen.evaluate_situation import SituationScores, numbers_in, score_cluster, top_of

CLUSTER = {
    "id": "t",
    "conflicts": [{"group": "killed_victims", "category": "killed", "sides": [[10], [14]]},
                  {"group": None, "numeric": False, "keywords": ["hostage"]}],
    "updates": [{"group": "killed_victims", "category": "killed", "earlier": [6], "latest": 10}],
    "background": [{"category": "killed", "value": 300, "why": "an earlier war"}],
    "headline": [{"group": "killed_victims", "category": "killed", "accept": [10, 14]}],
    "must_state": [["bridge"], ["12 May 2031"]],
}


def test_numbers_skip_years_but_keep_thousands():
    assert numbers_in("In 2015, 1,200 people and 7 soldiers; 2,015 more") == {1200, 7, 2015}
    assert numbers_in("in 2015") == set()


def test_a_brief_without_an_event_model_scores_low():
    brief = {"figures": [{"category": "killed", "low": 300, "high": None, "qualifier": "exact"},
                         {"category": "killed", "low": 10, "high": None, "qualifier": "exact"}],
             "open_questions": [{"kind": "conflicting_figures",
                                 "question": "Sources differ: 6 (a) against 10 (b) against 300 (c)."}]}
    scores = SituationScores()
    score_cluster(CLUSTER, brief, {"analyst": "# A bridge fell\n"}, scores)
    result = scores.to_dict()
    assert result["conflict_questions_correct"]["ratio"] == 0
    assert result["surfaced"]["hit"] == 0 and result["surfaced"]["total"] == 3
    assert result["background_as_event"]["ratio"] == 1.0
    assert result["headline_right"]["ratio"] == 0
    assert result["must_state_in_top"]["ratio"] == 0.5


def test_a_brief_with_the_event_model_scores_high():
    toll = {"category": "killed", "group": "killed_victims", "low": 10, "high": 14, "latest": 10,
            "status": "disputed", "values": [{"value": 6}, {"value": 10}, {"value": 14}]}
    brief = {"figures": [{"category": "killed", "low": 300, "qualifier": "exact", "scope": "background"},
                         {"category": "killed", "low": 10, "qualifier": "exact", "scope": "event"}],
             "event": {"tolls": [toll], "claims": [{"text": "no hostages were taken", "denied_by": ["x"]}]},
             "open_questions": [{"kind": "conflicting_figures", "question": "Killed: 10 (a) against 14 (b)."}]}
    scores = SituationScores()
    score_cluster(CLUSTER, brief, {"analyst": "# Bridge collapse, 12 May 2031\n"}, scores)
    result = scores.to_dict()
    assert result["conflict_questions_correct"]["ratio"] == 1.0
    assert result["surfaced"]["ratio"] == 1.0
    assert result["background_as_event"]["ratio"] == 0
    assert result["headline_right"]["ratio"] == 1.0 and result["must_state_in_top"]["ratio"] == 1.0


def test_top_is_title_and_first_section_without_link_titles():
    markdown = ('# T\n\nGenerated 1 May. {.meta}\n\n## Bottom line\n\nA [\\[1\\]](#src-1 "x, 12 May 2031").\n\n'
                '## Figures\n\nlater\n')
    top = top_of(markdown)
    assert "A [\\[1\\]]" in top and "12 May 2031" not in top and "later" not in top
    assert "Generated" not in top


def test_an_ordinal_names_a_unit_not_a_count():
    assert numbers_in("23 (according to the 6th Infantry Division) against 31 in the 2nd report") == {23, 31}

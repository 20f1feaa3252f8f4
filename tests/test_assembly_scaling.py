"""Assembly by indexes and candidate generation gives the brief the all-pairs code gave.

tests/reference_assembly.py keeps the all-pairs versions; here they are swapped in and the two
briefs compared byte for byte over every test corpus, the sparse story product included.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefgen import api, nlp
from briefgen.assemble import actors, brief, questions, quotes, stories, summary
from briefgen.assemble.actors import SpeakerIndex, canonical_speaker
from briefgen.extract import extract_document
from briefgen.model import Actor

import reference_assembly as reference
from conftest import ROOT, SEEDS

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
CORPORA = [SEEDS, *sorted(p for p in (ROOT / "tests/data").iterdir()
                         if p.is_dir() and any(p.glob("*.txt")))]


@pytest.fixture(scope="module")
def corpus():
    documents = api.load(CORPORA)
    pipeline = nlp.load_pipeline()
    return documents, [extract_document(p) for p in nlp.parse(documents, pipeline)]


def _brief(documents, extractions) -> str:
    return brief.assemble(documents, extractions, title=None, generated_at=NOW).to_json()


def _use_reference(monkeypatch) -> None:
    monkeypatch.setattr(brief, "group_stories", reference.group_stories)
    for module in (quotes, questions, summary):
        monkeypatch.setattr(module, "merge_similar", reference.merge_similar)
    monkeypatch.setattr(quotes, "canonical_speaker", reference.canonical_speaker)
    monkeypatch.setattr(actors, "_merge_organisations", reference.merge_organisations)
    monkeypatch.setattr(actors, "_merge_person_names", reference.merge_person_names)


def test_indexed_assembly_gives_the_all_pairs_brief(corpus, monkeypatch):
    documents, extractions = corpus
    assert len(documents) > 40
    with monkeypatch.context() as patch:
        patch.setattr(stories, "DIRECT_COMPARISON", 0)        # the sparse product, even here
        patch.setattr(stories, "ROW_BLOCK", 7)                # and several row blocks
        indexed = _brief(documents, extractions)
    direct = _brief(documents, extractions)
    _use_reference(monkeypatch)
    expected = _brief(documents, extractions)
    assert indexed == expected and direct == expected
    assert '"quotes": [\n    {' in expected


def test_story_pairs_by_sparse_product_equal_those_of_every_pair(corpus, monkeypatch):
    _, extractions = corpus
    monkeypatch.setattr(stories, "DIRECT_COMPARISON", 0)
    grouped = stories.group_stories(extractions)
    assert grouped == reference.group_stories(extractions)
    assert 1 < len(set(grouped.values())) < len(extractions)


def test_each_corpus_on_its_own_matches_too(monkeypatch):
    pipeline = nlp.load_pipeline()
    for folder in CORPORA[:3]:
        documents = api.load([folder])
        extractions = [extract_document(p) for p in nlp.parse(documents, pipeline)]
        indexed = _brief(documents, extractions)
        with monkeypatch.context() as patch:
            _use_reference(patch)
            assert _brief(documents, extractions) == indexed, folder.name


def test_speaker_index_answers_as_a_scan_of_the_actors():
    people = [Actor("Olena Marchuk", "person", ["Defence Minister"]),
              Actor("Ivan Petrenko", "person", ["regional governor", "Governor"]),
              Actor("Petro Koval", "person", ["regional governor"]),
              Actor("Red Cross", "organization", ["aid group"])]
    index = SpeakerIndex(people)
    for speaker in ("the regional governor", "the minister", "the governor", "the aid group",
                    "Defence Minister", "the survivors", "", None):
        assert canonical_speaker(speaker, people, {}, index) == \
            reference.canonical_speaker(speaker, people, {}), speaker

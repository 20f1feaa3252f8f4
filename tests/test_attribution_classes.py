"""Attribution and entity classes of the attribution issue, each on invented sentences.

Every sentence here is invented for these tests; none comes from an evaluation text.
"""

from __future__ import annotations

import pytest

from briefgen.extract.actors import extract_mentions
from briefgen.extract.quotes import extract_quotes


@pytest.fixture
def quotes_of(parse_paragraphs):
    def run(*paragraphs):
        pdoc = parse_paragraphs(paragraphs)
        return extract_quotes(pdoc, extract_mentions(pdoc))
    return run


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

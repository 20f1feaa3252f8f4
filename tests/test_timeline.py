"""Dates precise enough for a timeline, and nothing vaguer."""

from __future__ import annotations

from datetime import date

import pytest

from briefgen.extract.timeline import extract_events, resolve_date


@pytest.mark.parametrize("text, expected", [
    ("February 7, 2023", "2023-02-07"),
    ("7 February 2023", "2023-02-07"),
    ("March 2022", "2022-03"),
    ("2020", "2020"),
    ("in 2013", "2013"),
    ("Tuesday", "2023-02-07"),          # the article is dated Wednesday 2023-02-08
    ("last month", None),
    ("the past two years", None),
    ("February 30, 2023", None),
])
def test_resolve_date(text, expected):
    assert resolve_date(text, date(2023, 2, 8)) == expected


def test_weekday_needs_the_article_date():
    assert resolve_date("Tuesday", None) is None


def test_events_cite_their_sentence(parse_paragraphs):
    pdoc = parse_paragraphs(["The ceasefire was signed in Doha on March 3, 2024. Fighting resumed within days."],
                            date="2024-03-10")
    events = extract_events(pdoc)
    assert [e["date"] for e in events] == ["2024-03-03"]
    assert events[0]["sources"][0]["text"].startswith("The ceasefire was signed")


def test_stretches_of_time_and_captions_are_not_events(parse_paragraphs):
    pdoc = parse_paragraphs(["The region has been at war since 2012.",
                             "Troops parade in the capital on May 4, 2024. © Reuters"], date="2024-05-10")
    assert extract_events(pdoc) == []

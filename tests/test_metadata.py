"""Document metadata: header blocks in any order, dates from URLs and datelines, outlet names."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from briefgen.ingest import load_documents
from briefgen.ingest.metadata import dateline_parts, looks_like_headline, read_header, url_date
from briefgen.ingest.outlets import outlet_name

HELDOUT = Path(__file__).parent / "data" / "heldout_meta"


def one(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [doc] = load_documents([path])
    return doc


def test_headline_first_then_key_lines(tmp_path):
    doc = one(tmp_path, "a.txt", "Dam operator opens spillways as river rises\n"
              "date: 2024-10-02\nsource: The Lakeside Gazette\n\n"
              "Engineers opened the spillways on Wednesday.\n\nResidents were told to stay away.\n")
    assert (doc.title, doc.date, doc.source) == (
        "Dam operator opens spillways as river rises", "2024-10-02", "The Lakeside Gazette")
    assert doc.date_source == "header"
    assert doc.paragraphs == ["Engineers opened the spillways on Wednesday.",
                              "Residents were told to stay away."]


def test_key_lines_then_a_blank_line_then_the_headline(tmp_path):
    doc = one(tmp_path, "k.txt", "Source: Harbour Wire\nDate: 2024-11-05\n\n"
              "Ferry runs aground off northern cape\n\n"
              "A passenger ferry ran aground on Tuesday, the coastguard said.\n")
    assert (doc.title, doc.date, doc.source) == (
        "Ferry runs aground off northern cape", "2024-11-05", "Harbour Wire")
    assert doc.paragraphs == ["A passenger ferry ran aground on Tuesday, the coastguard said."]


def test_key_lines_then_a_first_sentence_is_body_not_a_title(tmp_path):
    doc = one(tmp_path, "l.txt", "Source: Harbour Wire\nDate: 2024-11-05\n\n"
              "A passenger ferry ran aground on Tuesday, the coastguard said.\n")
    assert doc.title is None
    assert doc.paragraphs == ["A passenger ferry ran aground on Tuesday, the coastguard said."]


def test_key_lines_in_any_order_with_a_byline_and_a_date_line(tmp_path):
    doc = one(tmp_path, "b.txt", "Outlet: Valley Courier\nHeadline: Bus fares to rise in spring\n"
              "By Ana Ruiz\nPublished: 3 March 2024\n\nThe transport board voted on Monday.\n")
    assert (doc.title, doc.date, doc.source, doc.author) == (
        "Bus fares to rise in spring", "2024-03-03", "Valley Courier", "Ana Ruiz")


def test_a_source_url_gives_the_outlet_and_the_date():
    meta, rest = read_header(["Storm closes ports", "source: https://www.theguardian.com/world/"
                              "2023/nov/04/storm-closes-ports", "", "Ports were closed."])
    assert meta == {"title": "Storm closes ports",
                    "url": "https://www.theguardian.com/world/2023/nov/04/storm-closes-ports"}
    assert rest == ["Ports were closed."]


def test_url_dates():
    assert url_date("https://example.com/2016/07/16/slug") == "2016-07-16"
    assert url_date("https://example.com/news/2025/3/3/slug") == "2025-03-03"
    assert url_date("https://example.com/world/2025/may/20/slug") == "2025-05-20"
    assert url_date("https://example.com/world/slug-2025-03-05/") == "2025-03-05"
    assert url_date("https://example.com/a/20240102/slug") == "2024-01-02"
    assert url_date("https://example.com/2023/02/30/not-a-day") is None
    assert url_date("https://example.com/article/landslide-9f2c41d7ab") is None


def test_dateline_with_a_year_dates_the_document(tmp_path):
    assert dateline_parts("LIMA, Peru, June 3, 2024 (AP) — Rain fell.") == ("2024-06-03", "AP")
    assert dateline_parts("LIMA, June 3 (Reuters) - Rain fell.") == (None, "Reuters")
    assert dateline_parts("Lima (AFP) – Rain fell.") == (None, "AFP")
    assert dateline_parts("The mayor said - again - that rain fell.") == (None, None)
    doc = one(tmp_path, "c.txt", "LIMA, Peru, June 3, 2024 (AP) — Heavy rain fell on Monday.\n")
    assert (doc.date, doc.date_source, doc.source) == ("2024-06-03", "dateline", "Associated Press")


def test_what_is_not_a_headline():
    more = ["Body text follows."]
    assert looks_like_headline("Dam operator opens spillways as river rises", more)
    assert not looks_like_headline("The council met on Monday.", more)          # a sentence
    assert not looks_like_headline("Dam operator opens spillways", [])          # nothing after
    assert not looks_like_headline("officials said the road was closed", more)  # lower case
    # the first line of hard-wrapped text goes on in the next line
    assert not looks_like_headline("The regional council voted on Tuesday to extend the state",
                                   ["of emergency for another thirty days."])
    assert not looks_like_headline("https://example.com/a", more)


def test_an_update_line_is_body_text():
    meta, rest = read_header(["Update: talks resumed on Monday.", "More text."])
    assert meta == {} and rest[0] == "Update: talks resumed on Monday."


@pytest.mark.parametrize("stated,url,name", [
    (None, "https://www.reuters.com/world/x", "Reuters"),
    (None, "https://uk.reuters.com/article/x", "Reuters"),
    ("Reuters_Co_Uk", None, "Reuters"),
    ("usatoday.com", None, "USA Today"),
    (None, "https://apnews.com/article/x", "Associated Press"),
    ("AP", None, "Associated Press"),
    (None, "https://www.nytimes.com/2024/01/01/x.html", "The New York Times"),
    (None, "https://www.bbc.co.uk/news/x", "BBC News"),
    (None, "https://edition.cnn.com/x", "CNN"),
    (None, "https://www.aljazeera.com/news/x", "Al Jazeera"),
    (None, "https://www.lemonde.fr/x", "Le Monde"),
    (None, "https://www.theguardian.com/x", "The Guardian"),
    (None, "https://www.dw.com/en/x", "Deutsche Welle"),
    (None, "https://www.france24.com/en/x", "France 24"),
    (None, "https://www.thehindu.com/news/x", "The Hindu"),
    (None, "https://abcnews.go.com/x", "ABC News"),
    (None, "https://www.hill-valley-telegraph.com/x", "Hill Valley Telegraph"),   # fallback
    (None, "https://kxyz.com/x", "KXYZ"),
    ("The Lakeside Gazette", "https://lakeside.example/x", "The Lakeside Gazette"),
    ("https://www.ft.com/content/x", None, "Financial Times"),
    (None, None, None),
])
def test_outlet_names(stated, url, name):
    assert outlet_name(stated, url) == name


def test_heldout_metadata_set_is_read_right():
    """Title, date and outlet all right on at least 95% of the held-out files."""
    sys.path.insert(0, str(HELDOUT))
    try:
        import score
    finally:
        sys.path.remove(str(HELDOUT))
    share, misses = score.score()
    assert share >= 0.95, misses
    assert json.loads((HELDOUT / "expected.json").read_text())["documents"]

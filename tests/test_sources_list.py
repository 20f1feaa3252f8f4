"""The sources list in every format: outlet, headline, date, link and a relative file name;
a large brief lists only the sources it cites."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.cli import main
from briefgen.ingest import load_documents, shown_path
from briefgen.model import Document
from briefgen.render import render_brief


def test_shown_path_is_relative_to_the_working_folder_or_the_input(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "week").mkdir(parents=True)
    file = inbox / "week" / "a.txt"
    assert shown_path(file, inbox, cwd=tmp_path) == "inbox/week/a.txt"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert shown_path(file, inbox, cwd=elsewhere) == "inbox/week/a.txt"
    assert shown_path(file, file, cwd=elsewhere) == "a.txt"


def test_documents_read_from_outside_the_working_folder_carry_no_absolute_path(tmp_path,
                                                                              monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("Rain falls on Vantaa\n\nIt rained all day in the town, "
                                   "the weather office said.\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    [document] = load_documents([str(inbox)])
    assert document.path == "inbox/one.txt"
    [document] = load_documents([str(inbox / "*.txt")])
    assert document.path == "inbox/one.txt"
    monkeypatch.chdir(tmp_path)
    [document] = load_documents([str(inbox / "one.txt")])
    assert document.path == "inbox/one.txt"
    result = CliRunner().invoke(main, ["extract", str(inbox)], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert data["documents"][0]["path"] == "inbox/one.txt"
    assert str(tmp_path) not in result.stdout


def with_sources(brief, extra: int = 0):
    """The sample brief with a URL on its first document and `extra` uncited documents."""
    first = dataclasses.replace(brief.documents[0], url="https://example-wire.test/2023/02/08/lavrov")
    more = [Document(id=f"extra-{i}.txt", path=f"in/extra-{i}.txt", paragraphs=["Filler."],
                     title=f"Filler story {i}", source="Example Courier", date="2023-02-07")
            for i in range(extra)]
    return dataclasses.replace(brief, documents=[first, brief.documents[1], *more])


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_lists_outlet_headline_date_link_and_file(sample_brief, fmt):
    data = render_brief(with_sources(sample_brief), fmt)
    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt, lambda b: b.decode("utf-8"))(data)
    flat = " ".join(text.split())
    for part in ("Lavrov arrives in Mali", "Example Wire", "8 February 2023",
                 "example-wire.test/2023/02/08/lavrov", "in/lavrov-visit.txt",
                 "Moura report", "undated", "in/moura.html"):
        assert part in flat, (fmt, part)


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_a_large_brief_lists_only_cited_sources(sample_brief, fmt):
    data = render_brief(with_sources(sample_brief, extra=45), fmt)
    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt, lambda b: b.decode("utf-8"))(data)
    flat = " ".join(text.split())
    assert "Filler story" not in flat
    assert "45 further documents were read; all are listed in the JSON output" in flat
    assert "Lavrov arrives in Mali" in flat and "in/moura.html" in flat


def test_a_small_brief_lists_every_document(sample_brief):
    text = render_brief(with_sources(sample_brief, extra=3), "md").decode("utf-8")
    assert "Filler story 2" in text and "further documents" not in text

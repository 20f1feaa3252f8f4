"""One hostile item degrades itself, never the brief: direction controls, huge numbers, long text."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pypdf
import pytest
from bidi.algorithm import get_display

from briefgen import api
from briefgen.model import Figure, Ref
from briefgen.render import charts, safety
from briefgen.render.bidi import clean_controls
from briefgen.render.style import Style

RLO, PDF_, LRI, RLI, FSI, PDI = "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"
CONTROLS = set(RLO + PDF_ + LRI + RLI + FSI + PDI + "\u202a\u202b\u202d")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("text", [
    f"{RLO}the council{PDF_} said {LRI}قال المتحدث{PDI}",        # override, then an isolate
    f"{RLI}{LRI}nested{PDI} once",                                  # one isolate never closed
    f"{PDI}{PDI}closed first{RLO}{RLO}",                            # closers first, overrides left open
    f"{FSI}\u0627\u0644{LRI}a\n{PDI}b{PDI}",                        # an isolate across a line end
])
def test_direction_controls_are_removed_and_layout_never_asserts(text):
    clean = clean_controls(text)
    assert not CONTROLS & set(clean)
    assert [c for c in clean] == [c for c in text if c not in CONTROLS]   # nothing else lost
    for base in ("L", "R"):
        get_display(clean, base_dir=base)      # python-bidi asserts on the raw text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_controls_around_a_quote_render_in_every_format(sample_brief, fmt):
    quote = sample_brief.quotes[0]
    sample_brief.quotes[0] = replace(quote, text=f"{RLO}{LRI}We are going {PDI}{PDI} to support"
                                                 f"{PDF_} أصدقاءنا")
    data = api.render(sample_brief, fmt)
    text = {"pdf": pdf_text, "docx": docx_text,
            "html": lambda d: d.decode("utf-8")}[fmt](data)
    assert "We are going" in text and "to support" in text
    assert not CONTROLS & set(text)


def test_a_long_token_is_cut_and_a_long_paragraph_shortened_with_its_citation():
    token = "Q" * 3_000
    assert safety.safe_text(f"see {token} here") == f"see {'Q' * safety.MAX_TOKEN}\u2026 here"
    from briefgen.render import blocks as b
    runs = [b.Run("word " * 1_000), b.Run("", cite=2)]
    kept = safety._cut_runs(runs, safety.MAX_BLOCK)
    assert sum(len(r.text) for r in kept) <= safety.MAX_BLOCK + 1
    assert kept[-1].cite == 2 and kept[0].text.endswith("\u2026")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("template", ["analyst", "executive", "press"])
def test_an_unbroken_token_and_an_endless_quote_still_render(sample_brief, fmt, template):
    token = "Z" * 3_000
    quote = sample_brief.quotes[0]
    sample_brief.title = f"Report {token}"
    sample_brief.quotes[0] = replace(quote, text=f"{token} and then " + "more words " * 600)
    sample_brief.figures[0] = replace(sample_brief.figures[0], text=token, claimed_by=token)
    data = api.render(sample_brief, fmt, api.Options(template=template))
    if fmt == "docx":
        text = docx_text(data)
        assert "Z" * safety.MAX_TOKEN + "\u2026" in text and "Z" * (safety.MAX_TOKEN + 1) not in text
    elif fmt == "pdf":
        assert "Report" in pdf_text(data)
    else:
        assert "Z" * (safety.MAX_TOKEN + 1) not in data.decode("utf-8")


def huge_figures(sample_brief) -> list[Figure]:
    ref = Ref("moura.html", 3, "At least 3,000,000,000,000,000,000,000 people were killed.")
    return [Figure("killed", 3 * 10**21, None, "at_least", ref.text, [ref], subject="people"),
            Figure("killed", 20, 10**30, "range", ref.text, [ref], subject="people"),
            Figure("injured", float("inf"), None, "exact", ref.text, [ref], subject="people"),
            *sample_brief.figures]


def test_the_chart_leaves_out_implausible_numbers(sample_brief):
    sample_brief.figures = huge_figures(sample_brief)
    brief = sample_brief.to_dict()
    assert [f["low"] for f in brief["figures"] if charts._chartable(f)] == [300, 500]
    assert charts.render_chart("casualties", brief, Style()) is not None


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_huge_numbers_render_as_text_in_every_format(sample_brief, fmt):
    sample_brief.figures = huge_figures(sample_brief)
    data = api.render(sample_brief, fmt)
    assert data


def test_a_chart_that_cannot_be_drawn_is_left_out_with_a_warning(sample_brief, monkeypatch):
    from briefgen.errors import OutputError

    def refuse(*_args):
        raise OutputError("chart 'casualties' could not be drawn: Axis limits cannot be NaN or Inf")

    assert b"data:image/png" in api.render(sample_brief, "html")
    charts._DRAWN.clear()        # drawn charts are kept for the run; draw this one again
    monkeypatch.setattr(charts, "casualty_chart", refuse)
    warnings: list[str] = []
    data = api.render(sample_brief, "html", warn=warnings.append)
    assert b"data:image/png" not in data and b"Moura" in data
    assert any("chart 'casualties' left out" in w for w in warnings)

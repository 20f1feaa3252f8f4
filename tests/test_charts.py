"""Casualty chart: which figures are charted, and a deterministic PNG."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from PIL import Image

from briefgen.errors import TemplateError
from briefgen.model import Figure, Ref
from briefgen.render import charts
from briefgen.render.style import Style


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = {}, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.setdefault(kind, data[pos + 8:pos + 8 + length])
        pos += 12 + length
    return chunks


@pytest.fixture
def brief(sample_brief) -> dict:
    ref = Ref("moura.html", 3, "Between 20 and 45 soldiers were injured in Gao.")
    sample_brief.figures += [
        Figure("injured", 20, 45, "range", ref.text, [ref], subject="soldiers", place="Gao"),
        Figure("killed", None, None, "vague", "Dozens were killed.", [ref], vague="dozens"),
    ]
    return sample_brief.to_dict()


def test_chart_is_a_deterministic_png(brief):
    charts._DRAWN.clear()
    first = charts.render_chart("casualties", brief, Style())
    charts._DRAWN.clear()
    second = charts.render_chart("casualties", brief, Style())
    assert first is not None and first == second
    chunks = png_chunks(first)
    assert b"tEXt" not in chunks or b"Software" not in chunks[b"tEXt"]
    assert b"matplotlib" not in first
    x_ppm, _, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1 and round(x_ppm * 0.0254) == charts.DPI
    image = Image.open(io.BytesIO(first))
    assert image.size[0] == round(6.6 * charts.DPI)
    # Three charted figures (two killed, one injured); the vague "dozens" is left out.
    assert image.size[1] == pytest.approx((0.6 + 0.32 * 3) * charts.DPI, abs=2)


def test_labels_keep_qualifiers_ranges_and_claimants(brief):
    figures = [f for f in brief["figures"] if charts._chartable(f)]
    assert [charts._value_label(f) for f in figures] == ["at least 300", "about 500", "20\u201345"]
    numbers = {d["id"]: n for n, d in enumerate(brief["documents"], start=1)}
    labels = [charts._bar_label(f, numbers) for f in figures]
    # Whose number: the claimant when the text names one, and the citation numbers the rest
    # of the brief uses, never a file name.
    assert labels[0] == "Killed (people), Moura\nsource [1]"
    assert labels[1] == "Killed (civilians), Moura\nper UN [2]"
    assert labels[2] == "Injured (soldiers), Gao\nsource [2]"
    several = {**figures[0], "claimed_by": "the ministry of health of the provisional government",
               "sources": [{"document": d["id"]} for d in brief["documents"]] * 2}
    assert charts._bar_label(several, numbers) == (
        "Killed (people), Moura\nper the ministry of health of the… [1, 2]")


def test_too_few_figures_gives_no_chart(sample_brief):
    sample_brief.figures = sample_brief.figures[:1] + [
        Figure("killed", None, None, "vague", "Hundreds died.", [], vague="hundreds")]
    assert charts.render_chart("casualties", sample_brief.to_dict(), Style()) is None
    assert charts.render_chart("casualties", {"figures": []}, Style()) is None


def test_style_can_turn_charts_off_and_names_are_checked(brief):
    assert charts.render_chart("casualties", brief, Style(charts=False)) is None
    with pytest.raises(TemplateError, match="unknown chart 'pie'"):
        charts.render_chart("pie", brief, Style())


def test_a_chart_is_drawn_once_per_brief_whatever_the_formats(sample_brief, monkeypatch):
    from briefgen.render import render_brief

    ref = Ref("moura.html", 3, "Between 20 and 45 soldiers were injured in Gao.")
    sample_brief.figures += [
        Figure("injured", 20, 45, "range", ref.text, [ref], subject="soldiers", place="Gao")]
    charts._DRAWN.clear()
    drawn = []
    real = charts.casualty_chart
    monkeypatch.setattr(charts, "casualty_chart", lambda *args: drawn.append(1) or real(*args))
    html = render_brief(sample_brief, "html")
    docx = render_brief(sample_brief, "docx")
    assert len(drawn) == 1 and b"data:image/png;base64," in html and b"word/media/" in docx
    sample_brief.figures[-1].low = 21          # another brief: drawn anew
    render_brief(sample_brief, "html")
    assert len(drawn) == 2


def test_a_chart_shown_twice_in_all_formats_is_drawn_once_and_keeps_its_bytes(
        tmp_path, sample_brief, monkeypatch):
    import base64
    import re

    from briefgen.render import render_brief

    ref = Ref("moura.html", 3, "Between 20 and 45 soldiers were injured in Gao.")
    sample_brief.figures += [
        Figure("injured", 20, 45, "range", ref.text, [ref], subject="soldiers", place="Gao")]
    folder = tmp_path / "twice"
    folder.mkdir()
    (folder / "brief.md.j2").write_text("# T\n\n![top](chart:casualties)\n\nText.\n\n"
                                        "![again](chart:casualties)\n", encoding="utf-8")
    charts._DRAWN.clear()
    fresh = charts.casualty_chart(sample_brief.to_dict(), Style())   # drawn without the cache
    drawn = []
    real = charts.casualty_chart
    monkeypatch.setattr(charts, "casualty_chart", lambda *args: drawn.append(1) or real(*args))
    outputs = {fmt: render_brief(sample_brief, fmt, template=str(folder))
               for fmt in ("pdf", "docx", "html")}
    assert len(drawn) == 1
    embedded = re.findall(rb'data:image/png;base64,([A-Za-z0-9+/=]+)', outputs["html"])
    assert len(embedded) == 2 and all(base64.b64decode(e) == fresh for e in embedded)
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media and all(m == fresh for m in media)
    assert outputs["pdf"].startswith(b"%PDF") and outputs["pdf"].count(b"/Subtype /Image") >= 1
    # Drawn once or drawn again, a run writes the same bytes.
    again = {fmt: render_brief(sample_brief, fmt, template=str(folder)) for fmt in ("docx", "html")}
    charts._DRAWN.clear()
    anew = {fmt: render_brief(sample_brief, fmt, template=str(folder)) for fmt in ("docx", "html")}
    assert again == anew and len(drawn) == 2


def test_the_chart_key_is_the_bars_drawn_so_a_replaced_count_is_a_different_chart():
    ref_old = {"document": "a.txt", "paragraph": 1, "sentence": 1}
    ref_new = {"document": "a.txt", "paragraph": 2, "sentence": 1}
    figures = [{"category": "killed", "low": 12, "high": None, "qualifier": "exact", "group": "killed_victims",
                "sources": [ref_old]},
               {"category": "killed", "low": 30, "high": None, "qualifier": "exact", "group": "killed_victims",
                "sources": [ref_new]}]
    plain = {"figures": figures, "documents": [{"id": "a.txt"}]}
    updated = {**plain, "event": {"tolls": [{"group": "killed_victims", "status": "updated", "latest": 30,
                                             "values": [{"value": 12, "superseded": True, "sources": [ref_old]},
                                                        {"value": 30, "superseded": False, "sources": [ref_new]}]}]}}
    assert len(charts._bars(plain)) == 2 and len(charts._bars(updated)) == 1
    assert charts._chart_key("casualties", charts._bars(plain), plain, Style()) != \
        charts._chart_key("casualties", charts._bars(updated), updated, Style())

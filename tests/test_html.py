"""HTML output: a standalone page, banners, citation links, right-to-left text, escaping."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

from briefgen.model import Quote, Ref
from briefgen.render import html, render_brief
from briefgen.render.blocks import (
    Heading,
    Image,
    List,
    ListItem,
    PageBreak,
    Paragraph,
    RenderedDocument,
    Run,
    Source,
    Table,
)
from briefgen.render.style import Style

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "hKmMIQAAAABJRU5ErkJggg==")


class Page(HTMLParser):
    """Collects elements (tag, attrs) and visible text; fails on unbalanced tags."""

    VOID = {"meta", "br", "img", "hr", "link"}

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()
        assert not self.stack, self.stack

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] not in ("style", "title"):
            self.text.append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.elements if t == tag]

    def ids(self):
        return {attrs["id"] for _, attrs in self.elements if "id" in attrs}


def test_sample_brief_page(sample_brief):
    out = render_brief(sample_brief, "html", template="executive").decode("utf-8")
    page = Page(out)
    assert out.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert f"<title>{sample_brief.title}</title>" in out
    banners = [a for a in page.all("header") + page.all("footer") if a.get("class") == "banner"]
    assert len(banners) == 2
    assert out.count(">UNCLASSIFIED // FOR OFFICIAL USE ONLY<") == 2
    assert '@top-center { content: "UNCLASSIFIED // FOR OFFICIAL USE ONLY"' in out
    assert "@media print" in out
    links = [a["href"][1:] for a in page.all("a") if a.get("href", "").startswith("#src-")]
    assert links and set(links) <= page.ids()
    assert {"src-1", "src-2"} <= page.ids()
    text = "".join(page.text)
    assert "“We are going to support our friends”" in text
    assert "Сергей Лавров" in text


def test_citations_carry_their_note_as_title(sample_brief):
    out = render_brief(sample_brief, "html").decode("utf-8")
    match = re.search(r'<a class="cite" href="#src-1" title="([^"]*)">\[1\xa0¶2\]</a>', out)
    assert match
    assert match.group(1).startswith("Lavrov arrives in Mali (Example Wire, 8 February 2023), ¶2:")
    assert "<sup" not in out                          # the same "[n ¶p]" as every format


def test_neighbouring_citations_are_set_apart():
    para = Paragraph([Run("Claim."), Run("[1 ¶2]", cite=1), Run("[2 ¶5]", cite=2),
                      Run("3", cite=3)])
    doc = RenderedDocument("T", [para], [], "2026-11-23T09:00:00Z")
    page = Page(html.write(doc, Style()).decode("utf-8"))
    assert "Claim. [1\xa0¶2] [2\xa0¶5] [3]" in "".join(page.text)


def test_analyst_page_embeds_the_chart_and_every_block_runs_both_ways(sample_brief):
    out = render_brief(sample_brief, "html").decode("utf-8")
    page = Page(out)
    imgs = page.all("img")
    assert len(imgs) == 1 and imgs[0]["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(imgs[0]["src"].split(",", 1)[1]).startswith(b"\x89PNG")
    for tag in ("p", "li", "td", "th", "h1", "h2", "h3"):
        assert all(a.get("dir") == "auto" for a in page.all(tag)), tag
    assert not any(a.get("class") == "banner" for a in page.all("header"))   # analyst: no banner
    assert page.all("table") and page.all("th")[0] == {"dir": "auto"}
    assert {"class": "right", "dir": "auto"} in page.all("td")


def test_arabic_and_hebrew_paragraphs_are_marked_for_bidi(sample_brief):
    ref = Ref(document=sample_brief.documents[0].id, paragraph=2, text="…")
    sample_brief.quotes.append(Quote("سندعم أصدقاءنا", "direct", "وزير الخارجية", [ref]))
    sample_brief.quotes.append(Quote("נמשיך לתמוך", "direct", None, [ref]))
    out = render_brief(sample_brief, "html").decode("utf-8")
    assert '<h3 id="وزير-الخارجية" dir="auto">وزير الخارجية</h3>' in out
    assert re.search(r'<li dir="auto">“سندعم أصدقاءنا”', out)
    assert re.search(r'<li dir="auto">“נמשיך לתמוך”', out)


def test_text_is_escaped_and_unsafe_links_dropped():
    doc = RenderedDocument(
        title="<script>alert('t')</script>",
        blocks=[Heading(1, [Run("A & B <i>")], anchor='x" onload="y'),
                Paragraph([Run("<img src=x onerror=alert(1)>"),
                           Run("bad", link="javascript:alert(1)"),
                           Run("good", link="https://example.org/?a=1&b=2"),
                           Run("[1]", cite=1, note='He said "hi" <b>')])],
        sources=[Source(1, "T")], generated_at="2026-01-01T00:00:00Z")
    style = Style(banner="SECRET </style><script>x</script>", font='Evil"; } body { x')
    out = html.write(doc, style).decode("utf-8")
    page = Page(out)
    assert "<script>" not in out.replace("&lt;script&gt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "javascript:" not in out
    assert '<a href="https://example.org/?a=1&amp;b=2">good</a>' in out
    assert 'title="He said &quot;hi&quot; &lt;b&gt;"' in out
    assert page.all("h1")[0]["id"] == 'x" onload="y'
    style_text = out.split("<style>")[1].split("</style>")[0]
    assert "</" not in style_text and '"Evil"' not in style_text


def test_blocks_map_to_elements(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    doc = RenderedDocument(
        title="T",
        blocks=[Paragraph([Run("Lead")], style="lead"),
                List([ListItem([Paragraph([Run("one")]),
                                List([ListItem([Paragraph([Run("nested")])])], ordered=True, start=4)])]),
                Table(header=[[Run("H")]], rows=[[[Run("v", code=True)]]], align=["center"]),
                Image(alt="chart", data=PNG, width_fraction=0.5),
                Image(alt="missing file", path=str(tmp_path / "none.png")),
                PageBreak(),
                Paragraph([Run("a", line_break=True), Run("b", bold=True, italic=True)])],
        sources=[], generated_at="2026-01-01T00:00:00Z")
    out = html.write(doc, Style(logo=str(logo), page_numbers=True)).decode("utf-8")
    assert '<p class="lead" dir="auto">Lead</p>' in out
    assert '<li dir="auto">one\n<ol start="4">\n<li dir="auto">nested</li>\n</ol></li>' in out
    assert '<th class="center" dir="auto">H</th>' in out and "<code>v</code>" in out
    assert 'alt="chart" style="width: 50%"' in out
    assert 'alt="missing file"' not in out
    assert '<img class="logo" src="data:image/png;base64,' in out
    assert '<div class="page-break"' in out
    assert "a<br><strong><em>b</em></strong>" in out
    assert 'counter(page) " of " counter(pages)' in out
    assert "<header" not in out


def test_output_is_deterministic(sample_brief):
    first = render_brief(sample_brief, "html", template="press")
    second = render_brief(sample_brief, "html", template="press")
    assert first == second


def test_custom_template_without_sources_still_links_citations(tmp_path, sample_brief):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "brief.md.j2").write_text("# {{ title|md }}\n\n{% for q in quotes %}\n"
                                        "- {{ q.text|md }} {{ q.sources|cite }}\n{% endfor %}\n",
                                        encoding="utf-8")
    warnings: list[str] = []
    out = render_brief(sample_brief, "html", template=str(folder), warn=warnings.append)
    page = Page(out.decode("utf-8"))
    assert {"src-1", "src-2", "sources"} <= page.ids()
    assert "Lavrov arrives in Mali" in "".join(page.text)
    assert warnings == []


def test_missing_images_warn_and_charts_can_be_switched_off(tmp_path, sample_brief):
    folder = tmp_path / "pics"
    folder.mkdir()
    (folder / "brief.md.j2").write_text("# T\n\n![map](map.png)\n\n![web](https://x.org/a.png)\n\n"
                                        "![c](chart:casualties)\n", encoding="utf-8")
    (folder / "style.toml").write_text("charts = false\n", encoding="utf-8")
    warnings: list[str] = []
    out = render_brief(sample_brief, "html", template=str(folder), warn=warnings.append)
    assert b"<img" not in out
    assert len(warnings) == 2 and "map.png" in warnings[0] and "offline" in warnings[1]
    Path(folder / "map.png").write_bytes(PNG)
    out = render_brief(sample_brief, "html", template=str(folder), warn=warnings.append)
    assert out.count(b'<img src="data:image/png;base64,') == 1

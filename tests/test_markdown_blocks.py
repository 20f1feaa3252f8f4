"""Markdown → block model: every construct the templates use, and the briefgen conventions."""

from __future__ import annotations

from briefgen.render.blocks import (
    BlockQuote,
    Heading,
    Image,
    List,
    PageBreak,
    Paragraph,
    Rule,
    Run,
    Table,
)
from briefgen.render.markdown import strip_conventions, to_blocks
from briefgen.render.templating import md


def only(blocks, kind):
    assert len(blocks) == 1, blocks
    assert isinstance(blocks[0], kind), blocks
    return blocks[0]


def test_headings_get_levels_and_unique_anchors():
    blocks = to_blocks("# Title\n\n## Open questions\n\n## Open questions\n\n### Сергей Лавров\n\n"
                       "## Sources {#refs}\n")
    assert [(b.level, b.text, b.anchor) for b in blocks] == [
        (1, "Title", "title"),
        (2, "Open questions", "open-questions"),
        (2, "Open questions", "open-questions-2"),
        (3, "Сергей Лавров", "сергей-лавров"),
        (2, "Sources", "refs"),
    ]


def test_inline_formatting_runs():
    para = only(to_blocks("Plain **bold** *italic* `code` [site](https://example.org) end"),
                Paragraph)
    assert [(r.text, r.bold, r.italic, r.code, r.link) for r in para.runs] == [
        ("Plain ", False, False, False, None),
        ("bold", True, False, False, None),
        (" ", False, False, False, None),
        ("italic", False, True, False, None),
        (" ", False, False, False, None),
        ("code", False, False, True, None),
        (" ", False, False, False, None),
        ("site", False, False, False, "https://example.org"),
        (" end", False, False, False, None),
    ]


def test_nested_emphasis_keeps_both_attributes():
    para = only(to_blocks("***both*** and **bold *inner***"), Paragraph)
    assert (para.runs[0].text, para.runs[0].bold, para.runs[0].italic) == ("both", True, True)
    inner = [r for r in para.runs if r.text == "inner"][0]
    assert inner.bold and inner.italic


def test_soft_and_hard_breaks():
    para = only(to_blocks("one\ntwo\\\nthree"), Paragraph)
    assert para.text == "one twothree"
    assert [r.line_break for r in para.runs] == [True, False]
    assert para.runs[0].text == "one two"


def test_citation_links_become_cite_runs_with_notes():
    para = only(to_blocks('Said so. [\\[1 ¶3\\]](#src-1 "Title (Wire), ¶3: “Said so.”")'
                          '[\\[2 ¶1\\]](#src-2 "Other")'), Paragraph)
    cites = [r for r in para.runs if r.cite is not None]
    assert [(r.cite, r.text, r.note) for r in cites] == [
        (1, "[1\xa0¶3]", "Title (Wire), ¶3: “Said so.”"),
        (2, "[2\xa0¶1]", "Other"),
    ]
    assert para.text == "Said so. [1\xa0¶3] [2\xa0¶1]"      # spaced, each label unbreakable
    assert all(r.link is None for r in cites)
    assert para.runs[0].text == "Said so. "


def test_ordinary_internal_links_are_not_citations():
    para = only(to_blocks("[see](#sources) and [x](#src-a)"), Paragraph)
    assert [r.cite for r in para.runs] == [None, None, None]
    assert para.runs[0].link == "#sources"


def test_bullet_and_ordered_lists_nest():
    blocks = to_blocks("- a\n  - a1\n  - a2\n- b\n\n3. three\n4. four\n")
    bullets, ordered = blocks
    assert isinstance(bullets, List) and not bullets.ordered
    assert [i.blocks[0].text for i in bullets.items] == ["a", "b"]
    nested = bullets.items[0].blocks[1]
    assert isinstance(nested, List) and [i.blocks[0].text for i in nested.items] == ["a1", "a2"]
    assert ordered.ordered and ordered.start == 3
    assert [i.blocks[0].text for i in ordered.items] == ["three", "four"]


def test_table_with_header_alignment_and_inline_runs():
    table = only(to_blocks("| Figure | Who | Sources |\n|--:|:-:|---|\n"
                           "| **300** killed | civilians | [\\[1\\]](#src-1 \"n\") |\n| 5 | | x |\n"),
                 Table)
    assert ["".join(r.text for r in c) for c in table.header] == ["Figure", "Who", "Sources"]
    assert table.align == ["right", "center", "left"]
    first = table.rows[0]
    assert first[0][0] == Run("300", bold=True)
    assert first[2][0].cite == 1
    assert table.rows[1][1] == []


def test_blockquote_rule_and_pagebreak():
    blocks = to_blocks("> quoted *words*\n\n---\n\n\\pagebreak\n\nafter\n")
    quote, rule, brk, after = blocks
    assert isinstance(quote, BlockQuote) and quote.blocks[0].text == "quoted words"
    assert isinstance(rule, Rule) and isinstance(brk, PageBreak)
    assert after.text == "after"


def test_escaped_pagebreak_is_text():
    para = only(to_blocks(md("\\pagebreak")), Paragraph)
    assert para.text == "\\pagebreak"


def test_chart_images_and_images_beside_text():
    blocks = to_blocks("![Casualties by source](chart:casualties)\n\nText ![logo](logo.png) more\n")
    chart, para, logo = blocks
    assert chart == Image(alt="Casualties by source", path="chart:casualties")
    assert isinstance(para, Paragraph) and para.text == "Text  more"
    assert logo.path == "logo.png"


def test_trailing_attributes_set_style_and_anchor():
    lead, meta, item_list = to_blocks(
        "Bottom line here. [\\[1\\]](#src-1 \"n\") {.lead}\n\nGenerated today {.meta #top}\n\n"
        "1. **Title**, Wire. {#src-1}\n2. Other {#src-2}\n")
    assert lead.style == "lead" and lead.anchor is None
    assert lead.runs[-1].cite == 1 and lead.text == "Bottom line here. [1]"
    assert (meta.style, meta.anchor, meta.text) == ("meta", "top", "Generated today")
    assert [i.anchor for i in item_list.items] == ["src-1", "src-2"]
    assert item_list.items[0].blocks[0].anchor is None
    assert item_list.items[0].blocks[0].text == "Title, Wire."


def test_escaped_braces_are_not_attributes():
    para = only(to_blocks("Data " + md("{.lead}")), Paragraph)
    assert para.style is None and para.text == "Data {.lead}"


def test_md_filter_keeps_data_literal():
    nasty = ("# not a heading *not em* _x_ [link](http://x) <b>tag</b> a|b `code` 1. &amp; "
             "\\ back {.lead} ![img](chart:x)")
    for text in (nasty, "1. starts like a list", "- dash", "+ plus", "> quote", "=== ", "3) x"):
        para = only(to_blocks(md(text)), Paragraph)
        assert para.text == text.strip()
        assert all(not (r.bold or r.italic or r.code or r.link or r.cite) for r in para.runs)


def test_md_filter_joins_lines():
    assert md("line one\n\n- line two") == "line one - line two"
    assert md("- a") == "\\- a" and md("12. b") == "12\\. b"
    assert md(None) == ""


def test_code_fence_becomes_code_runs():
    para = only(to_blocks("```\na = 1\nb = 2\n```\n"), Paragraph)
    assert [(r.text, r.code, r.line_break) for r in para.runs] == [("a = 1", True, True),
                                                                  ("b = 2", True, False)]


def test_raw_html_is_shown_as_text():
    blocks = to_blocks("<script>alert(1)</script>\n\nhi <b>x</b>\n")
    assert "".join(b.text for b in blocks) == "<script>alert(1)</script>hi <b>x</b>"


def test_strip_conventions_for_markdown_output():
    text = ("# T\n\nLead. {.lead}\n\n![c](chart:casualties)\n\n\\pagebreak\n\n"
            "1. Source {#src-1}\n\nkept \\{.lead\\}\n")
    assert strip_conventions(text) == ('# T\n\nLead.\n\n1. Source <a id="src-1"></a>\n\n'
                                       'kept \\{.lead\\}\n')


def test_heading_only_content_is_preserved():
    blocks = to_blocks("## A\n\n### B\n\ntext\n")
    assert [type(b) for b in blocks] == [Heading, Heading, Paragraph]

"""Templates: lookup, rendering of the built-in audiences, helpers and error reporting."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from briefgen.errors import TemplateError
from briefgen.model import Brief, Document, Figure
from briefgen.render import render_brief, render_document
from briefgen.render.blocks import Heading, List, Paragraph, Table
from briefgen.render.markdown import to_blocks
from briefgen.render.style import Style
from briefgen.render.templating import (
    Helpers,
    amount,
    builtin_template_dir,
    describe_figure,
    find_template,
    format_date,
    format_period,
    init_template,
    list_templates,
    render_markdown,
    template_files,
    user_template_dir,
)

BUILT_INS = ("analyst", "executive", "press")


def render(brief: Brief, template: str = "analyst", dirs=()) -> str:
    return render_markdown(brief, find_template(template, dirs))


def headings(text: str, level: int = 2) -> list[str]:
    return [b.text for b in to_blocks(text) if isinstance(b, Heading) and b.level == level]


def make_template(folder: Path, body: str, style: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.md.j2").write_text(body, encoding="utf-8")
    if style is not None:
        (folder / "style.toml").write_text(style, encoding="utf-8")
    return folder


def empty_brief() -> Brief:
    doc = Document(id="a.txt", path="in/a.txt", paragraphs=["Nothing happened."], title="Quiet day")
    return Brief(title="Quiet", generated_at="2026-01-05T08:00:00Z", documents=[doc])


# --- lookup -------------------------------------------------------------------------------

def test_built_ins_are_found_with_descriptions():
    found = {t.name: t for t in list_templates()}
    assert set(BUILT_INS) <= set(found)
    for name in BUILT_INS:
        source = found[name]
        assert source.origin == "built-in"
        assert source.folder == builtin_template_dir() / name
        assert source.description and source.style.folder == source.folder
    assert found["executive"].style.banner == "UNCLASSIFIED // FOR OFFICIAL USE ONLY"
    assert found["executive"].style.limits["quotes"] == 3


def test_user_dir_follows_briefgen_home(briefgen_home):
    assert user_template_dir() == briefgen_home / "templates"


def test_lookup_order_template_dirs_then_home_then_built_in(tmp_path, briefgen_home):
    assert find_template("analyst").origin == "built-in"
    home_copy = make_template(user_template_dir() / "analyst", "# from home\n")
    assert find_template("analyst").folder == home_copy
    assert find_template("analyst").origin == "user"
    first = make_template(tmp_path / "one" / "analyst", "# from one\n")
    make_template(tmp_path / "two" / "analyst", "# from two\n")
    chosen = find_template("analyst", [tmp_path / "one", tmp_path / "two"])
    assert chosen.folder == first
    listed = {t.name: t for t in list_templates([tmp_path / "two"])}
    assert listed["analyst"].folder == tmp_path / "two" / "analyst"
    assert listed["press"].origin == "built-in"


def test_template_by_folder_path_and_file_path(tmp_path, sample_brief):
    folder = make_template(tmp_path / "mine", "# {{ title|md }}\n", 'banner = "SECRET"\n')
    source = find_template(str(folder))
    assert (source.origin, source.name, source.style.banner) == ("path", "mine", "SECRET")
    single = tmp_path / "loose" / "weekly.md.j2"
    single.parent.mkdir()
    single.write_text("Weekly: {{ documents|length }}\n", encoding="utf-8")
    source = find_template(single)
    assert (source.name, source.entry, source.style.banner) == ("weekly", "weekly.md.j2", None)
    assert render_markdown(sample_brief, source) == "Weekly: 2\n"
    assert template_files(single) == [single.resolve()]


def test_unknown_template_lists_available():
    with pytest.raises(TemplateError) as err:
        find_template("minister")
    assert "minister" in str(err.value) and "analyst, executive, press" in str(err.value)
    with pytest.raises(TemplateError, match="template not found"):
        find_template("./no/such/folder")


def test_template_files_and_init_template(tmp_path, sample_brief):
    files = template_files("analyst")
    assert [p.name for p in files] == ["README.md", "brief.md.j2", "style.toml"]
    created = init_template("ministry", tmp_path / "dest", from_="executive")
    assert created == tmp_path / "dest" / "ministry"
    for original in template_files("executive"):
        assert (created / original.name).read_bytes() == original.read_bytes()
    assert render(sample_brief, str(created)) == render(sample_brief, "executive")
    with pytest.raises(TemplateError, match="already exists"):
        init_template("ministry", tmp_path / "dest")
    with pytest.raises(TemplateError, match="invalid template name"):
        init_template("../escape", tmp_path / "dest")


def test_init_template_into_home_is_then_found_by_name(sample_brief):
    init_template("weekly", user_template_dir())
    source = find_template("weekly")
    assert source.origin == "user"
    assert render_markdown(sample_brief, source) == render(sample_brief, "analyst")


# --- errors -------------------------------------------------------------------------------

def test_undefined_variable_names_file_and_line(tmp_path, sample_brief):
    folder = make_template(tmp_path / "typo", "# {{ title|md }}\n\nText\n{{ sumary }}\n")
    with pytest.raises(TemplateError) as err:
        render(sample_brief, str(folder))
    assert err.value.path == str(folder / "brief.md.j2")
    assert "line 4" in str(err.value) and "sumary" in str(err.value)


def test_undefined_attribute_of_data_is_an_error(tmp_path, sample_brief):
    folder = make_template(tmp_path / "attr", "{% for q in quotes %}\n{{ q.speeker }}\n{% endfor %}\n")
    with pytest.raises(TemplateError, match=r"line 2: .*speeker"):
        render(sample_brief, str(folder))


def test_syntax_error_names_file_and_line(tmp_path, sample_brief):
    folder = make_template(tmp_path / "syntax", "# T\n\n{% if title %}\nno end\n")
    with pytest.raises(TemplateError) as err:
        render(sample_brief, str(folder))
    assert err.value.path == str(folder / "brief.md.j2")
    assert re.search(r"line \d+: .*endif", str(err.value))


def test_error_in_an_overridden_block_names_the_user_file(tmp_path, sample_brief):
    folder = make_template(tmp_path / "child", '{% extends "default:analyst/brief.md.j2" %}\n'
                                               "{% block actors %}\n## Ours\n{{ nope }}\n{% endblock %}\n")
    with pytest.raises(TemplateError) as err:
        render(sample_brief, str(folder))
    assert err.value.path == str(folder / "brief.md.j2") and "line 4" in str(err.value)


def test_bad_style_file_is_a_template_error(tmp_path):
    folder = make_template(tmp_path / "styled", "x\n", "colour = 'red'\n")
    with pytest.raises(TemplateError, match="unknown style setting"):
        find_template(str(folder))


# --- extends and style --------------------------------------------------------------------

def test_extends_default_overrides_only_some_blocks(tmp_path, sample_brief):
    folder = make_template(tmp_path / "org", '{% extends "default:analyst/brief.md.j2" %}\n'
                                             "{% block actors %}\n## Who matters\n\n"
                                             "{{ actors|length }} actors.\n{% endblock %}\n")
    text = render(sample_brief, str(folder))
    assert headings(text) == [h if h != "Actors" else "Who matters" for h in
                              headings(render(sample_brief, "analyst"))]
    assert "4 actors." in text and "| Actor |" not in text
    assert find_template(str(folder)).style == Style(folder=folder)


def test_sections_and_limits_from_style(tmp_path, sample_brief):
    folder = make_template(tmp_path / "short", '{% extends "default:analyst/brief.md.j2" %}\n',
                           'sections = ["quotes", "open_questions", "sources"]\n'
                           "[limits]\nquotes = 1\nopen_questions = 1\n")
    text = render(sample_brief, str(folder))
    assert headings(text) == ["Quotes", "Open questions", "Sources"]
    assert "Showing 1 of 2 statements, verbatim quotes first." in text
    assert "Showing 1 of 2 open questions." in text
    assert "the aid would continue" not in text
    listing = make_template(tmp_path / "fn", '{{ section_enabled("quotes") }} '
                                             '{{ section_enabled("actors") }} {{ quotes|limit(1)|length }}\n',
                            'sections = ["quotes"]\n')
    assert render(sample_brief, str(listing)) == "True False 1\n"


# --- the built-in audiences ---------------------------------------------------------------

def test_analyst_has_every_section(sample_brief):
    text = render(sample_brief)
    assert headings(text, 1) == [sample_brief.title]
    assert headings(text) == ["Bottom line", "Key judgments", "Actors", "Quotes",
                              "Casualty figures", "Open questions", "Timeline", "Sources"]
    assert headings(text, 3) == ["Sergei Lavrov, Russian Foreign Minister", "Сергей Лавров",
                                 "Trends"]
    assert "Generated 23 November 2026, 09:00 UTC from 2 documents." in text
    assert "Without a date of their own (included as undated): Moura report \\[2\\]." in text
    assert "![Reported casualty figures by source](chart:casualties)" in text
    assert "“We are going to support our friends”" in text
    assert "- *Reported speech only:*\n  - *said:* the aid would continue" in text
    assert "Sources disagree on the number killed in Moura: from at least 300 (reported by " \
           "Example Wire) to about 500 (according to UN)." in text


def test_analyst_blocks_cite_every_quote_figure_and_question(sample_brief):
    doc = render_document(sample_brief)
    blocks = doc.blocks
    lead = [b for b in blocks if isinstance(b, Paragraph) and b.style == "lead"]
    assert len(lead) == 1 and lead[0].text.startswith(sample_brief.summary[0].text)

    def section(title):
        start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title)
        end = next((i for i in range(start + 1, len(blocks))
                    if isinstance(blocks[i], Heading) and blocks[i].level <= 2), len(blocks))
        return blocks[start + 1:end]

    def items(blocks):   # list items, nested ones (reported speech) included
        for block in blocks:
            if isinstance(block, List):
                for item in block.items:
                    yield item
                    yield from items(item.blocks[1:])

    quote_items = [i for i in items(section("Quotes")) if any(r.cite for r in i.blocks[0].runs)]
    assert len(quote_items) == len(sample_brief.quotes)
    assert [[r.cite for r in i.blocks[0].runs if r.cite] for i in quote_items] == [[1], [2]]
    figures = next(b for b in section("Casualty figures") if isinstance(b, Table))
    assert [[r.cite for r in row[-1]] for row in figures.rows] == [[1], [2]]
    assert ["".join(r.text for r in row[0]) for row in figures.rows] == [
        "at least 300 killed (disputed, unconfirmed)", "about 500 killed (disputed)"]
    questions = next(b for b in section("Open questions") if isinstance(b, List))
    assert [[r.cite for r in i.blocks[0].runs if r.cite] for i in questions.items] == [[2], [1, 2]]
    note = next(r.note for i in quote_items for r in i.blocks[0].runs if r.cite == 1)
    assert note == ("Lavrov arrives in Mali (Example Wire, 8 February 2023), ¶2: "
                    "“We are going to support our friends,” Lavrov said.")
    sources = next(b for b in section("Sources") if isinstance(b, List))
    assert [i.anchor for i in sources.items] == ["src-1", "src-2"]
    assert sources.items[1].blocks[0].text == "Moura report, undated. in/moura.html"
    assert [(s.number, s.title, s.outlet, s.location) for s in doc.sources] == [
        (1, "Lavrov arrives in Mali", "Example Wire", "in/lavrov-visit.txt"),
        (2, "Moura report", None, "in/moura.html")]


def test_changes_section_renders_whichever_lists_exist(sample_brief):
    q = sample_brief.to_dict()["quotes"][0]
    before = dataclasses.asdict(sample_brief.figures[0])
    after = {**before, "low": 350}
    sample_brief.changes = {"new_quotes": [q], "changed_figures": [{"before": before, "after": after}],
                            "resolved_questions": ["Whether the army took part."], "new_actors": []}
    text = render(sample_brief)
    assert headings(text)[2] == "New since the last brief"
    assert headings(text, 3)[:3] == ["New quotes", "Changed figures", "Resolved questions"]
    assert "- Sergei Lavrov: “We are going to support our friends” [\\[1 ¶2\\]]" in text
    assert ("- at least 300 people killed in Moura (March 2022), reported by Example Wire → "
            "at least 350 people killed") in text
    sample_brief.changes = {}
    assert "Nothing new since the last brief." in render(sample_brief)


@pytest.mark.parametrize("template", BUILT_INS)
def test_no_bare_headings_when_the_brief_is_empty(template):
    blocks = to_blocks(render(empty_brief(), template))
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            assert following is not None, f"{block.text} ends the brief"
            assert not (isinstance(following, Heading) and following.level <= block.level), block.text


def test_analyst_says_so_when_sections_are_empty():
    text = render(empty_brief())
    assert "No quotes or reported statements were found." in text
    assert "No casualty figures were found in the documents." in text
    assert "No denials, unconfirmed claims or conflicting figures were found." in text
    assert "Key judgments" not in text and "Timeline" not in text


def test_executive_is_short_and_lists_only_cited_sources(sample_brief):
    extra = Document(id="c.txt", path="in/c.txt", paragraphs=["Unrelated."], title="Not cited")
    sample_brief.documents.append(extra)
    sample_brief.figures += [Figure("injured", 10 * n, None, "exact", "t", sample_brief.figures[0].sources)
                             for n in range(1, 5)]
    text = render(sample_brief, "executive")
    assert headings(text) == ["Bottom line", "Key figures", "What was said", "Open questions",
                              "Sources"]
    assert text.count("killed") + text.count("injured") >= 3
    figures_part = text.split("## Key figures")[1].split("##")[0]
    assert figures_part.count("\n- ") == 3
    assert "**At least 300 people killed** in Moura (March 2022), reported by Example Wire: " \
           "**disputed**" in text
    assert "Not cited" not in text
    assert "2 of 3 documents cited here" in text


def test_press_keeps_verbatim_and_reported_apart(sample_brief):
    text = render(sample_brief, "press")
    assert headings(text) == ["As reported", "On the record", "Reported statements",
                              "Figures in circulation", "Denials and disputed points", "Sources"]
    on_record = text.split("## On the record")[1].split("## Reported")[0]
    # One citation per item: where and when it was published, then the "[n ¶p]" link, no
    # "source N" naming the number again, no ".”:" clash.
    assert "- “We are going to support our friends” (Example Wire, 8 February 2023) [\\[1 ¶2\\]]" \
        in on_record
    assert "aid would continue" not in on_record and "source 1" not in text
    assert "**Сергей Лавров**: the aid would continue (undated) [\\[2 ¶" in text
    assert text.count("**Disputed:**") == 2
    assert "Key judgments" not in text and "| Actor" not in text and "salience" not in text


@pytest.mark.parametrize("template", BUILT_INS)
def test_rendering_is_deterministic_and_md_output_is_clean(sample_brief, template):
    first = render_brief(sample_brief, "md", template=template)
    assert first == render_brief(sample_brief, "md", template=template)
    text = first.decode("utf-8")
    assert "{.lead}" not in text and "{.meta}" not in text and "chart:" not in text
    assert '<a id="src-1"></a>' in text


# --- helpers ------------------------------------------------------------------------------

def fig(**kw):
    base = {"category": "killed", "low": None, "high": None, "qualifier": "exact", "vague": None,
            "subject": None, "place": None, "when": None, "claimed_by": None, "hedged": False,
            "text": "", "sources": []}
    return {**base, **kw}


def test_figure_wording():
    assert amount(fig(low=300, qualifier="at_least")) == "at least 300"
    assert amount(fig(low=1500, high=2000, qualifier="range")) == "1,500–2,000"
    assert amount(fig(low=1913)) == "1,913"
    assert amount(fig(qualifier="vague", vague="dozens")) == "dozens"
    assert amount(fig(high=40, qualifier="fewer_than")) == "fewer than 40"
    assert describe_figure(fig(low=300, qualifier="at_least", subject="civilians")) == \
        "at least 300 civilians killed"
    assert describe_figure(fig(qualifier="vague", vague="hundreds", subject="people",
                               category="displaced", place="Gao", when="May")) == \
        "hundreds of people displaced"
    assert describe_figure(fig(low=5, category="other", place="Gao", when="May"), detail=True) == \
        "5 in Gao (May)"


def test_dates_and_periods():
    assert format_date("2023-02-08") == "8 February 2023"
    assert format_date("2023-02-08", "short") == "8 Feb 2023"
    assert format_date("2023-02") == "February 2023"
    assert format_date("2026-11-23T09:00:00Z") == "23 November 2026, 09:00 UTC"
    assert format_date(None) == "undated"
    assert format_date("last week") == "last week"
    assert format_period({"start": "2023-02-01", "end": "2023-02-08"}) == "1–8 February 2023"
    assert format_period({"start": "2023-01-30", "end": "2023-02-08"}) == \
        "30 January – 8 February 2023"
    assert format_period({"start": "2022-12-30", "end": "2023-01-02"}) == \
        "30 December 2022 – 2 January 2023"
    assert format_period({"start": "2023-02-01", "end": None}) == "since 1 February 2023"
    assert format_period({"start": None, "end": "2023-02-08"}) == "until 8 February 2023"


def test_cite_numbers_documents_dedupes_and_escapes(sample_brief):
    data = sample_brief.to_dict()
    data["documents"][0]["title"] = 'He said "no" & left'
    helpers = Helpers(data, Style())
    ref = data["quotes"][0]["sources"][0]
    other = {"document": "moura.html", "paragraph": 3, "text": "x"}
    links = helpers.cite([other, ref, dict(ref), {"document": "unknown", "paragraph": 1, "text": ""}])
    assert links.count("](#src-") == 2
    assert links.index("#src-1") < links.index("#src-2")
    para = to_blocks(links)[0]
    assert [(r.cite, r.text) for r in para.runs] == [(1, "[1\xa0¶2]"), (None, " "),
                                                     (2, "[2\xa0¶3]")]
    assert "](#src-1 " in links and ") [\\[2 ¶3\\]](#src-2" in links   # Markdown spaced too
    assert para.runs[0].note.startswith('He said "no" & left (Example Wire, 8 February 2023), ¶2:')
    assert helpers.cited == {1, 2}
    assert helpers.cite(ref, paragraph=False).startswith("[\\[1\\]](#src-1")


def test_flags_and_ranges(sample_brief):
    data = sample_brief.to_dict()
    helpers = Helpers(data, Style())
    first, second = data["figures"]
    assert helpers.flags(first) == ["disputed", "unconfirmed"]
    assert helpers.flags(second) == ["disputed"]
    data["open_questions"] = []
    assert Helpers(data, Style()).flags(second) == []
    (spread,) = helpers.figure_ranges(data["figures"])
    assert (spread["lowest"]["low"], spread["highest"]["low"], spread["differ"]) == (300, 500, True)
    elsewhere = {**second, "place": "Gao"}
    assert helpers.figure_ranges([first, elsewhere, {**second, "place": None}]) == []


def test_flags_match_the_sentence_not_the_paragraph(sample_brief):
    data = sample_brief.to_dict()
    figure = data["figures"][1]
    data["open_questions"] = [{"question": "q", "kind": "unconfirmed",
                               "evidence": [{**figure["sources"][0], "sentence": 2}]}]
    assert Helpers(data, Style()).flags(figure) == []
    data["open_questions"][0]["evidence"][0]["sentence"] = 1
    assert Helpers(data, Style()).flags(figure) == ["unconfirmed"]


def test_attribution_without_outlet_names_the_source_number(sample_brief):
    data = sample_brief.to_dict()
    helpers = Helpers(data, Style())
    assert helpers.attribution(data["figures"][0]) == "reported by Example Wire"
    assert helpers.attribution({**data["figures"][1], "claimed_by": None}) == "reported in source 2"
    data["documents"][1]["title"] = None
    assert Helpers(data, Style()).doc_label("moura.html") == "source 2, undated"


def test_executive_hears_several_speakers(sample_brief):
    sample_brief.quotes.insert(1, dataclasses.replace(sample_brief.quotes[0], text="Second line"))
    text = render(sample_brief, "executive")
    said = text.split("## What was said")[1].split("##")[0]
    assert said.index("support our friends") < said.index("aid would continue") < said.index("Second")


def test_quote_text_drops_the_trailing_link_back_into_the_sentence():
    from briefgen.render.templating import quote_text
    assert quote_text("We will support our friends,") == "We will support our friends"
    assert quote_text("Is it over?") == "Is it over?"
    assert quote_text("The harbour will reopen. Ships are waiting.") == \
        "The harbour will reopen. Ships are waiting"              # a source follows it
    assert quote_text("We asked the U.S.") == "We asked the U.S."   # an abbreviation keeps it
    assert quote_text("Wait for it...") == "Wait for it..."


def test_statements_keep_quoted_words_out_of_the_paraphrases():
    from briefgen.render.templating import statements

    ref = lambda doc, para: [{"document": doc, "paragraph": para, "text": ""}]  # noqa: E731
    quotes = [
        {"text": "the dam is safe", "kind": "partial", "speaker": "Engineer", "sources": ref("a", 2)},
        {"text": "The engineer called the dam “safe for now” and left.", "kind": "indirect",
         "speaker": "Engineer", "sources": ref("a", 4)},
        {"text": "She said the dam is safe, officials reported.", "kind": "indirect",
         "speaker": "Engineer", "sources": ref("a", 2)},
        {"text": "He described the levee as “holding” and the dam as “the dam is safe”.",
         "kind": "indirect", "speaker": "Mayor", "sources": ref("a", 5)},
        {"text": "“We will rebuild,” the mayor said.", "kind": "direct", "speaker": "Mayor",
         "sources": ref("b", 1)},
    ]
    split = statements(quotes)
    assert [q["text"] for q in split["reported"]] == ["She said the dam is safe, officials reported."]
    verbatim = [(q["text"], q["kind"], q["speaker"]) for q in split["verbatim"]]
    assert verbatim == [("the dam is safe", "partial", "Engineer"),
                        ("“We will rebuild,” the mayor said.", "direct", "Mayor"),
                        ("safe for now", "partial", "Engineer"),     # not yet on record
                        ("holding", "partial", "Mayor")]             # "the dam is safe" already is
    assert split["verbatim"][2]["sources"] == ref("a", 4)


# --- presentation helpers -----------------------------------------------------------------

def test_trim_cuts_at_a_clause_or_word():
    from briefgen.render.templating import trim

    short = "The army denied it."
    assert trim(short, 40) == short
    sentence = ("Police said the attackers, who arrived in two cars, opened fire on the guards "
                "before storming the building and taking dozens of guests hostage")
    assert trim(sentence, 60) == "Police said the attackers, who arrived in two cars …"
    assert trim(sentence, 100) == ("Police said the attackers, who arrived in two cars, opened fire "
                                   "on the guards before storming …")
    assert trim("x" * 50, 20) == "x" * 20 + " …"


def test_kind_labels_are_readable():
    from briefgen.render.templating import kind_label

    assert [kind_label(k) for k in ("denied", "conflicting_figures", "claimed", "withheld")] == [
        "Denied", "Figures differ", "Unverified claim", "Not disclosed"]
    assert kind_label("new_kind") == "New kind"


def test_doc_numbers_and_more(sample_brief):
    helpers = Helpers(sample_brief.to_dict(), Style())
    assert helpers.doc_numbers(["moura.html", "lavrov-visit.txt", "moura.html"]) == "1, 2"
    assert helpers.doc_numbers(["moura.html", "lavrov-visit.txt"], most=1) == "1 +1 more"
    from briefgen.render.templating import more

    assert more([1, 2, 3], 3) == "" and more(range(5), 3, "more reported") == "+2 more reported"


def test_quotes_show_verbatim_first_and_cap_reported_speech(sample_brief):
    from briefgen.model import Quote

    refs = sample_brief.quotes[0].sources
    sample_brief.quotes = [Quote(f"reported line {i}", "indirect", "Sergei Lavrov", refs, None,
                                 "said") for i in range(5)] + sample_brief.quotes
    text = render(sample_brief)
    lavrov = text.split("### Sergei Lavrov")[1].split("###")[0]
    assert lavrov.index("“We are going to support our friends”") < lavrov.index("- *Reported speech:*")
    assert lavrov.count("reported line") == 3
    assert "+2 more reported" in lavrov


def test_open_questions_carry_their_kind_as_a_label(sample_brief):
    text = render(sample_brief)
    assert "1. **Denied:** The army denies the killings in Moura." in text
    assert "2. **Figures differ:** Sources differ" in text


def test_untitled_sources_name_their_path_once(sample_brief):
    sample_brief.documents[1].title = None
    text = render(sample_brief)
    assert "2. `in/moura.html`, undated. {#src-2}" in text
    assert "**moura.html**" not in text


def test_executive_notes_leave_out_the_sentence(sample_brief):
    text = render(sample_brief, "executive")
    assert '"Lavrov arrives in Mali (Example Wire, 8 February 2023), ¶1")' in text
    assert "“Russian Foreign Minister" not in text.split("## Sources")[0].split("{.lead}")[1]


def test_many_citations_are_capped(sample_brief):
    helpers = Helpers(sample_brief.to_dict(), Style())
    refs = [{"document": "lavrov-visit.txt", "paragraph": p, "text": "x"} for p in range(1, 12)]
    marks = helpers.cite(refs)
    assert marks.count("](#src-1") == 8 and marks.endswith(" (+3 more)")
    assert helpers.cite(refs, most=None).count("](#src-1") == 11


def test_press_pdf_paraphrases_carry_no_quoted_words(sample_brief):
    from io import BytesIO

    from pypdf import PdfReader

    from briefgen.model import Quote

    d2 = sample_brief.documents[1]
    ref = sample_brief.quotes[1].sources[0]
    sample_brief.quotes.append(Quote("The army called the reports “a fabrication” on Friday.",
                                     "indirect", "Army spokesman", [ref]))
    pdf = render_brief(sample_brief, "pdf", template="press")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    text = text.replace("\u00a0", " ")
    on_record = text.split("On the record")[1].split("Reported statements")[0]
    reported = text.split("Reported statements")[1].split("Figures in circulation")[0]
    assert "“a fabrication” (undated; words quoted within a sentence) [2 ¶2]" in on_record
    assert "fabrication" not in reported and "the aid would continue (undated) [2 ¶2]" in reported
    assert "(Example Wire, 8 February 2023) [1 ¶2]" in on_record
    assert d2.title not in on_record


def test_compiled_templates_are_kept_between_runs_and_a_damaged_one_is_compiled_again(
        sample_brief, briefgen_home):
    from briefgen.render import templating as t

    source = t.find_template("analyst")
    first = t.render_markdown(sample_brief, source)
    kept = list((briefgen_home / "cache").glob("jinja-*/*.cache"))
    assert len(kept) == 1
    assert t.render_markdown(sample_brief, source) == first
    kept[0].write_bytes(b"j2" + b"\x00" * 40)            # Jinja's header, then garbage
    assert t.render_markdown(sample_brief, source) == first


def test_a_home_that_cannot_hold_compiled_templates_costs_nothing_but_the_compile(
        sample_brief, briefgen_home, monkeypatch):
    from briefgen.render import templating as t

    (briefgen_home / "cache").write_text("a file where the folder would go", encoding="utf-8")
    monkeypatch.setattr(t, "_COMPILED", {})
    assert "# " in t.render_markdown(sample_brief, t.find_template("analyst"))

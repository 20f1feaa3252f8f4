"""DOCX writer: read the output back with python-docx and from the zip's XML parts."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_pdf import ARABIC, brief_document, logo_file, png_bytes, style_for

from briefgen.errors import OutputError, TemplateError
from briefgen.render import blocks as b
from briefgen.render import docx as docx_writer
from briefgen.render.style import Style


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> tuple[bytes, Path]:
    folder = tmp_path_factory.mktemp("docx")
    style = style_for(folder, logo=str(logo_file(folder)))
    data = docx_writer.write(brief_document(png_bytes()), style)
    path = folder / "brief.docx"
    path.write_bytes(data)
    return data, path


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_headings_use_real_heading_styles(output):
    document = docx.Document(str(output[1]))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Mali: Russian foreign minister's visit")
    assert ("Heading 2", "Key actors") in headings
    assert ("Heading 3", "Casualty figures") in headings
    assert ("Heading 2", "Sources") in headings
    levels = {s.name: s.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
              for s in document.styles if s.name in ("Heading 1", "Heading 2", "Heading 3")}
    assert [levels[f"Heading {n}"].get(qn("w:val")) for n in (1, 2, 3)] == ["0", "1", "2"]
    styles = {p.style.name for p in document.paragraphs}
    assert {"Lead", "Quote", "Meta", "List Paragraph", "Caption"} <= styles


def test_lists_restart_numbering(output):
    document = docx.Document(str(output[1]))
    numbering = document.part.numbering_part.element
    list_paras = [p for p in document.paragraphs if p._p.find(f".//{qn('w:numPr')}") is not None]
    ids = [(p.text[:20], p._p.find(f".//{qn('w:numId')}").get(qn("w:val")),
            p._p.find(f".//{qn('w:ilvl')}").get(qn("w:val"))) for p in list_paras]
    # Key points (3 items, one nested item at level 1), open questions (2), sources (2).
    assert len(ids) == 8
    assert list_paras[0].text == "Sergei Lavrov arrived in Bamako on Tuesday. [1]"
    assert ids[3][2] == "1"
    questions, sources = ids[4][1], ids[6][1]
    assert questions == ids[5][1] and sources == ids[7][1] and questions != sources
    for num_id in (questions, sources):
        num = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id][0]
        start = num.find(f".//{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        fmt = [a for a in numbering.findall(qn("w:abstractNum"))
               if a.get(qn("w:abstractNumId")) == abstract][0].find(f".//{qn('w:numFmt')}")
        assert fmt.get(qn("w:val")) == "decimal"


def test_table_has_repeating_header_and_style(output):
    document = docx.Document(str(output[1]))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Actor", "Type", "Role", "Mentions"]
    assert table.rows[1].cells[0].text == "Sergei Lavrov"
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert table.rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    assert table.style.name == "Table Grid"
    assert table.rows[1].cells[3].paragraphs[0].alignment == 2   # right-aligned numbers
    widths = [c.width for c in table.rows[0].cells]
    assert widths[3] < widths[2]                                  # "Mentions" narrower than "Role"


def table_document(tables: int = 12, rows: int = 8) -> b.RenderedDocument:
    """Tables of `rows` rows between paragraphs of varying length, so that some of them
    start near the foot of a page."""
    blocks: list[b.Block] = []
    for t in range(tables):
        blocks += [b.Paragraph([b.Run(f"Filler {t}.{k}. " + "Words of the text go on. " * 9)])
                   for k in range(1 + (t * 5) % 7)]
        blocks.append(b.Heading(3, [b.Run(f"Table {t}")]))
        blocks.append(b.Table([[b.Run(f"Figure T{t}")], [b.Run("Source")]],
                              [[[b.Run(f"T{t} row {r}")], [b.Run("long cell text " * 6)]]
                               for r in range(1, rows + 1)]))
    return b.RenderedDocument("Tables", blocks, [], "2026-11-23T09:00:00Z")


def test_table_rows_hold_together(tmp_path):
    document = docx.Document(io.BytesIO(docx_writer.write(table_document(1), Style())))
    table = document.tables[0]
    assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in table.rows)
    keep = [r.cells[0].paragraphs[0].paragraph_format.keep_with_next for r in table.rows]
    # header + two rows together, and the last two rows; the rest may break anywhere
    assert keep == [True, True, None, None, None, None, None, True, None]
    small = docx.Document(io.BytesIO(docx_writer.write(table_document(1, rows=3), Style())))
    assert [r.cells[1].paragraphs[0].paragraph_format.keep_with_next
            for r in small.tables[0].rows] == [True, True, True, None]   # kept whole


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_no_page_ends_on_a_table_header(tmp_path):
    """Laid out by LibreOffice: every table's header shares its page with two rows, and no
    table's last row stands alone at the top of a page."""
    from pypdf import PdfReader

    path = tmp_path / "tables.docx"
    path.write_bytes(docx_writer.write(table_document(), Style()))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=180, check=False)
    pages = [p.extract_text() for p in PdfReader(str(tmp_path / "tables.pdf")).pages]
    assert len(pages) > 3

    def page_of(text: str) -> int:
        return next(i for i, p in enumerate(pages) if text in p)

    for t in range(12):
        assert page_of(f"Figure T{t}") == page_of(f"T{t} row 2"), f"table {t}"
        assert page_of(f"T{t} row 8") == page_of(f"T{t} row 7"), f"table {t}"


def test_citations_are_labels_linked_to_the_sources_list(output):
    data = output[0]
    body = part(data, "word/document.xml")
    assert "footnote" not in body and "footnotes" not in part(data, "[Content_Types].xml")
    links = re.findall(r'<w:hyperlink w:anchor="(src_\d)"( w:tooltip="[^"]*")? w:history="1">'
                       r'<w:r><w:rPr><w:rStyle w:val="Citation"/></w:rPr>'
                       r'<w:t xml:space="preserve">([^<]*)</w:t>', body)
    assert len(links) == 10
    assert {(anchor, label) for anchor, _, label in links} == {("src_1", "[1]"), ("src_2", "[2]")}
    assert ' w:tooltip="Lavrov arrives in Mali, para. 1"' in body       # Run.note
    document = docx.Document(io.BytesIO(data))
    lead = next(p for p in document.paragraphs if p.style.name == "Lead")
    assert lead.text.endswith("disputed by the army. [1] [2]")         # spaced, on the line
    citation = document.styles["Citation"]
    assert citation.font.superscript is not True
    assert citation.font.size < document.styles["Normal"].font.size


def test_bookmarks_and_links(output):
    body = part(output[0], "word/document.xml")
    names = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    assert {"src_1", "src_2", "open_questions", "bottom_line", "sources"} <= names
    assert 'w:anchor="open_questions"' in body
    document = docx.Document(str(output[1]))
    urls = [h.url for p in document.paragraphs for h in p.hyperlinks if h.url]
    assert "https://news.un.org/en/" in urls


def test_banner_logo_and_page_numbers(output):
    document = docx.Document(str(output[1]))
    section = document.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "UNCLASSIFIED // FOR OFFICIAL USE ONLY" in header
    assert "UNCLASSIFIED // FOR OFFICIAL USE ONLY" in footer
    assert section.header.part._element.findall(f".//{qn('w:drawing')}")   # the logo
    footer_xml = section.footer._element.xml
    assert "> PAGE <" in footer_xml and "> NUMPAGES <" in footer_xml
    assert "Page " in footer and " of " in footer
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 20


def test_images_fonts_and_bidi(output):
    document = docx.Document(str(output[1]))
    assert len(document.inline_shapes) == 1
    arabic = [p for p in document.paragraphs if ARABIC in p.text][0]
    assert arabic._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert arabic.runs[0]._r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    latin = [p for p in document.paragraphs if "Goïta welcomed" in p.text][0]
    assert latin._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None
    for name in ("Normal", "Heading 1"):
        fonts = document.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} \
            == {"DejaVu Sans"}
        assert fonts.get(qn("w:asciiTheme")) is None


def test_properties_and_determinism(output, tmp_path):
    data, path = output
    props = docx.Document(str(path)).core_properties
    assert props.title == "Mali: Russian foreign minister's visit"
    assert props.author == "Analyst Desk" and props.last_modified_by == "Analyst Desk"
    assert props.created.isoformat().startswith("2026-11-23T09:00:00")
    assert props.modified == props.created
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    assert "docProps/thumbnail.jpeg" not in archive.namelist()
    for name in ("docProps/core.xml", "docProps/app.xml"):
        assert "python-docx" not in part(data, name) and "Macintosh" not in part(data, name)
    style = style_for(tmp_path, logo=str(logo_file(tmp_path)))
    again = [docx_writer.write(brief_document(png_bytes()), style) for _ in range(2)]
    assert hashlib.sha256(again[0]).digest() == hashlib.sha256(again[1]).digest()


def test_reference_docx_is_the_starting_document(output, tmp_path):
    reference = docx.Document(str(output[1]))
    reference.styles["Heading 2"].font.color.rgb = docx.shared.RGBColor(0x00, 0x80, 0x00)
    reference.add_paragraph("old body text that must not survive")
    ref_path = tmp_path / "reference.docx"
    reference.save(str(ref_path))
    doc = b.RenderedDocument("Short", [b.Heading(2, [b.Run("Only section")]),
                                       b.Paragraph([b.Run("Text"), b.Run("1", cite=1)])],
                             [b.Source(1, "A source")], "2026-11-23T09:00:00Z")
    data = docx_writer.write(doc, Style(reference_docx="reference.docx", folder=tmp_path))
    result = docx.Document(io.BytesIO(data))
    assert "old body text" not in "\n".join(p.text for p in result.paragraphs)
    assert str(result.styles["Heading 2"].font.color.rgb) == "008000"   # the reference's style
    assert result.paragraphs[-1].text == "Text [1]"


def test_errors_name_the_file(tmp_path):
    doc = brief_document()
    with pytest.raises(OutputError, match="reference DOCX not found") as err:
        docx_writer.write(doc, Style(reference_docx="house.docx", folder=tmp_path))
    assert err.value.path == str(tmp_path / "house.docx")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(OutputError, match="cannot be read"):
        docx_writer.write(doc, Style(reference_docx="broken.docx", folder=tmp_path))
    with pytest.raises(OutputError, match="logo not found"):
        docx_writer.write(doc, Style(logo="nope.png", folder=tmp_path))
    bad_image = b.RenderedDocument("x", [b.Image("chart", data=b"not a png")], [],
                                   "2026-11-23T09:00:00Z")
    with pytest.raises(OutputError, match="not a readable image"):
        docx_writer.write(bad_image, Style(folder=tmp_path))
    with pytest.raises(TemplateError, match="heading_color"):
        docx_writer.write(doc, Style(heading_color="navy", folder=tmp_path))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it(output, tmp_path):
    """LibreOffice exits 0 even when it cannot load a file, so the PDF itself is checked."""
    from pypdf import PdfReader

    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(output[1])],
                   capture_output=True, timeout=180, check=False)
    converted = tmp_path / "brief.pdf"
    assert converted.exists()
    reader = PdfReader(str(converted))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Goïta" in text and "Сергей Лавров" in text
    assert f"Page 1 of {len(reader.pages)}" in text          # PAGE/NUMPAGES were computed
    assert "Moura remain disputed by the army. [1] [2]" in " ".join(text.split())


def test_one_pager_cites_as_every_brief_does(tmp_path):
    paragraph = b.Paragraph([b.Run("Claim."), b.Run("[1 ¶2]", cite=1, note="Long note"),
                             b.Run("[1 ¶4]", cite=1, note="Other note"), b.Run("[2]", cite=2)])
    sources = b.List([b.ListItem([b.Paragraph([b.Run("One")])], anchor="src-1"),
                      b.ListItem([b.Paragraph([b.Run("Two")])], anchor="src-2")], ordered=True)
    doc = b.RenderedDocument("One page", [paragraph, sources], [], "2026-11-23T09:00:00Z")
    for style in (Style(max_pages=1, folder=tmp_path), Style(folder=tmp_path)):
        data = docx_writer.write(doc, style)
        body = part(data, "word/document.xml")
        marks = re.findall(r'<w:hyperlink w:anchor="(src_\d)"[^>]*>.*?<w:t[^>]*>([^<]*)</w:t>',
                           body)
        assert marks == [("src_1", "[1\xa0¶2]"), ("src_1", "[1\xa0¶4]"), ("src_2", "[2]")]
        text = docx.Document(io.BytesIO(data)).paragraphs[0].text
        assert text == "Claim. [1\xa0¶2] [1\xa0¶4] [2]"


def test_a_long_tooltip_is_cut_between_words(tmp_path):
    note = "Headline (Wire, 8 February 2023), ¶4: “" + "word " * 80 + "”"
    paragraph = b.Paragraph([b.Run("Claim."), b.Run("[1 ¶4]", cite=1, note=note)])
    sources = b.List([b.ListItem([b.Paragraph([b.Run("One")])], anchor="src-1")], ordered=True)
    data = docx_writer.write(b.RenderedDocument("T", [paragraph, sources], [],
                                                "2026-11-23T09:00:00Z"), Style(folder=tmp_path))
    tip = re.search(r'w:tooltip="([^"]*)"', part(data, "word/document.xml")).group(1)
    assert len(tip) <= 255 and tip.endswith("word\u2026")

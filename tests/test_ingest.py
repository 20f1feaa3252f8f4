"""Ingest: every reader on real files, metadata, encodings, inputs (folders, globs), errors."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.ingest import load_documents
from briefgen.ingest.common import iso_date
from briefgen.ingest.metadata import read_header
from briefgen.ingest.text import looks_hard_wrapped

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "ingest"


def load(*paths, strict=False):
    """load_documents with the warnings collected, for assertions on both."""
    warnings: list[str] = []
    docs = load_documents(list(paths), strict=strict, warn=warnings.append)
    return docs, warnings


def one(path, **kw):
    docs, warnings = load(path, **kw)
    assert warnings == []
    assert len(docs) == 1
    return docs[0]


# ---------------------------------------------------------------- the seed articles

def test_seeds_load_with_their_header_date_and_one_paragraph_per_line(monkeypatch):
    monkeypatch.chdir(ROOT)
    docs, warnings = load("seeds")
    assert warnings == []
    first, second = docs
    assert first.id == "000_731d18e115c628d8.txt"
    assert first.path == os.path.join("seeds", "000_731d18e115c628d8.txt")
    assert first.date == "2023-02-08"
    assert first.paragraphs[0].startswith("Russian Foreign Minister Sergei Lavrov arrived")
    assert not any(p.lower().startswith("date") for p in first.paragraphs)
    assert first.format == "txt" and first.title is None and first.source is None

    raw = (SEEDS / "004_ef0d8318914f61b7.txt").read_text(encoding="utf-8")
    assert second.paragraphs == [line.strip() for line in raw.splitlines() if line.strip()]
    assert len(second.paragraphs) > 30
    assert second.date is None

    for doc in docs:
        data = (ROOT / doc.path).read_bytes()
        assert doc.sha256 == hashlib.sha256(data).hexdigest()
        assert doc.mtime == (ROOT / doc.path).stat().st_mtime
        # Text kept verbatim: curly quotes and apostrophes are not normalised.
        assert "’" in doc.text or "“" in doc.text


def test_first_seed_paragraphs_split_on_blank_lines():
    doc = one(SEEDS / "000_731d18e115c628d8.txt")
    raw = (SEEDS / "000_731d18e115c628d8.txt").read_text(encoding="utf-8")
    assert len(doc.paragraphs) == len([b for b in raw.split("\n\n") if b.strip()])
    assert doc.paragraphs[-1] == "With AP and AFP"


# ---------------------------------------------------------------- plain text

def test_text_header_lines_give_metadata_and_are_removed(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title: Bridge collapse blocks main trade route\n"
                    "Source: Valley Courier\n"
                    "Published: February 8, 2023 10:32 GMT\n"
                    "URL: https://courier.example/bridge\n"
                    "\n"
                    "Update: engineers reached the site on Friday.\n"
                    "A second paragraph.\n", encoding="utf-8")
    doc = one(path)
    assert doc.title == "Bridge collapse blocks main trade route"
    assert doc.source == "Valley Courier"
    assert doc.date == "2023-02-08"
    assert doc.url == "https://courier.example/bridge"
    # "Update:" is not a metadata key, so the article keeps its first line.
    assert doc.paragraphs == ["Update: engineers reached the site on Friday.",
                              "A second paragraph."]


def test_text_header_with_unusable_value_stays_in_the_body(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Date: to be confirmed\nThe meeting was postponed.\n", encoding="utf-8")
    doc = one(path)
    assert doc.date is None
    assert doc.paragraphs == ["Date: to be confirmed", "The meeting was postponed."]


def test_text_without_header_has_no_invented_metadata(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("On 3 March 2021 the council met.\nIt adjourned at noon.\n", encoding="utf-8")
    doc = one(path)
    assert (doc.title, doc.source, doc.date, doc.url) == (None, None, None, None)


def test_text_keeps_inner_spacing_and_strips_ends(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("  “Quoted,”  he said.\t\r\n\r\n\r\n  Second —  line  \r\n".encode("utf-8"))
    assert one(path).paragraphs == ["“Quoted,”  he said.", "Second —  line"]


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path):
    text = (
        "The regional council voted on Tuesday to extend the state of emergency\n"
        "for another thirty days, citing continued attacks on supply convoys\n"
        "along the northern highway and a shortage of fuel in the main towns.\n"
        "\n"
        "Opposition members walked out before the vote, calling the measure a\n"
        "pretext for postponing the local elections that had been scheduled for\n"
        "the spring. A spokesman for the governor rejected that charge as well-\n"
        "meaning but wrong.\n"
    )
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    doc = one(path)
    assert len(doc.paragraphs) == 2
    assert doc.paragraphs[0].startswith("The regional council voted")
    assert doc.paragraphs[0].endswith("fuel in the main towns.")
    # A plain-text wrapper breaks after real hyphens: the hyphen stays.
    assert "as well-meaning but wrong." in doc.paragraphs[1]


def test_hard_wrap_detection_does_not_fire_on_paragraph_per_line_text():
    raw = (SEEDS / "004_ef0d8318914f61b7.txt").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip()]
    assert not looks_hard_wrapped([lines])


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding,text", [
    ("utf-8-sig", "Le ministre a déclaré : « Nous resterons. »"),
    ("utf-16", "Министр заявил, что «поддержка продолжится»."),
    ("cp1252", "The minister said: “We will not back down.” Café owners in Montréal disagreed."),
    ("latin-1", "Le ministre a déclaré à la presse que la sécurité était garantie à Paris."),
    ("cp1251", "Министр иностранных дел заявил, что поддержка будет продолжена."),
])
def test_text_encodings_are_decoded(tmp_path, encoding, text):
    path = tmp_path / "enc.txt"
    path.write_bytes(f"{text}\nSecond line.\n".encode(encoding))
    doc = one(path)
    assert doc.paragraphs == [text, "Second line."]


def test_utf8_bom_does_not_hide_the_header(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("date 2024-01-05 The talks resumed.\n".encode("utf-8-sig"))
    doc = one(path)
    assert doc.date == "2024-01-05"
    assert doc.paragraphs == ["The talks resumed."]


# ---------------------------------------------------------------- metadata helpers

@pytest.mark.parametrize("value,expected", [
    ("2023-02-08", "2023-02-08"),
    ("2023-02-08T23:30:00-05:00", "2023-02-08"),
    ("February 8, 2023", "2023-02-08"),
    ("8 February 2023", "2023-02-08"),
    ("8 février 2023", "2023-02-08"),
    ("Wed, 08 Feb 2023 10:00:00 GMT", "2023-02-08"),
    ("2023-02-30", None),
    ("February 2023", None),        # no day: not a date we can state
    ("yesterday", None),            # relative: would be invented from today's clock
    ("soon", None),
    ("", None),
    (None, None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_read_header_takes_a_bare_date_followed_by_text():
    meta, rest = read_header([" date 2023-02-08 First sentence here.", "", "Next."])
    assert meta == {"date": "2023-02-08"}
    assert rest == ["First sentence here.", "", "Next."]


# ---------------------------------------------------------------- Markdown

def test_markdown_front_matter_and_markup_stripped():
    doc = one(DATA / "front_matter.md")
    assert doc.format == "md"
    assert doc.title == "Port strike enters its second week"
    assert doc.date == "2024-09-17"
    assert doc.source == "Harbour Herald"
    assert doc.url == "https://harbourherald.example/news/port-strike-week-two"
    assert doc.paragraphs == [
        "Port strike enters its second week",
        "Dock workers walked out on Monday 9 September after talks on pay broke down, and the "
        "union says the strike will continue \"until the offer changes\".",
        "What the two sides say",
        "“We will not accept a real-terms pay cut,” the union's general secretary told reporters.",
        "The port authority said about 40 ships were waiting offshore. Its statement listed:",
        "container vessels diverted to other ports",
        "perishable cargo spoiling on the quay",
        "Talks are due to resume on Thursday.",
    ]
    assert not any(mark in doc.text for mark in ("**", "](", "---", "tags", "ships.jpg", "`"))


def test_markdown_without_front_matter_uses_header_lines_and_leading_heading(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("source: Field report\n\n# Wells run dry in the east\n\n"
                    "Villagers walk *hours* for water.  \nA hard break splits here.\n"
                    "\n---\n\nAfter a rule.\n", encoding="utf-8")
    doc = one(path)
    assert doc.source == "Field report"
    assert doc.title == "Wells run dry in the east"
    assert doc.date is None
    assert doc.paragraphs == ["Wells run dry in the east", "Villagers walk hours for water.",
                              "A hard break splits here.", "After a rule."]


def test_markdown_table_rows_become_paragraphs(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("Figures:\n\n| Group | Count |\n|---|---|\n| Killed | 12 |\n", encoding="utf-8")
    assert one(path).paragraphs == ["Figures:", "Group | Count", "Killed | 12"]


# ---------------------------------------------------------------- HTML

def test_html_article_text_without_boilerplate():
    doc = one(DATA / "news_article.html")
    assert doc.format == "html"
    text = doc.text
    for boilerplate in ("cookies", "Accept all", "Subscribe", "Privacy policy", "Related stories",
                        "Drought cuts harvest", "newsletter", "All rights reserved", "Share on",
                        "Home"):
        assert boilerplate not in text, boilerplate
    paragraphs = doc.paragraphs
    expected = [
        "At least 12,000 people have been forced from their homes after days of torrential rain",
        "“The water rose faster than anyone expected.",
        "Officials said at least 23 people had died",
        "Aid convoys delayed",
        "Road access to the delta remained blocked",
        "The provincial governor denied reports",
        "Meteorologists expect more rain",
    ]
    positions = [next(i for i, p in enumerate(paragraphs) if p.startswith(e)) for e in expected]
    assert positions == sorted(positions)
    assert "Aid convoys delayed" in paragraphs      # the subheading is its own paragraph


def test_html_metadata_from_meta_tags():
    doc = one(DATA / "news_article.html")
    assert doc.title == "Floods force thousands from their homes in river delta"
    assert doc.date == "2024-05-14"               # published, not modified (05-15)
    assert doc.source == "The Daily Meridian"
    assert doc.url == "https://www.dailymeridian.example/world/2024/05/14/delta-floods"


def test_html_without_date_metadata_has_no_date(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><head><title>Market reopens</title></head><body><article>"
        "<p>The central market reopened on Saturday after repairs that took most of the year "
        "and cost more than the council had planned for.</p>"
        "<p>Traders said business was slow but improving as customers returned.</p>"
        "</article><footer>© 2021 Town Press</footer></body></html>", encoding="utf-8")
    doc = one(path)
    assert doc.date is None
    assert doc.paragraphs[-1] == ("Traders said business was slow but improving as customers "
                                  "returned.")


def test_html_fallback_when_there_is_no_article_markup(tmp_path):
    path = tmp_path / "bare.html"
    path.write_text("<html><body><div>Only a line of text in a div.<br>And a second line.</div>"
                    "</body></html>", encoding="utf-8")
    assert one(path).paragraphs == ["Only a line of text in a div.", "And a second line."]


def test_html_lists_and_tables_lose_their_markup(tmp_path):
    path = tmp_path / "list.html"
    path.write_text(
        "<html><body><article><h1>Port strike</h1><p>The port authority said about 40 ships were "
        "waiting offshore on Monday. Its statement listed the problems:</p><ul><li>vessels "
        "diverted to other ports</li><li>cargo spoiling on the quay</li></ul><table><tr><th>Group"
        "</th><th>Count</th></tr><tr><td>Ships</td><td>40</td></tr></table><p>Talks are due to "
        "resume on Thursday, officials said, though no agenda has been set.</p></article>"
        "</body></html>", encoding="utf-8")
    paragraphs = one(path).paragraphs
    assert "vessels diverted to other ports" in paragraphs
    assert "cargo spoiling on the quay" in paragraphs
    assert "Ships | 40" in paragraphs
    assert not any(p.startswith(("-", "|")) or "---" in p for p in paragraphs)


def test_html_in_a_legacy_encoding(tmp_path):
    path = tmp_path / "legacy.html"
    path.write_bytes(
        "<html><head><meta charset='windows-1252'></head><body><article><p>The café owner said "
        "“business is slow” and that prices had risen sharply since the spring.</p></article>"
        "</body></html>".encode("cp1252"))
    assert one(path).paragraphs == ["The café owner said “business is slow” and that prices had "
                                    "risen sharply since the spring."]


# ---------------------------------------------------------------- PDF

BODY = [
    "At least 12,000 people have been forced from their homes after days of torrential rain sent "
    "the river over its banks, the regional disaster agency said on Tuesday.",
    "“The water rose faster than anyone expected,” said a spokeswoman for the agency. Officials "
    "said at least 23 people had died, although local aid groups put the toll higher.",
    "Road access to the delta remained blocked by landslides on Wednesday, delaying convoys "
    "carrying food, clean water and medicine to temporary shelters.",
]


def _platypus_pdf(path: Path, paragraphs: list[str], title: str | None, running: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 810, "The Daily Meridian | World")
        canvas.drawString(280, 30, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, **({"title": title} if title else {}))
    story = [Paragraph("Floods in the delta", styles["Title"]),
             Paragraph("Aid convoys delayed", styles["Heading2"])]
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    hooks = {"onFirstPage": decorate, "onLaterPages": decorate} if running else {}
    doc.build(story, **hooks)


def test_pdf_paragraphs_rebuilt_and_running_lines_dropped(tmp_path):
    import pypdf

    path = tmp_path / "report.pdf"
    body = [f"{p} (Part {i}.)" for i in range(1, 9) for p in BODY]
    _platypus_pdf(path, body, title="Floods in the delta", running=True)
    assert len(pypdf.PdfReader(path).pages) >= 2

    doc = one(path)
    assert doc.format == "pdf"
    assert doc.paragraphs == ["Floods in the delta", "Aid convoys delayed", *body]
    assert doc.title == "Floods in the delta"
    assert doc.date is None     # /CreationDate is when the file was made, not published


def test_pdf_joins_hyphenated_line_breaks(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "hyphen.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    y = 780
    for line in ["The committee met in the capital on Monday to discuss the inter-",
                 "national response to the crisis, according to a statement that",
                 "was released by the foreign ministry late in the evening.",
                 None,
                 "A second paragraph begins here after a visible gap and its text",
                 "continues on a second line until it ends."]:
        if line is None:
            y -= 12
            continue
        pdf.drawString(72, y, line)
        y -= 14
    pdf.save()
    doc = one(path)
    assert doc.paragraphs == [
        "The committee met in the capital on Monday to discuss the international response to "
        "the crisis, according to a statement that was released by the foreign ministry late "
        "in the evening.",
        "A second paragraph begins here after a visible gap and its text continues on a second "
        "line until it ends.",
    ]
    assert doc.title is None


def test_pdf_indented_paragraphs_bullets_and_roman_page_numbers(tmp_path):
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    path = tmp_path / "indent.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("DejaVuSans", 10)
    rows = [  # (x, text): no extra space between paragraphs, only a first-line indent
        (90, "Officials confirmed on Sunday that the border crossing would reopen"),
        (72, "for trucks carrying food, fuel and medical supplies before the week ends."),
        (90, "Aid agencies welcomed the decision but warned that the backlog of more"),
        (72, "than two hundred vehicles would take several days to clear at the post."),
        (90, "The agencies asked for three things in their joint statement today:"),
        (72, "• longer opening hours at the crossing point for the aid convoys"),
        (72, "• security guarantees for drivers and for the staff at the warehouses"),
    ]
    y = 780
    for x, text in rows:
        pdf.drawString(x, y, text)
        y -= 14
    pdf.drawString(300, 40, "iv")
    pdf.save()
    assert one(path).paragraphs == [
        "Officials confirmed on Sunday that the border crossing would reopen for trucks carrying "
        "food, fuel and medical supplies before the week ends.",
        "Aid agencies welcomed the decision but warned that the backlog of more than two hundred "
        "vehicles would take several days to clear at the post.",
        "The agencies asked for three things in their joint statement today:",
        "• longer opening hours at the crossing point for the aid convoys",
        "• security guarantees for drivers and for the staff at the warehouses",
    ]


def test_pdf_with_an_empty_user_password_is_opened(tmp_path):
    import pypdf

    src = tmp_path / "src.pdf"
    _platypus_pdf(src, BODY, title=None, running=False)
    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "protected.pdf"
    writer.write(str(path))
    assert pypdf.PdfReader(path).is_encrypted
    assert one(path).paragraphs[2:] == BODY


def test_damaged_pdf_is_reported_once_with_its_name(tmp_path, caplog):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>\ngarbage")
    with caplog.at_level(logging.WARNING):
        docs, warnings = load(path)
    assert docs == [] and len(warnings) == 1
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def _with_metadata(src: Path, dst: Path, info: dict[str, str], xmp: bytes | None = None) -> None:
    import pypdf
    from pypdf.generic import NameObject, StreamObject

    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.add_metadata(info)
    if xmp is not None:
        stream = StreamObject()
        stream.set_data(xmp)
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.write(str(dst))


def test_pdf_publication_date_from_info_and_placeholder_title_ignored(tmp_path):
    src = tmp_path / "src.pdf"
    _platypus_pdf(src, BODY, title=None, running=False)
    path = tmp_path / "dated.pdf"
    _with_metadata(src, path, {"/Title": "Microsoft Word - flood_report_final.docx",
                               "/PublicationDate": "D:20240514074500+02'00'",
                               "/CreationDate": "D:20250101000000Z"})
    doc = one(path)
    assert doc.date == "2024-05-14"
    assert doc.date_source == "pdf properties"
    # the placeholder /Title gives way to the headline the page starts with
    assert doc.title == "Floods in the delta"
    assert doc.author is None          # "(anonymous)" names nobody


def test_pdf_metadata_from_xmp(tmp_path):
    src = tmp_path / "src.pdf"
    _platypus_pdf(src, BODY, title=None, running=False)
    xmp = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2025-01-01T00:00:00Z">
<dc:title><rdf:Alt>
  <rdf:li xml:lang="x-default">Delta floods: the first week</rdf:li>
</rdf:Alt></dc:title>
<dc:publisher><rdf:Bag><rdf:li>The Daily Meridian</rdf:li></rdf:Bag></dc:publisher>
<prism:publicationDate>2024-05-21</prism:publicationDate>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""
    path = tmp_path / "xmp.pdf"
    _with_metadata(src, path, {}, xmp)
    doc = one(path)
    assert (doc.title, doc.source, doc.date) == ("Delta floods: the first week",
                                                 "The Daily Meridian", "2024-05-21")


# ---------------------------------------------------------------- DOCX

def _docx(path: Path, *, core_title: str | None) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = core_title or ""
    document.add_paragraph("Date: 3 March 2024")
    document.add_heading("Ceasefire talks resume", level=1)
    para = document.add_paragraph("Negotiators met in the capital on Monday. ")
    para.add_run("They said progress was “slow but real”.").bold = True
    broken = document.add_paragraph("A line before a soft break")
    broken.add_run().add_break()
    broken.add_run("and the line after it.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate([("Killed", "12"), ("Injured", "40")]):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    document.add_paragraph("")
    document.add_paragraph("Closing paragraph.")
    document.save(str(path))


def test_docx_paragraphs_tables_and_metadata(tmp_path):
    path = tmp_path / "talks.docx"
    _docx(path, core_title="Talks resume after two-week pause")
    doc = one(path)
    assert doc.format == "docx"
    assert doc.title == "Talks resume after two-week pause"
    assert doc.date == "2024-03-03"       # from the header line, not the file's creation date
    assert doc.paragraphs == [
        "Ceasefire talks resume",
        "Negotiators met in the capital on Monday. They said progress was “slow but real”.",
        "A line before a soft break", "and the line after it.",
        "Killed | 12", "Injured | 40",
        "Closing paragraph.",
    ]


def test_docx_title_from_leading_heading_and_no_creation_date(tmp_path):
    import docx

    path = tmp_path / "untitled.docx"
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Harvest fails for a second year", level=0)
    document.add_paragraph("Farmers in the south reported losses.")
    document.save(str(path))
    doc = one(path)
    assert doc.title == "Harvest fails for a second year"
    assert doc.date is None


# ---------------------------------------------------------------- inputs: folders, globs, ids

def _tree(root: Path) -> None:
    files = {
        "b.txt": "Bee.", "a.txt": "Ay.", "notes.png": "not really an image",
        "sub/a.txt": "Nested ay.", "sub/c.md": "# Sea", "sub/deeper/d.txt": "Dee.",
        ".hidden.txt": "Hidden.", ".git/x.txt": "In a hidden folder.", "sub/~$lock.docx": "lock",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_folder_is_read_recursively_sorted_without_hidden_or_unsupported(tmp_path, monkeypatch):
    _tree(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    docs, warnings = load("in")
    assert warnings == []
    expected = ["a.txt", "b.txt", "sub/a.txt", "sub/c.md", "sub/deeper/d.txt"]
    assert [d.path for d in docs] == [os.path.join("in", *p.split("/")) for p in expected]
    assert [d.id for d in docs] == ["a.txt", "b.txt", "a-2.txt", "c.md", "d.txt"]
    again, _ = load("in")
    assert [d.id for d in again] == [d.id for d in docs]


def test_ids_stay_unique_when_a_generated_id_meets_a_real_name(tmp_path):
    for folder, name in [("x", "a.txt"), ("y", "a.txt"), ("z", "a-2.txt")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(f"Text of {folder}.", encoding="utf-8")
    docs, _ = load(tmp_path / "x", tmp_path / "y", tmp_path / "z")
    assert [d.id for d in docs] == ["a.txt", "a-2.txt", "a-2-2.txt"]


def test_globs_and_explicit_files(tmp_path, monkeypatch):
    _tree(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    docs, _ = load("in/*.txt")
    assert [d.path for d in docs] == [os.path.join("in", "a.txt"), os.path.join("in", "b.txt")]
    docs, _ = load("in/**/*.txt")
    assert [d.id for d in docs] == ["a.txt", "b.txt", "a-2.txt", "d.txt"]
    # A hidden file named explicitly is read; the same file twice is read once.
    docs, _ = load("in/.hidden.txt", "in/b.txt", "in")
    assert [d.paragraphs[0] for d in docs] == ["Hidden.", "Bee.", "Ay.", "Nested ay.", "Sea",
                                               "Dee."]
    # A pattern that matches only unsupported files gives no documents and no warnings.
    assert load("in/*.png") == ([], [])


@pytest.mark.parametrize("missing", ["nowhere/article.txt", "nowhere/*.txt"])
def test_missing_path_beside_good_ones_is_skipped_with_a_warning(tmp_path, monkeypatch, missing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    documents, warnings = load("ok.txt", missing)
    assert [d.id for d in documents] == ["ok.txt"]
    assert len(warnings) == 1 and missing in warnings[0]


@pytest.mark.parametrize("missing", ["nowhere/article.txt", "nowhere/*.txt"])
def test_missing_path_is_an_error_under_strict_or_alone(tmp_path, monkeypatch, missing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    for args, strict in (((missing,), False), (("ok.txt", missing), True)):
        with pytest.raises(InputError) as info:
            load(*args, strict=strict)
        assert info.value.path == missing
        assert missing in str(info.value)


# ---------------------------------------------------------------- unreadable files

def _corrupt_docx(path: Path) -> None:
    _docx(path, core_title=None)
    path.write_bytes(path.read_bytes()[:300])


def _image_only_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.save()


def _encrypted_pdf(path: Path) -> None:
    import pypdf

    src = path.with_suffix(".src.pdf")
    _platypus_pdf(src, BODY, title=None, running=False)
    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    writer.write(str(path))
    src.unlink()


BAD_FILES = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty file"),
    "blank.md": (lambda p: p.write_bytes(b" \n\t\n"), "empty file"),
    "binary.txt": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20), "binary"),
    "noise.txt": (lambda p: p.write_bytes(bytes(range(1, 32)) * 40 + bytes(range(128, 256)) * 8),
                  "binary"),
    "header-only.txt": (lambda p: p.write_text("title: Nothing else\n", encoding="utf-8"),
                        "no text"),
    "broken.md": (lambda p: p.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8"),
                  "invalid YAML front matter"),
    "nav-only.html": (lambda p: p.write_text("<html><body></body></html>", encoding="utf-8"),
                      "no article text"),
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>\ngarbage"), "not a valid PDF"),
    "scan.pdf": (_image_only_pdf, "no text layer"),
    "locked.pdf": (_encrypted_pdf, "encrypted PDF"),
    "corrupt.docx": (_corrupt_docx, "not a valid DOCX"),
    "renamed.docx": (lambda p: p.write_text("just text", encoding="utf-8"), "not a valid DOCX"),
    "data.xyz": (lambda p: p.write_text("text", encoding="utf-8"), "unsupported file type '.xyz'"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_warns_and_is_skipped(tmp_path, name):
    make, reason = BAD_FILES[name]
    bad = tmp_path / name
    make(bad)
    good = tmp_path / "good.txt"
    good.write_text("A usable article.", encoding="utf-8")
    docs, warnings = load(bad, good)
    assert [d.id for d in docs] == ["good.txt"]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{bad}: ")
    assert reason in warnings[0]
    assert "\n" not in warnings[0]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_raises_when_strict(tmp_path, name):
    make, reason = BAD_FILES[name]
    bad = tmp_path / name
    make(bad)
    with pytest.raises(InputError) as info:
        load(bad, strict=True)
    assert info.value.path == str(bad)
    assert reason in info.value.reason
    assert "\n" not in str(info.value)


def test_failing_document_in_a_folder_warns_but_unsupported_files_do_not(tmp_path):
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8\xff\x00")
    docs, warnings = load(tmp_path)
    assert [d.id for d in docs] == ["good.txt"]
    assert warnings == [f"{tmp_path / 'empty.md'}: empty file"]


# ---------------------------------------------------------------- start-up cost

def test_heavy_parsers_are_imported_only_when_needed():
    code = (
        "import sys; from briefgen.ingest import load_documents; "
        f"load_documents([{str(SEEDS)!r}]); "
        "print(sorted(m for m in ('trafilatura', 'pypdf', 'docx', 'markdown_it', 'dateparser', "
        "'charset_normalizer', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("text, agency", [
    ("NAIROBI, Aug 10 (Reuters) - Kenyan police ended a siege.", "Reuters"),
    ("Bamako (AFP) – The junta said on Monday it would hold talks.", "AFP"),
    ("MALINDI, Kenya — Security forces stormed the hotel.", None),
])
def test_wire_datelines_are_recognised(text, agency):
    from briefgen.ingest.common import dateline

    match = dateline(text)
    assert match is not None and (match["agency"] or None) == agency


def test_an_ordinary_dash_is_not_a_dateline():
    from briefgen.ingest.common import dateline

    assert dateline("Kenya — a country of fifty million — voted on Tuesday.") is None


def test_dateline_agency_becomes_the_source(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("Bamako (AFP) – The junta said on Monday it would hold talks.\n", encoding="utf-8")
    documents, _ = load(path)
    assert documents[0].source == "AFP"
    assert documents[0].paragraphs[0].startswith("Bamako (AFP)")     # the text stays verbatim


def test_a_page_of_menus_is_no_article(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><head><title>Nav</title></head><body><nav><a href='/'>Home</a> "
                    "<a href='/about'>About</a></nav><footer>Contact</footer></body></html>",
                    encoding="utf-8")
    documents, warnings = load(page)
    assert documents == [] and "no article text" in warnings[0]


def test_a_file_without_line_breaks_is_cut_at_sentences(tmp_path):
    from briefgen.ingest.common import MAX_PARAGRAPH

    sentence = "The council met again on Monday and said the talks would go on next week. "
    path = tmp_path / "long.txt"
    path.write_text(sentence * 400, encoding="utf-8")
    documents, _ = load(path)
    pieces = documents[0].paragraphs
    assert len(pieces) > 1 and all(len(p) <= MAX_PARAGRAPH for p in pieces)
    assert all(p.endswith(".") for p in pieces)


def test_a_pdf_of_one_line_per_page_keeps_its_lines(tmp_path):
    """Each page's only line repeats (digits aside) at the same height on every page: it is
    the page's body, not a running header, so the PDF is not 'without a text layer'."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "ledger.pdf"
    pdf = canvas.Canvas(str(path))
    for number in range(500):
        pdf.drawString(72, 720, f"Entry {number} of the harbour ledger was checked.")
        pdf.showPage()
    pdf.save()
    (document,) = load_documents([path])
    text = " ".join(document.paragraphs)
    assert "Entry 0 of the harbour ledger" in text and "Entry 499 of the harbour ledger" in text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_text(tmp_path, encoding):
    path = tmp_path / "note.txt"
    path.write_bytes("The ferry to Port Vell left at dawn, the operator said.\n".encode(encoding))
    (document,) = load_documents([path])
    assert document.paragraphs == ["The ferry to Port Vell left at dawn, the operator said."]


def test_stray_nul_bytes_are_dropped_without_warnings(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"The council met on Tuesday.\x00\n\nIt voted to reopen the\x00 bridge.\n" + b"x" * 300)
    warnings: list[str] = []
    (document,) = load_documents([path], warn=warnings.append)
    assert warnings == [] and "\x00" not in document.text
    assert document.paragraphs[0] == "The council met on Tuesday."

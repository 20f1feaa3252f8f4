"""Write the PDF and DOCX files of this held-out set into a folder (they are made, not stored).

    python tests/data/heldout_meta/make_binary.py OUT_DIR

Each file is made the way such files reach an analyst: a PDF printed from a page (title and
author in its properties, the text as lines), a Word file with an article pasted in.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

PDFS = {
    "p23_properties.pdf": {
        "info": {"/Title": "Coastguard rescues crew of sinking fishing boat",
                 "/Author": "Leila Haddad", "/Publisher": "Times of Malta",
                 "/PublicationDate": "D:20250308120000Z"},
        "lines": ["Coastguard rescues crew of sinking fishing boat", "",
                  "The coastguard rescued all six crew members of a fishing boat that sank",
                  "in rough seas off the northern coast on Saturday, a spokesman said.", "",
                  "The men were taken to hospital suffering from hypothermia."],
    },
    "p24_url_line.pdf": {
        "info": {"/Title": "Refinery blaze sends smoke over port city"},
        "lines": ["Refinery blaze sends smoke over port city",
                  "url: https://www.aljazeera.com/news/2025/4/9/refinery-blaze-port-city", "",
                  "A fire at an oil refinery sent thick black smoke over a port city on",
                  "Wednesday, and residents were told to keep their windows closed.", "",
                  "Firefighters said the blaze was under control by the evening."],
    },
    "p25_headline_first.pdf": {
        "info": {"/Title": "Microsoft Word - draft3.docx", "/Creator": "Word"},
        "lines": ["Teachers' union calls national strike for next month",
                  "Date: 21 May 2025", "Source: The Hindu", "",
                  "The largest teachers' union called a national strike for next month after",
                  "talks on pay with the education ministry collapsed on Wednesday.", "",
                  "The ministry said it regretted the decision."],
    },
}

DOCXS = {
    "d26_properties.docx": {
        "core": {"title": "Bridge closed after barge strikes pillar", "author": "Sam Okafor"},
        "heading": None,
        "paras": ["Source: Bloomberg", "Published: 19 May 2025",
                  "A river bridge was closed to traffic on Monday after a barge struck one of "
                  "its pillars, engineers said.",
                  "Inspectors were assessing the damage."],
    },
    "d27_heading_url.docx": {
        "core": {},
        "heading": "Protesters clash with police outside parliament",
        "paras": ["url: https://www.theguardian.com/world/2025/may/20/protesters-clash-police-parliament",
                  "Protesters clashed with police outside parliament on Tuesday as lawmakers "
                  "debated a bill to raise fuel taxes.",
                  "Police said 17 people were arrested."],
    },
    "d28_dateline.docx": {
        "core": {"title": "Fuel shortages spread to northern cities"},
        "heading": None,
        "paras": ["LAGOS, May 21 (Reuters) - Fuel shortages spread to northern cities on "
                  "Wednesday, with long queues at filling stations, residents said.",
                  "The state oil company blamed distribution problems."],
    },
}


def make_pdf(spec: dict) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    for line in spec["lines"]:
        if line:
            pdf.setFont("Helvetica", 11)
            pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(buffer.getvalue())))
    writer.metadata = None
    writer.add_metadata(spec["info"])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(spec: dict) -> bytes:
    import docx

    document = docx.Document()
    for key, value in spec["core"].items():
        setattr(document.core_properties, key, value)
    if not spec["core"].get("title"):
        document.core_properties.title = ""
    if spec["heading"]:
        document.add_heading(spec["heading"], level=1)
    for text in spec["paras"]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in PDFS.items():
        (folder / name).write_bytes(make_pdf(spec))
        written.append(folder / name)
    for name, spec in DOCXS.items():
        (folder / name).write_bytes(make_docx(spec))
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1])):
        print(path)

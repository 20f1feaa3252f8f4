"""A seeded generator of corrupt and hostile articles, one class per way an input can go wrong.

`cases(seed, per_class)` gives the same bytes for the same seed, so a failure found by the long
run can be replayed by its case name. Valid PDF and DOCX bases are built once and then damaged.
`check_run` judges one run (exit code, standard error, output folder, outputs) the same way
for the CLI in a subprocess and for the library API.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EXTS = (".txt", ".md", ".html", ".pdf", ".docx")
EXIT_CODES = {0, 1, 3, 4}          # the documented outcomes of a build (2 is wrong usage)

# Template syntax in article text: rendered, each gives a string that never occurs literally.
INJECTIONS = [
    "{{ 6007*7 }}", "{{'zq'*3}}", "{% for i in range(3) %}kx{% endfor %}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}", "{{ config }}",
    "{# hidden #}", "{%- raw %}{{ 6007*7 }}{% endraw -%}", "${6007*7}", "#{6007*7}",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))", "[a](http://127.0.0.1:9/x)", "![i](file:///etc/passwd)",
    "<a href=\"javascript:alert(1)\">x</a>", "| a | b |\n|---|---|", "<!-- c -->", "\\{{ 6007*7 }}",
]
# What the injections above would print if a template evaluated them.
EVALUATED = ["42049", "zqzqzq", "kxkxkx", "uid=", "root:x:0:0"]

BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]

CASUALTY = ["people were killed", "civilians died", "were wounded", "killed", "dead",
            "people were displaced", "soldiers were injured"]

BASE_PARAGRAPHS = [
    "Interior Minister Clara Venn said on Tuesday that at least 14 people were killed in Dorvik.",
    "\u201cWe are doing everything we can,\u201d Venn told reporters in the capital.",
    "The regional governor, Tomas Erel, denied that the army had fired on the crowd.",
    "Aid groups said about 300 families were displaced and that the toll could rise.",
]


@dataclass
class Case:
    name: str            # "<class>-<n>", stable for a seed
    cls: str
    filename: str
    data: bytes
    known: str | None = None   # a limit still being set: a failure here is recorded, not fixed
    expect_brief: bool = False  # a readable article: it must give a brief (exit 0)
    warns: str | None = None    # a brief must come with a warning line naming this


# ---------------------------------------------------------------- valid bases, built once

@lru_cache(maxsize=None)
def base_pdf(lines: tuple[str, ...] = tuple(BASE_PARAGRAPHS), per_page: int = 40) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for start in range(0, len(lines), per_page):
        y = 800
        for line in lines[start:start + per_page]:
            pdf.drawString(40, y, line[:110])
            y -= 18
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def docx_bytes(paragraphs: list[str], title: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=None)
def base_docx() -> bytes:
    return docx_bytes(BASE_PARAGRAPHS, title="Dorvik clashes")


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def make_zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return buf.getvalue()


def document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>").encode("utf-8")


def wpara(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def with_document(xml: bytes) -> bytes:
    parts = zip_parts(base_docx())
    parts["word/document.xml"] = xml
    return make_zip(parts)


# ---------------------------------------------------------------- helpers

def article(paragraphs: list[str], ext: str, title: str = "Dorvik clashes") -> bytes:
    """The same paragraphs in the file format of `ext` (UTF-8 where it is text)."""
    if ext == ".txt":
        return (f"Title: {title}\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")
    if ext == ".md":
        return (f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")
    if ext == ".html":
        from html import escape

        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        return (f"<html><head><title>{escape(title)}</title></head><body><article>"
                f"<h1>{escape(title)}</h1>{body}</article></body></html>").encode("utf-8")
    if ext == ".pdf":
        return base_pdf(tuple(paragraphs))
    return docx_bytes(paragraphs, title)


def flip_bits(rng: random.Random, data: bytes, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _text_ext(rng: random.Random) -> str:
    return rng.choice((".txt", ".md", ".html", ".docx", ".pdf"))


# ---------------------------------------------------------------- the classes

def gen_random_bytes(rng: random.Random, n: int):
    ext = EXTS[n % len(EXTS)]
    size = rng.choice((0, 1, 7, 100, 4096, 60_000))
    data = rng.randbytes(size)
    if n % 3 == 1:      # a right-looking start followed by noise
        data = {".pdf": b"%PDF-1.7\n", ".docx": b"PK\x03\x04", ".html": b"<html><body>"}.get(
            ext, b"Title: x\n\n") + data
    return ext, data, None


def gen_damaged_pdf(rng: random.Random, n: int):
    base = base_pdf()
    how = n % 6
    if how == 0:
        data = base[: rng.randrange(1, len(base))]                   # truncated
    elif how == 1:
        data = flip_bits(rng, base, rng.choice((1, 5, 50)))          # bit flips
    elif how == 2:
        data = base.replace(b"xref", b"xruf", 1)                     # broken cross-reference
    elif how == 3:
        data = base.replace(b"%PDF-", b"%PFD-", 1)                   # damaged header
        return ".pdf", data, "PDF header fixes"
    elif how == 4:
        data = re.sub(rb"stream\r?\n.*?endstream", b"stream\nGARBAGE\nendstream", base,
                      count=1, flags=re.S)                          # damaged content stream
    else:
        data = rng.randbytes(rng.randrange(0, 200)) + base            # junk before the header
        return ".pdf", data, "PDF header fixes"
    return ".pdf", data, None


def gen_damaged_docx(rng: random.Random, n: int):
    base = base_docx()
    parts = zip_parts(base)
    how = n % 7
    if how == 0:
        return ".docx", base[: rng.randrange(1, len(base))], None                # truncated
    if how == 1:
        return ".docx", flip_bits(rng, base, rng.choice((1, 4, 40))), None       # bit flips
    if how == 2:
        parts.pop("word/document.xml")                                           # no body
        return ".docx", make_zip(parts), None
    if how == 3:
        parts.pop("[Content_Types].xml")
        return ".docx", make_zip(parts), None
    if how == 4:      # a damaged optional part: the body is still read (damaged_part has more)
        victim = rng.choice([p for p in ("word/styles.xml", "word/settings.xml", "docProps/core.xml")
                             if p in parts])
        parts[victim] = parts[victim][: len(parts[victim]) // 2]
        return ".docx", make_zip(parts), None, {"expect_brief": True, "warns": victim}
    if how == 5:
        parts["word/document.xml"] = parts["word/document.xml"][:-40]            # cut XML
        return ".docx", make_zip(parts), None
    parts["word/document.xml"] = flip_bits(rng, parts["word/document.xml"], 8)
    return ".docx", make_zip(parts), None


# parts python-docx parses when it opens a package: damage to one costs the package, so the
# reader must read the body without it and say so; damage elsewhere may pass unnoticed
PARSED_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                "word/styles.xml", "word/settings.xml", "word/numbering.xml", "docProps/core.xml",
                "word/header1.xml", "word/footer1.xml")


def gen_damaged_part(rng: random.Random, n: int):
    """A real DOCX (heading, table, header, footer) with one part other than the body damaged:
    cut short, binary garbage, emptied, missing while still listed, another part's XML in its
    place, bit flips, or a bad checksum in the zip. The body must still give a brief."""
    import docx

    document = docx.Document()
    title = rng.choice(("Dorvik clashes", "", "Flood “warning” in Dorvik"))
    document.core_properties.title = title
    if rng.random() < 0.7:
        document.add_heading("Clashes in Dorvik leave 14 dead", level=rng.choice((0, 1)))
    for text in rng.sample(BASE_PARAGRAPHS, rng.randrange(2, len(BASE_PARAGRAPHS) + 1)):
        document.add_paragraph(text)
    if rng.random() < 0.5:
        table = document.add_table(rows=2, cols=2)
        for i, cells in enumerate((("Killed", "14"), ("Injured", "40"))):
            for j, text in enumerate(cells):
                table.cell(i, j).text = text
    section = document.sections[0]
    section.header.paragraphs[0].text = "Dorvik Courier"
    section.footer.paragraphs[0].text = "Page 1"
    buffer = io.BytesIO()
    document.save(buffer)
    parts = zip_parts(buffer.getvalue())
    victim = rng.choice(sorted(p for p in parts if p != "word/document.xml"))
    how = n % 7
    body = parts[victim]
    if how == 0:
        parts[victim] = body[: rng.randrange(0, max(1, len(body) - 20))]
    elif how == 1:
        parts[victim] = rng.randbytes(rng.randrange(1, 3000))
    elif how == 2:
        parts[victim] = b""
    elif how == 3:
        del parts[victim]
    elif how == 4:
        parts[victim] = parts[rng.choice(("word/webSettings.xml", "word/fontTable.xml",
                                          "docProps/app.xml"))]
    elif how == 5:
        parts[victim] = flip_bits(rng, body, rng.choice((1, 3, 20)))
    if how == 6:      # stored, not compressed, so a flipped byte stays in place: a bad CRC
        data = bytearray(make_zip(parts, zipfile.ZIP_STORED))
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            info = z.getinfo(victim)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start + rng.randrange(max(1, info.file_size))] ^= 1 << rng.randrange(8)
        data = bytes(data)
    else:
        data = make_zip(parts)
    # A warning is owed when python-docx would have refused the package: a parsed part
    # unreadable, or any part it opens missing or failing its checksum (a part's relationships
    # file may be missing unnoticed: without it, the part simply has no relationships).
    owed = (how in (0, 1, 2) and victim in PARSED_PARTS or how == 6
            or how == 3 and (victim == "_rels/.rels" or not victim.endswith(".rels")))
    warns = victim if owed else None
    return ".docx", data, None, {"expect_brief": True, "warns": warns}


def gen_encodings(rng: random.Random, n: int):
    text = ("Title: Dorvik\n\nLe ministre Clément Dûval a déclaré : « Nous avons perdu 12 "
            "hommes », mardi. The café’s owner said 3 people were killed — “a tragedy”.\n")
    how = n % 8
    ext = rng.choice((".txt", ".md", ".html"))
    if how == 0:
        return ext, text.replace("’", "'").replace("“", '"').replace("”", '"').replace(
            "—", "-").encode("latin-1"), None
    if how == 1:
        return ext, text.encode("cp1252"), None
    if how == 2:
        return ext, text.encode("utf-16"), None                     # with BOM
    if how == 3:
        return ext, text.encode(rng.choice(("utf-16-le", "utf-16-be"))), None  # no BOM
    if how == 4:   # mixed: UTF-8 paragraphs and cp1252 ones
        return ext, text.encode("utf-8") + "Ein Bürger sagte: „Genug“.\n".encode("cp1252"), None
    if how == 5:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randrange(1, 6)):
            data.insert(rng.randrange(len(data)), 0)
        return ext, bytes(data), None
    if how == 6:
        return ext, b"\xef\xbb\xbf" + text.encode("utf-8"), None      # UTF-8 BOM
    return ext, text.encode("utf-32"), None


def gen_bidi(rng: random.Random, n: int):
    ctl = lambda: "".join(rng.choice(BIDI) for _ in range(rng.randrange(1, 6)))  # noqa: E731
    paragraphs = [
        f"{ctl()}\u201cWe will not leave,\u201d{ctl()} said Amal Haddad{ctl()}, the mayor of Dorvik.",
        f"\u202e\u2066\u201cالسلام عليكم\u201d\u2069\u202c said Omar Nasser, adding that "
        f"{rng.randrange(2, 90)} people were killed.",
        f"{ctl()}Police said {ctl()}{rng.randrange(2, 90)}{ctl()} civilians died.{ctl()}",
        "\u2067" * rng.randrange(1, 200) + "unbalanced isolates" + "\u202b" * rng.randrange(1, 50),
    ]
    ext = _text_ext(rng)
    return ext, article(paragraphs, ext), None


def gen_injection(rng: random.Random, n: int):
    picks = rng.sample(INJECTIONS, 5)
    paragraphs = [
        f"{picks[0]} Interior Minister {picks[1]} Clara Venn said 14 people were killed.",
        f"\u201c{picks[2]} is what they want,\u201d Venn said. {picks[3]}",
        f"Spokesman John {picks[4]} Marsh told reporters the toll was {rng.randrange(3, 99)} dead.",
        "See [the report](javascript:alert(document.cookie)) and <script>fetch('http://x')</script>.",
    ]
    ext = EXTS[n % len(EXTS)]
    if ext == ".html":   # raw markup, not escaped: the reader has to make text of it
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        data = (f"<html><head><title>{picks[0]}</title><script>alert(1)</script></head><body>"
                f"<a href='javascript:alert(1)'>{{{{ 6007*7 }}}}</a>{body}</body></html>").encode()
        return ext, data, None
    return ext, article(paragraphs, ext, title=f"Report {picks[0]}"), None


def gen_huge_numbers(rng: random.Random, n: int):
    forms = [
        lambda: "9" * rng.randrange(20, 700),
        lambda: "3," + ",".join(["000"] * rng.randrange(5, 40)),
        lambda: f"{rng.randrange(1, 9)}e{rng.randrange(20, 400)}",
        lambda: f"{rng.randrange(1, 999)} billion trillion",
        lambda: "1" + "0" * rng.randrange(300, 400) + ".5",
        lambda: f"{rng.randrange(2, 9)} million million million",
        lambda: "-" + "9" * rng.randrange(20, 40),
        lambda: "0." + "0" * rng.randrange(10, 400) + "1",
    ]
    paragraphs = [f"At least {forms[(n + i) % len(forms)]()} {rng.choice(CASUALTY)} in Dorvik, "
                  f"officials said." for i in range(3)] + BASE_PARAGRAPHS[:2]
    return EXTS[n % len(EXTS)], article(paragraphs, EXTS[n % len(EXTS)]), None


def gen_long_tokens(rng: random.Random, n: int):
    token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_/.")
                    for _ in range(rng.choice((500, 3000, 12000))))
    paragraphs = [
        f"Minister Clara {token[:rng.randrange(100, len(token))]} said 14 people were killed.",
        f"\u201c{token}\u201d Venn said.",
        f"https://example.org/{token}",
        BASE_PARAGRAPHS[0],
    ]
    return EXTS[n % len(EXTS)], article(paragraphs, EXTS[n % len(EXTS)]), None


def gen_quote_marks(rng: random.Random, n: int):
    marks = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a"
    count = rng.choice((50, 500, 4000))
    noise = "".join(rng.choice(marks) + (" " if rng.random() < 0.3 else "") for _ in range(count))
    paragraphs = [
        f"\u201cWe will stay, Venn said. {noise[:count // 2]}",                   # unclosed
        f"He said \u201c{noise} \u201d and left.",
        "\u201c" * 200 + " said Clara Venn.",
        BASE_PARAGRAPHS[1],
    ]
    ext = EXTS[n % len(EXTS)]
    return ext, article(paragraphs, ext), "linear quote scanning" if count >= 4000 else None


def gen_zip_bomb(rng: random.Random, n: int):
    """Small bombs: a few MB unpacked from a few KB (a big one is the limit's own test)."""
    parts = zip_parts(base_docx())
    how = n % 4
    if how == 0:      # one paragraph of blanks, highly compressible
        parts["word/document.xml"] = document_xml(wpara(" " * rng.choice((2, 8)) * 1_000_000))
    elif how == 1:    # a huge unused part
        parts["word/media/image1.png"] = b"\0" * (rng.choice((4, 16)) * 1_000_000)
    elif how == 2:    # deep nesting of runs
        depth = rng.choice((2_000, 20_000))
        parts["word/document.xml"] = document_xml(
            "<w:p>" + "<w:r>" * depth + "<w:t>x</w:t>" + "</w:r>" * depth + "</w:p>")
    else:             # a zip inside the zip
        inner = make_zip({"a.txt": b"0" * 4_000_000})
        parts["word/embeddings/inner.zip"] = inner
    return ".docx", make_zip(parts), "DOCX decompressed size"


_ENTITIES = [
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/evil.dtd">]>',
    '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY xxe "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
]


def gen_xxe(rng: random.Random, n: int):
    doctype = _ENTITIES[n % len(_ENTITIES)]
    if n % 2 == 0:   # in the DOCX body
        body = wpara("Venn said 14 people were killed.") + wpara("Leak: &xxe; end")
        if "%p;" in doctype:
            body = wpara("Venn said 14 people were killed.")
        return ".docx", with_document(document_xml(body, doctype)), None
    # in HTML (and an XInclude and external stylesheet for good measure)
    html = (f'<?xml version="1.0"?>{doctype.replace("w:document", "html")}'
            '<html xmlns:xi="http://www.w3.org/2001/XInclude"><head><title>Dorvik</title>'
            '<link rel="stylesheet" href="http://127.0.0.1:9/s.css"/></head><body><article>'
            '<p>Venn said 14 people were killed in Dorvik on Tuesday, officials said.</p>'
            '<p>Leak: &xxe; end</p><xi:include href="file:///etc/passwd" parse="text"/>'
            '<img src="http://127.0.0.1:9/i.png"/></article></body></html>')
    return ".html", html.encode("utf-8"), None


def gen_many_paragraphs(rng: random.Random, n: int):
    # thousands of paragraphs take a minute each until the paragraph limit lands: keep it modest
    count = rng.choice((1500, 3000)) if n % 40 == 39 else rng.choice((100, 250, 600))
    paragraphs = [f"Paragraph {i}: officials in Dorvik said {rng.randrange(1, 50)} people were "
                  f"wounded." if i % 7 == 0 else rng.choice(BASE_PARAGRAPHS) for i in range(count)]
    ext = rng.choice((".txt", ".md", ".html", ".docx"))
    return ext, article(paragraphs, ext), "paragraph limit"


def gen_structure(rng: random.Random, n: int):
    """Odd but valid shapes: empty files, headers only, one line per PDF page, markup soup."""
    how = n % 6
    if how == 0:
        return rng.choice(EXTS[:3]), rng.choice((b"", b"\n\n\n", b"   ", b"Title: x\n")), None
    if how == 1:
        lines = tuple(f"Line {i}: {rng.choice(BASE_PARAGRAPHS)}" for i in range(rng.choice((60, 300))))
        return ".pdf", base_pdf(lines, per_page=1), None     # each page a single line
    if how == 2:
        return ".html", (b"<div>" * 5000 + b"At least 5 people were killed." + b"</div>" * 10), None
    if how == 3:
        return ".md", ("|" + "a|" * 300 + "\n" + "|" + "-|" * 300 + "\n" +
                       ("|" + "14 killed|" * 300 + "\n") * 50).encode(), None
    if how == 4:
        return ".html", b"<html><body><table>" + b"<tr><td>9 killed</td></tr>" * 3000 + b"</body>", None
    return ".md", ("> " * 400 + "- " * 200 + "At least 3 people were killed.\n").encode(), None


GENERATORS = {
    "random_bytes": gen_random_bytes,
    "damaged_pdf": gen_damaged_pdf,
    "damaged_docx": gen_damaged_docx,
    "damaged_part": gen_damaged_part,
    "encodings": gen_encodings,
    "bidi": gen_bidi,
    "injection": gen_injection,
    "huge_numbers": gen_huge_numbers,
    "long_tokens": gen_long_tokens,
    "quote_marks": gen_quote_marks,
    "zip_bomb": gen_zip_bomb,
    "xxe": gen_xxe,
    "many_paragraphs": gen_many_paragraphs,
    "structure": gen_structure,
}


# classes whose plain-text inputs are whole articles in some encoding: refusing one is a failure
READABLE = {"encodings"}


def cases(seed: int, per_class: int, classes: list[str] | None = None) -> list[Case]:
    out = []
    for cls in classes or list(GENERATORS):
        rng = random.Random(f"{seed}-{cls}")
        for n in range(per_class):
            ext, data, known, *extra = GENERATORS[cls](rng, n)
            readable = cls in READABLE and ext in (".txt", ".md")
            case = Case(f"{cls}-{n}", cls, f"{cls}_{n}{ext}", data, known, readable)
            for key, value in (extra[0] if extra else {}).items():
                setattr(case, key, value)
            out.append(case)
    return out


# ---------------------------------------------------------------- judging a run

def output_text(path: Path) -> str:
    """The visible text of an output, for looking for evaluated markers and leaked files."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        parts = zip_parts(data)
        return "\n".join(b.decode("utf-8", "replace") for n, b in parts.items() if n.endswith(".xml"))
    if path.suffix == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", "replace")


def check_run(case: Case, code: int, stderr: str, out_dir: Path, expected: list[str],
              input_path: Path) -> list[str]:
    """Every way this run broke the standard; an empty list is a pass."""
    problems = []
    if case.expect_brief and code != 0:
        problems.append(f"a readable article gave exit {code}, not a brief")
    if case.warns and code == 0 and not any(
            "warning" in line and case.filename in line and case.warns in line
            for line in stderr.splitlines()):
        problems.append(f"no warning naming {case.filename} and {case.warns}")
    if code not in EXIT_CODES:
        problems.append(f"exit code {code} is not a documented one")
    if "Traceback" in stderr:
        problems.append("traceback on standard error")
    if "internal error" in stderr:
        problems.append("internal error: " + stderr.strip().splitlines()[-1][:300])
    for line in stderr.splitlines():
        if line.startswith("briefgen: error:") and case.filename not in line \
                and str(input_path.parent) not in line and "internal error" not in line:
            problems.append(f"error line does not name the file: {line[:200]}")
    names = sorted(p.name for p in out_dir.iterdir())
    stray = [n for n in names if n not in expected]
    if stray:
        problems.append(f"stray files in the output folder: {stray}")
    present = [n for n in expected if n in names]
    if code == 0 and len(present) != len(expected):
        problems.append(f"exit 0 but outputs missing: {sorted(set(expected) - set(present))}")
    if code != 0 and present:
        problems.append(f"exit {code} but outputs written: {present}")
    for name in present:
        text = output_text(out_dir / name)
        for marker in EVALUATED:
            if marker in text and marker.encode() not in case.data:
                problems.append(f"{name} shows {marker!r}: something from the article was evaluated")
    return problems

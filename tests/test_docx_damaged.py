"""A DOCX with a damaged or missing optional part still gives its body; a damaged body does not.

Real packages are made with python-docx, then one part inside the zip is cut short, replaced
with binary garbage, or removed while [Content_Types].xml and the relationships still name it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.errors import InputError
from briefgen.ingest import load_documents

TITLE = "Bridge collapse closes the northern road"
BODY = [
    "Engineers from the county council inspected the remains on Thursday morning.",
    "Residents said the river had risen for three days before the collapse.",
]


def _package(heading: bool = True, core_title: str | None = TITLE) -> dict[str, bytes]:
    document = docx.Document()
    document.core_properties.title = core_title or ""
    if heading:
        document.add_heading("Northern road closed after bridge falls", level=1)
    for text in BODY:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Injured"
    table.cell(0, 1).text = "4"
    document.sections[0].header.paragraphs[0].text = "County Gazette"   # adds a header part
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        return {name: package.read(name) for name in package.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts.items():
            package.writestr(name, body)
    return buffer.getvalue()


def _damage(parts: dict[str, bytes], name: str, how: str) -> dict[str, bytes]:
    parts = dict(parts)
    if how == "truncated":
        parts[name] = parts[name][: len(parts[name]) // 2]
    elif how == "garbage":
        parts[name] = bytes(range(256)) * 4
    else:
        assert name.encode() in parts["[Content_Types].xml"] + b"".join(
            body for n, body in parts.items() if n.endswith(".rels")), name
        del parts[name]
    return parts


def _load(path: Path):
    warnings: list[str] = []
    docs = load_documents([path], warn=warnings.append)
    return docs, warnings


OPTIONAL = ["word/styles.xml", "word/settings.xml", "docProps/core.xml", "word/numbering.xml",
            "word/theme/theme1.xml", "word/fontTable.xml", "word/webSettings.xml",
            "word/header1.xml", "docProps/app.xml"]


def test_the_package_has_every_part_damaged_below():
    assert set(OPTIONAL) <= set(_package())


@pytest.mark.parametrize("how", ["truncated", "garbage", "missing"])
@pytest.mark.parametrize("part", OPTIONAL)
def test_a_damaged_optional_part_keeps_the_body(tmp_path, part, how):
    path = tmp_path / "bridge.docx"
    path.write_bytes(_zip(_damage(_package(), part, how)))
    docs, warnings = _load(path)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.paragraphs == ["Northern road closed after bridge falls", *BODY, "Injured | 4"]
    if part == "docProps/core.xml":
        # the file's properties are lost; the leading heading still names the article
        assert doc.title == "Northern road closed after bridge falls"
    else:
        assert doc.title == TITLE
    # python-docx does not parse every part: a damaged theme is no loss and needs no word
    if warnings:
        assert len(warnings) == 1
        line = warnings[0]
        assert line.startswith(f"{path}: ")
        assert part in line and "the body was read" in line
        assert "\n" not in line
    else:
        assert how != "missing" and part not in ("word/styles.xml", "word/settings.xml",
                                                 "docProps/core.xml", "word/numbering.xml",
                                                 "word/header1.xml")


@pytest.mark.parametrize("how", ["truncated", "garbage", "missing"])
def test_a_damaged_style_part_still_finds_the_leading_heading(tmp_path, how):
    """Without the file's styles, Word's built-in style ids still name a Heading 1."""
    path = tmp_path / "untitled.docx"
    parts = _damage(_package(core_title=None), "word/styles.xml", how)
    path.write_bytes(_zip(parts))
    docs, warnings = _load(path)
    assert docs[0].title == "Northern road closed after bridge falls"
    assert "word/styles.xml" in warnings[0]


def test_several_damaged_parts_are_named_in_one_line(tmp_path):
    path = tmp_path / "bridge.docx"
    parts = _package()
    for name in ("word/styles.xml", "word/settings.xml", "docProps/core.xml", "word/numbering.xml"):
        parts = _damage(parts, name, "garbage")
    path.write_bytes(_zip(parts))
    docs, warnings = _load(path)
    assert docs[0].paragraphs[1:3] == BODY
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "docProps/core.xml" in warnings[0] and "and 1 more" in warnings[0]


@pytest.mark.parametrize("part", ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"])
@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_damaged_package_indexes_keep_the_body(tmp_path, part, how):
    path = tmp_path / "bridge.docx"
    path.write_bytes(_zip(_damage(_package(), part, how)))
    docs, warnings = _load(path)
    assert docs[0].paragraphs[1:3] == BODY
    assert part in warnings[0]


@pytest.mark.parametrize("how", ["truncated", "garbage", "missing"])
def test_a_damaged_body_is_a_one_line_error(tmp_path, how):
    path = tmp_path / "bridge.docx"
    parts = _package()
    if how == "missing":
        del parts["word/document.xml"]
    else:
        parts = _damage(parts, "word/document.xml", how)
    path.write_bytes(_zip(parts))
    with pytest.raises(InputError) as info:
        load_documents([path], strict=True)
    assert info.value.path == str(path)
    assert "not a valid DOCX file (word/document.xml:" in info.value.reason
    assert "\n" not in str(info.value)


def test_a_body_with_a_bad_crc_is_an_error_but_a_bad_crc_elsewhere_is_not(tmp_path):
    """A flipped byte inside a part's compressed data is found by the zip's checksum."""
    def flipped(name: str) -> bytes:
        parts = _package()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
            for n, body in parts.items():
                package.writestr(n, body)
        data = bytearray(buffer.getvalue())
        at = data.index(parts[name][200:240])   # stored uncompressed: the bytes are in place
        data[at + 5] ^= 0x20
        return bytes(data)

    path = tmp_path / "bridge.docx"
    path.write_bytes(flipped("word/styles.xml"))
    docs, warnings = _load(path)
    assert docs[0].paragraphs[1:3] == BODY
    assert "word/styles.xml (corrupt in the zip" in warnings[0]
    path.write_bytes(flipped("word/document.xml"))
    with pytest.raises(InputError, match="word/document.xml: corrupt in the zip"):
        load_documents([path], strict=True)


def test_cli_builds_from_a_damaged_docx_and_exits_3_on_a_damaged_body(tmp_path):
    good = tmp_path / "bridge.docx"
    good.write_bytes(_zip(_damage(_package(), "word/styles.xml", "truncated")))
    out = tmp_path / "brief.json"
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(out), "--now",
                                       "2026-11-23T09:00:00Z"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{good}: part word/styles.xml (not well-formed XML) could not be read" in result.output
    assert out.exists()

    bad = tmp_path / "broken.docx"
    bad.write_bytes(_zip(_damage(_package(), "word/document.xml", "truncated")))
    out2 = tmp_path / "brief2.json"
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(out2), "--now",
                                       "2026-11-23T09:00:00Z"], catch_exceptions=False)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert f"{bad}: not a valid DOCX file (word/document.xml: not well-formed XML)" in result.output
    assert not out2.exists()


@pytest.mark.parametrize("part", ["word/styles.xml", "docProps/core.xml", "[Content_Types].xml",
                                  "word/_rels/document.xml.rels"])
def test_a_well_formed_part_of_the_wrong_kind_is_left_out(tmp_path, part):
    """Another part's XML in its place (a tool that mixed up its parts) is damage too."""
    path = tmp_path / "bridge.docx"
    parts = _package()
    parts[part] = parts["word/webSettings.xml"]
    path.write_bytes(_zip(parts))
    docs, warnings = _load(path)
    assert docs[0].paragraphs[1:3] == BODY
    assert f"{part} (not a " in warnings[0]


def test_a_body_of_the_wrong_kind_is_an_error(tmp_path):
    path = tmp_path / "sheet.docx"
    parts = _package()
    parts["word/document.xml"] = b'<?xml version="1.0"?><workbook/>'
    path.write_bytes(_zip(parts))
    with pytest.raises(InputError, match=r"word/document.xml: not a document part"):
        load_documents([path], strict=True)


def test_a_package_python_docx_refuses_for_another_reason_gives_its_body_and_says_why(tmp_path):
    """A macro-enabled body type (a .docm saved under .docx): nothing is damaged, the body is
    read on its own and the warning gives python-docx's reason; no macro is ever run."""
    path = tmp_path / "macro.docx"
    parts = _package()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert b"macroEnabled" in parts["[Content_Types].xml"]
    path.write_bytes(_zip(parts))
    docs, warnings = _load(path)
    assert docs[0].paragraphs[1:3] == BODY
    assert docs[0].title == TITLE
    assert "could not be read whole (ValueError: file is not a Word file" in warnings[0]
    assert " at 0x" not in warnings[0]

"""style.toml is checked once, for every format alike: one line naming the file, key and reason."""

from __future__ import annotations

import warnings

import pytest
from PIL import Image as PILImage
from test_templating import make_template

from briefgen.errors import TemplateError
from briefgen.render import render_brief
from briefgen.render.style import MAX_IMAGE_PIXELS, check_image, load_style

WRITERS = ("html", "pdf", "docx")


def style_error(tmp_path, text: str) -> str:
    folder = make_template(tmp_path / "t", "# {{ title }}\n", style=text)
    with pytest.raises(TemplateError) as caught:
        load_style(folder / "style.toml")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(folder / "style.toml") + ": ")
    return message


@pytest.mark.parametrize("text, key, reason", [
    ("margins_mm = 1e9", "margins_mm", "out of range"),
    ("margins_mm = [20, 20, 20]", "margins_mm", "one number or four"),
    ("margins_mm = [10, 100, 10, 100]", "margins_mm", "less than 40 mm"),
    ("margins_mm = nan", "margins_mm", "must be a number"),
    ('margins_mm = "wide"', "margins_mm", "must be a number"),
    ('sections = "quotes"', "sections", "list of strings"),
    ("sections = [1, 2]", "sections", "list of strings"),
    ('page_size = "B7"', "page_size", "A4, Letter, Legal, A5"),
    ("page_size = 4", "page_size", "must be a string"),
    ("font_size = 1e6", "font_size", "out of range"),
    ("font_size = true", "font_size", "must be a number"),
    ('heading_color = "navy"', "heading_color", "not a colour"),
    ('charts = "yes"', "charts", "true or false"),
    ("max_pages = 0", "max_pages", "out of range"),
    ("max_pages = 1.5", "max_pages", "whole number"),
    ('limits = "many"', "limits", "table"),
    ('[limits]\nquotes = "3"', "limits.quotes", "whole number"),
    ("[limits]\nquotes = -1", "limits.quotes", "out of range"),
    ('logo = "missing.png"', "logo", "file not found"),
    ('logo = "../outside.png"', "logo", "outside the template folder"),
    ('reference_docx = "none.docx"', "reference_docx", "file not found"),
])
def test_bad_setting_names_file_key_and_reason(tmp_path, text, key, reason):
    message = style_error(tmp_path, text)
    assert f": {key}" in message or f"{key} " in message
    assert reason in message


def test_valid_settings_are_normalised(tmp_path):
    folder = make_template(tmp_path / "t", "# T\n", style='page_size = "letter"\nmargins_mm = 12\n'
                                                          'heading_color = "1f3864"\n')
    style = load_style(folder / "style.toml")
    assert style.page_size == "Letter"
    assert style.margins_mm == (12.0, 12.0, 12.0, 12.0)
    assert style.heading_color == "#1F3864"


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_writer_refuses_the_same_page_size(tmp_path, sample_brief, fmt):
    folder = make_template(tmp_path / "t", "# {{ title }}\n", style='page_size = "B7"\n')
    with pytest.raises(TemplateError, match=r"style.toml: page_size = 'B7'"):
        render_brief(sample_brief, fmt, template=str(folder))


@pytest.mark.parametrize("fmt", WRITERS)
def test_huge_margins_are_refused_before_any_writer(tmp_path, sample_brief, fmt):
    folder = make_template(tmp_path / "t", "# {{ title }}\n", style="margins_mm = 1e9\n")
    with pytest.raises(TemplateError, match="margins_mm"):
        render_brief(sample_brief, fmt, template=str(folder))


def test_sections_as_a_list_still_select(tmp_path, sample_brief):
    folder = make_template(tmp_path / "t", '{% extends "default:analyst/brief.md.j2" %}\n',
                           style='sections = ["quotes"]\n')
    text = render_brief(sample_brief, "md", template=str(folder)).decode()
    assert "## Quotes" in text and "## Actors" not in text


# --- images -----------------------------------------------------------------------------------

def test_a_text_file_named_png_is_not_an_image(tmp_path):
    fake = tmp_path / "t" / "logo.png"
    fake.parent.mkdir()
    fake.write_text("not a picture", encoding="utf-8")
    message = style_error(tmp_path, 'logo = "logo.png"')
    assert "logo" in message and "not a readable PNG, JPEG or GIF" in message
    assert fake.read_text(encoding="utf-8") == "not a picture"


def test_an_image_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "logo.png"
    PILImage.new("RGB", (20, 20)).save(path, format="BMP")
    with pytest.raises(TemplateError, match="a BMP image; use PNG, JPEG or GIF"):
        check_image(path)


def test_a_huge_logo_is_refused_without_a_raw_warning(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    # 100 megapixels, past Pillow's own bomb warning; one bit per pixel keeps the test small
    PILImage.new("1", (10_000, 10_000)).save(folder / "logo.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = style_error(tmp_path, 'logo = "logo.png"')
    assert f"{MAX_IMAGE_PIXELS:,}" in message


def test_real_png_and_jpeg_logos_pass(tmp_path):
    for name, fmt in (("logo.png", "PNG"), ("photo.jpg", "JPEG"), ("named-wrong.gif", "PNG")):
        PILImage.new("RGB", (40, 20), "#1F3864").save(tmp_path / name, format=fmt)
        assert check_image(tmp_path / name) == f"image/{fmt.lower()}"


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_fake_picture_in_a_template_is_left_out_in_every_format(tmp_path, sample_brief, fmt):
    folder = make_template(tmp_path / "t", "# {{ title }}\n\n![map](map.png)\n\nText.\n")
    (folder / "map.png").write_text("<svg onload=alert(1)>", encoding="utf-8")
    warned: list[str] = []
    data = render_brief(sample_brief, fmt, template=str(folder), warn=warned.append)
    assert data
    assert any("map.png left out" in w and "not a readable" in w for w in warned)
    if fmt == "html":
        assert b"data:image/png" not in data and b"alert" not in data

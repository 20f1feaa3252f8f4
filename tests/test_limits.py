"""Size limits: each file read only so far, with a warning naming the file and the limit."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.config import load_config
from briefgen.errors import ConfigError
from briefgen.ingest import load_documents
from briefgen.limits import DEFAULT, Limits, parse_pairs, parse_value
from briefgen.store import content_key


def load(path, **limits):
    warnings: list[str] = []
    documents = load_documents([path], warn=warnings.append, limits=Limits(**limits))
    return documents, warnings


def test_values_are_whole_numbers_with_optional_units():
    assert parse_value("5000", "x") == 5000
    assert parse_value("5,000", "x") == parse_value("5_000", "x") == 5000
    assert parse_value("25MB", "x") == 25_000_000 and parse_value("1GiB", "x") == 2**30
    for bad in ("0", "-3", "lots", "2.5MB", True):
        with pytest.raises(ValueError):
            parse_value(bad, "x")
    assert parse_pairs(["paragraphs=20000", "file-bytes=50MB"]) == Limits(paragraphs=20000,
                                                                          file_bytes=50_000_000)
    with pytest.raises(ValueError, match="unknown limit 'pages'"):
        parse_pairs(["pages=3"])


def test_defaults_are_the_documented_ones():
    assert DEFAULT == Limits(file_bytes=25_000_000, decompressed_bytes=100_000_000, paragraphs=5_000,
                             paragraph_chars=5_000, document_chars=1_000_000)


def test_twenty_thousand_paragraphs_are_cut_to_the_cap(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Line {i} of the ferry timetable was read aloud." for i in range(20_000)),
                    encoding="utf-8")
    (document,), warnings = load(path)
    assert len(document.paragraphs) == 5_000
    assert document.paragraphs[-1].startswith("Line 4999 ")
    assert document.truncated == ["paragraphs=5000"]
    assert len(warnings) == 1 and str(path) in warnings[0] and "paragraphs=5000" in warnings[0]


def test_bytes_past_the_limit_are_not_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("".join(f"Paragraph {i} about the harbour.\n\n" for i in range(10_000)), encoding="utf-8")
    (document,), warnings = load(path, file_bytes=10_000)
    assert sum(len(p) + 1 for p in document.paragraphs) <= 10_000
    assert document.paragraphs[-1].endswith("harbour.")          # cut at a line end
    assert document.truncated == ["file_bytes=10000"] and "file_bytes=10000" in warnings[0]


def test_document_characters_are_capped(tmp_path):
    path = tmp_path / "chars.txt"
    path.write_text("\n\n".join("word " * 200 for _ in range(100)), encoding="utf-8")
    (document,), warnings = load(path, document_chars=5_000)
    assert sum(map(len, document.paragraphs)) <= 5_000
    assert document.truncated == ["document_chars=5000"] and len(warnings) == 1


def test_a_long_paragraph_is_split_with_one_warning(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(" ".join(f"Sentence {i} ends here." for i in range(400)), encoding="utf-8")
    (document,), warnings = load(path, paragraph_chars=1_000)
    assert len(document.paragraphs) > 1 and all(len(p) <= 1_000 for p in document.paragraphs)
    assert document.truncated == ["paragraph_chars=1000"] and len(warnings) == 1


def _docx_bomb(path: Path) -> None:
    """A package of a few KB on disk per member-MB ratio: its parts inflate to 1 GiB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)


def test_a_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    _docx_bomb(path)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    documents, warnings = load(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert documents == []
    assert len(warnings) == 1 and str(path) in warnings[0] and "decompressed_bytes" in warnings[0]
    assert peak < 50_000_000


def test_a_docx_directory_that_understates_sizes_still_cannot_inflate_past_them(tmp_path):
    from briefgen.ingest.docx import check_unzipped_size

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * 5_000_000)
    data = buffer.getvalue()
    check_unzipped_size(data, Limits(decompressed_bytes=6_000_000))   # declared 5 MB: allowed
    with pytest.raises(Exception):
        check_unzipped_size(data, Limits(decompressed_bytes=1_000_000))


def test_a_big_pdf_or_docx_is_skipped_not_cut(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 20_000)
    documents, warnings = load(path, file_bytes=10_000)
    assert documents == [] and "file_bytes=10000" in warnings[0]


def test_truncation_is_part_of_the_cache_key(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Line {i} of the report." for i in range(50)), encoding="utf-8")
    (whole,), _ = load(path)
    (cut,), _ = load(path, paragraphs=10)
    (cut_elsewhere,), _ = load(path, paragraphs=20)
    assert whole.sha256 == cut.sha256
    keys = {content_key(whole), content_key(cut), content_key(cut_elsewhere)}
    assert len(keys) == 3 and content_key(whole) == whole.sha256


def test_a_long_file_of_quote_marks_is_cut_and_capped(tmp_path, pipeline):
    from briefgen.extract import quotes as module
    from briefgen.extract.actors import extract_mentions
    from briefgen.nlp import parse

    path = tmp_path / "marks.txt"
    path.write_text("“a” " * 800_000, encoding="utf-8")          # 3.2 MB of quote marks
    (document,), warnings = load(path, document_chars=20_000)
    assert sum(map(len, document.paragraphs)) <= 20_000
    pdoc = parse([document], pipeline)[0]
    quotes = module.extract_quotes(pdoc, extract_mentions(pdoc))
    assert len(quotes) <= module.QUOTES_PER_DOCUMENT
    assert any("document_chars" in w for w in warnings) and pdoc.notes


def test_cli_limit_option(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Officials in Port Vell said ferry {i} was delayed." for i in range(30)),
                    encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(path), "--limit", "paragraphs=5", "--now",
                                  "2026-01-01T00:00:00Z"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"][0]["truncated"] == ["paragraphs=5"]
    assert "paragraphs=5" in result.stderr and str(path) in result.stderr
    bad = runner.invoke(main, ["extract", str(path), "--limit", "pages=5"])
    assert bad.exit_code == 2 and "unknown limit" in bad.output


def test_profile_limits_table(tmp_path):
    config = tmp_path / "briefgen.toml"
    config.write_text('[profiles.weekly]\ninputs = ["in"]\nlimits = { paragraphs = 20000, '
                      'file_bytes = "50MB" }\n', encoding="utf-8")
    profile = load_config(config).profile("weekly")
    assert profile.limits == Limits(paragraphs=20_000, file_bytes=50_000_000)
    from datetime import datetime, timezone

    window = profile.window_for(datetime(2026, 1, 8, tzinfo=timezone.utc))
    assert profile.options(window, datetime(2026, 1, 8, tzinfo=timezone.utc)).limits.paragraphs == 20_000
    config.write_text('[profiles.weekly]\ninputs = ["in"]\nlimits = { pages = 3 }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="profiles.weekly.limits: unknown limit 'pages'"):
        load_config(config)

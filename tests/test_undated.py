"""Documents without a date of their own: --undated include (default), exclude, file-date."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from briefgen import api
from briefgen.cli import main
from briefgen.config import load_config
from briefgen.errors import ConfigError
from briefgen.model import Document

DATED = ("Flood waters rise in Kerava province\n\ndate: 2031-03-04\nsource: https://example.org/a\n\n"
         "The river Vanta broke its banks on Tuesday, officials said. Mayor Elin Rask said that "
         "twelve people had been rescued from rooftops.\n")
UNDATED = ("Shelters open across Kerava\n\n"
           "Three schools opened as shelters on Wednesday, the regional council said. "
           "Council head Omar Lind said more beds were on the way.\n")


def doc(name: str, day: str | None, mtime: date | None = None) -> Document:
    stamp = datetime(mtime.year, mtime.month, mtime.day, 12, tzinfo=timezone.utc).timestamp() \
        if mtime else None
    return Document(id=name, path=name, paragraphs=["x"], date=day, mtime=stamp)


def test_include_keeps_undated_documents_whatever_the_window_and_lists_them():
    docs = [doc("a", "2031-03-04"), doc("b", None, mtime=date(2020, 1, 1)), doc("c", "2031-05-01")]
    kept, undated = api.select_window(docs, date(2031, 3, 1), date(2031, 3, 31))
    assert [d.id for d in kept] == ["a", "b"] and undated == ["b"]
    assert docs[1].date_source is None          # never dated by its file time


def test_exclude_leaves_undated_documents_out_with_a_warning():
    warnings: list[str] = []
    kept, undated = api.select_window([doc("a", "2031-03-04"), doc("b", None)], None, None,
                                      "exclude", warnings.append)
    assert [d.id for d in kept] == ["a"] and undated == []
    assert warnings and "1 undated document(s) left out" in warnings[0] and "b" in warnings[0]


def test_file_date_places_undated_documents_by_modification_time():
    docs = [doc("in", None, mtime=date(2031, 3, 10)), doc("out", None, mtime=date(2031, 4, 10))]
    kept, undated = api.select_window(docs, date(2031, 3, 1), date(2031, 3, 31), "file-date")
    assert [d.id for d in kept] == ["in"] and undated == ["in"]
    assert kept[0].date_source == "file date"


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError):
        api.select_window([], None, None, "guess")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "dated.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    stamp = datetime(2031, 3, 5, 12, tzinfo=timezone.utc).timestamp()
    os.utime(tmp_path / "undated.txt", (stamp, stamp))
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_records_the_policy_and_the_brief_says_what_happened(folder):
    result = run("extract", str(folder), "--since", "2031-03-01", "--until", "2031-03-31",
                 "--now", "2031-04-01T00:00:00Z")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["undated_policy"] == "include"
    assert data["undated_documents"] == ["undated.txt"]
    out = folder / "b.md"
    assert run("build", str(folder), "--since", "2031-03-01", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Without a date of their own (included, though they cannot be placed in the " \
           "requested period)" in text
    assert "file date" not in text


def test_exclude_and_file_date_on_the_command_line(folder):
    data = json.loads(run("extract", str(folder), "--undated", "exclude").stdout)
    assert [d["id"] for d in data["documents"]] == ["dated.txt"]
    assert data["undated_policy"] == "exclude" and data["undated_documents"] == []
    out = folder / "b.md"
    result = run("build", str(folder), "--undated", "file-date", "--since", "2031-03-05",
                 "--until", "2031-03-05", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Without a date of their own (placed by file modification date)" in \
        out.read_text(encoding="utf-8")


def test_a_window_holding_only_undated_documents_is_empty_exit_3(folder):
    result = run("extract", str(folder / "undated.txt"), "--since", "2031-03-01")
    assert result.exit_code == 3
    assert "undated" in result.stderr


def test_profiles_take_an_undated_key(tmp_path):
    config = tmp_path / "briefgen.toml"
    config.write_text('[profiles.w]\ninputs = ["in"]\nundated = "exclude"\n', encoding="utf-8")
    profile = load_config(config).profile("w")
    assert profile.undated == "exclude"
    window = profile.window_for(date(2031, 3, 9))
    assert profile.options(window, datetime(2031, 3, 9, tzinfo=timezone.utc)).undated == "exclude"
    config.write_text('[profiles.w]\ninputs = ["in"]\nundated = "mtime"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="undated must be one of"):
        load_config(config)

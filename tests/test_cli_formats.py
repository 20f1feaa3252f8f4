"""`build`'s output format: what --help promises is what it does.

The defaults are read from the help text itself and then checked against what build writes, so
a help text that drifts from the behaviour fails here.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from briefgen.cli import main

from conftest import SEEDS

SEED = SEEDS / "000_731d18e115c628d8.txt"
NOW = ["--now", "2026-11-23T09:00:00Z"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def format_of(data: bytes) -> str:
    """What a written brief is, by its bytes."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    text = data.decode("utf-8")
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "html"
    try:
        json.loads(text)
        return "json"
    except ValueError:
        pass
    assert text.startswith("# "), text[:80]
    return "md"


@pytest.fixture(scope="module")
def promised() -> dict[str, str]:
    """The default formats build's --help states: for a file, and for standard output."""
    help_text = " ".join(invoke("build", "--help").output.split())
    match = re.search(r"-f, --format \[[a-z|]+\] Output format \(default: from the -o extension; "
                      r"(\w+), or (\w+) when writing to stdout\)", help_text)
    assert match, help_text
    assert "(default: pdf)" not in help_text
    return {"file": match[1], "stdout": match[2]}


def test_help_says_stdout_gets_markdown_and_a_file_pdf(promised):
    assert promised == {"file": "pdf", "stdout": "md"}


def test_standard_output_without_format_is_what_help_promises(promised):
    result = invoke("build", str(SEED), "-o", "-", *NOW)
    assert result.exit_code == 0, result.output
    assert format_of(result.stdout_bytes) == promised["stdout"]


def test_no_output_named_is_what_help_promises(promised, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build", str(SEED), *NOW)
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "out").iterdir())
    assert len(written) == 1 and written[0].suffix == "." + promised["file"]
    assert format_of(written[0].read_bytes()) == promised["file"]


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_format_picks_what_standard_output_gets(fmt):
    result = invoke("build", str(SEED), "-f", fmt, "-o", "-", *NOW)
    assert result.exit_code == 0, result.output
    assert format_of(result.stdout_bytes) == fmt


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_binary_formats_to_standard_output_are_a_usage_error(fmt):
    result = invoke("build", str(SEED), "-f", fmt, "-o", "-", *NOW)
    assert result.exit_code == 2
    assert "cannot go to standard output" in result.stderr

"""Usage edges: times with offsets, odd years, empty periods, outputs that cannot be written,
repeated outputs and missing template folders are caught early with the documented exit code."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from conftest import SEEDS

import briefgen.api
from briefgen.assemble.brief import utc_iso
from briefgen.cli import main
from briefgen.errors import EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def no_extraction(monkeypatch):
    """Fail the test if the command gets as far as reading articles."""
    monkeypatch.setattr(briefgen.api, "extract", lambda *a, **k: pytest.fail("extracted anyway"))


def test_now_with_an_offset_is_converted_to_utc():
    result = invoke("extract", str(SEEDS), "--now", "2026-11-23T09:00:00+05:00")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["generated_at"] == "2026-11-23T04:00:00Z"


def test_year_one_is_written_in_four_digits():
    assert utc_iso(datetime(1, 1, 1, tzinfo=timezone.utc)) == "0001-01-01T00:00:00Z"
    assert utc_iso(datetime(2026, 11, 23, 9, tzinfo=timezone(timedelta(hours=5)))) == \
        "2026-11-23T04:00:00Z"
    from briefgen.render.pdf import _pdf_date

    assert _pdf_date("0001-01-01T00:00:00Z") == "D:00010101000000+00'00'"


def test_now_without_a_utc_equivalent_is_a_usage_error(no_extraction):
    result = invoke("extract", str(SEEDS), "--now", "0001-01-01T01:00:00+05:00")
    assert result.exit_code == EXIT_USAGE
    assert "UTC" in result.stderr


@pytest.mark.parametrize("command", ["build", "extract"])
def test_since_after_until_is_a_usage_error(no_extraction, command):
    result = invoke(command, str(SEEDS), "--since", "2023-02-09", "--until", "2023-02-01")
    assert result.exit_code == EXIT_USAGE
    assert "--since" in result.stderr and "--until" in result.stderr


@pytest.mark.parametrize("name", ["existing.pdf", "existing"])
def test_output_that_is_a_folder_fails_before_reading(no_extraction, tmp_path, name):
    target = tmp_path / name
    target.mkdir()
    result = invoke("build", str(SEEDS), "-o", str(target))
    assert result.exit_code == EXIT_OUTPUT        # with or without an extension: a folder in the way
    assert name in result.stderr and "folder" in result.stderr


def test_output_where_no_file_can_be_made_fails_before_reading(no_extraction, tmp_path):
    for target in ("/proc/x.pdf", str(tmp_path / "plain-file" / "x.pdf")):
        (tmp_path / "plain-file").write_text("x", encoding="utf-8")
        result = invoke("build", str(SEEDS), "-o", target)
        assert result.exit_code == EXIT_OUTPUT, target
        assert "x.pdf" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-file"]   # no probe left


def test_extract_output_checked_before_reading(no_extraction, tmp_path):
    result = invoke("extract", str(SEEDS), "-o", str(tmp_path))
    assert result.exit_code == EXIT_OUTPUT


def test_unknown_template_is_an_error_for_json_too(no_extraction, tmp_path):
    result = invoke("build", str(SEEDS), "-t", "nonexistent", "-o", str(tmp_path / "b.json"))
    assert result.exit_code == EXIT_INPUT
    assert "nonexistent" in result.stderr


@pytest.mark.parametrize("command", [["build", str(SEEDS)], ["templates", "list"],
                                     ["templates", "show", "analyst"]])
def test_missing_template_dir_is_rejected(no_extraction, command):
    result = invoke(*command, "--template-dir", "/nonexistent")
    assert result.exit_code == EXIT_USAGE
    assert "/nonexistent" in result.stderr


def test_standard_output_twice_is_rejected(no_extraction):
    result = invoke("build", str(SEEDS), "-o", "-", "-o", "-")
    assert result.exit_code == EXIT_USAGE
    assert "twice" in result.stderr and not result.stdout


def test_same_file_twice_is_rejected(no_extraction, tmp_path):
    result = invoke("build", str(SEEDS), "-o", str(tmp_path / "a.md"),
                    "-o", str(tmp_path / "." / "a.md"))
    assert result.exit_code == EXIT_USAGE

"""The command line: every command has help, errors give one line and the documented exit code."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from briefgen.cli import main

NOW = ["--now", "2026-11-23T09:00:00Z"]


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", sorted(all_commands(main)))
def test_every_command_has_help(runner, command):
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(main.get_command(None, command[0]).help or "") > 10


def test_extract_writes_the_brief_json(runner):
    result = invoke(runner, "extract", str(SEEDS), *NOW)
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["schema"] == "briefgen.brief/1"
    assert brief["generated_at"] == "2026-11-23T09:00:00Z"
    assert {d["id"] for d in brief["documents"]} == {p.name for p in SEEDS.glob("*.txt")}
    assert any(a["name"] == "Sergei Lavrov" for a in brief["actors"])


def test_missing_input_is_one_line_exit_1(runner, tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = invoke(runner, "build", str(missing), "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "b.md").exists()


def test_no_usable_documents_exit_3(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = invoke(runner, "build", str(tmp_path), "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 3
    assert "empty.txt" in result.stderr
    assert not (tmp_path / "b.md").exists()


def test_bad_file_is_skipped_with_a_warning_or_fatal_with_strict(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text((SEEDS / "000_731d18e115c628d8.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = invoke(runner, "extract", str(tmp_path), *NOW)
    assert result.exit_code == 0
    assert "broken.pdf" in result.stderr and "warning" in result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 1
    strict = invoke(runner, "extract", str(tmp_path), "--strict", *NOW)
    assert strict.exit_code == 1
    assert "broken.pdf" in strict.stderr


def test_bad_date_option_is_usage_error(runner):
    result = invoke(runner, "build", str(SEEDS), "--since", "last tuesday")
    assert result.exit_code == 2


def test_unknown_output_extension_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "build", str(SEEDS), "-o", str(tmp_path / "brief.xyz"), *NOW)
    assert result.exit_code == 2
    assert "brief.xyz" in result.stderr and "extension" in result.stderr
    assert not list(tmp_path.iterdir())


def test_unknown_template_fails_before_reading(runner, tmp_path, monkeypatch):
    import briefgen.api

    monkeypatch.setattr(briefgen.api, "extract", lambda *a, **k: pytest.fail("extracted anyway"))
    result = invoke(runner, "build", str(SEEDS), "-t", "nosuch", "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1
    assert "nosuch" in result.stderr


def test_missing_input_beside_good_ones_warns(runner, tmp_path):
    result = invoke(runner, "extract", str(SEEDS), str(tmp_path / "gone.txt"), *NOW)
    assert result.exit_code == 0
    assert "gone.txt" in result.stderr and "warning" in result.stderr


def test_unwritable_output_exit_4(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = invoke(runner, "build", str(SEEDS), "-f", "md", "-o", str(blocker / "b.md"), *NOW)
    assert result.exit_code == 4
    assert "b.md" in result.stderr


def test_window_with_no_documents_exit_3(runner):
    result = invoke(runner, "extract", str(SEEDS), "--since", "2030-01-01")
    assert result.exit_code == 3


def test_markdown_to_stdout(runner):
    result = invoke(runner, "build", str(SEEDS), "-f", "md", "-o", "-", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "Sergei Lavrov" in result.stdout


def test_pdf_cannot_go_to_stdout(runner):
    result = invoke(runner, "build", str(SEEDS), "-f", "pdf", "-o", "-", *NOW)
    assert result.exit_code == 2


@pytest.mark.parametrize("ext", ["pdf", "docx", "html", "md", "json"])
def test_build_is_byte_identical_across_runs(runner, tmp_path, ext):
    digests = []
    for run in range(2):
        out = tmp_path / f"run{run}" / f"brief.{ext}"
        result = invoke(runner, "build", str(SEEDS), "-o", str(out), *NOW)
        assert result.exit_code == 0, result.stderr
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_default_output_goes_to_out_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "build", str(SEEDS), "-f", "md", *NOW)
    assert result.exit_code == 0, result.stderr
    written = list((tmp_path / "out").glob("*.md"))
    assert len(written) == 1 and written[0].name.endswith("2026-11-23.md")


def test_source_date_epoch_fixes_generated_at(runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1675814400")      # 2023-02-08T00:00:00Z
    result = invoke(runner, "extract", str(SEEDS))
    assert json.loads(result.stdout)["generated_at"] == "2023-02-08T00:00:00Z"


def test_format_contradicting_the_extension_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "build", str(SEEDS), "-f", "md", "-o", str(tmp_path / "brief.pdf"), *NOW)
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_a_failing_format_leaves_none_of_the_others(runner, tmp_path, briefgen_home):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "brief.md.j2").write_text("# {{ title }}\n{{ no_such_field }}\n", encoding="utf-8")
    result = invoke(runner, "build", str(SEEDS), "-t", str(broken), "-o", str(tmp_path / "b.json"),
                    "-o", str(tmp_path / "b.md"), *NOW)
    assert result.exit_code == 1
    assert "brief.md.j2" in result.stderr
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "b.md").exists()


def test_render_warnings_reach_the_user(runner, tmp_path):
    template = tmp_path / "withlogo"
    template.mkdir()
    (template / "brief.md.j2").write_text("# {{ title }}\n\n![logo](nosuch.png)\n\nText.\n", encoding="utf-8")
    result = invoke(runner, "build", str(SEEDS), "-t", str(template), "-o", str(tmp_path / "b.pdf"), *NOW)
    assert result.exit_code == 0
    assert "nosuch.png" in result.stderr and "warning" in result.stderr


def test_text_that_is_not_english_is_flagged(runner, tmp_path):
    spanish = ("El gobierno negó los hechos y dijo que las fuerzas armadas habían actuado con "
               "moderación durante las protestas en la capital. Según los testigos, al menos doce "
               "personas murieron cuando los soldados abrieron fuego contra la multitud que se "
               "había reunido frente al palacio presidencial para exigir la renuncia del ministro.")
    (tmp_path / "es.txt").write_text(spanish, encoding="utf-8")
    result = invoke(runner, "extract", str(tmp_path / "es.txt"), *NOW)
    assert result.exit_code == 0
    assert "es.txt" in result.stderr and "English" in result.stderr


def test_default_output_name_keeps_non_latin_titles(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "build", str(SEEDS), "--title", "Сергей Лавров в Мали", "-f", "md", *NOW)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "сергей-лавров-в-мали-2026-11-23.md").exists()

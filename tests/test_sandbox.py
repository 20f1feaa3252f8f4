"""Templates are code from someone else: they render in a sandbox and stay inside their folder.

Each known way out of Jinja (Python internals through globals, builtins, class hierarchies,
files reached through a Path or a symlink) is refused with one line naming the template file,
while every documented feature (extends "default:", include, import, macros, loops, filters)
still works.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from conftest import SEEDS
from test_templating import make_template

from briefgen.cli import main
from briefgen.errors import EXIT_INPUT, TemplateError
from briefgen.render import render_brief
from briefgen.render.templating import find_template, list_templates, render_markdown, template_files

ESCAPES = {
    "lipsum globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "builtins open": "{{ __builtins__.open('/etc/passwd').read() }}",
    "class mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler init": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "self reference": "{{ self._TemplateReference__context }}",
    "format string": "{{ '{0.__class__}'.format(title) }}",
    "mutating data": "{{ quotes.append(1) }}{{ brief.clear() }}",
    "style path": "{{ style.folder.joinpath('../../../etc/passwd').read_text() }}",
    "style resolve": "{{ style.resolve('/etc/passwd').read_text() }}",
    "huge range": "{{ range(10**9)|list|length }}",
}


def render(brief, folder):
    return render_markdown(brief, find_template(folder))


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_is_refused_with_one_line_naming_the_file(tmp_path, sample_brief, name):
    folder = make_template(tmp_path / "evil", "# {{ title }}\n\n" + ESCAPES[name] + "\n")
    with pytest.raises(TemplateError) as caught:
        render(sample_brief, folder)
    message = str(caught.value)
    assert "\n" not in message
    assert str(folder / "brief.md.j2") in message
    assert "root:" not in message and "uid=" not in message


def test_refusals_say_the_sandbox_refused(tmp_path, sample_brief):
    folder = make_template(tmp_path / "evil", ESCAPES["lipsum globals"])
    with pytest.raises(TemplateError, match=r"line 1: refused by the template sandbox"):
        render(sample_brief, folder)


def test_documented_features_still_work(tmp_path, sample_brief):
    folder = make_template(
        tmp_path / "org",
        '{% extends "default:analyst/brief.md.j2" %}\n'
        '{% import "macros.j2" as m %}\n'
        "{% block bottom_line %}\n## Bottom line\n\n{{ m.shout(title) }}\n"
        '{% include "note.md.j2" %}\n'
        "{% set ns = namespace(n=0) %}{% for q in quotes %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "Quotes: {{ ns.n }}; limit {{ style.limits.get('quotes', 7) }}; "
        "{{ figures|map(attribute='low')|select|join(',') }}; {{ actors|length|plural('actor') }}\n"
        "{% endblock %}\n",
        style="[limits]\nquotes = 2\n")
    (folder / "macros.j2").write_text("{% macro shout(t) %}**{{ t|upper|md }}**{% endmacro %}",
                                      encoding="utf-8")
    (folder / "note.md.j2").write_text("Included {{ documents|length }} sources.\n\n",
                                       encoding="utf-8")
    text = render(sample_brief, folder)
    assert "**MALI: RUSSIAN FOREIGN MINISTER'S VISIT**" in text
    assert "Included 2 sources." in text
    assert "Quotes: 2; limit 2; 300,500; 4 actors" in text
    assert "## Actors" in text          # blocks not overridden come from the built-in


@pytest.mark.parametrize("name", ["analyst", "executive", "press"])
def test_built_in_templates_render_in_the_sandbox(sample_brief, name):
    for fmt in ("md", "html"):
        assert render_brief(sample_brief, fmt, template=name)


# --- symlinks -------------------------------------------------------------------------------

def test_symlinked_entry_leaving_the_folder_is_refused(tmp_path, sample_brief):
    outside = tmp_path / "secret.md.j2"
    outside.write_text("secret", encoding="utf-8")
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "brief.md.j2").symlink_to(outside)
    with pytest.raises(TemplateError, match="outside the template folder") as caught:
        render(sample_brief, folder)
    assert "\n" not in str(caught.value)


def test_symlinked_include_leaving_the_folder_is_refused(tmp_path, sample_brief):
    (tmp_path / "passwd").write_text("root:x:0:0", encoding="utf-8")
    folder = make_template(tmp_path / "t", '# T\n\n{% include "part.j2" %}\n')
    (folder / "part.j2").symlink_to(tmp_path / "passwd")
    with pytest.raises(TemplateError, match="outside the template folder") as caught:
        render(sample_brief, folder)
    assert str(folder / "part.j2") in str(caught.value)
    assert "root:x" not in str(caught.value)


def test_symlink_inside_the_folder_is_fine(tmp_path, sample_brief):
    folder = make_template(tmp_path / "t", '# T\n\n{% include "alias.j2" %}\n')
    (folder / "real.j2").write_text("Real part.\n", encoding="utf-8")
    (folder / "alias.j2").symlink_to(folder / "real.j2")
    assert "Real part." in render(sample_brief, folder)


def test_symlinked_style_leaving_the_folder_is_refused(tmp_path):
    (tmp_path / "other.toml").write_text('page_size = "A4"\n', encoding="utf-8")
    folder = make_template(tmp_path / "t", "# T\n")
    (folder / "style.toml").symlink_to(tmp_path / "other.toml")
    with pytest.raises(TemplateError, match="outside the template folder"):
        find_template(folder)


def test_user_template_symlinked_out_of_home_is_refused(tmp_path, briefgen_home):
    real = make_template(tmp_path / "shared" / "org", "# T\n")
    (briefgen_home / "templates").mkdir()
    os.symlink(real, briefgen_home / "templates" / "org")
    with pytest.raises(TemplateError, match="symlink leading outside"):
        find_template("org")
    assert "org" not in [t.name for t in list_templates()]
    assert find_template("org", [tmp_path / "shared"]).folder == real   # named openly: fine


def test_templates_show_refuses_a_symlinked_file(tmp_path):
    (tmp_path / "passwd").write_text("root:x:0:0", encoding="utf-8")
    folder = make_template(tmp_path / "t", "# T\n")
    (folder / "notes.txt").symlink_to(tmp_path / "passwd")
    with pytest.raises(TemplateError, match="outside the template folder"):
        template_files(folder)


def test_cli_reports_an_escape_in_one_line_with_exit_1(tmp_path):
    folder = make_template(tmp_path / "evil", ESCAPES["builtins open"] + "\n")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-t", str(folder), "-f", "md",
                                       "-o", "-", "--now", "2026-11-23T09:00:00Z"],
                                catch_exceptions=False)
    assert result.exit_code == EXIT_INPUT
    lines = result.stderr.strip().splitlines() if hasattr(result, "stderr") else []
    assert [line for line in lines if line.startswith("briefgen: error:")] == lines[-1:]
    assert "Traceback" not in result.output
    assert "root:" not in result.output

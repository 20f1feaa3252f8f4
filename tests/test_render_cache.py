"""Rendered files kept in the store: an unchanged rerun reuses their bytes (counted, not timed),
anything that decides the bytes (the brief, the template, a file it shows, the format) renders
again, a damaged entry is never served, and reused bytes equal a build without any store."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen.render as render_package
from briefgen import api
from briefgen.cli import main
from briefgen.render.templating import builtin_template_dir
from briefgen.store import open_store

NOW = datetime(2026, 4, 6, 8, tzinfo=timezone.utc)
FORMATS = ("pdf", "docx", "html", "md")

HARBOUR = """Ferry fire closes Oster harbour

OSTER, April 5 - At least 9 people were killed when a fire broke out on the ferry Lindqvist
as it docked on Sunday, the harbour master Jonas Albrecht said.

"The smoke filled the lower deck within minutes," Albrecht told reporters.

Coast guard divers were still searching for 4 passengers reported missing, officials said.
"""

DEPOT = """Fuel depot blaze near Oster under control

OSTER, April 6 - Firefighters put out a blaze at a fuel depot beside the harbour on Monday,
the fire service said, and 120 residents were displaced overnight.

"We kept it away from the tanks, which was all that mattered," said fire chief Mara Solberg.
"""


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ferry.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "depot.txt").write_text(DEPOT, encoding="utf-8")
    return folder


def build(inbox: Path, store_path: Path | None, out: Path, *, template: str = "analyst",
          warnings: list[str] | None = None, render_cache: bool = True
          ) -> tuple[dict[str, bytes], tuple[int, int]]:
    """Every format of one build; the bytes by format and the store's (hits, saves)."""
    options = api.Options(now=NOW, template=template, render_cache=render_cache)
    targets = [out / f"brief.{fmt}" for fmt in FORMATS]
    warn = warnings.append if warnings is not None else None
    if store_path is None:
        api.build_brief([inbox], targets, options=options, warn=warn)
        counts = (0, 0)
    else:
        with open_store(store_path, warn=warn) as store:
            api.build_brief([inbox], targets, options=options, cache=store, warn=warn)
            counts = (store.render_hits, store.render_saves)
    return {p.suffix[1:]: p.read_bytes() for p in targets}, counts


def refuse_rendering(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(render_package, "render_brief", refuse)


def test_an_unchanged_rerun_reuses_every_rendered_file_byte_for_byte(inbox, tmp_path, monkeypatch):
    store = tmp_path / "store.sqlite"
    first, counts = build(inbox, store, tmp_path)
    assert counts == (0, len(FORMATS))
    fresh, _ = build(inbox, None, tmp_path / "fresh")          # no store at all
    refuse_rendering(monkeypatch)
    again, counts = build(inbox, store, tmp_path / "again")
    assert counts == (len(FORMATS), 0)
    assert again == first == fresh
    assert again["pdf"].startswith(b"%PDF") and b"Oster" in again["md"]


def test_without_the_render_cache_every_file_is_rendered_again(inbox, tmp_path):
    store = tmp_path / "store.sqlite"
    first, _ = build(inbox, store, tmp_path)
    again, counts = build(inbox, store, tmp_path / "again", render_cache=False)
    assert counts == (0, 0) and again == first


def test_a_changed_document_renders_again(inbox, tmp_path):
    store = tmp_path / "store.sqlite"
    first, _ = build(inbox, store, tmp_path)
    (inbox / "ferry.txt").write_text(HARBOUR.replace("At least 9", "At least 11"), encoding="utf-8")
    second, counts = build(inbox, store, tmp_path / "second")
    assert counts == (0, len(FORMATS))
    assert b"11" in second["md"] and second["pdf"] != first["pdf"]
    fresh, _ = build(inbox, None, tmp_path / "fresh")
    assert second == fresh


def test_another_generation_time_renders_again(inbox, tmp_path):
    store = tmp_path / "store.sqlite"
    build(inbox, store, tmp_path)
    with open_store(store) as db:
        later = api.Options(now=datetime(2026, 4, 13, 8, tzinfo=timezone.utc))
        api.build_brief([inbox], [tmp_path / "later.md"], options=later, cache=db)
        assert (db.render_hits, db.render_saves) == (0, 1)
    assert b"13 April 2026" in (tmp_path / "later.md").read_bytes()


def copy_of_analyst(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(builtin_template_dir() / "analyst", folder)
    return folder


def test_a_changed_template_file_renders_again(inbox, tmp_path):
    store, folder = tmp_path / "store.sqlite", copy_of_analyst(tmp_path)
    first, _ = build(inbox, store, tmp_path, template=str(folder))
    entry = folder / "brief.md.j2"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nPrepared for the harbour desk.\n",
                     encoding="utf-8")
    second, counts = build(inbox, store, tmp_path / "second", template=str(folder))
    assert counts == (0, len(FORMATS))
    assert b"harbour desk" in second["md"] and b"harbour desk" not in first["md"]


def test_a_changed_style_or_included_file_renders_again(inbox, tmp_path):
    store, folder = tmp_path / "store.sqlite", copy_of_analyst(tmp_path)
    build(inbox, store, tmp_path, template=str(folder))
    # a file the entry may include: any file of the folder counts, used or not
    (folder / "footer.md.j2").write_text("Prepared by the desk.\n", encoding="utf-8")
    _, counts = build(inbox, store, tmp_path / "b", template=str(folder))
    assert counts == (0, len(FORMATS))
    style = folder / "style.toml"
    style.write_text(style.read_text(encoding="utf-8").replace("#1F3864", "#1F3865"),
                     encoding="utf-8")
    _, counts = build(inbox, store, tmp_path / "c", template=str(folder))
    assert counts == (0, len(FORMATS))


def test_an_image_outside_the_template_is_checked_again_and_warnings_repeat(inbox, tmp_path):
    from PIL import Image

    store, folder = tmp_path / "store.sqlite", copy_of_analyst(tmp_path)
    picture = tmp_path / "map.png"
    Image.new("RGB", (40, 20), "navy").save(picture)
    entry = folder / "brief.md.j2"
    entry.write_text(entry.read_text(encoding="utf-8")
                     + f"\n![Harbour map]({picture})\n\n![Gone](nowhere.png)\n", encoding="utf-8")
    said: list[str] = []
    first, _ = build(inbox, store, tmp_path, template=str(folder), warnings=said)
    assert sum("nowhere.png" in w for w in said) == len(FORMATS) - 1   # md shows no pictures
    said.clear()
    again, counts = build(inbox, store, tmp_path / "again", template=str(folder), warnings=said)
    assert counts == (len(FORMATS), 0) and again == first
    assert sum("nowhere.png" in w for w in said) == len(FORMATS) - 1   # reused with its warnings
    Image.new("RGB", (40, 20), "darkred").save(picture)
    third, counts = build(inbox, store, tmp_path / "third", template=str(folder))
    renders_pictures = {"pdf", "docx", "html"}
    assert counts == (len(FORMATS) - len(renders_pictures), len(renders_pictures))
    assert third["pdf"] != first["pdf"] and third["md"] == first["md"]


@pytest.mark.parametrize("damage", [
    "UPDATE rendered SET data = substr(data, 1, length(data) - 10) || zeroblob(10)",
    "UPDATE rendered SET info = '{\"files\": [], \"warnings\": [1]}'",
    "UPDATE rendered SET data = 'not bytes'",
])
def test_a_damaged_entry_is_dropped_and_rendered_again(inbox, tmp_path, damage):
    store = tmp_path / "store.sqlite"
    first, _ = build(inbox, store, tmp_path)
    with open_store(store) as db:
        db._db.execute(damage)
    said: list[str] = []
    again, counts = build(inbox, store, tmp_path / "again", warnings=said)
    assert again == first
    assert counts == (0, len(FORMATS))
    assert any("rendered file could not be read back" in w for w in said)


def test_a_font_looked_up_among_installed_fonts_is_not_cached(inbox, tmp_path):
    store, folder = tmp_path / "store.sqlite", copy_of_analyst(tmp_path)
    style = folder / "style.toml"
    text = style.read_text(encoding="utf-8")
    assert 'font = "DejaVu Sans"' in text
    style.write_text(text.replace('font = "DejaVu Sans"', 'font = "Liberation Serif"'),
                     encoding="utf-8")
    from briefgen.render.cache import render_key

    assert render_key("{}", "pdf", str(folder)) is None
    assert render_key("{}", "pdf", "analyst") is not None


def test_the_run_command_reuses_rendered_files_of_a_closed_window(inbox, tmp_path):
    for name, day in (("ferry.txt", "2026-04-05"), ("depot.txt", "2026-04-06")):
        path = inbox / name
        path.write_text(f"date: {day}\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "briefgen.toml"
    config.write_text(f"""
[profiles.harbour]
inputs = ["{inbox}"]
window = {{ start = 2026-04-05, end = 2026-04-06 }}
formats = ["pdf", "docx", "json"]
output = "{tmp_path}/out/{{profile}}.{{ext}}"
store = "{tmp_path}/store.sqlite"
""", encoding="utf-8")
    argv = ["run", "harbour", "--config", str(config), "--now", "2026-04-20T09:00:00Z",
            "--jobs", "1", "-v"]
    first = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    assert "0 of 3 file(s) reused" in first.stderr
    pdf = (tmp_path / "out" / "harbour.pdf").read_bytes()
    again = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert "2 of 3 file(s) reused" in again.stderr          # JSON is the brief itself
    assert (tmp_path / "out" / "harbour.pdf").read_bytes() == pdf
    fresh = CliRunner().invoke(main, [*argv, "--no-render-cache"], catch_exceptions=False)
    assert fresh.exit_code == 0 and "0 of 3 file(s) reused" in fresh.stderr
    assert (tmp_path / "out" / "harbour.pdf").read_bytes() == pdf


def test_a_schema_3_store_gains_the_rendered_table(inbox, tmp_path):
    store = tmp_path / "store.sqlite"
    build(inbox, store, tmp_path)
    with open_store(store) as db:
        db._db.execute("DROP TABLE rendered")
        db._db.execute("PRAGMA user_version = 3")
    said: list[str] = []
    with open_store(store, warn=said.append) as db:
        assert db.extraction_count() == 2
        assert db._db.execute("SELECT count(*) FROM rendered").fetchone()[0] == 0
    assert said == []

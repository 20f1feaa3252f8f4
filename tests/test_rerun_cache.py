"""Reruns with the store: an unchanged input set reuses the assembled brief, byte for byte;
a changed document or option assembles again."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefgen import api
from briefgen.cli import main
from briefgen.store import open_store

NOW = "2026-03-02T08:00:00Z"

FIRST = """Flood waters cut the road to Velmora

VELMORA, March 1 - At least 14 people were killed when the Tarn river burst its banks on
Sunday, the regional governor Anna Kessel said.

"We have never seen the water rise this fast," Kessel told reporters at the town hall.

Rescue teams were still searching for 6 people reported missing, officials said.
"""

SECOND = """Aid convoy reaches flooded Velmora

VELMORA, March 2 - A convoy of the Red Lantern Society reached the town on Monday with food
and blankets for 900 displaced residents, the charity said.

"The next two days decide how many more we lose," said Piet Marrow, who leads the convoy.
"""


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "floods.txt").write_text(FIRST, encoding="utf-8")
    (folder / "convoy.txt").write_text(SECOND, encoding="utf-8")
    return folder


def build(folder: Path, store: Path, out: Path, *extra: str) -> bytes:
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(store), "-o", str(out),
                                       "--now", NOW, "--jobs", "1", *extra],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def assembled_rows(store: Path) -> int:
    with open_store(store) as db:
        return db._db.execute("SELECT count(*) FROM assembled").fetchone()[0]


def test_an_unchanged_rerun_reuses_the_assembled_brief_byte_for_byte(tmp_path, monkeypatch):
    folder, store = inbox(tmp_path), tmp_path / "store.sqlite"
    first = build(folder, store, tmp_path / "first.json")
    assert assembled_rows(store) == 1

    import briefgen.assemble as assemble_package

    def refuse(*_args, **_kwargs):
        raise AssertionError("assembled again although nothing changed")

    monkeypatch.setattr(assemble_package, "assemble", refuse)
    again = build(folder, store, tmp_path / "again.json")
    assert again == first
    assert json.loads(again)["documents"]
    # The rendered formats come from the reused brief as well.
    build(folder, store, tmp_path / "again.md")
    assert b"Velmora" in (tmp_path / "again.md").read_bytes()


def test_a_changed_document_assembles_again(tmp_path):
    folder, store = inbox(tmp_path), tmp_path / "store.sqlite"
    first = json.loads(build(folder, store, tmp_path / "first.json"))
    (folder / "floods.txt").write_text(FIRST.replace("At least 14", "At least 19"),
                                       encoding="utf-8")
    second = json.loads(build(folder, store, tmp_path / "second.json"))
    assert second != first
    lows = {f["low"] for f in second["figures"]}
    assert 19 in lows and 14 not in lows
    assert assembled_rows(store) == 2
    # ... and matches a run without any store.
    fresh = tmp_path / "fresh.json"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(fresh), "--now", NOW,
                                       "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(fresh.read_bytes()) == second


def test_an_option_that_shapes_assembly_assembles_again(tmp_path):
    folder, store = inbox(tmp_path), tmp_path / "store.sqlite"
    build(folder, store, tmp_path / "first.json")
    titled = json.loads(build(folder, store, tmp_path / "titled.json", "--title", "Tarn floods"))
    assert titled["title"] == "Tarn floods"
    assert assembled_rows(store) == 2
    # generated_at is the run's own, not the stored one.
    later = json.loads(build(folder, store, tmp_path / "later.json", "--title", "Tarn floods",
                             "--now", "2026-03-09T08:00:00Z"))
    assert later["generated_at"] == "2026-03-09T08:00:00Z"
    assert {k: v for k, v in later.items() if k != "generated_at"} == \
        {k: v for k, v in titled.items() if k != "generated_at"}


def test_a_damaged_assembled_row_is_recomputed(tmp_path):
    folder, store = inbox(tmp_path), tmp_path / "store.sqlite"
    first = build(folder, store, tmp_path / "first.json")
    with open_store(store) as db:
        db._db.execute("UPDATE assembled SET state = '{\"title\": 1}'")
    warnings: list[str] = []
    with open_store(store, warn=warnings.append) as cache:
        brief = api.extract([folder], options=api.Options(now=api.resolve_now(
            __import__("datetime").datetime.fromisoformat(NOW.replace("Z", "+00:00")))),
            cache=cache)
    assert brief.to_json().encode("utf-8") == first
    assert any("assembled brief" in w for w in warnings)


def test_a_schema_2_store_gains_the_table_and_keeps_its_extractions(tmp_path):
    folder, store = inbox(tmp_path), tmp_path / "store.sqlite"
    build(folder, store, tmp_path / "first.json")
    with open_store(store) as db:
        db._db.execute("DROP TABLE assembled")
        db._db.execute("PRAGMA user_version = 2")
    warnings: list[str] = []
    with open_store(store, warn=warnings.append) as db:
        assert db.extraction_count() == 2
        assert db._db.execute("SELECT count(*) FROM assembled").fetchone()[0] == 0
    assert warnings == []

"""The outputs of a run are one set: a reader finds all of the new files or none of them.

Kill tests stop a real `briefgen run` (SIGKILL, through the BRIEFGEN_KILL_AT test hook) at each
stage of writing, including between renames, and show that the store stays sound and that the
set is whole or absent once the next run has started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import api
from briefgen.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
DATED = ROOT / "seeds" / "000_731d18e115c628d8.txt"       # dated 2023-02-08
FORMATS = ("md", "html", "json")
CONFIG = """
[profiles.weekly]
inputs = ["inbox"]
window = "last-week"
formats = ["md", "html", "json"]
output = "out/{profile}-{iso_week}.{ext}"
title = "Sahel weekly"

[profiles.warm]
inputs = ["inbox"]
window = "last-week"
formats = ["json"]
output = "out/{profile}-{iso_week}.{ext}"
"""
NOW = "2023-02-13T07:00:00Z"
STAGES = ("rendered", "parts-written", "journal-written", "renamed-1", "renamed-2", "renamed-3",
          "written", "recorded")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(".part") or p.name == api.JOURNAL)


# --- the writer itself --------------------------------------------------------------------

def test_a_set_is_written_whole_and_leaves_nothing_behind(tmp_path):
    items = [(tmp_path / "out" / f"b.{ext}", f"brief {ext}".encode()) for ext in FORMATS]
    assert api.write_set(items) == [p for p, _ in items]
    assert [p.read_bytes() for p, _ in items] == [d for _, d in items]
    assert leftovers(tmp_path / "out") == []


def test_stale_parts_of_our_naming_are_removed_and_others_kept(tmp_path):
    (tmp_path / ".b.md.abcd1234.part").write_bytes(b"half")
    (tmp_path / ".notes.part").write_bytes(b"someone else's")
    (tmp_path / ".other.pdf.abcd1234.part").write_bytes(b"another brief's")
    api.write_set([(tmp_path / "b.md", b"new")])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.part", ".other.pdf.abcd1234.part",
                                                         "b.md"]


def test_an_interrupted_rename_set_is_completed_by_the_next_write(tmp_path):
    parts = []
    for ext in ("md", "html"):
        part = tmp_path / f".b.{ext}.abcd1234.part"
        part.write_bytes(f"new {ext}".encode())
        parts.append([str(part), str(tmp_path / f"b.{ext}")])
    (tmp_path / "b.md").write_bytes(b"old md")
    os.replace(parts[0][0], parts[0][1])                     # the first rename happened
    (tmp_path / api.JOURNAL).write_text(json.dumps(parts), encoding="utf-8")
    api.write_set([(tmp_path / "other.json", b"{}")])
    assert (tmp_path / "b.md").read_bytes() == b"new md"
    assert (tmp_path / "b.html").read_bytes() == b"new html"
    assert leftovers(tmp_path) == []


def test_a_full_disk_says_so(tmp_path, monkeypatch):
    import errno

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(api.os, "fsync", full)
    with pytest.raises(OutputError, match="the disk is full") as caught:
        api.write_set([(tmp_path / "b.md", b"x"), (tmp_path / "b.html", b"y")])
    assert caught.value.exit_code == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- kill tests ---------------------------------------------------------------------------

def run(team: Path, profile: str = "weekly", kill_at: str | None = None
        ) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFGEN_HOME": str(team / "home")}
    env.pop(api._KILL_AT, None)
    if kill_at:
        env[api._KILL_AT] = kill_at
    return subprocess.run(
        [sys.executable, "-c", "from briefgen.cli import main; main()", "run", profile,
         "--config", str(team / "briefgen.toml"), "--now", NOW],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def warm_store(tmp_path_factory) -> Path:
    """A store that already holds the article's extraction, so each kill test skips spaCy."""
    team = make_team(tmp_path_factory.mktemp("warm"))
    done = run(team, "warm")
    assert done.returncode == 0, done.stderr
    return team / "out" / ".briefgen-store.sqlite"


def make_team(folder: Path) -> Path:
    (folder / "briefgen.toml").write_text(CONFIG, encoding="utf-8")
    (folder / "inbox").mkdir()
    shutil.copyfile(DATED, folder / "inbox" / DATED.name)
    return folder


def outputs(team: Path) -> list[str]:
    out = team / "out"
    return sorted(p.name for p in out.iterdir() if p.name.startswith("weekly-")
                  and not p.name.endswith(".part"))


def recorded(store: Path) -> int:
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT count(*) FROM briefs WHERE profile = 'weekly'").fetchone()[0]


WHOLE = sorted(f"weekly-2023-W06.{ext}" for ext in FORMATS)


@pytest.mark.parametrize("stage", STAGES)
def test_a_run_killed_at_each_stage_leaves_a_whole_set_or_none(tmp_path, warm_store, stage):
    team = make_team(tmp_path)
    (team / "out").mkdir()
    store = team / "out" / ".briefgen-store.sqlite"
    shutil.copyfile(warm_store, store)

    killed = run(team, kill_at=stage)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    found = outputs(team)
    if STAGES.index(stage) < STAGES.index("journal-written"):
        assert found == [], stage                         # nothing new is visible
    elif stage.startswith("renamed-") or stage == "journal-written":
        api.recover_outputs(team / "out")                 # what the next write does first
        assert outputs(team) == WHOLE, stage
    else:
        assert found == WHOLE, stage
    assert recorded(store) == (1 if stage == "recorded" else 0)   # the set is recorded last

    again = run(team)                                     # the next run repairs and finishes
    assert again.returncode == 0, again.stderr
    assert outputs(team) == WHOLE
    assert leftovers(team / "out") == []
    assert recorded(store) == 1
    json.loads((team / "out" / "weekly-2023-W06.json").read_text(encoding="utf-8"))

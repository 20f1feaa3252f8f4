"""The store heals: a damaged row is dropped and computed again, an unreadable store is moved
aside and rebuilt, a full disk is said as such (exit 4), another program's file is left alone."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import SEEDS
from test_store import MODEL, article, extraction_of

import briefgen.store as store_module
from briefgen.cli import main
from briefgen.errors import EXIT_OUTPUT, OutputError
from briefgen.store import open_store


@pytest.fixture
def path(tmp_path):
    return tmp_path / "store.sqlite"


def fill(store, sample_brief):
    """One extraction and two recorded briefs."""
    doc = article()
    store.save(doc, MODEL, extraction_of(doc))
    store.record_brief("weekly", date(2023, 1, 30), date(2023, 2, 5), sample_brief, ["a.pdf"])
    store.record_brief("weekly", date(2023, 2, 6), date(2023, 2, 12), sample_brief, ["b.pdf"])
    return doc


def test_a_changed_byte_in_a_row_is_a_miss_with_a_warning(path, sample_brief):
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        doc = fill(store, sample_brief)
        # one letter of the stored text changes: still valid JSON, but not what was written
        store._db.execute("UPDATE extractions SET extraction = replace(extraction, "
                          "'Officials', 'Officialz')")
        assert store.lookup(doc, MODEL) is None
        assert store.extraction_count() == 0                       # dropped
        assert len(warnings) == 1 and doc.path in warnings[0] and "dropped" in warnings[0]
        store.save(doc, MODEL, extraction_of(doc))                  # computed again
        assert store.lookup(doc, MODEL) == extraction_of(doc)


@pytest.mark.parametrize("damage", [
    "UPDATE extractions SET extraction = '{\"document\": ', checksum = NULL",
    "UPDATE extractions SET extraction = CAST(x'7b22fffe22' AS TEXT), checksum = NULL",
    "UPDATE extractions SET extraction = '[1, 2, 3]', checksum = NULL",
])
def test_invalid_json_or_bytes_in_a_row_is_a_miss(path, sample_brief, damage):
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        doc = fill(store, sample_brief)
        store._db.execute(damage)
        assert store.lookup(doc, MODEL) is None
        assert warnings and "dropped" in warnings[0]


def test_a_malformed_stored_brief_is_dropped_and_the_one_before_used(path, sample_brief):
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        fill(store, sample_brief)
        store._db.execute("UPDATE briefs SET brief = '{\"actors\": [1]}', checksum = NULL "
                          "WHERE window_start = '2023-02-06'")
        record, data = store.previous_brief("weekly", before=date(2023, 2, 13))
        assert record.start == date(2023, 1, 30) and data["title"] == sample_brief.title
        assert [r.start for r in store.briefs("weekly")] == [date(2023, 1, 30)]
        assert len(warnings) == 1 and "2023-02-06..2023-02-12" in warnings[0]


def test_a_missing_table_is_made_again_with_a_warning(path, sample_brief):
    with open_store(path) as store:
        doc = fill(store, sample_brief)
        store._db.execute("DROP TABLE extractions")
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        assert store.lookup(doc, MODEL) is None
        store.save(doc, MODEL, extraction_of(doc))
        assert store.lookup(doc, MODEL) is not None
        assert len(store.briefs("weekly")) == 2                    # the rest is kept
    assert len(warnings) == 1 and "extractions" in warnings[0]


@pytest.mark.parametrize("content", [b"this is not a database at all " * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 4000, b"x"])
def test_an_unreadable_store_is_moved_aside_and_rebuilt(path, content):
    path.write_bytes(content)
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        doc = article()
        store.save(doc, MODEL, extraction_of(doc))
    [aside] = [p for p in path.parent.iterdir() if ".unreadable-" in p.name]
    assert aside.read_bytes() == content                           # kept, never deleted
    assert len(warnings) == 1 and "moved aside" in warnings[0] and aside.name in warnings[0]


def test_a_store_with_damaged_pages_is_moved_aside(path, sample_brief):
    with open_store(path) as store:
        fill(store, sample_brief)
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page + 8: 2 * page] = b"\xa5" * (page - 8)                # an inner page overwritten
    path.write_bytes(bytes(data))
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        assert store.lookup(article(), MODEL) is None
    assert warnings and "moved aside" in warnings[0]


def test_a_flipped_bit_anywhere_never_fails_a_run(path, sample_brief):
    """Flip one bit at many places of a checkpointed store: every open and lookup either works,
    misses with a warning, or moves the store aside; none raises anything but OutputError."""
    with open_store(path) as store:
        fill(store, sample_brief)
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pristine = path.read_bytes()
    doc = article()
    for offset in range(100, len(pristine), 97):
        for extra in path.parent.glob("store.sqlite*"):
            extra.unlink()
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x10
        path.write_bytes(bytes(damaged))
        try:
            with open_store(path, warn=lambda _m: None) as store:
                found = store.lookup(doc, MODEL)
                assert found is None or found == extraction_of(doc), offset
                store.previous_brief("weekly", before=date(2023, 2, 13))
                store.save(doc, MODEL, extraction_of(doc))
        except OutputError:
            pass                                     # a one-line error is allowed; a crash not


def test_a_foreign_sqlite_file_is_refused_before_anything_changes(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(OutputError, match="not a briefgen store"):
        open_store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["store.sqlite"]   # no -wal, -shm


def test_a_store_of_another_application_id_is_refused(path):
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA application_id = 1234")
        db.execute("PRAGMA user_version = 1")
        db.execute("CREATE TABLE briefs (x)")
    with pytest.raises(OutputError, match="not a briefgen store"):
        open_store(path)


def test_a_full_disk_is_said_as_such_with_exit_4(path, sample_brief):
    with open_store(path) as store:
        fill(store, sample_brief)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")      # no room for one more page
        big = article("big.txt", "Officials said 12 people were killed. " * 2000)
        with pytest.raises(OutputError) as caught:
            store.save(big, MODEL, extraction_of(big))
        assert "disk is full" in str(caught.value)
        assert "rollback" not in str(caught.value)
        assert caught.value.exit_code == EXIT_OUTPUT
        assert store.lookup(article(), MODEL) is not None             # nothing lost


def test_a_schema_1_store_is_migrated_keeping_its_briefs(path, sample_brief):
    with open_store(path) as store:
        fill(store, sample_brief)
        db = store._db
        for table in ("extractions", "briefs"):
            db.execute(f"ALTER TABLE {table} DROP COLUMN checksum")
        db.execute("PRAGMA user_version = 1")
        db.execute("PRAGMA application_id = 0")
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as store:
        assert store.lookup(article(), MODEL) == extraction_of(article())
        assert len(store.briefs("weekly")) == 2
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == \
            store_module.SCHEMA_VERSION
    assert warnings == []


def test_build_with_a_damaged_store_warns_and_writes_the_brief(tmp_path):
    store = tmp_path / "cache.sqlite"
    store.write_bytes(b"garbage" * 500)
    out = tmp_path / "brief.json"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(store), "-o", str(out),
                                       "--now", "2026-11-23T09:00:00Z"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "moved aside" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["documents"]

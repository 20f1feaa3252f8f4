"""The SQLite store: cache keys, round trips, crash safety, schema versions, recorded briefs."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import briefgen.store as store_module
from briefgen.errors import OutputError
from briefgen.model import (
    DocExtraction,
    Document,
    Figure,
    Mention,
    OpenQuestion,
    Quote,
    Ref,
    SummaryPoint,
    Trend,
)
from briefgen.store import content_key, open_store

# its own ROOT, not conftest's: a kill test imports this module in a child process without pytest
ROOT = Path(__file__).resolve().parent.parent
MODEL = "en_core_web_sm 3.8.0"


def article(name: str = "visit.txt", text: str = "Officials said 12 people were killed.",
            sha: str | None = None) -> Document:
    paragraphs = ["The minister arrived in the capital on Tuesday.", text]
    doc = Document(id=name, path=f"/inbox/{name}", paragraphs=paragraphs, title="Visit",
                   date="2023-02-08", format="txt", mtime=1675814400.0)
    doc.sha256 = sha or content_key(doc)
    return doc


def extraction_of(doc: Document) -> DocExtraction:
    """Something in every field, as the extractors would produce it."""
    r1 = Ref(doc.id, 1, doc.paragraphs[0], 1)
    r2 = Ref(doc.id, 2, doc.paragraphs[1], 1)
    return DocExtraction(
        document=doc.id,
        mentions=[Mention("the minister", "PERSON", r1, ["minister"], speaker=False)],
        quotes=[Quote("12 people were killed", "indirect", "Officials", [r2], None, "said")],
        figures=[Figure("killed", 12, None, "exact", "12 people were killed", [r2],
                        subject="people", claimed_by="Officials", hedged=False)],
        trends=[Trend("killed", "Deaths rose.", [r2], "up")],
        questions=[OpenQuestion("Who counted the dead?", "unconfirmed", [r2], 0.75)],
        summary=[SummaryPoint(doc.paragraphs[0], [r1], 1.5)],
        events=[{"date": "2023-02-07", "text": doc.paragraphs[0],
                 "sources": [{"document": doc.id, "paragraph": 1, "sentence": 1,
                              "text": doc.paragraphs[0]}]}],
    )


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "out" / ".briefgen-store.sqlite") as opened:
        yield opened


def test_an_extraction_comes_back_equal(store):
    doc = article()
    assert store.lookup(doc, MODEL) is None
    store.save(doc, MODEL, extraction_of(doc))
    assert store.lookup(doc, MODEL) == extraction_of(doc)
    assert (store.hits, store.saves) == (1, 1)


def test_the_key_is_content_model_and_version(store, monkeypatch):
    doc = article()
    store.save(doc, MODEL, extraction_of(doc))
    edited = article(text="Officials said 13 people were killed.")
    assert edited.sha256 != doc.sha256
    assert store.lookup(edited, MODEL) is None
    assert store.lookup(doc, "en_core_web_md 3.8.0") is None
    monkeypatch.setattr(store_module, "fingerprint", lambda: "0.1.0+other-rules")
    assert store.lookup(doc, MODEL) is None          # new extraction rules: extract again
    monkeypatch.undo()
    assert store.lookup(doc, MODEL) is not None


def test_same_content_under_another_name_cites_that_name(store):
    original = article("a.txt")
    store.save(original, MODEL, extraction_of(original))
    copy = replace(article("b.txt"), sha256=original.sha256)
    found = store.lookup(copy, MODEL)
    assert found == extraction_of(copy)
    assert found.events[0]["sources"][0]["document"] == "b.txt"


def test_a_row_the_model_cannot_read_is_a_miss_not_a_misread(store):
    doc = article()
    store.save(doc, MODEL, extraction_of(doc))
    broken = extraction_of(doc).to_dict()
    del broken["mentions"][0]["label"]
    store._db.execute("UPDATE extractions SET extraction = ?", (json.dumps(broken),))
    assert store.lookup(doc, MODEL) is None


def test_documents_are_recorded_with_their_metadata(store):
    first = article()
    store.remember([first])
    [row] = store.documents()
    assert (row["path"], row["id"]) == ("/inbox/visit.txt", "visit.txt")
    assert row["sha256"] == first.sha256
    assert row["metadata"]["date"] == "2023-02-08" and row["metadata"]["words"] == first.words
    changed = article(text="Officials said 13 people were killed.")
    store.save(changed, MODEL, extraction_of(changed))
    [updated] = store.documents()
    assert updated["sha256"] == changed.sha256
    assert updated["first_seen"] == row["first_seen"]


def test_documents_built_in_code_are_keyed_by_their_text():
    doc = Document(id="x", path="x", paragraphs=["One."])
    other = Document(id="y", path="y", paragraphs=["Two."])
    assert content_key(doc) != content_key(other)
    assert content_key(doc) == content_key(Document(id="z", path="z", paragraphs=["One."]))
    assert content_key(replace(doc, sha256="abc")) == "abc"


def test_wal_journal_and_schema_version(store):
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION


def test_a_store_from_a_newer_briefgen_is_refused_untouched(tmp_path):
    path = tmp_path / "store.sqlite"
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION + 1}")
    with pytest.raises(OutputError, match="newer briefgen"):
        open_store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION + 1


def test_a_store_from_an_older_briefgen_is_rebuilt(tmp_path, monkeypatch, sample_brief):
    path = tmp_path / "store.sqlite"
    doc = article()
    with open_store(path) as old:
        old.save(doc, MODEL, extraction_of(doc))
        old.record_brief("weekly", date(2023, 2, 6), date(2023, 2, 12), sample_brief, [])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    warnings: list[str] = []
    with open_store(path, warn=warnings.append) as new:
        assert new.lookup(doc, MODEL) is None
        assert new.briefs("weekly") == []
        assert new._db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
    assert len(warnings) == 1 and "older briefgen" in warnings[0] and str(path) in warnings[0]


def test_other_files_are_not_mistaken_for_a_store(tmp_path):
    foreign = tmp_path / "app.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(OutputError, match="not a briefgen store"):
        open_store(foreign)
    with sqlite3.connect(foreign) as db:          # refused before anything changed
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not foreign.with_name("app.sqlite-wal").exists()


def test_a_writer_killed_half_way_keeps_every_committed_document(tmp_path):
    """SIGKILL after the fifth save: those five survive, the store stays sound, work resumes."""
    path = tmp_path / "store.sqlite"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.test_store import article, extraction_of, MODEL
        from briefgen.store import open_store
        store = open_store({str(path)!r})
        for i in range(10):
            doc = article(f"d{{i}}.txt", f"Officials said {{i}} people were killed.")
            store.save(doc, MODEL, extraction_of(doc))
            if i == 4:
                os.kill(os.getpid(), signal.SIGKILL)
    """)
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    assert process.returncode == -signal.SIGKILL, process.stderr
    docs = [article(f"d{i}.txt", f"Officials said {i} people were killed.") for i in range(10)]
    with open_store(path) as reopened:
        assert reopened._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = [reopened.lookup(d, MODEL) is not None for d in docs]
        assert found == [True] * 5 + [False] * 5
        assert len(reopened.documents()) == 5
        for doc in docs[5:]:                       # the next run carries on where it stopped
            reopened.save(doc, MODEL, extraction_of(doc))
        assert reopened.extraction_count() == 10


def test_briefs_are_recorded_replaced_and_compared_with_earlier_windows(store, sample_brief):
    w06, w07 = (date(2023, 2, 6), date(2023, 2, 12)), (date(2023, 2, 13), date(2023, 2, 19))
    store.record_brief("weekly", *w06, sample_brief, ["/out/weekly-2023-W06.pdf"])
    store.record_brief("other", *w07, sample_brief, [])
    assert store.previous_brief("weekly", before=w06[0]) is None
    record, data = store.previous_brief("weekly", before=w07[0])
    assert (record.start, record.end, record.outputs) == (*w06, ["/out/weekly-2023-W06.pdf"])
    assert data == json.loads(sample_brief.to_json())

    store.record_brief("weekly", *w07, replace(sample_brief, title="First try"), [])
    store.record_brief("weekly", *w07, replace(sample_brief, title="Second try"), ["/out/b.pdf"])
    records = store.briefs("weekly")
    assert [(r.start, r.title, r.documents) for r in records] == [
        (w06[0], sample_brief.title, 2), (w07[0], "Second try", 2)]
    # A rerun of W07 still compares with W06, never with itself.
    assert store.previous_brief("weekly", before=w07[0])[0].start == w06[0]

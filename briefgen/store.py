"""The embedded store: documents read, their extractions, and the briefs scheduled runs produced.

One SQLite file (standard library, no server). It is the `api.ExtractionCache` of scheduled runs:
an extraction is reused only when the document's content hash, the spaCy pipeline and the briefgen
version all match, so an upgrade never serves stale results. Each document is committed in its
own transaction (WAL journal), so a run killed half-way keeps everything already saved.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from . import __version__
from .errors import OutputError
from .extract import fingerprint
from .model import Brief, DocExtraction, Document

# Bump when the tables change; a store with an older number is rebuilt, a newer one refused.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    path       TEXT PRIMARY KEY,
    id         TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    metadata   TEXT NOT NULL,          -- JSON: title, source, date, url, format, mtime, words
    first_seen TEXT NOT NULL
);
CREATE TABLE extractions (
    sha256     TEXT NOT NULL,
    model      TEXT NOT NULL,          -- the spaCy pipeline label, e.g. "en_core_web_sm 3.8.0"
    version    TEXT NOT NULL,          -- the briefgen version that extracted it
    document   TEXT NOT NULL,          -- the document id the Refs inside carry
    extraction TEXT NOT NULL,          -- JSON of DocExtraction.to_dict()
    created    TEXT NOT NULL,
    PRIMARY KEY (sha256, model, version)
);
CREATE TABLE briefs (
    profile      TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end   TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    title        TEXT NOT NULL,
    documents    INTEGER NOT NULL,
    outputs      TEXT NOT NULL,        -- JSON list of the files written
    brief        TEXT NOT NULL,        -- the briefgen.brief/1 JSON
    PRIMARY KEY (profile, window_start, window_end)
);
"""


@dataclass
class BriefRecord:
    """One brief a profile produced, as `briefgen history` lists it."""

    profile: str
    start: date
    end: date
    generated_at: str
    recorded_at: str
    title: str
    documents: int
    outputs: list[str]


class Store:
    """An open store; use `open_store`. Implements api.ExtractionCache."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection
        self.hits = 0      # extractions served from the store during this session
        self.saves = 0     # extractions computed and saved during this session

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: two runs sharing a store wait (busy timeout)
        # instead of failing half-way through a transaction.
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write to the store: {exc}", self.path) from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK")
            raise OutputError(f"cannot write to the store: {exc}", self.path) from exc

    # -- documents and extractions (api.ExtractionCache) -------------------------------------

    def lookup(self, document: Document, model: str) -> DocExtraction | None:
        row = self._db.execute(
            "SELECT document, extraction FROM extractions WHERE sha256 = ? AND model = ? "
            "AND version = ?", (content_key(document), model, fingerprint())).fetchone()
        if row is None:
            return None
        data = json.loads(row[1])
        if row[0] != document.id:
            # Same content under another name: the Refs must point at this document.
            data = _renamed(data, row[0], document.id)
        try:
            extraction = DocExtraction.from_dict(data)
        except (KeyError, TypeError):
            return None      # written by a build whose DocExtraction differed: recompute
        self.hits += 1
        return extraction

    def save(self, document: Document, model: str, extraction: DocExtraction) -> None:
        now = _utcnow()
        with self._transaction() as db:
            self._remember(db, document, now)
            db.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                       (content_key(document), model, fingerprint(), document.id,
                        json.dumps(extraction.to_dict(), ensure_ascii=False), now))
        self.saves += 1

    def remember(self, documents: Sequence[Document]) -> None:
        """Record every document read (path, content hash, metadata), cached or not."""
        now = _utcnow()
        with self._transaction() as db:
            for document in documents:
                self._remember(db, document, now)

    @staticmethod
    def _remember(db: sqlite3.Connection, document: Document, now: str) -> None:
        metadata = {"title": document.title, "source": document.source, "date": document.date,
                    "url": document.url, "format": document.format, "mtime": document.mtime,
                    "words": document.words}
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
            "id = excluded.id, sha256 = excluded.sha256, metadata = excluded.metadata",
            (document.path, document.id, content_key(document),
             json.dumps(metadata, ensure_ascii=False), now))

    def documents(self) -> list[dict[str, Any]]:
        """Every document ever recorded, by path."""
        rows = self._db.execute(
            "SELECT path, id, sha256, metadata, first_seen FROM documents ORDER BY path")
        return [{"path": p, "id": i, "sha256": s, "metadata": json.loads(m), "first_seen": f}
                for p, i, s, m, f in rows]

    def extraction_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM extractions").fetchone()[0]

    # -- briefs ------------------------------------------------------------------------------

    def record_brief(self, profile: str, start: date, end: date, brief: Brief,
                     outputs: Sequence[str | Path]) -> None:
        """Keep the brief of a window; a rerun of the same window replaces it."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (profile, start.isoformat(), end.isoformat(), brief.generated_at,
                        _utcnow(), brief.title, len(brief.documents),
                        json.dumps([str(p) for p in outputs]), brief.to_json()))

    def previous_brief(self, profile: str, before: date) -> tuple[BriefRecord, dict] | None:
        """The latest brief of `profile` whose window starts before `before`, with its JSON.

        Only earlier windows count, so rerunning a week compares with the same brief again.
        """
        row = self._db.execute(
            f"SELECT {_RECORD_COLUMNS}, brief FROM briefs WHERE profile = ? AND window_start < ? "
            "ORDER BY window_start DESC, window_end DESC LIMIT 1",
            (profile, before.isoformat())).fetchone()
        if row is None:
            return None
        return _record(row[:-1]), json.loads(row[-1])

    def briefs(self, profile: str) -> list[BriefRecord]:
        rows = self._db.execute(f"SELECT {_RECORD_COLUMNS} FROM briefs WHERE profile = ? "
                                "ORDER BY window_start, window_end", (profile,))
        return [_record(row) for row in rows]


_RECORD_COLUMNS = ("profile, window_start, window_end, generated_at, recorded_at, title, "
                   "documents, outputs")


def _record(row: Sequence[Any]) -> BriefRecord:
    profile, start, end, generated_at, recorded_at, title, documents, outputs = row
    return BriefRecord(profile, date.fromisoformat(start), date.fromisoformat(end), generated_at,
                       recorded_at, title, documents, json.loads(outputs))


def open_store(path: str | Path, *, warn: Callable[[str], None] | None = None) -> Store:
    """Open (creating if needed) the store at `path`, rebuilding one left by an older briefgen."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(f"cannot open the store: {exc}", path) from exc
    try:
        _prepare(db, path, warn)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise OutputError(f"not a briefgen store ({exc}); move it away or pick another with "
                          "--store", path) from exc
    except BaseException:
        db.close()
        raise
    return Store(path, db)


def _prepare(db: sqlite3.Connection, path: Path, warn: Callable[[str], None] | None) -> None:
    db.execute("PRAGMA journal_mode = WAL")       # also the first read: fails on a non-database
    db.execute("PRAGMA synchronous = NORMAL")     # in WAL mode: safe against a killed process
    db.execute("BEGIN IMMEDIATE")                 # two first runs must not both create tables
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:
            raise OutputError(f"made by a newer briefgen (store schema {version}, this one reads "
                              f"{SCHEMA_VERSION}); upgrade briefgen or pick another with --store",
                              path)
        if version == 0 and tables:
            raise OutputError("not a briefgen store (it holds other tables); pick another with "
                              "--store", path)
        if 0 < version < SCHEMA_VERSION:
            if warn:
                warn(f"{path}: store from an older briefgen (schema {version}) rebuilt; "
                     "documents will be extracted again and past briefs are forgotten")
            for table in tables:
                db.execute(f'DROP TABLE "{table}"')
        if version != SCHEMA_VERSION:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('created_by', ?)", (f"briefgen {__version__}",))
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def content_key(document: Document) -> str:
    """The document's content hash; documents built in code (no file) hash their text."""
    if document.sha256:
        return document.sha256
    payload = json.dumps([document.title, document.source, document.date, document.url,
                          document.paragraphs], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _renamed(data: Any, old: str, new: str) -> Any:
    """Replace the document id `old` by `new` wherever a "document" key holds it."""
    if isinstance(data, dict):
        return {k: (new if k == "document" and v == old else _renamed(v, old, new))
                for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed(v, old, new) for v in data]
    return data


def _utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")

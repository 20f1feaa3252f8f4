"""The embedded store: documents read, their extractions, and the briefs scheduled runs produced.

One SQLite file (standard library, no server). It is the `api.ExtractionCache` of scheduled runs:
an extraction is reused only when the document's content hash, the spaCy pipeline and the briefgen
version all match, so an upgrade never serves stale results. Each document is committed in its
own transaction (WAL journal), so a run killed half-way keeps everything already saved.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from . import __version__
from .errors import OutputError
from .extract import fingerprint
from .model import Brief, DocExtraction, Document

# Bump when the tables change; a store with an older number is migrated (see _MIGRATIONS) or
# rebuilt, a newer one refused.
SCHEMA_VERSION = 4
# Written into every store this briefgen creates ("BRGF"), so a store is told from other SQLite
# files by its header alone, before anything in it is changed.
APPLICATION_ID = 0x42524746
_SQLITE_HEADER = b"SQLite format 3\x00"

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
    checksum   TEXT,                   -- sha256 of `extraction`: a flipped bit is a miss
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
    checksum     TEXT,                 -- sha256 of `outputs` and `brief`
    PRIMARY KEY (profile, window_start, window_end)
);
CREATE TABLE assembled (
    key        TEXT PRIMARY KEY,       -- assembly_key(): documents, options, code and model
    state      TEXT NOT NULL,          -- JSON of the assembled brief (brief_state)
    created    TEXT NOT NULL,
    checksum   TEXT NOT NULL           -- sha256 of `state`
);
CREATE TABLE rendered (
    key        TEXT PRIMARY KEY,       -- render.cache.render_key(): brief, format, template, code
    format     TEXT NOT NULL,
    data       BLOB NOT NULL,          -- the file's bytes
    info       TEXT NOT NULL,          -- JSON: files read beyond the key, warnings given
    size       INTEGER NOT NULL,
    created    TEXT NOT NULL,
    checksum   TEXT NOT NULL           -- sha256 of `data` and `info`
);
"""
# From schema N to N + 1 without losing what is stored.
_MIGRATIONS = {
    1: ("ALTER TABLE extractions ADD COLUMN checksum TEXT",
        "ALTER TABLE briefs ADD COLUMN checksum TEXT"),
    2: (_SCHEMA[_SCHEMA.index("CREATE TABLE assembled"):_SCHEMA.index("CREATE TABLE rendered")]
        .rstrip().rstrip(";").replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"),),
    3: (_SCHEMA[_SCHEMA.index("CREATE TABLE rendered"):].rstrip().rstrip(";")
        .replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"),),
}
_TABLES = ("meta", "documents", "extractions", "briefs", "assembled", "rendered")
_FIRST_TABLES = _TABLES[:4]        # what every schema since 1 has: migrations start from these
# Assembled briefs kept: a few windows of a few profiles (each row is one whole brief).
_ASSEMBLED_KEPT = 32
# Rendered files kept: the newest 32 (a weekly profile's formats of several weeks), and of those
# no more than _RENDERED_BYTES together (the newest is always kept).
_RENDERED_KEPT = 32
_RENDERED_BYTES = 128 * 1024 * 1024


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
    """An open store; use `open_store`. Implements api.ExtractionCache.

    A row that cannot be read back (bytes changed on disk, invalid JSON, a brief of another
    shape) is never served: it is dropped with a warning and its content computed again."""

    def __init__(self, path: Path, connection: sqlite3.Connection,
                 warn: Callable[[str], None] | None = None):
        self.path = path
        self._db = connection
        self._warn = warn or (lambda _message: None)
        self.hits = 0      # extractions served from the store during this session
        self.saves = 0     # extractions computed and saved during this session
        self.render_hits = 0    # rendered files served from the store
        self.render_saves = 0   # rendered files saved

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
            raise write_error(exc, self.path) from exc
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            # SQLite has already rolled back after some errors (a full disk): rolling back
            # again would replace the real reason with "no transaction is active".
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise write_error(exc, self.path) from exc
            raise

    def _drop(self, what: str, sql: str, key: Sequence[Any]) -> None:
        """Forget a row that cannot be read; its content is computed again."""
        self._warn(f"{self.path}: {what} could not be read back and is dropped; "
                   "it will be computed again")
        with suppress(sqlite3.Error, OutputError):
            with self._transaction() as db:
                db.execute(sql, key)

    # -- documents and extractions (api.ExtractionCache) -------------------------------------

    def lookup(self, document: Document, model: str) -> DocExtraction | None:
        key = (content_key(document), model, fingerprint())
        drop = "DELETE FROM extractions WHERE sha256 = ? AND model = ? AND version = ?"
        what = f"the stored extraction of {document.path or document.id}"
        try:
            row = self._db.execute(
                "SELECT document, extraction, checksum FROM extractions WHERE sha256 = ? "
                "AND model = ? AND version = ?", key).fetchone()
        except sqlite3.DatabaseError:         # e.g. bytes that are no longer UTF-8
            self._drop(what, drop, key)
            return None
        if row is None:
            return None
        stored_id, text, checksum = row
        try:
            if checksum is not None and checksum != _checksum(text):
                raise ValueError("checksum differs")
            data = json.loads(text)
            if stored_id != document.id:
                # Same content under another name: the Refs must point at this document.
                data = _renamed(data, stored_id, document.id)
            extraction = DocExtraction.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError):
            # Damaged, or written by a build whose DocExtraction differed: recompute.
            self._drop(what, drop, key)
            return None
        self.hits += 1
        return extraction

    def save(self, document: Document, model: str, extraction: DocExtraction) -> None:
        now = _utcnow()
        text = json.dumps(extraction.to_dict(), ensure_ascii=False)
        with self._transaction() as db:
            self._remember(db, document, now)
            db.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (content_key(document), model, fingerprint(), document.id, text, now,
                        _checksum(text)))
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
        """Every document ever recorded, by path (a row that cannot be read is dropped)."""
        result = []
        for rowid, path, doc_id, sha, metadata, first in self._rows(
                "SELECT rowid, path, id, sha256, metadata, first_seen FROM documents "
                "ORDER BY path", (), "the document list"):
            try:
                meta = json.loads(metadata)
                if not isinstance(meta, dict):
                    raise ValueError("not an object")
            except (ValueError, TypeError):
                self._drop(f"the record of document {path}", "DELETE FROM documents "
                           "WHERE rowid = ?", (rowid,))
                continue
            result.append({"path": path, "id": doc_id, "sha256": sha, "metadata": meta,
                           "first_seen": first})
        return result

    def extraction_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM extractions").fetchone()[0]

    def _rows(self, sql: str, args: Sequence[Any], what: str) -> list[tuple]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise OutputError(f"{what} in the store cannot be read ({exc}); move the store "
                              "away and run again to rebuild it", self.path) from exc

    # -- assembled briefs (reruns) -------------------------------------------------------------

    def lookup_assembled(self, key: str, documents: Sequence[Document]) -> Brief | None:
        """The brief assembled earlier from exactly these documents and options, or None.

        Its documents are the ones given (read again this run); generated_at is left for the
        caller to set. Each document counts as served from the store."""
        drop = "DELETE FROM assembled WHERE key = ?"
        try:
            row = self._db.execute("SELECT state, checksum FROM assembled WHERE key = ?",
                                   (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._drop("a stored assembled brief", drop, (key,))
            return None
        if row is None:
            return None
        text, checksum = row
        try:
            if checksum != _checksum(text):
                raise ValueError("checksum differs")
            brief = brief_from_state(json.loads(text), documents)
        except (ValueError, KeyError, TypeError, AttributeError):
            self._drop("a stored assembled brief", drop, (key,))
            return None
        self.hits += len(documents)
        return brief

    def save_assembled(self, key: str, brief: Brief) -> None:
        text = json.dumps(brief_state(brief), ensure_ascii=False)   # key order is output order
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO assembled VALUES (?, ?, ?, ?)",
                       (key, text, _utcnow(), _checksum(text)))
            db.execute("DELETE FROM assembled WHERE key NOT IN (SELECT key FROM assembled "
                       "ORDER BY created DESC, rowid DESC LIMIT ?)", (_ASSEMBLED_KEPT,))

    # -- rendered files (reruns) ----------------------------------------------------------------

    def lookup_rendered(self, key: str, current: Callable[[Any], bool]
                        ) -> tuple[bytes, list[str]] | None:
        """The bytes rendered earlier under `key` and the warnings given while rendering them,
        or None. `current` is asked whether the files the rendering read beyond the key are as
        they were (a changed one is a miss; the new rendering replaces the entry). An entry
        whose bytes or notes changed on disk is dropped, never served."""
        drop = "DELETE FROM rendered WHERE key = ?"
        try:
            row = self._db.execute("SELECT data, info, checksum FROM rendered WHERE key = ?",
                                   (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._drop("a stored rendered file", drop, (key,))
            return None
        if row is None:
            return None
        data, text, checksum = row
        try:
            if not isinstance(data, bytes) or not isinstance(text, str) or \
                    checksum != _render_checksum(data, text):
                raise ValueError("checksum differs")
            info = json.loads(text)
            if not isinstance(info, dict) or not isinstance(info.get("warnings"), list) or \
                    not all(isinstance(w, str) for w in info["warnings"]):
                raise ValueError("not a rendered file's notes")
        except (ValueError, TypeError):
            self._drop("a stored rendered file", drop, (key,))
            return None
        if not current(info.get("files")):
            return None
        self.render_hits += 1
        return data, info["warnings"]

    def save_rendered(self, key: str, fmt: str, data: bytes, info: dict[str, Any]) -> None:
        text = json.dumps(info, ensure_ascii=False, sort_keys=True)
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (key, fmt, data, text, len(data), _utcnow(), _render_checksum(data, text)))
            db.execute("DELETE FROM rendered WHERE key NOT IN (SELECT key FROM rendered "
                       "ORDER BY created DESC, rowid DESC LIMIT ?)", (_RENDERED_KEPT,))
            db.execute("DELETE FROM rendered WHERE key != ? AND key IN (SELECT key FROM "
                       "(SELECT key, sum(size) OVER (ORDER BY created DESC, rowid DESC) AS "
                       "running FROM rendered) WHERE running > ?)", (key, _RENDERED_BYTES))
        self.render_saves += 1

    # -- briefs ------------------------------------------------------------------------------

    def record_brief(self, profile: str, start: date, end: date, brief: Brief,
                     outputs: Sequence[str | Path], text: str | None = None) -> None:
        """Keep the brief of a window (`text`: its JSON, when the caller has it already); a rerun
        of the same window replaces it."""
        files = json.dumps([str(p) for p in outputs])
        text = brief.to_json() if text is None else text
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (profile, start.isoformat(), end.isoformat(), brief.generated_at,
                        _utcnow(), brief.title, len(brief.documents), files, text,
                        _checksum(files + text)))

    def previous_brief(self, profile: str, before: date) -> tuple[BriefRecord, dict] | None:
        """The latest brief of `profile` whose window starts before `before`, with its JSON.

        Only earlier windows count, so rerunning a week compares with the same brief again.
        A recorded brief that cannot be read is dropped, and the one before it is used.
        """
        rows = self._rows(
            f"SELECT rowid, {_RECORD_COLUMNS}, brief, checksum FROM briefs WHERE profile = ? "
            "AND window_start < ? ORDER BY window_start DESC, window_end DESC",
            (profile, before.isoformat()), "the recorded briefs")
        for row in rows:
            found = self._brief_row(row[:-2], row[-2], row[-1])
            if found is not None:
                return found
        return None

    def briefs(self, profile: str) -> list[BriefRecord]:
        rows = self._rows(f"SELECT rowid, {_RECORD_COLUMNS}, brief, checksum FROM briefs "
                          "WHERE profile = ? ORDER BY window_start, window_end", (profile,),
                          "the recorded briefs")
        found = (self._brief_row(row[:-2], row[-2], row[-1]) for row in rows)
        return [record for record, _ in filter(None, found)]

    def _brief_row(self, row: Sequence[Any], text: Any, checksum: Any
                   ) -> tuple[BriefRecord, dict] | None:
        rowid, *columns = row
        try:
            if checksum is not None and checksum != _checksum(str(columns[-1]) + str(text)):
                raise ValueError("checksum differs")
            record = _record(columns)
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(record.outputs, list):
                raise ValueError("not a brief")
            _check_shape(data)
        except (ValueError, TypeError, KeyError):
            self._drop(f"the recorded brief of {columns[0]!r} for {columns[1]}..{columns[2]}",
                       "DELETE FROM briefs WHERE rowid = ?", (rowid,))
            return None
        return record, data


_RECORD_COLUMNS = ("profile, window_start, window_end, generated_at, recorded_at, title, "
                   "documents, outputs")


# What "what changed" reads of an earlier brief: the lists, and in each item these keys.
_BRIEF_SHAPE = {"actors": {"name": str, "aliases": list}, "quotes": {"text": str},
                "figures": {"category": str, "qualifier": str},
                "open_questions": {"question": str, "kind": str}}


def _check_shape(data: dict[str, Any]) -> None:
    """ValueError unless `data` has the shape of a briefgen.brief/1 brief where it is read."""
    for key, fields_ in _BRIEF_SHAPE.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise ValueError(f"{key} is not a list")
        for item in items:
            if not isinstance(item, dict) or not all(isinstance(item.get(f), kind)
                                                     for f, kind in fields_.items()):
                raise ValueError(f"an item of {key} is malformed")
            if key == "figures" and not all(isinstance(item.get(f), (int, type(None)))
                                            for f in ("low", "high")):
                raise ValueError("a figure's numbers are malformed")


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _render_checksum(data: bytes, info: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(b"\0" + info.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def write_error(exc: BaseException, path: Path) -> OutputError:
    """The store could not be written: a full disk said as such, else SQLite's reason."""
    if is_disk_full(exc):
        return OutputError("the disk is full: the store could not be written; free some space "
                           "and run again", path)
    return OutputError(f"cannot write to the store: {exc}", path)


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.Error) and (
        getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        or "database or disk is full" in str(exc))


def _record(row: Sequence[Any]) -> BriefRecord:
    profile, start, end, generated_at, recorded_at, title, documents, outputs = row
    return BriefRecord(profile, date.fromisoformat(start), date.fromisoformat(end), generated_at,
                       recorded_at, title, documents, json.loads(outputs))


def open_store(path: str | Path, *, warn: Callable[[str], None] | None = None) -> Store:
    """Open (creating if needed) the store at `path`.

    Another program's SQLite file, or a store of a newer briefgen, is refused before anything
    in it changes. A store that cannot be read (damaged, or not a database at all) is moved
    aside, never deleted, and a new one is built, with a warning; one left by an older
    briefgen is migrated, or rebuilt when it cannot be."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot open the store: {exc.strerror or exc}", path) from exc
    problem = _inspect(path)
    if problem is not None:
        _move_aside(path, problem, warn)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot open the store: {exc}", path) from exc
    try:
        _prepare(db, path, warn)
    except sqlite3.DatabaseError as exc:
        db.close()
        if is_disk_full(exc):
            raise write_error(exc, path) from exc
        raise OutputError(f"cannot open the store: {exc}", path) from exc
    except BaseException:
        db.close()
        raise
    return Store(path, db, warn)


def _inspect(path: Path) -> str | None:
    """Look at an existing store without changing it: OutputError for a file that is not ours
    to touch, the reason for one that is ours (or no database at all) but cannot be read, else
    None. The connection is read-only, so no journal mode is switched on a foreign file."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot read the store: {exc.strerror or exc}", path) from exc
    if not header:
        return None                                    # an empty file: a new store
    if not header.startswith(_SQLITE_HEADER) or len(header) < 100:
        return "it is not an SQLite database"
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot read the store: {exc}", path) from exc
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = app_id not in (0, APPLICATION_ID) or (version == 0 and tables) or (
            app_id == 0 and tables and not tables & set(_TABLES))
        if foreign:
            raise OutputError("not a briefgen store (another program's SQLite file); pick "
                              "another with --store", path)
        if version > SCHEMA_VERSION:
            raise OutputError(f"made by a newer briefgen (store schema {version}, this one "
                              f"reads {SCHEMA_VERSION}); upgrade briefgen or pick another with "
                              "--store", path)
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return f"it is damaged ({check})"
    except sqlite3.DatabaseError as exc:
        return f"it cannot be read ({exc})"
    finally:
        db.close()
    return None


def _move_aside(path: Path, problem: str, warn: Callable[[str], None] | None) -> None:
    """Rename an unreadable store (and its journal files) to a dated name beside it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
        os.replace(path, aside)
    except OSError as exc:
        raise OutputError(f"the store cannot be read ({problem}) and cannot be moved aside: "
                          f"{exc.strerror or exc}", path) from exc
    if warn:
        warn(f"{path}: the store cannot be used ({problem}); moved aside to {aside.name} and "
             "a new one built: documents will be extracted again and earlier briefs are not "
             "compared")


def _prepare(db: sqlite3.Connection, path: Path, warn: Callable[[str], None] | None) -> None:
    db.execute("PRAGMA journal_mode = WAL")       # only once the file is known to be ours
    db.execute("PRAGMA synchronous = NORMAL")     # in WAL mode: safe against a killed process
    db.execute("BEGIN IMMEDIATE")                 # two first runs must not both create tables
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:              # made newer between inspection and now
            raise OutputError(f"made by a newer briefgen (store schema {version}); upgrade "
                              "briefgen or pick another with --store", path)
        while 0 < version < SCHEMA_VERSION and version in _MIGRATIONS and \
                tables >= set(_FIRST_TABLES):
            for statement in _MIGRATIONS[version]:
                db.execute(statement)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
            tables = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if 0 < version < SCHEMA_VERSION:
            if warn:
                warn(f"{path}: store from an older briefgen (schema {version}) rebuilt; "
                     "documents will be extracted again and past briefs are forgotten")
            for table in tables:
                db.execute(f'DROP TABLE "{table}"')
            tables = set()
        missing = [t for t in _TABLES if t not in tables]
        if version == SCHEMA_VERSION and missing and warn:
            warn(f"{path}: the store had lost its table(s) {', '.join(missing)}; made again "
                 "(what they held will be computed again)")
        for statement in _SCHEMA.split(";"):
            name = statement.split("(")[0].split()[-1] if statement.strip() else None
            if name in missing:
                db.execute(statement)
        if "meta" in missing:
            db.execute("INSERT INTO meta VALUES ('created_by', ?)", (f"briefgen {__version__}",))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        if db.in_transaction:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def content_key(document: Document) -> str:
    """The document's content hash; documents built in code (no file) hash their text.

    A file cut by a limit is keyed with the limits it reached, so that its shortened
    extraction is never taken for the whole file's (or for one cut elsewhere)."""
    if document.sha256 and document.truncated:
        key = document.sha256 + "|" + ",".join(sorted(document.truncated))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()
    if document.sha256:
        return document.sha256
    payload = json.dumps([document.title, document.source, document.date, document.url,
                          document.paragraphs], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def assembly_key(documents: Sequence[Document], model: str, options: dict[str, Any]) -> str:
    """What an assembled brief depends on: each document's content and metadata in input order,
    the options that shape assembly, the extraction and assembly code, and the pipeline."""
    from .assemble import fingerprint as assembly_fingerprint

    payload = json.dumps([_STATE_VERSION, assembly_fingerprint(), model, options,
                          [[content_key(d), d.summary()] for d in documents]],
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# The layout of brief_state(); a new one makes every stored assembled brief a miss.
_STATE_VERSION = 2
# Brief fields a stored assembled brief leaves out: documents are kept by id, the time of the run
# and the changes since the last brief belong to each run.
_PER_RUN = ("documents", "generated_at", "changes")
# Brief fields holding lists of items, with each item's type and the field of its refs.
_ITEM_LISTS = {"summary": ("SummaryPoint", "sources"), "actors": ("Actor", None),
               "quotes": ("Quote", "sources"), "figures": ("Figure", "sources"),
               "trends": ("Trend", "sources"), "open_questions": ("OpenQuestion", "evidence")}


def brief_state(brief: Brief) -> dict[str, Any]:
    """Everything of an assembled brief but what belongs to each run (_PER_RUN), including the
    ranking keys the JSON leaves out, so it is rebuilt exactly. Every other field of Brief is
    kept, so a field added to Brief is cached without touching this function."""
    from dataclasses import asdict, fields

    state: dict[str, Any] = {"documents": [d.id for d in brief.documents]}
    for spec in fields(brief):
        if spec.name in _PER_RUN:
            continue
        value = getattr(brief, spec.name)
        state[spec.name] = [asdict(item) for item in value] if spec.name in _ITEM_LISTS \
            else value
    return state


def brief_from_state(data: dict[str, Any], documents: Sequence[Document]) -> Brief:
    """The Brief of brief_state(), with these documents; KeyError when one is missing."""
    from dataclasses import fields

    from . import model

    by_id = {d.id: d for d in documents}
    values: dict[str, Any] = {"generated_at": "", "documents": [by_id[i] for i in data["documents"]]}
    for spec in fields(Brief):
        if spec.name in _PER_RUN or spec.name not in data:
            continue
        value = data[spec.name]
        if spec.name in _ITEM_LISTS:
            kind_name, ref_field = _ITEM_LISTS[spec.name]
            kind = getattr(model, kind_name)
            items = []
            for item in value:
                item = dict(item)
                if ref_field:
                    item[ref_field] = [model.Ref(**r) for r in item[ref_field]]
                items.append(kind(**item))
            value = items
        values[spec.name] = value
    return Brief(**values)


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

"""Opening the clinic database file with the right pragmas, and bringing its schema up to date.

Imports sqlite3/sqlite-utils and the migrations; nothing from services or ui.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path

# Re-exported: services name the handle's type from here, never importing sqlite_utils.
from sqlite_utils import Database as Database

from ..domain.errors import DatabaseBusyError
from .migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 5000


class ClinicDatabase(Database):
    """A sqlite-utils Database whose outermost `atomic()` takes the write lock as it begins.

    With a deferred BEGIN, a service that reads (the version it will check) and then writes cannot
    wait for another instance that is writing: SQLite refuses the upgrade at once ("database is
    locked", its snapshot is stale) and the busy timeout never applies. BEGIN IMMEDIATE waits for
    the lock first (up to the busy timeout), so the read sees the other instance's commit and a
    stale version is a ConflictError; a lock held longer than that is a DatabaseBusyError the
    person can read, not a crash. Nested blocks stay savepoints.
    """

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise DatabaseBusyError(
                "The clinic database is busy: another window or computer is saving. Nothing "
                "was written; try again in a moment.") from exc
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def connect(path: Path | str) -> Database:
    """Open (creating if needed) a database with WAL, foreign keys and full sync; no migrations."""
    memory = str(path) == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    # No sqlite-utils plugins: we ship none, and looking for them scans every installed
    # distribution's entry points (importlib.metadata), about 11 ms of each start.
    db = ClinicDatabase(conn, execute_plugins=False)
    if not memory:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def pending_migrations(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def schema_version(db: Database) -> int:
    """How many of our migrations this database has applied."""
    return len(MIGRATIONS.applied(db))


def migrate(db: Database, *, backup_dir: Path | None = None) -> Path | None:
    """Apply pending migrations; an existing non-empty file is first copied to `backup_dir`.

    Returns the path of the copy, if one was made.
    """
    pending = pending_migrations(db)
    if not pending:
        return None
    copy = None
    if backup_dir is not None and schema_version(db) > 0:
        copy = _copy_aside(db, backup_dir)
    MIGRATIONS.apply(db)
    return copy


def _copy_aside(db: Database, backup_dir: Path) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"before-upgrade-v{schema_version(db)}-{stamp}.db"
    db.conn.execute("VACUUM INTO ?", [str(target)])
    return target


def open_database(path: Path | str, *, backup_dir: Path | None = None) -> Database:
    """Open the clinic database and apply any pending migrations (copying the file aside first)."""
    db = connect(path)
    migrate(db, backup_dir=backup_dir)
    return db


"""The cheap part of the start-up check: is this file a SQLite database whose header and schema can
be read, and is its schema up to date? About a millisecond on any size of file (it reads the
100-byte header and the schema), against ~120 ms for `PRAGMA quick_check` on a 200 MiB clinic,
which reads every page. The full check still runs at every start, on another thread (ui/startup_check).

Only sqlite3 and the standard library: it must work on a file too damaged for sqlite-utils.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_MAGIC = b"SQLite format 3\x00"


def header_problems(path: Path | str) -> list[str]:
    """Problems with the file's header or schema ([] when it looks like a sound SQLite database).

    Catches a file that is not a database, a garbled header, a copy cut short (the header counts
    more pages than the file holds) and a schema SQLite cannot parse. Not a substitute for
    `PRAGMA quick_check`: damage inside the tables and indexes is only found by reading them.
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            header = f.read(100)
        size = path.stat().st_size
    except OSError as exc:
        return [f"cannot read {path}: {exc.strerror or exc}"]
    if size == 0:
        return []  # SQLite treats an empty file as an empty database
    if len(header) < 100 or header[:16] != _MAGIC:
        return ["the file is not a SQLite database (its header is missing or garbled)"]
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return [f"the header gives an impossible page size ({page_size})"]
    if size % page_size:
        return [f"the file size ({size} bytes) is not a whole number of {page_size}-byte pages"]
    change_counter = int.from_bytes(header[24:28], "big")
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if pages and valid_for == change_counter and pages * page_size > size:
        return [f"the file is cut short: the header counts {pages} pages, the file holds "
                f"{size // page_size}"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # parses sqlite_master
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
    return []


def applied_migrations(path: Path | str, migration_set: str) -> set[str] | None:
    """Names of the migrations of `migration_set` recorded in the file (None if unreadable)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                            [migration_set]).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return {str(name) for (name,) in rows}


def migrations_pending(path: Path | str) -> bool:
    """True when opening the file would upgrade it (or its migrations cannot be read)."""
    from .migrations import MIGRATIONS  # sqlite-utils, after the check has begun

    applied = applied_migrations(path, MIGRATIONS.name)
    if applied is None:
        return True
    return any(m.name not in applied for m in MIGRATIONS._migrations)

"""Copies of the clinic database file: online backups, integrity checks, and putting a copy back.

A backup is taken through SQLite's online backup API (`Connection.backup`), so other app instances
may keep writing while it runs; the copy is then checked with `PRAGMA integrity_check` and deleted
if it is not "ok". Backups are named `keystone-<clinic db stem>-<UTC stamp>.db`; pruning to the last
N touches only files with that name, never anything else a person keeps in the folder.

`replace_database_file` puts a verified copy in place of the clinic file atomically (a temporary
file in the same folder, then `os.replace`), after the caller has taken a safety copy.

Imports sqlite3 and the standard library only; nothing from services or ui.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import KeystoneError

BACKUP_PREFIX = "keystone-"
_STAMP_FORMAT = "%Y%m%dT%H%M%S"
# keystone-<stem>-20261127T153000123456Z.db (microseconds keep two backups in one second apart)
_NAME = re.compile(r"^keystone-(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6}Z)(?:-\d+)?\.db$")
_PAGES_PER_STEP = 1024  # copy in steps so writers in other instances are not held up for long


class BackupError(KeystoneError):
    """A backup or restore could not be made or did not verify; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup in a folder: its path, size in bytes and when it was taken (UTC)."""

    path: Path
    size: int
    taken_at: datetime


def backup_name(db_path: Path | str, at: datetime) -> str:
    stamp = at.astimezone(UTC).strftime(_STAMP_FORMAT) + f"{at.microsecond:06d}Z"
    return f"{BACKUP_PREFIX}{Path(db_path).stem}-{stamp}.db"


def parse_backup_name(name: str) -> tuple[str, datetime] | None:
    """(clinic db stem, UTC time) from a backup's file name; None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    stamp = match["stamp"]
    taken = datetime.strptime(stamp[:15], _STAMP_FORMAT).replace(
        microsecond=int(stamp[15:21]), tzinfo=UTC)
    return match["stem"], taken


def integrity_check(path: Path | str, *, quick: bool = False) -> list[str]:
    """The problems SQLite finds in the file ([] when it says "ok"); opened read-only."""
    pragma = "quick_check" if quick else "integrity_check"
    path = Path(path)
    if not path.is_file():
        return [f"there is no file at {path}"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def quick_check(path: Path | str) -> list[str]:
    """`PRAGMA quick_check` on the file: [] when it is sound, else what SQLite reports."""
    return integrity_check(path, quick=True)


def backup_database(source: sqlite3.Connection, db_path: Path | str, folder: Path | str, *,
                    keep: int | None = None, now: datetime | None = None) -> BackupFile:
    """Copy the open database `source` (the file `db_path`) into `folder`, verify the copy, and
    prune the folder to the last `keep` backups of this clinic. Raises BackupError."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot use the backup folder {folder}: {exc.strerror or exc}.") from exc
    at = now or datetime.now(UTC)
    target = _free_path(folder / backup_name(db_path, at))
    partial = target.with_name(target.name + ".partial")
    try:
        copy = sqlite3.connect(str(partial))
        try:
            source.backup(copy, pages=_PAGES_PER_STEP, sleep=0.005)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
        problems = integrity_check(partial)
        if problems:
            raise BackupError(f"the backup copy did not verify ({problems[0]}); it was deleted. "
                              "Check the backup drive and try again.")
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup to {folder} failed: {exc}.") from exc
    except OSError as exc:
        raise BackupError(f"cannot write the backup in {folder}: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    if keep is not None:
        prune_backups(folder, keep, stem=Path(db_path).stem)
    return BackupFile(target, target.stat().st_size, at)


def list_backups(folder: Path | str, *, stem: str | None = None) -> list[BackupFile]:
    """Our backups in `folder` (of the clinic `stem`, if given), newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        parsed = parse_backup_name(entry.name)
        if parsed is None or not entry.is_file() or (stem is not None and parsed[0] != stem):
            continue
        found.append(BackupFile(entry, entry.stat().st_size, parsed[1]))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def prune_backups(folder: Path | str, keep: int, *, stem: str | None = None) -> list[Path]:
    """Delete all but the newest `keep` of our backups; returns what was deleted."""
    removed = []
    for old in list_backups(folder, stem=stem)[max(keep, 1):]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
            # its audit anchor (services.backups.anchor_path) goes with it
            old.path.with_name(old.path.name + ".anchor.txt").unlink(missing_ok=True)
    return removed


def latest_good_backup(folder: Path | str, *, stem: str | None = None) -> BackupFile | None:
    """The newest backup in `folder` that passes an integrity check, or None."""
    for candidate in list_backups(folder, stem=stem):
        if not integrity_check(candidate.path):
            return candidate
    return None


def recorded_backup_folder(db_path: Path | str) -> str:
    """The backup folder the clinic chose, read best-effort from a possibly damaged file ("")."""
    path = Path(db_path)
    if not path.is_file():
        return ""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT backup_folder FROM clinic_settings WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row and row[0] else ""


def safety_copy(db_path: Path | str, folder: Path | str | None = None) -> Path:
    """A byte-for-byte copy of the clinic file (and its -wal, if any) taken before a restore.

    Damaged files are copied as they are: SQLite is not asked to read them.
    """
    db_path = Path(db_path)
    folder = Path(folder) if folder is not None else db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
    target = _free_path(folder / f"{db_path.stem}-before-restore-{stamp}{db_path.suffix or '.db'}")
    shutil.copy2(db_path, target)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.is_file():
        shutil.copy2(wal, target.with_name(target.name + "-wal"))
    _fsync(target)
    return target


def replace_database_file(source: Path | str, db_path: Path | str) -> None:
    """Put a copy of `source` where `db_path` is, atomically, and drop the old file's -wal/-shm.

    The caller has verified `source` and taken a safety copy of `db_path`.
    """
    db_path = Path(db_path)
    temporary = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(source, temporary)
        _fsync(temporary)
        # The old file's journal belongs to the old content: replaying it over the restored
        # file would corrupt it, so it goes first (a copy of it is in the safety copy).
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_folder(db_path.parent)


def _free_path(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every platform (Windows)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

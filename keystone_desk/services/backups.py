"""BackupService (`clinic.backups`): backups on demand, daily and on exit, the clinic's backup
preferences, and `restore()`, which works without an open Clinic (the file may be damaged). No Qt.

Every backup and restore is recorded in the audit trail, and each backup gets a sidecar
`<backup>.anchor.txt` naming the audit trail's newest entry and its hash just after the backup
was recorded, so `keystone-desk audit verify --anchor FILE` can later tell whether the trail was
shortened or rewritten since. A restore never overwrites the clinic
file without first taking a byte-for-byte safety copy of it, and only puts back a backup that
passes `PRAGMA integrity_check`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.audit_chain import anchor_text
from ..domain.backups import BackupSettings, backup_is_due, check_backup_settings
from ..domain.errors import FieldProblem, KeystoneError, ValidationError
from ..domain.users import BUILTIN_ADMIN_USERNAME, Role, User
from ..store import backup as files
from ..store.audit import AuditLog
from ..store.backup_settings import BackupSettingsRepository
from ..store.database import Database, open_database
from ..store.users import UserRepository

SAFETY_FOLDER_NAME = "safety-copies"
BackupFile = files.BackupFile  # what list_backups returns, for the window


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int  # bytes
    seconds: float
    verified: bool  # integrity_check said "ok" (a copy that does not verify is never kept)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    safety_copy: Path | None  # None only when there was no clinic file to copy
    restored_from: Path


class BackupService:
    def __init__(self, db: Database, clock: Callable[[], datetime], db_path: Path | str):
        self._db = db
        self._clock = clock
        self._db_path = Path(db_path)
        self._repo = BackupSettingsRepository(db)
        self._audit = AuditLog(db)

    def settings(self) -> BackupSettings:
        return self._repo.get()

    def update_settings(self, actor: User, folder: object, keep: object, daily: object,
                        on_exit: object, *, expected_version: int | None = None
                        ) -> BackupSettings:
        """Save the preferences (administrators only); ValidationError / ConflictError."""
        _require_administrator(actor, "change the backup settings")
        checked = check_backup_settings(folder, keep, daily, on_exit)
        now = self._clock()
        with self._db.atomic():
            current = self._repo.get()
            version = current.version if expected_version is None else expected_version
            self._repo.update(*checked, version, now, actor.id)
            self._audit.append(now, actor.id, "update", "backup_settings", 1, None,
                               f"folder {checked[0] or '(none)'}, keep {checked[1]}, "
                               f"daily {checked[2]}, on exit {checked[3]}")
        return self._repo.get()

    def backup_now(self, actor: User, folder: Path | str | None = None) -> BackupResult:
        """Copy the clinic into `folder` (default: the chosen backup folder), verify it, keep the
        last N there, and record it. A folder other than the chosen one is for administrators."""
        chosen = self._repo.get()
        if folder is None:
            if not chosen.folder:
                raise ValidationError(FieldProblem("folder", "Choose a backup folder first."))
            folder = chosen.folder
        elif Path(folder) != Path(chosen.folder):
            _require_administrator(actor, "back up to another folder")
        started = time.perf_counter()
        made = files.backup_database(self._db.conn, self._db_path, folder, keep=chosen.keep,
                                     now=datetime.now(UTC))
        seconds = time.perf_counter() - started
        now = self._clock()
        with self._db.atomic():
            self._repo.mark_backed_up(now)
            self._audit.append(now, actor.id, "backup", "database", None, None,
                               f"{made.path} ({made.size} bytes, verified)")
        self._write_anchor(made.path, now)
        return BackupResult(made.path, made.size, seconds, True)

    def _write_anchor(self, backup: Path, now: datetime) -> None:
        latest = self._audit.latest()
        if latest is not None:
            anchor_path(backup).write_text(
                anchor_text(latest[0], latest[1], now.isoformat(), self._db_path.name),
                encoding="utf-8")

    def due_daily(self, now: datetime | None = None) -> bool:
        return backup_is_due(self._repo.get(), now or self._clock())

    def due_on_exit(self) -> bool:
        chosen = self._repo.get()
        return chosen.on_exit and bool(chosen.folder)

    def folder_missing(self) -> bool:
        """Daily or on-exit backups are ticked but no folder is chosen, so none is made (a new
        clinic starts like this): everyone should know until an administrator chooses one."""
        chosen = self._repo.get()
        return (chosen.daily or chosen.on_exit) and not chosen.folder

    def list_backups(self, folder: Path | str | None = None) -> list[files.BackupFile]:
        """This clinic's backups in `folder` (default: the chosen one), newest first."""
        folder = folder if folder is not None else self._repo.get().folder
        return files.list_backups(folder, stem=self._db_path.stem) if folder else []


def anchor_path(backup: Path | str) -> Path:
    """Where a backup's audit anchor is written: `<backup>.anchor.txt` beside it."""
    backup = Path(backup)
    return backup.with_name(backup.name + ".anchor.txt")


@dataclass(frozen=True, slots=True)
class StartupCheck:
    """What `PRAGMA quick_check` found in the clinic file before opening it."""

    problems: list[str]
    latest_good: files.BackupFile | None  # only looked for when there are problems

    @property
    def ok(self) -> bool:
        return not self.problems


def check_before_opening(db_path: Path | str) -> StartupCheck:
    """Quick-check an existing clinic file; if damaged, find the latest good backup of it in the
    folder the clinic chose (if still readable) or the usual places beside the file."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return StartupCheck([], None)  # a new clinic: nothing to check
    problems = files.quick_check(db_path)
    if not problems:
        return StartupCheck([], None)
    folders: list[Path | str] = [files.recorded_backup_folder(db_path), db_path.parent / "backups",
                                 db_path.parent]
    for folder in folders:
        if folder:
            good = files.latest_good_backup(folder, stem=db_path.stem)
            if good is not None:
                return StartupCheck(problems, good)
    return StartupCheck(problems, None)


def restore(backup_path: Path | str, db_path: Path | str, *, actor_username: str | None = None,
            safety_folder: Path | str | None = None, upgrade_backups: Path | None = None
            ) -> RestoreResult:
    """Put the backup in place of the clinic file `db_path`.

    Verifies the backup first, copies the current file (damaged or not) to `safety_folder`
    (default: `safety-copies` beside it), writes the restored file atomically and records a
    "restore" event in the restored database as `actor_username` (default: the built-in
    administrator). Raises BackupError and leaves the clinic file untouched when a step before
    the swap fails. Other windows on this file must be closed first.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    problems = files.integrity_check(backup_path)
    if problems:
        raise files.BackupError(f"{backup_path} is not a sound backup ({problems[0]}); nothing "
                                "was restored.")
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise files.BackupError("that is the clinic database itself, not a backup.")
    copy = None
    if db_path.exists():
        folder = Path(safety_folder) if safety_folder else db_path.parent / SAFETY_FOLDER_NAME
        try:
            copy = files.safety_copy(db_path, folder)
        except OSError as exc:
            raise files.BackupError(f"could not take a safety copy of {db_path} "
                                    f"({exc.strerror or exc}); nothing was restored.") from exc
    try:
        files.replace_database_file(backup_path, db_path)
    except OSError as exc:
        raise files.BackupError(f"could not write {db_path} ({exc.strerror or exc}); the clinic "
                                f"file is as it was{_copy_note(copy)}.") from exc
    _record_restore(db_path, backup_path, copy, actor_username, upgrade_backups)
    return RestoreResult(copy, backup_path)


def _record_restore(db_path: Path, backup_path: Path, copy: Path | None,
                    actor_username: str | None, upgrade_backups: Path | None) -> None:
    db = open_database(db_path, backup_dir=upgrade_backups)  # an older backup is brought up to date
    try:
        users = UserRepository(db)
        try:
            actor = users.by_username(actor_username or BUILTIN_ADMIN_USERNAME)
        except KeystoneError:  # the acting user did not exist yet when the backup was taken
            actor = users.by_username(BUILTIN_ADMIN_USERNAME)
        now = datetime.now(UTC).replace(microsecond=0)
        with db.atomic():
            AuditLog(db).append(now, actor.id, "restore", "database", None, None,
                                f"from {backup_path.name}; safety copy "
                                f"{copy if copy else '(no earlier file)'}")
    finally:
        db.close()


def _copy_note(copy: Path | None) -> str:
    return f"; a safety copy is at {copy}" if copy else ""


def _require_administrator(actor: User, what: str) -> None:
    if actor.role != Role.ADMINISTRATOR:
        raise KeystoneError(f"Only an administrator may {what}.")

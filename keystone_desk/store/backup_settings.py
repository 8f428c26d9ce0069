"""BackupSettingsRepository: the backup columns of the one clinic_settings row (migration 0008).

Joins the caller's transaction; never opens one. An update names the version it read
(ConflictError when someone else saved the clinic settings in between).
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from ..domain.backups import BackupSettings
from ..domain.errors import ConflictError


class BackupSettingsRepository:
    def __init__(self, db: Database):
        self._db = db

    def get(self) -> BackupSettings:
        row = self._db.execute(
            "SELECT backup_folder, backup_keep, backup_daily, backup_on_exit, last_backup_at, "
            "version FROM clinic_settings WHERE id = 1").fetchone()
        if row is None:
            return BackupSettings()
        last = datetime.fromisoformat(row[4]) if row[4] else None
        return BackupSettings(row[0], row[1], bool(row[2]), bool(row[3]), last, row[5])

    def update(self, folder: str, keep: int, daily: bool, on_exit: bool, expected_version: int,
               now: datetime, user_id: int) -> int:
        cursor = self._db.execute(
            "UPDATE clinic_settings SET backup_folder = ?, backup_keep = ?, backup_daily = ?, "
            "backup_on_exit = ?, version = version + 1, updated_at = ?, updated_by = ? "
            "WHERE id = 1 AND version = ?",
            [folder, keep, int(daily), int(on_exit), now.isoformat(), user_id, expected_version])
        if cursor.rowcount != 1:
            raise ConflictError("backup settings", 1, expected_version, self.get().version)
        return expected_version + 1

    def mark_backed_up(self, at: datetime) -> None:
        """When the last backup was taken; not a person's edit, so the version stays."""
        self._db.execute("UPDATE clinic_settings SET last_backup_at = ? WHERE id = 1",
                         [at.isoformat()])

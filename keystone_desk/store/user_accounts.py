"""UserAccountRepository: clinic users with their sign-in state (password and PIN hashes, failed
attempts, lockout; migration 0008) and the idle-lock setting. Joins the caller's transaction.

Hashes are stored and compared by services.auth; nothing here logs or formats them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from ..domain.errors import ConflictError, NotFoundError
from ..domain.users import Role, User, UserId

_COLUMNS = ("id, username, display_name, role, credentials, archived, password_hash, pin_hash, "
            "failed_attempts, locked_until, last_login_at, version")


@dataclass(frozen=True, slots=True)
class StoredAccount:
    user: User
    credentials: str
    archived: bool
    password_hash: str
    pin_hash: str
    failed_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int


def _account(row: tuple) -> StoredAccount:  # type: ignore[type-arg]
    return StoredAccount(
        User(UserId(row[0]), row[1], row[2], Role(row[3])), row[4], bool(row[5]), row[6], row[7],
        row[8], datetime.fromisoformat(row[9]) if row[9] else None,
        datetime.fromisoformat(row[10]) if row[10] else None, row[11])


class UserAccountRepository:
    def __init__(self, db: Database):
        self._db = db

    def by_username(self, username: str) -> StoredAccount | None:
        """The account with this user name (case-insensitive), archived or not."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM users WHERE username = ? COLLATE NOCASE", [username],
        ).fetchone()
        return None if row is None else _account(row)

    def get(self, user_id: int) -> StoredAccount:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no user number {user_id}.")
        return _account(row)

    def all(self) -> list[StoredAccount]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY archived, display_name, id")
        return [_account(r) for r in rows.fetchall()]

    def any_password(self) -> bool:
        return self._db.execute(
            "SELECT 1 FROM users WHERE password_hash <> '' LIMIT 1").fetchone() is not None

    def insert(self, username: str, display_name: str, role: Role, credentials: str,
               password_hash: str, now: datetime) -> UserId:
        cursor = self._db.execute(
            "INSERT INTO users (uid, username, display_name, role, credentials, password_hash, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), username, display_name, role.value, credentials, password_hash,
             now.isoformat()])
        return UserId(int(cursor.lastrowid or 0))

    def update(self, user_id: int, display_name: str, role: Role, credentials: str,
               archived: bool, expected_version: int) -> None:
        cursor = self._db.execute(
            "UPDATE users SET display_name = ?, role = ?, credentials = ?, archived = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            [display_name, role.value, credentials, int(archived), user_id, expected_version])
        if cursor.rowcount != 1:
            raise ConflictError("user", user_id, expected_version, self.get(user_id).version)

    def rename(self, user_id: int, username: str, display_name: str) -> None:
        self._db.execute(
            "UPDATE users SET username = ?, display_name = ?, version = version + 1 WHERE id = ?",
            [username, display_name, user_id])

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._db.execute(
            "UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, "
            "version = version + 1 WHERE id = ?", [password_hash, user_id])

    def set_pin_hash(self, user_id: int, pin_hash: str) -> None:
        self._db.execute("UPDATE users SET pin_hash = ? WHERE id = ?", [pin_hash, user_id])

    def record_failure(self, user_id: int, attempts: int, locked_until: datetime | None) -> None:
        self._db.execute(
            "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
            [attempts, locked_until.isoformat() if locked_until else None, user_id])

    def record_success(self, user_id: int, login_at: datetime | None) -> None:
        """Failed attempts back to zero; `login_at` is stamped on a sign-in (not on an unlock)."""
        if login_at is None:
            self._db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL "
                             "WHERE id = ?", [user_id])
        else:
            self._db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, "
                             "last_login_at = ? WHERE id = ?", [login_at.isoformat(), user_id])

    def idle_lock_minutes(self) -> int:
        row = self._db.execute("SELECT idle_lock_minutes FROM clinic_settings WHERE id = 1"
                               ).fetchone()
        return int(row[0]) if row else 10

    def set_idle_lock_minutes(self, minutes: int) -> None:
        self._db.execute("UPDATE clinic_settings SET idle_lock_minutes = ? WHERE id = 1",
                         [minutes])

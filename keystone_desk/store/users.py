"""UserRepository: clinic users. Joins the caller's transaction."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.errors import NotFoundError
from ..domain.users import Role, User, UserId


class UserRepository:
    def __init__(self, db: Database):
        self._db = db

    def by_username(self, username: str) -> User:
        row = self._db.execute(
            "SELECT id, username, display_name, role FROM users WHERE username = ? AND archived = 0",
            [username],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no user called {username}.")
        return User(UserId(row[0]), row[1], row[2], Role(row[3]))

    def get(self, user_id: int) -> User:
        """A user by id, archived or not (old notes name people who have since left)."""
        row = self._db.execute(
            "SELECT id, username, display_name, role FROM users WHERE id = ?", [user_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no user number {user_id}.")
        return User(UserId(row[0]), row[1], row[2], Role(row[3]))

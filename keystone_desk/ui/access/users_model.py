"""UserTableModel: the clinic's user accounts (domain.sign_in.UserAccount) for the users dialog.

Columns from `UserColumn`; SORT_ROLE gives raw values, ACCOUNT_ROLE the row's UserAccount, so
selections resolve through the account, never a row number. The Password column marks the
accounts that still have the demo clinic's published password (told by the dialog, which asks
auth.demo_password_users). Qt and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.permissions import ROLE_NAMES
from ...domain.sign_in import UserAccount

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


class UserColumn(IntEnum):
    NAME = 0
    USERNAME = 1
    ROLE = 2
    CREDENTIALS = 3
    LOCKED = 4
    ARCHIVED = 5
    PASSWORD = 6


_HEADERS = {
    UserColumn.NAME: "Name", UserColumn.USERNAME: "User name", UserColumn.ROLE: "Role",
    UserColumn.CREDENTIALS: "Credentials", UserColumn.LOCKED: "Locked",
    UserColumn.ARCHIVED: "Archived", UserColumn.PASSWORD: "Password",
}
DEMO_PASSWORD_COLOUR = "#b3261e"


def locked_now(account: UserAccount, now: datetime | None = None) -> bool:
    until = account.locked_until
    if until is None:
        return False
    now = now or datetime.now(UTC)
    return until > (now if until.tzinfo is not None else now.replace(tzinfo=None))


class UserTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, now: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self._rows: list[UserAccount] = []
        self._demo_passwords: frozenset[int] = frozenset()  # user ids still on a demo password
        self._now = now or (lambda: datetime.now(UTC))  # the clinic's clock, for lockouts

    def set_rows(self, rows: list[UserAccount],
                 demo_passwords: frozenset[int] = frozenset()) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._demo_passwords = demo_passwords
        self.endResetModel()

    def has_demo_password(self, account: UserAccount) -> bool:
        return int(account.user.id) in self._demo_passwords

    def account_at(self, row: int) -> UserAccount:
        return self._rows[row]

    def row_of(self, user_id: int) -> int:
        return next((i for i, a in enumerate(self._rows) if int(a.user.id) == user_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(UserColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(UserColumn)):
            return self.tr(_HEADERS[UserColumn(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        column = UserColumn(index.column())
        if role == ACCOUNT_ROLE:
            return account
        if role == SORT_ROLE:
            return self._raw(account, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(account, column)
        if role == Qt.ItemDataRole.ForegroundRole and account.archived:
            return Qt.GlobalColor.gray
        if (role == Qt.ItemDataRole.ForegroundRole and column is UserColumn.PASSWORD
                and self.has_demo_password(account)):
            return QColor(DEMO_PASSWORD_COLOUR)
        return None

    def _raw(self, account: UserAccount, column: UserColumn) -> Any:
        return {
            UserColumn.NAME: account.user.display_name.casefold(),
            UserColumn.USERNAME: account.user.username,
            UserColumn.ROLE: account.user.role.value,
            UserColumn.CREDENTIALS: account.credentials,
            UserColumn.LOCKED: int(locked_now(account, self._now())),
            UserColumn.ARCHIVED: int(account.archived),
            UserColumn.PASSWORD: int(self.has_demo_password(account)),
        }[column]

    def _text(self, account: UserAccount, column: UserColumn) -> str:
        if column is UserColumn.LOCKED:
            if not locked_now(account, self._now()):
                return ""
            assert account.locked_until is not None
            return self.tr("until {time}").format(
                time=account.locked_until.astimezone().strftime("%H:%M"))
        if column is UserColumn.ARCHIVED:
            return self.tr("archived") if account.archived else ""
        if column is UserColumn.PASSWORD:
            return self.tr("demo password") if self.has_demo_password(account) else ""
        if column is UserColumn.ROLE:
            return self.tr(ROLE_NAMES[account.user.role])
        return str(self._raw(account, column)) if column is not UserColumn.NAME \
            else account.user.display_name

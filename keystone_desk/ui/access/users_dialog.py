"""UsersDialog: the administrator's list of clinic users, with Add user…, Edit…, Reset password…,
Unlock and Archive (users are archived, never deleted: old notes name who signed them).

UserEditDialog collects one user's details and returns them through `values()`; the UsersDialog
makes the AuthService call, so a refusal shows beside the field it is about and keeps the typing.
A stale edit (someone changed the user meanwhile) says so and shows the latest list.
Accounts that still have the demo clinic's published password are marked in the list and named in
a warning above it (auth.demo_password_users, checked once per stored password).
Below the list, an administrator sets how many idle minutes lock the screen (1–240), saved through
`auth.set_idle_lock_minutes`; `idle_lock_changed` tells the SignInFlow to restart its timer.
Qt, domain types and the session's `auth` only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ConflictError, KeystoneError, ValidationError
from ...domain.permissions import ROLE_NAMES, Permission
from ...domain.sign_in import IDLE_LOCK_RANGE, UserAccount
from ...domain.users import Role
from ...services.session import ClinicSession
from .. import messages
from .account_dialogs import reset_password_dialog
from .login_dialog import PASSWORD_RULES, error_label, labelled, password_field
from .users_model import ACCOUNT_ROLE, SORT_ROLE, UserColumn, UserTableModel, locked_now


class UserEditDialog(QDialog):
    """A new user (with a first password) or an existing one's name, role and credentials."""

    def __init__(self, account: UserAccount | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.account = account
        self.setWindowTitle(self.tr("Add user") if account is None else self.tr("Edit user"))
        self.setMinimumWidth(420)
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(self.tr(ROLE_NAMES[role]), role)
        self.credentials = QLineEdit()
        self.credentials.setPlaceholderText(self.tr("e.g. PT, DPT"))
        self.password = password_field()
        rows: list[tuple[str, str, QWidget]] = [
            ("username", self.tr("&User name"), self.username),
            ("display_name", self.tr("&Display name"), self.display_name),
            ("role", self.tr("&Role"), self.role),
            ("credentials", self.tr("&Credentials"), self.credentials)]
        if account is None:
            rows.append(("password", self.tr("First &password"), self.password))
        for key, text, field in rows:
            labelled(form, text, field)
            self.errors[key] = error_label()
            form.addRow("", self.errors[key])
        if account is None:
            rules = QLabel(self.tr(PASSWORD_RULES))
            rules.setWordWrap(True)
            rules.setStyleSheet("QLabel { color: #5f6368; }")
            form.addRow("", rules)
        else:
            self.username.setText(account.user.username)
            self.username.setReadOnly(True)
            self.display_name.setText(account.user.display_name)
            self.role.setCurrentIndex(self.role.findData(account.user.role))
            self.credentials.setText(account.credentials)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {"username": self.username.text().strip(),
                "display_name": self.display_name.text().strip(),
                "role": self.role.currentData(), "credentials": self.credentials.text().strip(),
                "password": self.password.text()}

    def show_problems(self, error: KeystoneError) -> None:
        for label in (*self.errors.values(), self.error):
            label.hide()
        problems = error.problems if isinstance(error, ValidationError) else []
        for problem in problems:
            label = self.errors.get(problem.field, self.error)
            label.setText(problem.message)
            label.show()
        if not problems:
            self.error.setText(str(error))
            self.error.show()


class UsersDialog(QDialog):
    idle_lock_changed = Signal()  # the clinic's idle-lock minutes were saved

    def __init__(self, session: ClinicSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._auth, self._now = session, session.auth, session.clock
        self._build_ui()
        self._connect_signals()
        self._load()

    @property
    def model(self) -> UserTableModel:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    def select_user(self, user_id: int) -> None:
        row = self._model.row_of(user_id)
        if row >= 0:
            self._table.selectRow(self._proxy.mapFromSource(self._model.index(row, 0)).row())

    def selected_account(self) -> UserAccount | None:
        index = self._table.currentIndex()
        return None if not index.isValid() else index.data(ACCOUNT_ROLE)

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Users"))
        self.resize(760, 420)
        self._model = UserTableModel(self, self._now)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SORT_ROLE)
        self._table = QTableView()
        self._table.setModel(self._proxy)
        self._table.setAccessibleName(self.tr("Users"))
        self._table.setSortingEnabled(True)
        self._table.sortByColumn(UserColumn.NAME, Qt.SortOrder.AscendingOrder)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().hide()
        self._table.horizontalHeader().setSectionResizeMode(
            UserColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self._table.horizontalHeader().setSectionResizeMode(
            UserColumn.PASSWORD, QHeaderView.ResizeMode.ResizeToContents)
        self.add = QPushButton(self.tr("&Add user…"))
        self.edit = QPushButton(self.tr("&Edit…"))
        self.reset = QPushButton(self.tr("&Reset password…"))
        self.unlock = QPushButton(self.tr("U&nlock"))
        self.archive = QPushButton(self.tr("Ar&chive"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.demo_warning = QLabel()
        self.demo_warning.setObjectName("demo_password_warning")
        self.demo_warning.setWordWrap(True)
        self.demo_warning.setStyleSheet("QLabel { background: #fff4e0; color: #5c3b00; "
                                        "border: 1px solid #c77c02; padding: 6px; }")
        self.demo_warning.hide()
        side = QVBoxLayout()
        for button in (self.add, self.edit, self.reset, self.unlock, self.archive):
            side.addWidget(button)
        side.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self._table, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo_warning)
        layout.addLayout(row, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._build_idle_lock_row())
        layout.addWidget(close)

    def _build_idle_lock_row(self) -> QHBoxLayout:
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*IDLE_LOCK_RANGE)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        self.save_idle = QPushButton(self.tr("Sa&ve lock time"))
        self.idle_error = error_label()
        caption = QLabel(self.tr("&Lock the screen after idle"))
        caption.setBuddy(self.idle_minutes)
        self.idle_minutes.setAccessibleName(self.tr("Lock the screen after idle"))
        row = QHBoxLayout()
        for widget in (caption, self.idle_minutes, self.save_idle):
            row.addWidget(widget)
            widget.setVisible(self._session.can(Permission.SETTINGS_MANAGE))
        row.addWidget(self.idle_error, 1)
        return row

    def _connect_signals(self) -> None:
        self.add.clicked.connect(self._on_add_clicked)
        self.edit.clicked.connect(self._on_edit_clicked)
        self.reset.clicked.connect(self._on_reset_clicked)
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.archive.clicked.connect(self._on_archive_clicked)
        self._table.doubleClicked.connect(self._on_edit_clicked)
        self.save_idle.clicked.connect(self._on_save_idle_clicked)
        self.idle_minutes.valueChanged.connect(self.idle_error.hide)
        self._table.selectionModel().currentChanged.connect(self._on_selection_changed)

    def _load(self, select: int | None = None) -> None:
        current = self.selected_account()
        demo = frozenset(int(user.id) for user in self._auth.demo_password_users())
        self._model.set_rows(self._auth.list_users(self._session.user), demo)
        self.demo_warning.setText(self.tr(
            "{count} sign-in(s) still have the demo clinic's published password (marked "
            "“demo password” below): select each and click Reset password…, or archive the "
            "demo users you do not need.").format(count=len(demo)))
        self.demo_warning.setVisible(bool(demo))
        if select is None:
            self.idle_minutes.setValue(int(self._auth.idle_lock_minutes()))
        keep = select if select is not None else (int(current.user.id) if current else None)
        if keep is not None:
            self.select_user(keep)
        self._on_selection_changed()

    def _on_selection_changed(self, *_: Any) -> None:
        account = self.selected_account()
        for button in (self.edit, self.reset, self.archive):
            button.setEnabled(account is not None)
        self.unlock.setEnabled(account is not None and locked_now(account, self._now()))
        if account is not None:
            self.archive.setText(self.tr("Resto&re") if account.archived else self.tr("Ar&chive"))
            is_me = account.user.id == self._session.user.id
            self.archive.setEnabled(not is_me)  # the administrator cannot lock themself out

    # --- actions -------------------------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        dialog = UserEditDialog(None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            v = dialog.values()
            try:
                user = self._auth.create_user(self._session.user, v["username"], v["display_name"],
                                              v["role"], v["password"], v["credentials"])
            except KeystoneError as error:
                dialog.show_problems(error)
                continue
            self._say(self.tr("Added {name}.").format(name=user.display_name))
            self._load(select=int(user.id))
            return

    def _on_edit_clicked(self, *_: Any) -> None:
        account = self.selected_account()
        if account is None:
            return
        dialog = UserEditDialog(account, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            v = dialog.values()
            if self._update(account, dialog, display_name=v["display_name"], role=v["role"],
                            credentials=v["credentials"], archived=account.archived):
                return

    def _on_reset_clicked(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        dialog = reset_password_dialog(self, account.user.display_name, lambda new: (
            self._auth.reset_password(self._session.user, account.user.id, new)))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._say(self.tr("New password set for {name}.").format(
                name=account.user.display_name))
            self._load()

    def _on_unlock_clicked(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        try:
            self._auth.unlock_account(self._session.user, account.user.id)
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not unlock"), str(error))
            return
        self._say(self.tr("{name} can sign in again.").format(name=account.user.display_name))
        self._load()

    def _on_archive_clicked(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        archive = not account.archived
        name = account.user.display_name
        if archive and not messages.confirm(
                self, self.tr("Archive user"), self.tr("Archive {name}?").format(name=name),
                self.tr("Archive"), informative=self.tr(
                    "They can no longer sign in. Their notes and records keep their name; you "
                    "can restore the user later.")):
            return
        if self._update(account, None, display_name=account.user.display_name,
                        role=account.user.role, credentials=account.credentials,
                        archived=archive):
            self._say(self.tr("Archived {name}.").format(name=name) if archive
                      else self.tr("Restored {name}.").format(name=name))

    def _update(self, account: UserAccount, dialog: UserEditDialog | None, **values: Any) -> bool:
        """True when saved (or the conflict was shown and the list reloaded)."""
        try:
            self._auth.update_user(self._session.user, account.user.id,
                                   expected_version=account.version, **values)
        except ConflictError as error:
            messages.show_error(self, self.tr("User changed"), "\n\n".join((str(error), self.tr(
                "The list now shows the latest details; check them and try again."))))
            self._load()
            return True
        except KeystoneError as error:
            if dialog is None:
                messages.show_error(self, self.tr("Could not change the user"), str(error))
                return True
            dialog.show_problems(error)
            return False
        self._load(select=int(account.user.id))
        return True

    def _on_save_idle_clicked(self) -> None:
        minutes = self.idle_minutes.value()
        try:
            self._auth.set_idle_lock_minutes(self._session.user, minutes)
        except KeystoneError as error:
            self.idle_error.setText(_problem_text(error))
            self.idle_error.show()
            return
        self.idle_error.hide()
        self._say(self.tr("The screen now locks after {n} idle minutes.").format(n=minutes))
        self.idle_lock_changed.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)


def _problem_text(error: KeystoneError) -> str:
    problems = getattr(error, "problems", None)
    return "; ".join(p.message for p in problems) if problems else str(error)

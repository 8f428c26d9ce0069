"""The administrator's users dialog: add a therapist, reset a password, unlock, archive (never
delete); refusals beside the field; the table model passes qtmodeltester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from keystone_desk.domain.errors import ValidationError
from keystone_desk.domain.users import Role
from keystone_desk.ui import messages
from keystone_desk.ui.access import account_dialogs, users_dialog
from keystone_desk.ui.access.users_dialog import UserEditDialog, UsersDialog
from keystone_desk.ui.access.users_model import UserColumn

from .access_helpers import PASSWORD, user_with_role
from .find_widgets import input_labelled


@pytest.fixture
def admin(administrator):
    return administrator.user


@pytest.fixture
def dialog(qtbot, administrator):
    made = UsersDialog(administrator)
    qtbot.addWidget(made)
    return made


def fill_and_accept(monkeypatch, fill):
    """Stands in for the person filling a modal dialog: `fill(dialog)` then accept, once."""
    def exec_(self):
        if getattr(self, "_answered", False):
            return QDialog.DialogCode.Rejected
        self._answered = True
        fill(self)
        self._on_buttons_accepted() if hasattr(self, "_on_buttons_accepted") else self.accept()
        return self.result()
    return exec_


def rows(dialog):
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_add_a_therapist(qtbot, dialog, clinic, monkeypatch):
    def fill(edit):
        input_labelled(edit, "User name").setText("dana")
        input_labelled(edit, "Display name").setText("Dana Reyes")
        edit.role.setCurrentIndex(edit.role.findData(Role.THERAPIST))
        input_labelled(edit, "Credentials").setText("PT, DPT")
        input_labelled(edit, "First password").setText(PASSWORD)
    monkeypatch.setattr(UserEditDialog, "exec", fill_and_accept(monkeypatch, fill))
    dialog.add.click()
    assert ["Dana Reyes", "dana", "therapist", "PT, DPT", "", "", ""] in rows(dialog)
    assert clinic.auth.login("dana", PASSWORD).role is Role.THERAPIST
    assert dialog.selected_account().user.username == "dana"


def test_a_refused_new_user_shows_why_beside_the_field_and_keeps_typing(
        qtbot, clinic, admin):
    edit = UserEditDialog(None)
    qtbot.addWidget(edit)
    input_labelled(edit, "User name").setText("Dana!")
    try:
        clinic.auth.create_user(admin, "Dana!", "Dana", Role.THERAPIST, PASSWORD)
    except ValidationError as error:
        edit.show_problems(error)
    edit.show()
    assert edit.errors["username"].isVisible()
    assert "lower-case" in edit.errors["username"].text()
    assert input_labelled(edit, "User name").text() == "Dana!"


def test_reset_password(qtbot, dialog, clinic, monkeypatch):
    user_with_role(clinic, Role.FRONT_DESK, "fran", "Fran Desk")
    dialog._load()
    dialog.select_user(int(clinic.auth.login("fran", PASSWORD).id))

    def fill(secret):
        secret.fields["new"].setText("a-new-desk-password")
        secret.fields["confirm"].setText("a-new-desk-password")
    monkeypatch.setattr(account_dialogs.SecretDialog, "exec", fill_and_accept(monkeypatch, fill))
    dialog.reset.click()
    assert clinic.auth.login("fran", "a-new-desk-password").username == "fran"
    assert dialog.status.text() == "New password set for Fran Desk."


def test_accounts_on_a_published_demo_password_are_marked_until_reset(
        qtbot, dialog, clinic, admin, monkeypatch):
    from keystone_desk.services.demo_users import create_demo_users

    create_demo_users(clinic.auth, admin)
    dialog._load()
    dialog.show()
    marked = {r[UserColumn.USERNAME] for r in rows(dialog)
              if r[UserColumn.PASSWORD] == "demo password"}
    assert marked == {"maria.lopez", "sam.okafor", "jordan.reyes"}
    assert dialog.model.headerData(UserColumn.PASSWORD, Qt.Orientation.Horizontal) == "Password"
    warning = dialog.findChild(QLabel, "demo_password_warning")
    assert warning.isVisible() and warning.text().startswith(
        "3 sign-in(s) still have the demo clinic's published password")
    dialog.select_user(int(clinic.auth.login("jordan.reyes", "demo-frontdesk-2026").id))

    def fill(secret):
        secret.fields["new"].setText("the-desk-own-password")
        secret.fields["confirm"].setText("the-desk-own-password")
    monkeypatch.setattr(account_dialogs.SecretDialog, "exec", fill_and_accept(monkeypatch, fill))
    dialog.reset.click()
    jordan = next(r for r in rows(dialog) if r[UserColumn.USERNAME] == "jordan.reyes")
    assert jordan[UserColumn.PASSWORD] == ""
    assert warning.text().startswith("2 sign-in(s)")
    assert {u.username for u in clinic.auth.demo_password_users()} == {"maria.lopez",
                                                                       "sam.okafor"}


def test_unlock_a_locked_account(qtbot, dialog, clinic):
    user_with_role(clinic, Role.FRONT_DESK, "fran", "Fran Desk")
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017 - wrong password, then locked
            clinic.auth.login("fran", "wrong password!")
    dialog._load()
    fran = next(r for r in rows(dialog) if r[1] == "fran")
    assert fran[UserColumn.LOCKED].startswith("until ")
    dialog.select_user(next(int(a.user.id) for a in clinic.auth.list_users(
        dialog._session.user) if a.user.username == "fran"))
    assert dialog.unlock.isEnabled()
    dialog.unlock.click()
    assert clinic.auth.login("fran", PASSWORD).username == "fran"


def test_archive_never_deletes(qtbot, dialog, clinic, monkeypatch):
    user_with_role(clinic, Role.ASSISTANT, "sam", "Sam Aide")
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    dialog._load()
    sam_id = next(int(a.user.id) for a in clinic.auth.list_users(dialog._session.user)
                  if a.user.username == "sam")
    dialog.select_user(sam_id)
    dialog.archive.click()
    sam = next(r for r in rows(dialog) if r[1] == "sam")
    assert sam[UserColumn.ARCHIVED] == "archived"
    with pytest.raises(Exception):  # noqa: B017 - archived users cannot sign in
        clinic.auth.login("sam", PASSWORD)
    assert dialog.archive.text().replace("&", "") == "Restore"


def test_administrator_cannot_archive_themself(dialog, admin):
    dialog.select_user(int(admin.id))
    assert not dialog.archive.isEnabled()


def test_a_stale_edit_is_a_conflict_shown_and_reloaded(qtbot, dialog, clinic, admin,
                                                       monkeypatch):
    sam = user_with_role(clinic, Role.ASSISTANT, "sam", "Sam Aide")
    dialog._load()
    dialog.select_user(int(sam.id))
    account = dialog.selected_account()
    clinic.auth.update_user(admin, sam.id, display_name="Samuel Aide",
                                    role=Role.ASSISTANT, credentials="",
                                    archived=False, expected_version=account.version)
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda p, title, text, **k: shown.append(title))
    monkeypatch.setattr(UserEditDialog, "exec", fill_and_accept(
        monkeypatch, lambda edit: input_labelled(edit, "Display name").setText("Sam A.")))
    dialog.edit.click()
    assert shown == ["User changed"]
    assert any(r[0] == "Samuel Aide" for r in rows(dialog))


def test_user_table_model_passes_qtmodeltester(qtmodeltester, dialog, clinic):
    user_with_role(clinic, Role.THERAPIST, "dana", "Dana Reyes")
    dialog._load()
    qtmodeltester.check(dialog.model)


def test_users_dialog_module_names_no_store():
    assert "store" not in users_dialog.__dict__

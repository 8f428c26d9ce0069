"""Restore… from the Backups dialog: every window and connection closes, a safety copy is taken,
the backup replaces the clinic file and the sign-in shows again on the restored records."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from keystone_desk.services.clinic import Clinic
from keystone_desk.ui import messages
from keystone_desk.ui.access.sign_in_flow import SignInFlow
from keystone_desk.ui.admin.backup_dialog import BackupDialog
from tests.conftest import intake_values

from .access_helpers import ADMIN_PASSWORD, first_administrator, sign_in
from .find_widgets import action_named, input_labelled


def signed_in_admin_with_a_backup(qtbot, clinic, settings, tmp_path: Path):
    """An administrator signed in; one backup taken before a patient was registered."""
    admin = first_administrator(clinic)
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 3, False, False)
    backup = clinic.backups.backup_now(admin).path
    clinic.patients.register(admin, intake_values(first_name="Late", last_name="Arrival"))
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    flow = SignInFlow(clinic, settings=settings, reopen=lambda: Clinic(
        clinic.path, clock=clinic.clock, password_hasher=hasher))
    qtbot.addWidget(flow.start())
    with qtbot.waitSignal(flow.window_shown):
        sign_in(qtbot, flow, "admin", ADMIN_PASSWORD)
    qtbot.addWidget(flow.window)
    return flow, backup


def patient_count(clinic) -> int:
    return len(clinic.patients.search("", include_archived=True))


def click_restore_in_the_backups_dialog() -> None:
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, BackupDialog) and w.isVisible())
    dialog._list.setCurrentRow(0)
    dialog._restore.click()


def test_restore_from_the_backups_dialog_returns_to_sign_in_on_the_restored_records(
        qtbot, sign_in_clinic, settings, tmp_path, monkeypatch):
    asked, told, errors = [], [], []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(k) or True)
    monkeypatch.setattr(messages, "show_info", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text, **k: errors.append(
        (title, text)))
    flow, backup = signed_in_admin_with_a_backup(qtbot, sign_in_clinic, settings, tmp_path)
    assert patient_count(sign_in_clinic) == 1
    QTimer.singleShot(0, click_restore_in_the_backups_dialog)
    action_named(flow.window, "Backups…").trigger()
    assert errors == []
    assert "safety copy" in asked[0]["informative"] and "sign in again" in asked[0]["informative"]
    assert flow.window is None and flow.user is None and flow.login is not None
    restored = flow.clinic
    assert restored is not sign_in_clinic
    assert patient_count(restored) == 0  # the patient registered after the backup is gone
    assert "restore" in restored.audit.actions()
    assert restored.audit.verify().ok
    copies = list((tmp_path / "safety-copies").iterdir())
    assert len(copies) == 1 and str(copies[0]) in told[0]
    safety = Clinic(copies[0])  # the records as they were, kept aside
    assert patient_count(safety) == 1
    safety.close()
    with qtbot.waitSignal(flow.window_shown) as shown:  # and the person signs in again
        sign_in(qtbot, flow, "admin", ADMIN_PASSWORD)
    qtbot.addWidget(shown.args[0])
    flow.idle.stop()
    assert shown.args[0].close()  # its scheduler stops before the connection closes
    restored.close()
    assert backup.exists()


def test_restore_is_refused_while_a_window_holds_unsaved_typing(
        qtbot, sign_in_clinic, settings, tmp_path, no_dialogs):
    flow, backup = signed_in_admin_with_a_backup(qtbot, sign_in_clinic, settings, tmp_path)
    action_named(flow.window, "New patient").trigger()
    form = next(w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowTitle() == "New patient")
    input_labelled(form, "Legal first name *").setText("Ramón")
    assert flow.restore_backup(backup) is False
    assert no_dialogs[-1][0] == "Cannot restore" and "New patient" in no_dialogs[-1][1]
    assert flow.window is not None and flow.user is not None and flow.clinic is sign_in_clinic
    assert input_labelled(form, "Legal first name *").text() == "Ramón"
    assert patient_count(sign_in_clinic) == 1
    assert not (tmp_path / "safety-copies").exists()
    input_labelled(form, "Legal first name *").setText("")  # closing it must not ask at teardown
    flow.idle.stop()


def test_a_bad_backup_leaves_the_records_in_place_and_says_why(
        qtbot, sign_in_clinic, settings, tmp_path, no_dialogs):
    flow, _ = signed_in_admin_with_a_backup(qtbot, sign_in_clinic, settings, tmp_path)
    bad = tmp_path / "usb" / "signin-broken.db"
    bad.write_bytes(b"not a database at all" * 100)
    assert flow.restore_backup(bad) is False
    assert no_dialogs[-1][0] == "Backup not restored"
    assert "as they were" in no_dialogs[-1][1] and "not a sound backup" in no_dialogs[-1][1]
    assert flow.login is not None and flow.window is None
    assert patient_count(flow.clinic) == 1
    flow.clinic.close()


def test_restore_is_hidden_for_whoever_may_not_restore(qtbot, clinic, admin, tmp_path):
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 3, False, False)
    clinic.backups.backup_now(admin)
    dialog = BackupDialog(clinic.backups.settings(), clinic.backups.list_backups(),
                          can_restore=False)
    qtbot.addWidget(dialog)
    assert dialog._restore.isHidden()

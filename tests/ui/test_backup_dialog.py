"""The backup dialog and File → Back up now (a worker with its own session on the clinic's clock)."""

from __future__ import annotations

from pathlib import Path

from keystone_desk.services.clinic import Clinic
from keystone_desk.ui import messages
from keystone_desk.ui.admin.backup_dialog import BackupDialog
from keystone_desk.ui.main_window import MainWindow


def test_dialog_shows_preferences_and_backups_and_confirms_restore(
        qtbot, clinic: Clinic, admin, tmp_path: Path, monkeypatch) -> None:
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 4, False, True)
    made = clinic.backups.backup_now(admin)
    dialog = BackupDialog(clinic.backups.settings(), clinic.backups.list_backups())
    qtbot.addWidget(dialog)
    assert dialog.choice() == (str(tmp_path / "usb"), 4, False, True)
    assert dialog._list.count() == 1
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: True)
    with qtbot.waitSignal(dialog.restore_requested) as blocker:
        dialog._restore.click()
    assert blocker.args == [made.path]


def test_back_up_now_runs_on_a_worker_and_is_audited(qtbot, clinic: Clinic, administrator,
                                                      clock, settings, tmp_path: Path) -> None:
    administrator.backups.update_settings(administrator.user, str(tmp_path / "usb"), 3, False,
                                          False)
    window = MainWindow(administrator, settings)
    qtbot.addWidget(window)
    assert window._backups.back_up_now_action in window.menuBar().actions()[0].menu().actions()
    with qtbot.waitSignal(window.tasks.busy_changed, check_params_cb=lambda busy: not busy,
                          timeout=20000):
        window._backups.back_up_now_action.trigger()
    assert len(clinic.backups.list_backups()) == 1
    assert clinic.backups.settings().last_backup_at == clock.now  # the clinic's clock, kept
    backup = clinic.db.execute("SELECT user_id FROM audit_events WHERE action = 'backup'"
                               ).fetchall()
    assert backup == [(administrator.user.id,)]

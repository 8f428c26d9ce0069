"""Start-up quick check: a damaged clinic file is explained, and the latest good backup restored
only after a safety copy of the damaged file (dialogs stubbed at the boundary)."""

from __future__ import annotations

from pathlib import Path

from keystone_desk.services.clinic import Clinic
from keystone_desk.settings import resolve_paths
from keystone_desk.ui import startup_check
from tests.conftest import intake_values
from tests.store.test_backup import corrupt


def _damaged_clinic_with_backup(tmp_path: Path) -> Path:
    db = tmp_path / "clinic.db"
    clinic = Clinic(db)
    admin = clinic.builtin_administrator()
    for i in range(150):
        clinic.patients.register(admin, intake_values(last_name=f"Name{i}"),
                                 allow_duplicate=True)
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 5, True, True)
    clinic.backups.backup_now(admin)
    clinic.close()
    corrupt(db)
    return db


def test_a_sound_file_opens_without_a_question(qapp, tmp_path: Path) -> None:
    Clinic(tmp_path / "clinic.db").close()
    assert startup_check.database_is_usable(resolve_paths(str(tmp_path / "clinic.db")))


def test_damaged_file_restored_from_latest_backup_after_a_safety_copy(qapp, tmp_path: Path,
                                                                      monkeypatch) -> None:
    db = _damaged_clinic_with_backup(tmp_path)
    damaged = db.read_bytes()
    monkeypatch.setattr(startup_check, "_ask_restore", lambda *args: True)
    monkeypatch.setattr(startup_check.QMessageBox, "information", lambda *args: None)
    assert startup_check.database_is_usable(resolve_paths(str(db)))
    copies = list((tmp_path / "safety-copies").glob("*.db"))
    assert len(copies) == 1 and copies[0].read_bytes() == damaged
    clinic = Clinic(db)
    assert clinic.patients.count() == 150
    clinic.close()


def test_quitting_leaves_the_damaged_file_alone(qapp, tmp_path: Path, monkeypatch) -> None:
    db = _damaged_clinic_with_backup(tmp_path)
    damaged = db.read_bytes()
    monkeypatch.setattr(startup_check, "_ask_restore", lambda *args: False)
    assert not startup_check.database_is_usable(resolve_paths(str(db)))
    assert db.read_bytes() == damaged


def test_damage_inside_the_pages_is_found_before_anyone_can_sign_in(qapp, tmp_path: Path,
                                                                    monkeypatch) -> None:
    """The header and schema look sound, so the clinic opens while the quick check runs on its
    thread; the check ends before the sign-in window handles any input, the sign-in closes and
    the person is asked. Quitting leaves the damaged file as it was."""
    from keystone_desk.ui import application

    db = _damaged_clinic_with_backup(tmp_path)
    damaged = db.read_bytes()
    paths = resolve_paths(str(db))
    check = startup_check.begin_check(paths)
    assert not check.check_now  # the cheap check passes: the full one is deferred
    assert check.problems()
    asked = []
    monkeypatch.setattr(startup_check, "_ask_restore", lambda *args: asked.append(1) or False)
    monkeypatch.delenv(application.EXIT_AFTER_PAINT_ENV, raising=False)
    assert application.run(paths, []) == 1
    assert asked == [1]
    assert db.read_bytes() == damaged

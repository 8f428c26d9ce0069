"""BackupService and restore(): verified, audited, pruned, and never overwriting without a copy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from keystone_desk.domain.errors import KeystoneError, ValidationError
from keystone_desk.domain.users import Role, User, UserId
from keystone_desk.services import backups
from keystone_desk.services.clinic import Clinic
from keystone_desk.store import backup as files
from keystone_desk.store.audit import AuditLog
from tests.conftest import intake_values
from tests.store.test_backup import corrupt


def _register(clinic: Clinic, admin: User, last_name: str) -> int:
    return clinic.patients.register(admin, intake_values(last_name=last_name)).patient.id


def test_backup_now_is_verified_and_audited(clinic: Clinic, admin: User, tmp_path: Path) -> None:
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 3, True, True)
    result = clinic.backups.backup_now(admin)
    assert result.verified and result.size > 0 and result.path.parent == tmp_path / "usb"
    events = [e for e in AuditLog(clinic.db).events() if e.action == "backup"]
    assert len(events) == 1 and events[0].user_id == admin.id
    assert str(result.path) in events[0].detail
    assert clinic.backups.settings().last_backup_at == clinic.clock()
    assert [b.path for b in clinic.backups.list_backups()] == [result.path]


def test_keep_n_is_applied_to_the_chosen_folder(clinic: Clinic, admin: User,
                                                tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "keep-me.db").write_bytes(b"a person's own file")
    clinic.backups.update_settings(admin, str(usb), 2, True, True)
    for _ in range(4):
        clinic.backups.backup_now(admin)
    assert len(clinic.backups.list_backups()) == 2
    assert (usb / "keep-me.db").exists()


def test_settings_are_checked_and_versioned(clinic: Clinic, admin: User) -> None:
    with pytest.raises(ValidationError) as error:
        clinic.backups.update_settings(admin, "/x", 0, True, True)
    assert error.value.for_field("keep")
    version = clinic.backups.settings().version
    clinic.backups.update_settings(admin, "/x", 5, False, True, expected_version=version)
    with pytest.raises(KeystoneError):  # stale version: ConflictError
        clinic.backups.update_settings(admin, "/y", 5, False, True, expected_version=version)
    assert clinic.backups.settings().folder == "/x"


def test_only_an_administrator_changes_backup_settings(clinic: Clinic) -> None:
    therapist = User(UserId(1), "t", "T", Role.THERAPIST)
    with pytest.raises(KeystoneError, match="administrator"):
        clinic.backups.update_settings(therapist, "/x", 5, True, True)


def test_backup_without_a_folder_asks_for_one(clinic: Clinic, admin: User) -> None:
    with pytest.raises(ValidationError):
        clinic.backups.backup_now(admin)


def test_daily_backup_is_due_after_a_day(clinic: Clinic, admin: User, clock,
                                         tmp_path: Path) -> None:
    assert not clinic.backups.due_daily(clock())  # no folder yet
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 3, True, True)
    assert clinic.backups.due_daily(clock())
    clinic.backups.backup_now(admin)
    assert not clinic.backups.due_daily(clock() + timedelta(hours=23))
    assert clinic.backups.due_daily(clock() + timedelta(days=1))


def test_restore_takes_a_safety_copy_and_audits(clinic: Clinic, admin: User,
                                                tmp_path: Path) -> None:
    _register(clinic, admin, "Before")
    made = clinic.backups.backup_now(admin, tmp_path / "usb")
    _register(clinic, admin, "After")
    clinic.close()
    db_path = tmp_path / "clinic.db"
    before = db_path.read_bytes()
    result = backups.restore(made.path, db_path)
    assert result.safety_copy is not None and result.safety_copy.read_bytes() == before
    reopened = Clinic(db_path)
    try:
        assert reopened.patients.count() == 1
        assert AuditLog(reopened.db).events()[-1].action == "restore"
    finally:
        reopened.close()


def test_a_damaged_backup_is_refused_and_the_clinic_file_is_untouched(
        clinic: Clinic, admin: User, tmp_path: Path) -> None:
    for i in range(200):
        _register(clinic, admin, f"Filler{i}")
    made = clinic.backups.backup_now(admin, tmp_path / "usb")
    clinic.close()
    corrupt(made.path)
    db_path = tmp_path / "clinic.db"
    before = db_path.read_bytes()
    with pytest.raises(files.BackupError):
        backups.restore(made.path, db_path)
    assert db_path.read_bytes() == before
    assert not (tmp_path / "safety-copies").exists()


def test_restore_never_overwrites_without_a_copy(clinic: Clinic, admin: User, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    made = clinic.backups.backup_now(admin, tmp_path / "usb")
    clinic.close()
    db_path = tmp_path / "clinic.db"
    before = db_path.read_bytes()

    def no_room(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "safety_copy", no_room)
    with pytest.raises(files.BackupError, match="safety copy"):
        backups.restore(made.path, db_path)
    assert db_path.read_bytes() == before


def test_a_corrupted_clinic_fails_quick_check_and_is_restored_from_the_latest_good_backup(
        clinic: Clinic, admin: User, tmp_path: Path) -> None:
    for i in range(200):
        _register(clinic, admin, f"Filler{i}")
    usb = tmp_path / "usb"
    clinic.backups.update_settings(admin, str(usb), 5, True, True)
    good = clinic.backups.backup_now(admin)
    clinic.close()
    db_path = tmp_path / "clinic.db"
    corrupt(db_path)
    assert files.quick_check(db_path)
    latest = files.latest_good_backup(usb, stem="clinic")
    assert latest is not None and latest.path == good.path
    damaged = db_path.read_bytes()
    result = backups.restore(latest.path, db_path)
    assert result.safety_copy.read_bytes() == damaged
    assert files.quick_check(db_path) == []
    reopened = Clinic(db_path)
    assert reopened.patients.count() == 200
    reopened.close()


def test_a_new_clinic_with_backups_ticked_but_no_folder_says_so(clinic: Clinic, admin: User,
                                                                 tmp_path: Path) -> None:
    assert clinic.backups.settings().daily and not clinic.backups.settings().folder
    assert clinic.backups.folder_missing()
    clinic.backups.update_settings(admin, str(tmp_path / "usb"), 10, True, True)
    assert not clinic.backups.folder_missing()
    clinic.backups.update_settings(admin, "", 10, False, False)  # backups switched off
    assert not clinic.backups.folder_missing()
    clinic.backups.update_settings(admin, "", 10, False, True)
    assert clinic.backups.folder_missing()

"""`keystone-desk backup` and `keystone-desk restore`, as a person types them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from keystone_desk.services.clinic import Clinic
from keystone_desk.store import backup as files
from keystone_desk.store.audit import AuditLog
from tests.conftest import intake_values


def keystone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "keystone_desk", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_backup_then_restore_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "clinic.db"
    clinic = Clinic(db)
    admin = clinic.builtin_administrator()
    clinic.patients.register(admin, intake_values(last_name="Kept"))
    clinic.close()

    done = keystone("backup", "--db", db, "--to", tmp_path / "usb", "--keep", "2")
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout and "keystone-clinic-" in done.stdout
    made = files.list_backups(tmp_path / "usb")
    assert len(made) == 1

    clinic = Clinic(db)
    clinic.patients.register(admin, intake_values(last_name="Lost"))
    clinic.close()

    back = keystone("restore", made[0].path, "--db", db)
    assert back.returncode == 0, back.stderr
    assert "Safety copy" in back.stdout
    copies = list((tmp_path / "safety-copies").glob("clinic-before-restore-*.db"))
    assert len(copies) == 1 and str(copies[0]) in back.stdout
    clinic = Clinic(db)
    try:
        assert clinic.patients.count() == 1
        actions = [e.action for e in AuditLog(clinic.db).events()]
        # The backup's own audit event came after the copy was taken; the restore's is there.
        assert actions[-1] == "restore" and "backup" not in actions
    finally:
        clinic.close()


def test_backup_keeps_the_last_n(tmp_path: Path) -> None:
    db = tmp_path / "clinic.db"
    Clinic(db).close()
    for _ in range(3):
        assert keystone("backup", "--db", db, "--to", tmp_path / "usb", "--keep", "2"
                        ).returncode == 0
    assert len(files.list_backups(tmp_path / "usb")) == 2


def test_restore_refuses_a_damaged_backup_and_leaves_the_clinic_alone(tmp_path: Path) -> None:
    db = tmp_path / "clinic.db"
    Clinic(db).close()
    junk = tmp_path / "keystone-clinic-20260101T000000000000Z.db"
    junk.write_bytes(b"not a database" * 500)
    before = db.read_bytes()
    done = keystone("restore", junk, "--db", db)
    assert done.returncode == 1
    assert "nothing was restored" in done.stderr and "Traceback" not in done.stderr
    assert db.read_bytes() == before


def test_backup_of_a_missing_database_is_a_plain_error(tmp_path: Path) -> None:
    done = keystone("backup", "--db", tmp_path / "nope.db", "--to", tmp_path / "usb")
    assert done.returncode == 1 and "no clinic database" in done.stderr

"""Online backups, integrity checks, pruning and atomic replacement (store.backup)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from keystone_desk.store import backup as files
from keystone_desk.store.database import open_database

T0 = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


def corrupt(path: Path) -> None:
    """Write garbage into the middle of a database file (past the header page)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "clinic.db")
    yield database
    database.close()


def test_backup_is_a_verified_copy_named_for_the_clinic(db, tmp_path: Path) -> None:
    made = files.backup_database(db.conn, tmp_path / "clinic.db", tmp_path / "usb", now=T0)
    assert made.path.name == "keystone-clinic-20261127T153000000000Z.db"
    assert made.size == made.path.stat().st_size > 0
    assert files.integrity_check(made.path) == []
    copy = sqlite3.connect(made.path)
    assert copy.execute("SELECT count(*) FROM clinic_settings").fetchone() == (1,)
    copy.close()
    assert not list((tmp_path / "usb").glob("*.partial"))


def test_keep_n_prunes_only_our_own_files(db, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "holiday-photos.db").write_bytes(b"mine")
    (usb / "keystone-notes.txt").write_text("not a backup")
    (usb / "keystone-otherclinic-20200101T000000000000Z.db").write_bytes(b"other clinic")
    for hour in range(5):
        files.backup_database(db.conn, tmp_path / "clinic.db", usb, keep=3,
                              now=T0 + timedelta(hours=hour))
    ours = files.list_backups(usb, stem="clinic")
    assert [b.taken_at.hour for b in ours] == [19, 18, 17]
    assert (usb / "holiday-photos.db").read_bytes() == b"mine"
    assert (usb / "keystone-notes.txt").exists()
    assert (usb / "keystone-otherclinic-20200101T000000000000Z.db").exists()


def test_a_corrupted_copy_fails_quick_check_and_the_latest_good_backup_is_found(
        db, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    db.execute("CREATE TABLE filler (x TEXT)")
    db.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 2000)
    good = files.backup_database(db.conn, tmp_path / "clinic.db", usb, now=T0)
    newest = files.backup_database(db.conn, tmp_path / "clinic.db", usb,
                                   now=T0 + timedelta(hours=1))
    corrupt(newest.path)
    assert files.quick_check(newest.path) != []
    assert files.quick_check(good.path) == []
    assert files.latest_good_backup(usb).path == good.path


def test_quick_check_of_something_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello" * 1000)
    assert files.quick_check(junk)
    assert files.quick_check(tmp_path / "missing.db")


def test_replace_database_file_keeps_nothing_of_the_old_journal(db, tmp_path: Path) -> None:
    made = files.backup_database(db.conn, tmp_path / "clinic.db", tmp_path / "usb", now=T0)
    db.execute("CREATE TABLE after_backup (x)")
    db.close()
    target = tmp_path / "clinic.db"
    (tmp_path / "clinic.db-wal").write_bytes(b"stale journal")
    copy = files.safety_copy(target, tmp_path / "safety")
    assert copy.read_bytes() == target.read_bytes()
    assert (copy.parent / (copy.name + "-wal")).read_bytes() == b"stale journal"
    files.replace_database_file(made.path, target)
    assert not (tmp_path / "clinic.db-wal").exists()
    assert files.integrity_check(target) == []
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'after_backup'").fetchall() == []
    conn.close()


def test_backup_names_round_trip() -> None:
    name = files.backup_name("/data/clinic.db", T0)
    assert files.parse_backup_name(name) == ("clinic", T0)
    assert files.parse_backup_name("keystone-clinic.db") is None

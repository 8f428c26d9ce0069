"""`keystone-desk audit verify | export` end to end: an intact trail exits 0, a copy tampered with
through raw SQL (triggers dropped first) exits 1 naming the entry; export writes the CSV and is
recorded; `verify --user` signs in first and needs a role that may view the trail; `--patient`
takes a name that finds one patient."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk.app import main
from keystone_desk.services.clinic import Clinic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "demo.db"
    assert main(["demo", "--db", str(path), "--patients", "30"]) == 0
    return path


def entries(db: Path) -> int:
    with sqlite3.connect(str(db)) as conn:
        return conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]


def tampered_copy(demo_db: Path, tmp_path: Path, *statements: str) -> Path:
    copy = tmp_path / "tampered.db"
    with sqlite3.connect(str(demo_db)) as conn:  # a consistent copy, WAL folded in
        conn.execute("VACUUM INTO ?", [str(copy)])
    conn = sqlite3.connect(str(copy), isolation_level=None)
    for name in ("audit_events_no_update", "audit_events_no_delete", "audit_events_chained"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return copy


def test_an_intact_trail_exits_0_and_says_how_many_entries(demo_db, capsys):
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(demo_db)]) == 0
    first, last = capsys.readouterr().out.strip().splitlines()
    assert first == f"Audit trail intact: {entries(demo_db)} entries checked."
    with sqlite3.connect(str(demo_db)) as conn:  # the end of the chain, to record elsewhere
        newest = conn.execute("SELECT id, hash FROM audit_events ORDER BY id DESC").fetchone()
    assert last == f"Last entry #{newest[0]}, hash {newest[1][:16]}"


def test_an_edited_entry_exits_1_naming_it(demo_db, tmp_path, capsys):
    copy = tampered_copy(demo_db, tmp_path,
                         "UPDATE audit_events SET user_id = 1, detail = 'x' WHERE id = 12")
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(copy)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Audit trail broken at entry #12: its contents were changed")
    assert out.strip().endswith("Entries before it are intact.")


def test_a_deleted_entry_exits_1_naming_the_one_after(demo_db, tmp_path, capsys):
    copy = tampered_copy(demo_db, tmp_path, "DELETE FROM audit_events WHERE id = 7")
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(copy)]) == 1
    assert "broken at entry #8:" in capsys.readouterr().out


def test_verify_as_a_real_process(demo_db, tmp_path):
    copy = tampered_copy(demo_db, tmp_path, "UPDATE audit_events SET at = at || ' ' WHERE id = 3")
    run = subprocess.run([sys.executable, "-m", "keystone_desk", "audit", "verify", "--db",
                          str(copy)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "entry #3" in run.stdout
    assert "Traceback" not in run.stderr


def test_export_writes_a_csv_and_is_recorded(demo_db, tmp_path, capsys):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "trail.csv"
    capsys.readouterr()
    assert main(["audit", "export", "--db", str(db), "--out", str(out), "--user", "maria.lopez",
                 "--action", "sign", "--since", "2000-01-01"]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["action"] for r in rows} == {"sign"}
    assert capsys.readouterr().out.strip() == f"Wrote {len(rows)} audit entries to {out}."
    clinic = Clinic(db)
    try:
        last = clinic.audit.query(clinic.builtin_administrator(), action="export", limit=1)[0]
        assert last.entity == "audit_trail" and "trail.csv" in last.detail
        assert clinic.audit.verify().ok
    finally:
        clinic.close()


def test_export_for_one_patient(demo_db, tmp_path, capsys):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "one.csv"
    assert main(["audit", "export", "--db", str(db), "--out", str(out), "--patient", "1"]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        assert {r["patient_id"] for r in csv.DictReader(f)} == {"1"}


def test_unknown_user_and_missing_database_are_one_line_errors(demo_db, tmp_path, capsys):
    capsys.readouterr()
    assert main(["audit", "export", "--db", str(demo_db), "--out", str(tmp_path / "x.csv"),
                 "--user", "nobody"]) == 1
    assert "no user called 'nobody'" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", str(tmp_path / "missing.db")]) == 1
    assert "there is no clinic database" in capsys.readouterr().err
    assert main(["audit", "export", "--db", str(demo_db), "--out", "x.csv",
                 "--since", "27/11/2026"]) == 2


def test_export_signs_in_and_refuses_a_therapist(demo_db, tmp_path, capsys, monkeypatch):
    from keystone_desk.services.demo_users import DEMO_THERAPIST

    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    monkeypatch.setenv("KEYSTONE_DESK_USER", DEMO_THERAPIST.username)
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", DEMO_THERAPIST.password)
    capsys.readouterr()
    out = tmp_path / "no.csv"
    assert main(["audit", "export", "--db", str(db), "--out", str(out)]) == 1
    assert "cannot view the audit trail" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", "wrong")
    assert main(["audit", "export", "--db", str(db), "--out", str(out)]) == 1
    assert main(["audit", "verify", "--db", str(db)]) == 0  # the chain check needs no one


def last_action(db: Path) -> tuple[str, str]:
    with sqlite3.connect(str(db)) as conn:
        return conn.execute("SELECT e.action, u.username FROM audit_events e "
                            "LEFT JOIN users u ON u.id = e.user_id ORDER BY e.id DESC").fetchone()


def test_verify_accepts_user_like_every_other_command(demo_db, tmp_path, capsys, monkeypatch):
    from keystone_desk.services.demo_users import DEMO_ADMIN, DEMO_THERAPIST

    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", DEMO_ADMIN.password)
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(db), "--user", DEMO_ADMIN.username]) == 0
    assert capsys.readouterr().out.startswith("Audit trail intact: ")
    assert last_action(db) == ("login", DEMO_ADMIN.username)  # signed in, and it shows
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", DEMO_THERAPIST.password)
    assert main(["audit", "verify", "--db", str(db), "--user", DEMO_THERAPIST.username]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == ("keystone-desk: Your role (therapist) cannot view the audit "
                                 "trail.\n")
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", "not-the-password")
    assert main(["audit", "verify", "--db", str(db), "--user", DEMO_ADMIN.username]) == 1
    assert "Audit trail" not in capsys.readouterr().out


def test_export_finds_the_patient_by_name(demo_db, tmp_path, capsys):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "whitfield.csv"
    assert main(["audit", "export", "--db", str(db), "--out", str(out), "--patient",
                 "Whitfield"]) == 0
    with sqlite3.connect(str(db)) as conn:
        whitfield = conn.execute("SELECT id FROM patients WHERE last_name = 'Whitfield'"
                                 ).fetchone()[0]
    with out.open(encoding="utf-8", newline="") as f:
        assert {r["patient_id"] for r in csv.DictReader(f)} == {str(whitfield)}
    out.unlink()
    capsys.readouterr()
    assert main(["audit", "export", "--db", str(db), "--out", str(out), "--patient", "ma"]) == 1
    err = capsys.readouterr().err  # 30 patients here: 25 written by hand, 5 synthetic
    assert "'ma' matches 4 patients" in err and "Rossi, Mateo" in err and not out.exists()

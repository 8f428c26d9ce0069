"""AuditService: the chain check catches tampering through raw SQL (an attacker who drops the
triggers first), the triggers refuse it otherwise, and an administrator's reading of the trail,
filtered and exported, is itself recorded."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from keystone_desk.domain.users import Role, User, UserId
from keystone_desk.services.audit import AuditAccessError
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values


def raw(clinic: Clinic) -> sqlite3.Connection:
    """A connection of the attacker's own, outside the app."""
    return sqlite3.connect(str(clinic.path), isolation_level=None)


def drop_audit_triggers(conn: sqlite3.Connection) -> None:
    for name in ("audit_events_no_update", "audit_events_no_delete", "audit_events_chained"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def add_user(clinic: Clinic, username: str, name: str, role: Role) -> User:
    with clinic.db.atomic():
        cursor = clinic.db.execute(
            "INSERT INTO users (uid, username, display_name, role, created_at) "
            "VALUES (?, ?, ?, ?, '2026-01-01T00:00:00+00:00')",
            [f"uid-{username}", username, name, role.value])
    return User(UserId(cursor.lastrowid), username, name, role)


@pytest.fixture
def busy(clinic: Clinic, admin: User, clock):
    """Two patients, a therapist opening one chart, a day apart: five entries."""
    maria = clinic.patients.register(admin, intake_values()).patient
    jose = clinic.patients.register(admin, intake_values(first_name="José",
                                                        last_name="Núñez")).patient
    therapist = add_user(clinic, "kim", "Kim Therapist", Role.THERAPIST)
    clock.now += timedelta(days=1)
    clinic.patients.open_chart(therapist, maria.id)
    clinic.patients.update(therapist, maria.id, intake_values(email="m@example.org"),
                           expected_version=maria.version)
    clinic.patients.open_chart(admin, jose.id)
    return {"maria": maria, "jose": jose, "kim": therapist}


def ids(rows) -> list[int]:
    return [r.id for r in rows]


def test_an_untouched_trail_verifies(clinic, busy):
    result = clinic.audit.verify()
    assert result.ok and result.first_broken is None
    assert result.entries_checked == 5


def test_an_empty_trail_verifies(clinic):
    assert clinic.audit.verify().entries_checked == 0
    assert clinic.audit.verify().ok


def test_raw_update_and_delete_of_audit_rows_are_refused_by_the_triggers(clinic, busy):
    conn = raw(clinic)
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        conn.execute("UPDATE audit_events SET detail = 'x' WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM audit_events WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="hash-chained"):
        conn.execute("INSERT INTO audit_events (at, user_id, action, entity) "
                     "VALUES ('2026-11-27T00:00:00+00:00', 1, 'view', 'patient')")
    conn.close()
    assert clinic.audit.verify().ok


@pytest.mark.parametrize("change", [
    "detail = 'nothing happened'", "user_id = 1", "at = '2026-01-01T00:00:00+00:00'",
    "action = 'create'", "patient_id = NULL",
])
def test_an_edited_row_is_the_first_broken_link(clinic, busy, change):
    conn = raw(clinic)
    drop_audit_triggers(conn)
    conn.execute(f"UPDATE audit_events SET {change} WHERE id = 3")
    conn.close()
    result = clinic.audit.verify()
    assert not result.ok
    assert result.first_broken.entry_id == 3
    assert "changed" in result.first_broken.reason
    assert result.entries_checked == 3


def test_an_edited_row_with_its_own_hash_recomputed_breaks_at_the_next(clinic, busy):
    from keystone_desk.domain.audit_chain import entry_hash

    conn = raw(clinic)
    drop_audit_triggers(conn)
    row = conn.execute("SELECT prev_hash, id, at, user_id, action, entity, entity_id, "
                       "patient_id FROM audit_events WHERE id = 3").fetchone()
    conn.execute("UPDATE audit_events SET detail = 'forged', hash = ? WHERE id = 3",
                 [entry_hash(*row, "forged")])
    conn.close()
    assert clinic.audit.verify().first_broken.entry_id == 4


def test_a_deleted_row_breaks_the_chain_at_the_next_entry(clinic, busy):
    conn = raw(clinic)
    drop_audit_triggers(conn)
    conn.execute("DELETE FROM audit_events WHERE id = 2")
    conn.close()
    result = clinic.audit.verify()
    assert result.first_broken.entry_id == 3
    assert "removed" in result.first_broken.reason


def test_a_forged_row_inserted_into_the_middle_is_caught(clinic, busy):
    conn = raw(clinic)
    drop_audit_triggers(conn)
    conn.execute("DELETE FROM audit_events WHERE id = 4")  # make room for the forgery
    conn.execute("INSERT INTO audit_events (id, at, user_id, action, entity, entity_id, "
                 "patient_id, detail, prev_hash, hash) VALUES (4, '2026-11-28T15:30:00+00:00', "
                 "1, 'view', 'patient', 1, 1, '', ?, ?)", ["a" * 64, "b" * 64])
    conn.close()
    assert clinic.audit.verify().first_broken.entry_id == 4


def test_a_forged_row_appended_at_the_end_is_caught(clinic, busy):
    conn = raw(clinic)
    drop_audit_triggers(conn)
    conn.execute("INSERT INTO audit_events (at, user_id, action, entity, prev_hash, hash) "
                 "VALUES ('2026-11-29T00:00:00+00:00', 1, 'view', 'patient', ?, ?)",
                 ["c" * 64, "d" * 64])
    conn.close()
    result = clinic.audit.verify()
    assert result.first_broken.entry_id == 6 and result.entries_checked == 6


def test_query_filters_by_user_patient_action_and_dates(clinic, admin, busy, clock):
    kim, maria, jose = busy["kim"], busy["maria"], busy["jose"]
    assert ids(clinic.audit.query(admin, user_id=kim.id)) == [4, 3]
    assert ids(clinic.audit.query(admin, patient_id=maria.id, action="create")) == [1]
    admin_views = clinic.audit.query(admin, action="view", user_id=admin.id)
    assert [(r.id, r.entity) for r in admin_views][-1] == (5, "patient")
    assert {r.entity for r in admin_views[:-1]} == {"audit_trail"}  # the reads above
    today = clock.now.astimezone().date()
    assert ids(clinic.audit.query(admin, until=today - timedelta(days=2))) == []
    first_day = clinic.audit.query(admin, patient_id=None, since=today - timedelta(days=5),
                                   until=today - timedelta(days=1))
    assert set(ids(first_day)) >= {1, 2}
    assert 3 not in ids(first_day)
    row = clinic.audit.query(admin, patient_id=jose.id, action="view")[0]
    assert row.user_name == admin.display_name and row.patient_name == "Núñez, José"
    assert row.what == "patient #2"


def test_query_pages_newest_first(clinic, admin, busy):
    assert ids(clinic.audit.query(admin, limit=2)) == [5, 4]
    # the first read is entry 6 now
    assert ids(clinic.audit.query(admin, limit=2, offset=2)) == [4, 3]


def test_viewing_the_trail_is_audited(clinic, admin, busy):
    clinic.audit.query(admin, patient_id=busy["maria"].id)
    last = clinic.audit.query(admin, limit=1)[0]
    assert (last.action, last.entity, last.user_id) == ("view", "audit_trail", admin.id)
    assert last.patient_id == busy["maria"].id
    assert f"patient={busy['maria'].id}" in last.detail
    assert clinic.audit.verify().ok


def test_csv_export_writes_the_filtered_entries_and_is_audited(clinic, admin, busy,
                                                               tmp_path: Path):
    out = tmp_path / "trail.csv"
    count = clinic.audit.export_csv(admin, out, patient_id=busy["maria"].id)
    with out.open(encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0][:5] == ["entry", "time_utc", "user", "username", "action"]
    assert count == len(lines) - 1 == 3
    assert [line[4] for line in lines[1:]] == ["update", "view", "create"]
    assert {line[8] for line in lines[1:]} == {"García, Maria"}
    last = clinic.audit.query(admin, action="export", limit=1)[0]
    assert last.entity == "audit_trail" and "3 entries to trail.csv" in last.detail


def test_csv_export_keeps_accents(clinic, admin, busy, tmp_path: Path):
    out = tmp_path / "all.csv"
    clinic.audit.export_csv(admin, out)
    assert "Núñez, José" in out.read_text(encoding="utf-8")


def test_only_an_administrator_reads_the_trail_and_a_refusal_is_recorded(clinic, admin, busy,
                                                                          tmp_path):
    with pytest.raises(AuditAccessError):
        clinic.audit.query(busy["kim"])
    with pytest.raises(AuditAccessError):
        clinic.audit.export_csv(busy["kim"], tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    denied = clinic.audit.query(admin, action="denied")
    assert [r.user_id for r in denied] == [busy["kim"].id] * 2


def test_filters_offer_every_user_and_action(clinic, admin, busy):
    assert {u.username for u in clinic.audit.users()} >= {"admin", "kim"}
    assert clinic.audit.actions() == ["create", "update", "view"]


def test_until_before_since_finds_nothing(clinic, admin, busy):
    assert clinic.audit.query(admin, since=date(2026, 12, 1), until=date(2026, 11, 1)) == []


def test_paging_by_key_is_steady_while_entries_are_added(clinic, admin, busy):
    first = clinic.audit.query(admin, limit=2)  # records entry 6 as it reads
    assert ids(first) == [5, 4]
    assert ids(clinic.audit.query(admin, limit=2, before_id=first[-1].id)) == [3, 2]

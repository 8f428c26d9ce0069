"""Every migration has a test; databases built at every earlier version upgrade cleanly."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from keystone_desk.store.database import connect, migrate, pending_migrations, schema_version
from keystone_desk.store.migrations import MIGRATIONS

ALL = [m.name for m in MIGRATIONS._migrations]

LEGACY_INTAKE = {
    "first_name": "Łukasz", "last_name": "Wiśniewski", "date_of_birth": "1985-03-14",
    "sex": "male", "mobile_phone": "+48 601 234 567", "home_phone": "", "email": "lw@example.pl",
    "red_flags": ["pop_or_snap"],
}


def build_at(path: Path, version: int):
    """A database with exactly the first `version` migrations applied."""
    db = connect(path)
    if version < len(ALL):
        MIGRATIONS.apply(db, stop_before=ALL[version])
    else:
        MIGRATIONS.apply(db)
    return db


def insert_legacy_patient(db) -> None:
    db.execute(
        "INSERT INTO patients (uid, first_name, last_name, date_of_birth, sex, phone, email, "
        "intake_json, created_at, updated_at) VALUES ('u-1', 'Łukasz', 'Wiśniewski', "
        "'1985-03-14', 'male', '+48 601 234 567', 'lw@example.pl', ?, "
        "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        [json.dumps(LEGACY_INTAKE)],
    )


@pytest.mark.parametrize("version", range(len(ALL)))
def test_database_at_every_earlier_version_upgrades_to_the_latest(tmp_path, version):
    db = build_at(tmp_path / "old.db", version)
    assert schema_version(db) == version
    if version >= 1:
        insert_legacy_patient(db)
    copy = migrate(db, backup_dir=tmp_path / "backups")
    assert pending_migrations(db) == []
    assert (copy is not None) == (version >= 1)
    if version >= 1:
        assert copy.exists() and "before-upgrade-v" in copy.name
        assert db.execute("SELECT first_name FROM patients").fetchone() == ("Łukasz",)
    if 1 <= version < 3:  # rows written before the search index existed are indexed by 0003
        assert db.execute("SELECT red_flag_count FROM patients").fetchone() == (1,)
        hits = db.execute(
            "SELECT rowid FROM patient_search WHERE patient_search MATCH '\"lukasz\"*'"
        ).fetchall()
        assert hits == [(1,)]


def test_0001_create_patients(tmp_path):
    db = build_at(tmp_path / "a.db", 1)
    assert "patients" in db.table_names()
    assert {"uid", "version", "archived", "intake_json"} <= set(db["patients"].columns_dict)


def test_0002_create_users_and_audit_events(tmp_path):
    db = build_at(tmp_path / "a.db", 2)
    assert db.execute("SELECT username, role FROM users").fetchall() == [("admin", "administrator")]
    db.execute(
        "INSERT INTO audit_events (at, user_id, action, entity) VALUES ('2026', 1, 'x', 'y')"
    )
    with pytest.raises(Exception, match="cannot be changed"):
        db.execute("UPDATE audit_events SET action = 'z'")
    with pytest.raises(Exception, match="cannot be deleted"):
        db.execute("DELETE FROM audit_events")


def test_0003_patient_search_index(tmp_path):
    db = build_at(tmp_path / "a.db", 2)
    insert_legacy_patient(db)
    MIGRATIONS.apply(db)
    row = db.execute("SELECT sort_key, identity_key FROM patients").fetchone()
    assert row == ("wisniewski\x1flukasz", "wisniewski|lukasz|1985-03-14")
    assert "patient_search" in db.table_names()


def _charting_db(tmp_path, version=4):
    db = build_at(tmp_path / "c.db", version)
    insert_legacy_patient(db)
    now = "2026-11-27T10:00:00+00:00"
    db.execute("INSERT INTO episodes (uid, patient_id, title, opened_on, created_at, updated_at, "
               "created_by) VALUES ('e1', 1, 'Right Achilles', '2026-11-27', ?, ?, 1)", [now, now])
    db.execute("INSERT INTO notes (uid, episode_id, patient_id, kind, visit_date, therapist_id, "
               "created_at, updated_at) VALUES ('n1', 1, 1, 'daily', '2026-11-27', 1, ?, ?)",
               [now, now])
    return db, now


def test_0004_charting(tmp_path):
    db, now = _charting_db(tmp_path)
    with pytest.raises(Exception, match="addenda are added to signed notes only"):
        db.execute("INSERT INTO addenda (uid, note_id, reason, body, author_id, created_at, "
                   "signed_at, signer_name, content_hash) VALUES ('a', 1, 'r', 'b', 1, ?, ?, "
                   "'X', 'h')", [now, now])
    with pytest.raises(Exception, match="needs signer"):
        db.execute("UPDATE notes SET status = 'signed' WHERE id = 1")
    db.execute("UPDATE notes SET content_json = '{\"s\": 1}' WHERE id = 1")  # drafts change
    db.execute("UPDATE notes SET status = 'signed', signed_at = ?, signer_name = 'A. Therapist', "
               "content_hash = 'abc' WHERE id = 1", [now])
    with pytest.raises(Exception, match="signed notes cannot be changed"):
        db.execute("UPDATE notes SET content_json = '{}' WHERE id = 1")
    with pytest.raises(Exception, match="signed notes cannot be deleted"):
        db.execute("DELETE FROM notes WHERE id = 1")
    with pytest.raises(Exception, match="signed notes cannot be changed"):
        db.execute("INSERT INTO attachments (uid, note_id, slot, mime, data, created_at, "
                   "created_by) VALUES ('x', 1, 'side', 'image/png', x'00', ?, 1)", [now])
    db.execute("INSERT INTO addenda (uid, note_id, reason, body, author_id, created_at, signed_at, "
               "signer_name, content_hash) VALUES ('a', 1, 'r', 'b', 1, ?, ?, 'X', 'h')", [now, now])
    with pytest.raises(Exception, match="signed addenda cannot be changed"):
        db.execute("UPDATE addenda SET body = 'changed'")
    with pytest.raises(Exception, match="signed addenda cannot be deleted"):
        db.execute("DELETE FROM addenda")


def test_0004_charting_scores_are_only_ever_marked_in_error(tmp_path):
    db, now = _charting_db(tmp_path)
    db.execute("INSERT INTO measure_results (uid, episode_id, patient_id, measure_id, taken_on, "
               "answers_json, score, entered_by, created_at) VALUES ('m', 1, 1, 'nprs', "
               "'2026-11-27', '{}', 6, 1, ?)", [now])
    for statement in ("UPDATE measure_results SET score = 7",
                      "UPDATE measure_results SET in_error = 1",  # no reason
                      "DELETE FROM measure_results"):
        with pytest.raises(Exception, match="marked in error|never deleted"):
            db.execute(statement)
    db.execute("UPDATE measure_results SET in_error = 1, error_reason = 'wrong patient', "
               "error_by = 1, error_at = ?", [now])
    with pytest.raises(Exception, match="marked in error"):
        db.execute("UPDATE measure_results SET in_error = 0")


def test_0005_treatment_plans_and_home_programs(tmp_path):
    db, now = _charting_db(tmp_path)
    MIGRATIONS.apply(db)
    assert {"treatment_plans", "plan_goals", "home_programs", "home_program_versions",
            "custom_exercises", "exercise_photos", "return_to_run_sessions"} <= set(db.table_names())
    db.execute("INSERT INTO treatment_plans (uid, episode_id, patient_id, content_json, "
               "created_at, updated_at, created_by, updated_by) VALUES ('p', 1, 1, '{}', ?, ?, "
               "1, 1)", [now, now])
    with pytest.raises(Exception, match="UNIQUE"):  # one plan per episode
        db.execute("INSERT INTO treatment_plans (uid, episode_id, patient_id, content_json, "
                   "created_at, updated_at, created_by, updated_by) VALUES ('q', 1, 1, '{}', ?, "
                   "?, 1, 1)", [now, now])
    db.execute("INSERT INTO plan_goals (uid, plan_id, patient_id, term, kind, description, "
               "comparator, target_value, created_at, updated_at, created_by, updated_by) "
               "VALUES ('g', 1, 1, 'long', 'measure_score', 'VISA-A at least 80', '>=', 80, ?, ?, "
               "1, 1)", [now, now])
    db.execute("UPDATE plan_goals SET status = 'discontinued', version = version + 1")
    with pytest.raises(Exception, match="never deleted"):
        db.execute("DELETE FROM plan_goals")
    with pytest.raises(Exception, match="CHECK"):
        db.execute("UPDATE plan_goals SET status = 'done'")
    db.execute("INSERT INTO home_programs (uid, patient_id, episode_id, created_at, updated_at, "
               "updated_by) VALUES ('h', 1, 1, ?, ?, 1)", [now, now])
    db.execute("INSERT INTO home_program_versions (uid, program_id, number, patient_id, "
               "episode_id, items_json, options_json, handed_at, handed_by, therapist_name) "
               "VALUES ('v', 1, 1, 1, 1, '[]', '{}', ?, 1, 'A. Therapist')", [now])
    with pytest.raises(Exception, match="cannot be changed"):
        db.execute("UPDATE home_program_versions SET items_json = '[1]'")
    with pytest.raises(Exception, match="cannot be deleted"):
        db.execute("DELETE FROM home_program_versions")
    db.execute("INSERT INTO exercise_photos (uid, exercise_id, mime, data, created_at, "
               "created_by) VALUES ('f', 'glute-bridge', 'image/png', x'89', ?, 1)", [now])
    for statement in ("UPDATE exercise_photos SET mime = 'image/jpeg'", "DELETE FROM exercise_photos"):
        with pytest.raises(Exception, match="add a new one"):
            db.execute(statement)
    db.execute("INSERT INTO custom_exercises (uid, exercise_id, definition_json, created_at, "
               "created_by, updated_at, updated_by) VALUES ('c', 'clinic-wall-sit', '{}', ?, 1, "
               "?, 1)", [now, now])
    with pytest.raises(Exception, match="archived, never deleted"):
        db.execute("DELETE FROM custom_exercises")


def test_0005_logged_runs_are_only_marked_in_error(tmp_path):
    db, now = _charting_db(tmp_path)
    MIGRATIONS.apply(db)
    db.execute("INSERT INTO return_to_run_sessions (uid, episode_id, patient_id, run_on, stage, "
               "pain_during, next_morning_worse, limping, action, next_stage, message, "
               "recorded_by, created_at) VALUES ('r', 1, 1, '2026-11-27', 3, 2, 0, 0, 'advance', "
               "4, 'ok', 1, ?)", [now])
    for statement in ("UPDATE return_to_run_sessions SET pain_during = 6",
                      "UPDATE return_to_run_sessions SET in_error = 1",  # no reason
                      "DELETE FROM return_to_run_sessions"):
        with pytest.raises(Exception, match="marked in error"):
            db.execute(statement)
    db.execute("UPDATE return_to_run_sessions SET in_error = 1, error_reason = 'wrong day'")


def test_0006_clinic_settings(tmp_path):
    db = build_at(tmp_path / "s.db", 5)
    MIGRATIONS.apply(db)
    assert db.execute("SELECT id, name, paper, version FROM clinic_settings").fetchall() == [
        (1, "Keystone Desk Clinic", "A4", 1)]
    with pytest.raises(Exception, match="CHECK"):  # one row only
        db.execute("INSERT INTO clinic_settings (id, name) VALUES (2, 'Other')")
    for statement in ("UPDATE clinic_settings SET paper = 'A3'",
                      "UPDATE clinic_settings SET logo_mime = 'image/gif'"):
        with pytest.raises(Exception, match="CHECK"):
            db.execute(statement)
    with pytest.raises(Exception, match="cannot be deleted"):
        db.execute("DELETE FROM clinic_settings")


def test_0007_harden_charting(tmp_path):
    db, now = _charting_db(tmp_path, 6)
    later = "2026-11-27T11:00:00+00:00"
    db.execute("INSERT INTO notes (uid, episode_id, patient_id, kind, visit_date, therapist_id, "
               "created_at, updated_at) VALUES ('n2', 1, 1, 'daily', '2026-11-27', 1, ?, ?)",
               [now, now])
    db.execute("UPDATE notes SET version = 3, updated_at = ? WHERE id = 2", [later])
    for note_id in (1, 2):  # typed at 10:30: note 1 unchanged since, note 2 saved again at 11:00
        db.execute("INSERT INTO note_autosaves (note_id, content_json, saved_at, user_id) "
                   "VALUES (?, '{\"plan\": \"typed\"}', '2026-11-27T10:30:00+00:00', 1)",
                   [note_id])
    db.execute("INSERT INTO attachments (uid, note_id, slot, mime, data, created_at, created_by) "
               "VALUES ('a1', 2, 'side', 'image/png', x'00', ?, 1)", [now])
    db.execute("INSERT INTO measure_results (uid, episode_id, patient_id, measure_id, taken_on, "
               "answers_json, score, entered_by, created_at) VALUES ('m', 1, 1, 'nprs', "
               "'2026-11-27', '{}', 6, 1, ?)", [now])
    MIGRATIONS.apply(db)

    # Recovery copies: one per note and user, with the version they were typed over.
    assert db.execute("SELECT note_id, user_id, base_version, content_json FROM note_autosaves "
                      "ORDER BY note_id").fetchall() == [
        (1, 1, 1, '{"plan": "typed"}'), (2, 1, 2, '{"plan": "typed"}')]
    db.execute("INSERT INTO users (uid, username, display_name, role, created_at) VALUES "
               "('u2', 'jo', 'Jo Park', 'therapist', ?)", [now])
    db.execute("INSERT INTO note_autosaves (note_id, user_id, base_version, content_json, "
               "saved_at) VALUES (1, 2, 1, '{}', ?)", [now])
    # Nothing moves into a signed note, and no note starts out signed.
    db.execute("UPDATE notes SET status = 'signed', signed_at = ?, signer_name = 'A. Therapist', "
               "content_hash = 'abc' WHERE id = 1", [now])
    with pytest.raises(Exception, match="stays with the note"):
        db.execute("UPDATE attachments SET note_id = 1 WHERE id = 1")
    with pytest.raises(Exception, match="starts as a draft"):
        db.execute("INSERT INTO notes (uid, episode_id, patient_id, kind, visit_date, "
                   "therapist_id, created_at, updated_at, status) VALUES ('n3', 1, 1, 'daily', "
                   "'2026-11-27', 1, ?, ?, 'signed')", [now, now])
    # An episode with notes stays with its patient.
    db.execute("INSERT INTO patients (uid, first_name, last_name, date_of_birth, sex, "
               "intake_json, created_at, updated_at) VALUES ('u-2', 'Jo', 'Doe', '1990-01-01', "
               "'female', '{}', ?, ?)", [now, now])
    with pytest.raises(Exception, match="stays with its patient"):
        db.execute("UPDATE episodes SET patient_id = 2 WHERE id = 1")
    db.execute("UPDATE episodes SET title = 'Right Achilles midportion' WHERE id = 1")
    # A score's record is fixed; only the four marking-in-error columns change.
    for column, value in (("uid", "'other'"), ("entered_by", "2"),
                          ("created_at", "'2026-01-01'"), ("problems_json", "'[\"x\"]'")):
        with pytest.raises(Exception, match="marked in error"):
            db.execute(f"UPDATE measure_results SET in_error = 1, error_reason = 'wrong', "
                       f"{column} = {value}")
    db.execute("UPDATE measure_results SET in_error = 1, error_reason = 'wrong patient', "
               "error_by = 1, error_at = ?", [now])


def test_every_migration_has_a_test_of_its_own():
    """A migration without a `test_<name>` function here fails the suite (Picard's meta-test)."""
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    missing = [name for name in ALL if name not in tested]
    assert not missing, f"migrations without a test: {missing}"


def test_fresh_database_has_no_upgrade_copy(tmp_path):
    db = connect(tmp_path / "new.db")
    assert migrate(db, backup_dir=tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()


def test_connection_pragmas(tmp_path):
    db = connect(tmp_path / "p.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_0008_users_audit_chain_backups(tmp_path):
    from keystone_desk.domain.audit_chain import first_broken_link
    from keystone_desk.store.audit import AuditLog

    db = build_at(tmp_path / "a.db", ALL.index("0008_users_audit_chain_backups"))
    for action in ("create", "view", "update"):
        db.execute("INSERT INTO audit_events (at, user_id, action, entity) "
                   "VALUES ('2026-11-01T10:00:00+00:00', 1, ?, 'patient')", [action])
    later = ALL[ALL.index("0008_users_audit_chain_backups") + 1:]
    MIGRATIONS.apply(db, stop_before=later[0] if later else None)
    assert first_broken_link(AuditLog(db).chain()) is None
    assert {"password_hash", "pin_hash", "failed_attempts", "locked_until"} <= set(
        db["users"].columns_dict)
    assert {"backup_folder", "backup_keep", "idle_lock_minutes"} <= set(
        db["clinic_settings"].columns_dict)
    with pytest.raises(Exception, match="hash-chained"):
        db.execute("INSERT INTO audit_events (at, user_id, action, entity) "
                   "VALUES ('2026', 1, 'x', 'y')")
    with pytest.raises(Exception, match="cannot be changed"):
        db.execute("UPDATE audit_events SET detail = 'edited'")
    AuditLog(db).append(datetime(2026, 11, 27, tzinfo=UTC), 1, "view", "patient")
    assert first_broken_link(AuditLog(db).chain()) is None


def test_0009_return_to_run_readiness(tmp_path):
    name = "0009_return_to_run_readiness"
    db, now = _charting_db(tmp_path, ALL.index(name))
    later = ALL[ALL.index(name) + 1:]
    MIGRATIONS.apply(db, stop_before=later[0] if later else None)
    insert = ("INSERT INTO return_to_run_readiness (uid, episode_id, patient_id, criteria_met, "
              "override_reason, criteria_json, confirmed_by, confirmed_at) "
              "VALUES (?, 1, 1, ?, ?, '[]', 1, ?)")
    db.execute(insert, ["r1", 1, "", now])
    db.execute(insert, ["r2", 0, "Hops pain-free in clinic today", now])
    with pytest.raises(Exception, match="CHECK"):  # not met and no reason
        db.execute(insert, ["r3", 0, "  ", now])
    for statement in ("UPDATE return_to_run_readiness SET override_reason = 'other'",
                      "DELETE FROM return_to_run_readiness"):
        with pytest.raises(Exception, match="kept as made"):
            db.execute(statement)
    assert db.execute("SELECT count(*) FROM return_to_run_readiness").fetchone() == (2,)

def test_0010_intake_questions_not_asked(tmp_path):
    from keystone_desk.domain.intake import Answer, RedFlag
    from keystone_desk.store.patients import PatientRepository

    name = "0010_intake_questions_not_asked"
    db = build_at(tmp_path / "a.db", ALL.index(name))
    insert_legacy_patient(db)  # fluoroquinolone never stored: the old form's unticked box
    db.execute("UPDATE patients SET intake_json = json_set(intake_json, "
               "'$.corticosteroid_injection', json('true'), '$.fluoroquinolone', json('false'))")
    later = ALL[ALL.index(name) + 1:]
    MIGRATIONS.apply(db, stop_before=later[0] if later else None)
    intake = PatientRepository(db).get(1).intake
    assert intake.corticosteroid_injection is Answer.YES  # a stored yes stays yes
    assert intake.fluoroquinolone is Answer.NOT_ASKED  # a stored no may never have been asked
    assert intake.red_flag_answer(RedFlag.POP_OR_SNAP) is Answer.YES
    assert intake.red_flags_not_asked == [f for f in RedFlag if f is not RedFlag.POP_OR_SNAP]
    assert not intake.red_flag_screen_done
    assert json.loads(db.execute("SELECT intake_json FROM patients").fetchone()[0])[
        "first_name"] == "Łukasz"

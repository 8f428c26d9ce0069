"""PatientService.register_many: a batch is checked whole, written in one transaction, audited."""

from dataclasses import replace

import pytest

from keystone_desk.domain.bulk import RowsRejectedError
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values


def audit_rows(clinic):
    return clinic.db.execute(
        "SELECT action, user_id, entity_id, patient_id, detail FROM audit_events ORDER BY id"
    ).fetchall()


def people(n):
    return [intake_values(first_name=f"Runner{i}", email=f"runner{i}@example.com")
            for i in range(n)]


def test_batch_registers_every_row_with_one_audit_event_each(clinic, admin):
    result = clinic.patients.register_many(admin, people(3), source="import test.csv")
    assert result.count == 3 and len(result.created) == 3 and not result.duplicates
    assert clinic.patients.count() == 3
    assert [clinic.patients.get(pid).intake.first_name for pid in result.created] == [
        "Runner0", "Runner1", "Runner2"]
    assert audit_rows(clinic) == [("create", admin.id, pid, pid, "import test.csv")
                                  for pid in result.created]


def test_every_problem_in_every_row_is_reported_and_nothing_is_written(clinic, admin):
    rows = people(4)
    rows[1]["date_of_birth"] = "2099-01-01"
    rows[3].update(last_name="", mobile_phone="", email="not-an-email")
    with pytest.raises(RowsRejectedError) as raised:
        clinic.patients.register_many(admin, rows)
    found = {(p.row, p.field) for p in raised.value.problems}
    assert found == {(1, "date_of_birth"), (3, "last_name"), (3, "mobile_phone"), (3, "email")}
    assert "4 problems in 2 rows" in str(raised.value)
    assert clinic.patients.count(include_archived=True) == 0
    assert audit_rows(clinic) == []


def test_registered_patients_and_repeated_rows_are_skipped_and_reported(clinic, admin):
    existing = clinic.patients.register(admin, intake_values()).patient
    rows = [
        intake_values(first_name="MARIA", last_name="Garcia"),  # the registered patient
        intake_values(first_name="Łukasz", last_name="Wiśniewski"),
        intake_values(first_name="lukasz", last_name="wisniewski"),  # repeats row 1
        intake_values(first_name="Zoë", last_name="Fischer"),
    ]
    result = clinic.patients.register_many(admin, rows)
    assert result.created_rows == (1, 3)
    skipped = {d.row: d for d in result.duplicates}
    assert skipped[0].existing == (existing.id,) and skipped[0].earlier_row is None
    assert skipped[2].earlier_row == 1 and skipped[2].existing == ()
    assert skipped[2].reason == "repeats row 1"
    assert "already registered" in skipped[0].reason
    assert clinic.patients.count() == 3


def test_bulk_rows_are_stored_and_indexed_exactly_like_single_registrations(tmp_path, clock):
    values = intake_values(first_name="Siobhán", last_name="O'Brien", home_phone="555 010 7788",
                           email="s.obrien@example.com", pop_or_snap=True, consent_to_treat=True)
    single, bulk = (Clinic(tmp_path / f"{name}.db", clock=clock) for name in ("a", "b"))
    try:
        single.patients.register(single.builtin_administrator(), values)
        bulk.patients.register_many(bulk.builtin_administrator(), [values])
        columns = ("first_name, last_name, preferred_name, date_of_birth, sex, phone, email, "
                   "intake_json, version, archived, created_at, updated_at, consent_recorded_at, "
                   "consent_recorded_by, sort_key, name_words, identity_key, red_flag_count")
        query = f"SELECT {columns} FROM patients"
        assert single.db.execute(query).fetchall() == bulk.db.execute(query).fetchall()
        words = "SELECT rowid, words FROM patient_search"
        assert single.db.execute(words).fetchall() == bulk.db.execute(words).fetchall()
        assert [p.id for p in bulk.patients.search("obrien")] == [1]
        bulk_patient = bulk.patients.get(1)
        assert bulk_patient == replace(single.patients.get(1), uid=bulk_patient.uid)
    finally:
        single.close()
        bulk.close()


def test_ids_continue_after_existing_patients_and_single_registration_still_works(clinic, admin):
    first = clinic.patients.register(admin, intake_values(first_name="Ana")).patient
    result = clinic.patients.register_many(admin, people(2))
    assert result.created == (first.id + 1, first.id + 2)
    later = clinic.patients.register(admin, intake_values(first_name="Bea")).patient
    assert later.id == first.id + 3


def test_dry_run_reports_what_would_happen_and_writes_nothing(clinic, admin):
    clinic.patients.register(admin, intake_values(first_name="Runner0",
                                                  email="runner0@example.com"))
    result = clinic.patients.register_many(admin, people(3), dry_run=True)
    assert result.dry_run and result.count == 2 and result.created == ()
    assert [d.row for d in result.duplicates] == [0]
    assert clinic.patients.count() == 1 and len(audit_rows(clinic)) == 1


def test_progress_rises_to_the_total(clinic, admin):
    seen = []
    clinic.patients.register_many(admin, people(5), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_consent_is_stamped_for_rows_that_give_it(clinic, admin, clock):
    rows = [intake_values(first_name="Yes", consent_to_treat="yes"),
            intake_values(first_name="No")]
    ids = clinic.patients.register_many(admin, rows).created
    given, not_given = (clinic.patients.get(pid).consent for pid in ids)
    assert given.recorded_at == clock.now and given.recorded_by == admin.display_name
    assert not_given.recorded_at is None


def test_an_empty_batch_does_nothing(clinic, admin):
    result = clinic.patients.register_many(admin, [])
    assert result.count == 0 and audit_rows(clinic) == []

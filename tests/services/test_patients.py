"""PatientService: registering, updating, archiving and finding patients, with the audit trail."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keystone_desk.domain.errors import ConflictError, DuplicatePatientError, ValidationError
from tests.conftest import intake_values


def audit_actions(clinic, patient_id=None):
    rows = clinic.db.execute(
        "SELECT action, user_id FROM audit_events WHERE ? IS NULL OR patient_id = ? ORDER BY id",
        [patient_id, patient_id],
    ).fetchall()
    return rows


def test_register_stores_the_patient_and_audits_who_did_it(clinic, admin):
    saved = clinic.patients.register(admin, intake_values())
    assert saved.created
    patient = clinic.patients.get(saved.patient.id)
    assert patient.intake.last_name == "García"
    assert patient.version == 1 and len(patient.uid) == 36
    assert audit_actions(clinic, patient.id) == [("create", admin.id)]


def test_rejected_intake_writes_nothing(clinic, admin):
    with pytest.raises(ValidationError):
        clinic.patients.register(admin, intake_values(date_of_birth="2099-01-01"))
    assert clinic.patients.count() == 0
    assert audit_actions(clinic) == []


def test_same_name_and_birth_date_is_a_duplicate_until_confirmed(clinic, admin):
    first = clinic.patients.register(admin, intake_values())
    with pytest.raises(DuplicatePatientError) as raised:
        clinic.patients.register(admin, intake_values(first_name="MARIA", last_name="Garcia"))
    assert raised.value.existing_ids == [first.patient.id]
    clinic.patients.register(admin, intake_values(), allow_duplicate=True)
    assert clinic.patients.count() == 2


def test_update_names_the_version_it_read_and_stale_saves_conflict(clinic, admin):
    saved = clinic.patients.register(admin, intake_values())
    pid = saved.patient.id
    mine = clinic.patients.update(admin, pid, intake_values(email="m@example.com"), 1)
    assert mine.patient.version == 2
    with pytest.raises(ConflictError) as raised:
        clinic.patients.update(admin, pid, intake_values(email="other@example.com"), 1)
    assert raised.value.actual_version == 2
    assert clinic.patients.get(pid).intake.email == "m@example.com"


def test_consent_is_stamped_once_with_who_and_when(clinic, admin, clock):
    saved = clinic.patients.register(admin, intake_values(consent_to_treat=True))
    stamped = saved.patient.consent
    assert stamped.recorded_at == clock.now and stamped.recorded_by == "Clinic administrator"
    clock.now += timedelta(days=3)
    again = clinic.patients.update(
        admin, saved.patient.id, intake_values(consent_to_treat=True, privacy_notice=True), 1
    )
    assert again.patient.consent == stamped


def test_archived_patients_are_hidden_from_search_unless_asked_for(clinic, admin):
    saved = clinic.patients.register(admin, intake_values())
    clinic.patients.set_archived(admin, saved.patient.id, True, 1)
    assert clinic.patients.search("maria") == []
    assert [p.id for p in clinic.patients.search("maria", include_archived=True)] == [
        saved.patient.id
    ]
    assert clinic.patients.get(saved.patient.id).archived
    assert [a for a, _ in audit_actions(clinic, saved.patient.id)] == ["create", "archive"]


def test_opening_a_chart_is_audited(clinic, admin):
    saved = clinic.patients.register(admin, intake_values())
    clinic.patients.open_chart(admin, saved.patient.id)
    assert audit_actions(clinic, saved.patient.id)[-1] == ("view", admin.id)


@pytest.fixture
def roster(clinic, admin):
    people = [
        ("Łukasz", "Wiśniewski", "1985-03-14", "+48 601 234 567", "lukasz@example.pl"),
        ("Siobhán", "O'Brien", "1990-07-01", "(555) 201-3344", "siobhan@example.ie"),
        ("José", "Hernández", "1979-12-24", "555.867.5309", "jose.h@example.mx"),
        ("Anna", "Smith", "1992-02-02", "020 7946 0958", ""),
        ("Smith", "Jones", "1970-05-05", "555 000 1111", ""),
        ("Bob", "Smithers", "1966-06-06", "555 000 2222", ""),
    ]
    for first, last, dob, phone, email in people:
        clinic.patients.register(
            admin, intake_values(first_name=first, last_name=last, date_of_birth=dob,
                                 mobile_phone=phone, email=email)
        )
    return clinic


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lukasz", "Wiśniewski"), ("LUKASZ wis", "Wiśniewski"), ("obrien", "O'Brien"),
        ("o'brien", "O'Brien"), ("siobhan", "O'Brien"), ("jose", "Hernández"),
        ("hernandez", "Hernández"), ("601234567", "Wiśniewski"), ("601-234", "Wiśniewski"),
        ("867 5309", "Hernández"), ("(555) 201", "O'Brien"), ("jose.h@", "Hernández"),
        ("14/03/1985", "Wiśniewski"), ("03/14/1985", "Wiśniewski"), ("1985-03-14", "Wiśniewski"),
        ("7946 0958", "Smith"),
    ],
)
def test_search_finds_patients_however_they_are_typed(roster, typed, expected):
    assert [p.last_name for p in roster.patients.search(typed)][:1] == [expected]


def test_last_name_matches_come_first_then_first_names_then_anything_else(roster, admin):
    roster.patients.register(admin, intake_values(first_name="Eve", last_name="Adams",
                                                  email="smithy@example.com"))
    names = [(p.first_name, p.last_name) for p in roster.patients.search("smith")]
    assert names == [("Anna", "Smith"), ("Bob", "Smithers"), ("Smith", "Jones"), ("Eve", "Adams")]


def test_paging_continues_across_match_tiers(roster, admin):
    everyone = [p.id for p in roster.patients.search("s", limit=100)]
    paged = [p.id for offset in range(0, 10, 2) for p in roster.patients.search(
        "s", limit=2, offset=offset)]
    assert paged == everyone and len(everyone) >= 4


def test_empty_search_lists_everyone_alphabetically(roster):
    names = [p.last_name for p in roster.patients.search("")]
    assert names == sorted(names, key=lambda n: n.lower().replace("'", ""))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(st.one_of(
    st.text(max_size=200),
    st.sampled_from(['"', "*", 'smi" OR', "'; DROP TABLE patients; --", "NEAR(a b)", "a AND",
                     "^", "col:x", "😀" * 10, "x" * 10_000, "\x00", "-", "(", "1985-02-31"]),
))
def test_any_search_input_is_safe(roster, typed):
    results = roster.patients.search(typed)
    assert isinstance(results, list)
    assert roster.patients.count() == 6

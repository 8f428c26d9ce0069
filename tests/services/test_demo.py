"""The demo clinic: a realistic hand-written practice, then reproducible synthetic patients."""

import pytest

from keystone_desk.domain.intake import RedFlag
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.demo_patients import DEMO_PATIENTS


def only(clinic, query):
    found = clinic.patients.search(query, include_archived=True)
    assert len(found) == 1, (query, [p.display_name for p in found])
    return clinic.patients.get(found[0].id)


def snapshot(clinic):
    """Everything about the patients except the random uids."""
    return clinic.db.execute(
        "SELECT id, first_name, last_name, date_of_birth, sex, phone, email, intake_json, "
        "archived FROM patients ORDER BY id"
    ).fetchall()


def test_default_demo_is_the_hand_written_clinic_with_one_discharged_patient(clinic, admin):
    assert clinic.demo.load(admin) == 25 == len(DEMO_PATIENTS)
    assert clinic.patients.count() == 24
    assert clinic.patients.count(include_archived=True) == 25
    assert only(clinic, "novak").archived


def test_suspected_rupture_patient_carries_the_red_flags(clinic, admin):
    clinic.demo.load(admin)
    kwame = only(clinic, "mensah")
    assert kwame.intake.red_flags == {RedFlag.POP_OR_SNAP, RedFlag.CANNOT_RISE_ON_TOES}
    assert kwame.intake.onset == "sudden"
    summary = clinic.patients.search("mensah")[0]
    assert summary.red_flags == 2


def test_rupture_risk_factors_are_recorded_in_histories(clinic, admin):
    clinic.demo.load(admin)
    assert only(clinic, "obrien").intake.rupture_risk_factors() == ["Fluoroquinolone antibiotic"]
    assert only(clinic, "lefevre").intake.rupture_risk_factors() == [
        "Recent corticosteroid injection"]


@pytest.mark.parametrize("typed, last_name", [
    ("lukasz", "Wiśniewski"), ("obrien", "O'Brien"), ("O'Brien", "O'Brien"), ("jose", "Hernández"),
    ("nguyen", "Nguyễn"), ("muller", "Müller"), ("bjork", "Ólafsdóttir"),
    ("olafsdottir", "Ólafsdóttir"), ("soren", "Østergaard"), ("zoe", "Fischer"),
    ("francois", "Lefèvre"), ("yilmaz", "Yılmaz"),
])
def test_names_in_many_languages_are_found_typed_plainly(clinic, admin, typed, last_name):
    clinic.demo.load(admin)
    assert only(clinic, typed).intake.last_name == last_name


def test_demo_covers_achilles_and_other_lower_limb_problems(clinic, admin):
    clinic.demo.load(admin)
    complaints = " ".join(
        clinic.patients.get(p.id).intake.chief_complaint.lower()
        for p in clinic.patients.search("", include_archived=True)
    )
    for words in ("achilles", "heel", "kneecap", "ankle", "thigh", "calf", "shin", "hip"):
        assert words in complaints


def test_a_small_demo_takes_the_first_hand_written_patients(clinic, admin):
    assert clinic.demo.load(admin, patients=3) == 3
    assert {p.last_name for p in clinic.patients.search("")} == {
        "Wiśniewski", "Hernández", "O'Brien"}


def test_same_seed_gives_the_same_clinic_and_another_seed_another(tmp_path, clock):
    def build(name, seed):
        clinic = Clinic(tmp_path / name, clock=clock)
        clinic.demo.load(clinic.builtin_administrator(), patients=400, seed=seed)
        rows = snapshot(clinic)
        clinic.close()
        return rows

    first, again, other = build("a.db", 11), build("b.db", 11), build("c.db", 12)
    assert len(first) == 400
    assert first == again
    assert first[:25] == other[:25] and first[25:] != other[25:]


def test_synthetic_patients_are_distinct_valid_and_varied(clinic, admin):
    assert clinic.demo.load(admin, patients=1500, seed=3) == 1500
    rows = clinic.db.execute("SELECT identity_key, phone, email, last_name FROM patients").fetchall()
    assert len({r[0] for r in rows}) == 1500
    assert any(r[1].startswith("+") for r in rows) and any(r[1].startswith("(") for r in rows)
    assert sum(1 for r in rows if r[2]) > 1000
    assert sum(1 for r in rows if not r[3].isascii()) > 300


def test_loading_again_adds_nobody_twice(clinic, admin):
    clinic.demo.load(admin, patients=60, seed=2)
    assert clinic.demo.load(admin, patients=60, seed=2) == 0
    assert clinic.patients.count(include_archived=True) == 60


def test_every_demo_patient_is_audited_as_created_by_the_acting_user(clinic, admin):
    clinic.demo.load(admin, patients=40, seed=5)
    actions = clinic.db.execute(
        "SELECT action, detail, user_id, count(*) FROM audit_events GROUP BY action, detail, user_id"
    ).fetchall()
    assert sorted(actions) == [("archive", "", admin.id, 1),
                               ("create", "demo clinic", admin.id, 40)]


def test_progress_is_reported(clinic, admin):
    seen = []
    clinic.demo.load(admin, patients=30, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]

"""The demo clinic's Achilles patients each take home a current program that fits their chart."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from keystone_desk.services.demo_programs import DEMO_PROGRAMS

FLOOR_LEVEL = {"heel-drop-straight-knee-floor", "heel-drop-bent-knee-floor"}
OFF_A_STEP = {"heel-drop-straight-knee-step", "heel-drop-bent-knee-step"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from keystone_desk.services.clinic import Clinic

    clinic = Clinic(tmp_path_factory.mktemp("demo") / "demo.db")
    clinic.demo.load(clinic.builtin_administrator(), 25)
    yield clinic
    clinic.close()


def current(clinic, last_name):
    patient = next(p for p in clinic.patients.search(last_name) if p.last_name == last_name)
    return patient, clinic.home_programs.current_for_patient(patient.id)


def test_every_achilles_patient_but_the_rupture_has_a_handed_out_program(demo):
    for spec in DEMO_PROGRAMS:
        _, version = current(demo, spec.last_name)
        assert version is not None and version.number == 1, spec.last_name
        assert version.items and version.options["protocol"]["id"] == spec.protocol
    _, rupture = current(demo, "Mensah")
    assert rupture is None


def test_insertional_pain_gets_the_floor_level_versions(demo):
    _, version = current(demo, "Hernández")
    ids = {h.item.exercise_id for h in version.items}
    assert ids & FLOOR_LEVEL and not ids & OFF_A_STEP
    assert version.options["protocol"]["site"] == "insertional"


def test_one_runner_takes_home_a_return_to_run_calendar(demo):
    calendars = [spec.last_name for spec in DEMO_PROGRAMS if current(demo, spec.last_name)[1]
                 .run_calendar is not None]
    assert calendars == ["Whitfield"]


def test_every_demo_program_prints(demo):
    for spec in DEMO_PROGRAMS:
        patient, _ = current(demo, spec.last_name)
        _, number, data = demo.handouts.current_pdf(patient.id)
        assert number == 1 and data.startswith(b"%PDF")


def test_the_runner_with_a_calendar_was_confirmed_ready_and_the_handout_prints_it(demo):
    patient, version = current(demo, "Whitfield")
    readiness = demo.return_to_run.readiness(version.episode_id)
    # Her chart does not meet every entry criterion (hopping untested, heel raises 6 of 15):
    # the therapist started her anyway, and said why.
    assert readiness is not None and readiness.overridden
    assert "jog-walks three times a week" in readiness.override_reason
    _, _, data = demo.handouts.current_pdf(patient.id)
    assert "Your return-to-run calendar" in " ".join(
        (page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)

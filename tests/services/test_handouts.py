"""HandoutService: draft previews, identical reprints of handed-out versions, the patient's
current handout, the audit trail of prints and saves, and what never goes on the sheet."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from keystone_desk.domain.errors import NotFoundError, ValidationError
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import RUN_CALENDAR_OPTION, ProgramItem
from keystone_desk.domain.return_to_run import build_calendar, calendar_to_json
from tests.plan_fixtures import open_episode

DROPS = ProgramItem("heel-drop-straight-knee-step", "right",
                    Dosage(sets=3, reps=15, times_per_day=2, load="body weight"),
                    "Slowly, over three seconds.", 1)
BRIDGE = ProgramItem("glute-bridge", "", Dosage(sets=3, reps=12, days_per_week=3), "", 2)


def text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(data)).pages)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def program(clinic, admin):
    episode_id = open_episode(clinic, admin, first_name="Łukasz", last_name="Wiśniewski",
                              mobile_phone="(555) 777-1234", date_of_birth="1985-03-14",
                              address="4 Quiet Lane, Portland")
    draft = clinic.home_programs.get_or_create_draft(admin, episode_id)
    return clinic.home_programs.set_items(admin, draft.id, [DROPS, BRIDGE], draft.version)


def audit(clinic, entity="home_program"):
    return clinic.db.execute("SELECT action, detail FROM audit_events WHERE entity = ? "
                             "ORDER BY id", [entity]).fetchall()


def test_a_draft_preview_shows_the_draft_and_records_nothing(clinic, program):
    before = audit(clinic)
    printed = text(clinic.handouts.draft_pdf(program.id, therapist="Ana Ortiz, PT"))
    assert "Heel drop off a step, knee straight" in printed and "Bridge" in printed
    assert "3 sets × 15 reps" in printed and "Slowly, over three seconds." in printed
    assert "Ana Ortiz, PT" in printed and "Preview — not yet handed out" in printed
    assert audit(clinic) == before


def test_the_handout_names_the_patient_and_nothing_more_about_them(clinic, admin, program):
    clinic.home_programs.hand_out(admin, program.id)
    _, _, data = clinic.handouts.current_pdf(program.patient_id)
    printed = text(data)
    assert "Łukasz Wiśniewski" in printed
    for private in ("777-1234", "1985", "14 Mar", "Quiet Lane", "@"):
        assert private not in printed, private


def test_a_reprint_is_byte_identical_and_ignores_later_library_changes(clinic, admin, program,
                                                                       clock, monkeypatch):
    number = clinic.home_programs.hand_out(admin, program.id)
    first = clinic.handouts.version_pdf(program.id, number)
    clock.now += timedelta(days=30)
    changed = {"name": "Renamed drop", "steps": ["Something else."]}
    monkeypatch.setattr(clinic.home_programs, "exercise_document", lambda _id: changed)
    assert clinic.handouts.version_pdf(program.id, number) == first
    assert "Renamed drop" in text(clinic.handouts.draft_pdf(program.id))
    assert "Renamed drop" not in text(first)


def test_later_versions_do_not_change_earlier_reprints(clinic, admin, program):
    one = clinic.home_programs.hand_out(admin, program.id)
    first = clinic.handouts.version_pdf(program.id, one)
    draft = clinic.home_programs.get(program.id)
    clinic.home_programs.set_items(admin, program.id, [BRIDGE], draft.version)
    two = clinic.home_programs.hand_out(admin, program.id)
    assert clinic.handouts.version_pdf(program.id, one) == first
    program_id, number, current = clinic.handouts.current_pdf(program.patient_id)
    assert (program_id, number) == (program.id, two)
    assert "Heel drop" not in text(current) and "version 2" in text(current)


def test_a_photo_replaced_after_handing_out_does_not_change_the_reprint(clinic, admin, program,
                                                                        clock):
    clinic.exercises.set_photo(admin, "glute-bridge", png())
    clock.now += timedelta(minutes=1)
    number = clinic.home_programs.hand_out(admin, program.id)
    first = clinic.handouts.version_pdf(program.id, number)
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(first)).pages) == 1
    clock.now += timedelta(minutes=1)
    clinic.exercises.clear_photo(admin, "glute-bridge")
    assert clinic.handouts.version_pdf(program.id, number) == first


def test_options_come_from_the_program_then_the_clinic_and_can_be_overridden(clinic, admin,
                                                                             program):
    clinic.settings.set_details(admin, paper="Letter")
    clinic.home_programs.hand_out(admin, program.id)
    _, _, letter = clinic.handouts.current_pdf(program.patient_id)
    assert float(PdfReader(io.BytesIO(letter)).pages[0].mediabox.width) == 612
    _, _, a4 = clinic.handouts.current_pdf(program.patient_id, options={"paper": "A4"})
    assert round(float(PdfReader(io.BytesIO(a4)).pages[0].mediabox.width)) == 595
    with pytest.raises(ValidationError):
        clinic.handouts.current_pdf(program.patient_id, options={"paper": "A3"})


def test_the_run_calendar_in_the_program_is_printed(clinic, admin, program, clock):
    clinic.return_to_run.confirm_readiness(admin, program.episode_id, reason="Jogs already")
    clinic.return_to_run.plan(admin, program.episode_id, clock.now.date() + timedelta(days=2),
                              first_stage=1)
    number = clinic.home_programs.hand_out(admin, program.id)
    printed = text(clinic.handouts.version_pdf(program.id, number))
    calendar = build_calendar(clock.now.date() + timedelta(days=2))
    assert "Your return-to-run calendar" in printed
    assert calendar.sessions[0].text in printed and "Sun 29 Nov 2026" in printed


def test_no_calendar_prints_until_the_runner_is_confirmed_ready(clinic, admin, program, clock):
    """A calendar already in the draft (put there before confirmations existed, or by any other
    path) stays off the preview and the handed-out version until the therapist confirms."""
    calendar = calendar_to_json(build_calendar(clock.now.date() + timedelta(days=2)))
    draft = clinic.home_programs.set_options(admin, program.id, {RUN_CALENDAR_OPTION: calendar},
                                             program.version)
    preview = text(clinic.handouts.draft_pdf(draft.id))
    assert "Heel drop off a step" in preview
    assert "return-to-run calendar" not in preview and "Walk 4 min, run 1 min" not in preview
    number = clinic.home_programs.hand_out(admin, draft.id)
    assert clinic.home_programs.version(draft.id, number).run_calendar is None
    assert "return-to-run calendar" not in text(clinic.handouts.version_pdf(draft.id, number))
    clinic.return_to_run.confirm_readiness(admin, draft.episode_id,
                                           reason="Jogs 20 minutes pain-free already")
    assert "Your return-to-run calendar" in text(clinic.handouts.draft_pdf(draft.id))
    later = clinic.home_programs.hand_out(admin, draft.id)
    assert clinic.home_programs.version(draft.id, later).run_calendar is not None


def test_a_calendar_alone_is_not_handed_out_before_readiness(clinic, admin, clock):
    episode_id = open_episode(clinic, admin, first_name="Ana", last_name="Ruiz")
    draft = clinic.home_programs.get_or_create_draft(admin, episode_id)
    calendar = calendar_to_json(build_calendar(clock.now.date()))
    draft = clinic.home_programs.set_options(admin, draft.id, {RUN_CALENDAR_OPTION: calendar},
                                             draft.version)
    with pytest.raises(ValidationError, match="Add at least one exercise first"):
        clinic.home_programs.hand_out(admin, draft.id)


def test_two_legged_exercises_say_both_legs_and_single_leg_ones_the_episodes_side(clinic, admin):
    episode_id = open_episode(clinic, admin, first_name="Bea", last_name="Lund")
    draft = clinic.home_programs.get_or_create_draft(admin, episode_id)
    items = [ProgramItem(exercise_id, "right", Dosage(), "", n) for n, exercise_id in
             enumerate(("heel-raise-double-leg", "heel-raise-single-leg", "glute-bridge"), 1)]
    draft = clinic.home_programs.set_items(admin, draft.id, items, draft.version)
    number = clinic.home_programs.hand_out(admin, draft.id)
    printed = text(clinic.handouts.version_pdf(draft.id, number))
    assert "Heel raise on both legs Both legs" in printed
    assert "Heel raise on one leg Right leg" in printed
    assert printed.count("Right leg") == 1 and printed.count("Both legs") == 2


def test_the_clinic_details_print_on_every_handout(clinic, admin, program):
    clinic.settings.set_details(admin, name="Harbour Physio", phone="(555) 010-2000",
                                address="12 Harbour St", logo=png())
    printed = text(clinic.handouts.draft_pdf(program.id))
    assert "Harbour Physio" in printed and "(555) 010-2000" in printed
    assert "12 Harbour St" in printed


def test_current_pdf_explains_when_nothing_was_handed_out(clinic, program):
    with pytest.raises(NotFoundError, match="Łukasz Wiśniewski has no home program handed out"):
        clinic.handouts.current_pdf(program.patient_id)


def test_printing_and_saving_are_audited(clinic, admin, program):
    number = clinic.home_programs.hand_out(admin, program.id)
    clinic.handouts.record_output(admin, program.id, number, "print", "Front desk printer")
    clinic.handouts.record_output(admin, program.id, number, "save_pdf", "/tmp/x.pdf")
    clinic.handouts.record_output(admin, program.id, number, "cli")
    assert audit(clinic)[-3:] == [("print", "version 1: Front desk printer"),
                                  ("save_pdf", "version 1: /tmp/x.pdf"), ("cli", "version 1")]
    row = clinic.db.execute("SELECT entity_id, patient_id FROM audit_events ORDER BY id DESC "
                            "LIMIT 1").fetchone()
    assert row == (program.id, program.patient_id)
    with pytest.raises(ValidationError):
        clinic.handouts.record_output(admin, program.id, number, "fax")
    with pytest.raises(NotFoundError):
        clinic.handouts.record_output(admin, program.id, 9, "print")

"""Exporting a note: what goes on paper (and what does not), the audit trail, template fallback."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest

from keystone_desk.domain.charting import NoteHeader, NoteKind
from keystone_desk.domain.errors import NotFoundError
from keystone_desk.services.note_export import NoteExportService
from tests.conftest import intake_values

SOAP = {"subjective": "Morning stiffness 20 min", "objective": "SLHR R 18 / L 25",
        "assessment": "Improving load tolerance", "plan": "Continue HSR 3x/week"}


@pytest.fixture
def patient(clinic, admin):
    return clinic.patients.register(admin, intake_values(
        first_name="Łukasz", last_name="Wiśniewski", goals="Run 10 km in April",
        address_line1="12 Secret Lane", email="lukasz@example.com")).patient


@pytest.fixture
def episode(clinic, admin, patient):
    return clinic.episodes.open_episode(admin, patient.id, "Right Achilles midportion, Nov 2026",
                                        side="right")


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def audit(clinic):
    return [tuple(r) for r in clinic.db.execute(
        "SELECT action, entity, entity_id, patient_id, detail FROM audit_events ORDER BY id")]


def test_export_of_a_signed_daily_note_is_audited_and_carries_its_content(clinic, admin,
                                                                           episode, clock):
    header = NoteHeader(date(2026, 11, 27), "09:30", "10:15", admin.id)
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, header=header, content=SOAP)
    clinic.notes.sign(admin, note.id, "PT, DPT", note.version)
    clock.now += timedelta(hours=1)
    clinic.notes.add_addendum(admin, note.id, "Side recorded wrongly", "Heel raises R 25 / L 18.",
                              "PT, DPT")

    text = text_of(clinic.note_export.export(admin, note.id))

    for expected in ("Wiśniewski, Łukasz", "2 Jun 1988", "Right Achilles midportion, Nov 2026",
                     "Daily note", "27 Nov 2026, 09:30–10:15", *SOAP.values(),
                     "Side recorded wrongly", "Heel raises R 25 / L 18.",
                     "Signed by Clinic administrator, PT, DPT"):
        assert expected in text, expected
    assert audit(clinic)[-1] == ("export", "note:daily", note.id, episode.patient_id,
                                 "pdf, signed")


def test_the_pdf_carries_name_and_birth_date_but_no_contact_details(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    text = text_of(clinic.note_export.export(admin, note.id))
    assert "Wiśniewski, Łukasz" in text
    for private in ("(555) 201-3344", "12 Secret Lane", "lukasz@example.com"):
        assert private not in text


def test_a_draft_exports_marked_as_draft_and_the_export_is_audited(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.PROGRESS,
                               content={**SOAP, "goals_progress": "10 km goal on track"})
    text = text_of(clinic.note_export.export(admin, note.id))
    assert "DRAFT — not signed · page 1 of 1" in text and "Signed by" not in text
    assert "Goals progress" in text and "10 km goal on track" in text
    assert audit(clinic)[-1][0] == "export" and audit(clinic)[-1][-1] == "pdf, draft"


def test_discharge_summary_prints_outcomes_goals_and_advice(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DISCHARGE, content={
        "outcomes": [{"measure_id": "visa-a", "measure_name": "VISA-A",
                      "baseline": {"score": 42, "taken_on": "2026-10-02"},
                      "latest": {"score": 68, "taken_on": "2026-11-27"}, "change": 26.0,
                      "status": "improved", "passes_mcid": True}],
        "goals": [{"goal": "Run 10 km in April", "status": "partly_met"}],
        "summary": "Discharged to self-management.", "recommendations": "Keep heel raises 2x/wk"})
    text = text_of(clinic.note_export.export(admin, note.id))
    for expected in ("VISA-A", "42 (2 Oct 2026)", "68 (27 Nov 2026)", "+26",
                     "Run 10 km in April", "Partly met", "Discharged to self-management.",
                     "Recommendations and home program", "Keep heel raises 2x/wk"):
        assert expected in text, expected


def test_discharge_without_outcomes_says_none_were_recorded(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DISCHARGE)
    text = text_of(clinic.note_export.export(admin, note.id))
    assert "No outcome measures recorded" in text and "Run 10 km in April" in text


def evaluation(clinic, admin, episode):
    values = {"involved_side": "right", "morning_stiffness_min": 20,
              "knee_to_wall": {"left": 12.0, "right": 9.0}, "thompson": {"right": "negative"}}
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION,
                               template_id="achilles-running", content=values)
    clinic.notes.add_attachment(admin, note.id, "gait_rear", "rear.png", "image/png",
                              b"\x89PNG\r\n\x1a\n" + bytes(24))
    return note


def test_evaluation_values_print_with_template_labels_and_lsi(clinic, admin, episode):
    note = evaluation(clinic, admin, episode)
    text = text_of(clinic.note_export.export(admin, note.id))
    assert "Achilles pain in runners" in text
    assert "Morning stiffness (minutes)" in text and "20 min" in text
    assert "Knee-to-wall lunge (cm)" in text and "75.0 % (under 90 %)" in text
    assert "Right: Negative" in text
    assert "morning_stiffness_min" not in text


class MissingTemplates:
    def get(self, template_id: str):
        raise NotFoundError(f"There is no evaluation template {template_id!r}.")


def test_an_evaluation_whose_template_is_gone_still_exports_by_field_id(clinic, admin, episode):
    note = evaluation(clinic, admin, episode)
    service = NoteExportService(clinic.db, clinic.clock, clinic.notes, clinic.patients,
                                clinic.episodes, templates=MissingTemplates)
    text = text_of(service.export(admin, note.id))
    assert "morning_stiffness_min" in text and "20" in text
    assert "knee_to_wall" in text and "Image attached: rear.png" in text


def tamper(clinic, sql: str, *params) -> None:
    """Change a signed record behind the app's back (as a hand-edited database file would)."""
    for trigger in ("notes_signed_no_update", "addenda_no_update"):
        clinic.db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    clinic.db.execute(sql, list(params))


def test_a_signed_note_prints_whether_its_content_still_matches_its_signature(
        clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    note = clinic.notes.sign(admin, note.id, "PT", note.version)
    clinic.notes.add_addendum(admin, note.id, "Side", "It was the right side.", "PT")
    text = text_of(clinic.note_export.export(admin, note.id))
    assert text.count("Signature verified") == 2  # the note and its addendum
    assert "DOES NOT MATCH" not in text

    tamper(clinic, "UPDATE notes SET content_json = ? WHERE id = ?",
           '{"plan": "Discharged"}', note.id)
    text = text_of(clinic.note_export.export(admin, note.id))
    assert "CONTENT DOES NOT MATCH ITS SIGNATURE: what is printed here was changed" in text
    pages = pypdf.PdfReader(io.BytesIO(clinic.note_export.export(admin, note.id))).pages
    assert all("CONTENT DOES NOT MATCH ITS SIGNATURE · Signed by" in p.extract_text()
               for p in pages)


def test_an_export_carries_the_clinics_own_details(clinic, admin):
    clinic.settings.set_details(admin, name="Harbourside Running Clinic")
    patient = clinic.patients.register(admin, intake_values(first_name="Zoë")).patient
    episode = clinic.episodes.open_episode(admin, patient.id, "Right Achilles")
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content={"subjective": "x"})
    pdf = pypdf.PdfReader(io.BytesIO(clinic.note_export.export(admin, note.id)))
    assert "Harbourside Running Clinic" in pdf.pages[0].extract_text()

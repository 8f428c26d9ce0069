"""Screens follow the role: the front desk sees who the patient is and can reprint a home program
but no clinical record; an assistant writes notes a therapist signs; the administrator manages
users. A refusal that still reaches the screen shows its message."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QTabWidget

from keystone_desk.domain.charting import NoteHeader, NoteKind
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.domain.users import Role
from keystone_desk.ui import printing
from keystone_desk.ui.charting.note_editor import NoteEditor
from keystone_desk.ui.main_window import MainWindow
from tests.conftest import intake_values

from .find_widgets import action_named


@pytest.fixture
def therapist(signed_in):
    return signed_in(Role.THERAPIST, "dana", "Dana Reyes")


@pytest.fixture
def patient(therapist):
    return therapist.patients.register(therapist.user, intake_values()).patient


def window_for(qtbot, session, settings):
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    return window


def visible_actions(window) -> set[str]:
    return {a.text().replace("&", "") for a in window.findChildren(type(
        action_named(window, "Quit"))) if a.isVisible() and a.text()}


def test_front_desk_chart_has_no_episodes_tab_and_can_print_a_home_program(
        qtbot, signed_in, therapist, patient, settings, no_dialogs, monkeypatch):
    episode = therapist.episodes.open_episode(therapist.user, patient.id, "Achilles",
                                              opened_on=date(2026, 11, 2))
    program = therapist.home_programs.get_or_create_draft(therapist.user, episode.id)
    therapist.home_programs.set_items(
        therapist.user, program.id, [ProgramItem("glute-bridge", "right", order=1)],
        program.version)
    therapist.home_programs.hand_out(therapist.user, program.id)
    printed = []
    monkeypatch.setattr(printing, "print_pdf",
                        lambda parent, data, *, title, preview, **_: printed.append(data) or True)
    window = window_for(qtbot, signed_in(Role.FRONT_DESK, "fran", "Fran Desk"), settings)
    window.open_chart(int(patient.id))
    chart = window.chart_for(int(patient.id))
    record = chart.findChild(QTabWidget, "chart_record")
    tabs = [record.tabText(i).replace("&", "") for i in range(record.count())]
    assert tabs == ["Intake details"]
    assert chart.episodes is None
    assert "Print home program" in visible_actions(window)
    assert "Users…" not in visible_actions(window)
    action_named(window, "Print home program").trigger()
    assert no_dialogs == [] and len(printed) == 1
    assert printed[0] == therapist.handouts.version_pdf(program.id, 1)


def test_assistant_note_editor_has_no_sign_and_no_addendum(
        qtbot, signed_in, patient, therapist, settings):
    assistant = signed_in(Role.ASSISTANT, "sam", "Sam Aide")
    episode = therapist.episodes.open_episode(therapist.user, patient.id, "Achilles",
                                              opened_on=date(2026, 11, 2))
    note = assistant.notes.create(assistant.user, episode.id, NoteKind.DAILY, header=NoteHeader(
        date(2026, 11, 27), therapist_id=int(therapist.user.id)))
    editor = NoteEditor(assistant, int(note.id), settings=settings)
    qtbot.addWidget(editor)
    editor.show()
    shown = {b.text() for b in editor.findChildren(type(editor._actions.save)) if b.isVisible()}
    assert "Save" in shown
    assert "Sign…" not in shown and "Add addendum…" not in shown


def test_therapist_note_editor_offers_sign(qtbot, patient, therapist, settings):
    episode = therapist.episodes.open_episode(therapist.user, patient.id, "Achilles",
                                              opened_on=date(2026, 11, 2))
    note = therapist.notes.create(therapist.user, episode.id, NoteKind.DAILY, header=NoteHeader(
        date(2026, 11, 27), therapist_id=int(therapist.user.id)))
    editor = NoteEditor(therapist, int(note.id), settings=settings)
    qtbot.addWidget(editor)
    editor.show()
    assert editor._actions.sign.isVisible()


def test_administrator_sees_users_and_clinic_details(qtbot, administrator, settings):
    window = window_for(qtbot, administrator, settings)
    window.show()
    shown = visible_actions(window)
    assert {"Users…", "Clinic details…", "Lock now", "Switch user…", "My PIN…",
            "Change password…"} <= shown


def test_therapist_sees_no_users_or_clinic_details(qtbot, therapist, settings):
    window = window_for(qtbot, therapist, settings)
    window.show()
    shown = visible_actions(window)
    assert "Users…" not in shown and "Clinic details…" not in shown
    assert {"Lock now", "Switch user…", "My PIN…", "Change password…"} <= shown


def test_a_refusal_reaching_the_screen_shows_its_message(qtbot, signed_in, patient,
                                                         settings, no_dialogs):
    window = window_for(qtbot, signed_in(Role.FRONT_DESK, "fran", "Fran Desk"), settings)
    from keystone_desk.domain.permissions import Permission, PermissionDeniedError
    from keystone_desk.ui.application import ErrorReporter

    reporter = ErrorReporter(show=lambda *a, **k: pytest.fail("crash dialog shown"))
    reporter.parent = window
    error = PermissionDeniedError(Role.FRONT_DESK, Permission.CLINICAL_READ)
    reporter.excepthook(type(error), error, None)
    assert no_dialogs == [("Not done", "Your role (front desk) cannot open clinical notes.")]

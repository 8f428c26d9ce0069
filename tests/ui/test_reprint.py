"""The front desk reprints a patient's current home program from the patient list: select the
patient, Ctrl+P (or the toolbar's "Print home program"), and the print dialog gets the version the
patient was last given, byte for byte; it is recorded. No program: a message that says so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.store.audit import AuditLog
from keystone_desk.ui import printing
from keystone_desk.ui.main_window import MainWindow
from tests.conftest import intake_values
from tests.ui.find_widgets import action_named


@pytest.fixture
def window(qtbot, front_desk, settings, no_dialogs):
    made = MainWindow(front_desk, settings)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    return made


@pytest.fixture
def printed(monkeypatch):
    calls: list[tuple[bytes, str, bool]] = []

    def print_pdf(parent, pdf_bytes, *, title, preview):
        calls.append((pdf_bytes, title, preview))
        return True

    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    return calls


def register(clinic, admin, first, last):
    return clinic.patients.register(admin, intake_values(first_name=first,
                                                         last_name=last)).patient


def hand_out(clinic, admin, patient, exercise_ids, clock):
    episode = clinic.episodes.open_episode(admin, patient.id, "Achilles", opened_on=date(2026, 11, 2))
    program = clinic.home_programs.get_or_create_draft(admin, episode.id)
    numbers = []
    for ids in exercise_ids:
        program = clinic.home_programs.set_items(
            admin, program.id, [ProgramItem(i, "right", order=n) for n, i in enumerate(ids, 1)],
            program.version)
        numbers.append(clinic.home_programs.hand_out(admin, program.id))
        clock.now += timedelta(days=1)
    return program.id


def select(qtbot, window, text):
    box = window.patient_list.search_box
    box.clear()
    qtbot.keyClicks(box, text)
    assert window.patient_list.current_patient() is not None


def test_ctrl_p_prints_the_selected_patients_current_version_and_records_it(
        qtbot, window, clinic, admin, clock, printed):
    garcia = register(clinic, admin, "María", "García")
    nowak = register(clinic, admin, "Łukasz", "Nowak")
    program_id = hand_out(clinic, admin, nowak, [["glute-bridge"],
                                                 ["glute-bridge", "stretch-soleus"]], clock)
    hand_out(clinic, admin, garcia, [["pogo-hops"]], clock)
    window.patient_list.refresh()
    select(qtbot, window, "nowak")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1
    data, title, preview = printed[0]
    assert data == clinic.handouts.version_pdf(program_id, 2)
    assert title == "Home program for Nowak, Łukasz, version 2" and preview is False
    events = [(e.action, e.patient_id, e.detail) for e in AuditLog(clinic.db).events()
              if e.action == "print"]
    assert events == [("print", nowak.id, "version 2")]
    assert "sent to the printer" in window.statusBar().currentMessage()


def test_the_toolbar_action_is_the_second_click(qtbot, window, clinic, admin, clock, printed):
    patient = register(clinic, admin, "Maria", "Garcia")
    hand_out(clinic, admin, patient, [["glute-bridge"]], clock)
    window.patient_list.refresh()
    action = action_named(window, "Print home program")
    assert action.shortcut().toString() == "Ctrl+P"
    assert action in window.patient_list.table.actions()  # also on right-click
    select(qtbot, window, "garcia")
    action.trigger()
    assert len(printed) == 1


def test_a_patient_without_a_program_gets_a_clear_message(qtbot, window, clinic, admin,
                                                          printed, no_dialogs):
    register(clinic, admin, "Maria", "Garcia")
    window.patient_list.refresh()
    select(qtbot, window, "garcia")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == []
    assert len(no_dialogs) == 1
    title, text = no_dialogs[0]
    assert title == "No home program to print"
    assert text.startswith("Garcia, Maria has not been given a home program yet")
    assert "Home program" in text


def test_cancelling_the_print_dialog_records_nothing(qtbot, window, clinic, admin, clock,
                                                     monkeypatch):
    patient = register(clinic, admin, "Maria", "Garcia")
    hand_out(clinic, admin, patient, [["glute-bridge"]], clock)
    window.patient_list.refresh()
    monkeypatch.setattr(printing, "print_pdf", lambda *a, **k: False)
    select(qtbot, window, "garcia")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [e for e in AuditLog(clinic.db).events() if e.action == "print"] == []

"""The front desk reprints a patient's current home program from the patient list: select the
patient, Ctrl+P (or the toolbar's "Print home program"), and a print preview headed with the
patient and the version shows what the patient was last given, byte for byte, before the print
dialog; the job that reaches CUPS carries that title, and printing is recorded with the printer.
No program: a message that says so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.services.print_queue import CupsJob, PrintRoute
from keystone_desk.store.audit import AuditLog
from keystone_desk.ui import printing
from keystone_desk.ui.display_text import format_local_time
from keystone_desk.ui.main_window import MainWindow
from keystone_desk.ui.print_preview import DocumentPreviewDialog
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
    calls: list[tuple[bytes, str, bool, str]] = []

    def print_pdf(parent, pdf_bytes, *, title, preview, description=""):
        calls.append((pdf_bytes, title, preview, description))
        return printing.Printed("Front desk", PrintRoute.PDF_TO_CUPS, 1, "Front_desk-3")

    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    return calls


class FakeCups:
    """CUPS on this computer, saying the chosen printer is one of its queues; jobs recorded."""

    def __init__(self):
        self.jobs: list[tuple[CupsJob, bytes]] = []

    def route(self, queue: str, *, to_file: bool) -> PrintRoute:
        return PrintRoute.PDF_TO_CUPS

    def submit(self, job: CupsJob, pdf: bytes) -> str:
        self.jobs.append((job, pdf))
        return "Front_desk-9"


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


def test_ctrl_p_previews_the_selected_patients_current_version_and_records_it(
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
    data, title, preview, description = printed[0]
    assert data == clinic.handouts.version_pdf(program_id, 2)
    assert title == "Home program for Nowak, Łukasz, version 2" and preview is True
    handed = clinic.home_programs.version(program_id, 2).handed_at
    assert description == f"Handed out {format_local_time(handed)} by {admin.display_name}"
    events = [(e.action, e.patient_id, e.detail) for e in AuditLog(clinic.db).events()
              if e.action == "print"]
    assert events == [("print", nowak.id, "version 2: Front desk, 1 copy, the PDF sent to CUPS "
                                          "as job Front_desk-3")]
    assert "sent to the printer" in window.statusBar().currentMessage()


def test_ctrl_p_shows_the_preview_then_the_print_dialog_and_cups_gets_the_pdf(
        qtbot, window, clinic, admin, clock, monkeypatch):
    whitfield = register(clinic, admin, "Margaret", "Whitfield")
    program_id = hand_out(clinic, admin, whitfield, [["glute-bridge", "stretch-soleus"]], clock)
    window.patient_list.refresh()
    cups, shown = FakeCups(), []

    def person(dialog) -> bool:
        """Reads the preview, presses Print…, then Print in the print dialog."""
        if isinstance(dialog, DocumentPreviewDialog):
            shown.append(("preview", dialog.windowTitle(), dialog.heading_text,
                          dialog.description_text))
        else:
            shown.append(("print", dialog.windowTitle(), dialog.printer().docName(), ""))
        return True

    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog", person)
    select(qtbot, window, "whitfield")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    title = "Home program for Whitfield, Margaret, version 1"
    pdf = clinic.handouts.version_pdf(program_id, 1)
    assert shown == [
        ("preview", f"Print preview — {title}", title,
         f"Handed out {format_local_time(clinic.home_programs.version(program_id, 1).handed_at)}"
         f" by {admin.display_name} · {page_count(pdf)} pages"),
        ("print", f"Print — {title}", title, "")]
    [(job, sent)] = cups.jobs
    assert sent == pdf and job.title == title and "e.g." not in job.title
    [event] = [e for e in AuditLog(clinic.db).events() if e.action == "print"]
    assert event.patient_id == whitfield.id and event.detail.startswith("version 1: ")
    assert event.detail.endswith("the PDF sent to CUPS as job Front_desk-9")


def test_closing_the_preview_prints_nothing_and_records_nothing(qtbot, window, clinic, admin,
                                                                clock, monkeypatch):
    patient = register(clinic, admin, "Maria", "Garcia")
    hand_out(clinic, admin, patient, [["glute-bridge"]], clock)
    window.patient_list.refresh()
    cups, shown = FakeCups(), []
    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog",
                        lambda dialog: shown.append(type(dialog).__name__) or False)
    select(qtbot, window, "garcia")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown == ["DocumentPreviewDialog"] and cups.jobs == []
    assert [e for e in AuditLog(clinic.db).events() if e.action == "print"] == []


def page_count(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


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
    monkeypatch.setattr(printing, "print_pdf", lambda *a, **k: None)
    select(qtbot, window, "garcia")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [e for e in AuditLog(clinic.db).events() if e.action == "print"] == []

"""ProgramBuilder: finding exercises, building the program (dosage checked beside each field, order
by keys and by drag), the live handout preview, handing out versions and reprinting them
identically, the clinic's own exercises and photos; and the models' contract (qtmodeltester)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox

from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.services.print_queue import PrintRoute
from keystone_desk.store.audit import AuditLog
from keystone_desk.ui import printing
from keystone_desk.ui.programs.builder import ProgramBuilder
from keystone_desk.ui.programs.builder_questions import Answer
from keystone_desk.ui.programs.exercise_editor import ExerciseEditorDialog
from keystone_desk.ui.programs.library_model import ExerciseIdRole
from tests.conftest import intake_values
from tests.ui.find_widgets import button_named, input_labelled

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
PREVIEW_TIMEOUT = 20_000
PRINTED = "Clinic printer, 1 copy, the PDF sent to CUPS as job Clinic-4"  # the audit's detail


@pytest.fixture
def episode(clinic, admin):
    patient = clinic.patients.register(admin, intake_values(
        first_name="Łukasz", last_name="Wiśniewski", side="right")).patient
    return clinic.episodes.open_episode(admin, patient.id, "Right Achilles pain, Nov 2026",
                                        side="right", opened_on=date(2026, 11, 2))


@pytest.fixture
def asked(monkeypatch):
    """The builder's questions: answers to give, in order; every question asked is recorded."""
    answers: list[Answer] = []
    questions: list[str] = []

    def ask(self, question):
        questions.append(question.title)
        assert answers, f"unexpected question: {question.title}"
        return answers.pop(0)

    monkeypatch.setattr(ProgramBuilder, "_ask", ask)
    return answers, questions


@pytest.fixture
def printed(monkeypatch):
    """print_pdf / save_pdf replaced at the boundary: what would have gone to paper or disk."""
    calls: list[tuple[str, bytes, dict]] = []

    def print_pdf(parent, pdf_bytes, *, title, preview, description=""):
        calls.append(("print", pdf_bytes, {"title": title, "preview": preview,
                                           "description": description}))
        return printing.Printed("Clinic printer", PrintRoute.PDF_TO_CUPS, 1, "Clinic-4")

    def save_pdf(parent, pdf_bytes, suggested_name):
        calls.append(("save", pdf_bytes, {"name": suggested_name}))
        return Path("/tmp") / suggested_name

    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    monkeypatch.setattr(printing, "save_pdf", save_pdf)
    return calls


@pytest.fixture
def open_builder(qtbot, therapist, episode, no_dialogs, asked):
    """A builder with its first preview shown. At the end it is deleted here, on the GUI thread,
    after its preview work stopped: never by Python's garbage collector, which may run on the
    preview's worker thread."""
    made: list[ProgramBuilder] = []

    def make() -> ProgramBuilder:
        builder = ProgramBuilder(therapist, int(episode.id))
        made.append(builder)
        with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
            builder.show()
        qtbot.waitExposed(builder)
        return builder

    yield make
    for builder in made:
        if shiboken6.isValid(builder):
            builder.hide()
            builder._preview_scheduler.stop()
            builder._tasks.wait()
            shiboken6.delete(builder)


def draft(clinic, episode):
    return clinic.home_programs.for_episode(int(episode.id))


def search(qtbot, builder, text):
    box = input_labelled(builder, "Search exercises")
    box.clear()
    qtbot.keyClicks(box, text)


def shown_ids(builder) -> list[str]:
    model = builder.library.model
    return [model.index(r).data(ExerciseIdRole) for r in range(model.rowCount())]


def add(qtbot, builder, text, exercise_id):
    """Search, pick the exercise in the list and press Enter (the keyboard way to add)."""
    search(qtbot, builder, text)
    view = builder.library.view
    row = shown_ids(builder).index(exercise_id)
    view.setCurrentIndex(builder.library.model.index(row))
    view.setFocus()
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClick(view, Qt.Key.Key_Return)


def program_ids(clinic, episode) -> list[str]:
    return [i.exercise_id for i in draft(clinic, episode).items]


def with_three(qtbot, builder) -> None:
    add(qtbot, builder, "heel drop step straight", "heel-drop-straight-knee-step")
    add(qtbot, builder, "heel drop step bent", "heel-drop-bent-knee-step")
    add(qtbot, builder, "bridge", "glute-bridge")


def retype(qtbot, field, text) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def audit(clinic) -> list[tuple[str, str, str]]:
    return [(e.action, e.entity, e.detail) for e in AuditLog(clinic.db).events()]


# --- finding exercises ---------------------------------------------------------------------------

def test_searching_heel_lists_the_heel_drops_first_among_heel_exercises(qtbot, open_builder):
    builder = open_builder()
    search(qtbot, builder, "heel")
    ids = shown_ids(builder)
    assert {"heel-drop-straight-knee-step", "heel-drop-bent-knee-step",
            "heel-drop-straight-knee-floor", "heel-drop-bent-knee-floor"} <= set(ids)
    assert "glute-bridge" not in ids
    assert builder.library.status_text == f"{len(ids)} exercises"
    search(qtbot, builder, "HÉEL DROP")  # folded like patient search
    assert len(shown_ids(builder)) == 4
    search(qtbot, builder, "zzz")
    assert builder.library.status_text == "No exercises match “zzz”"


def test_the_category_filter_narrows_the_list(qtbot, open_builder):
    builder = open_builder()
    category: QComboBox = input_labelled(builder, "Category")
    category.setCurrentIndex(category.findData("band"))
    assert {i for i in shown_ids(builder)} == {
        "band-ankle-dorsiflexion", "band-ankle-eversion", "band-ankle-inversion",
        "band-ankle-plantarflexion"}


def test_enter_in_the_search_box_adds_the_highlighted_exercise(qtbot, clinic, episode,
                                                               open_builder):
    builder = open_builder()
    box = input_labelled(builder, "Search exercises")
    box.setFocus()
    search(qtbot, builder, "heel drop")
    ids = shown_ids(builder)
    assert len(ids) == 4 and builder.library.current_exercise().id == ids[0]
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert builder.library.current_exercise().id == ids[1]  # the highlight moved in the list
    assert builder.focusWidget() is box and box.text() == "heel drop"  # the typing stayed
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert program_ids(clinic, episode) == [ids[1]]
    assert builder.program_panel.model.rowCount() == 1
    assert box.selectedText() == "heel drop"  # typing the next name replaces it
    qtbot.keyClicks(box, "bridge")
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClick(box, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert program_ids(clinic, episode) == [ids[1], "glute-bridge"]


def test_enter_with_nothing_found_adds_nothing(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    box = input_labelled(builder, "Search exercises")
    search(qtbot, builder, "zzz")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert draft(clinic, episode).items == ()
    assert builder.library.status_text == "No exercises match “zzz”"


# --- building the program ------------------------------------------------------------------------

def test_three_exercises_added_by_enter_double_click_and_button_are_saved_in_order(
        qtbot, clinic, episode, open_builder):
    builder = open_builder()
    add(qtbot, builder, "heel drop step straight", "heel-drop-straight-knee-step")
    search(qtbot, builder, "bridge")
    view = builder.library.view
    rect = view.visualRect(builder.library.model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(builder.program_saved):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    search(qtbot, builder, "isometric standing")
    with qtbot.waitSignal(builder.program_saved):
        qtbot.mouseClick(button_named(builder, "Add to program"), Qt.MouseButton.LeftButton)
    assert program_ids(clinic, episode) == [
        "heel-drop-straight-knee-step", "glute-bridge", "calf-isometric-hold-standing"]
    saved = draft(clinic, episode).items[0]
    assert saved.side == "right"  # the episode's side
    assert saved.dosage.reps == 15 and saved.dosage.times_per_day == 2  # the library's default
    assert builder.program_panel.model.rowCount() == 3


def test_an_invalid_dosage_shows_beside_the_field_and_nothing_is_saved(
        qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    builder.program_panel.select_row(0)
    before = draft(clinic, episode)
    sets = input_labelled(builder, "Sets")
    retype(qtbot, sets, "12")
    fields = builder.program_panel.details.dosage_fields
    qtbot.waitUntil(lambda: fields.error_text("sets") != "")
    assert fields.error_text("sets") == "Give a number from 1 to 10."
    retype(qtbot, input_labelled(builder, "Days per week"), "x")
    qtbot.waitUntil(lambda: fields.error_text("days_per_week") == "Give a whole number.")
    assert sets.text() == "12"  # what was typed stays
    assert draft(clinic, episode).version == before.version  # nothing saved
    retype(qtbot, input_labelled(builder, "Days per week"), "5")
    with qtbot.waitSignal(builder.program_saved):
        retype(qtbot, sets, "4")
    assert fields.error_text("sets") == ""
    saved = draft(clinic, episode).items[0].dosage
    assert (saved.sets, saved.days_per_week) == (4, 5)
    assert "4 sets × 15 reps" in builder.program_panel.model.index(0).data()


def test_load_tempo_hold_and_times_per_day_are_saved_to_the_draft(
        qtbot, clinic, episode, open_builder):
    builder = open_builder()
    add(qtbot, builder, "isometric standing", "calf-isometric-hold-standing")
    retype(qtbot, input_labelled(builder, "Hold (seconds)"), "30")
    retype(qtbot, input_labelled(builder, "Times per day"), "3")
    retype(qtbot, input_labelled(builder, "Load"), "backpack with 10 kg")
    with qtbot.waitSignal(builder.program_saved):
        retype(qtbot, input_labelled(builder, "Tempo"), "hold still")
    saved = draft(clinic, episode).items[0].dosage
    assert (saved.hold_seconds, saved.times_per_day, saved.load, saved.tempo) == (
        30, 3, "backpack with 10 kg", "hold still")


def test_side_and_notes_are_saved(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    builder.program_panel.select_row(1)
    side: QComboBox = input_labelled(builder, "Side")
    with qtbot.waitSignal(builder.program_saved):
        side.setCurrentIndex(side.findText("Left"))
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClicks(input_labelled(builder, "Notes for the patient"), "Only on the stairs.")
    item = draft(clinic, episode).items[1]
    assert (item.side, item.notes) == ("left", "Only on the stairs.")


def test_alt_down_and_alt_up_reorder_and_save(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    builder.activateWindow()
    qtbot.waitUntil(builder.isActiveWindow)
    view = builder.program_panel.view
    builder.program_panel.select_row(0)
    view.setFocus()
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert program_ids(clinic, episode) == [
        "heel-drop-bent-knee-step", "heel-drop-straight-knee-step", "glute-bridge"]
    assert builder.program_panel.current_row() == 1  # the moved exercise stays selected
    with qtbot.waitSignal(builder.program_saved):
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(builder.program_saved):
        qtbot.mouseClick(button_named(builder, "Move up"), Qt.MouseButton.LeftButton)
    assert program_ids(clinic, episode) == [
        "heel-drop-bent-knee-step", "heel-drop-straight-knee-step", "glute-bridge"]


def test_dragging_an_item_through_the_models_mime_data_moves_it(
        qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    model = builder.program_panel.model
    mime = model.mimeData([model.index(2)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    with qtbot.waitSignal(builder.program_saved):
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert program_ids(clinic, episode) == [
        "glute-bridge", "heel-drop-straight-knee-step", "heel-drop-bent-knee-step"]
    with qtbot.waitSignal(builder.program_saved):  # to the end (row -1)
        model.dropMimeData(model.mimeData([model.index(0)]), Qt.DropAction.MoveAction, -1, 0,
                           QModelIndex())
    assert [i.order for i in draft(clinic, episode).items] == [1, 2, 3]
    assert program_ids(clinic, episode)[-1] == "glute-bridge"


def test_remove_takes_the_exercise_out(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    builder.program_panel.select_row(0)
    with qtbot.waitSignal(builder.program_saved):
        qtbot.mouseClick(button_named(builder, "Remove"), Qt.MouseButton.LeftButton)
    assert program_ids(clinic, episode) == ["heel-drop-bent-knee-step", "glute-bridge"]


# --- the preview -----------------------------------------------------------------------------

def test_the_preview_shows_the_actual_handout_after_each_edit(qtbot, clinic, episode, admin,
                                                              open_builder):
    builder = open_builder()
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT) as shown:
        add(qtbot, builder, "bridge", "glute-bridge")
    assert shown.args[0] >= 1 and builder.preview.page_count() == shown.args[0]
    text = pdf_text(builder.preview.pdf_bytes)
    assert "Bridge" in text and "Łukasz Wiśniewski" in text
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
        retype(qtbot, input_labelled(builder, "Sets"), "5")
    assert "5 sets × 12 reps" in pdf_text(builder.preview.pdf_bytes)
    assert "page" in builder.preview.status.text()


def test_options_are_saved_and_previewed(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    paper: QComboBox = input_labelled(builder, "Paper")
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
        paper.setCurrentIndex(paper.findData("a4"))
        qtbot.mouseClick(button_named(builder, "Large print"), Qt.MouseButton.LeftButton)
    options = draft(clinic, episode).options
    assert options["paper"] == "a4" and options["large_print"] is True
    page = PdfReader(io.BytesIO(builder.preview.pdf_bytes)).pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4


# --- handing out and reprinting ------------------------------------------------------------------

def hand_out(qtbot, builder) -> int:
    with qtbot.waitSignal(builder.handed_out) as handed:
        qtbot.mouseClick(button_named(builder, "Hand to patient"), Qt.MouseButton.LeftButton)
    return handed.args[0]


def test_handing_out_keeps_version_1_then_an_edit_and_version_2(qtbot, clinic, episode,
                                                                therapist, clock, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    assert builder.handed_text == "Not handed out yet."
    assert hand_out(qtbot, builder) == 1
    pid = builder.program.id
    assert [v.number for v in clinic.home_programs.versions(pid)] == [1]
    assert builder.handed_text.startswith("Version 1 handed out 27 Nov 2026")
    assert builder.handed_text.endswith(f"by {therapist.user.display_name}")
    assert button_named(builder, "Print version 1…").isEnabled()
    clock.now += timedelta(days=7)
    builder.program_panel.select_row(0)
    with qtbot.waitSignal(builder.program_saved):
        retype(qtbot, input_labelled(builder, "Reps"), "20")
    assert hand_out(qtbot, builder) == 2
    versions = clinic.home_programs.versions(pid)
    assert [v.items[0].item.dosage.reps for v in versions] == [15, 20]
    assert builder.history.model.rowCount() == 2
    assert builder.history.model.index(0, 0).data() == "2"  # newest first
    assert ("hand_out", "home_program", "version 2") in audit(clinic)


def test_history_reprints_version_1_identically_and_records_it(qtbot, clinic, episode,
                                                               open_builder, printed):
    builder = open_builder()
    with_three(qtbot, builder)
    hand_out(qtbot, builder)
    builder.program_panel.select_row(2)
    with qtbot.waitSignal(builder.program_saved):
        qtbot.mouseClick(button_named(builder, "Remove"), Qt.MouseButton.LeftButton)
    hand_out(qtbot, builder)
    builder.history.select_version(1)
    qtbot.mouseClick(button_named(builder, "Reprint…"), Qt.MouseButton.LeftButton)
    pid = builder.program.id
    how, data, extra = printed[-1]
    assert how == "print" and extra["preview"] is False
    assert data == clinic.handouts.version_pdf(pid, 1)
    assert "Bridge" in pdf_text(data)  # version 1 still has the third exercise
    assert ("print", "home_program", f"version 1: {PRINTED}") in audit(clinic)
    qtbot.mouseClick(button_named(builder, "Open…"), Qt.MouseButton.LeftButton)
    assert printed[-1][2]["preview"] is True and printed[-1][1] == data


def test_print_and_save_after_handing_out_use_the_new_version(qtbot, clinic, episode,
                                                              open_builder, printed):
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    hand_out(qtbot, builder)
    qtbot.keyClick(builder, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(button_named(builder, "Save version 1 as PDF…"), Qt.MouseButton.LeftButton)
    pid = builder.program.id
    assert [c[0] for c in printed] == ["print", "save"]
    assert printed[1][1] == clinic.handouts.version_pdf(pid, 1)
    assert printed[1][2]["name"] == "Home program - Łukasz Wiśniewski - v1 - 2026-11-27.pdf"
    assert [a[0] for a in audit(clinic) if a[0] in ("print", "save_pdf")] == ["print", "save_pdf"]


def test_the_preview_drops_the_draft_mark_once_handed_out(qtbot, clinic, episode, open_builder):
    builder = open_builder()
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
        add(qtbot, builder, "bridge", "glute-bridge")
    assert "DRAFT" in pdf_text(builder.preview.pdf_bytes)
    assert builder.preview.status.text().startswith("Draft — not handed out yet: ")
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
        hand_out(qtbot, builder)
    pid = builder.program.id
    assert builder.preview.pdf_bytes == clinic.handouts.version_pdf(pid, 1)  # what she took home
    assert "DRAFT" not in pdf_text(builder.preview.pdf_bytes)
    assert builder.preview.status.text().startswith("Version 1 as handed out 27 Nov 2026")
    with qtbot.waitSignal(builder.preview_updated, timeout=PREVIEW_TIMEOUT):
        retype(qtbot, input_labelled(builder, "Reps"), "20")
    assert "DRAFT" in pdf_text(builder.preview.pdf_bytes)
    assert builder.preview.status.text().startswith(
        "Draft — changed since version 1, not handed out: ")
    assert draft(clinic, episode).items[0].dosage.reps == 20
    assert [v.items[0].item.dosage.reps for v in clinic.home_programs.versions(pid)] == [12]


# --- the window: screen size and Escape ----------------------------------------------------------

def test_the_builder_fits_a_1366_by_768_screen(qtbot, open_builder):
    from PySide6.QtCore import QRect

    from keystone_desk.ui.programs.builder import DEFAULT_SIZE
    from keystone_desk.ui.screen_fit import fit_to_screen

    builder = open_builder()
    assert DEFAULT_SIZE[0] <= 1340 and DEFAULT_SIZE[1] <= 720
    laptop = QRect(0, 0, 1366, 768 - 28)  # less a desktop's top bar
    fit_to_screen(builder, *DEFAULT_SIZE, area=laptop)
    assert builder.width() <= 1340 and builder.height() <= 720
    hint = builder.minimumSizeHint()
    assert hint.width() <= 1340 and hint.height() <= 720, f"cannot shrink below {hint}"
    fit_to_screen(builder, *DEFAULT_SIZE, area=QRect(0, 0, 1024, 640))  # a smaller screen
    assert builder.height() <= 600 and builder.width() <= max(1008, hint.width())


def test_escape_closes_the_builder_and_everything_typed_is_in_the_draft(qtbot, clinic, episode,
                                                                          open_builder):
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    reps = input_labelled(builder, "Reps")
    retype(qtbot, reps, "18")  # still being typed: saved when the window closes
    qtbot.keyClick(reps, Qt.Key.Key_Escape)
    assert not builder.isVisible()
    assert draft(clinic, episode).items[0].dosage.reps == 18


def test_escape_with_a_refused_dosage_asks_first(qtbot, clinic, episode, open_builder, asked):
    answers, questions = asked
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    sets = input_labelled(builder, "Sets")
    retype(qtbot, sets, "0")
    answers.append(Answer.CANCEL)
    qtbot.keyClick(sets, Qt.Key.Key_Escape)
    assert questions == ["Changes not saved"] and builder.isVisible()
    assert sets.text() == "0"  # nothing typed is lost
    answers.append(Answer.DISCARD)
    qtbot.keyClick(builder, Qt.Key.Key_Escape)
    assert not builder.isVisible() and draft(clinic, episode).items[0].dosage.sets == 3


# --- changes made elsewhere ----------------------------------------------------------------------

def test_a_draft_changed_elsewhere_shows_when_the_builder_is_refreshed(qtbot, clinic, admin,
                                                                       episode, open_builder):
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    clinic.home_programs.replace_draft(admin, int(episode.id), reason="protocol applied", items=[
        ProgramItem("heel-drop-straight-knee-step", "right", order=1)])
    builder.refresh_if_changed()
    assert builder.program_panel.model.rowCount() == 1
    assert "changed elsewhere" in builder.status_text


def test_a_conflicting_save_asks_and_reload_shows_their_version(qtbot, clinic, admin, episode,
                                                                open_builder, asked):
    answers, questions = asked
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    clinic.home_programs.replace_draft(admin, int(episode.id), reason="protocol applied", items=[
        ProgramItem("heel-drop-straight-knee-step", "right", order=1)])
    answers.append(Answer.RELOAD)
    add_without_save = builder.library
    search(qtbot, builder, "isometric standing")
    qtbot.mouseClick(button_named(add_without_save, "Add to program"), Qt.MouseButton.LeftButton)
    assert questions == ["Someone else changed this program"]
    assert program_ids(clinic, episode) == ["heel-drop-straight-knee-step"]
    assert builder.program_panel.model.rowCount() == 1


def test_keep_mine_saves_over_their_version(qtbot, clinic, admin, episode, open_builder, asked):
    answers, _ = asked
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    clinic.home_programs.replace_draft(admin, int(episode.id), reason="protocol applied", items=[])
    answers.append(Answer.KEEP_MINE)
    add(qtbot, builder, "isometric standing", "calf-isometric-hold-standing")
    assert program_ids(clinic, episode) == ["glute-bridge", "calf-isometric-hold-standing"]


def test_closing_with_a_refused_dosage_asks_first(qtbot, clinic, episode, open_builder, asked):
    answers, questions = asked
    builder = open_builder()
    add(qtbot, builder, "bridge", "glute-bridge")
    retype(qtbot, input_labelled(builder, "Sets"), "0")
    answers.append(Answer.CANCEL)
    assert not builder.close()
    assert questions == ["Changes not saved"] and builder.isVisible()
    answers.append(Answer.DISCARD)
    assert builder.close()
    assert draft(clinic, episode).items[0].dosage.sets == 3


# --- the clinic's own exercises and photos -------------------------------------------------------

def test_a_new_clinic_exercise_is_saved_and_found_by_search(qtbot, clinic, open_builder):
    builder = open_builder()
    qtbot.mouseClick(button_named(builder, "New exercise…"), Qt.MouseButton.LeftButton)
    dialog = builder.findChild(ExerciseEditorDialog)
    assert dialog.isVisible()
    assert "5/10" in input_labelled(dialog, "Cautions (one per line)").toPlainText()
    qtbot.mouseClick(button_named(dialog, "Save"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error_text("name") == "Give a name of up to 80 characters."
    assert dialog.error_text("steps") == "Describe at least one step, one per line."
    qtbot.keyClicks(input_labelled(dialog, "Name"), "Wall sit")
    category: QComboBox = input_labelled(dialog, "Category")
    category.setCurrentIndex(category.findData("isometric"))
    qtbot.keyClicks(input_labelled(dialog, "Purpose"), "Strong thighs for stairs.")
    qtbot.keyClicks(input_labelled(dialog, "Starting position"), "Back against a wall.")
    steps = input_labelled(dialog, "Steps (one per line)")
    qtbot.keyClicks(steps, "Slide down.")
    qtbot.keyClick(steps, Qt.Key.Key_Return)
    qtbot.keyClicks(steps, "Hold.")
    assert dialog.error_text("name") == ""  # checked again as the person types
    drawing: QComboBox = input_labelled(dialog, "Drawing from")
    drawing.setCurrentIndex(drawing.findData("calf-isometric-hold-standing"))
    retype(qtbot, input_labelled(dialog, "Hold (seconds)"), "30")
    retype(qtbot, input_labelled(dialog, "Reps"), "1")
    qtbot.mouseClick(button_named(dialog, "Save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    made = clinic.exercises.get("clinic-wall-sit")
    assert made.steps == ("Slide down.", "Hold.") and made.dosage.hold_seconds == 30
    assert made.figure_start is not None
    search(qtbot, builder, "wall sit")
    assert shown_ids(builder) == ["clinic-wall-sit"]
    assert "clinic exercise" in builder.library.model.index(0).data()
    assert ("create", "exercise", "clinic-wall-sit") in audit(clinic)


def test_a_photo_attached_to_an_exercise_shows_in_the_library(qtbot, clinic, tmp_path,
                                                              open_builder, monkeypatch):
    builder = open_builder()
    photo = tmp_path / "bridge.png"
    photo.write_bytes(PNG)
    monkeypatch.setattr(builder.library, "_ask_open_path", lambda title: photo)
    search(qtbot, builder, "bridge")
    assert not button_named(builder, "Remove photo").isEnabled()
    qtbot.mouseClick(button_named(builder, "Attach photo…"), Qt.MouseButton.LeftButton)
    assert clinic.exercises.get("glute-bridge").photo.data == PNG
    assert builder.library.current_exercise().id == "glute-bridge"
    assert "photo" in builder.library.model.index(0).data()
    assert button_named(builder, "Remove photo").isEnabled()
    qtbot.mouseClick(button_named(builder, "Remove photo"), Qt.MouseButton.LeftButton)
    assert clinic.exercises.get("glute-bridge").photo is None
    assert [a[0] for a in audit(clinic) if a[1] == "exercise_photo"] == ["set_photo",
                                                                         "clear_photo"]


def test_a_file_that_is_not_a_picture_is_refused_in_plain_words(qtbot, tmp_path, open_builder,
                                                                no_dialogs, monkeypatch):
    builder = open_builder()
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    monkeypatch.setattr(builder.library, "_ask_open_path", lambda title: text)
    qtbot.mouseClick(button_named(builder, "Attach photo…"), Qt.MouseButton.LeftButton)
    assert no_dialogs == [("Photo not attached", "Use a JPEG or PNG picture.")]


# --- the models' contract ------------------------------------------------------------------------

def test_the_models_pass_qtmodeltester(qtbot, qtmodeltester, open_builder):
    builder = open_builder()
    with_three(qtbot, builder)
    hand_out(qtbot, builder)
    qtmodeltester.check(builder.library.model)
    qtmodeltester.check(builder.program_panel.model)
    qtmodeltester.check(builder.history.model)


# --- opening from the chart ----------------------------------------------------------------------

def test_the_episode_panel_opens_one_builder_per_episode_and_closes_it_with_the_chart(
        qtbot, clinic, therapist, episode, settings, no_dialogs):
    from keystone_desk.ui.charting.episodes_panel import EpisodesPanel

    patient = clinic.patients.get(episode.patient_id)
    panel = EpisodesPanel(therapist, patient, lambda: date(2026, 11, 27), settings=settings)
    qtbot.addWidget(panel)
    panel.show()
    panel.view.select_episode(int(episode.id))
    qtbot.mouseClick(button_named(panel, "Home program"), Qt.MouseButton.LeftButton)
    builders = panel.findChildren(ProgramBuilder)
    assert len(builders) == 1 and builders[0].isVisible()
    assert builders[0].windowTitle() == (
        "Home program — Wiśniewski, Łukasz — Right Achilles pain, Nov 2026")
    qtbot.mouseClick(button_named(panel, "Home program"), Qt.MouseButton.LeftButton)
    assert panel.findChildren(ProgramBuilder) == builders  # brought forward, not opened twice
    assert panel.close_windows()
    assert not builders[0].isVisible()

"""The charting flow as a therapist works it, through the real main window.

Register a patient whose screen shows a red flag, find them from the patient list, start an
episode, write the Achilles/running evaluation (heel-raise reps with their limb symmetry index),
save and sign it; the signed note refuses edits on screen and in the database; an addendum is
added and the note is exported to PDF with the signer on every page. Then daily notes: the second
copies the first forward, and what is due follows the signing. Widgets are found by the words on
screen; only the modal boundaries (credentials, addendum and save-file dialogs) are stubbed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.intake import RED_FLAG_QUESTIONS, RedFlag
from keystone_desk.domain.users import Role
from keystone_desk.services.session import ClinicSession
from keystone_desk.ui import messages
from keystone_desk.ui.charting.episode_dialogs import EvaluationTemplateDialog, NewEpisodeDialog
from keystone_desk.ui.charting.episode_model import EpisodeColumn
from keystone_desk.ui.charting.note_editor import NoteEditor
from keystone_desk.ui.charting.signing_dialogs import AddendumDialog, SignDialog
from keystone_desk.ui.main_window import MainWindow
from keystone_desk.ui.patients.chart import PatientChart
from keystone_desk.ui.patients.intake_form import IntakeForm
from tests.ui.access_helpers import sign_in_as
from tests.ui.find_widgets import action_named, button_named, input_labelled
from tests.ui.intake_driver import Answers, type_into

CANNOT_RISE = RED_FLAG_QUESTIONS[RedFlag.CANNOT_RISE_ON_TOES]
HEEL_RAISE = "Single-leg heel raise (reps)"
CREDENTIALS = "PT, DPT"
# What a runner's history often is: their training diary, pasted in. Long enough for two pages.
TRAINING_DIARY = "\n".join(
    f"Week {week}: {30 + week % 7 * 4} km, longest run {12 + week % 5} km, pain during runs "
    f"{week % 4}/10, next morning {week % 3}/10." for week in range(1, 61))


@pytest.fixture
def therapist(clinic) -> ClinicSession:
    return sign_in_as(clinic, Role.THERAPIST)


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, therapist):
    """The main window as a signed-in therapist sees it, with its settings in a throwaway
    file; any modal question fails."""
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected question: {args[1:]}")

    for name in ("confirm", "ask_yes_no", "show_error"):
        monkeypatch.setattr(messages, name, unexpected)
    monkeypatch.setattr(NoteEditor, "_ask", unexpected)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    made = MainWindow(therapist, settings)
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def click(qtbot, root: QWidget, text: str) -> None:
    button = button_named(root, text)
    assert button.isVisible() and button.isEnabled(), f"{text!r} cannot be clicked"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_editors() -> list[NoteEditor]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, NoteEditor)
            and w.isVisible()]


def editor_titled(title: str) -> NoteEditor:
    [editor] = [e for e in open_editors() if e.windowTitle() == title]
    return editor


def type_text(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def paste(qtbot, widget: QWidget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def due_of_episode(chart: PatientChart) -> str:
    model = chart.episodes.model
    return model.index(0, EpisodeColumn.DUE).data()


def sign_as_person(monkeypatch, editor: NoteEditor, credentials: str = CREDENTIALS) -> list:
    """The credentials dialog, answered: the person confirms with their credentials."""
    shown = []

    def answer(dialog):
        assert isinstance(dialog, SignDialog)
        shown.append(dialog.windowTitle())
        field = input_labelled(dialog, "Credentials")
        field.clear()
        field.setText(credentials)
        return True

    monkeypatch.setattr(editor, "_exec_dialog", answer)
    return shown


def register_patient_with_red_flag(qtbot, monkeypatch, window: MainWindow) -> int:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [form] = [w for w in window.findChildren(IntakeForm) if w.isVisible()]
    monkeypatch.setattr(form, "_ask", Answers())
    type_into(qtbot, form, "Legal first name *", "Ana")
    type_into(qtbot, form, "Legal last name *", "Okafor")
    type_into(qtbot, form, "Date of birth *", "14/03/1985")
    type_into(qtbot, form, "Sex *", "Female")
    type_into(qtbot, form, "Mobile phone †", "(555) 201-4455")
    type_into(qtbot, form, "Chief complaint", "Achilles pain")
    type_into(qtbot, form, "Side", "Right")
    type_into(qtbot, form, CANNOT_RISE, "Yes")
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save and open chart")
    return int(saved.args[0].patient.id)


def open_chart_from_the_list(qtbot, window: MainWindow, text: str) -> PatientChart:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = input_labelled(window, "Search patients")
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    chart = window.tabs.currentWidget()
    assert isinstance(chart, PatientChart)
    return chart


def test_evaluation_signed_amended_and_exported_then_daily_notes_copy_forward(
        qtbot, monkeypatch, tmp_path: Path, clinic, therapist, window):
    # Front desk registers the patient; the chart that opens is closed again.
    patient_id = register_patient_with_red_flag(qtbot, monkeypatch, window)
    action_named(window, "Close chart").trigger()
    assert window.chart_for(patient_id) is None

    # The therapist finds the patient: the red flag is the first thing in the chart.
    chart = open_chart_from_the_list(qtbot, window, "okafor")
    assert chart.patient_id == patient_id
    red = chart.findChild(QLabel, "red_flags_banner")
    assert red.isVisible() and CANNOT_RISE in red.text()
    panel = chart.episodes
    assert panel.isVisible()

    # New episode, titled from the intake.
    click(qtbot, panel, "New episode…")
    dialog = panel.findChild(NewEpisodeDialog)
    assert input_labelled(dialog, "Title").text() == "Right Achilles pain, Nov 2026"
    type_text(qtbot, input_labelled(dialog, "Condition"), "Achilles midportion tendinopathy")
    click(qtbot, dialog, "Start episode")
    [episode] = clinic.episodes.for_patient(patient_id)
    assert due_of_episode(chart) == "⚠ No evaluation yet"

    # New evaluation on the Achilles/running template.
    click(qtbot, panel, "New evaluation…")
    choose = panel.findChild(EvaluationTemplateDialog)
    template = input_labelled(choose, "Template")
    assert "Achilles" in template.currentText()  # preselected from the episode's title
    click(qtbot, choose, "Start evaluation")
    editor = editor_titled("Initial evaluation — Okafor, Ana")
    [evaluation] = clinic.notes.for_episode(episode.id)
    assert evaluation.template_id == "achilles-running"
    assert panel.editor_for(evaluation.id) is editor
    assert due_of_episode(chart) == "⚠ 1 unsigned"

    # Fill a few fields; the heel-raise pair shows its limb symmetry index as it is typed.
    type_text(qtbot, input_labelled(editor, "Morning stiffness (minutes)"), "30")
    paste(qtbot, input_labelled(editor, "History of the complaint"), TRAINING_DIARY)
    type_text(qtbot, input_labelled(editor, "Pain while running (0–10)"), "5")
    heel_raise = input_labelled(editor, HEEL_RAISE)
    left, right = input_labelled(heel_raise, "Left"), input_labelled(heel_raise, "Right")
    type_text(qtbot, left, "25")
    type_text(qtbot, right, "20")
    lsi = editor.findChild(QLabel, "heel_raiseLsi")
    assert lsi.isVisible() and lsi.text() == "80 %"  # involved right ÷ left
    assert "Under 90" in editor.findChild(QLabel, "heel_raiseLsiFlag").text()

    with qtbot.waitSignal(editor.note_saved):
        click(qtbot, editor, "Save")
    saved = clinic.notes.get(evaluation.id)
    assert saved.content["heel_raise"] == {"left": 25, "right": 20}
    assert saved.content["morning_stiffness_min"] == 30 and not saved.is_signed
    assert saved.content["history"] == TRAINING_DIARY

    # Sign: the credentials dialog is answered as the person would.
    asked = sign_as_person(monkeypatch, editor)
    with qtbot.waitSignal(editor.note_signed):
        click(qtbot, editor, "Sign…")
    assert asked == ["Sign note"]
    signed = clinic.notes.get(evaluation.id)
    assert signed.is_signed and signed.signature.credentials == CREDENTIALS
    assert signed.signature.signer_name == therapist.user.display_name
    assert due_of_episode(chart) == ""
    assert panel.findChild(QLabel, "due_summary").text() == (
        "Nothing due for Right Achilles pain, Nov 2026.")

    # Editing is refused: on screen the inputs are locked, and the database refuses raw SQL.
    assert not button_named(editor, "Save").isVisible()
    assert not button_named(editor, "Sign…").isVisible()
    for box in (left, right, input_labelled(editor, "Morning stiffness (minutes)")):
        assert not box.isEnabled() or (isinstance(box, QLineEdit | QPlainTextEdit)
                                       and box.isReadOnly())
    qtbot.keyClicks(left, "9")
    assert left.text() == "25"
    with sqlite3.connect(clinic.path) as raw, pytest.raises(
            sqlite3.DatabaseError, match="signed notes cannot be changed"):
        raw.execute("UPDATE notes SET content_json = '{}' WHERE id = ?", [evaluation.id])
    assert clinic.notes.get(evaluation.id).content["heel_raise"] == {"left": 25, "right": 20}
    assert clinic.notes.verify_signature(evaluation.id)

    # Addendum, through its dialog (answered as the person would).
    def write_addendum(dialog):
        assert isinstance(dialog, AddendumDialog)
        type_text(qtbot, input_labelled(dialog, "Reason"), "Surface not recorded")
        type_text(qtbot, input_labelled(dialog, "Addendum"), "Heel raises were on a flat floor.")
        return True

    monkeypatch.setattr(editor, "_exec_dialog", write_addendum)
    with qtbot.waitSignal(editor.note_saved):
        click(qtbot, editor, "Add addendum…")
    [addendum] = clinic.notes.get(evaluation.id).addenda
    assert addendum.reason == "Surface not recorded"
    assert addendum.signature.credentials == CREDENTIALS
    evaluation_row = chart.episodes.model.index_of_note(evaluation.id)
    assert evaluation_row.siblingAtColumn(EpisodeColumn.STATUS).data() == "Signed + 1 addendum"

    # Export PDF: the save-file dialog answers with a path; every page names the signer.
    target = tmp_path / "okafor-evaluation.pdf"
    monkeypatch.setattr(editor, "_ask_save_path", lambda suggested: str(target))
    click(qtbot, editor, "Export PDF…")
    assert target.exists()
    reader = pypdf.PdfReader(str(target))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2  # a full evaluation runs over more than one page
    for number, text in enumerate(pages, start=1):
        assert therapist.user.display_name in text, f"page {number} does not name the signer"
        assert CREDENTIALS in text, f"page {number} does not give the credentials"
        assert f"{number} of {len(pages)}" in text, f"page {number} has no 'page N of M'"
    editor.close()

    # A first daily note: nothing to copy forward yet.
    click(qtbot, panel, "Daily note")
    first = editor_titled("Daily note — Okafor, Ana")
    first_note = panel.selected_note()
    assert first_note.kind is NoteKind.DAILY and dict(first_note.content) == {}
    assert due_of_episode(chart) == "⚠ 1 unsigned"
    type_text(qtbot, input_labelled(first, "Subjective"), "Less stiff in the mornings.")
    type_text(qtbot, input_labelled(first, "Objective"), "Heel raises R 22, L 25.")
    type_text(qtbot, input_labelled(first, "Plan"), "Add eccentric heel drops 3x15.")
    sign_as_person(monkeypatch, first)
    with qtbot.waitSignal(first.note_signed):
        click(qtbot, first, "Sign…")  # signing saves what was typed first
    assert due_of_episode(chart) == ""
    first.close()

    # The next daily note starts with the last visit's objective and plan.
    click(qtbot, panel, "Daily note")
    second_note = panel.selected_note()
    assert second_note.id != first_note.id
    second = panel.editor_for(second_note.id)
    assert second.isVisible() and second is not first
    assert input_labelled(second, "Objective").toPlainText() == "Heel raises R 22, L 25."
    assert input_labelled(second, "Plan").toPlainText() == "Add eccentric heel drops 3x15."
    assert input_labelled(second, "Subjective").toPlainText() == ""
    assert "copied forward" in panel.findChild(QLabel, "panel_status").text()
    assert due_of_episode(chart) == "⚠ 1 unsigned"
    sign_as_person(monkeypatch, second)
    with qtbot.waitSignal(second.note_signed):
        click(qtbot, second, "Sign…")
    assert due_of_episode(chart) == ""
    kinds = [(n.kind, n.is_signed) for n in clinic.notes.for_episode(episode.id)]
    assert kinds == [(NoteKind.EVALUATION, True), (NoteKind.DAILY, True),
                     (NoteKind.DAILY, True)]
    second.close()

"""The note editor, driven as a therapist drives it: find inputs by their labels, type, save, sign.

Modal questions are stubbed at `NoteEditor._ask`, dialogs at `_exec_dialog` (the stub fills the
real dialog and presses its button) and the file chooser at `_ask_save_path`. Every test checks
the screen and the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date

import pypdf
import pytest
from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QTableView, QWidget

from keystone_desk.domain.charting import NoteHeader, NoteKind, NoteStatus
from keystone_desk.domain.errors import DatabaseBusyError
from keystone_desk.domain.note_images import MAX_IMAGE_BYTES
from keystone_desk.ui.charting import note_editor
from keystone_desk.ui.charting.note_editor import NoteEditor
from keystone_desk.ui.charting.note_questions import Answer
from keystone_desk.ui.charting.signing_dialogs import AddendumDialog
from tests.conftest import add_therapist, intake_values
from tests.ui.find_widgets import button_named, input_labelled
from tests.ui.intake_driver import Answers, message_under, type_into

SOAP = {"subjective": "Morning stiffness 20 min", "objective": "SLHR R 18 / L 25",
        "assessment": "Improving", "plan": "Continue HSR 3x/week"}


@pytest.fixture
def me(therapist):
    """The therapist signed in: the editor's user, who writes and signs the notes here."""
    return therapist.user


@pytest.fixture
def episode(clinic, me):
    patient = clinic.patients.register(me, intake_values(
        first_name="Łukasz", last_name="Wiśniewski",
        goals="Run the city 10 km in April; walk the dog pain-free")).patient
    return clinic.episodes.open_episode(me, patient.id, "Right Achilles midportion, Nov 2026",
                                        side="right")


@pytest.fixture
def open_editor(qtbot, therapist, settings, no_dialogs,
                monkeypatch) -> Iterator[Callable[..., tuple[NoteEditor, Answers]]]:
    """Opens a NoteEditor window for a note, answering questions with the answers given."""
    editors: list[NoteEditor] = []

    def open_(note_id: int, *answers: Answer) -> tuple[NoteEditor, Answers]:
        editor = NoteEditor(therapist, note_id, settings=settings)
        stub = Answers(*answers)
        monkeypatch.setattr(editor, "_ask", stub)
        editor.show()
        qtbot.waitExposed(editor)
        qtbot.wait(10)  # the recovery offer runs once the window is on screen
        editors.append(editor)
        return editor, stub

    yield open_
    for editor in editors:  # tidying up must not count as a question the test forgot
        monkeypatch.setattr(editor, "_ask", lambda question: Answer.DISCARD)
        editor.close()


def daily(clinic, me, episode, **content):
    header = NoteHeader(date(2026, 11, 27), "09:30", "10:15", me.id)
    return clinic.notes.create(me, episode.id, NoteKind.DAILY, header=header, content=content)


def type_soap(qtbot, editor: QWidget, parts: dict[str, str]) -> None:
    for part, text in parts.items():
        type_into(qtbot, editor, part.capitalize(), text)


def fill_and_press(accept_label: str, **values: str) -> Callable[[QDialog], bool]:
    """Stands in for a person filling a dialog's fields (by label) and pressing its button."""
    def exec_dialog(dialog: QDialog) -> bool:
        dialog.show()  # as exec() would
        for label, text in values.items():
            widget = input_labelled(dialog, label.replace("_", " "))
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            else:
                widget.setText(text)
        button_named(dialog, accept_label).click()
        return dialog.result() == QDialog.DialogCode.Accepted
    return exec_dialog


def sign(qtbot, editor: NoteEditor, monkeypatch, credentials: str = "PT, DPT") -> None:
    monkeypatch.setattr(editor, "_exec_dialog", fill_and_press("Sign", Credentials=credentials))
    with qtbot.waitSignal(editor.note_signed):
        qtbot.mouseClick(button_named(editor, "Sign…"), Qt.MouseButton.LeftButton)


def shown_text(editor: QWidget, object_name: str) -> str:
    label = editor.findChild(QLabel, object_name)
    return label.text() if label is not None and label.isVisible() else ""


# ----- writing, autosave and recovery

def test_typing_autosaves_within_seconds_and_is_offered_back_on_reopen(
        qtbot, clinic, me, episode, open_editor):
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id)
    assert input_labelled(editor, "Therapist").text() == me.display_name
    type_soap(qtbot, editor, {"subjective": "Stiff for 20 min this morning"})

    qtbot.waitUntil(lambda: clinic.notes.recovered_draft(me, note.id) is not None,
                    timeout=note_editor.AUTOSAVE_MS + 3000)
    draft = clinic.notes.recovered_draft(me, note.id)
    assert draft.content["subjective"] == "Stiff for 20 min this morning"
    assert clinic.notes.get(note.id).content == {}  # autosave is a recovery copy, not a save

    # The app dies here; the note is opened again.
    reopened, answers = open_editor(note.id, Answer.RECOVER)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert "Recover the unsaved typing from" in answers.texts[0]
    assert input_labelled(reopened, "Subjective").toPlainText() == "Stiff for 20 min this morning"
    assert reopened.is_dirty()


def test_typing_that_never_pauses_is_still_autosaved_within_the_longest_wait(
        qtbot, clinic, me, episode, open_editor, monkeypatch):
    monkeypatch.setattr(note_editor, "AUTOSAVE_MS", 300)  # a pause this long autosaves...
    monkeypatch.setattr(note_editor, "AUTOSAVE_MAX_WAIT_MS", 900)  # ...and so does this much typing
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id)
    subjective = input_labelled(editor, "Subjective")
    subjective.setFocus()
    typing = QElapsedTimer()
    typing.start()
    while clinic.notes.recovered_draft(me, note.id) is None and typing.elapsed() < 3000:
        qtbot.keyClicks(subjective, "a")
        qtbot.wait(100)  # never a 300 ms pause
    assert clinic.notes.recovered_draft(me, note.id) is not None
    assert typing.elapsed() < 1500


def test_discarding_the_recovered_typing_keeps_the_saved_draft(qtbot, clinic, me, episode,
                                                                open_editor):
    note = daily(clinic, me, episode, **SOAP)
    clinic.notes.autosave(me, note.id, note.header, {**SOAP, "plan": "Typed, never saved"},
                          note.version)
    editor, answers = open_editor(note.id, Answer.DISCARD)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert input_labelled(editor, "Plan").toPlainText() == SOAP["plan"]
    assert clinic.notes.recovered_draft(me, note.id) is None and not editor.is_dirty()


def test_deciding_later_keeps_the_found_typing_and_asks_again_next_time(
        qtbot, clinic, me, episode, open_editor):
    note = daily(clinic, me, episode, **SOAP)
    clinic.notes.autosave(me, note.id, note.header, {**SOAP, "plan": "Typed, never saved"},
                          note.version)
    editor, answers = open_editor(note.id, Answer.DECIDE_LATER)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert input_labelled(editor, "Plan").toPlainText() == SOAP["plan"]  # the saved draft
    assert "asked again" in shown_text(editor, "saveStatus")
    type_soap(qtbot, editor, {"assessment": "Better. "})  # still editable, and saved as usual
    qtbot.waitUntil(lambda: "does not autosave" in shown_text(editor, "saveStatus"),
                    timeout=note_editor.AUTOSAVE_MS + 3000)
    assert editor.save()
    assert clinic.notes.get(note.id).content["assessment"] == "Better. Improving"
    kept = clinic.notes.recovered_draft(me, note.id)
    assert kept is not None and kept.content["plan"] == "Typed, never saved"
    editor.close()

    again, answers = open_editor(note.id, Answer.DECIDE_LATER)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert answers.questions[0].title == "Unsaved typing found"


@pytest.mark.parametrize("choice", [Answer.RELOAD, Answer.KEEP_MINE])
def test_recovered_typing_over_an_older_version_asks_before_overwriting_the_newer_one(
        qtbot, clinic, me, episode, open_editor, clock, choice):
    note = daily(clinic, me, episode, **SOAP)
    typed = {**SOAP, "subjective": "Typed over version 1, then the app crashed"}
    clinic.notes.autosave(me, note.id, note.header, typed, note.version)
    other_instance = clinic.reopen()  # a colleague saves version 2 meanwhile
    other_instance.notes.save(add_therapist(clinic), note.id, note.header,
                              {**SOAP, "plan": "Refer to GP"}, note.version)
    other_instance.close()

    editor, answers = open_editor(note.id, Answer.RECOVER, choice)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert input_labelled(editor, "Subjective").toPlainText() == typed["subjective"]
    assert "saving asks whether to keep yours" in shown_text(editor, "saveStatus")
    editor.save()
    assert answers.questions[1].title == "Someone else changed this note"
    stored = clinic.notes.get(note.id)
    if choice is Answer.RELOAD:
        assert stored.content["plan"] == "Refer to GP" and stored.version == 2
        assert input_labelled(editor, "Subjective").toPlainText() == SOAP["subjective"]
        assert clinic.notes.recovered_draft(me, note.id) is None
    else:  # kept deliberately, over the version the person was warned about
        assert stored.content == typed and stored.version == 3


def test_ctrl_s_saves_the_draft_and_reports_it(qtbot, clinic, me, episode, open_editor):
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id)
    type_soap(qtbot, editor, SOAP)
    input_labelled(editor, "Time out").setText("10:20")
    with qtbot.waitSignal(editor.note_saved) as saved:
        qtbot.keyClick(input_labelled(editor, "Plan"), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    stored = clinic.notes.get(note.id)
    assert stored.content == SOAP and stored.header.time_out == "10:20"
    assert saved.args[0].version == stored.version and not editor.is_dirty()
    assert shown_text(editor, "saveStatus").startswith("Saved at")


def test_a_time_that_cannot_be_read_is_explained_beside_it(qtbot, clinic, me, episode,
                                                           open_editor):
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id)
    input_labelled(editor, "Time in").setText("9.30")
    type_soap(qtbot, editor, {"subjective": "kept"})
    editor.save()
    assert "HH:MM" in message_under(editor, "Time in")
    assert shown_text(editor, "errorSummary").startswith("Not saved")
    assert input_labelled(editor, "Subjective").toPlainText() == "kept"
    assert clinic.notes.get(note.id).version == note.version


def test_a_save_refused_because_the_database_is_busy_keeps_the_typing(
        qtbot, clinic, me, episode, open_editor, monkeypatch, no_dialogs):
    note = daily(clinic, me, episode, **SOAP)
    editor, _ = open_editor(note.id)
    input_labelled(editor, "Plan").setPlainText("Typed while a backup ran")

    def busy(*args, **kwargs):
        raise DatabaseBusyError("The clinic database is busy.")

    monkeypatch.setattr(clinic.notes, "save", busy)
    assert not editor.save()
    assert no_dialogs == [("Not saved", "The clinic database is busy.")]
    assert input_labelled(editor, "Plan").toPlainText() == "Typed while a backup ran"
    assert editor.is_dirty()


def test_a_conflicting_save_asks_and_keep_mine_overwrites(qtbot, clinic, me, episode,
                                                          open_editor):
    note = daily(clinic, me, episode, **SOAP)
    editor, answers = open_editor(note.id, Answer.KEEP_MINE)
    clinic.notes.save(me, note.id, note.header, {**SOAP, "plan": "Theirs"}, note.version)
    input_labelled(editor, "Plan").setPlainText("Mine")
    assert editor.save()
    assert answers.questions[0].title == "Someone else changed this note"
    assert clinic.notes.get(note.id).content["plan"] == "Mine"


# ----- copy forward

def test_copy_forward_fills_objective_and_plan_from_the_last_note(qtbot, clinic, me, episode,
                                                                   open_editor):
    daily(clinic, me, episode, **SOAP)
    note = daily(clinic, me, episode)
    editor, answers = open_editor(note.id, Answer.REPLACE)
    type_soap(qtbot, editor, {"subjective": "Better today", "objective": "typed first"})
    qtbot.mouseClick(button_named(editor, "Copy forward from last note"),
                     Qt.MouseButton.LeftButton)
    assert answers.questions[0].title == "Replace what you typed?"
    assert input_labelled(editor, "Objective").toPlainText() == SOAP["objective"]
    assert input_labelled(editor, "Plan").toPlainText() == SOAP["plan"]
    assert input_labelled(editor, "Subjective").toPlainText() == "Better today"
    assert editor.is_dirty()


def test_copy_forward_with_no_earlier_note_says_so(qtbot, clinic, me, episode, open_editor):
    note = daily(clinic, me, episode, **SOAP)
    editor, answers = open_editor(note.id)
    qtbot.mouseClick(button_named(editor, "Copy forward from last note"),
                     Qt.MouseButton.LeftButton)
    assert "no earlier visit note" in shown_text(editor, "saveStatus")
    assert not answers.questions and not editor.is_dirty()


# ----- signing, addenda, export

def test_signing_saves_pending_typing_then_locks_the_note(qtbot, clinic, me, episode,
                                                          open_editor, settings, monkeypatch):
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id)
    type_soap(qtbot, editor, SOAP)
    sign(qtbot, editor, monkeypatch, credentials="PT, DPT, OCS")

    stored = clinic.notes.get(note.id)
    assert stored.status is NoteStatus.SIGNED and stored.content == SOAP
    assert stored.signature.credentials == "PT, DPT, OCS"
    banner = shown_text(editor, "signedBanner")
    assert f"Signed by {me.display_name}, PT, DPT, OCS on" in banner
    assert stored.signature.content_hash[:12] in banner
    assert settings.value("charting/credentials") == "PT, DPT, OCS"
    for label in ("Subjective", "Objective", "Assessment", "Plan"):
        assert input_labelled(editor, label).isReadOnly()
    for label in ("Visit date", "Time in", "Time out"):
        assert input_labelled(editor, label).isReadOnly()
    assert not button_named(editor, "Sign…").isVisible()
    assert not button_named(editor, "Save").isVisible()
    assert not button_named(editor, "Copy forward from last note").isVisible()
    assert button_named(editor, "Add addendum…").isVisible()

    # Editing is refused: typing changes nothing, saving writes nothing.
    qtbot.keyClicks(input_labelled(editor, "Plan"), " and more")
    assert input_labelled(editor, "Plan").toPlainText() == SOAP["plan"]
    assert not editor.save() and not editor.is_dirty()
    assert clinic.notes.get(note.id).version == stored.version


def test_the_signed_banner_says_whether_the_content_still_matches_its_signature(
        qtbot, clinic, me, episode, open_editor, monkeypatch):
    note = daily(clinic, me, episode, **SOAP)
    editor, _ = open_editor(note.id)
    sign(qtbot, editor, monkeypatch)
    assert "Signature verified." in shown_text(editor, "signedBanner")
    clinic.db.execute("DROP TRIGGER notes_signed_no_update")  # a hand-edited database file
    clinic.db.execute("UPDATE notes SET content_json = '{}' WHERE id = ?", [note.id])
    reopened, _ = open_editor(note.id)
    banner = shown_text(reopened, "signedBanner")
    assert "Content does not match its signature." in banner and "verified" not in banner


def test_sign_dialog_remembers_credentials_and_requires_them(qtbot, clinic, me, episode,
                                                             open_editor, settings, monkeypatch):
    settings.setValue("charting/credentials", "PTA")
    note = daily(clinic, me, episode, **SOAP)
    editor, _ = open_editor(note.id)
    seen: list[str] = []

    def blank_credentials(dialog: QDialog) -> bool:
        dialog.show()
        field = input_labelled(dialog, "Credentials")
        seen.append(field.text())
        field.clear()
        button_named(dialog, "Sign").click()
        seen.append(message_under(dialog, "Credentials"))
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(editor, "_exec_dialog", blank_credentials)
    qtbot.mouseClick(button_named(editor, "Sign…"), Qt.MouseButton.LeftButton)
    assert seen == ["PTA", "Enter your credentials, e.g. PT, DPT."]
    assert not clinic.notes.get(note.id).is_signed


def test_an_addendum_is_signed_and_shown_under_the_note(qtbot, clinic, me, episode,
                                                        open_editor, monkeypatch):
    note = daily(clinic, me, episode, **SOAP)
    editor, _ = open_editor(note.id)
    sign(qtbot, editor, monkeypatch)
    monkeypatch.setattr(editor, "_exec_dialog", fill_and_press(
        "Sign addendum", Reason="Side recorded wrongly", Addendum="Heel raises R 25 / L 18."))
    with qtbot.waitSignal(editor.note_saved):
        qtbot.mouseClick(button_named(editor, "Add addendum…"), Qt.MouseButton.LeftButton)

    stored = clinic.notes.get(note.id)
    assert [a.reason for a in stored.addenda] == ["Side recorded wrongly"]
    addenda = editor.findChild(QWidget, "addenda")
    assert addenda.isVisible()
    texts = [label.text() for label in addenda.findChildren(QLabel)]
    assert any("Side recorded wrongly" in t for t in texts)
    assert "Heel raises R 25 / L 18." in texts
    assert any(t.startswith(f"Signed by {me.display_name}, PT, DPT on") for t in texts)
    assert stored.content == SOAP and clinic.notes.verify_signature(note.id)


def test_addendum_dialog_explains_what_is_missing_beside_each_field(qtbot):
    dialog = AddendumDialog("PT")
    qtbot.addWidget(dialog)
    dialog.show()
    button_named(dialog, "Sign addendum").click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert message_under(dialog, "Reason") == "Say why the note needs an addendum."
    assert message_under(dialog, "Addendum") == "Write the addendum."
    assert message_under(dialog, "Credentials") == ""


def test_export_pdf_writes_a_file_with_the_signer_on_every_page(qtbot, clinic, me, episode,
                                                                open_editor, monkeypatch,
                                                                tmp_path):
    long_plan = "\n".join(f"Week {i}: heavy slow resistance, 3 x 15 heel raises, "
                          f"bent and straight knee; run 20 min easy." for i in range(150))
    note = daily(clinic, me, episode, **{**SOAP, "plan": long_plan})
    editor, _ = open_editor(note.id)
    sign(qtbot, editor, monkeypatch)
    target = tmp_path / "exported.pdf"
    asked: list[str] = []
    monkeypatch.setattr(editor, "_ask_save_path", lambda s: asked.append(s) or str(target))
    qtbot.mouseClick(button_named(editor, "Export PDF…"), Qt.MouseButton.LeftButton)

    assert asked[0].endswith("Wiśniewski_Łukasz_daily_2026-11-27.pdf")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Signed by {me.display_name}, PT, DPT" in text
        assert f"page {number} of {len(pages)}" in text
    assert "Wiśniewski, Łukasz" in pages[0]
    assert "exported.pdf" in shown_text(editor, "saveStatus")
    actions = [r[0] for r in clinic.db.execute("SELECT action FROM audit_events ORDER BY id")]
    assert actions[-1] == "export"


# ----- closing

def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, clinic, me,
                                                                       episode, open_editor):
    note = daily(clinic, me, episode)
    editor, answers = open_editor(note.id, Answer.CANCEL, Answer.SAVE)
    type_soap(qtbot, editor, {"plan": "Return to run"})
    editor.close()
    assert editor.isVisible() and answers.questions[0].title == "Unsaved changes"
    editor.close()
    assert not editor.isVisible()
    assert clinic.notes.get(note.id).content["plan"] == "Return to run"


def test_discarding_on_close_drops_the_typing_and_its_autosave(qtbot, clinic, me, episode,
                                                               open_editor):
    note = daily(clinic, me, episode)
    editor, _ = open_editor(note.id, Answer.DISCARD)
    type_soap(qtbot, editor, {"plan": "Never mind"})
    editor._on_autosave_timer_timeout()  # as if the typing had paused
    assert clinic.notes.recovered_draft(me, note.id) is not None
    editor.close()
    assert not editor.isVisible()
    assert clinic.notes.get(note.id).content == {}
    assert clinic.notes.recovered_draft(me, note.id) is None


def test_closing_a_signed_or_untouched_note_asks_nothing(qtbot, clinic, me, episode,
                                                         open_editor):
    note = daily(clinic, me, episode, **SOAP)
    editor, answers = open_editor(note.id)
    editor.close()
    assert not editor.isVisible() and not answers.questions


# ----- other kinds

def test_progress_note_adds_goals_progress(qtbot, clinic, me, episode, open_editor):
    note = clinic.notes.create(me, episode.id, NoteKind.PROGRESS)
    editor, _ = open_editor(note.id)
    type_into(qtbot, editor, "Goals progress", "10 km goal on track")
    assert editor.save()
    assert clinic.notes.get(note.id).content["goals_progress"] == "10 km goal on track"


def test_discharge_shows_outcomes_and_records_goal_status(qtbot, clinic, me, episode,
                                                          open_editor):
    note = clinic.notes.create(me, episode.id, NoteKind.DISCHARGE, content={"outcomes": [
        {"measure_id": "visa-a", "measure_name": "VISA-A",
         "baseline": {"score": 42, "taken_on": "2026-10-02"},
         "latest": {"score": 68, "taken_on": "2026-11-27"}, "change": 26.0,
         "status": "improved", "passes_mcid": True}]})
    editor, _ = open_editor(note.id)
    table = editor.findChild(QTableView)
    model = table.model()
    assert table.isVisible() and model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "VISA-A" and row[1].startswith("42") and row[3] == "+26"
    assert row[4] == "Improved (at least the MCID)"
    type_into(qtbot, editor, "Run the city 10 km in April", "Partly met")
    type_into(qtbot, editor, "Summary", "Discharged to self-management")
    assert editor.save()
    content = clinic.notes.get(note.id).content
    assert content["goals"][0] == {"goal": "Run the city 10 km in April", "status": "partly_met"}
    assert content["goals"][1]["status"] == ""
    assert content["summary"] == "Discharged to self-management"
    assert content["outcomes"][0]["measure_name"] == "VISA-A"


def test_discharge_without_outcomes_says_so(qtbot, clinic, me, episode, open_editor):
    note = clinic.notes.create(me, episode.id, NoteKind.DISCHARGE)
    editor, _ = open_editor(note.id)
    assert any(label.text() == "No outcome measures recorded" and label.isVisible()
               for label in editor.findChildren(QLabel))
    assert isinstance(input_labelled(editor, "walk the dog pain-free"), QWidget)


def test_the_note_font_is_installed_so_text_is_not_drawn_as_boxes(qtbot, clinic, me, episode,
                                                                  open_editor):
    editor, _ = open_editor(daily(clinic, me, episode).id)
    field = input_labelled(editor, "Visit date")
    assert isinstance(field, QLineEdit)
    assert field.fontInfo().family(), "no font found: Qt would draw empty boxes"


# ----- evaluation

def png_bytes(color: str = "#1a5c8a") -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def evaluation(clinic, me, episode, **values):
    return clinic.notes.create(me, episode.id, NoteKind.EVALUATION,
                               template_id="achilles-running", content=values)


def test_evaluation_hosts_the_template_form_saves_values_and_images(qtbot, clinic, me,
                                                                     episode, open_editor):
    note = evaluation(clinic, me, episode, morning_stiffness_min=20)
    editor, _ = open_editor(note.id)
    stiffness = input_labelled(editor, "Morning stiffness (minutes)")
    assert stiffness.text() == "20"
    stiffness.clear()
    type_into(qtbot, editor, "Morning stiffness (minutes)", "35")
    form = editor.findChild(QWidget, "evaluationPage").parentWidget()
    while not hasattr(form, "set_images"):
        form = form.parentWidget()
    form.set_images({"gait_image_rear": ("rear.png", "image/png", png_bytes())})
    assert editor.is_dirty()
    assert editor.save()
    stored = clinic.notes.get(note.id)
    assert stored.content["morning_stiffness_min"] == 35
    assert [(a.slot, a.filename) for a in clinic.notes.attachments(note.id)] == [
        ("gait_image_rear", "rear.png")]
    assert not editor.is_dirty()


def test_a_signed_evaluation_is_locked(qtbot, clinic, me, episode, open_editor, monkeypatch):
    note = evaluation(clinic, me, episode, morning_stiffness_min=20)
    editor, _ = open_editor(note.id)
    sign(qtbot, editor, monkeypatch)
    stiffness = input_labelled(editor, "Morning stiffness (minutes)")
    assert stiffness.isReadOnly() or not stiffness.isEnabled()
    assert f"Signed by {me.display_name}, PT, DPT on" in shown_text(editor, "signedBanner")
    assert clinic.notes.get(note.id).is_signed


THOMPSON = "Thompson / Simmonds squeeze test"


def clear_stiffness_and_thompson(qtbot, editor: NoteEditor) -> None:
    """The therapist empties a typed value and un-chooses a test result (clicks it again)."""
    stiffness = input_labelled(editor, "Morning stiffness (minutes)")
    stiffness.setFocus()
    stiffness.selectAll()
    qtbot.keyClick(stiffness, Qt.Key.Key_Delete)
    qtbot.keyClick(stiffness, Qt.Key.Key_Tab)
    thompson_right = input_labelled(input_labelled(editor, THOMPSON), "Right")
    positive = button_named(thompson_right, "Positive")
    assert positive.isChecked()
    qtbot.mouseClick(positive, Qt.MouseButton.LeftButton)
    assert not positive.isChecked() and stiffness.text() == ""


def test_a_cleared_evaluation_value_stays_cleared_when_saved(qtbot, clinic, me, episode,
                                                             open_editor):
    note = evaluation(clinic, me, episode, morning_stiffness_min=20,
                      thompson={"right": "positive"}, field_from_an_older_template="kept")
    editor, _ = open_editor(note.id)
    clear_stiffness_and_thompson(qtbot, editor)
    assert editor.is_dirty()
    assert editor.save()
    stored = clinic.notes.get(note.id).content
    assert "morning_stiffness_min" not in stored and "thompson" not in stored
    assert stored["field_from_an_older_template"] == "kept"
    assert not editor.is_dirty()


def test_a_cleared_evaluation_value_is_not_signed(qtbot, clinic, me, episode, open_editor,
                                                  monkeypatch):
    note = evaluation(clinic, me, episode, morning_stiffness_min=20,
                      thompson={"right": "positive"})
    editor, _ = open_editor(note.id)
    clear_stiffness_and_thompson(qtbot, editor)
    sign(qtbot, editor, monkeypatch)  # signing saves the pending typing first
    signed = clinic.notes.get(note.id)
    assert signed.is_signed
    assert "morning_stiffness_min" not in signed.content and "thompson" not in signed.content


def test_recovered_evaluation_typing_keeps_what_was_cleared_cleared(qtbot, clinic, me, episode,
                                                                     open_editor):
    note = evaluation(clinic, me, episode, morning_stiffness_min=20)
    clinic.notes.autosave(me, note.id, note.header, {"involved_side": "right"}, note.version)
    editor, answers = open_editor(note.id, Answer.RECOVER)
    qtbot.waitUntil(lambda: bool(answers.questions))
    assert input_labelled(editor, "Morning stiffness (minutes)").text() == ""
    assert editor.save()
    assert "morning_stiffness_min" not in clinic.notes.get(note.id).content


# ----- signed elsewhere while typing

def test_typing_is_kept_when_the_note_is_signed_elsewhere_and_becomes_an_addendum(
        qtbot, clinic, me, episode, open_editor, monkeypatch, clock):
    note = daily(clinic, me, episode, **SOAP)
    editor, answers = open_editor(note.id, Answer.CANCEL)
    type_soap(qtbot, editor, {"assessment": "Hop test 80% LSI. "})
    other_instance = clinic.reopen()
    other_instance.notes.sign(me, note.id, "PT", note.version)
    other_instance.close()

    assert not editor.save()
    assessment = input_labelled(editor, "Assessment")
    assert assessment.toPlainText() == "Hop test 80% LSI. Improving"  # still on screen
    assert assessment.isReadOnly()
    assert "signed this note while you were typing" in shown_text(editor, "errorSummary")
    assert not button_named(editor, "Save").isVisible()
    editor.close()  # closing would lose the typing: asked, and Cancel keeps the window
    assert editor.isVisible() and answers.questions[0].title == "Close without your typing?"

    prefilled: list[str] = []

    def sign_prefilled(dialog: QDialog) -> bool:
        prefilled.append(input_labelled(dialog, "Addendum").toPlainText())
        return fill_and_press("Sign addendum")(dialog)

    monkeypatch.setattr(editor, "_exec_dialog", sign_prefilled)
    with qtbot.waitSignal(editor.note_saved):
        qtbot.mouseClick(button_named(editor, "Copy my text into an addendum…"),
                         Qt.MouseButton.LeftButton)
    assert prefilled == ["Assessment: Hop test 80% LSI. Improving"]
    stored = clinic.notes.get(note.id)
    assert stored.content["assessment"] == SOAP["assessment"]  # the signed note never changed
    assert [a.body for a in stored.addenda] == ["Assessment: Hop test 80% LSI. Improving"]
    assert assessment.toPlainText() == SOAP["assessment"]  # now reads as signed, with addendum
    assert not button_named(editor, "Copy my text into an addendum…").isVisible()


def form_of(editor: NoteEditor) -> QWidget:
    form = editor.findChild(QWidget, "evaluationPage").parentWidget()
    while not hasattr(form, "set_images"):
        form = form.parentWidget()
    return form


def test_a_picture_over_the_limit_is_refused_when_chosen_and_the_stored_one_stays(
        qtbot, clinic, me, episode, open_editor, monkeypatch, tmp_path):
    note = evaluation(clinic, me, episode)
    clinic.notes.add_attachment(me, note.id, "gait_image_rear", "first.png", "image/png",
                                png_bytes())
    editor, _ = open_editor(note.id)
    chosen = tmp_path / "big.png"
    chosen.write_bytes(png_bytes() + bytes(MAX_IMAGE_BYTES))
    monkeypatch.setattr(form_of(editor), "_choose_image_file", lambda title: chosen)
    rear = input_labelled(editor, "Rear view still")
    qtbot.mouseClick(button_named(rear, "Attach image…"), Qt.MouseButton.LeftButton)
    assert message_under(editor, "Rear view still") == (
        "big.png is larger than 8 MB; attach a smaller picture.")
    editor.save()
    assert [(a.slot, a.filename) for a in clinic.notes.attachments(note.id)] == [
        ("gait_image_rear", "first.png")]

    chosen = tmp_path / "second.jpg"  # named .jpg, but the bytes say PNG
    chosen.write_bytes(png_bytes(color="#aa3300"))
    qtbot.mouseClick(button_named(rear, "Attach image…"), Qt.MouseButton.LeftButton)
    assert editor.save()
    assert [(a.slot, a.filename, a.mime) for a in clinic.notes.attachments(note.id)] == [
        ("gait_image_rear", "second.jpg", "image/png")]

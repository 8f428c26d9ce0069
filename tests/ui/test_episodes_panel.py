"""EpisodesPanel: starting an episode, the timeline newest first, what is due, writing and opening
notes, copy forward, discharging; and the tree model's contract (qtmodeltester)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLabel

from keystone_desk.domain.charting import NoteHeader, NoteKind
from keystone_desk.domain.intake import Side
from keystone_desk.ui import messages
from keystone_desk.ui.charting.episode_dialogs import NewEpisodeDialog, suggested_title
from keystone_desk.ui.charting.episode_model import EpisodeColumn, EpisodeTreeModel, NoteRole
from keystone_desk.ui.charting.episodes_panel import EpisodesPanel
from tests.conftest import intake_values
from tests.ui.find_widgets import button_named, input_labelled

TODAY = date(2026, 11, 27)


@pytest.fixture
def patient(clinic, admin):
    return clinic.patients.register(admin, intake_values(
        side="right", chief_complaint="Achilles pain when running. Worse in the mornings.")).patient


@pytest.fixture
def make_panel(qtbot, therapist, patient, settings, no_dialogs):
    """The panel as a signed-in therapist sees it."""
    def make() -> EpisodesPanel:
        panel = EpisodesPanel(therapist, patient, lambda: TODAY, settings=settings)
        qtbot.addWidget(panel)
        panel.resize(1000, 500)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def episode(clinic, admin, patient, title, opened_on, **kw):
    return clinic.episodes.open_episode(admin, patient.id, title, opened_on=opened_on, **kw)


def note(clinic, admin, episode_id, kind, visit, *, signed=False, **kw):
    made = clinic.notes.create(admin, episode_id, kind,
                               header=NoteHeader(visit, therapist_id=admin.id), **kw)
    return clinic.notes.sign(admin, made.id, "PT", made.version) if signed else made


def rows(panel: EpisodesPanel, parent: QModelIndex | None = None) -> list[tuple[str, ...]]:
    model, parent = panel.model, parent or QModelIndex()
    return [tuple(model.index(r, c, parent).data() for c in EpisodeColumn)
            for r in range(model.rowCount(parent))]


def click(qtbot, panel, text):
    qtbot.mouseClick(button_named(panel, text), Qt.MouseButton.LeftButton)


def due_box(panel) -> QLabel:
    return panel.findChild(QLabel, "due_summary")


# --- starting an episode -------------------------------------------------------------------------

def test_new_episode_suggests_a_title_from_the_intake_and_starts_the_episode(
        qtbot, clinic, patient, make_panel):
    panel = make_panel()
    assert due_box(panel).text() == "No episodes of care yet. Start one with New episode."
    assert not button_named(panel, "Daily note").isEnabled()
    click(qtbot, panel, "New episode…")
    dialog = panel.findChild(NewEpisodeDialog)
    assert dialog.isVisible()
    title = input_labelled(dialog, "Title")
    assert title.text() == "Right Achilles pain when running, Nov 2026"
    assert input_labelled(dialog, "Side").currentText() == "Right"
    qtbot.keyClicks(input_labelled(dialog, "Condition"), "Achilles midportion tendinopathy")
    click(qtbot, dialog, "Start episode")
    assert not dialog.isVisible()
    [saved] = clinic.episodes.for_patient(patient.id)
    assert (saved.title, saved.condition, saved.side, saved.opened_on) == (
        "Right Achilles pain when running, Nov 2026", "Achilles midportion tendinopathy",
        "right", TODAY)
    assert panel.selected_episode().id == saved.id
    assert button_named(panel, "Daily note").isEnabled()
    assert due_box(panel).text().endswith("No initial evaluation yet")


def test_new_episode_explains_a_missing_title_beside_it_and_keeps_what_was_typed(
        qtbot, clinic, patient, make_panel):
    panel = make_panel()
    click(qtbot, panel, "New episode…")
    dialog = panel.findChild(NewEpisodeDialog)
    qtbot.keyClicks(input_labelled(dialog, "Condition"), "Plantar heel pain")
    title = input_labelled(dialog, "Title")
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    message = dialog.findChild(QLabel, "titleMessage")
    assert message.isVisible() and message.text() == "Give the episode a title."
    click(qtbot, dialog, "Start episode")
    assert dialog.isVisible() and clinic.episodes.for_patient(patient.id) == []
    assert input_labelled(dialog, "Condition").text() == "Plantar heel pain"
    qtbot.keyClicks(title, "Left plantar heel pain, Nov 2026")
    assert not message.isVisible()
    click(qtbot, dialog, "Start episode")
    assert [e.title for e in clinic.episodes.for_patient(patient.id)] == [
        "Left plantar heel pain, Nov 2026"]


def test_enter_in_the_new_episode_dialog_starts_the_episode_with_what_was_typed(
        qtbot, clinic, patient, make_panel):
    """Issue 8 §3.1: Enter was Cancel (the default button was lost) and the typing went."""
    panel = make_panel()
    click(qtbot, panel, "New episode…")
    dialog = panel.findChild(NewEpisodeDialog)
    assert button_named(dialog, "Start episode").isDefault()
    assert not button_named(dialog, "Cancel").isDefault()
    title = input_labelled(dialog, "Title")
    title.selectAll()
    qtbot.keyClicks(title, "Right Achilles midportion, Nov 2026")
    qtbot.keyClicks(input_labelled(dialog, "Condition"), "Midportion tendinopathy")
    qtbot.keyClick(input_labelled(dialog, "Condition"), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [saved] = clinic.episodes.for_patient(patient.id)
    assert (saved.title, saved.condition) == ("Right Achilles midportion, Nov 2026",
                                              "Midportion tendinopathy")
    assert rows(panel)[0][EpisodeColumn.ITEM] == "Right Achilles midportion, Nov 2026"


def test_the_suggestion_follows_the_start_date_and_side_until_the_title_is_typed(
        qtbot, make_panel):
    panel = make_panel()
    click(qtbot, panel, "New episode…")
    dialog = panel.findChild(NewEpisodeDialog)
    input_labelled(dialog, "Side").setCurrentIndex(
        input_labelled(dialog, "Side").findText("Left"))
    input_labelled(dialog, "Start date").setDate(date(2026, 10, 3))
    assert input_labelled(dialog, "Title").text() == "Left Achilles pain when running, Oct 2026"
    qtbot.keyClicks(input_labelled(dialog, "Title"), "!")
    input_labelled(dialog, "Start date").setDate(date(2026, 9, 3))
    assert input_labelled(dialog, "Title").text().endswith("Oct 2026!")


def test_an_episode_cannot_start_in_the_future(qtbot, make_panel):
    panel = make_panel()
    click(qtbot, panel, "New episode…")
    start = input_labelled(panel.findChild(NewEpisodeDialog), "Start date")
    start.setDate(date(2027, 1, 5))
    assert start.date().toPython() == TODAY


@pytest.mark.parametrize(("complaint", "side", "expected"), [
    ("Achilles pain", Side.RIGHT, "Right Achilles pain, Nov 2026"),
    ("heel pain on first steps. Runs 40 km a week", Side.LEFT, "Left heel pain on first steps, "
                                                               "Nov 2026"),
    ("Achilles pain when running, worse in the mornings", Side.RIGHT,
     "Right Achilles pain when running, Nov 2026"),
    ("Pain, swelling and stiffness", Side.LEFT, "Left pain, swelling and stiffness, Nov 2026"),
    ("Pain behind the left knee", Side.RIGHT, "Pain behind the left knee, Nov 2026"),
    ("Shin splints", Side.BOTH, "Bilateral shin splints, Nov 2026"),
    ("calf tightness", None, "Calf tightness, Nov 2026"),
    ("", Side.RIGHT, "Episode of care, Nov 2026"),
])
def test_suggested_title(complaint, side, expected, patient):
    from dataclasses import replace

    intake = replace(patient.intake, chief_complaint=complaint, side=side)
    assert suggested_title(intake, TODAY) == expected


# --- the timeline --------------------------------------------------------------------------------

def test_timeline_shows_episodes_newest_first_with_their_notes_newest_first(
        clinic, admin, patient, make_panel):
    old = episode(clinic, admin, patient, "Left calf strain, Mar 2025", date(2025, 3, 4),
                  side="left")
    note(clinic, admin, old.id, NoteKind.EVALUATION, date(2025, 3, 4), signed=True)
    clinic.episodes.discharge(admin, old.id, date(2025, 4, 1), old.version)
    new = episode(clinic, admin, patient, "Right Achilles pain, Oct 2026", date(2026, 10, 20),
                  side="right")
    evaluation = note(clinic, admin, new.id, NoteKind.EVALUATION, date(2026, 10, 20), signed=True)
    clinic.notes.add_addendum(admin, evaluation.id, "Typo", "Reps were 25, not 15.", "PT")
    note(clinic, admin, new.id, NoteKind.DAILY, date(2026, 10, 27), signed=True)
    note(clinic, admin, new.id, NoteKind.DAILY, date(2026, 11, 24))
    panel = make_panel()
    assert rows(panel) == [
        ("Right Achilles pain, Oct 2026", "since 20 Oct 2026", "Open · 3 notes",
         "⚠ 1 unsigned · Re-evaluation due", "Right"),
        ("Left calf strain, Mar 2025", "4 Mar 2025 – 1 Apr 2025", "Discharged · 1 note", "",
         "Left"),
    ]
    current = panel.model.index(0, 0)
    assert rows(panel, current) == [
        ("Daily note", "24 Nov 2026", "Draft", "Not signed", ""),
        ("Daily note", "27 Oct 2026", "Signed", "", ""),
        ("Initial evaluation", "20 Oct 2026", "Signed + 1 addendum", "", ""),
    ]
    assert panel.view.isExpanded(current)
    assert not panel.view.isExpanded(panel.model.index(1, 0))  # discharged: folded away


def test_due_flags_name_what_to_do_and_clear_when_done(qtbot, clock, clinic, admin, patient,
                                                      make_panel):
    current = episode(clinic, admin, patient, "Right Achilles pain, Oct 2026", date(2026, 10, 20))
    note(clinic, admin, current.id, NoteKind.EVALUATION, date(2026, 10, 20), signed=True)
    draft = note(clinic, admin, current.id, NoteKind.DAILY, date(2026, 11, 24))
    panel = make_panel()
    assert panel.model.index(0, EpisodeColumn.DUE).data() == "⚠ 1 unsigned · Re-evaluation due"
    assert panel.model.index(0, EpisodeColumn.DUE).data(Qt.ItemDataRole.ToolTipRole) == (
        "Daily note, 24 Nov 2026 is not signed\nRe-evaluation due (last evaluation 20 Oct 2026)")
    assert due_box(panel).text() == (
        "⚠ Due for Right Achilles pain, Oct 2026:\n"
        "•  Daily note, 24 Nov 2026 is not signed\n"
        "•  Re-evaluation due (last evaluation 20 Oct 2026)")
    signed = clinic.notes.sign(admin, draft.id, "PT", draft.version)
    note(clinic, admin, current.id, NoteKind.REEVALUATION, date(2026, 11, 27), signed=True)
    panel.refresh_episode(signed.episode_id)
    assert panel.model.index(0, EpisodeColumn.DUE).data() == ""
    assert due_box(panel).text() == "Nothing due for Right Achilles pain, Oct 2026."


def test_an_episode_without_an_evaluation_says_so(clinic, admin, patient, make_panel):
    episode(clinic, admin, patient, "Right Achilles pain, Nov 2026", TODAY)
    panel = make_panel()
    assert panel.model.index(0, EpisodeColumn.DUE).data() == "⚠ No evaluation yet"


# --- notes ---------------------------------------------------------------------------------------

@pytest.fixture
def current(clinic, admin, patient):
    made = episode(clinic, admin, patient, "Right Achilles pain, Nov 2026", date(2026, 11, 3))
    note(clinic, admin, made.id, NoteKind.EVALUATION, date(2026, 11, 3), signed=True)
    return made


def test_enter_on_a_note_opens_its_editor_and_opening_again_brings_the_same_window(
        qtbot, clinic, admin, current, make_panel):
    from keystone_desk.ui.charting.note_editor import NoteEditor

    draft = note(clinic, admin, current.id, NoteKind.DAILY, date(2026, 11, 20))
    panel = make_panel()
    index = panel.model.index_of_note(draft.id)
    panel.view.setCurrentIndex(index)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    editor = panel.editor_for(draft.id)
    assert isinstance(editor, NoteEditor) and editor.isVisible() and editor.isWindow()
    click(qtbot, panel, "Open note")
    assert panel.editor_for(draft.id) is editor
    assert len([w for w in QApplication.topLevelWidgets()
                if isinstance(w, NoteEditor) and w.isVisible()]) == 1
    editor.close()
    assert panel.close_windows()


def test_double_click_on_a_note_opens_it(qtbot, current, make_panel):
    panel = make_panel()
    evaluation = panel.model.index(0, 0, panel.model.index(0, 0))
    rect = panel.view.visualRect(evaluation)
    # QTest's double click is only the second press: a person's first click comes before it.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.editor_for(evaluation.data(NoteRole).id).isVisible()


def test_daily_note_copies_objective_and_plan_forward_from_the_last_visit(
        qtbot, clinic, admin, current, make_panel):
    last = note(clinic, admin, current.id, NoteKind.DAILY, date(2026, 11, 20), signed=True,
                content={"subjective": "Sore after hills", "objective": "Heel raises 3x15",
                         "plan": "Add eccentric drops"})
    panel = make_panel()
    click(qtbot, panel, "Daily note")
    notes = clinic.notes.for_episode(current.id)
    new = max(notes, key=lambda n: n.id)
    assert new.kind is NoteKind.DAILY and new.header.visit_date == TODAY
    assert dict(new.content) == {"objective": "Heel raises 3x15", "plan": "Add eccentric drops"}
    assert panel.selected_note().id == new.id
    assert panel.editor_for(new.id).isVisible()
    status = panel.findChild(QLabel, "panel_status")
    assert status.text() == (f"Daily note, 27 Nov 2026 started; objective and plan copied "
                             f"forward from {last.title}.")
    assert rows(panel, panel.model.index(0, 0))[0] == (
        "Daily note", "27 Nov 2026", "Draft", "Not signed", "")


def test_first_daily_note_starts_empty(qtbot, clinic, current, make_panel):
    panel = make_panel()
    click(qtbot, panel, "Daily note")
    new = max(clinic.notes.for_episode(current.id), key=lambda n: n.id)
    assert dict(new.content) == {}
    assert panel.findChild(QLabel, "panel_status").text() == "Daily note, 27 Nov 2026 started."


@pytest.mark.parametrize(("button", "kind"), [
    ("Progress note", NoteKind.PROGRESS), ("Re-evaluation", NoteKind.REEVALUATION),
])
def test_note_buttons_start_that_kind_of_note(qtbot, clinic, current, make_panel, button,
                                              kind):
    panel = make_panel()
    click(qtbot, panel, button)
    new = max(clinic.notes.for_episode(current.id), key=lambda n: n.id)
    assert new.kind is kind and not new.is_signed
    assert panel.editor_for(new.id) is not None


def test_a_saved_note_refreshes_its_episode(qtbot, clinic, admin, current, make_panel):
    draft = note(clinic, admin, current.id, NoteKind.DAILY, date(2026, 11, 20))
    panel = make_panel()
    editor = panel.open_note(draft.id)
    signed = clinic.notes.sign(admin, draft.id, "PT", draft.version)
    editor.note_signed.emit(signed)
    assert rows(panel, panel.model.index(0, 0))[0][2] == "Signed"
    assert panel.model.index(0, EpisodeColumn.DUE).data() == ""


def test_new_evaluation_starts_on_the_chosen_template(qtbot, clinic, admin, patient, make_panel):
    from keystone_desk.ui.charting.episode_dialogs import EvaluationTemplateDialog

    made = episode(clinic, admin, patient, "Right Achilles pain, Nov 2026", TODAY)
    panel = make_panel()
    click(qtbot, panel, "New evaluation…")
    dialog = panel.findChild(EvaluationTemplateDialog)
    template = input_labelled(dialog, "Template")
    names = [template.itemText(i) for i in range(template.count())]
    assert template.currentText() == clinic.templates.get("achilles-running").name
    assert clinic.templates.get("general-lower-extremity").name in names
    template.setCurrentIndex(names.index(clinic.templates.get("general-lower-extremity").name))
    click(qtbot, dialog, "Start evaluation")
    [evaluation] = clinic.notes.for_episode(made.id)
    assert (evaluation.kind, evaluation.template_id) == (NoteKind.EVALUATION,
                                                         "general-lower-extremity")
    assert panel.editor_for(evaluation.id).isVisible()
    assert panel.model.index(0, EpisodeColumn.DUE).data() == "⚠ 1 unsigned"


def test_a_second_evaluation_is_asked_about_first(qtbot, monkeypatch, clinic, current,
                                                 make_panel):
    from keystone_desk.ui.charting.episode_dialogs import EvaluationTemplateDialog

    panel = make_panel()
    asked = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, accept, **kw: asked.append(text) or False)
    click(qtbot, panel, "New evaluation…")
    assert asked == ["Right Achilles pain, Nov 2026 already has an initial evaluation "
                     "(3 Nov 2026). Start another?"]
    assert panel.findChild(EvaluationTemplateDialog) is None
    assert len(clinic.notes.for_episode(current.id)) == 1


def test_outcome_measures_open_in_one_window_per_episode(qtbot, current, make_panel):
    from keystone_desk.ui.charting.measures import MeasureHistoryView

    panel = make_panel()
    click(qtbot, panel, "Outcome measures")
    window = panel.measures_window_for(current.id)
    assert window.isVisible() and window.isWindow()
    assert window.windowTitle() == "Outcome measures — Right Achilles pain, Nov 2026"
    [view] = window.findChildren(MeasureHistoryView)
    assert view.episode_id == current.id
    click(qtbot, panel, "Outcome measures")
    assert panel.measures_window_for(current.id) is window
    assert panel.close_windows() and not window.isVisible()


# --- discharge -----------------------------------------------------------------------------------

def test_discharge_asks_then_closes_the_episode(qtbot, monkeypatch, clinic, current,
                                                make_panel):
    panel = make_panel()
    asked = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, accept, **kw: asked.append(text) or True)
    click(qtbot, panel, "Discharge episode…")
    assert asked == ["Discharge Right Achilles pain, Nov 2026 on 27 Nov 2026?"]
    saved = clinic.episodes.get(current.id)
    assert saved.status.value == "discharged" and saved.closed_on == TODAY
    assert rows(panel)[0][1:3] == ("3 Nov 2026 – 27 Nov 2026", "Discharged · 1 note")
    assert not button_named(panel, "Daily note").isEnabled()
    assert due_box(panel).text() == "Right Achilles pain, Nov 2026: discharged 27 Nov 2026."


def test_signing_a_discharge_summary_offers_to_discharge_on_its_visit_date(
        qtbot, monkeypatch, clinic, admin, current, make_panel):
    panel = make_panel()
    click(qtbot, panel, "Discharge summary")
    summary = panel.selected_note()
    assert summary.kind is NoteKind.DISCHARGE
    editor = panel.editor_for(summary.id)
    asked = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, accept, **kw: asked.append(accept) or True)
    editor.note_signed.emit(clinic.notes.sign(admin, summary.id, "PT", summary.version))
    assert asked == ["Discharge"]
    assert clinic.episodes.get(current.id).closed_on == TODAY


def test_declining_the_discharge_keeps_the_episode_open(qtbot, monkeypatch, clinic, current,
                                                       make_panel):
    panel = make_panel()
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: False)
    click(qtbot, panel, "Discharge episode…")
    assert clinic.episodes.get(current.id).status.value == "open"
    assert button_named(panel, "Daily note").isEnabled()


# --- the model -----------------------------------------------------------------------------------

def test_episode_tree_model_keeps_the_qt_model_contract(qtmodeltester, clinic, admin, patient):
    first = episode(clinic, admin, patient, "Left calf strain, Mar 2025", date(2025, 3, 4))
    note(clinic, admin, first.id, NoteKind.EVALUATION, date(2025, 3, 4), signed=True)
    second = episode(clinic, admin, patient, "Right Achilles pain, Oct 2026", date(2026, 10, 20))
    for day in (20, 27):
        note(clinic, admin, second.id, NoteKind.DAILY, date(2026, 10, day))
    model = EpisodeTreeModel()
    episodes = clinic.episodes.for_patient(patient.id)
    model.set_episodes(episodes, {e.id: clinic.episodes.due(e, TODAY) for e in episodes})
    qtmodeltester.check(model)
    note(clinic, admin, first.id, NoteKind.DAILY, date(2025, 3, 11))
    model.put_episode(clinic.episodes.get(first.id), [])
    third = episode(clinic, admin, patient, "Right hamstring, Nov 2026", TODAY)
    model.put_episode(clinic.episodes.get(third.id), [])
    assert [e.title for e in model.episodes] == [
        "Right hamstring, Nov 2026", "Right Achilles pain, Oct 2026",
        "Left calf strain, Mar 2025"]
    assert model.rowCount(model.index(2, 0)) == 2
    qtmodeltester.check(model)

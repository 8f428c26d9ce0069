"""PlanOfCareWindow: a new plan from the evaluation's diagnosis, live visit figures, the
certification rule beside its field, measurable goals checked against the chart, applying a
protocol to the home-program draft, edit conflicts between two windows, and unsaved changes.
Modal questions are stubbed at `PlanOfCareWindow._ask`; tests check the screen and the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.plan_goals import Comparator, GoalKind, GoalStatus, GoalTarget, GoalTerm
from keystone_desk.domain.plans import Diagnosis, Frequency, PlanContent
from keystone_desk.ui.plans.goal_dialogs import GoalDialog, GoalStatusDialog
from keystone_desk.ui.plans.goal_model import GoalColumn, GoalTableModel
from keystone_desk.ui.plans.list_model import RecordListModel
from keystone_desk.ui.plans.plan_window import PlanOfCareWindow
from keystone_desk.ui.questions import Answer
from tests.measure_fixtures import VISA_A_EXAMPLE, open_episode
from tests.ui.find_widgets import button_named, input_labelled
from tests.ui.plan_driver import (
    Answers,
    choose,
    click,
    message_beside,
    pick_date,
    set_number,
    sign_note,
    type_into,
)

TODAY = date(2026, 11, 27)  # the fixed clock's day
EVALUATION = {"involved_side": "right", "heel_raise": {"left": 27, "right": 19},
              "tendinopathy_site": "midportion",
              "diagnosis": {"condition": "midportion_tendinopathy", "side": "right",
                            "icd10": "M76.61"}}
VISA_A_ALL_GOOD = {"1": 10, "2": 10, "3": 10, "4": 10, "5": 10, "6": 10, "7": 10, "8A": 30}


@pytest.fixture
def episode_id(clinic, admin):
    return open_episode(clinic, admin)


@pytest.fixture
def open_window(qtbot, therapist, monkeypatch, no_dialogs):
    """Opens the plan of care as the signed-in therapist sees it."""
    windows: list[PlanOfCareWindow] = []

    def open_(episode: int) -> PlanOfCareWindow:
        window = PlanOfCareWindow(therapist, episode)
        monkeypatch.setattr(window, "_ask", Answers())  # any question fails the test
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return window

    yield open_
    for window in windows:  # tidying up is not a question the test forgot
        monkeypatch.setattr(window, "_ask", lambda question: Answer.DISCARD)
        window.close()
        window.deleteLater()


def answer(monkeypatch, window, *answers: Answer) -> Answers:
    stub = Answers(*answers)
    monkeypatch.setattr(window, "_ask", stub)
    return stub


def figure(window, name: str) -> str:
    from PySide6.QtWidgets import QLabel

    return window.findChild(QLabel, name).text()


def chart_column(window) -> dict[str, str]:
    """Goal description → what the 'From the chart' column says."""
    model = window.goals.model
    return {model.index(r, GoalColumn.GOAL).data(): model.index(r, GoalColumn.CHART).data()
            for r in range(model.rowCount())}


# ----- the plan

def test_a_new_plan_takes_the_evaluation_diagnosis_and_is_created_on_save(
        qtbot, clinic, admin, episode_id, open_window):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    assert "nothing is saved until you save" in window._state.text()
    diagnoses = input_labelled(window, "From the evaluation")
    assert diagnoses.currentText() == "M76.61 — Achilles tendinopathy, midportion, right"
    assert window.content().diagnoses == (
        Diagnosis("M76.61", "Achilles tendinopathy, midportion, right"),)
    type_into(qtbot, window, "Problem", "Pain with running over 5 km", leave=False)
    click(qtbot, window, "Add problem")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    plan = clinic.plans.for_episode(episode_id)
    assert plan is not None and plan.version == 1
    assert plan.content.problems == ("Pain with running over 5 km",)
    assert plan.content.diagnoses[0].icd10 == "M76.61"
    assert window.findChild(type(window._status), "saveStatus").text().startswith("Saved at")
    assert not window.is_dirty()


def test_a_typed_icd10_code_is_checked_beside_the_field(qtbot, episode_id, open_window):
    window = open_window(episode_id)
    type_into(qtbot, window, "ICD-10 code", "tendinitis", leave=False)
    assert "is not an ICD-10-CM code" in message_beside(window, "ICD-10 code")
    click(qtbot, window, "Add diagnosis")
    assert window.content().diagnoses == ()
    input_labelled(window, "ICD-10 code").clear()
    type_into(qtbot, window, "ICD-10 code", "m76.62", leave=False)
    assert message_beside(window, "ICD-10 code") == ""
    type_into(qtbot, window, "Description", "Achilles tendinitis, left leg", leave=False)
    click(qtbot, window, "Add diagnosis")
    assert window.content().diagnoses == (Diagnosis("M76.62", "Achilles tendinitis, left leg"),)


def test_frequency_gives_planned_visits_and_used_counts_signed_visits(
        qtbot, clinic, admin, episode_id, open_window):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    for day in (date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 12)):
        sign_note(clinic, admin, episode_id, NoteKind.DAILY, day, {"subjective": "Better."},
                  template_id="")
    clinic.notes.create(admin, episode_id, NoteKind.DAILY)  # a draft is not a visit yet
    window = open_window(episode_id)
    assert figure(window, "planned_visits") == "—"
    set_number(qtbot, window, "Visits a week", 2)
    assert "Give both" in message_beside(window, "For how long")
    set_number(qtbot, window, "For how long", 6)
    assert message_beside(window, "For how long") == ""
    assert (figure(window, "planned_visits"), figure(window, "visits_used"),
            figure(window, "visits_left")) == ("12", "3", "9")
    assert figure(window, "reevaluation_due") == "2 Dec 2026"  # 30 days after the evaluation
    assert window.save()
    assert clinic.plans.for_episode(episode_id).content.frequency == Frequency(2, 6)
    assert clinic.plans.summary(episode_id).planned_visits == 12


def test_a_certification_over_90_days_is_refused_with_the_reason_beside_the_end(
        qtbot, clinic, episode_id, open_window):
    window = open_window(episode_id)
    click(qtbot, window, "Record a certification period")
    pick_date(window, "Starts", date(2026, 11, 2))
    pick_date(window, "Ends", date(2027, 3, 1))
    assert "at most 90 days (120 given)" in message_beside(window, "Ends")
    assert "Awaiting physician certification (due by 02 Dec 2026)" in \
        window.findChild(type(window._status), "certification_flags").text()
    assert not window.save()
    assert clinic.plans.for_episode(episode_id) is None
    assert "Certification period" in window._summary.text()
    assert window.content().certification.end == date(2027, 3, 1)  # kept as picked
    pick_date(window, "Ends", date(2027, 1, 30))
    assert message_beside(window, "Ends") == "90 days (at most 90)"
    type_into(qtbot, window, "Physician", "Dr. Amara Okafor")
    pick_date(window, "Certified on", date(2026, 12, 10))  # after the 30 days: late
    assert "Certified late on 10 Dec 2026" in \
        window.findChild(type(window._status), "certification_flags").text()
    assert window.save()
    saved = clinic.plans.for_episode(episode_id).content.certification
    assert (saved.days, saved.physician_name) == (90, "Dr. Amara Okafor")


def test_interventions_are_ticked_by_cpt_code(qtbot, clinic, episode_id, open_window):
    window = open_window(episode_id)
    for text in ("97110  Therapeutic exercise", "97140  Manual therapy"):
        click(qtbot, window, text)
    assert window.save()
    assert [i.cpt_code for i in clinic.plans.for_episode(episode_id).content.interventions] \
        == ["97110", "97140"]


# ----- goals

def test_a_measurable_visa_a_goal_is_checked_against_recorded_scores(
        qtbot, clinic, admin, episode_id, open_window):
    window = open_window(episode_id)
    click(qtbot, window, "Add goal…")  # a new plan is saved first: goals belong to a plan
    dialog = window.goals.dialog()
    assert isinstance(dialog, GoalDialog)
    assert clinic.plans.for_episode(episode_id) is not None
    assert input_labelled(dialog, "Kind of goal").currentText() == "Outcome measure score"
    assert input_labelled(dialog, "Measure").currentText() == "VISA-A"
    type_into(qtbot, dialog, "Target", "120")
    assert message_beside(dialog, "Target") == "The VISA-A score runs from 0 to 100."
    input_labelled(dialog, "Target").clear()
    type_into(qtbot, dialog, "Target", "80")
    assert message_beside(dialog, "Target") == ""
    assert input_labelled(dialog, "Description").text() == "VISA-A ≥ 80"
    choose(dialog, "Term", "Long-term")
    click(qtbot, dialog, "Add goal")
    assert not dialog.isVisible()
    goal = clinic.plans.for_episode(episode_id).goals[0]
    assert (goal.target.measure_id, goal.target.comparator, goal.target.target_value) == (
        "visa-a", Comparator.AT_LEAST, 80)
    assert goal.target.target_date == TODAY + timedelta(weeks=12)
    assert chart_column(window) == {"VISA-A ≥ 80": "Nothing recorded yet"}

    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 11, 2), VISA_A_EXAMPLE)
    window.refresh_chart()
    assert chart_column(window) == {"VISA-A ≥ 80": "Not yet (VISA-A 54)"}
    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 11, 26), VISA_A_ALL_GOOD)
    window.refresh_chart()
    assert chart_column(window) == {"VISA-A ≥ 80": "Met on 26 Nov (VISA-A 100)"}


def test_a_heel_raise_goal_reads_the_signed_evaluation(qtbot, clinic, admin, episode_id,
                                                       open_window):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    click(qtbot, window, "Add goal…")
    dialog = window.goals.dialog()
    choose(dialog, "Kind of goal", "Test result on one side")
    choose(dialog, "Test", "Single-leg heel raise")
    choose(dialog, "Side", "Right")
    type_into(qtbot, dialog, "Target", "25")
    assert input_labelled(dialog, "Description").text() == "Single-leg heel raise, right: ≥ 25 reps"
    click(qtbot, dialog, "Add goal")
    assert chart_column(window) == {"Single-leg heel raise, right: ≥ 25 reps": "Not yet (right 19)"}


def test_a_goal_is_edited_over_the_version_it_was_read(qtbot, clinic, admin, episode_id,
                                                       open_window):
    plan = clinic.plans.create(admin, episode_id)
    clinic.plans.add_goal(admin, plan.id, GoalTarget(
        GoalTerm.LONG, GoalKind.MEASURE_SCORE, "VISA-A ≥ 80", 80, Comparator.AT_LEAST, "points",
        date(2027, 1, 30), measure_id="visa-a"))
    window = open_window(episode_id)
    window.goals.view.selectRow(0)
    click(qtbot, window, "Edit goal…")
    dialog = window.goals.dialog()
    assert input_labelled(dialog, "Target").text() == "80"
    input_labelled(dialog, "Target").clear()
    type_into(qtbot, dialog, "Target", "85")
    assert input_labelled(dialog, "Description").text() == "VISA-A ≥ 80"  # typed words stay
    input_labelled(dialog, "Description").setText("VISA-A ≥ 85")
    click(qtbot, dialog, "Save goal")
    goal = clinic.plans.for_episode(episode_id).goals[0]
    assert (goal.target.target_value, goal.target.description, goal.version) == (
        85, "VISA-A ≥ 85", 2)
    assert window.goals.selected_goal().id == goal.id


def test_a_discontinued_goal_needs_a_reason_and_is_kept(qtbot, clinic, admin, episode_id,
                                                        open_window):
    plan = clinic.plans.create(admin, episode_id)
    clinic.plans.add_goal(admin, plan.id, GoalTarget(
        GoalTerm.LONG, GoalKind.ACTIVITY, "Run 5 km with pain ≤ 2/10", 2, Comparator.AT_MOST,
        "/10 pain", date(2027, 1, 30)))
    window = open_window(episode_id)
    assert chart_column(window) == {"Run 5 km with pain ≤ 2/10": "Therapist's judgement"}
    window.goals.view.selectRow(0)
    click(qtbot, window, "Change status…")
    dialog = window.goals.dialog()
    assert isinstance(dialog, GoalStatusDialog)
    choose(dialog, "Status", "Discontinued")
    click(qtbot, dialog, "Change status")
    assert message_beside(dialog, "Reason") == "Say why the goal is discontinued."
    type_into(qtbot, dialog, "Reason", "Now aims for cycling", leave=False)
    click(qtbot, dialog, "Change status")
    goal = clinic.plans.for_episode(episode_id).goals[0]
    assert (goal.status, goal.status_note) == (GoalStatus.DISCONTINUED, "Now aims for cycling")
    status = window.goals.model.index(0, GoalColumn.STATUS)
    assert status.data() == "Discontinued: Now aims for cycling"
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None


# ----- protocols

def test_applying_alfredson_puts_the_heel_drops_in_the_home_program_draft(
        qtbot, clinic, admin, episode_id, open_window, monkeypatch):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    click(qtbot, window, "Apply protocol…")
    dialog = window.protocol_dialog()
    dialog.select("alfredson-eccentric")
    assert "Alfredson" in dialog._details.toPlainText()
    assert "Today is in phase 1" in message_beside(dialog, "Start date")
    click(qtbot, dialog, "Apply protocol")
    assert window.protocol_dialog() is None
    program = clinic.home_programs.for_episode(episode_id)
    drops = {i.exercise_id: i for i in program.items}
    assert set(drops) == {"heel-drop-straight-knee-step", "heel-drop-bent-knee-step"}
    for item in drops.values():
        assert (item.dosage.sets, item.dosage.reps, item.dosage.times_per_day,
                item.dosage.days_per_week) == (3, 15, 2, 7)
    assert "Phase 1, Eccentric loading" in window._protocol.summary_text()
    shown = [window._protocol.items_model.index(r).data()
             for r in range(window._protocol.items_model.rowCount())]
    assert all("3 sets × 15 reps · 2× a day · every day" in line for line in shown)
    assert "phase 1" in window._status.text()

    # A second protocol asks before replacing the first one's exercises.
    click(qtbot, window, "Apply protocol…")
    dialog = window.protocol_dialog()
    dialog.select("silbernagel-combined")
    asked = answer(monkeypatch, window, Answer.CANCEL)
    click(qtbot, dialog, "Apply protocol")
    assert "Alfredson eccentric heel drops" in asked.texts[0]
    assert clinic.plans.for_episode(episode_id).content.protocol.protocol_id == \
        "alfredson-eccentric"
    answer(monkeypatch, window, Answer.REPLACE)
    click(qtbot, dialog, "Apply protocol")
    assert clinic.plans.for_episode(episode_id).content.protocol.protocol_id == \
        "silbernagel-combined"
    assert "heel-drop-straight-knee-step" not in {
        i.exercise_id for i in clinic.home_programs.for_episode(episode_id).items}


def test_applying_a_protocol_keeps_unsaved_edits_on_screen(qtbot, clinic, admin, episode_id,
                                                           open_window):
    clinic.plans.create(admin, episode_id, PlanContent(frequency=Frequency(2, 6)))
    window = open_window(episode_id)
    set_number(qtbot, window, "Visits a week", 3)
    click(qtbot, window, "Apply protocol…")
    click(qtbot, window.protocol_dialog(), "Apply protocol")
    assert window.is_dirty() and window.content().frequency == Frequency(3, 6)
    assert window.save()  # over the version applying the protocol wrote: no conflict
    saved = clinic.plans.for_episode(episode_id)
    assert saved.content.frequency == Frequency(3, 6) and saved.content.protocol is not None


# ----- two windows, closing

def test_a_plan_saved_in_another_window_is_a_conflict_settled_by_the_person(
        qtbot, clinic, admin, episode_id, open_window, monkeypatch):
    clinic.plans.create(admin, episode_id, PlanContent(problems=("Pain running",)))
    first, second = open_window(episode_id), open_window(episode_id)
    type_into(qtbot, first, "Problem", "Stiff in the morning", leave=False)
    click(qtbot, first, "Add problem")
    assert first.save()
    type_into(qtbot, second, "Problem", "Cannot hop", leave=False)
    click(qtbot, second, "Add problem")
    asked = answer(monkeypatch, second, Answer.RELOAD)
    assert not second.save()
    assert asked.questions[0].title == "Someone else changed this plan"
    assert second.content().problems == ("Pain running", "Stiff in the morning")
    assert not second.is_dirty()

    type_into(qtbot, first, "Problem", "Calf weakness", leave=False)
    click(qtbot, first, "Add problem")
    type_into(qtbot, second, "Problem", "Cannot hop", leave=False)
    click(qtbot, second, "Add problem")
    assert first.save()
    answer(monkeypatch, second, Answer.KEEP_MINE)
    assert second.save()
    saved = clinic.plans.for_episode(episode_id)
    assert saved.version == 4
    assert saved.content.problems == ("Pain running", "Stiff in the morning", "Cannot hop")


def test_unsaved_changes_are_guarded_on_close(qtbot, clinic, episode_id, open_window,
                                              monkeypatch):
    window = open_window(episode_id)
    window.close()  # nothing typed: closes without asking
    assert not window.isVisible()
    window = open_window(episode_id)
    set_number(qtbot, window, "Visits a week", 2)
    set_number(qtbot, window, "For how long", 4)
    asked = answer(monkeypatch, window, Answer.CANCEL)
    window.close()
    assert window.isVisible() and asked.questions[0].title == "Unsaved changes"
    answer(monkeypatch, window, Answer.SAVE)
    window.close()
    assert not window.isVisible()
    assert clinic.plans.for_episode(episode_id).content.frequency == Frequency(2, 4)


def test_the_episodes_panel_opens_one_plan_window_per_episode(qtbot, clinic, admin, therapist,
                                                              settings, no_dialogs):
    from keystone_desk.ui.charting.episodes_panel import EpisodesPanel

    episode_id = open_episode(clinic, admin)
    patient = clinic.patients.get(clinic.episodes.get(episode_id).patient_id)
    panel = EpisodesPanel(therapist, patient, lambda: TODAY, settings=settings)
    qtbot.addWidget(panel)
    panel.show()
    panel.view.select_episode(episode_id)
    click(qtbot, panel, "Plan of care…")
    window = panel.plan_window_for(episode_id)
    assert isinstance(window, PlanOfCareWindow) and window.isVisible()
    click(qtbot, panel, "Plan of care…")
    assert panel.plan_window_for(episode_id) is window
    click(qtbot, panel, "Return to running…")
    assert panel.return_to_run_window_for(episode_id).isVisible()
    assert button_named(panel, "Plan of care…").isEnabled()
    assert panel.close_windows()


# ----- models

def test_the_plan_window_fits_a_1366_by_768_screen_and_scrolls_inside(qtbot, clinic, admin,
                                                                        episode_id, open_window):
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QScrollArea

    from keystone_desk.ui.plans.plan_window import DEFAULT_SIZE
    from keystone_desk.ui.screen_fit import fit_to_screen

    window = open_window(episode_id)
    assert DEFAULT_SIZE[0] <= 1340 and DEFAULT_SIZE[1] <= 720
    fit_to_screen(window, *DEFAULT_SIZE, area=QRect(0, 0, 1366, 768 - 28))
    qtbot.waitUntil(lambda: window.height() <= 720)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1340 and hint.height() <= 720, f"cannot shrink below {hint}"
    for name in ("Save", "Close"):  # the buttons stay on screen; the sections scroll
        button = button_named(window, name)
        bottom = button.mapTo(window, QPoint(0, button.height())).y()
        assert button.isVisible() and bottom <= window.height()
    scroll = window.findChild(QScrollArea)
    assert scroll.widget().sizeHint().height() > scroll.viewport().height()
    assert scroll.verticalScrollBar().maximum() > 0


def test_the_goal_and_list_models_keep_the_qt_model_contract(qtmodeltester, clinic, admin,
                                                             episode_id):
    plan = clinic.plans.create(admin, episode_id)
    for n, kind in enumerate(GoalKind):
        clinic.plans.add_goal(admin, plan.id, GoalTarget(
            GoalTerm.SHORT, kind, f"Goal {n}", 10 + n, Comparator.AT_LEAST, "reps",
            date(2026, 12, 20), measure_id="visa-a" if kind is GoalKind.MEASURE_SCORE else "",
            test_field="heel_raise" if kind is GoalKind.TEST_COUNT else "",
            side="right" if kind is GoalKind.TEST_COUNT else ""))
    model = GoalTableModel()
    model.set_rows(clinic.plans.for_episode(episode_id).goals,
                   clinic.plans.check_goals(episode_id))
    qtmodeltester.check(model)
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    lines = RecordListModel(str)
    lines.set_rows(["Pain running", "Stiff mornings"])
    qtmodeltester.check(lines)

"""ReturnToRunWindow, signed in as a therapist: entry criteria read from the signed chart (unmet
ones listed, the walking answer typed here), the therapist's confirmation that the runner is ready
(criteria met, or a reason to start anyway) before any calendar is planned or printed, planning
the walk-run calendar, recording runs with the decision in plain words, marking a run in error,
and the models' contract (qtmodeltester). Questions go through `messages`, stubbed here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.home_programs import RUN_CALENDAR_OPTION
from keystone_desk.domain.return_to_run import LAST_STAGE, build_calendar, calendar_to_json
from keystone_desk.domain.users import Role
from keystone_desk.services.session import ClinicSession
from keystone_desk.ui import messages
from keystone_desk.ui.plans.entry_criteria import EntryCriteriaView
from keystone_desk.ui.plans.run_dialogs import (
    PlanRunDialog,
    ReadinessDialog,
    RecordRunDialog,
    RunInErrorDialog,
)
from keystone_desk.ui.plans.run_models import (
    CalendarColumn,
    RunCalendarModel,
    RunColumn,
    RunLogModel,
)
from keystone_desk.ui.plans.run_window import ReturnToRunWindow
from tests.measure_fixtures import open_episode
from tests.ui.find_widgets import button_named, input_labelled
from tests.ui.plan_driver import choose, click, message_beside, pick_date, set_number, sign_note

TODAY = date(2026, 11, 27)  # the fixed clock's day
# Like the demo runners: right midportion, weak right calf (19 vs 27), hops hurt.
EVALUATION = {"involved_side": "right", "morning_stiffness_min": 30,
              "heel_raise": {"left": 27, "right": 19}, "hop_count": {"left": 20, "right": 12},
              "hop_pain": {"left": 0, "right": 4}}
READY = {"morning_stiffness_min": 5, "heel_raise": {"left": 28, "right": 26},
         "hop_count": {"left": 20, "right": 20}, "hop_pain": {"left": 0, "right": 1}}


@pytest.fixture
def episode_id(clinic, admin):
    return open_episode(clinic, admin)


@pytest.fixture
def ready_episode(clinic, admin, episode_id):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 10, 1), EVALUATION)
    sign_note(clinic, admin, episode_id, NoteKind.REEVALUATION, date(2026, 11, 20), READY)
    return episode_id


@pytest.fixture
def therapist(signed_in) -> ClinicSession:
    return signed_in(Role.THERAPIST, "jo", "Jo Park")


@pytest.fixture
def open_window(qtbot, therapist, no_dialogs):
    """The window as the app opens it: on a session signed in as the therapist."""
    def open_(episode: int, session: ClinicSession | None = None) -> ReturnToRunWindow:
        window = ReturnToRunWindow(session or therapist, episode)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


@pytest.fixture
def confirmations(monkeypatch):
    """Stands in for the person answering confirmations, in order; records what was asked."""
    asked: list[str] = []
    answers: list[bool] = []

    def confirm(parent, title, text, accept_label, **kw):
        asked.append(text)
        assert answers, f"unexpected question: {title}: {text}"
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked, answers


def criterion(window: ReturnToRunWindow, criterion_id: str) -> str:
    return window.criteria.criterion_label(criterion_id).accessibleName()


def confirm_ready(qtbot, window: ReturnToRunWindow, reason: str = "") -> ReadinessDialog:
    """Click "Confirm ready to run…", type the reason when one is asked for, confirm."""
    click(qtbot, window, "Confirm ready to run…")
    dialog = window.dialog()
    assert isinstance(dialog, ReadinessDialog)
    if reason:
        qtbot.keyClicks(input_labelled(dialog, "Reason to start anyway"), reason)
    click(qtbot, dialog, "Confirm ready")
    return dialog


def handout_text(clinic, episode_id: int) -> str:
    """What the home-program preview prints for the episode's draft."""
    from io import BytesIO

    from pypdf import PdfReader

    program = clinic.home_programs.for_episode(episode_id)
    data = clinic.handouts.draft_pdf(program.id)
    return " ".join((page.extract_text() or "") for page in PdfReader(BytesIO(data)).pages)


def plan_progression(qtbot, window: ReturnToRunWindow, start: date = TODAY) -> None:
    click(qtbot, window, "Plan walk-run progression…")
    dialog = window.dialog()
    assert isinstance(dialog, PlanRunDialog)
    pick_date(dialog, "First run on", start)
    click(qtbot, dialog, "Plan progression")
    assert window.dialog() is None


def record_run(qtbot, window: ReturnToRunWindow, pain: int, *, worse: str = "No",
               limping: str = "No", on: date = TODAY) -> None:
    click(qtbot, window, "Record a run…")
    dialog = window.dialog()
    assert isinstance(dialog, RecordRunDialog)
    pick_date(dialog, "Date of the run", on)
    set_number(qtbot, dialog, "Pain during the run", pain)
    choose(dialog, "Worse the next morning", worse)
    choose(dialog, "Limping", limping)
    click(qtbot, dialog, "Record run")
    assert window.dialog() is None


# ----- entry criteria

def test_unmet_criteria_are_listed_with_the_values_the_chart_holds(clinic, admin, episode_id,
                                                                   open_window):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    assert criterion(window, "heel_raises") == (
        "Heel raises: Left 27, right 19 reps (LSI 70.4 %) — needs ≥ 25 single-leg heel raises "
        "on the involved leg, or limb symmetry ≥ 90 %")
    assert criterion(window, "hops") .startswith("Hopping: Right: 12 hops, pain 4/10 — needs")
    assert criterion(window, "walking") == ("Walking: Not recorded — needs walks 30 min "
                                            "without pain")
    verdict = window.criteria.verdict_text()
    assert verdict.startswith("Not ready to start running yet.")
    assert "\u2717 Not met: Hopping, Heel raises" in verdict
    assert "? Not recorded: Walking, Morning stiffness" in verdict
    assert "Initial evaluation, 02 Nov 2026" in window.criteria._sources.text()


def test_the_walking_answer_and_a_better_chart_make_the_runner_ready(qtbot, ready_episode,
                                                                     open_window):
    window = open_window(ready_episode)
    assert "? Not recorded: Walking" in window.criteria.verdict_text()
    set_number(qtbot, window, "Walks without pain for", 20)
    assert "\u2717 Not met: Walking" in window.criteria.verdict_text()
    set_number(qtbot, window, "Walks without pain for", 30)
    assert window.criteria.verdict_text() == "\u2713 Ready to start the walk-run progression."
    assert criterion(window, "stiffness").startswith("Morning stiffness: Better: 30 → 5 min")
    assert window.criteria.check().ready


# ----- the calendar

def test_planning_shows_nine_stages_on_alternate_days_in_the_home_program(
        qtbot, clinic, ready_episode, open_window):
    window = open_window(ready_episode)
    set_number(qtbot, window, "Walks without pain for", 30)
    confirm_ready(qtbot, window)
    plan_progression(qtbot, window, TODAY + timedelta(days=1))
    model = window.calendar_model
    rows = [(model.index(r, CalendarColumn.DATE).data(), model.index(r, CalendarColumn.STAGE)
             .data()) for r in range(model.rowCount())]
    assert len(rows) == 18 and [s for _, s in rows] == [str(n) for n in range(1, 10)
                                                       for _ in range(2)]
    assert rows[0][0] == "Sat 28 Nov 2026" and rows[1][0] == "Mon 30 Nov 2026"
    sessions = clinic.home_programs.for_episode(ready_episode).run_calendar.sessions
    assert all((b.on - a.on).days == 2 for a, b in zip(sessions, sessions[1:], strict=False))
    assert {s.stage for s in sessions} == set(range(1, LAST_STAGE + 1))
    first = model.index(0, CalendarColumn.WALK)
    assert (first.data(), model.index(0, CalendarColumn.RUN_MINUTES).data(),
            model.index(0, CalendarColumn.REPEATS).data()) == ("4 min", "1 min", "× 6")
    assert first.data(Qt.ItemDataRole.BackgroundRole) is not None  # stage 1: the current one
    assert model.index(2, CalendarColumn.WALK).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, CalendarColumn.DONE).data() == "\u25b6 next"
    assert window.next_run_text().startswith("<b>Next run: stage 1</b>")
    assert "Planned 18 runs from 28 Nov 2026 to 1 Jan 2027" in window._status.text()


def test_until_the_runner_is_confirmed_ready_the_window_says_why_and_planning_waits(
        clinic, admin, episode_id, open_window):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    assert window.readiness.text().startswith("Not confirmed ready to run.")
    assert "No walk-run calendar goes on the home program" in window.readiness.text()
    assert not button_named(window, "Plan walk-run progression…").isEnabled()
    assert "confirm the runner is ready first" in window.next_run_text()
    assert button_named(window, "Confirm ready to run…").isVisible()


def test_confirming_against_unmet_criteria_needs_a_reason_kept_with_the_plan(
        qtbot, clinic, admin, therapist, episode_id, open_window, confirmations):
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    window = open_window(episode_id)
    dialog = confirm_ready(qtbot, window)  # no reason typed
    assert dialog.isVisible()
    assert message_beside(dialog, "Reason to start anyway") == (
        "Say why the runner may start although not every criterion is met.")
    about = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Hopping: Right: 12 hops, pain 4/10 (needs 10–20 single-leg hops" in about
    assert clinic.return_to_run.readiness(episode_id) is None
    qtbot.keyClicks(input_labelled(dialog, "Reason to start anyway"),
                    "Jogs 20 min pain-free with her group already")
    click(qtbot, dialog, "Confirm ready")
    assert window.dialog() is None
    readiness = clinic.return_to_run.readiness(episode_id)
    assert readiness.overridden and readiness.confirmed_by == therapist.user.id
    assert readiness.override_reason == "Jogs 20 min pain-free with her group already"
    assert window.readiness.text() == (
        "✓ Confirmed ready to run by Jo Park on 27 Nov 2026 — not every entry criterion was "
        "met. Reason: Jogs 20 min pain-free with her group already")
    assert not button_named(window, "Confirm ready to run…").isVisible()
    asked, answers = confirmations
    plan_progression(qtbot, window)
    assert clinic.home_programs.for_episode(episode_id).run_calendar is not None
    assert "Your return-to-run calendar" in handout_text(clinic, episode_id)
    answers.append(True)  # replace the calendar just made
    click(qtbot, window, "Re-plan from the next run…")
    assert "Replace the walk-run calendar that starts on 27 Nov 2026?" in asked[-1]
    assert isinstance(window.dialog(), PlanRunDialog)


def test_with_every_criterion_met_the_therapist_just_confirms(qtbot, clinic, ready_episode,
                                                              open_window):
    window = open_window(ready_episode)
    set_number(qtbot, window, "Walks without pain for", 30)
    dialog = confirm_ready(qtbot, window)
    assert not dialog.findChildren(QLineEdit)  # nothing to explain
    assert window.dialog() is None
    assert window.readiness.text().endswith("— entry criteria met.")
    readiness = clinic.return_to_run.readiness(ready_episode)
    assert readiness.criteria_met and readiness.override_reason == ""
    assert button_named(window, "Plan walk-run progression…").isEnabled()


def test_a_calendar_planned_before_confirmations_stays_off_the_handout_until_confirmed(
        qtbot, clinic, admin, episode_id, open_window):
    """A draft that already holds a calendar (planned before readiness was recorded) shows it
    here, says it is not on the home program, and the preview prints none until confirmed."""
    sign_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), EVALUATION)
    clinic.home_programs.replace_draft(
        admin, episode_id, reason="calendar from before",
        options={RUN_CALENDAR_OPTION: calendar_to_json(build_calendar(TODAY))})
    window = open_window(episode_id)
    assert window.calendar_model.rowCount() == 18
    assert "This calendar stays off the home program" in window.next_run_text()
    assert "return-to-run calendar" not in handout_text(clinic, episode_id)
    confirm_ready(qtbot, window, "Cleared by her sports physician to jog")
    assert "stays off" not in window.next_run_text()
    assert "Your return-to-run calendar" in handout_text(clinic, episode_id)


def test_an_assistant_sees_the_confirmation_but_cannot_make_it(signed_in, episode_id,
                                                               open_window):
    window = open_window(episode_id, signed_in(Role.ASSISTANT, "pta", "Sam Lee"))
    assert window.readiness.text().startswith("Not confirmed ready to run.")
    assert not button_named(window, "Confirm ready to run…").isVisible()


# ----- runs

def test_a_painful_run_steps_back_a_stage_and_says_to_contact_the_clinic(
        qtbot, clinic, ready_episode, open_window):
    window = open_window(ready_episode)
    set_number(qtbot, window, "Walks without pain for", 30)
    confirm_ready(qtbot, window)
    plan_progression(qtbot, window, TODAY - timedelta(days=4))
    record_run(qtbot, window, 1, on=TODAY - timedelta(days=4))
    assert window.decision_text().startswith("<b>Move on to stage 2</b>")
    assert window.current_stage == 2
    model = window.calendar_model
    assert model.index(0, CalendarColumn.DONE).data() == "\u2713 ran 23 Nov"
    assert model.index(2, CalendarColumn.DONE).data() == "\u25b6 next"
    record_run(qtbot, window, 6, on=TODAY - timedelta(days=2))
    assert window.decision_text().startswith(
        "<b>Step back to stage 1 and contact the clinic</b>")
    assert "Pain reached 6/10: go back to stage 1" in window.decision_text()
    assert window.current_stage == 1
    assert clinic.return_to_run.current_stage(ready_episode) == 1
    runs = window.run_model
    assert runs.rowCount() == 2
    decisions = {runs.index(r, RunColumn.DECISION).data() for r in range(2)}
    assert decisions == {"Move on to stage 2", "Step back to stage 1 and contact the clinic"}


def test_a_run_must_be_answered_in_full_before_it_is_recorded(qtbot, clinic, ready_episode,
                                                              open_window):
    window = open_window(ready_episode)
    click(qtbot, window, "Record a run…")
    dialog = window.dialog()
    click(qtbot, dialog, "Record run")
    assert message_beside(dialog, "Pain during the run") == "Rate the pain during the run, 0 to 10."
    assert message_beside(dialog, "Worse the next morning") == "Answer yes or no."
    assert message_beside(dialog, "Limping") == "Answer yes or no."
    assert dialog.isVisible() and clinic.return_to_run.sessions(ready_episode) == []
    assert input_labelled(dialog, "Date of the run").maximumDate().toPython() == TODAY


def test_a_run_marked_in_error_stops_counting(qtbot, clinic, ready_episode, open_window):
    window = open_window(ready_episode)
    record_run(qtbot, window, 2)
    assert window.current_stage == 2
    window._runs.selectRow(0)
    click(qtbot, window, "Mark run in error…")
    dialog = window.dialog()
    assert isinstance(dialog, RunInErrorDialog)
    click(qtbot, dialog, "Mark in error")
    assert message_beside(dialog, "Reason") == "Say why this run is wrong."
    input_labelled(dialog, "Reason").setText("Entered for the wrong patient")
    click(qtbot, dialog, "Mark in error")
    assert window.current_stage == 1
    run = clinic.return_to_run.sessions(ready_episode)[0]
    assert run.in_error and run.error_reason == "Entered for the wrong patient"
    shown = window.run_model.index(0, RunColumn.DECISION)
    assert shown.data() == "In error: Entered for the wrong patient"
    assert shown.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not window._mark.isEnabled()


# ----- models

def test_the_calendar_and_run_models_keep_the_qt_model_contract(qtmodeltester, clinic, admin,
                                                                ready_episode):
    runs = clinic.return_to_run
    runs.confirm_readiness(admin, ready_episode, walking_minutes=30)
    calendar = runs.plan(admin, ready_episode, TODAY - timedelta(days=6))
    runs.record_session(admin, ready_episode, TODAY - timedelta(days=6), 2, False, False)
    runs.record_session(admin, ready_episode, TODAY - timedelta(days=4), 5, True, False)
    wrong = runs.record_session(admin, ready_episode, TODAY - timedelta(days=2), 1, False, False)
    runs.mark_session_in_error(admin, wrong.id, "Typed twice")
    calendar_model = RunCalendarModel()
    calendar_model.set_calendar(calendar, {1: [TODAY], 2: [TODAY]},
                                runs.current_stage(ready_episode))
    qtmodeltester.check(calendar_model)
    log = RunLogModel()
    log.set_runs(runs.sessions(ready_episode))
    qtmodeltester.check(log)
    assert calendar_model.done_count() == 2 and log.rowCount() == 3


def test_the_criteria_view_stands_alone(qtbot, clinic, admin, ready_episode):
    view = EntryCriteriaView()
    qtbot.addWidget(view)
    view.show_check(clinic.return_to_run.check_entry(ready_episode, walking_minutes=30))
    view.show_check(clinic.return_to_run.check_entry(ready_episode))  # rows reused, not stacked
    assert len(view.findChildren(type(view.criterion_label("walking")), "criterion_walking")) \
        == 1


def test_the_window_fits_a_1366_by_768_screen(episode_id, open_window):
    window = open_window(episode_id)
    assert window.width() <= 1366 and window.height() <= 768 - 60  # title bar, task bar
    assert window.minimumSizeHint().height() <= window.height()

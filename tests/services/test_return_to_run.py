"""ReturnToRunService: entry criteria from what the chart records, the calendar in the home
program, and logging runs with the decision each gives."""

import sqlite3
from datetime import date, timedelta

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.errors import ValidationError
from keystone_desk.domain.return_to_run import Action, EntryThresholds
from keystone_desk.services.return_to_run import ReturnToRunService
from tests.measure_fixtures import VISA_A_EXAMPLE
from tests.plan_fixtures import open_episode, signed_note, use_stand_in_library

EVALUATION = {"involved_side": "right", "morning_stiffness_min": 40,
              "heel_raise": {"left": 28, "right": 11}, "hop_count": {"left": 20, "right": 4},
              "hop_pain": {"left": 0, "right": 6}}
REEVALUATION = {"morning_stiffness_min": 10, "heel_raise": {"left": 28, "right": 26},
                "hop_count": {"left": 20, "right": 15}, "hop_pain": {"left": 0, "right": 1}}


@pytest.fixture
def library(clinic):
    return use_stand_in_library(clinic)


@pytest.fixture
def runs(clinic, library):
    return clinic.return_to_run


@pytest.fixture
def episode_id(clinic, admin, library):
    return open_episode(clinic, admin)


def by_id(check):
    return {r.id: r for r in check.results}


def test_entry_criteria_read_the_latest_signed_evaluative_notes(runs, clinic, admin, episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 9, 1), EVALUATION)
    early = by_id(runs.check_entry(episode_id, walking_minutes=30))
    assert early["heel_raises"].met is False and "right 11" in early["heel_raises"].actual
    assert early["hops"].met is False and early["hops"].actual == "Right: 4 hops, pain 6/10"
    assert early["stiffness"].met is None  # one recording: no trend yet
    signed_note(clinic, admin, episode_id, NoteKind.REEVALUATION, date(2026, 11, 20),
                REEVALUATION)
    check = runs.check_entry(episode_id, walking_minutes=30)
    assert check.ready, check.unmet
    assert by_id(check)["heel_raises"].actual == "Left 28, right 26 reps (LSI 92.9 %)"
    assert by_id(check)["stiffness"].actual.startswith("Better: 40 → 10 min")


def test_unmet_and_unrecorded_criteria_are_listed_with_their_values(runs, clinic, admin,
                                                                    episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 20), EVALUATION)
    check = runs.check_entry(episode_id)
    assert [(r.id, r.met) for r in check.unmet] == [
        ("walking", None), ("hops", False), ("heel_raises", False), ("stiffness", None)]
    assert by_id(check)["walking"].actual == "Not recorded"
    assert by_id(check)["walking"].required == "Walks 30 min without pain"


def test_stiffness_trend_falls_back_to_visa_a_question_one(runs, clinic, admin, episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 20), REEVALUATION)
    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 9, 1),
                           {**VISA_A_EXAMPLE, "1": 7})
    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 11, 20),
                           {**VISA_A_EXAMPLE, "1": 4})
    stiffness = by_id(runs.check_entry(episode_id, walking_minutes=30))["stiffness"]
    assert stiffness.met is False and "VISA-A question 1: 7 → 4 points" in stiffness.actual


def test_the_clinic_sets_its_own_thresholds(clinic, admin, library, episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 9, 1), EVALUATION)
    signed_note(clinic, admin, episode_id, NoteKind.REEVALUATION, date(2026, 11, 20),
                REEVALUATION)
    strict = ReturnToRunService(clinic.db, clinic.clock, home_programs=clinic.home_programs,
                                thresholds=EntryThresholds(walking_minutes=45, heel_raise_reps=30,
                                                           heel_raise_lsi=95))
    assert [r.id for r in strict.check_entry(episode_id, walking_minutes=30).unmet] == [
        "walking", "heel_raises"]


def test_planning_puts_the_calendar_in_the_home_program_draft(runs, clinic, admin, episode_id):
    runs.confirm_readiness(admin, episode_id, reason="Jogs 20 min pain-free already")
    calendar = runs.plan(admin, episode_id, date(2026, 12, 1))
    draft = clinic.home_programs.for_episode(episode_id)
    assert draft.run_calendar == calendar
    assert [s.on for s in calendar.sessions[:3]] == [date(2026, 12, 1), date(2026, 12, 3),
                                                    date(2026, 12, 5)]
    assert calendar.sessions[0].text == "Walk 4 min, run 1 min — 6 times"
    number = clinic.home_programs.hand_out(admin, draft.id)  # a calendar alone can be handed out
    assert clinic.home_programs.version(draft.id, number).run_calendar == calendar
    with pytest.raises(ValidationError, match="at least 2 runs per stage"):
        runs.plan(admin, episode_id, date(2026, 12, 1), sessions_per_stage=1)


def test_no_calendar_is_planned_before_the_therapist_confirms_readiness(runs, clinic, admin,
                                                                        episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 20), EVALUATION)
    assert runs.readiness(episode_id) is None
    with pytest.raises(ValidationError, match="Confirm first that the runner is ready"):
        runs.plan(admin, episode_id, date(2026, 12, 1))
    assert clinic.home_programs.for_episode(episode_id) is None  # nothing written


def test_starting_against_the_criteria_needs_a_reason_which_is_recorded(runs, clinic, admin,
                                                                        episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 20), EVALUATION)
    audit_before = clinic.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        runs.confirm_readiness(admin, episode_id, reason="   ")
    assert refused.value.for_field("reason")
    assert "hopping, heel raises" in str(refused.value)
    assert runs.readiness(episode_id) is None
    assert clinic.db.execute("SELECT count(*) FROM audit_events").fetchone()[0] == audit_before
    ready = runs.confirm_readiness(admin, episode_id, walking_minutes=30,
                                   reason="  Hopped 15 times pain-free in the clinic today  ")
    assert ready.overridden and ready.override_reason == "Hopped 15 times pain-free in the clinic today"
    assert ready.confirmed_by == admin.id and ready.confirmed_by_name == admin.display_name
    assert {r.id: r.met for r in ready.criteria}["hops"] is False  # what it was judged on
    assert {r.id: r.actual for r in ready.criteria}["walking"] == "Walks 30 min without pain"
    assert runs.readiness(episode_id) == ready
    events = clinic.db.execute("SELECT action, entity, detail FROM audit_events WHERE entity = "
                               "'return_to_run_readiness'").fetchall()
    assert events == [("confirm_readiness", "return_to_run_readiness",
                       "started anyway: Hopped 15 times pain-free in the clinic today")]


def test_with_every_criterion_met_the_confirmation_needs_no_reason(runs, clinic, admin,
                                                                   episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 9, 1), EVALUATION)
    signed_note(clinic, admin, episode_id, NoteKind.REEVALUATION, date(2026, 11, 20),
                REEVALUATION)
    ready = runs.confirm_readiness(admin, episode_id, walking_minutes=30)
    assert ready.criteria_met and not ready.overridden and ready.override_reason == ""
    assert runs.plan(admin, episode_id, date(2026, 12, 1)).first_stage == 1


def test_a_confirmation_is_kept_as_made(runs, clinic, admin, episode_id):
    runs.confirm_readiness(admin, episode_id, reason="Jogs already")
    with pytest.raises(sqlite3.DatabaseError, match="kept as made"):
        clinic.db.execute("UPDATE return_to_run_readiness SET override_reason = 'x'")


def test_runs_move_the_stage_on_repeat_it_or_step_back(runs, clinic, admin, episode_id, clock):
    day = clock.now.date() - timedelta(days=10)
    first = runs.record_session(admin, episode_id, day, 2, False, False)
    assert (first.stage, first.decision.action, first.decision.next_stage) == (1, Action.ADVANCE, 2)
    second = runs.record_session(admin, episode_id, day + timedelta(days=2), 5, False, False)
    assert (second.stage, second.decision.action) == (2, Action.REPEAT)
    third = runs.record_session(admin, episode_id, day + timedelta(days=4), 7, False, True)
    assert third.decision.action is Action.STEP_BACK and third.decision.contact_clinic
    assert runs.current_stage(episode_id) == 1
    assert [r.stage for r in runs.sessions(episode_id)] == [1, 2, 2]
    events = clinic.db.execute("SELECT detail FROM audit_events WHERE entity = "
                               "'return_to_run_session' ORDER BY id").fetchall()
    assert events == [("stage 1: advance",), ("stage 2: repeat",), ("stage 2: step_back",)]


def test_a_new_calendar_starts_from_the_stage_reached(runs, admin, episode_id, clock):
    for offset in (6, 4):
        runs.record_session(admin, episode_id, clock.now.date() - timedelta(days=offset), 1,
                            False, False)
    runs.confirm_readiness(admin, episode_id, reason="Two comfortable runs already")
    calendar = runs.plan(admin, episode_id, clock.now.date())
    assert calendar.first_stage == 3 and calendar.sessions[0].stage == 3


def test_a_wrong_run_is_marked_in_error_and_no_longer_counts(runs, clinic, admin, episode_id,
                                                             clock):
    run = runs.record_session(admin, episode_id, clock.now.date(), 1, False, False)
    assert runs.current_stage(episode_id) == 2
    marked = runs.mark_session_in_error(admin, run.id, "Entered for the wrong patient")
    assert marked.in_error and runs.current_stage(episode_id) == 1
    with pytest.raises(ValidationError, match="already"):
        runs.mark_session_in_error(admin, run.id, "again")
    with pytest.raises(sqlite3.IntegrityError, match="marked in error|never deleted"):
        clinic.db.execute("DELETE FROM return_to_run_sessions")


def test_impossible_runs_are_refused_with_nothing_written(runs, admin, episode_id, clock):
    with pytest.raises(ValidationError, match="0–10"):
        runs.record_session(admin, episode_id, clock.now.date(), 11, False, False)
    with pytest.raises(ValidationError, match="future"):
        runs.record_session(admin, episode_id, clock.now.date() + timedelta(days=1), 1, False,
                            False)
    assert runs.sessions(episode_id) == []


def test_walking_tolerance_recorded_in_the_evaluation_counts_without_asking(runs, clinic, admin,
                                                                            episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 20),
                {**REEVALUATION, "walking_tolerance_min": 35})
    walking = by_id(runs.check_entry(episode_id))["walking"]
    assert walking.met is True and "35" in walking.actual

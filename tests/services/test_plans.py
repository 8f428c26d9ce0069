"""PlanService: the plan of care with version conflicts, goals that are discontinued not deleted,
goal checks against the chart, visits and certification, and applying a protocol to the plan and
the home program in one transaction."""

import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.errors import ConflictError, NotFoundError, ValidationError
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.domain.plan_goals import (
    Comparator,
    GoalKind,
    GoalStatus,
    GoalTarget,
    GoalTerm,
)
from keystone_desk.domain.plans import (
    CertificationPeriod,
    Diagnosis,
    Frequency,
    Intervention,
    PlanContent,
)
from keystone_desk.domain.protocols import Applicability
from tests.measure_fixtures import VISA_A_EXAMPLE
from tests.plan_fixtures import open_episode, signed_note, use_stand_in_library

CONTENT = PlanContent(
    diagnoses=(Diagnosis("M76.61", "Achilles tendinitis, right leg"),),
    problems=("Pain with running", "Reduced calf endurance on the right"),
    frequency=Frequency(2, 6),
    interventions=(Intervention("97110", "Calf loading programme"), Intervention("97140"),
                   Intervention("97535", "Load management education")),
    certification=CertificationPeriod(date(2026, 11, 2), date(2027, 1, 30)),
)
VISA_80 = GoalTarget(GoalTerm.LONG, GoalKind.MEASURE_SCORE, "VISA-A at least 80", 80,
                     Comparator.AT_LEAST, "points", date(2027, 1, 30), measure_id="VISA-A")
HEEL_25 = GoalTarget(GoalTerm.SHORT, GoalKind.TEST_COUNT, "25 single-leg heel raises right", 25,
                     Comparator.AT_LEAST, "reps", date(2026, 12, 15), test_field="heel_raise",
                     side="right")
RUN_5K = GoalTarget(GoalTerm.LONG, GoalKind.ACTIVITY, "Run 5 km with pain at most 2/10", 2,
                    Comparator.AT_MOST, "/10 pain", date(2027, 1, 30))


@pytest.fixture
def library(clinic):
    return use_stand_in_library(clinic)


@pytest.fixture
def plans(clinic, library):
    return clinic.plans


@pytest.fixture
def episode_id(clinic, admin, library):
    return open_episode(clinic, admin)


def audit(clinic, entity):
    return [r[0] for r in clinic.db.execute(
        "SELECT action FROM audit_events WHERE entity = ? ORDER BY id", [entity])]


# ----- the plan

def test_a_plan_is_created_once_per_episode_and_read_back(plans, admin, episode_id, clinic):
    assert plans.for_episode(episode_id) is None
    plan = plans.create(admin, episode_id, CONTENT)
    assert plan.content == CONTENT and plan.version == 1 and plan.episode_id == episode_id
    assert plans.for_episode(episode_id) == plan == plans.get(plan.id)
    with pytest.raises(ValidationError, match="already has a plan"):
        plans.create(admin, episode_id, CONTENT)
    assert audit(clinic, "treatment_plan") == ["create"]


def test_a_stale_plan_is_a_conflict(plans, admin, episode_id):
    plan = plans.create(admin, episode_id, CONTENT)
    updated = plans.update(admin, plan.id, PlanContent(frequency=Frequency(3, 4)), plan.version)
    assert updated.version == 2 and updated.content.frequency.planned_visits == 12
    with pytest.raises(ConflictError):
        plans.update(admin, plan.id, CONTENT, plan.version)


def test_invalid_plans_are_refused_with_nothing_written(plans, admin, episode_id, clinic):
    bad = PlanContent(diagnoses=(Diagnosis("tendinitis", ""),),
                      certification=CertificationPeriod(date(2026, 11, 1), date(2027, 3, 1)))
    with pytest.raises(ValidationError) as raised:
        plans.create(admin, episode_id, bad)
    assert [p.field for p in raised.value.problems] == ["diagnoses.0", "certification"]
    assert plans.for_episode(episode_id) is None


# ----- goals

def test_goals_are_added_and_their_status_moves_with_versions(plans, admin, episode_id, clinic):
    plan = plans.create(admin, episode_id, CONTENT)
    goal = plans.add_goal(admin, plan.id, VISA_80)
    assert goal.target.measure_id == "visa-a"  # the measure's id, however it was typed
    assert goal.status is GoalStatus.NOT_STARTED and goal.version == 1
    moved = plans.set_goal_status(admin, goal.id, GoalStatus.PROGRESSING, goal.version)
    assert moved.status is GoalStatus.PROGRESSING and moved.version == 2
    with pytest.raises(ConflictError):
        plans.set_goal_status(admin, goal.id, GoalStatus.MET, goal.version)
    assert [g.id for g in plans.get(plan.id).goals] == [goal.id]
    assert audit(clinic, "plan_goal") == ["create", "goal_status"]


def test_goals_are_discontinued_with_a_reason_never_deleted(plans, admin, episode_id, clinic):
    plan = plans.create(admin, episode_id, CONTENT)
    goal = plans.add_goal(admin, plan.id, RUN_5K)
    with pytest.raises(ValidationError, match="why"):
        plans.set_goal_status(admin, goal.id, GoalStatus.DISCONTINUED, goal.version)
    stopped = plans.set_goal_status(admin, goal.id, GoalStatus.DISCONTINUED, goal.version,
                                    "Patient now aims for cycling")
    assert stopped.status_note == "Patient now aims for cycling"
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        clinic.db.execute("DELETE FROM plan_goals")


def test_goal_targets_are_checked(plans, admin, episode_id):
    plan = plans.create(admin, episode_id, CONTENT)
    unknown = GoalTarget(GoalTerm.LONG, GoalKind.MEASURE_SCORE, "KOOS 80", 80,
                         Comparator.AT_LEAST, measure_id="koos")
    with pytest.raises(ValidationError, match="no outcome measure 'koos'"):
        plans.add_goal(admin, plan.id, unknown)
    goal = plans.add_goal(admin, plan.id, HEEL_25)
    edited = plans.update_goal(admin, goal.id, replace(HEEL_25, target_value=30), goal.version)
    assert edited.target.target_value == 30 and edited.version == 2


def test_goals_are_checked_against_scores_and_the_latest_signed_evaluation(plans, admin, clinic,
                                                                           episode_id):
    plan = plans.create(admin, episode_id, CONTENT)
    visa = plans.add_goal(admin, plan.id, VISA_80)
    heel = plans.add_goal(admin, plan.id, HEEL_25)
    run = plans.add_goal(admin, plan.id, RUN_5K)
    checks = {c.goal_id: c for c in plans.check_goals(episode_id)}
    assert checks[visa.id].met is None and checks[heel.id].met is None
    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 11, 20), VISA_A_EXAMPLE)
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 9, 1),
                {"involved_side": "right", "heel_raise": {"left": 30, "right": 14}})
    signed_note(clinic, admin, episode_id, NoteKind.REEVALUATION, date(2026, 11, 20),
                {"heel_raise": {"left": 31, "right": 26}})
    draft = clinic.notes.create(admin, episode_id, NoteKind.REEVALUATION,
                                content={"heel_raise": {"left": 31, "right": 2}})
    assert draft  # a draft is not the record yet
    checks = {c.goal_id: c for c in plans.check_goals(episode_id)}
    assert checks[visa.id].met is False and checks[visa.id].actual.value == 54
    assert "VISA-A, 20 Nov 2026" in checks[visa.id].message
    assert checks[heel.id].met is True and checks[heel.id].actual.value == 26
    assert "Re-evaluation, 20 Nov 2026" in checks[heel.id].message
    assert not checks[run.id].checkable


# ----- where the plan stands

def test_summary_counts_signed_visits_and_dates_the_reevaluation(plans, admin, clinic,
                                                                 episode_id):
    plan = plans.create(admin, episode_id, CONTENT)
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), {})
    for day in (date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 12)):
        signed_note(clinic, admin, episode_id, NoteKind.DAILY, day, {"subjective": "ok"})
    clinic.notes.create(admin, episode_id, NoteKind.DAILY)  # unsigned: not counted yet
    summary = plans.summary(episode_id)
    assert (summary.planned_visits, summary.visits_used, summary.visits_left) == (12, 3, 9)
    assert summary.reevaluation_due == date(2026, 12, 2)  # 30 days after the evaluation
    assert summary.flags == ("Awaiting physician certification (due by 02 Dec 2026).",)
    plans.update(admin, plan.id, PlanContent(
        frequency=Frequency(2, 6), certification=CertificationPeriod(
            date(2026, 11, 2), date(2026, 11, 30), date(2026, 11, 10))), plan.version)
    summary = plans.summary(episode_id)
    assert summary.reevaluation_due == date(2026, 11, 30) and summary.flags == ()


def test_summary_without_a_plan_is_not_found(plans, episode_id):
    with pytest.raises(NotFoundError):
        plans.summary(episode_id)


def test_summary_of_a_plan_being_edited_reads_the_chart_without_a_saved_plan(
        plans, admin, clinic, episode_id):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2), {})
    signed_note(clinic, admin, episode_id, NoteKind.DAILY, date(2026, 11, 5), {})
    typed = PlanContent(frequency=Frequency(2, 6), certification=CertificationPeriod(
        date(2026, 11, 2), date(2026, 11, 25), date(2026, 11, 10)))
    summary = plans.summary(episode_id, content=typed)
    assert (summary.planned_visits, summary.visits_used, summary.visits_left) == (12, 1, 11)
    assert summary.reevaluation_due == date(2026, 11, 25)  # the period ends first
    assert plans.for_episode(episode_id) is None


# ----- protocols

def test_applying_silbernagel_fills_the_plans_phases_and_the_draft(plans, admin, clinic,
                                                                   episode_id, clock):
    start = clock.now.date() - timedelta(weeks=2)  # week 3: phase 2 (weeks 2–5)
    draft = clinic.home_programs.get_or_create_draft(admin, episode_id)
    clinic.home_programs.set_items(admin, draft.id, [
        ProgramItem("glute-bridge", "", Dosage(sets=3, reps=12, days_per_week=3)),
        ProgramItem("heel-raise-double-leg", "right", Dosage())], draft.version)
    applied = plans.apply_protocol(admin, episode_id, "silbernagel-combined", start)
    assert applied.phase.number == 2 and applied.site is Applicability.MIDPORTION
    protocol = applied.plan.content.protocol
    assert protocol.protocol_id == "silbernagel-combined" and protocol.start_date == start
    assert [(p.number, p.starts_on, p.ends_on) for p in protocol.phases] == [
        (1, start, start + timedelta(days=13)),
        (2, start + timedelta(weeks=1), start + timedelta(weeks=5, days=-1)),
        (3, start + timedelta(weeks=2), start + timedelta(weeks=12, days=-1)),
        (4, start + timedelta(weeks=11), start + timedelta(weeks=26, days=-1))]
    items = applied.program.items
    assert [i.exercise_id for i in items] == [
        "heel-raise-double-leg", "heel-raise-single-leg", "hsr-seated-calf-raise",
        "heel-drop-straight-knee-step", "heel-raise-quick-rebound", "glute-bridge"]
    rebound = items[4].dosage
    assert (rebound.sets, rebound.reps, rebound.times_per_day, rebound.days_per_week) == (3, 20, 1, 7)
    assert all(i.side == "right" for i in items[:5]) and items[5].dosage.days_per_week == 3
    assert applied.program.options["protocol"]["phase"] == 2
    assert "5 on a 0–10 scale" in applied.program.options["protocol"]["pain_rules"][0]
    assert audit(clinic, "treatment_plan") == ["create", "apply_protocol"]


def test_insertional_pain_gets_the_floor_versions_from_the_evaluation(plans, admin, clinic,
                                                                      episode_id, clock):
    signed_note(clinic, admin, episode_id, NoteKind.EVALUATION, date(2026, 11, 2),
                {"involved_side": "left", "tendinopathy_site": "insertional"})
    applied = plans.apply_protocol(admin, episode_id, "alfredson-eccentric", clock.now.date())
    assert applied.site is Applicability.INSERTIONAL
    assert [(i.exercise_id, i.side) for i in applied.program.items] == [
        ("heel-drop-straight-knee-floor", "left"), ("heel-drop-bent-knee-floor", "left")]
    dosage = applied.program.items[0].dosage
    assert (dosage.sets, dosage.reps, dosage.times_per_day, dosage.days_per_week) == (3, 15, 2, 7)
    with pytest.raises(ValidationError, match="not meant for insertional"):
        plans.apply_protocol(admin, episode_id, "heavy-slow-resistance", clock.now.date())


def test_a_protocol_prescription_keeps_the_exercises_own_unit_and_sides(plans, admin, library,
                                                                       episode_id, clock):
    library.dosages["pogo-hops"] = Dosage(sets=2, reps=20, unit="hops", each_side=True)
    start = clock.now.date() - timedelta(weeks=6)  # week 7: phase 3, with plyometrics
    applied = plans.apply_protocol(admin, episode_id, "silbernagel-combined", start)
    pogo = next(i.dosage for i in applied.program.items if i.exercise_id == "pogo-hops")
    assert (pogo.sets, pogo.reps, pogo.unit, pogo.each_side, pogo.days_per_week) == (
        3, 10, "hops", True, 3)


def test_moving_to_the_next_phase_replaces_the_protocols_exercises(plans, admin, clinic,
                                                                   episode_id, clock):
    today = clock.now.date()
    plans.apply_protocol(admin, episode_id, "heavy-slow-resistance", today)
    clock.now += timedelta(weeks=4)  # week 5: 10RM
    applied = plans.apply_protocol(admin, episode_id, "heavy-slow-resistance", today)
    assert applied.phase.name == "10RM"
    assert [(i.exercise_id, i.dosage.load, i.dosage.sets) for i in applied.program.items] == [
        ("hsr-seated-calf-raise", "10RM", 4), ("hsr-standing-calf-raise", "10RM", 4),
        ("hsr-leg-press-calf-raise", "10RM", 4)]
    assert plans.for_episode(episode_id).version == 3


def test_a_protocol_that_would_be_over_or_does_not_exist_is_refused(plans, admin, episode_id,
                                                                    clock):
    long_ago = clock.now.date() - timedelta(weeks=20)
    with pytest.raises(ValidationError, match="would already be over"):
        plans.apply_protocol(admin, episode_id, "alfredson-eccentric", long_ago)
    with pytest.raises(NotFoundError, match="no protocol 'stanish'"):
        plans.apply_protocol(admin, episode_id, "stanish", clock.now.date())
    assert plans.for_episode(episode_id) is None


def test_plan_and_draft_change_together_or_not_at_all(plans, admin, clinic, library, episode_id,
                                                      clock):
    del library.documents["heel-drop-bent-knee-step"]  # the library lost an exercise
    with pytest.raises(ValidationError, match="heel-drop-bent-knee-step"):
        plans.apply_protocol(admin, episode_id, "alfredson-eccentric", clock.now.date())
    assert plans.for_episode(episode_id) is None
    assert clinic.home_programs.for_episode(episode_id) is None
    assert audit(clinic, "treatment_plan") == []


def test_switching_protocol_replaces_the_old_protocols_exercises_only(plans, admin, clinic,
                                                                      episode_id, clock):
    today = clock.now.date()
    plans.apply_protocol(admin, episode_id, "isometric-start", today)
    draft = clinic.home_programs.for_episode(episode_id)
    clinic.home_programs.set_items(admin, draft.id, [
        *draft.items, ProgramItem("side-lying-hip-abduction", "", Dosage(days_per_week=3))],
        draft.version)
    applied = plans.apply_protocol(admin, episode_id, "heavy-slow-resistance", today)
    assert [i.exercise_id for i in applied.program.items] == [
        "hsr-seated-calf-raise", "hsr-standing-calf-raise", "hsr-leg-press-calf-raise",
        "side-lying-hip-abduction"]
    assert applied.plan.content.protocol.protocol_id == "heavy-slow-resistance"

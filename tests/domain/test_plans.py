"""Plan of care rules: the 8-minute rule, planned visits, certification periods, goal checks."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keystone_desk.domain.chart_readings import Reading
from keystone_desk.domain.plan_goals import (
    Comparator,
    Goal,
    GoalEvidence,
    GoalId,
    GoalKind,
    GoalStatus,
    GoalTarget,
    GoalTerm,
    check_goal,
    validate_goal,
)
from keystone_desk.domain.plans import (
    CPT_CODES,
    EVALUATION_CODES,
    INTERVENTION_CODES,
    CertificationPeriod,
    Diagnosis,
    Frequency,
    Intervention,
    PlanContent,
    PlanId,
    certification_flags,
    content_from_json,
    content_to_json,
    timed_units,
    validate_plan,
    visit_summary,
)

NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.mark.parametrize(("minutes", "units"), [
    (0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4),
    (67, 4), (68, 5), (82, 5), (83, 6), (97, 6), (98, 7),
])
def test_timed_units_follow_the_8_minute_rule(minutes, units):
    assert timed_units(minutes) == units


def test_timed_units_worked_example_of_two_codes_on_one_day():
    # 33 min therapeutic exercise + 7 min manual therapy = 40 timed minutes: 3 units, not 2 + 0.
    assert timed_units(33 + 7) == 3
    assert timed_units(33) + timed_units(7) == 2


@pytest.mark.parametrize("minutes", [-1, 1.5, True, "20"])
def test_timed_units_refuses_what_is_not_a_count_of_minutes(minutes):
    with pytest.raises(ValueError):
        timed_units(minutes)


@given(st.integers(min_value=0, max_value=100_000))
def test_timed_units_is_total_and_bills_the_nearest_whole_number_of_units(minutes):
    units = timed_units(minutes)
    assert isinstance(units, int) and units >= 0
    assert abs(minutes - 15 * units) <= 7  # 8 or more minutes into a unit earns it


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=1000))
def test_timed_units_never_falls_as_minutes_rise(minutes, more):
    assert timed_units(minutes) <= timed_units(minutes + more)


def test_cpt_codes_are_data_with_timed_interventions_and_untimed_evaluations():
    assert [c.code for c in INTERVENTION_CODES] == [
        "97110", "97112", "97116", "97140", "97530", "97535", "97750"]
    assert [c.code for c in EVALUATION_CODES] == ["97161", "97162", "97163", "97164"]
    assert all(c.timed for c in INTERVENTION_CODES)
    assert not any(c.timed for c in EVALUATION_CODES)
    assert CPT_CODES["97140"].label == "Manual therapy"


def test_twice_a_week_for_six_weeks_is_twelve_planned_visits():
    assert Frequency(2, 6).planned_visits == 12
    assert Frequency(2, 6).text == "2×/week for 6 weeks"


def test_visit_summary_counts_what_is_left_and_flags_when_all_are_used():
    content = PlanContent(frequency=Frequency(2, 6))
    summary = visit_summary(content, 5, date(2026, 12, 20), date(2026, 11, 27))
    assert (summary.planned_visits, summary.visits_used, summary.visits_left) == (12, 5, 7)
    assert summary.reevaluation_due == date(2026, 12, 20)
    done = visit_summary(content, 12, None, date(2026, 11, 27))
    assert done.visits_left == 0 and any("12 planned visits used" in f for f in done.flags)


def test_reevaluation_comes_forward_to_the_end_of_the_certification_period():
    cert = CertificationPeriod(date(2026, 11, 1), date(2026, 12, 10), date(2026, 11, 5))
    summary = visit_summary(PlanContent(certification=cert), 0, date(2026, 12, 31),
                            date(2026, 11, 27))
    assert summary.reevaluation_due == date(2026, 12, 10)


def test_a_certification_period_covers_at_most_90_days_counting_the_first():
    ninety = CertificationPeriod(date(2027, 1, 1), date(2027, 3, 31))
    assert ninety.days == 90
    assert validate_plan(PlanContent(certification=ninety)) == []
    ninety_one = CertificationPeriod(date(2027, 1, 1), date(2027, 4, 1))
    problems = validate_plan(PlanContent(certification=ninety_one))
    assert [p.field for p in problems] == ["certification"]
    assert "at most 90 days" in problems[0].message


def test_a_period_that_ends_before_it_starts_or_is_certified_before_it_starts_is_refused():
    backwards = CertificationPeriod(date(2027, 1, 10), date(2027, 1, 1))
    early = CertificationPeriod(date(2027, 1, 10), date(2027, 2, 1), date(2027, 1, 2))
    assert validate_plan(PlanContent(certification=backwards))
    assert "before its period starts" in validate_plan(PlanContent(certification=early))[0].message


def test_physician_certification_is_flagged_while_missing_and_when_late():
    start = date(2026, 11, 1)
    waiting = CertificationPeriod(start, date(2027, 1, 29))
    assert certification_flags(waiting, date(2026, 11, 27)) == [
        "Awaiting physician certification (due by 01 Dec 2026)."]
    assert "missing and overdue" in certification_flags(waiting, date(2026, 12, 2))[0]
    on_time = CertificationPeriod(start, date(2027, 1, 29), date(2026, 12, 1))
    assert certification_flags(on_time, date(2026, 12, 5)) == []
    late = CertificationPeriod(start, date(2027, 1, 29), date(2026, 12, 2))
    assert "delayed certification" in certification_flags(late, date(2026, 12, 5))[0]
    assert "recertify" in certification_flags(on_time, date(2027, 1, 30))[0]
    assert certification_flags(None, date(2026, 12, 5)) == ["No certification period recorded."]


def test_plan_checks_icd10_codes_cpt_codes_and_frequency():
    content = PlanContent(
        diagnoses=(Diagnosis("M76.61", "Achilles tendinitis, right leg"), Diagnosis("achilles", "")),
        interventions=(Intervention("97110"), Intervention("99999")),
        frequency=Frequency(0, 6))
    fields = [p.field for p in validate_plan(content)]
    assert fields == ["diagnoses.1", "frequency", "interventions.1"]
    assert validate_plan(PlanContent(diagnoses=(Diagnosis("S86.011A", ""),))) == []


def test_plan_content_round_trips_through_its_stored_json():
    content = PlanContent(
        diagnoses=(Diagnosis("M76.61", "Achilles tendinitis, right leg"),),
        problems=("Pain with running", "Calf endurance deficit"), frequency=Frequency(2, 6),
        interventions=(Intervention("97110", "Loading programme"), Intervention("97140")),
        certification=CertificationPeriod(date(2026, 11, 1), date(2027, 1, 29), None, "Dr Ruiz"))
    assert content_from_json(content_to_json(content)) == content


# ----- goals

def goal(target: GoalTarget) -> Goal:
    return Goal(GoalId(1), "u", PlanId(1), target, GoalStatus.PROGRESSING, "", 1, NOW, NOW)


VISA_80 = GoalTarget(GoalTerm.LONG, GoalKind.MEASURE_SCORE, "VISA-A at least 80", 80,
                     Comparator.AT_LEAST, "points", date(2027, 1, 15), measure_id="visa-a")
HEEL_25_RIGHT = GoalTarget(GoalTerm.SHORT, GoalKind.TEST_COUNT, "25 single-leg heel raises right",
                           25, Comparator.AT_LEAST, "reps", test_field="heel_raise", side="right")
RUN_5K = GoalTarget(GoalTerm.LONG, GoalKind.ACTIVITY, "Run 5 km with pain at most 2/10", 2,
                    Comparator.AT_MOST, "/10")


def test_a_measure_goal_is_met_by_the_latest_score():
    evidence = GoalEvidence(scores={"visa-a": Reading(82, date(2026, 11, 20), "VISA-A, 20 Nov")})
    check = check_goal(goal(VISA_80), evidence)
    assert check.checkable and check.met and check.actual.value == 82
    assert "reached" in check.message and "VISA-A, 20 Nov" in check.message
    short = GoalEvidence(scores={"visa-a": Reading(64, date(2026, 11, 20), "VISA-A")})
    assert check_goal(goal(VISA_80), short).met is False


def test_a_test_goal_reads_its_side_and_the_involved_side():
    tests = {("heel_raise", "right"): Reading(25, date(2026, 11, 20), "Re-evaluation"),
             ("heel_raise", "left"): Reading(30, date(2026, 11, 20), "Re-evaluation")}
    assert check_goal(goal(HEEL_25_RIGHT), GoalEvidence(tests=tests)).met is True
    involved = GoalTarget(GoalTerm.SHORT, GoalKind.TEST_COUNT, "30 heel raises on the bad leg",
                          30, Comparator.AT_LEAST, test_field="heel_raise", side="involved")
    assert check_goal(goal(involved), GoalEvidence(tests=tests, involved_side="right")).met is False
    assert check_goal(goal(involved), GoalEvidence(tests=tests, involved_side="left")).met is True
    both = check_goal(goal(involved), GoalEvidence(tests=tests, involved_side="both"))
    assert both.met is False and both.actual.value == 25  # judged on the worse side
    unknown = check_goal(goal(involved), GoalEvidence(tests=tests))
    assert unknown.met is None and "side not recorded" in unknown.message


def test_nothing_recorded_means_no_verdict_and_activity_goals_are_the_therapists_call():
    assert check_goal(goal(VISA_80), GoalEvidence()).met is None
    activity = check_goal(goal(RUN_5K), GoalEvidence())
    assert not activity.checkable and activity.met is None


def test_goal_targets_must_say_what_they_measure():
    fields = [p.field for p in validate_goal(GoalTarget(
        GoalTerm.SHORT, GoalKind.TEST_COUNT, " ", 25, Comparator.AT_LEAST))]
    assert fields == ["description", "test_field", "side"]
    unknown = validate_goal(VISA_80, frozenset({"lefs"}))
    assert unknown[0].field == "measure_id"
    assert validate_goal(VISA_80, frozenset({"visa-a"})) == []
    assert goal(VISA_80).text == "VISA-A at least 80 (≥ 80 points) by 15 Jan 2027"

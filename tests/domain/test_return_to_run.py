"""Return to running: entry criteria on worked examples, the rule after each run at its
boundaries, and the alternate-day calendar."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keystone_desk.domain.chart_readings import Reading
from keystone_desk.domain.charting import (
    EpisodeId,
    Note,
    NoteHeader,
    NoteId,
    NoteKind,
    NoteStatus,
    Signature,
)
from keystone_desk.domain.return_to_run import (
    AFTER_LAST_STAGE,
    STAGES,
    Action,
    ChartFacts,
    EntryThresholds,
    Trend,
    build_calendar,
    calendar_from_json,
    calendar_to_json,
    check_entry,
    facts_from_notes,
    next_stage,
)

READY = ChartFacts(involved_side="right", heel_raise_left=30, heel_raise_right=26,
                   hop_count_left=20, hop_count_right=15, hop_pain_left=0, hop_pain_right=2,
                   walking_minutes=30, stiffness_trend=Trend.BETTER, stiffness_text="45 → 20 min")


def result(check, criterion):
    return next(r for r in check.results if r.id == criterion)


def with_(**changes) -> ChartFacts:
    return replace(READY, **changes)


def test_a_runner_meeting_every_criterion_is_ready():
    check = check_entry(READY)
    assert check.ready and check.unmet == ()
    assert [r.id for r in check.results] == ["walking", "hops", "heel_raises", "stiffness"]


def test_heel_raises_pass_on_the_absolute_count_without_symmetry():
    # 25 on the right against 40 on the left: LSI 62.5 %, but 25 reps meet the absolute bar.
    check = check_entry(with_(heel_raise_right=25, heel_raise_left=40))
    heel = result(check, "heel_raises")
    assert heel.met and "LSI 62.5 %" in heel.actual and "right 25" in heel.actual


def test_heel_raises_pass_on_symmetry_when_both_legs_are_weak():
    # 18 against 20: under 25, but LSI 90 % meets the symmetry path.
    heel = result(check_entry(with_(heel_raise_right=18, heel_raise_left=20)), "heel_raises")
    assert heel.met and "LSI 90 %" in heel.actual


def test_heel_raises_fail_when_both_paths_fail():
    # 20 against 25: under 25 and LSI 80 %.
    check = check_entry(with_(heel_raise_right=20, heel_raise_left=25))
    heel = result(check, "heel_raises")
    assert heel.met is False and "LSI 80 %" in heel.actual
    assert not check.ready and [r.id for r in check.unmet] == ["heel_raises"]


def test_both_sides_involved_means_absolute_counts_on_both_legs():
    assert result(check_entry(with_(involved_side="both", heel_raise_left=26,
                                    heel_raise_right=25)), "heel_raises").met
    assert result(check_entry(with_(involved_side="both", heel_raise_left=24,
                                    heel_raise_right=24)), "heel_raises").met is False


def test_hopping_needs_ten_hops_and_pain_at_most_two():
    assert result(check_entry(with_(hop_pain_right=3)), "hops").met is False
    assert result(check_entry(with_(hop_count_right=9)), "hops").met is False
    hops = result(check_entry(with_(hop_count_right=10, hop_pain_right=2)), "hops")
    assert hops.met and hops.actual == "Right: 10 hops, pain 2/10"


def test_walking_needs_thirty_minutes():
    assert result(check_entry(with_(walking_minutes=29)), "walking").met is False
    assert result(check_entry(with_(walking_minutes=45)), "walking").actual == \
        "Walks 45 min without pain"


def test_morning_stiffness_must_not_be_worse():
    assert result(check_entry(with_(stiffness_trend=Trend.SAME)), "stiffness").met
    worse = result(check_entry(with_(stiffness_trend=Trend.WORSE, stiffness_text="20 → 40 min")),
                   "stiffness")
    assert worse.met is False and worse.actual == "Worse: 20 → 40 min"


def test_what_the_chart_does_not_record_is_listed_as_not_recorded_never_met():
    check = check_entry(ChartFacts())
    assert not check.ready
    assert [r.met for r in check.results] == [None, None, None, None]
    assert result(check, "walking").actual == "Not recorded"
    assert result(check, "hops").actual == "Involved side not recorded"


def test_thresholds_are_the_clinics_to_change():
    strict = EntryThresholds(walking_minutes=45, heel_raise_reps=30, heel_raise_lsi=95,
                             stiffness_not_worse=False)
    check = check_entry(READY, strict)
    assert [r.id for r in check.unmet] == ["walking", "heel_raises"]
    assert "stiffness" not in [r.id for r in check.results]


# ----- facts from the chart

def note(kind, day, content, signed=True, note_id=1):
    signature = Signature(datetime(2026, 1, 1, tzinfo=UTC), 1, "A", "PT", "h") if signed else None
    return Note(NoteId(note_id), "u", EpisodeId(1), 1, kind, "achilles-running",
                NoteHeader(day), content, NoteStatus.SIGNED if signed else NoteStatus.DRAFT, 1,
                datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC), signature)


def test_facts_come_from_the_latest_signed_evaluative_notes():
    notes = [
        note(NoteKind.EVALUATION, date(2026, 9, 1), {
            "involved_side": "right", "morning_stiffness_min": 45,
            "heel_raise": {"left": 28, "right": 12}, "hop_count": {"left": 20, "right": 5},
            "hop_pain": {"left": 0, "right": 6}}, note_id=1),
        note(NoteKind.REEVALUATION, date(2026, 10, 15), {
            "morning_stiffness_min": 15, "heel_raise": {"left": 30, "right": 27},
            "hop_count": {"left": 20, "right": 20}, "hop_pain": {"left": 0, "right": 1}},
            note_id=2),
        note(NoteKind.REEVALUATION, date(2026, 11, 20), {  # a draft: not yet the record
            "heel_raise": {"left": 30, "right": 3}}, signed=False, note_id=3),
        note(NoteKind.DAILY, date(2026, 11, 21), {"subjective": "ran 2 km"}, note_id=4),
    ]
    facts = facts_from_notes(notes, walking_minutes=40)
    assert (facts.involved_side, facts.heel_raise_right, facts.heel_raise_left) == ("right", 27, 30)
    assert (facts.hop_count_right, facts.hop_pain_right) == (20, 1)
    assert facts.stiffness_trend is Trend.BETTER and facts.stiffness_text.startswith("45 → 15 min")
    assert facts.sources == ("Re-evaluation, 15 Oct 2026",)
    assert check_entry(facts).ready


def test_stiffness_falls_back_to_visa_a_question_one_and_the_episode_side():
    notes = [note(NoteKind.EVALUATION, date(2026, 9, 1), {"morning_stiffness_min": 30})]
    visa = [Reading(4, date(2026, 9, 1), "VISA-A"), Reading(7, date(2026, 10, 1), "VISA-A")]
    facts = facts_from_notes(notes, "left", visa_a_stiffness_points=visa)
    assert facts.involved_side == "left"
    assert facts.stiffness_trend is Trend.BETTER and "VISA-A question 1" in facts.stiffness_text
    alone = facts_from_notes(notes)
    assert alone.stiffness_trend is None and alone.stiffness_text == "Only one recording (30 min)"


# ----- the rule after each run

@pytest.mark.parametrize(("pain", "worse", "limping", "action", "stage_after"), [
    (0, False, False, Action.ADVANCE, 5),
    (3, False, False, Action.ADVANCE, 5),
    (3, True, False, Action.REPEAT, 4),
    (4, False, False, Action.REPEAT, 4),
    (5, False, False, Action.REPEAT, 4),
    (5, True, False, Action.REPEAT, 4),
    (5.5, False, False, Action.STEP_BACK, 3),
    (6, False, False, Action.STEP_BACK, 3),
    (0, False, True, Action.STEP_BACK, 3),
    (2, True, True, Action.STEP_BACK, 3),
])
def test_decision_at_the_pain_boundaries(pain, worse, limping, action, stage_after):
    decision = next_stage(4, pain, worse, limping)
    assert (decision.action, decision.next_stage) == (action, stage_after)
    assert decision.contact_clinic is (action is Action.STEP_BACK)


def test_step_back_never_goes_below_stage_one():
    decision = next_stage(1, 7, False, False)
    assert decision.action is Action.STEP_BACK and decision.next_stage == 1
    assert "contact the clinic" in decision.message


def test_advancing_from_stage_nine_means_building_distance_by_at_most_ten_percent_a_week():
    decision = next_stage(9, 1, False, False)
    assert decision.action is Action.ADVANCE and decision.next_stage == 9
    assert decision.progression_complete and decision.message == AFTER_LAST_STAGE
    assert "10 % a week" in decision.message


@pytest.mark.parametrize(("stage", "pain"), [(0, 1), (10, 1), (3, -1), (3, 11),
                                             (3, float("nan")), (3, True)])
def test_impossible_stages_and_pain_ratings_are_refused(stage, pain):
    with pytest.raises(ValueError):
        next_stage(stage, pain, False, False)


PAIN = st.floats(min_value=0, max_value=10, allow_nan=False)
RANK = {Action.ADVANCE: 2, Action.REPEAT: 1, Action.STEP_BACK: 0}


@given(st.integers(min_value=1, max_value=9), PAIN, st.booleans(), st.booleans())
def test_next_stage_is_total_and_moves_at_most_one_stage(stage, pain, worse, limping):
    decision = next_stage(stage, pain, worse, limping)
    assert 1 <= decision.next_stage <= 9
    assert abs(decision.next_stage - stage) <= 1
    assert decision.message


@given(st.integers(min_value=1, max_value=9), PAIN, PAIN, st.booleans(), st.booleans())
def test_more_pain_never_gives_a_better_decision(stage, pain_a, pain_b, worse, limping):
    low, high = sorted((pain_a, pain_b))
    assert RANK[next_stage(stage, high, worse, limping).action] <= \
        RANK[next_stage(stage, low, worse, limping).action]
    assert RANK[next_stage(stage, low, True, limping).action] <= \
        RANK[next_stage(stage, low, False, limping).action]
    assert RANK[next_stage(stage, low, worse, True).action] <= \
        RANK[next_stage(stage, low, worse, False).action]


# ----- stages and the calendar

def test_the_nine_stages_build_from_one_minute_intervals_to_thirty_minutes():
    assert [s.text for s in STAGES[:2]] == ["Walk 4 min, run 1 min — 6 times",
                                           "Walk 3 min, run 2 min — 6 times"]
    assert [s.running_minutes for s in STAGES] == [6, 12, 18, 24, 10, 15, 20, 25, 30]
    assert STAGES[-1].text == "Run 30 min without stopping"


def test_the_calendar_runs_every_other_day_two_sessions_a_stage():
    calendar = build_calendar(date(2026, 12, 1))
    assert len(calendar.sessions) == 18
    gaps = {(b.on - a.on) for a, b in pairwise(calendar.sessions)}
    assert gaps == {timedelta(days=2)}
    assert [s.stage for s in calendar.sessions[:4]] == [1, 1, 2, 2]
    assert calendar.sessions[0].on == date(2026, 12, 1)
    assert calendar.last_day == date(2026, 12, 1) + timedelta(days=34)
    assert calendar.sessions[-1].stage == 9


def test_a_calendar_can_start_later_in_the_progression_with_more_runs_a_stage():
    calendar = build_calendar(date(2026, 12, 1), first_stage=5, sessions_per_stage=3)
    assert [s.stage for s in calendar.sessions] == [5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]
    with pytest.raises(ValueError, match="at least 2"):
        build_calendar(date(2026, 12, 1), sessions_per_stage=1)
    with pytest.raises(ValueError):
        build_calendar(date(2026, 12, 1), first_stage=10)


def test_the_calendar_survives_being_stored():
    calendar = build_calendar(date(2026, 12, 1), first_stage=3)
    assert calendar_from_json(calendar_to_json(calendar)) == calendar

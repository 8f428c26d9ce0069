"""Return to running: entry criteria checked against the chart, the walk-run stages, the rule for
what to do after each run, and the calendar a patient ticks off.

Entry criteria (defaults; a clinic may change the thresholds): walking 30 minutes without pain;
pain ≤ 2/10 on 10–20 single-leg hops on the involved leg; single-leg heel raises ≥ 25 on the
involved leg OR a limb symmetry index ≥ 90 %; morning stiffness not worse than at the recording
before. A criterion the chart has no value for is "not recorded", never silently met.

Walk-run progression (nine stages, a run every other day, each stage repeated until comfortable):
walk 4/run 1 min × 6; walk 3/run 2 × 6; walk 2/run 3 × 6; walk 1/run 4 × 6; run 10, 15, 20, 25,
30 min; then add distance by no more than 10 % a week before speed and hills. After each run
(`next_stage`): pain ≤ 3/10 and no worse next morning → advance; pain 4–5/10 or worse the next
morning → repeat the stage; pain above 5/10 or limping → step back a stage and contact the clinic.
Sources: Silbernagel pain-monitoring model; common clinical walk-run programmes (the exact stages
are the clinic's, see shared/clinical/achilles-running.md).

The therapist confirms readiness before any calendar prints (domain.run_readiness).

The calendar expects `DEFAULT_SESSIONS_PER_STAGE` (2) comfortable runs per stage before moving
on: the first shows the stage is tolerated, the second that the next-morning response holds (the
pain-monitoring model judges a load by the 24 hours after it). Repeats push the dates later; the
printed calendar is the expected path, not a deadline. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from .chart_readings import Reading, involved_side, latest_pair, readings
from .charting import Note
from .symmetry import LSI_THRESHOLD, limb_symmetry_index

ADVANCE_MAX_PAIN = 3  # pain during the run up to 2–3/10 (and no worse next morning): advance
REPEAT_MAX_PAIN = 5  # 4–5/10: repeat; above 5/10: step back
DEFAULT_SESSIONS_PER_STAGE = 2
MIN_SESSIONS_PER_STAGE = 2
DAYS_BETWEEN_RUNS = 2  # every other day
AFTER_LAST_STAGE = ("Stage 9 is comfortable: now add distance by no more than 10 % a week, "
                    "before adding speed or hills.")


# ----- entry criteria

@dataclass(frozen=True, slots=True)
class EntryThresholds:
    walking_minutes: float = 30
    hop_count: int = 10  # hops on the involved leg for the hop test to count
    hop_pain_max: float = 2
    heel_raise_reps: int = 25
    heel_raise_lsi: float = LSI_THRESHOLD
    stiffness_not_worse: bool = True


class Trend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True, slots=True)
class ChartFacts:
    """What the chart records for the criteria (None: not recorded)."""

    involved_side: str = ""  # "left", "right", "both" or "" (unknown)
    heel_raise_left: float | None = None
    heel_raise_right: float | None = None
    hop_count_left: float | None = None
    hop_count_right: float | None = None
    hop_pain_left: float | None = None
    hop_pain_right: float | None = None
    walking_minutes: float | None = None  # walking without pain
    stiffness_trend: Trend | None = None
    stiffness_text: str = ""  # how the trend was judged: "45 → 30 min"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    label: str
    met: bool | None  # None: not recorded, cannot judge
    actual: str
    required: str


@dataclass(frozen=True, slots=True)
class EntryCheck:
    results: tuple[CriterionResult, ...]

    @property
    def ready(self) -> bool:
        return all(r.met is True for r in self.results)

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        """Criteria not met or not recorded, in order."""
        return tuple(r for r in self.results if r.met is not True)


def check_entry(facts: ChartFacts, thresholds: EntryThresholds = EntryThresholds()) -> EntryCheck:
    results = [_walking(facts, thresholds), _hops(facts, thresholds),
               _heel_raises(facts, thresholds)]
    if thresholds.stiffness_not_worse:
        results.append(_stiffness(facts))
    return EntryCheck(tuple(results))


def _walking(facts: ChartFacts, t: EntryThresholds) -> CriterionResult:
    required = f"Walks {_n(t.walking_minutes)} min without pain"
    if facts.walking_minutes is None:
        return CriterionResult("walking", "Walking", None, "Not recorded", required)
    return CriterionResult("walking", "Walking", facts.walking_minutes >= t.walking_minutes,
                           f"Walks {_n(facts.walking_minutes)} min without pain", required)


def _involved(facts: ChartFacts) -> tuple[str, ...]:
    return {"left": ("left",), "right": ("right",), "both": ("left", "right")}.get(
        facts.involved_side, ())


def _hops(facts: ChartFacts, t: EntryThresholds) -> CriterionResult:
    required = f"{t.hop_count}–20 single-leg hops on the involved leg, pain ≤ {_n(t.hop_pain_max)}/10"
    sides = _involved(facts)
    if not sides:
        return CriterionResult("hops", "Hopping", None, "Involved side not recorded", required)
    actual, met = [], True
    for side in sides:
        count = getattr(facts, f"hop_count_{side}")
        pain = getattr(facts, f"hop_pain_{side}")
        if count is None or pain is None:
            return CriterionResult("hops", "Hopping", None, f"{side.capitalize()}: hops "
                                   f"{_n(count) if count is not None else 'not recorded'}, pain "
                                   f"{_n(pain) if pain is not None else 'not recorded'}", required)
        actual.append(f"{side.capitalize()}: {_n(count)} hops, pain {_n(pain)}/10")
        met = met and count >= t.hop_count and pain <= t.hop_pain_max
    return CriterionResult("hops", "Hopping", met, "; ".join(actual), required)


def _heel_raises(facts: ChartFacts, t: EntryThresholds) -> CriterionResult:
    """Absolute count on the involved leg, or symmetry with the other leg. With both legs
    involved (or the side unknown) there is no healthy side: absolute counts on both legs."""
    required = (f"≥ {t.heel_raise_reps} single-leg heel raises on the involved leg, or limb "
                f"symmetry ≥ {_n(t.heel_raise_lsi)} %")
    reps = {"left": facts.heel_raise_left, "right": facts.heel_raise_right}
    recorded = f"Left {_n(reps['left'])}, right {_n(reps['right'])} reps"

    def verdict(met: bool | None, actual: str = recorded) -> CriterionResult:
        return CriterionResult("heel_raises", "Heel raises", met, actual, required)

    sides = _involved(facts)
    if len(sides) == 1:
        involved = sides[0]
        mine, other = reps[involved], reps["right" if involved == "left" else "left"]
        if mine is None:
            return verdict(None)
        lsi = limb_symmetry_index(mine, other)
        actual = recorded + (f" (LSI {_n(lsi)} %)" if lsi is not None else "")
        return verdict(mine >= t.heel_raise_reps or (lsi is not None
                                                     and lsi >= t.heel_raise_lsi), actual)
    counts = [reps[side] for side in sides or ("left", "right")]
    if any(count is None for count in counts):
        return verdict(None)
    if all(count is not None and count >= t.heel_raise_reps for count in counts):
        return verdict(True)
    return verdict(False) if sides else verdict(None, f"{recorded}; involved side not recorded")


def _stiffness(facts: ChartFacts) -> CriterionResult:
    required = "Morning stiffness no worse than before"
    if facts.stiffness_trend is None:
        return CriterionResult("stiffness", "Morning stiffness", None,
                               facts.stiffness_text or "Needs two recordings to compare", required)
    actual = f"{facts.stiffness_trend.value.capitalize()}: {facts.stiffness_text}".rstrip(": ")
    return CriterionResult("stiffness", "Morning stiffness",
                           facts.stiffness_trend is not Trend.WORSE, actual, required)


# Field ids of the Achilles/running evaluation template (resources/templates/achilles-running.toml).
HEEL_RAISE_FIELD = "heel_raise"
HOP_COUNT_FIELD = "hop_count"
HOP_PAIN_FIELD = "hop_pain"
STIFFNESS_FIELD = "morning_stiffness_min"
# Not in the template yet: read if a template (or a later version) records it.
WALKING_FIELD = "walking_tolerance_min"


def facts_from_notes(notes: Iterable[Note], episode_side: str = "", *,
                     walking_minutes: float | None = None,
                     visa_a_stiffness_points: Sequence[Reading] = ()) -> ChartFacts:
    """ChartFacts from an episode's signed evaluative notes (see domain.chart_readings).

    `walking_minutes` (measured today) wins over a recorded walking field. Morning stiffness
    compares the last two recorded minutes; with fewer than two, the last two VISA-A question 1
    answers (points, higher = less stiffness) stand in when given."""
    notes = list(notes)
    heel, hops, pain = (latest_pair(notes, f) for f in (HEEL_RAISE_FIELD, HOP_COUNT_FIELD,
                                                         HOP_PAIN_FIELD))
    walking = readings(notes, WALKING_FIELD)
    if walking_minutes is None and walking:
        walking_minutes = walking[-1].value
    trend, trend_text = _stiffness_from(readings(notes, STIFFNESS_FIELD),
                                        list(visa_a_stiffness_points))
    sources = sorted({r.source for pair in (heel, hops, pain) for r in pair.values()})

    def value(pair: dict[str, Reading], side: str) -> float | None:
        return pair[side].value if side in pair else None

    return ChartFacts(
        involved_side=involved_side(notes, episode_side),
        heel_raise_left=value(heel, "left"), heel_raise_right=value(heel, "right"),
        hop_count_left=value(hops, "left"), hop_count_right=value(hops, "right"),
        hop_pain_left=value(pain, "left"), hop_pain_right=value(pain, "right"),
        walking_minutes=walking_minutes, stiffness_trend=trend, stiffness_text=trend_text,
        sources=tuple(sources))


def _stiffness_from(minutes: list[Reading], visa_points: list[Reading]
                    ) -> tuple[Trend | None, str]:
    if len(minutes) >= 2:
        before, now = minutes[-2], minutes[-1]
        return (stiffness_trend(before.value, now.value),
                f"{_n(before.value)} → {_n(now.value)} min ({before.on:%d %b} → {now.on:%d %b})")
    if len(visa_points) >= 2:
        before, now = visa_points[-2], visa_points[-1]
        return (stiffness_trend(before.value, now.value, higher_is_worse=False),
                f"VISA-A question 1: {_n(before.value)} → {_n(now.value)} points")
    if minutes:
        return None, f"Only one recording ({_n(minutes[-1].value)} min)"
    return None, ""


def stiffness_trend(earlier: float, later: float, higher_is_worse: bool = True) -> Trend:
    if later == earlier:
        return Trend.SAME
    return Trend.WORSE if (later > earlier) == higher_is_worse else Trend.BETTER


# ----- stages and the rule after each run

@dataclass(frozen=True, slots=True)
class Stage:
    number: int
    walk_minutes: int
    run_minutes: int
    repeats: int

    @property
    def text(self) -> str:
        if self.walk_minutes:
            return (f"Walk {self.walk_minutes} min, run {self.run_minutes} min — "
                    f"{self.repeats} times")
        return f"Run {self.run_minutes} min without stopping"

    @property
    def running_minutes(self) -> int:
        return self.run_minutes * self.repeats


STAGES = (Stage(1, 4, 1, 6), Stage(2, 3, 2, 6), Stage(3, 2, 3, 6), Stage(4, 1, 4, 6),
          Stage(5, 0, 10, 1), Stage(6, 0, 15, 1), Stage(7, 0, 20, 1), Stage(8, 0, 25, 1),
          Stage(9, 0, 30, 1))
FIRST_STAGE, LAST_STAGE = STAGES[0].number, STAGES[-1].number
SESSION_RULES = (
    "Run every other day; repeat a stage until it is comfortable.",
    f"Pain during the run up to {ADVANCE_MAX_PAIN}/10 and no worse the next morning: move on "
    "to the next stage.",
    f"Pain {ADVANCE_MAX_PAIN + 1}–{REPEAT_MAX_PAIN}/10, or worse the next morning: repeat the "
    "stage.",
    f"Pain above {REPEAT_MAX_PAIN}/10 or limping: go back a stage and contact the clinic.",
    "After stage 9, add distance by no more than 10 % a week before speed and hills.",
)


def stage(number: int) -> Stage:
    if not FIRST_STAGE <= number <= LAST_STAGE:
        raise ValueError(f"stages run from {FIRST_STAGE} to {LAST_STAGE}")
    return STAGES[number - 1]


class Action(StrEnum):
    ADVANCE = "advance"
    REPEAT = "repeat"
    STEP_BACK = "step_back"


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    next_stage: int
    message: str
    contact_clinic: bool = False
    progression_complete: bool = False  # stage 9 done comfortably: build distance ≤ 10 %/week


def next_stage(current_stage: int, pain_during: float, pain_next_morning_worse: bool,
               limping: bool) -> Decision:
    """What to do at the next run, from this run's pain (0–10), the next morning and limping."""
    current = stage(current_stage).number
    if (isinstance(pain_during, bool) or not isinstance(pain_during, int | float)
            or not math.isfinite(pain_during) or not 0 <= pain_during <= 10):
        raise ValueError("pain during the run is rated 0–10")
    if limping or pain_during > REPEAT_MAX_PAIN:
        back = max(current - 1, FIRST_STAGE)
        why = "You limped" if limping else f"Pain reached {_n(pain_during)}/10"
        return Decision(Action.STEP_BACK, back, f"{why}: go back to stage {back} "
                        f"({stage(back).text.lower()}) and contact the clinic.", True)
    if pain_next_morning_worse or pain_during > ADVANCE_MAX_PAIN:
        why = ("The tendon was worse the next morning" if pain_next_morning_worse
               else f"Pain reached {_n(pain_during)}/10")
        return Decision(Action.REPEAT, current, f"{why}: repeat stage {current} "
                        f"({stage(current).text.lower()}) next time.")
    if current == LAST_STAGE:
        return Decision(Action.ADVANCE, LAST_STAGE, AFTER_LAST_STAGE, progression_complete=True)
    nxt = current + 1
    return Decision(Action.ADVANCE, nxt, f"Comfortable: move on to stage {nxt} "
                    f"({stage(nxt).text.lower()}) next time.")


# ----- the calendar

@dataclass(frozen=True, slots=True)
class CalendarSession:
    number: int
    on: date
    stage: int
    text: str


@dataclass(frozen=True, slots=True)
class RunCalendar:
    start: date
    first_stage: int
    sessions_per_stage: int
    sessions: tuple[CalendarSession, ...]
    rules: tuple[str, ...] = SESSION_RULES
    after_last_stage: str = AFTER_LAST_STAGE

    @property
    def last_day(self) -> date:
        return self.sessions[-1].on


def build_calendar(start: date, *, first_stage: int = FIRST_STAGE,
                   sessions_per_stage: int = DEFAULT_SESSIONS_PER_STAGE) -> RunCalendar:
    """Runs on alternate days from `start`, `sessions_per_stage` per stage, to stage 9."""
    stage(first_stage)
    if sessions_per_stage < MIN_SESSIONS_PER_STAGE:
        raise ValueError(f"plan at least {MIN_SESSIONS_PER_STAGE} runs per stage")
    sessions, number = [], 0
    for current in STAGES[first_stage - 1:]:
        for _ in range(sessions_per_stage):
            sessions.append(CalendarSession(number + 1, start + timedelta(
                days=DAYS_BETWEEN_RUNS * number), current.number, current.text))
            number += 1
    return RunCalendar(start, first_stage, sessions_per_stage, tuple(sessions))


def calendar_to_json(calendar: RunCalendar) -> dict[str, Any]:
    return {
        "start": calendar.start.isoformat(), "first_stage": calendar.first_stage,
        "sessions_per_stage": calendar.sessions_per_stage,
        "sessions": [{"number": s.number, "on": s.on.isoformat(), "stage": s.stage,
                      "text": s.text} for s in calendar.sessions],
        "rules": list(calendar.rules), "after_last_stage": calendar.after_last_stage,
    }


def calendar_from_json(raw: Mapping[str, Any]) -> RunCalendar:
    """The stored calendar back, exactly as written (texts included, even if the rules change)."""
    sessions = tuple(CalendarSession(int(s["number"]), date.fromisoformat(s["on"]),
                                     int(s["stage"]), str(s["text"])) for s in raw["sessions"])
    return RunCalendar(date.fromisoformat(raw["start"]), int(raw["first_stage"]),
                       int(raw["sessions_per_stage"]), sessions,
                       tuple(raw.get("rules", SESSION_RULES)),
                       str(raw.get("after_last_stage", AFTER_LAST_STAGE)))


def _n(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

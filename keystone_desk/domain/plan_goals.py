"""Goals of a plan of care: measurable targets, their status, and checking them against the chart.

A goal is measurable: an outcome-measure score ("VISA-A ≥ 80"), a test count on one side ("25
single-leg heel raises right") or an activity ("run 5 km with pain ≤ 2/10"), with a comparator, a
target value and a date. `check_goal` compares it with the latest recorded evidence where the
chart can say (measure scores, test counts from signed evaluative notes); an activity goal is the
therapist's call. A goal's status moves not started → progressing → met / not met, or it is
discontinued; goals are never deleted. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NewType

from .chart_readings import Reading
from .errors import FieldProblem

GoalId = NewType("GoalId", int)


class GoalTerm(StrEnum):
    SHORT = "short"
    LONG = "long"


class GoalKind(StrEnum):
    MEASURE_SCORE = "measure_score"  # "VISA-A ≥ 80"
    TEST_COUNT = "test_count"  # "25 single-leg heel raises right"
    ACTIVITY = "activity"  # "run 5 km with pain ≤ 2/10"


class Comparator(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="

    def holds(self, actual: float, target: float) -> bool:
        return actual >= target if self is Comparator.AT_LEAST else actual <= target

    @property
    def symbol(self) -> str:
        return "≥" if self is Comparator.AT_LEAST else "≤"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    PROGRESSING = "progressing"
    MET = "met"
    NOT_MET = "not_met"
    DISCONTINUED = "discontinued"


GOAL_STATUS_LABELS = {GoalStatus.NOT_STARTED: "Not started", GoalStatus.PROGRESSING: "Progressing",
                      GoalStatus.MET: "Met", GoalStatus.NOT_MET: "Not met",
                      GoalStatus.DISCONTINUED: "Discontinued"}
GOAL_SIDES = ("left", "right", "involved")


@dataclass(frozen=True, slots=True)
class GoalTarget:
    """What a person types for a goal; the service stores it as a Goal."""

    term: GoalTerm
    kind: GoalKind
    description: str
    target_value: float
    comparator: Comparator
    unit: str = ""
    target_date: date | None = None
    measure_id: str = ""  # measure_score: the outcome measure ("visa-a")
    test_field: str = ""  # test_count: the evaluation field id ("heel_raise")
    side: str = ""  # test_count: "left", "right" or "involved"


@dataclass(frozen=True, slots=True)
class Goal:
    id: GoalId
    uid: str
    plan_id: int
    target: GoalTarget
    status: GoalStatus
    status_note: str
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def text(self) -> str:
        return goal_text(self.target)


def goal_text(target: GoalTarget) -> str:
    value = _number(target.target_value)
    unit = f" {target.unit}" if target.unit else ""
    when = f" by {target.target_date:%d %b %Y}" if target.target_date else ""
    return f"{target.description} ({target.comparator.symbol} {value}{unit}){when}"


def validate_goal(target: GoalTarget, known_measures: frozenset[str] | None = None
                  ) -> list[FieldProblem]:
    problems = []
    if not target.description.strip():
        problems.append(FieldProblem("description", "Say what the goal is, in words."))
    if not math.isfinite(target.target_value):
        problems.append(FieldProblem("target_value", "Give the target as a number."))
    if target.kind is GoalKind.MEASURE_SCORE:
        if not target.measure_id:
            problems.append(FieldProblem("measure_id", "Choose the outcome measure."))
        elif known_measures is not None and target.measure_id not in known_measures:
            problems.append(FieldProblem("measure_id", f"There is no outcome measure "
                                                       f"{target.measure_id!r}."))
    if target.kind is GoalKind.TEST_COUNT:
        if not target.test_field:
            problems.append(FieldProblem("test_field", "Choose the test (e.g. heel raises)."))
        if target.side not in GOAL_SIDES:
            problems.append(FieldProblem("side", "Choose left, right or the involved side."))
    return problems


@dataclass(frozen=True, slots=True)
class GoalEvidence:
    """The latest recorded values a goal can be checked against.

    `scores`: measure id → latest counted score. `tests`: (field id, "left"/"right") → latest
    value from a signed evaluative note. `involved_side`: "left", "right", "both" or "".
    """

    scores: Mapping[str, Reading] = field(default_factory=dict)
    tests: Mapping[tuple[str, str], Reading] = field(default_factory=dict)
    involved_side: str = ""


@dataclass(frozen=True, slots=True)
class GoalCheck:
    goal_id: int
    checkable: bool
    met: bool | None  # None: nothing recorded to check against (or not checkable)
    actual: Reading | None
    message: str


def check_goal(goal: Goal, evidence: GoalEvidence) -> GoalCheck:
    """Whether the chart shows the goal reached, with the value it is judged on."""
    target = goal.target
    if target.kind is GoalKind.ACTIVITY:
        return GoalCheck(goal.id, False, None, None,
                         "An activity goal is judged by the therapist, not from the chart.")
    reading, what = _reading_for(target, evidence)
    if reading is None:
        return GoalCheck(goal.id, True, None, None, f"No {what} recorded yet.")
    met = target.comparator.holds(reading.value, target.target_value)
    verdict = "reached" if met else "not reached yet"
    return GoalCheck(goal.id, True, met, reading,
                     f"Goal {verdict}: {what} {_number(reading.value)} ({reading.source}); "
                     f"target {target.comparator.symbol} {_number(target.target_value)}.")


def _reading_for(target: GoalTarget, evidence: GoalEvidence) -> tuple[Reading | None, str]:
    if target.kind is GoalKind.MEASURE_SCORE:
        return evidence.scores.get(target.measure_id), f"{target.measure_id} score"
    side = target.side
    if side == "involved":
        side = evidence.involved_side if evidence.involved_side in ("left", "right") else ""
        if evidence.involved_side == "both":
            readings = [r for s in ("left", "right")
                        if (r := evidence.tests.get((target.test_field, s))) is not None]
            worst = (min if target.comparator is Comparator.AT_LEAST else max)(
                readings, key=lambda r: r.value, default=None)
            return worst, f"{target.test_field} (worse side)"
    if not side:
        return None, f"{target.test_field} on the involved side (side not recorded)"
    return evidence.tests.get((target.test_field, side)), f"{target.test_field} {side}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

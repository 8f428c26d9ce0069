"""Recorded outcome-measure results and what a series of them says: baseline, latest, change.

A result is never changed or deleted once recorded; a wrong one is marked in error with a reason
and then left out of baselines, changes and trends (but still shown, struck through). The baseline
is the first scored result of a measure in an episode, the latest its last. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NewType

from .measures import (
    ChangeEvaluation,
    ChangeStatus,
    Direction,
    MeasureDefinition,
    change_from_baseline,
)

MeasureResultId = NewType("MeasureResultId", int)


@dataclass(frozen=True, slots=True)
class MeasureResult:
    id: MeasureResultId
    uid: str
    episode_id: int
    patient_id: int
    measure_id: str
    taken_on: date
    answers: dict[str, int]
    score: float | None  # None when the instrument gives no score for these answers
    problems: tuple[str, ...]
    entered_by: int
    created_at: datetime
    activities: dict[str, str] = field(default_factory=dict)  # PSFS: item id -> activity named
    in_error: bool = False
    error_reason: str = ""
    error_by: int | None = None
    error_at: datetime | None = None

    @property
    def counts(self) -> bool:
        """Whether it takes part in baselines, changes and trends."""
        return not self.in_error and self.score is not None


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """First against last scored result of one measure in an episode (for a discharge summary)."""

    measure_id: str
    measure_name: str
    baseline: MeasureResult
    latest: MeasureResult
    change: float  # latest minus baseline, in the instrument's units
    improvement: float  # the change with "better" positive
    status: ChangeStatus
    passes_mcid: bool
    mcid: float | None
    direction: Direction
    results_counted: int


def in_time_order(results: Iterable[MeasureResult]) -> list[MeasureResult]:
    """Oldest first: by the date taken, then by the order of entry."""
    return sorted(results, key=lambda r: (r.taken_on, r.id))


def baseline_of(results: Iterable[MeasureResult]) -> MeasureResult | None:
    """The first result that counts (not in error, with a score)."""
    return next((r for r in in_time_order(results) if r.counts), None)


def change_for(result: MeasureResult, baseline: MeasureResult | None,
               definition: MeasureDefinition) -> ChangeEvaluation | None:
    """How `result` compares with the baseline; None if either has no score or is in error."""
    if baseline is None or not result.counts or baseline.score is None or result.score is None:
        return None
    return change_from_baseline(baseline.score, result.score, definition)


def outcome_changes(results: Iterable[MeasureResult],
                    definitions: Mapping[str, MeasureDefinition]) -> list[OutcomeChange]:
    """Per measure with a scored result: baseline, latest and the change between them.

    Measures come in the order of `definitions`; a measure not in it is left out.
    """
    by_measure: dict[str, list[MeasureResult]] = {}
    for result in in_time_order(results):
        if result.counts:
            by_measure.setdefault(result.measure_id, []).append(result)
    changes = []
    for measure_id, definition in definitions.items():
        counted = by_measure.get(measure_id)
        if not counted:
            continue
        first, last = counted[0], counted[-1]
        assert first.score is not None and last.score is not None
        evaluation = change_from_baseline(first.score, last.score, definition)
        mcid = definition.mcid.points
        changes.append(OutcomeChange(
            measure_id, definition.name, first, last, float(evaluation.change),
            float(evaluation.improvement), evaluation.status, evaluation.passes_mcid,
            None if mcid is None else float(mcid), definition.scoring.direction, len(counted)))
    return changes

"""What a discharge summary says: goal status, and first-vs-last outcome scores read back from the
note's content.

A discharge note's content holds `outcomes` (first against last scored result of each measure,
as stored when the note was started: see Clinic._outcome_summary) and `goals` (each the goal's
words and a status). This module reads those plain JSON values back without ever raising, so a
note written by an older version still shows and prints. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .measures import CHANGE_STATUS_LABELS, ChangeStatus


class GoalStatus(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_ASSESSED = "not_assessed"


GOAL_STATUS_LABELS = {
    GoalStatus.MET: "Met",
    GoalStatus.PARTLY_MET: "Partly met",
    GoalStatus.NOT_MET: "Not met",
    GoalStatus.NOT_ASSESSED: "Not assessed",
}


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    status: str  # a GoalStatus value, or "" while not chosen

    @property
    def status_label(self) -> str:
        if self.status in GoalStatus.__members__.values():
            return GOAL_STATUS_LABELS[GoalStatus(self.status)]
        return "Not recorded"


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    """One measure's baseline and latest score, the change and what it means against the MCID."""

    measure: str
    first_score: float | None
    first_on: date | None
    last_score: float | None
    last_on: date | None
    change: float | None
    status_label: str
    passes_mcid: bool

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        return ("+" if self.change > 0 else "") + score_text(self.change)


def goals_from(content: Mapping[str, Any]) -> list[Goal]:
    raw = content.get("goals") if isinstance(content, Mapping) else None
    if not isinstance(raw, list):
        return []
    return [Goal(str(entry.get("goal", "")), str(entry.get("status", "") or ""))
            for entry in raw if isinstance(entry, Mapping)]


def goals_content(goals: list[Goal]) -> list[dict[str, str]]:
    """Goals in the shape a note's content stores them."""
    return [{"goal": goal.text, "status": goal.status} for goal in goals]


def outcome_lines(content: Mapping[str, Any]) -> list[OutcomeLine]:
    raw = content.get("outcomes") if isinstance(content, Mapping) else None
    if not isinstance(raw, list):
        return []
    return [_line(entry) for entry in raw if isinstance(entry, Mapping)]


def score_text(value: float | None) -> str:
    """A score as printed: 68, 5.5, 33.3 (never 68.0)."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def _line(entry: Mapping[str, Any]) -> OutcomeLine:
    first, last = _result(entry.get("baseline")), _result(entry.get("latest"))
    status = entry.get("status")
    if isinstance(status, str) and status in ChangeStatus.__members__.values():
        label = CHANGE_STATUS_LABELS[ChangeStatus(status)]
    else:
        label = str(status or "")
    measure = entry.get("measure_name") or entry.get("measure_id") or "Measure"
    return OutcomeLine(str(measure), first[0], first[1], last[0], last[1],
                       _number(entry.get("change")), label, entry.get("passes_mcid") is True)


def _result(raw: object) -> tuple[float | None, date | None]:
    if not isinstance(raw, Mapping):
        return None, None
    taken = raw.get("taken_on")
    try:
        when = date.fromisoformat(taken) if isinstance(taken, str) else None
    except ValueError:
        when = None
    return _number(raw.get("score")), when


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)

"""The therapist's confirmation that a runner is ready to start the walk-run progression.

The entry criteria (domain.return_to_run) advise; the therapist decides. A confirmation records
either that every criterion was met, or that some were not and the runner starts anyway, with the
therapist's reason. Until an episode has one, its home program prints no run calendar (the app
never hands a patient a calendar its own criteria say they are not ready for, unless a therapist
said why). Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .return_to_run import CriterionResult, EntryCheck

MAX_OVERRIDE_REASON_CHARS = 500


@dataclass(frozen=True, slots=True)
class Readiness:
    """The therapist's word that the runner may start the walk-run progression: every entry
    criterion met, or started anyway with a reason. Until an episode has one, its home program
    prints no run calendar. `criteria` are the results it was confirmed on."""

    episode_id: int
    criteria_met: bool
    override_reason: str
    criteria: tuple[CriterionResult, ...]
    confirmed_by: int
    confirmed_by_name: str
    confirmed_at: datetime

    @property
    def overridden(self) -> bool:
        return not self.criteria_met


def readiness_reason(check: EntryCheck, reason: str) -> str:
    """The reason to record with a confirmation over `check`: "" when every criterion is met
    (nothing to explain), else the therapist's words, which are then required. ValueError says
    what is missing."""
    reason = " ".join(reason.split())
    if len(reason) > MAX_OVERRIDE_REASON_CHARS:
        raise ValueError(f"Keep the reason to {MAX_OVERRIDE_REASON_CHARS} characters.")
    if check.ready:
        return ""
    if not reason:
        raise ValueError("Not every entry criterion is met (" + ", ".join(
            r.label.lower() for r in check.unmet) + "): say why the runner may start anyway.")
    return reason


def criteria_to_json(results: Iterable[CriterionResult]) -> list[dict[str, Any]]:
    return [{"id": r.id, "label": r.label, "met": r.met, "actual": r.actual,
             "required": r.required} for r in results]


def criteria_from_json(raw: Iterable[Mapping[str, Any]]) -> tuple[CriterionResult, ...]:
    return tuple(CriterionResult(str(r["id"]), str(r["label"]), r.get("met"),
                                 str(r.get("actual", "")), str(r.get("required", "")))
                 for r in raw)

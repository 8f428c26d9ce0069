"""Home exercise programs: the draft a therapist builds for an episode, and the immutable versions
handed to the patient.

A draft is a list of items (exercise, side, dosage — domain.exercises' Dosage, which checks
itself —, notes, order) plus options (paper size, large
print, low ink, the return-to-run calendar). Handing it out freezes a numbered version with the
exercise text as it read that day, so "what did we give her on 3 Nov?" is answered and reprinted
identically even after the library changes. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NewType

from .errors import FieldProblem
from .exercises import Dosage
from .return_to_run import RunCalendar, calendar_from_json

ProgramId = NewType("ProgramId", int)

ITEM_SIDES = ("", "left", "right", "both")
MAX_ITEMS = 40
MAX_NOTES_CHARS = 500
RUN_CALENDAR_OPTION = "return_to_run"


@dataclass(frozen=True, slots=True)
class ProgramItem:
    exercise_id: str
    side: str = ""  # "", "left", "right" or "both"
    dosage: Dosage = field(default_factory=Dosage)
    notes: str = ""
    order: int = 0


@dataclass(frozen=True, slots=True)
class HomeProgram:
    """The episode's current draft."""

    id: ProgramId
    uid: str
    patient_id: int
    episode_id: int
    items: tuple[ProgramItem, ...]
    options: Mapping[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def run_calendar(self) -> RunCalendar | None:
        raw = self.options.get(RUN_CALENDAR_OPTION)
        return calendar_from_json(raw) if isinstance(raw, Mapping) else None


@dataclass(frozen=True, slots=True)
class HandedItem:
    """An item as handed out: the prescription plus the exercise's text that day."""

    item: ProgramItem
    exercise: Mapping[str, Any]  # the library's (or clinic's) exercise definition, as JSON


@dataclass(frozen=True, slots=True)
class HomeProgramVersion:
    id: int
    uid: str
    program_id: ProgramId
    number: int
    patient_id: int
    episode_id: int
    items: tuple[HandedItem, ...]
    options: Mapping[str, Any]
    run_calendar: RunCalendar | None
    handed_at: datetime
    handed_by: int
    therapist_name: str


def is_as_handed_out(program: HomeProgram, version: HomeProgramVersion | None) -> bool:
    """Whether the draft is still exactly what `version` gave the patient — the same items in
    the same order, options and return-to-run calendar — so its handout is that version's, not
    a draft's."""
    if version is None or version.program_id != program.id:
        return False
    options = {k: v for k, v in program.options.items() if k != RUN_CALENDAR_OPTION}
    return (program.items == tuple(handed.item for handed in version.items)
            and options == dict(version.options)
            and program.run_calendar == version.run_calendar)


def ordered(items: Iterable[ProgramItem]) -> tuple[ProgramItem, ...]:
    """Items in their order (ties keep the given order), renumbered 1, 2, 3…"""
    ranked = sorted(enumerate(items), key=lambda pair: (pair[1].order, pair[0]))
    return tuple(ProgramItem(i.exercise_id, i.side, i.dosage, i.notes.strip(), n)
                 for n, (_, i) in enumerate(ranked, start=1))


def validate_items(items: Iterable[ProgramItem],
                   known_exercises: frozenset[str] | None = None) -> list[FieldProblem]:
    problems = []
    items = list(items)
    if len(items) > MAX_ITEMS:
        problems.append(FieldProblem("items", f"Keep a program to {MAX_ITEMS} exercises."))
    for n, item in enumerate(items):
        where = f"items.{n}"
        if not item.exercise_id.strip():
            problems.append(FieldProblem(where, "Choose an exercise."))
        elif known_exercises is not None and item.exercise_id not in known_exercises:
            problems.append(FieldProblem(where, f"There is no exercise {item.exercise_id!r}."))
        if not isinstance(item.dosage, Dosage):
            problems.append(FieldProblem(where, "Give the dosage."))
        if item.side not in ITEM_SIDES:
            problems.append(FieldProblem(where, "Side: left, right, both or blank."))
        if len(item.notes) > MAX_NOTES_CHARS:
            problems.append(FieldProblem(where, f"Keep notes under {MAX_NOTES_CHARS} characters."))
    return problems


# ----- JSON shapes (what the tables store)

def dosage_to_json(dosage: Dosage) -> dict[str, Any]:
    return {f.name: getattr(dosage, f.name) for f in fields(Dosage)}


def dosage_from_json(raw: Mapping[str, Any]) -> Dosage:
    """A stored dosage back; fields it lacks take the library's defaults."""
    known = {f.name for f in fields(Dosage)}
    return Dosage(**{k: v for k, v in raw.items() if k in known})


def item_to_json(item: ProgramItem) -> dict[str, Any]:
    return {"exercise_id": item.exercise_id, "side": item.side,
            "dosage": dosage_to_json(item.dosage), "notes": item.notes, "order": item.order}


def item_from_json(raw: Mapping[str, Any]) -> ProgramItem:
    return ProgramItem(str(raw.get("exercise_id", "")), str(raw.get("side", "")),
                       dosage_from_json(raw.get("dosage") or {}), str(raw.get("notes", "")),
                       int(raw.get("order", 0)))

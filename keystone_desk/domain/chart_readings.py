"""Reading recorded values back out of an episode's signed notes, by evaluation-template field id.

Goal checks ("25 single-leg heel raises right") and the return-to-run entry criteria need the
latest heel-raise count, hop count, hop pain, morning stiffness… as the chart records them. They
come from signed evaluative notes only (initial evaluation, progress note, re-evaluation): a draft
may be half typed, and a daily note does not hold test results. Values keep the shapes of
domain.templates (a bilateral field is {"left": n, "right": n}). Never raises on odd content: a
value of the wrong shape is simply not a reading. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .charting import EVALUATIVE_KINDS, NOTE_KIND_LABELS, Note

SIDES = ("left", "right")
INVOLVED_SIDE_FIELD = "involved_side"


@dataclass(frozen=True, slots=True)
class Reading:
    """One recorded value and where it came from ("Initial evaluation, 12 Nov 2026")."""

    value: float
    on: date
    source: str


def evaluative_notes(notes: Iterable[Note]) -> list[Note]:
    """Signed evaluations, progress notes and re-evaluations, oldest first."""
    chosen = [n for n in notes if n.is_signed and n.kind in EVALUATIVE_KINDS]
    return sorted(chosen, key=lambda n: (n.header.visit_date, n.id))


def readings(notes: Iterable[Note], field_id: str, side: str | None = None) -> list[Reading]:
    """Every numeric value of `field_id` (one side of a bilateral field when `side` is given) in
    the signed evaluative notes, oldest first."""
    found = []
    for note in evaluative_notes(notes):
        content = note.content if isinstance(note.content, Mapping) else {}
        value = content.get(field_id)
        if side is not None:
            value = value.get(side) if isinstance(value, Mapping) else None
        number = _number(value)
        if number is not None:
            found.append(Reading(number, note.header.visit_date, _source(note)))
    return found


def latest(notes: Iterable[Note], field_id: str, side: str | None = None) -> Reading | None:
    found = readings(notes, field_id, side)
    return found[-1] if found else None


def latest_pair(notes: Iterable[Note], field_id: str) -> dict[str, Reading]:
    """Left and right of a bilateral field from the latest signed evaluative note recording
    either side, so both sides (and their symmetry) come from the same session."""
    for note in reversed(evaluative_notes(notes)):
        value = note.content.get(field_id) if isinstance(note.content, Mapping) else None
        if not isinstance(value, Mapping):
            continue
        pair = {side: Reading(number, note.header.visit_date, _source(note))
                for side in SIDES if (number := _number(value.get(side))) is not None}
        if pair:
            return pair
    return {}


def involved_side(notes: Iterable[Note], default: str = "") -> str:
    """The involved side the latest signed evaluative note records, else `default` (the
    episode's side): "left", "right", "both" or ""."""
    for note in reversed(evaluative_notes(notes)):
        value = note.content.get(INVOLVED_SIDE_FIELD) if isinstance(note.content, Mapping) else None
        if value in ("left", "right", "both"):
            return str(value)
    return default if default in ("left", "right", "both") else ""


def _source(note: Note) -> str:
    return f"{NOTE_KIND_LABELS[note.kind]}, {note.header.visit_date:%d %b %Y}"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None

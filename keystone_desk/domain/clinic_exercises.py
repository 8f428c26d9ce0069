"""Exercises a clinic writes itself: what the editor gives (`ExerciseDraft`), the definition stored
for it, and the `Exercise` read back from that definition.

The definition is JSON in the same shape as a library file (resources/exercises/<id>.toml): the
same keys, the dosage as a table, the drawn positions under `figure.start`/`figure.end`, so a
handed-out program keeps a clinic exercise's text exactly as it keeps a library one's. Unlike a
library file it may have no drawing (the clinic's photo shows instead), no cues, no progressions
and no word on which legs it works (a drawn one takes its drawing's; without, the handout names the
side the therapist chose).
Ids are "clinic-" plus the name folded to a slug, so they never collide with library ids.
Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import FieldProblem, ValidationError
from .exercises import (
    EXERCISE_ID,
    PAIN_RULE,
    Dosage,
    Exercise,
    ExerciseCategory,
    ExerciseId,
    ExerciseSource,
    Legs,
    has_pain_rule,
)
from .figure_model import Pose, pose_from_mapping, pose_to_mapping
from .home_programs import dosage_from_json, dosage_to_json
from .text_search import fold

CLINIC_PREFIX = "clinic-"
CLINIC_SOURCE = "The clinic's own exercise, written in Keystone Desk."
MAX_TEXT = 600
MAX_LINES = 12


@dataclass(frozen=True, slots=True)
class ExerciseDraft:
    """A clinic exercise as typed in the editor; `figure_from` names the library exercise whose
    drawn start and end positions it reuses ("" for none: a photo, or nothing)."""

    name: str
    category: ExerciseCategory | str
    purpose: str = ""
    starting_position: str = ""
    steps: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cautions: tuple[str, ...] = (PAIN_RULE,)
    dosage: Dosage = field(default_factory=Dosage)
    figure_from: str = ""


def default_cautions() -> tuple[str, ...]:
    """What a new clinic exercise's cautions start with: the pain rule every handout carries."""
    return (PAIN_RULE,)


def clinic_exercise_id(name: str, taken: Iterable[str]) -> ExerciseId:
    """ "clinic-wall-sit", or "clinic-wall-sit-2" when that is taken."""
    slug = "-".join(fold(name).split())
    slug = re.sub(r"[^a-z0-9-]+", "", slug).strip("-")[:48].strip("-") or "exercise"
    base = CLINIC_PREFIX + re.sub(r"-{2,}", "-", slug)
    used = set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return ExerciseId(candidate)


def validate_draft(draft: ExerciseDraft) -> list[FieldProblem]:
    """What the editor must fix before the exercise can be saved (plain words, per field)."""
    problems = []
    if not draft.name.strip() or len(draft.name) > 80:
        problems.append(FieldProblem("name", "Give a name of up to 80 characters."))
    if draft.category not in {c.value for c in ExerciseCategory}:
        problems.append(FieldProblem("category", "Choose a category."))
    for key in ("purpose", "starting_position"):
        value = getattr(draft, key)
        if not value.strip():
            problems.append(FieldProblem(key, "Write a sentence for the handout."))
        elif len(value) > MAX_TEXT:
            problems.append(FieldProblem(key, f"Keep it to {MAX_TEXT} characters."))
    if not any(step.strip() for step in draft.steps):
        problems.append(FieldProblem("steps", "Describe at least one step, one per line."))
    for key in ("steps", "cues", "cautions"):
        lines = [line for line in getattr(draft, key) if line.strip()]
        if len(lines) > MAX_LINES:
            problems.append(FieldProblem(key, f"Keep it to {MAX_LINES} lines."))
        elif any(len(line) > MAX_TEXT for line in lines):
            problems.append(FieldProblem(key, f"Keep each line to {MAX_TEXT} characters."))
    if not any(has_pain_rule(c) for c in draft.cautions):
        problems.append(FieldProblem(
            "cautions", "Keep the pain rule (up to 5/10, settled by the next morning)."))
    if not isinstance(draft.dosage, Dosage):
        problems.append(FieldProblem("dosage", "Give the default dosage."))
    return problems


def definition_from_draft(exercise_id: str, draft: ExerciseDraft, *,
                          figure: tuple[Pose, Pose] | None = None, body_region: str = "",
                          tags: Iterable[str] = (), legs: Legs | None = None) -> dict[str, Any]:
    """The stored definition (library-file shape); ValidationError lists what to fix."""
    problems = validate_draft(draft)
    if not EXERCISE_ID.match(exercise_id):
        problems.append(FieldProblem("id", "use lower-case letters, digits and single hyphens"))
    if problems:
        raise ValidationError(problems)
    definition: dict[str, Any] = {
        "id": exercise_id, "name": " ".join(draft.name.split()),
        "category": ExerciseCategory(draft.category).value,
        "body_region": body_region, "tags": ["clinic", *tags],
        "purpose": " ".join(draft.purpose.split()),
        "starting_position": " ".join(draft.starting_position.split()),
        "steps": _lines(draft.steps), "cues": _lines(draft.cues),
        "cautions": _lines(draft.cautions), "source": CLINIC_SOURCE,
        "dosage": dosage_to_json(draft.dosage),
    }
    if legs is not None:
        definition["legs"] = legs.value
    if figure is not None:
        definition["figure"] = {"start": pose_to_mapping(figure[0]),
                                "end": pose_to_mapping(figure[1])}
    return definition


def exercise_from_definition(definition: Mapping[str, Any]) -> Exercise:
    """A clinic exercise back from its stored definition (ValidationError if it is unusable)."""
    figure = definition.get("figure") or {}
    start = pose_from_mapping(figure["start"], "figure.start") if "start" in figure else None
    end = pose_from_mapping(figure["end"], "figure.end") if "end" in figure else None
    category = str(definition.get("category", ""))
    if category not in {c.value for c in ExerciseCategory}:
        raise ValidationError(FieldProblem("category", "Choose a category."))
    return Exercise(
        id=ExerciseId(str(definition.get("id", ""))), name=str(definition.get("name", "")),
        category=ExerciseCategory(category), body_region=str(definition.get("body_region", "")),
        purpose=str(definition.get("purpose", "")),
        starting_position=str(definition.get("starting_position", "")),
        steps=tuple(definition.get("steps") or ()), cues=tuple(definition.get("cues") or ()),
        cautions=tuple(definition.get("cautions") or ()),
        tags=tuple(str(t) for t in definition.get("tags") or ()),
        dosage=dosage_from_json(definition.get("dosage") or {}),
        figure_start=start, figure_end=end,
        legs=Legs(definition["legs"]) if definition.get("legs") in set(Legs) else None,
        dosage_source=str(definition.get("source", "")), source=ExerciseSource.CLINIC)


def draft_from_exercise(exercise: Exercise, figure_from: str = "") -> ExerciseDraft:
    """The editor's starting values for an existing clinic exercise."""
    return ExerciseDraft(exercise.name, exercise.category, exercise.purpose,
                         exercise.starting_position, exercise.steps, exercise.cues,
                         exercise.cautions, exercise.dosage, figure_from)


def _lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip()]


def photo_mime(data: bytes) -> str:
    """"image/png" or "image/jpeg" from the picture's first bytes; "" for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return ""

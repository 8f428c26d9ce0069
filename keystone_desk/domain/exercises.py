"""Exercises for home programs: what to do, how much (the dosage), how to progress, what to watch.

The library's exercises come from resources/exercises/*.toml (content/exercises.py); a clinic's
own exercises and photos will come from the database. Both are the same `Exercise`, told apart by
`source`. A dosage is checked here, once, for every place that makes one (a file, a protocol, the
program builder), and `dosage_text` writes the one big line a patient reads on the handout.
Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from .errors import FieldProblem, NotFoundError, ValidationError
from .figure_model import Pose
from .text_search import fold

ExerciseId = NewType("ExerciseId", str)

EXERCISE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The Silbernagel pain-monitoring model, which every exercise's cautions must carry in some form.
PAIN_RULE = ("Pain rule: some pain while you exercise is OK, up to 5 out of 10 (5/10), as long as "
             "it settles by the next morning and does not build up from week to week. If it is "
             "worse the next morning, do less next time and tell your therapist.")
PAIN_RULE_MARKERS = ("5/10", "next morning")


class ExerciseCategory(StrEnum):
    CALF_LOADING = "calf loading"
    ISOMETRIC = "isometric"
    BAND = "band"
    STRETCH = "stretch"
    HIP_AND_POSTERIOR_CHAIN = "hip and posterior chain"
    BALANCE = "balance"
    PLYOMETRIC = "plyometric"
    RUNNING = "running"


class Legs(StrEnum):
    """Which legs an exercise works, which decides the side line on a handout card."""

    ONE = "one"  # single-leg: done on the patient's sore leg (the episode's side)
    BOTH = "both"  # both legs together: "Both legs", whatever side the episode is
    ALTERNATING = "alternating"  # walking, running, skipping: no side to name


def card_side(legs: Legs | None, item_side: str) -> str:
    """The side a handout card names: "left", "right", "each" (a single-leg exercise for both
    sore legs), "both" (a two-legged exercise) or "" (none). Only a single-leg exercise takes
    the program item's side; `legs` None (an exercise text that predates the field, or a clinic's
    own exercise) keeps the item's side as it was given."""
    if legs is Legs.BOTH:
        return "both"
    if legs is Legs.ALTERNATING:
        return ""
    if legs is Legs.ONE and item_side == "both":
        return "each"
    return item_side if item_side in ("left", "right", "both") else ""


class ExerciseSource(StrEnum):
    LIBRARY = "library"  # shipped in resources/exercises
    CLINIC = "clinic"  # made by the clinic in the app


class UnknownExerciseError(NotFoundError):
    """No exercise has the id asked for."""

    def __init__(self, exercise_id: str):
        self.exercise_id = exercise_id
        super().__init__(f"there is no exercise {exercise_id!r} in the library.")


# (lowest, highest) for each whole-number part of a dosage.
DOSAGE_LIMITS = {
    "sets": (1, 10), "reps": (1, 100), "hold_seconds": (0, 300), "rest_seconds": (0, 600),
    "times_per_day": (1, 6), "days_per_week": (1, 7),
}
# What one repetition is called on the handout, plural → singular.
DOSAGE_UNITS = {"reps": "rep", "hops": "hop", "skips": "skip", "steps": "step", "rounds": "round"}
MAX_DOSAGE_TEXT = 120


@dataclass(frozen=True, slots=True)
class Dosage:
    """How much of an exercise: `reps` per set; `hold_seconds` per rep for holds and stretches."""

    sets: int = 3
    reps: int = 10
    hold_seconds: int = 0
    rest_seconds: int = 60
    times_per_day: int = 1
    days_per_week: int = 7
    load: str = ""  # "body weight; add a backpack when pain-free"
    tempo: str = ""  # "3 s up, 3 s down"
    each_side: bool = False
    unit: str = "reps"

    def __post_init__(self) -> None:
        problems = []
        for name, (low, high) in DOSAGE_LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(FieldProblem(name, "give a whole number"))
            elif not low <= value <= high:
                problems.append(FieldProblem(name, f"give a number from {low} to {high}"))
        for name in ("load", "tempo"):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > MAX_DOSAGE_TEXT:
                problems.append(FieldProblem(name, f"keep it to {MAX_DOSAGE_TEXT} characters"))
        if not isinstance(self.each_side, bool):
            problems.append(FieldProblem("each_side", "use true or false"))
        if self.unit not in DOSAGE_UNITS:
            problems.append(FieldProblem("unit", "use one of " + ", ".join(DOSAGE_UNITS)))
        if problems:
            raise ValidationError(problems)


def dosage_text(dosage: Dosage) -> str:
    """The big line on the handout, e.g. "3 sets × 15 reps · 2× a day · every day"."""
    parts = [_amount(dosage)]
    if dosage.times_per_day > 1:
        parts.append(f"{dosage.times_per_day}× a day")
    elif dosage.days_per_week == 7:
        parts.append("once a day")
    if dosage.days_per_week == 7:
        if dosage.times_per_day > 1:
            parts.append("every day")
    elif dosage.days_per_week == 1:
        parts.append("once a week")
    else:
        parts.append(f"{dosage.days_per_week} days a week")
    return " · ".join(parts)


def _amount(d: Dosage) -> str:
    unit = d.unit if d.reps != 1 else DOSAGE_UNITS[d.unit]
    sets = f"{d.sets} sets × " if d.sets > 1 else ""
    if d.hold_seconds and d.reps == 1:
        text = f"{d.sets} × {d.hold_seconds} s holds" if d.sets > 1 else f"hold {d.hold_seconds} s"
    elif d.hold_seconds:
        text = (f"{sets}{d.reps} {unit}, hold {d.hold_seconds} s each" if d.sets > 1
                else f"{d.reps} × {d.hold_seconds} s holds")
    else:
        text = f"{sets}{d.reps} {unit}"
    return text + (" each side" if d.each_side else "")


@dataclass(frozen=True, slots=True)
class ExerciseLink:
    """A progression or regression: another exercise by id, advice in words, or both."""

    text: str = ""
    exercise_id: ExerciseId | None = None


PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_PHOTO_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Photo:
    """A clinic's own photo of an exercise, shown instead of the drawn figure."""

    data: bytes
    mime: str

    def __post_init__(self) -> None:
        if self.mime not in PHOTO_TYPES:
            raise ValidationError(FieldProblem("photo", "use a JPEG or PNG picture"))
        if not self.data or len(self.data) > MAX_PHOTO_BYTES:
            raise ValidationError(FieldProblem("photo", "use a picture of up to 5 MB"))


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise, from the library or made by the clinic (`source`).

    `dosage_source` says where the default dosage comes from (a trial, a guideline or clinical
    practice); `figure_start`/`figure_end` are the drawn positions, `photo` the clinic's own."""

    id: ExerciseId
    name: str
    category: ExerciseCategory
    body_region: str
    purpose: str
    starting_position: str
    steps: tuple[str, ...]
    dosage: Dosage
    cues: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    progressions: tuple[ExerciseLink, ...] = ()
    regressions: tuple[ExerciseLink, ...] = ()
    figure_start: Pose | None = None
    figure_end: Pose | None = None
    legs: Legs | None = None  # the library's always say; a clinic's own may not
    dosage_source: str = ""
    source: ExerciseSource = ExerciseSource.LIBRARY
    photo: Photo | None = None

    def __post_init__(self) -> None:
        problems = []
        if not EXERCISE_ID.match(self.id):
            problems.append(FieldProblem("id", "use lower-case letters, digits and single hyphens"))
        if not self.name.strip() or len(self.name) > 80:
            problems.append(FieldProblem("name", "give a name of up to 80 characters"))
        if not self.steps or not all(step.strip() for step in self.steps):
            problems.append(FieldProblem("steps", "describe at least one step"))
        if (self.figure_start is None) != (self.figure_end is None):
            problems.append(FieldProblem("figure", "give both a start and an end position"))
        if problems:
            raise ValidationError(problems)

    @property
    def pain_rule(self) -> str | None:
        """The caution that states the pain-monitoring rule, if there is one."""
        return next((c for c in self.cautions if has_pain_rule(c)), None)

    def search_words(self) -> list[str]:
        text = " ".join((self.name, self.id, self.category.value, self.body_region, self.purpose,
                         *self.tags))
        return fold(text).split()


def has_pain_rule(text: str) -> bool:
    lowered = text.casefold()
    return all(marker in lowered for marker in PAIN_RULE_MARKERS)


def search_exercises(exercises: Iterable[Exercise], text: str,
                     category: ExerciseCategory | str | None = None) -> list[Exercise]:
    """Exercises where every typed word begins a word of the name, id, category, body region,
    purpose or tags (folded like patient search: case, accents, punctuation); name matches first,
    otherwise in the order given. Empty text lists the whole category."""
    wanted = ExerciseCategory(category) if category else None
    terms = fold(text).split()
    in_name: list[Exercise] = []
    elsewhere: list[Exercise] = []
    for exercise in exercises:
        if wanted is not None and exercise.category is not wanted:
            continue
        words = exercise.search_words()
        if not all(any(w.startswith(t) for w in words) for t in terms):
            continue
        name_words = fold(exercise.name).split()
        named = bool(terms) and all(any(w.startswith(t) for w in name_words) for t in terms)
        (in_name if named or not terms else elsewhere).append(exercise)
    return in_name + elsewhere

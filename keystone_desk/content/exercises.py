"""The exercise library from resources/exercises/*.toml, checked when it is loaded.

Every file is one exercise named after its id. A mistake a clinician could make while editing (a
missing step, no word on which legs it works, a dosage out of range, a pose angle with the wrong
sign, a progression naming an exercise that does not exist, cautions without the pain rule) stops
the load with an ExerciseDefinitionError that names the file and the key, so the app never prints
a broken handout.
Imports the domain and the standard library only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
from ..domain.exercises import (
    EXERCISE_ID,
    Dosage,
    Exercise,
    ExerciseCategory,
    ExerciseId,
    ExerciseLink,
    ExerciseSource,
    Legs,
    UnknownExerciseError,
    has_pain_rule,
    search_exercises,
)
from ..domain.figure_model import Pose, pose_from_mapping
from .resources import resources_dir

_TOP_KEYS = {"id", "name", "category", "body_region", "legs", "tags", "purpose",
             "starting_position", "steps", "cues", "cautions", "source", "dosage", "progressions",
             "regressions", "figure"}
_DOSAGE_KEYS = {"sets", "reps", "hold_seconds", "rest_seconds", "times_per_day", "days_per_week",
                "load", "tempo", "each_side", "unit"}
_LINK_KEYS = {"id", "text"}


class ExerciseDefinitionError(ValueError):
    """An exercise file is not usable; the message names the file and the key."""


class _Bad(ExerciseDefinitionError):
    """A problem found while parsing one file; the loader adds the file name."""


def default_exercises_dir() -> Path:
    return resources_dir() / "exercises"


class ExerciseLibrary:
    """The library's exercises by id, ordered by category and then name."""

    def __init__(self, exercises: list[Exercise]):
        order = list(ExerciseCategory)
        self._by_id: dict[str, Exercise] = {}
        for exercise in sorted(exercises, key=lambda e: (order.index(e.category), e.name)):
            if exercise.id in self._by_id:
                raise ExerciseDefinitionError(f"two exercises have the id {exercise.id!r}")
            self._by_id[exercise.id] = exercise

    @classmethod
    def load(cls, path: Path | str | None = None) -> ExerciseLibrary:
        """Every *.toml file in `path` (default: the app's resources/exercises)."""
        folder = Path(path) if path is not None else default_exercises_dir()
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise ExerciseDefinitionError(f"{folder}: no exercise files (*.toml) found")
        loaded = {file: load_exercise(file) for file in files}
        known = {exercise.id for exercise in loaded.values()}
        for file, exercise in loaded.items():
            for key in ("progressions", "regressions"):
                for n, link in enumerate(getattr(exercise, key)):
                    if link.exercise_id is not None and link.exercise_id not in known:
                        raise ExerciseDefinitionError(
                            f"{file}: {key}[{n}].id: no exercise {link.exercise_id!r} in {folder}")
        return cls(list(loaded.values()))

    def get(self, exercise_id: str) -> Exercise:
        found = self._by_id.get(exercise_id)
        if found is None:
            raise UnknownExerciseError(exercise_id)
        return found

    def find(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def categories(self) -> list[ExerciseCategory]:
        """The categories that have exercises, in the library's order."""
        present = {e.category for e in self._by_id.values()}
        return [c for c in ExerciseCategory if c in present]

    def search(self, text: str, category: ExerciseCategory | str | None = None) -> list[Exercise]:
        """See domain.exercises.search_exercises: every word must begin a word of the exercise."""
        return search_exercises(self._by_id.values(), text, category)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return isinstance(exercise_id, str) and exercise_id in self._by_id


def load_exercise(path: Path) -> Exercise:
    """Read and check one file; ExerciseDefinitionError names the file on any problem."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ExerciseDefinitionError(f"{path}: cannot be read as TOML: {exc}") from exc
    try:
        exercise = parse_exercise(data)
    except _Bad as exc:
        raise ExerciseDefinitionError(f"{path}: {exc}") from None
    if exercise.id != path.stem:
        raise ExerciseDefinitionError(f"{path}: the file must be named after its id "
                                      f"({exercise.id}.toml)")
    return exercise


def parse_exercise(data: Mapping[str, Any]) -> Exercise:
    """A library exercise from parsed TOML; raises ExerciseDefinitionError without a file name."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _Bad(f"unknown key(s) {', '.join(unknown)} (expected some of "
                   f"{', '.join(sorted(_TOP_KEYS))})")
    exercise_id = _text(data, "id")
    if not EXERCISE_ID.match(exercise_id):
        raise _Bad("id: use lower-case letters, digits and single hyphens, e.g. 'glute-bridge'")
    category = _text(data, "category")
    if category not in {c.value for c in ExerciseCategory}:
        raise _Bad("category: choose one of " + ", ".join(c.value for c in ExerciseCategory))
    legs = data.get("legs")
    if legs not in {value.value for value in Legs}:
        raise _Bad("legs: say which legs it works: \"one\" (single-leg: the handout names the "
                   "patient's side), \"both\" (both legs together) or \"alternating\" (walking, "
                   "running: no side)")
    cautions = _texts(data, "cautions")
    if not any(has_pain_rule(c) for c in cautions):
        raise _Bad("cautions: state the pain rule (up to 5/10 during, settled by the next morning)")
    if len(_text(data, "source")) < 20:
        raise _Bad("source: say where the dosage comes from (author, year, journal)")
    figure = _table(data, "figure")
    unknown = sorted(set(figure) - {"start", "end"})
    if unknown:
        raise _Bad(f"figure: unknown key(s) {', '.join(unknown)} (expected start and end)")
    try:
        return Exercise(
            id=ExerciseId(exercise_id), name=_text(data, "name"),
            category=ExerciseCategory(category), body_region=_text(data, "body_region"),
            purpose=_text(data, "purpose"), starting_position=_text(data, "starting_position"),
            steps=_texts(data, "steps"), cues=_texts(data, "cues"), cautions=cautions,
            tags=tuple(t.casefold() for t in _texts(data, "tags")),
            dosage=_dosage(_table(data, "dosage")),
            progressions=_links(data, "progressions"), regressions=_links(data, "regressions"),
            figure_start=_pose(figure, "start"), figure_end=_pose(figure, "end"),
            legs=Legs(legs), dosage_source=_text(data, "source"), source=ExerciseSource.LIBRARY)
    except ValidationError as exc:
        raise _Bad(str(exc)) from None


def _text(data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{where}{key}: required text is missing")
    return " ".join(value.split())


def _texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str) and v.strip() for v in value)):
        raise _Bad(f"{key}: give a list of one or more texts")
    return tuple(" ".join(v.split()) for v in value)


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _Bad(f"{key}: a [{key}] table is required")
    return value


def _dosage(raw: Mapping[str, Any]) -> Dosage:
    unknown = sorted(set(raw) - _DOSAGE_KEYS)
    if unknown:
        raise _Bad(f"dosage: unknown key(s) {', '.join(unknown)}")
    try:
        return Dosage(**raw)
    except ValidationError as exc:
        raise _Bad("; ".join(f"dosage.{p.field}: {p.message}" for p in exc.problems)) from None


def _links(data: Mapping[str, Any], key: str) -> tuple[ExerciseLink, ...]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f"{key}: expected a list of tables ([[{key}]])")
    links = []
    for n, raw in enumerate(value):
        where = f"{key}[{n}]"
        if (not isinstance(raw, dict) or set(raw) - _LINK_KEYS
                or not (raw.get("id") or raw.get("text"))):
            raise _Bad(f"{where}: give an exercise id, a text, or both")
        linked = raw.get("id")
        if linked is not None and (not isinstance(linked, str) or not EXERCISE_ID.match(linked)):
            raise _Bad(f"{where}.id: not an exercise id")
        text = raw.get("text", "")
        if not isinstance(text, str):
            raise _Bad(f"{where}.text: must be text")
        links.append(ExerciseLink(" ".join(text.split()),
                                  ExerciseId(linked) if linked is not None else None))
    return tuple(links)


def _pose(figure: Mapping[str, Any], key: str) -> Pose:
    raw = figure.get(key)
    if not isinstance(raw, dict):
        raise _Bad(f"figure.{key}: a [figure.{key}] table is required")
    try:
        return pose_from_mapping(raw, f"figure.{key}")
    except ValidationError as exc:
        raise _Bad(str(exc)) from None

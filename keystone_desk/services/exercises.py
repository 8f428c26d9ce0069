"""ExerciseService: the exercise library and the clinic's own exercises as one list, and the
photos a clinic attaches to any exercise. No Qt.

The library comes from resources/exercises (content.exercises, loaded on first use); the clinic's
exercises and photos from the database (store.custom_exercises). Every `Exercise` returned carries
its current photo, if any. A clinic exercise is created, updated over the version the person read,
and archived (never deleted: old programs still name it). A photo is never changed: setting one adds
it and clearing adds an empty row, so the latest row wins. Every write is one transaction with its
audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ..content.exercises import ExerciseLibrary
from ..domain.clinic_exercises import (
    ExerciseDraft,
    clinic_exercise_id,
    definition_from_draft,
    exercise_from_definition,
    photo_mime,
)
from ..domain.errors import FieldProblem, NotFoundError, ValidationError
from ..domain.exercises import (
    Exercise,
    ExerciseCategory,
    ExerciseSource,
    Photo,
    UnknownExerciseError,
    search_exercises,
)
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.custom_exercises import (
    CustomExercise,
    CustomExerciseRepository,
    ExercisePhotoRepository,
)
from ..store.database import Database


@dataclass(frozen=True, slots=True)
class ClinicExercise:
    """A clinic exercise with what editing it needs: the version read, whether it is archived,
    and the library exercise whose drawing it reuses ("" when none)."""

    exercise: Exercise
    version: int
    archived: bool
    figure_from: str


class ExerciseService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *,
                 library: Callable[[], ExerciseLibrary] = ExerciseLibrary.load):
        self._db = db
        self._clock = clock
        self._load_library = library
        self._library: ExerciseLibrary | None = None
        self._custom = CustomExerciseRepository(db)
        self._photos = ExercisePhotoRepository(db)
        self._audit = AuditLog(db)

    # Reading
    @property
    def library(self) -> ExerciseLibrary:
        """The shipped exercises (loaded and checked on first use)."""
        if self._library is None:
            self._library = self._load_library()
        return self._library

    def all(self) -> list[Exercise]:
        """Library and clinic exercises (not archived), by category then name, with photos."""
        return self._with_photos(self._merged())

    def search(self, text: str, category: ExerciseCategory | str | None = None) -> list[Exercise]:
        """Every typed word must begin a word of the name, category, purpose or tags (folded like
        patient search); name matches first. Empty text lists the whole category."""
        # Match first, then read photos once for what is shown: this runs on every keystroke.
        return self._with_photos(search_exercises(self._merged(), text, category))

    def categories(self) -> list[ExerciseCategory]:
        custom = {c.definition.get("category") for c in self._custom.all()}
        present = {e.category for e in self.library} | {
            k for k in ExerciseCategory if k.value in custom}
        return [c for c in ExerciseCategory if c in present]

    def get(self, exercise_id: str) -> Exercise:
        """Any exercise by id, archived clinic ones included (old programs name them)."""
        found = self.library.find(exercise_id)
        if found is None:
            custom = self._custom.find(exercise_id)
            if custom is None:
                raise UnknownExerciseError(exercise_id)
            found = self._clinic(custom)
        return self._with_photo(found)

    def clinic_exercise(self, exercise_id: str) -> ClinicExercise:
        """A clinic exercise for editing; NotFoundError for a library one."""
        custom = self._custom.get(exercise_id)
        exercise = self._with_photo(self._clinic(custom))
        return ClinicExercise(exercise, custom.version, custom.archived,
                              self._figure_source(exercise))

    def photo(self, exercise_id: str) -> Photo | None:
        stored = self._photos.latest(exercise_id)
        return Photo(stored.data, stored.mime) if stored is not None else None

    # Writing clinic exercises
    def create(self, actor: User, draft: ExerciseDraft) -> Exercise:
        """A new clinic exercise; ValidationError names each field to fix."""
        taken = {*self.library.ids(), *(c.exercise_id for c in self._custom.all(
            include_archived=True))}
        exercise_id = clinic_exercise_id(draft.name, taken)
        definition = self._definition(exercise_id, draft)
        now = self._clock()
        with self._db.atomic():
            row_id = self._custom.insert(exercise_id, definition, now, actor.id)
            self._audit.append(now, actor.id, "create", "exercise", row_id, None, exercise_id)
        return self.get(exercise_id)

    def update(self, actor: User, exercise_id: str, draft: ExerciseDraft,
               expected_version: int) -> Exercise:
        """Rewrite a clinic exercise over the version read; ConflictError if it moved on.
        Programs already handed out keep the text they printed."""
        definition = self._definition(exercise_id, draft)
        now = self._clock()
        with self._db.atomic():
            current = self._custom.get(exercise_id)
            self._custom.update(exercise_id, definition, expected_version, now, actor.id)
            self._audit.append(now, actor.id, "update", "exercise", current.id, None, exercise_id)
        return self.get(exercise_id)

    def archive(self, actor: User, exercise_id: str, expected_version: int) -> None:
        """Take a clinic exercise out of the library list; programs that use it keep it."""
        now = self._clock()
        with self._db.atomic():
            current = self._custom.get(exercise_id)
            self._custom.update(exercise_id, current.definition, expected_version, now, actor.id,
                                archived=True)
            self._audit.append(now, actor.id, "archive", "exercise", current.id, None,
                               exercise_id)

    # Photos
    def set_photo(self, actor: User, exercise_id: str, data: bytes, mime: str = "") -> Exercise:
        """Show the clinic's photo (JPEG or PNG, up to 5 MB) instead of the drawing."""
        self.get(exercise_id)
        photo = Photo(data, mime or photo_mime(data))
        now = self._clock()
        with self._db.atomic():
            photo_id = self._photos.add(exercise_id, photo.mime, photo.data, now, actor.id)
            self._audit.append(now, actor.id, "set_photo", "exercise_photo", photo_id, None,
                               exercise_id)
        return self.get(exercise_id)

    def clear_photo(self, actor: User, exercise_id: str) -> Exercise:
        """Go back to the drawn figure (the earlier photos stay on record)."""
        exercise = self.get(exercise_id)
        if exercise.photo is None:
            return exercise
        now = self._clock()
        with self._db.atomic():
            photo_id = self._photos.add(exercise_id, "", b"", now, actor.id)
            self._audit.append(now, actor.id, "clear_photo", "exercise_photo", photo_id, None,
                               exercise_id)
        return self.get(exercise_id)

    # Helpers
    def _definition(self, exercise_id: str, draft: ExerciseDraft) -> dict[str, object]:
        figure, region, legs = None, "", None
        if draft.figure_from:
            source = self.library.find(draft.figure_from)
            if source is None or source.figure_start is None or source.figure_end is None:
                raise ValidationError(FieldProblem(
                    "figure", "Choose a library exercise that has a drawing."))
            figure, region = (source.figure_start, source.figure_end), source.body_region
            legs = source.legs  # the drawing shows one leg or two: the side line follows it
        return definition_from_draft(exercise_id, draft, figure=figure, body_region=region,
                                     legs=legs)

    def _clinic(self, custom: CustomExercise) -> Exercise:
        try:
            return exercise_from_definition(custom.definition)
        except ValidationError as exc:
            raise NotFoundError(
                f"The clinic exercise {custom.exercise_id!r} cannot be read: {exc}") from None

    def _merged(self) -> list[Exercise]:
        order = list(ExerciseCategory)
        merged = [*self.library, *(self._clinic(c) for c in self._custom.all())]
        merged.sort(key=lambda e: (order.index(e.category), e.name.casefold()))
        return merged

    def _with_photos(self, exercises: list[Exercise]) -> list[Exercise]:
        photos = self._photos.latest_all() if exercises else {}
        return [replace(e, photo=Photo(photos[e.id].data, photos[e.id].mime))
                if e.id in photos else e for e in exercises]

    def _with_photo(self, exercise: Exercise) -> Exercise:
        photo = self.photo(exercise.id)
        return replace(exercise, photo=photo) if photo is not None else exercise

    def _figure_source(self, exercise: Exercise) -> str:
        if exercise.figure_start is None or exercise.source is not ExerciseSource.CLINIC:
            return ""
        return next((e.id for e in self.library if e.figure_start == exercise.figure_start
                     and e.figure_end == exercise.figure_end), "")


__all__ = ["ClinicExercise", "ExerciseDraft", "ExerciseService"]

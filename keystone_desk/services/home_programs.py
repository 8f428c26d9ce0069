"""HomeProgramService: an episode's draft home program, and handing it to the patient as an
immutable, numbered version. No Qt.

The builder (ui/programs) edits the draft through `set_items`/`set_options` with the version it
read; `hand_out` freezes what the patient takes home — items, dosage, the exercise text as it read
that day, options and the return-to-run calendar (only once the therapist has confirmed the
runner is ready: ReturnToRunService.confirm_readiness) — under the next version number, stamped
with who handed it and when. "What did we give her on 3 Nov?" is `version_on(patient_id, day)`.
Every write is one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from ..content.exercise_files import library_exercise_document, library_exercise_ids
from ..domain.errors import FieldProblem, ValidationError
from ..domain.home_programs import (
    RUN_CALENDAR_OPTION,
    HandedItem,
    HomeProgram,
    HomeProgramVersion,
    ProgramId,
    ProgramItem,
    ordered,
    validate_items,
)
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.charting import EpisodeRepository
from ..store.custom_exercises import CustomExerciseRepository
from ..store.database import Database
from ..store.home_programs import HomeProgramRepository
from ..store.return_to_run import ReadinessRepository

ExerciseDocument = Callable[[str], Mapping[str, Any] | None]
ExerciseIds = Callable[[], frozenset[str] | None]


class HomeProgramService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *,
                 exercise_document: ExerciseDocument | None = None,
                 library_ids: ExerciseIds = library_exercise_ids):
        self._db = db
        self._clock = clock
        self._repo = HomeProgramRepository(db)
        self._custom = CustomExerciseRepository(db)
        self._episodes = EpisodeRepository(db)
        self._audit = AuditLog(db)
        self._readiness = ReadinessRepository(db)
        self._document = exercise_document or self._library_or_custom
        self._library_ids = library_ids

    # Reading
    def get(self, program_id: int) -> HomeProgram:
        return self._repo.get(program_id)

    def for_episode(self, episode_id: int) -> HomeProgram | None:
        return self._repo.for_episode(episode_id)

    def versions(self, program_id: int) -> list[HomeProgramVersion]:
        """Every handed-out version of the program, 1 first."""
        self._repo.get(program_id)
        return self._repo.versions(program_id)

    def version(self, program_id: int, number: int) -> HomeProgramVersion:
        return self._repo.version(program_id, number)

    def current_for_patient(self, patient_id: int) -> HomeProgramVersion | None:
        """The latest version handed to the patient (any episode), or None if none was."""
        versions = self._repo.versions_for_patient(patient_id)
        return versions[-1] if versions else None

    def version_on(self, patient_id: int, day: date, tz: tzinfo | None = None
                   ) -> HomeProgramVersion | None:
        """What the patient had been given by the end of `day` (local time in `tz`, default the
        computer's): the latest version handed out on or before that day."""
        end = datetime.combine(day, time.max)
        end = end.replace(tzinfo=tz) if tz is not None else end.astimezone()
        given = [v for v in self._repo.versions_for_patient(patient_id) if v.handed_at <= end]
        return given[-1] if given else None

    def exercise_document(self, exercise_id: str) -> Mapping[str, Any] | None:
        """The exercise's text as it reads now (the clinic's own or the library's), the same
        document handing out stores; None when there is no such exercise."""
        return self._document(exercise_id)

    def known_exercise_ids(self) -> frozenset[str] | None:
        """Library plus the clinic's own (not archived) exercises; None while there is no
        library folder (nothing to check against yet)."""
        library = self._library_ids()
        if library is None:
            return None
        return library | {c.exercise_id for c in self._custom.all()}

    # Writing the draft
    def get_or_create_draft(self, actor: User, episode_id: int) -> HomeProgram:
        existing = self._repo.for_episode(episode_id)
        if existing is not None:
            return existing
        now = self._clock()
        with self._db.atomic():
            episode = self._episodes.get(episode_id, with_notes=False)
            program_id = self._repo.insert(episode.patient_id, episode_id, now, actor.id)
            self._audit.append(now, actor.id, "create", "home_program", program_id,
                               episode.patient_id)
        return self._repo.get(program_id)

    def set_items(self, actor: User, program_id: int, items: Iterable[ProgramItem],
                  expected_version: int) -> HomeProgram:
        """Replace the draft's items (exercise, side, dosage, notes, order) over the version the
        person opened; ConflictError if it moved on."""
        items = list(items)
        problems = validate_items(items, self.known_exercise_ids())
        if problems:
            raise ValidationError(problems)
        now = self._clock()
        with self._db.atomic():
            program = self._repo.get(program_id)
            self._repo.update(program_id, ordered(items), program.options, expected_version, now,
                              actor.id)
            self._audit.append(now, actor.id, "update", "home_program", program_id,
                               program.patient_id, f"{len(items)} exercises")
        return self._repo.get(program_id)

    def set_options(self, actor: User, program_id: int, options: Mapping[str, Any],
                    expected_version: int) -> HomeProgram:
        """Replace the options (paper, large print, low ink…); the return-to-run calendar is
        kept unless `options` names it (ReturnToRunService writes it)."""
        now = self._clock()
        with self._db.atomic():
            program = self._repo.get(program_id)
            merged = dict(options)
            if RUN_CALENDAR_OPTION not in merged and RUN_CALENDAR_OPTION in program.options:
                merged[RUN_CALENDAR_OPTION] = program.options[RUN_CALENDAR_OPTION]
            self._repo.update(program_id, program.items, merged, expected_version, now, actor.id)
            self._audit.append(now, actor.id, "update_options", "home_program", program_id,
                               program.patient_id)
        return self._repo.get(program_id)

    def replace_draft(self, actor: User, episode_id: int, *,
                      items: Iterable[ProgramItem] | None = None,
                      options: Mapping[str, Any] | None = None, reason: str) -> HomeProgram:
        """Fill the episode's draft from a protocol or a return-to-run plan (creating it if
        needed), over whatever version it is at: the person asked for the replacement. Joins the
        caller's transaction when there is one. `options` entries are merged in."""
        items = list(items) if items is not None else None
        if items is not None:
            problems = validate_items(items, self.known_exercise_ids())
            if problems:
                raise ValidationError(problems)
        now = self._clock()
        with self._db.atomic():
            program = self.get_or_create_draft(actor, episode_id)
            new_items = ordered(items) if items is not None else program.items
            new_options = {**program.options, **(options or {})}
            self._repo.update(program.id, new_items, new_options, program.version, now, actor.id)
            self._audit.append(now, actor.id, "update", "home_program", program.id,
                               program.patient_id, reason)
        return self._repo.get(program.id)

    # Handing out
    def hand_out(self, actor: User, program_id: int) -> int:
        """Freeze the draft as the next version and return its number (1, 2, 3…)."""
        now = self._clock()
        with self._db.atomic():
            program = self._repo.get(program_id)
            calendar = self.printable_calendar(program)
            if not program.items and calendar is None:
                raise ValidationError(FieldProblem("items", "Add at least one exercise first."))
            handed = []
            for item in program.items:
                document = self._document(item.exercise_id)
                if document is None:
                    raise ValidationError(FieldProblem(
                        "items", f"There is no exercise {item.exercise_id!r} to print."))
                handed.append(HandedItem(item, dict(document)))
            options = {k: v for k, v in program.options.items() if k != RUN_CALENDAR_OPTION}
            number = self._repo.insert_version(program, handed, options, calendar, now,
                                               actor.id, actor.display_name)
            self._audit.append(now, actor.id, "hand_out", "home_program", program_id,
                               program.patient_id, f"version {number}")
        return number

    def printable_calendar(self, program: HomeProgram) -> Mapping[str, Any] | None:
        """The draft's run calendar as it may go on paper: None while the therapist has not
        confirmed the runner is ready (a calendar planned before that stays in the draft, off
        the handout)."""
        calendar = program.options.get(RUN_CALENDAR_OPTION)
        if not isinstance(calendar, Mapping) or self._readiness.latest(program.episode_id) is None:
            return None
        return calendar

    def _library_or_custom(self, exercise_id: str) -> Mapping[str, Any] | None:
        custom = self._custom.find(exercise_id)
        if custom is not None:
            return custom.definition
        return library_exercise_document(exercise_id)


__all__ = ["HomeProgramService", "ProgramId", "ProgramItem"]

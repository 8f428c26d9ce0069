"""EpisodeService: open, list and discharge episodes of care, with audit events. No Qt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ..domain.charting import DueItem, Episode, EpisodeId, EpisodeStatus, due_items
from ..domain.errors import FieldProblem, ValidationError
from ..domain.intake import Side
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.charting import EpisodeRepository
from ..store.database import Database
from ..store.patients import PatientRepository
from .clinic_time import clinic_today, local_date

MAX_TITLE_CHARS = 200


class EpisodeService:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock
        self._repo = EpisodeRepository(db)
        self._audit = AuditLog(db)

    def open_episode(self, actor: User, patient_id: int, title: str, condition: str = "",
                     side: str = "", opened_on: date | None = None) -> Episode:
        """Start an episode of care, e.g. "Right Achilles midportion tendinopathy, Nov 2026"."""
        title, problems = title.strip(), []
        if not title:
            problems.append(FieldProblem("title", "Give the episode a title."))
        elif len(title) > MAX_TITLE_CHARS:
            problems.append(FieldProblem("title", f"Keep the title under {MAX_TITLE_CHARS} characters."))
        if side and side not in {s.value for s in Side}:
            problems.append(FieldProblem("side", "Choose left, right, both or n/a."))
        now = self._clock()
        today = local_date(now)
        opened = opened_on or today
        if opened > today:
            problems.append(FieldProblem("opened_on", "An episode cannot start in the future."))
        if problems:
            raise ValidationError(problems)
        with self._db.atomic():
            PatientRepository(self._db).get(patient_id)
            episode_id = self._repo.insert(patient_id, title, condition.strip(), side, opened,
                                           now, actor.id)
            self._audit.append(now, actor.id, "create", "episode", episode_id, patient_id)
        return self._repo.get(episode_id)

    def for_patient(self, patient_id: int) -> list[Episode]:
        """The patient's episodes, newest first, each with its notes."""
        return self._repo.for_patient(patient_id)

    def get(self, episode_id: EpisodeId) -> Episode:
        return self._repo.get(episode_id)

    def discharge(self, actor: User, episode_id: EpisodeId, closed_on: date,
                  expected_version: int) -> Episode:
        episode = self._repo.get(episode_id, with_notes=False)
        if closed_on < episode.opened_on:
            raise ValidationError(FieldProblem("closed_on", "Discharge cannot be before the start."))
        now = self._clock()
        with self._db.atomic():
            self._repo.update(episode_id, expected_version, now, closed_on=closed_on,
                              status=EpisodeStatus.DISCHARGED.value)
            self._audit.append(now, actor.id, "discharge", "episode", episode_id,
                               episode.patient_id)
        return self._repo.get(episode_id)

    def due(self, episode: Episode, today: date | None = None) -> list[DueItem]:
        return due_items(episode, today or clinic_today(self._clock))

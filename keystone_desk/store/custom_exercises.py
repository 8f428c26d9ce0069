"""CustomExerciseRepository and ExercisePhotoRepository: exercises a clinic makes itself, and the
photos a clinic attaches to any exercise (migration 0005).

Joins the caller's transaction; never opens one. A custom exercise is stored as JSON in the same
shape as a library file (resources/exercises/<id>.toml) and is archived, never deleted. Photos are
never changed or deleted: replacing a photo adds a row and the latest row wins, so a handed-out
program that named a photo can be reprinted with it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import ConflictError, NotFoundError

_EXERCISE_COLUMNS = "id, uid, exercise_id, definition_json, archived, version, created_at, updated_at"


@dataclass(frozen=True, slots=True)
class CustomExercise:
    id: int
    uid: str
    exercise_id: str
    definition: Mapping[str, Any]
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ExercisePhoto:
    id: int
    uid: str
    exercise_id: str
    mime: str
    data: bytes
    created_at: datetime
    created_by: int


class CustomExerciseRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, exercise_id: str, definition: Mapping[str, Any], now: datetime,
               user_id: int) -> int:
        cursor = self._db.execute(
            "INSERT INTO custom_exercises (uid, exercise_id, definition_json, created_at, "
            "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), exercise_id, _dump(definition), now.isoformat(), user_id,
             now.isoformat(), user_id])
        return cursor.lastrowid or 0

    def update(self, exercise_id: str, definition: Mapping[str, Any], expected_version: int,
               now: datetime, user_id: int, *, archived: bool | None = None) -> None:
        current = self.get(exercise_id)
        cursor = self._db.execute(
            "UPDATE custom_exercises SET definition_json = ?, archived = ?, updated_at = ?, "
            "updated_by = ?, version = version + 1 WHERE exercise_id = ? AND version = ?",
            [_dump(definition), int(current.archived if archived is None else archived),
             now.isoformat(), user_id, exercise_id, expected_version])
        if cursor.rowcount != 1:
            raise ConflictError("exercise", current.id, expected_version, current.version)

    def get(self, exercise_id: str) -> CustomExercise:
        row = self._db.execute(
            f"SELECT {_EXERCISE_COLUMNS} FROM custom_exercises WHERE exercise_id = ?",
            [exercise_id]).fetchone()
        if row is None:
            raise NotFoundError(f"The clinic has no exercise {exercise_id!r}.")
        return _exercise(row)

    def find(self, exercise_id: str) -> CustomExercise | None:
        row = self._db.execute(
            f"SELECT {_EXERCISE_COLUMNS} FROM custom_exercises WHERE exercise_id = ?",
            [exercise_id]).fetchone()
        return _exercise(row) if row else None

    def all(self, *, include_archived: bool = False) -> list[CustomExercise]:
        where = "" if include_archived else "WHERE archived = 0"
        rows = self._db.execute(
            f"SELECT {_EXERCISE_COLUMNS} FROM custom_exercises {where} ORDER BY exercise_id"
        ).fetchall()
        return [_exercise(row) for row in rows]


class ExercisePhotoRepository:
    def __init__(self, db: Database):
        self._db = db

    def add(self, exercise_id: str, mime: str, data: bytes, now: datetime, user_id: int) -> int:
        cursor = self._db.execute(
            "INSERT INTO exercise_photos (uid, exercise_id, mime, data, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), exercise_id, mime, data, now.isoformat(), user_id])
        return cursor.lastrowid or 0

    def latest(self, exercise_id: str) -> ExercisePhoto | None:
        """The photo shown for the exercise now; None when it has none. A row with no bytes
        records that the clinic went back to the drawn figure."""
        row = self._db.execute(
            "SELECT id, uid, exercise_id, mime, data, created_at, created_by FROM exercise_photos "
            "WHERE exercise_id = ? ORDER BY id DESC LIMIT 1", [exercise_id]).fetchone()
        return _photo(row)

    def latest_all(self) -> dict[str, ExercisePhoto]:
        """The photo shown now for every exercise that has one, in one query."""
        rows = self._db.execute(
            "SELECT id, uid, exercise_id, mime, data, created_at, created_by FROM exercise_photos p "
            "WHERE id = (SELECT max(id) FROM exercise_photos q "
            "WHERE q.exercise_id = p.exercise_id)").fetchall()
        photos = (_photo(row) for row in rows)
        return {photo.exercise_id: photo for photo in photos if photo is not None}

    def as_of(self, exercise_id: str, when: datetime) -> ExercisePhoto | None:
        """The photo that was shown for the exercise at `when` (a handed-out version's time),
        so a reprint shows the same picture even after the clinic replaced it."""
        row = self._db.execute(
            "SELECT id, uid, exercise_id, mime, data, created_at, created_by FROM exercise_photos "
            "WHERE exercise_id = ? AND created_at <= ? ORDER BY id DESC LIMIT 1",
            [exercise_id, when.isoformat()]).fetchone()
        return _photo(row)


def _photo(row: tuple[Any, ...] | None) -> ExercisePhoto | None:
    if row is None or not row[4]:
        return None
    return ExercisePhoto(row[0], row[1], row[2], row[3], bytes(row[4]),
                         datetime.fromisoformat(row[5]), row[6])


def _exercise(row: tuple[Any, ...]) -> CustomExercise:
    return CustomExercise(row[0], row[1], row[2], json.loads(row[3]), bool(row[4]), row[5],
                          datetime.fromisoformat(row[6]), datetime.fromisoformat(row[7]))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)

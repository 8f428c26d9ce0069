"""Clinic-made exercises are archived, never deleted; photos are added, never changed, and the
latest one wins."""

import sqlite3
from datetime import UTC, datetime

import pytest

from keystone_desk.domain.errors import ConflictError, NotFoundError
from keystone_desk.store.custom_exercises import CustomExerciseRepository, ExercisePhotoRepository

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
WALL_SIT = {"id": "clinic-wall-sit", "name": "Wall sit", "category": "isometric",
            "steps": ["Slide down the wall until the knees are bent."],
            "dosage": {"sets": 3, "reps": 1, "hold_seconds": 30}}


def test_a_custom_exercise_is_stored_as_its_definition_and_archived_not_deleted(clinic, admin):
    repo = CustomExerciseRepository(clinic.db)
    with clinic.db.atomic():
        repo.insert("clinic-wall-sit", WALL_SIT, NOW, admin.id)
    stored = repo.get("clinic-wall-sit")
    assert stored.definition == WALL_SIT and stored.version == 1 and not stored.archived
    with clinic.db.atomic():
        repo.update("clinic-wall-sit", stored.definition, stored.version, NOW, admin.id,
                    archived=True)
    assert repo.all() == [] and repo.all(include_archived=True)[0].archived
    with pytest.raises(ConflictError):
        repo.update("clinic-wall-sit", WALL_SIT, stored.version, NOW, admin.id)
    with pytest.raises(sqlite3.IntegrityError, match="archived, never deleted"):
        clinic.db.execute("DELETE FROM custom_exercises")
    with pytest.raises(NotFoundError):
        repo.get("clinic-plank")


def test_the_latest_photo_wins_and_an_empty_one_means_back_to_the_drawing(clinic, admin):
    photos = ExercisePhotoRepository(clinic.db)
    assert photos.latest("glute-bridge") is None
    first = photos.add("glute-bridge", "image/png", b"\x89PNG first", NOW, admin.id)
    photos.add("glute-bridge", "image/jpeg", b"\xff\xd8 second", NOW, admin.id)
    assert photos.latest("glute-bridge").data == b"\xff\xd8 second"
    with pytest.raises(sqlite3.IntegrityError, match="add a new one"):
        clinic.db.execute("UPDATE exercise_photos SET data = x'00' WHERE id = ?", [first])
    photos.add("glute-bridge", "", b"", NOW, admin.id)
    assert photos.latest("glute-bridge") is None

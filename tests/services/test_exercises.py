"""ExerciseService: the library and the clinic's own exercises as one searchable list, clinic
exercises created, edited over a version and archived, photos attached and cleared, all audited."""

from __future__ import annotations

import pytest

from keystone_desk.content.exercises import parse_exercise
from keystone_desk.domain.clinic_exercises import ExerciseDraft
from keystone_desk.domain.errors import ConflictError, NotFoundError, ValidationError
from keystone_desk.domain.exercises import Dosage, ExerciseSource, UnknownExerciseError
from keystone_desk.store.audit import AuditLog

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
WALL_SIT = ExerciseDraft(
    "Wall sit", "isometric", "Holding a squat against the wall strengthens the thighs.",
    "Stand with your back against a wall, feet a step away from it.",
    ("Slide down the wall until the knees are bent.", "Hold, then slide back up."),
    ("Keep your back flat on the wall.",), dosage=Dosage(sets=3, reps=1, hold_seconds=30),
    figure_from="calf-isometric-hold-standing")


def actions(clinic):
    return [(e.action, e.entity, e.detail) for e in AuditLog(clinic.db).events()]


def test_the_library_and_clinic_exercises_search_as_one_list(clinic, admin):
    heel = [e.id for e in clinic.exercises.search("heel drop")]
    assert "heel-drop-straight-knee-step" in heel and len(heel) == 4
    made = clinic.exercises.create(admin, WALL_SIT)
    assert made.id == "clinic-wall-sit" and made.source is ExerciseSource.CLINIC
    assert [e.id for e in clinic.exercises.search("wall sit")] == ["clinic-wall-sit"]
    assert {e.id for e in clinic.exercises.search("sit", "isometric")} >= {"clinic-wall-sit"}
    assert made.figure_start is not None and made.figure_end is not None
    assert ("create", "exercise", "clinic-wall-sit") in actions(clinic)
    assert made.id in clinic.home_programs.known_exercise_ids()


def test_a_clinic_exercise_is_stored_in_the_library_file_shape(clinic, admin):
    clinic.exercises.create(admin, WALL_SIT)
    from keystone_desk.store.custom_exercises import CustomExerciseRepository

    definition = CustomExerciseRepository(clinic.db).get("clinic-wall-sit").definition
    parsed = parse_exercise(definition)  # what a library file would be: same keys, same checks
    assert parsed.name == "Wall sit" and parsed.dosage.hold_seconds == 30


def test_a_draft_without_steps_or_the_pain_rule_is_refused_field_by_field(clinic, admin):
    bad = ExerciseDraft("Wall sit", "isometric", "", "Against a wall.", (), cautions=("Go slow",))
    with pytest.raises(ValidationError) as caught:
        clinic.exercises.create(admin, bad)
    assert {p.field for p in caught.value.problems} == {"purpose", "steps", "cautions"}
    assert clinic.exercises.search("wall sit") == []


def test_editing_is_over_the_version_read_and_archiving_hides_it(clinic, admin):
    clinic.exercises.create(admin, WALL_SIT)
    opened = clinic.exercises.clinic_exercise("clinic-wall-sit")
    assert opened.version == 1 and opened.figure_from == "calf-isometric-hold-standing"
    renamed = ExerciseDraft(**{**_fields(WALL_SIT), "name": "Wall squat hold", "figure_from": ""})
    updated = clinic.exercises.update(admin, "clinic-wall-sit", renamed, opened.version)
    assert updated.name == "Wall squat hold" and updated.figure_start is None
    with pytest.raises(ConflictError):
        clinic.exercises.update(admin, "clinic-wall-sit", WALL_SIT, opened.version)
    clinic.exercises.archive(admin, "clinic-wall-sit", 2)
    assert "clinic-wall-sit" not in [e.id for e in clinic.exercises.search("wall")]
    assert clinic.exercises.get("clinic-wall-sit").name == "Wall squat hold"
    with pytest.raises(NotFoundError):
        clinic.exercises.clinic_exercise("glute-bridge")
    with pytest.raises(UnknownExerciseError):
        clinic.exercises.get("no-such-exercise")


def test_a_photo_shows_on_any_exercise_until_cleared(clinic, admin):
    with_photo = clinic.exercises.set_photo(admin, "glute-bridge", PNG)
    assert with_photo.photo is not None and with_photo.photo.mime == "image/png"
    assert clinic.exercises.search("bridge")[0].photo == with_photo.photo
    with pytest.raises(ValidationError, match="JPEG or PNG"):
        clinic.exercises.set_photo(admin, "glute-bridge", b"GIF89a....")
    assert clinic.exercises.clear_photo(admin, "glute-bridge").photo is None
    assert [a for a in actions(clinic) if a[1] == "exercise_photo"] == [
        ("set_photo", "exercise_photo", "glute-bridge"),
        ("clear_photo", "exercise_photo", "glute-bridge")]


def _fields(draft: ExerciseDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in draft.__slots__}


def test_search_results_carry_each_exercises_current_photo(clinic, admin):
    clinic.exercises.set_photo(admin, "glute-bridge", PNG)
    clinic.exercises.set_photo(admin, "step-up", PNG)
    clinic.exercises.clear_photo(admin, "step-up")
    found = {e.id: e for e in clinic.exercises.search("")}
    assert found["glute-bridge"].photo is not None and found["glute-bridge"].photo.data == PNG
    assert found["step-up"].photo is None
    assert [e.photo for e in clinic.exercises.search("bridge")][0].data == PNG

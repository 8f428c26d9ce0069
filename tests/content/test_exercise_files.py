"""The exercise files in resources/exercises: every one loads with its text, dosage, source, pain
rule and figures; links between exercises resolve; search finds them; a broken file names itself
and the key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from keystone_desk.content.exercises import (
    ExerciseDefinitionError,
    ExerciseLibrary,
    default_exercises_dir,
)
from keystone_desk.domain.errors import NotFoundError
from keystone_desk.domain.exercises import ExerciseCategory, Legs

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "resources" / "exercises"
# Other engineers' protocol files refer to exactly these ids.
REQUIRED_IDS = {
    "heel-drop-straight-knee-step", "heel-drop-bent-knee-step", "heel-drop-straight-knee-floor",
    "heel-drop-bent-knee-floor", "calf-isometric-hold-standing", "calf-isometric-hold-seated",
    "hsr-standing-calf-raise", "hsr-seated-calf-raise", "hsr-leg-press-calf-raise",
    "heel-raise-double-leg", "heel-raise-single-leg", "heel-raise-quick-rebound",
    "band-ankle-plantarflexion", "band-ankle-dorsiflexion", "band-ankle-inversion",
    "band-ankle-eversion", "stretch-gastrocnemius", "stretch-soleus", "glute-bridge",
    "side-lying-hip-abduction", "single-leg-romanian-deadlift", "step-up", "stretch-hamstring",
    "balance-single-leg", "pogo-hops", "skipping", "walk-run-intervals",
}
HEEL_DROPS = {"heel-drop-straight-knee-step", "heel-drop-bent-knee-step",
              "heel-drop-straight-knee-floor", "heel-drop-bent-knee-floor"}
LIBRARY = ExerciseLibrary.load()


def test_the_library_loads_at_least_24_exercises_with_every_required_id():
    assert default_exercises_dir() == EXERCISES
    assert len(LIBRARY) >= 24
    assert set(LIBRARY.ids()) >= REQUIRED_IDS
    assert {p.stem for p in EXERCISES.glob("*.toml")} == set(LIBRARY.ids())


@pytest.mark.parametrize("exercise", list(LIBRARY), ids=lambda e: e.id)
def test_every_exercise_has_what_a_handout_needs(exercise):
    assert exercise.name and exercise.purpose and exercise.starting_position
    assert len(exercise.steps) >= 2 and exercise.cues
    assert exercise.pain_rule is not None and "5/10" in exercise.pain_rule
    assert len(exercise.dosage_source) > 40 and re.search(r"\b(19|20)\d\d\b|practice",
                                                           exercise.dosage_source)
    assert exercise.figure_start is not None and exercise.figure_end is not None
    assert exercise.tags and exercise.body_region


@pytest.mark.parametrize("exercise", list(LIBRARY), ids=lambda e: e.id)
def test_every_link_names_an_exercise_in_the_library(exercise):
    for link in exercise.progressions + exercise.regressions:
        assert link.exercise_id is None or link.exercise_id in LIBRARY
        assert link.exercise_id != exercise.id
        assert link.exercise_id or link.text
    assert exercise.progressions or exercise.regressions


@pytest.mark.parametrize("exercise", list(LIBRARY), ids=lambda e: e.id)
def test_the_text_is_plain_short_sentences(exercise):
    text = " ".join((exercise.purpose, *exercise.steps, *exercise.cues))
    sentences = [s for s in re.split(r"[.!?](?:\s|$)", text) if s.strip()]
    words = text.split()
    assert sum(len(s.split()) for s in sentences) / len(sentences) <= 20
    assert sum(len(w.strip(".,:;()")) for w in words) / len(words) <= 5.5


def test_every_exercise_says_which_legs_it_works_so_the_handout_names_the_right_side():
    """Two-legged exercises print "Both legs" whatever the episode's side; only single-leg ones
    take it (domain.exercises.card_side)."""
    legs = {e.id: e.legs for e in LIBRARY}
    assert all(value in set(Legs) for value in legs.values())
    for two_legged in ("heel-raise-double-leg", "heel-raise-quick-rebound", "pogo-hops",
                       "hsr-seated-calf-raise", "hsr-standing-calf-raise", "glute-bridge"):
        assert legs[two_legged] is Legs.BOTH, two_legged
    for single in ("heel-raise-single-leg", "calf-isometric-hold-standing", "step-up",
                   "balance-single-leg", "stretch-soleus", *HEEL_DROPS):
        assert legs[single] is Legs.ONE, single
    assert legs["walk-run-intervals"] is Legs.ALTERNATING


def test_heel_drops_off_a_step_send_insertional_pain_to_the_floor():
    for exercise_id in ("heel-drop-straight-knee-step", "heel-drop-bent-knee-step",
                        "hsr-standing-calf-raise"):
        cautions = " ".join(LIBRARY.get(exercise_id).cautions).lower()
        assert "insertional" in cautions and "below" in cautions and "flat ground" in cautions


def test_alfredson_heel_drops_default_to_three_by_fifteen_twice_a_day_every_day():
    for exercise_id in HEEL_DROPS:
        dosage = LIBRARY.get(exercise_id).dosage
        assert (dosage.sets, dosage.reps) == (3, 15)
        assert (dosage.times_per_day, dosage.days_per_week) == (2, 7)
        assert "Alfredson" in LIBRARY.get(exercise_id).dosage_source


def test_heavy_slow_resistance_is_three_days_a_week_three_seconds_each_way():
    for exercise_id in ("hsr-standing-calf-raise", "hsr-seated-calf-raise",
                        "hsr-leg-press-calf-raise"):
        exercise = LIBRARY.get(exercise_id)
        assert exercise.dosage.days_per_week == 3 and "3 s" in exercise.dosage.tempo
        assert "Beyer" in exercise.dosage_source


def test_search_finds_heel_drops_eccentrics_and_isometrics():
    assert {e.id for e in LIBRARY.search("heel")} >= HEEL_DROPS
    assert {e.id for e in LIBRARY.search("eccentric")} == HEEL_DROPS
    assert {e.id for e in LIBRARY.search("Isométric")} == {"calf-isometric-hold-standing",
                                                           "calf-isometric-hold-seated"}
    assert [e.id for e in LIBRARY.search("band", category="band")][0].startswith("band-ankle")
    assert LIBRARY.search("heel", category=ExerciseCategory.STRETCH) == []


def test_categories_come_in_the_library_order_and_lookups_fail_clearly():
    assert LIBRARY.categories() == list(ExerciseCategory)
    assert LIBRARY.get("glute-bridge").category is ExerciseCategory.HIP_AND_POSTERIOR_CHAIN
    with pytest.raises(NotFoundError, match="no exercise 'calf-massage'"):
        LIBRARY.get("calf-massage")
    assert LIBRARY.find("calf-massage") is None and "glute-bridge" in LIBRARY


def broken_copy(tmp_path: Path, exercise_id: str, old: str, new: str) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(EXERCISES, folder)
    path = folder / f"{exercise_id}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("exercise_id", "old", "new", "message"), [
    ("glute-bridge", "sets = 3", "sets = 0",
     r"glute-bridge\.toml: dosage\.sets: give a number from 1 to 10"),
    ("glute-bridge", 'id = "single-leg-romanian-deadlift"', 'id = "single-leg-deadlift"',
     r"glute-bridge\.toml: progressions\[1\]\.id: no exercise 'single-leg-deadlift'"),
    ("step-up", "up to 5 out of 10 (5/10)", "a little",
     r"step-up\.toml: cautions: state the pain rule"),
    ("step-up", "near_knee = 95", "near_knee = -95", r"step-up\.toml: figure\.start\.near_knee"),
    ("step-up", 'category = "hip and posterior chain"', 'category = "hips"',
     r"step-up\.toml: category"),
    ("step-up", "[figure.end]", "[figure.finish]", r"step-up\.toml: figure: unknown key"),
    ("step-up", "source = ", "citation = ", r"step-up\.toml: unknown key\(s\) citation"),
    ("pogo-hops", 'id = "pogo-hops"', 'id = "pogo"', r"pogo-hops\.toml: the file must be named"),
    ("pogo-hops", "steps = [", "steps = 3\nold_steps = [", r"pogo-hops\.toml: unknown key"),
    ("step-up", 'legs = "one"\n', "", r"step-up\.toml: legs: say which legs it works"),
    ("step-up", 'legs = "one"', 'legs = "left"', r"step-up\.toml: legs: say which legs"),
])
def test_a_broken_file_names_the_file_and_the_key(tmp_path, exercise_id, old, new, message):
    folder = broken_copy(tmp_path, exercise_id, old, new)
    with pytest.raises(ExerciseDefinitionError, match=message):
        ExerciseLibrary.load(folder)


def test_a_file_that_is_not_toml_says_so(tmp_path):
    folder = broken_copy(tmp_path, "skipping", 'name = "Skipping"', 'name = "Skipping')
    with pytest.raises(ExerciseDefinitionError, match=r"skipping\.toml: cannot be read as TOML"):
        ExerciseLibrary.load(folder)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(ExerciseDefinitionError, match="no exercise files"):
        ExerciseLibrary.load(tmp_path)

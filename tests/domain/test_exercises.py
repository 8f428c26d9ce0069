"""Dosage rules and the handout's dosage line; what makes an exercise (library or clinic) valid;
searching exercises the way patient search folds text."""

from __future__ import annotations

import pytest

from keystone_desk.domain.errors import ValidationError
from keystone_desk.domain.exercises import (
    Dosage,
    Exercise,
    ExerciseCategory,
    ExerciseId,
    ExerciseLink,
    ExerciseSource,
    Legs,
    Photo,
    card_side,
    dosage_text,
    has_pain_rule,
    search_exercises,
)
from keystone_desk.domain.figure_model import Pose


def exercise(**overrides: object) -> Exercise:
    values: dict[str, object] = {
        "id": ExerciseId("heel-drop-straight-knee-step"),
        "name": "Heel drop off a step, knee straight",
        "category": ExerciseCategory.CALF_LOADING,
        "body_region": "calf and Achilles tendon",
        "purpose": "Slowly lowering your heel makes the tendon stronger.",
        "starting_position": "Stand on the edge of a step.",
        "steps": ("Rise up on both legs.", "Lower slowly on the sore leg."),
        "dosage": Dosage(sets=3, reps=15, times_per_day=2),
        "tags": ("eccentric", "achilles"),
    }
    values.update(overrides)
    return Exercise(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), [
    ("sets", 0), ("sets", 11), ("reps", 0), ("reps", 101), ("hold_seconds", -1),
    ("hold_seconds", 301), ("rest_seconds", 601), ("times_per_day", 0), ("times_per_day", 7),
    ("days_per_week", 0), ("days_per_week", 8),
])
def test_a_dosage_out_of_range_names_the_field(field, value):
    with pytest.raises(ValidationError) as caught:
        Dosage(**{field: value})
    assert caught.value.for_field(field), caught.value.problems


def test_dosage_limits_are_inclusive():
    Dosage(sets=1, reps=1, hold_seconds=0, rest_seconds=0, times_per_day=1, days_per_week=1)
    Dosage(sets=10, reps=100, hold_seconds=300, rest_seconds=600, times_per_day=6, days_per_week=7)


def test_a_dosage_rejects_fractions_booleans_long_text_and_unknown_units():
    with pytest.raises(ValidationError) as caught:
        Dosage(sets=2.5, reps=True, load="x" * 121, unit="miles")  # type: ignore[arg-type]
    fields = {p.field for p in caught.value.problems}
    assert fields == {"sets", "reps", "load", "unit"}


@pytest.mark.parametrize(("dosage", "text"), [
    (Dosage(sets=3, reps=15, times_per_day=2, days_per_week=7),
     "3 sets × 15 reps · 2× a day · every day"),
    (Dosage(sets=3, reps=15, times_per_day=1, days_per_week=3),
     "3 sets × 15 reps · 3 days a week"),
    (Dosage(sets=5, reps=1, hold_seconds=45), "5 × 45 s holds · once a day"),
    (Dosage(sets=1, reps=3, hold_seconds=30, times_per_day=2),
     "3 × 30 s holds · 2× a day · every day"),
    (Dosage(sets=1, reps=3, hold_seconds=30, each_side=True),
     "3 × 30 s holds each side · once a day"),
    (Dosage(sets=3, reps=10, hold_seconds=5, days_per_week=3),
     "3 sets × 10 reps, hold 5 s each · 3 days a week"),
    (Dosage(sets=1, reps=1, hold_seconds=30, days_per_week=1), "hold 30 s · once a week"),
    (Dosage(sets=3, reps=20, unit="hops", days_per_week=3), "3 sets × 20 hops · 3 days a week"),
    (Dosage(sets=1, reps=6, unit="rounds", days_per_week=3), "6 rounds · 3 days a week"),
    (Dosage(sets=2, reps=1, unit="rounds"), "2 sets × 1 round · once a day"),
])
def test_the_handout_line_reads_as_a_patient_would_say_it(dosage, text):
    assert dosage_text(dosage) == text


def test_an_exercise_needs_an_id_a_name_steps_and_both_or_no_figures():
    with pytest.raises(ValidationError) as caught:
        exercise(id="Heel Drop", name=" ", steps=(), figure_start=Pose())
    assert {p.field for p in caught.value.problems} == {"id", "name", "steps", "figure"}


def test_a_clinic_exercise_is_the_same_type_with_its_own_photo():
    photo = Photo(b"\x89PNG\r\n\x1a\n...", "image/png")
    custom = exercise(id=ExerciseId("clinic-7f3a"), name="Wobble board, 1 minute",
                      category=ExerciseCategory.BALANCE, source=ExerciseSource.CLINIC, photo=photo)
    assert isinstance(custom, Exercise)
    assert custom.source is ExerciseSource.CLINIC and custom.photo == photo
    assert exercise().source is ExerciseSource.LIBRARY and exercise().photo is None


@pytest.mark.parametrize(("data", "mime"), [(b"GIF89a", "image/gif"), (b"", "image/jpeg"),
                                            (b"x" * (5 * 1024 * 1024 + 1), "image/jpeg")])
def test_a_photo_must_be_a_jpeg_or_png_of_at_most_5_mb(data, mime):
    with pytest.raises(ValidationError, match="photo"):
        Photo(data, mime)


@pytest.mark.parametrize(("legs", "item_side", "printed"), [
    (Legs.BOTH, "right", "both"), (Legs.BOTH, "left", "both"), (Legs.BOTH, "", "both"),
    (Legs.ONE, "right", "right"), (Legs.ONE, "left", "left"), (Legs.ONE, "both", "each"),
    (Legs.ONE, "", ""), (Legs.ALTERNATING, "right", ""),
    (None, "right", "right"), (None, "both", "both"), (None, "", ""),
])
def test_only_a_single_leg_exercise_takes_the_episodes_side(legs, item_side, printed):
    """A double-leg heel raise for a right Achilles is "Both legs", never "Right leg"; an
    exercise text without the field (an old handout, a clinic's own) keeps the item's side."""
    assert card_side(legs, item_side) == printed


def test_the_pain_rule_is_found_among_the_cautions():
    rule = ("Pain up to 5/10 during the exercise is OK if it settles by the next morning.")
    assert exercise(cautions=("Use a rail.", rule)).pain_rule == rule
    assert exercise(cautions=("Use a rail.",)).pain_rule is None
    assert has_pain_rule("pain ≤ 5/10, gone by the NEXT MORNING")
    assert not has_pain_rule("some pain is fine")


def test_search_folds_case_accents_and_punctuation_and_matches_word_starts():
    drop = exercise()
    bridge = exercise(id=ExerciseId("glute-bridge"), name="Bridge: lift your hips",
                      category=ExerciseCategory.HIP_AND_POSTERIOR_CHAIN, tags=("glutes",),
                      purpose="Push through your heels to lift your hips.")
    both = [bridge, drop]
    assert search_exercises(both, "HÉEL dröp") == [drop]
    assert search_exercises(both, "ecc") == [drop]
    assert search_exercises(both, "heel-drop") == [drop]
    assert search_exercises(both, "glute bridge") == [bridge]
    assert search_exercises(both, "heel") == [drop, bridge]  # the name match comes first
    assert search_exercises(both, "toe") == []


def test_search_by_category_and_empty_text_lists_the_category():
    drop, bridge = exercise(), exercise(id=ExerciseId("glute-bridge"), name="Bridge",
                                        category=ExerciseCategory.HIP_AND_POSTERIOR_CHAIN)
    assert search_exercises([drop, bridge], "", "hip and posterior chain") == [bridge]
    assert search_exercises([drop, bridge], "") == [drop, bridge]
    assert search_exercises([drop, bridge], "heel", ExerciseCategory.BALANCE) == []


def test_links_name_another_exercise_or_give_advice():
    link = ExerciseLink("When 3 × 15 is easy.", ExerciseId("heel-raise-single-leg"))
    assert exercise(progressions=(link,)).progressions[0].exercise_id == "heel-raise-single-leg"

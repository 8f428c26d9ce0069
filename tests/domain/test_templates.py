"""Evaluation values against their template: what is reported, and which findings mean "refer"."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from keystone_desk.domain.evaluation_values import diagnosis_value, referral_reasons
from keystone_desk.domain.templates import (
    Condition,
    EvaluationTemplate,
    FieldKind,
    GaitView,
    Option,
    ReferRule,
    TemplateField,
    TemplateSection,
    validate_values,
)

RUPTURE = "Possible Achilles rupture: refer for same-day medical review"
DIAGNOSIS = TemplateField("diagnosis", FieldKind.DIAGNOSIS, "Diagnosis", conditions=(
    Condition("midportion", "Achilles tendinopathy, midportion", "M76.61", "M76.62"),
    Condition("plantar", "Something without laterality", icd10="M72.2"),
))
FIELDS = (
    TemplateField("involved_side", FieldKind.INVOLVED_SIDE, "Involved side"),
    TemplateField("history", FieldKind.TEXT, "History", lines=4, max_length=50),
    TemplateField("stiffness", FieldKind.INTEGER, "Morning stiffness (minutes)", unit="min",
                  minimum=0, maximum=600),
    TemplateField("weekly_km", FieldKind.NUMBER, "Weekly distance (km)", unit="km", minimum=0,
                  maximum=400, decimals=1),
    TemplateField("foot_strike", FieldKind.CHOICE, "Foot strike",
                  options=(Option("rearfoot", "Rearfoot"), Option("forefoot", "Forefoot"))),
    TemplateField("arm_swing", FieldKind.CHOICE, "Arm swing", allow_other=True,
                  options=(Option("balanced", "Balanced"),)),
    TemplateField("pelvic_drop", FieldKind.CHOICE, "Pelvic drop",
                  options=(Option("none", "None"), Option("marked", "Marked")),
                  refer=ReferRule("Marked drop (test rule)", results=("marked",))),
    TemplateField("surfaces", FieldKind.MULTI_CHOICE, "Surfaces",
                  options=(Option("road", "Road"), Option("trail", "Trail"))),
    TemplateField("palpable_gap", FieldKind.YES_NO, "Palpable gap",
                  refer=ReferRule(RUPTURE, when_yes=True)),
    TemplateField("onset", FieldKind.DATE, "Onset"),
    TemplateField("time_in", FieldKind.TIME, "Time in"),
    TemplateField("heel_raise", FieldKind.BILATERAL, "Single-leg heel raise (reps)",
                  per_side=FieldKind.INTEGER, unit="reps", minimum=0, maximum=150, lsi=True,
                  refer=ReferRule("Cannot rise on the toes", at_most=0)),
    TemplateField("knee_to_wall", FieldKind.BILATERAL, "Knee-to-wall (cm)", unit="cm",
                  minimum=0, maximum=25, decimals=1, lsi=True),
    TemplateField("thompson", FieldKind.SPECIAL_TEST, "Thompson / Simmonds squeeze test",
                  refer=ReferRule(RUPTURE, results=("positive",))),
    TemplateField("lumbar", FieldKind.SPECIAL_TEST, "Lumbar screen", sided=False),
    DIAGNOSIS,
    TemplateField("gait_side", FieldKind.IMAGE, "Side view still", view=GaitView.SIDE),
)
TEMPLATE = EvaluationTemplate("test", "Test template", 1, "ankle",
                              (TemplateSection("all", "All", FIELDS),))
GOOD = {
    "involved_side": "right", "history": "Seven weeks of pain", "stiffness": 20,
    "weekly_km": 42.5, "foot_strike": "rearfoot", "arm_swing": "swings wide on the left",
    "pelvic_drop": "none", "surfaces": ["road", "trail"], "palpable_gap": False,
    "onset": "2026-10-09", "time_in": "08:30", "heel_raise": {"left": 27, "right": 19},
    "knee_to_wall": {"left": 10.0, "right": None}, "thompson": {"left": "negative"},
    "lumbar": "not_tested",
    "diagnosis": {"condition": "midportion", "side": "right", "icd10": "M76.61"},
}


def problems(**changes: object) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in validate_values(TEMPLATE, {**GOOD, **changes}):
        found.setdefault(problem.field, []).append(problem.message)
    return found


def test_a_complete_evaluation_has_no_problems():
    assert validate_values(TEMPLATE, GOOD) == []


def test_blank_fields_are_fine():
    assert validate_values(TEMPLATE, {}) == []
    assert problems(history="", stiffness=None) == {}


def test_values_are_json():
    assert json.loads(json.dumps(GOOD)) == GOOD


def test_numbers_outside_their_range_say_the_range():
    assert problems(stiffness=601) == {"stiffness": ["Must be between 0 and 600 min."]}
    assert problems(weekly_km=-1) == {"weekly_km": ["Must be between 0 and 400 km."]}


def test_an_integer_field_refuses_fractions_but_takes_whole_floats():
    assert problems(stiffness=2.5) == {"stiffness": ["Enter a whole number."]}
    assert problems(stiffness=20.0) == {}


def test_a_number_keeps_to_its_decimals():
    assert problems(weekly_km=42.55) == {"weekly_km": ["Give at most 1 decimal place."]}


def test_text_that_is_not_a_number_is_reported_not_lost():
    assert problems(weekly_km="about forty") == {"weekly_km": ["Enter a number."]}
    assert problems(stiffness=True) == {"stiffness": ["Enter a whole number."]}
    assert problems(weekly_km=float("nan")) == {"weekly_km": ["Enter a number."]}


def test_choices_must_come_from_the_list_unless_other_is_allowed():
    assert problems(foot_strike="heel") == {"foot_strike": ["Choose from the list."]}
    assert problems(arm_swing="anything the therapist writes") == {}


def test_multi_choice_ids_must_be_known_and_not_repeated():
    assert problems(surfaces=["road", "ice"]) == {"surfaces": ["Choose from the list."]}
    assert problems(surfaces=["road", "road"]) == {
        "surfaces": ["Each choice can be ticked only once."]}


def test_each_side_of_a_pair_is_checked_and_named():
    assert problems(heel_raise={"left": 27, "right": 151}) == {
        "heel_raise": ["Right: Must be between 0 and 150 reps."]}
    assert problems(heel_raise={"left": "x", "right": 1.5}) == {
        "heel_raise": ["Left: Enter a whole number.", "Right: Enter a whole number."]}
    assert problems(heel_raise=19) == {"heel_raise": ["Give a left and a right value."]}


def test_special_tests_take_the_three_results_per_side():
    assert problems(thompson={"left": "positive", "right": "not_tested"}) == {}
    assert problems(thompson={"left": "maybe"}) == {
        "thompson": ["Record positive, negative or not tested for each side."]}
    assert problems(lumbar={"left": "positive"}) == {
        "lumbar": ["Record positive, negative or not tested."]}


def test_diagnosis_code_must_follow_condition_and_side():
    assert diagnosis_value(DIAGNOSIS, "midportion", "left") == {
        "condition": "midportion", "side": "left", "icd10": "M76.62"}
    assert diagnosis_value(DIAGNOSIS, "midportion", "both")["icd10"] == "M76.61, M76.62"
    wrong = {"condition": "midportion", "side": "left", "icd10": "M76.61"}
    assert problems(diagnosis=wrong) == {"diagnosis": [
        "The ICD-10 code does not match the diagnosis and side; choose them again."]}
    assert problems(diagnosis={"condition": "midportion", "side": "", "icd10": ""}) == {
        "diagnosis": ["Choose the side of the diagnosis."]}
    assert problems(diagnosis={"condition": "plantar", "side": "", "icd10": "M72.2"}) == {}
    assert problems(diagnosis={"condition": "gout"}) == {
        "diagnosis": ["Choose a diagnosis from the list."]}


def test_dates_and_times_have_one_written_form():
    assert problems(onset="09/10/2026") == {"onset": ["Enter the date as YYYY-MM-DD."]}
    assert problems(onset="2026-02-30") == {"onset": ["Enter the date as YYYY-MM-DD."]}
    assert problems(time_in="8.30") == {"time_in": ["Enter the time as HH:MM (24-hour)."]}


def test_involved_side_is_left_right_or_both():
    assert problems(involved_side="up") == {"involved_side": ["Choose left, right or both."]}


def test_fields_the_template_does_not_know_are_left_alone():
    assert problems(dropped_in_version_2="anything") == {}


def test_text_longer_than_allowed_is_reported():
    assert problems(history="x" * 51) == {"history": ["Keep this under 50 characters."]}


def test_positive_thompson_on_one_side_means_refer_with_the_reason():
    reasons = referral_reasons(TEMPLATE, {**GOOD, "thompson": {"right": "positive"}})
    assert reasons == [f"{RUPTURE} (Thompson / Simmonds squeeze test: positive on the right)"]


def test_positive_on_both_sides_says_so():
    reasons = referral_reasons(TEMPLATE, {"thompson": {"left": "positive", "right": "positive"}})
    assert reasons == [f"{RUPTURE} (Thompson / Simmonds squeeze test: positive on both sides)"]


def test_negative_or_untested_findings_do_not_refer():
    assert referral_reasons(TEMPLATE, GOOD) == []
    assert referral_reasons(TEMPLATE, {"thompson": {"left": "not_tested"},
                                       "palpable_gap": False}) == []


def test_yes_choice_and_number_rules_each_refer_in_template_order():
    values = {"heel_raise": {"left": 0, "right": 12}, "palpable_gap": True,
              "pelvic_drop": "marked"}
    assert referral_reasons(TEMPLATE, values) == [
        "Marked drop (test rule) (Pelvic drop: Marked)",
        f"{RUPTURE} (Palpable gap: yes)",
        "Cannot rise on the toes (Single-leg heel raise (reps): 0 reps on the left)",
    ]


def test_misshapen_values_never_raise_and_a_clear_positive_still_refers():
    # Erring towards the banner is the safe side: "positive" without a side is still positive.
    values = {"thompson": "positive", "palpable_gap": "yes", "heel_raise": "0",
              "pelvic_drop": {"marked": True}}
    assert referral_reasons(TEMPLATE, values) == [
        f"{RUPTURE} (Thompson / Simmonds squeeze test: positive)"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8,
)
FIELD_IDS = [f.id for f in FIELDS]
KEYS = st.sampled_from(FIELD_IDS) | st.text(max_size=10)
SIDED = st.fixed_dictionaries({}, optional={
    "left": JSON | st.sampled_from(["positive", "negative", "not_tested"]) | st.integers(),
    "right": JSON | st.integers(-5, 200)})


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON | SIDED, max_size=12))
def test_arbitrary_values_never_raise_and_problems_name_real_fields(values):
    found = validate_values(TEMPLATE, values)
    assert {p.field for p in found} <= set(FIELD_IDS)
    assert all(p.message for p in found)
    assert isinstance(referral_reasons(TEMPLATE, values), list)

"""The shipped evaluation templates load and are well-formed; a broken file says what is wrong."""

from pathlib import Path

import pytest

from keystone_desk.content.template_parser import ICD10_CODE
from keystone_desk.content.templates import (
    TEMPLATES_DIR,
    TemplateCatalog,
    TemplateError,
    load_template,
)
from keystone_desk.domain.errors import NotFoundError
from keystone_desk.domain.evaluation_values import referral_reasons
from keystone_desk.domain.templates import FieldKind, GaitView, validate_values

CATALOG = TemplateCatalog.load()
SHIPPED = list(CATALOG)

GOOD_FILE = """
id = "tiny"
name = "Tiny"
version = 1
body_region = "ankle"

[[sections]]
id = "objective"
title = "Objective"

[[sections.fields]]
id = "heel_raise"
kind = "bilateral"
label = "Heel raise (reps)"
per_side = "integer"
unit = "reps"
lsi = true
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_both_shipped_templates_load_from_the_resources_folder():
    resources = Path(__file__).resolve().parents[2] / "resources"
    assert resources / "templates" == TEMPLATES_DIR
    assert {"achilles-running", "general-lower-extremity"} <= set(CATALOG.ids())
    assert CATALOG.get("achilles-running").name == "Achilles pain in runners"
    with pytest.raises(NotFoundError):
        CATALOG.get("shoulder")


@pytest.mark.parametrize("template", SHIPPED, ids=lambda t: t.id)
def test_field_ids_and_labels_are_unique(template):
    ids = [f.id for f in template.fields]
    labels = [f.label for f in template.fields]
    assert len(ids) == len(set(ids))
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("template", SHIPPED, ids=lambda t: t.id)
def test_icd10_codes_are_well_formed_with_laterality_1_right_2_left(template):
    conditions = [c for f in template.fields for c in f.conditions]
    assert conditions, "every shipped template offers a diagnosis list"
    for condition in conditions:
        assert condition.has_laterality, condition.id
        for code in (condition.icd10_right, condition.icd10_left):
            assert ICD10_CODE.fullmatch(code), f"{condition.id}: {code}"
        differing = [(right, left) for right, left in zip(
            condition.icd10_right, condition.icd10_left, strict=True) if right != left]
        assert differing == [("1", "2")], condition.id


@pytest.mark.parametrize("template", SHIPPED, ids=lambda t: t.id)
def test_every_pair_with_an_lsi_has_a_unit(template):
    pairs = [f for f in template.fields if f.kind is FieldKind.BILATERAL and f.lsi]
    assert pairs
    assert all(f.unit for f in pairs), [f.id for f in pairs if not f.unit]


@pytest.mark.parametrize("template", SHIPPED, ids=lambda t: t.id)
def test_each_template_has_one_involved_side_and_a_plan(template):
    assert template.involved_side_field is not None
    assert template.field("plan_summary") is not None
    assert template.field("diagnosis").kind is FieldKind.DIAGNOSIS


def test_achilles_template_covers_the_running_evaluation():
    template = CATALOG.get("achilles-running")
    expected = {
        "morning_stiffness_min", "pain_rest", "pain_run", "pain_next_morning", "weekly_km",
        "longest_run_km", "runs_per_week", "load_change_pct", "surfaces", "hills", "shoe_model",
        "shoe_km", "shoe_drop_mm", "race_goals", "cadence", "foot_strike", "overstride",
        "pelvic_drop", "knee_valgus", "trunk_lean", "heel_whip", "arm_swing", "loud_landing",
        "gait_notes", "knee_to_wall", "heel_raise", "hop_count", "hop_pain", "calf_girth",
        "palpation_location_cm", "tenderness", "thickening", "nodules", "crepitus", "thompson",
        "matles", "arc_sign", "royal_london", "diagnosis", "tendinopathy_site", "irritability",
        "assessment_text", "plan_summary",
    }
    assert expected <= {f.id for f in template.fields}
    assert {f.view for f in template.fields if f.kind is FieldKind.IMAGE} == set(GaitView)
    assert {f.id for f in template.fields if f.lsi} == {"knee_to_wall", "heel_raise",
                                                        "hop_count"}
    codes = {c.id: (c.icd10_right, c.icd10_left) for c in template.field("diagnosis").conditions}
    assert codes["midportion_tendinopathy"] == ("M76.61", "M76.62")
    assert codes["achilles_rupture"] == ("S86.011A", "S86.012A")


@pytest.mark.parametrize("test_id", ["thompson", "matles"])
def test_a_positive_rupture_test_refers(test_id):
    template = CATALOG.get("achilles-running")
    reasons = referral_reasons(template, {test_id: {"left": "positive"}})
    assert len(reasons) == 1 and "rupture" in reasons[0] and "left" in reasons[0]


def test_a_palpable_gap_refers():
    template = CATALOG.get("achilles-running")
    assert referral_reasons(template, {"palpable_gap": True})


def test_general_template_has_a_lower_is_better_pair():
    template = CATALOG.get("general-lower-extremity")
    assert template.field("timed_hop").higher_is_better is False
    strength = [f for f in template.fields if f.id.endswith("_kg")]
    assert len(strength) == 6 and all(f.lsi and f.unit == "kg" for f in strength)


def test_realistic_achilles_values_validate_cleanly():
    template = CATALOG.get("achilles-running")
    values = {
        "involved_side": "right", "morning_stiffness_min": 20, "pain_run": 4,
        "weekly_km": 42.5, "surfaces": ["road", "trail"], "arm_swing": "stiff left arm",
        "cadence": 162, "foot_strike": "rearfoot", "knee_to_wall": {"left": 10, "right": 9.5},
        "heel_raise": {"left": 25, "right": 20}, "thompson": {"left": "negative",
                                                              "right": "negative"},
        "diagnosis": {"condition": "midportion_tendinopathy", "side": "right",
                      "icd10": "M76.61"},
    }
    assert validate_values(template, values) == []
    assert referral_reasons(template, values) == []


def test_a_file_that_is_not_toml_is_named(tmp_path):
    write(tmp_path, "broken.toml", 'id = "broken"\nname = "unterminated\n')
    with pytest.raises(TemplateError) as caught:
        TemplateCatalog.load(tmp_path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("broken.toml: is not valid TOML")


def test_a_pair_with_lsi_but_no_unit_names_file_section_and_field(tmp_path):
    write(tmp_path, "tiny.toml", GOOD_FILE.replace('unit = "reps"\n', ""))
    with pytest.raises(TemplateError) as caught:
        TemplateCatalog.load(tmp_path)
    assert caught.value.problems == [
        "tiny.toml: section 'objective', field 'heel_raise': a pair with lsi = true needs a unit"]
    assert "tiny.toml" in str(caught.value)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    write(tmp_path, "a.toml", GOOD_FILE.replace('kind = "bilateral"', 'kind = "bilaterall"'))
    write(tmp_path, "b.toml", GOOD_FILE.replace('id = "tiny"', 'id = "other"')
          .replace("lsi = true", "lsi = true\nrefer_iff = true"))
    with pytest.raises(TemplateError) as caught:
        TemplateCatalog.load(tmp_path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("a.toml: section 'objective', field 'heel_raise': kind must be")
    assert problems[1].startswith("b.toml: section 'objective', field 'heel_raise': "
                                  "unknown key 'refer_iff'")


@pytest.mark.parametrize("change, message", [
    (('icd10_left = "M76.62"', 'icd10_left = "M76.6X"'), "'M76.6X'"),
    (('icd10_left = "M76.62"', 'icd10_left = "m7662"'), "is not a well-formed ICD-10 code"),
    (('refer_if = "positive"', 'refer_if = "maybe"'), "refer_if must name one or more of"),
    (('refer_reason = "Rupture?"\n', ""), "refer_if needs a refer_reason"),
    (('id = "gap"', 'id = "thompson"'), "this id is already used by another field"),
    (('label = "Gap"', 'label = "Thompson"'), "field label 'Thompson' is used more than once"),
    (("version = 1", "version = 0"), "version must be a whole number"),
])
def test_mistakes_in_a_clinic_template_are_explained(tmp_path, change, message):
    text = """
id = "clinic"
name = "Clinic form"
version = 1
body_region = "ankle"

[[sections]]
id = "tests"
title = "Tests"

[[sections.fields]]
id = "thompson"
kind = "special_test"
label = "Thompson"
refer_if = "positive"
refer_reason = "Rupture?"

[[sections.fields]]
id = "gap"
kind = "yes_no"
label = "Gap"

[[sections.fields]]
id = "diagnosis"
kind = "diagnosis"
label = "Diagnosis"

[[sections.fields.conditions]]
id = "achilles"
label = "Achilles tendinopathy"
icd10_right = "M76.61"
icd10_left = "M76.62"
"""
    assert load_template(write(tmp_path, "clinic.toml", text)).id == "clinic"
    with pytest.raises(TemplateError) as caught:
        load_template(write(tmp_path, "clinic.toml", text.replace(*change)))
    assert all(p.startswith("clinic.toml: ") for p in caught.value.problems)
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_two_files_with_one_template_id_are_refused(tmp_path):
    write(tmp_path, "one.toml", GOOD_FILE)
    write(tmp_path, "two.toml", GOOD_FILE)
    with pytest.raises(TemplateError, match="two.toml: template id 'tiny' is already used by "
                                            "one.toml"):
        TemplateCatalog.load(tmp_path)


def test_a_clinic_adds_a_template_by_dropping_in_a_file(tmp_path):
    write(tmp_path, "tiny.toml", GOOD_FILE)
    catalog = TemplateCatalog.load(tmp_path)
    assert catalog.ids() == ("tiny",)
    assert catalog.get("tiny").field("heel_raise").per_side is FieldKind.INTEGER


def test_a_missing_folder_is_an_error_not_an_empty_catalog(tmp_path):
    with pytest.raises(TemplateError, match="no templates folder"):
        TemplateCatalog.load(tmp_path / "missing")

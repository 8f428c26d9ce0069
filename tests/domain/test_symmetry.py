"""Limb symmetry index: worked examples, missing values, lower-is-better measures, both sides."""

import pytest

from keystone_desk.domain.evaluation_values import field_lsi, involved_side, lsi_by_field
from keystone_desk.domain.symmetry import LSI_THRESHOLD, is_deficit, limb_symmetry_index
from keystone_desk.domain.templates import (
    EvaluationTemplate,
    FieldKind,
    Limb,
    TemplateField,
    TemplateSection,
)

HEEL_RAISE = TemplateField("heel_raise", FieldKind.BILATERAL, "Single-leg heel raise (reps)",
                           per_side=FieldKind.INTEGER, unit="reps", lsi=True)
TIMED_HOP = TemplateField("timed_hop", FieldKind.BILATERAL, "Timed 6 m hop (s)", unit="s",
                          decimals=2, lsi=True, higher_is_better=False)
CALF_GIRTH = TemplateField("calf_girth", FieldKind.BILATERAL, "Calf girth (cm)", unit="cm")
SIDE = TemplateField("involved_side", FieldKind.INVOLVED_SIDE, "Involved side")
TEMPLATE = EvaluationTemplate("t", "Test", 1, "leg", (
    TemplateSection("s", "S", (SIDE, HEEL_RAISE, TIMED_HOP, CALF_GIRTH)),))


def test_threshold_is_ninety_percent():
    assert LSI_THRESHOLD == 90


def test_twenty_heel_raises_against_twenty_five_is_eighty_percent_and_a_deficit():
    lsi = limb_symmetry_index(20, 25)
    assert lsi == 80.0
    assert is_deficit(lsi)


def test_knee_to_wall_nine_and_a_half_against_ten_cm_is_ninety_five_percent():
    lsi = limb_symmetry_index(9.5, 10)
    assert lsi == 95.0
    assert not is_deficit(lsi)


def test_exactly_ninety_percent_is_not_a_deficit():
    assert limb_symmetry_index(18, 20) == 90.0
    assert not is_deficit(90.0)


def test_the_index_is_rounded_to_one_place_so_screen_and_flag_agree():
    # 26.99 / 30 = 89.966…: shown as 90 %, so it must not be flagged as under 90 %.
    lsi = limb_symmetry_index(26.99, 30)
    assert lsi == 90.0
    assert not is_deficit(lsi)
    assert limb_symmetry_index(18, 25) == 72.0
    assert limb_symmetry_index(2, 3) == 66.7


def test_a_stronger_involved_side_is_over_one_hundred():
    assert limb_symmetry_index(30, 25) == 120.0


@pytest.mark.parametrize("involved, uninvolved", [
    (None, 25), (20, None), (None, None),  # a side not measured
    (20, 0),  # nothing to compare against
    (-1, 10), (10, -1),  # negative readings make the ratio meaningless
    (True, 10), (float("nan"), 10), (float("inf"), 10), (10**400, 10),
])
def test_no_index_without_two_usable_values(involved, uninvolved):
    assert limb_symmetry_index(involved, uninvolved) is None
    assert not is_deficit(None)


def test_zero_on_the_involved_side_is_zero_percent():
    assert limb_symmetry_index(0, 25) == 0.0


def test_lower_is_better_turns_the_ratio_round():
    # Timed hop: involved 2.5 s, other side 2.0 s; slower is worse, so 2.0 / 2.5 = 80 %.
    assert limb_symmetry_index(2.5, 2.0, higher_is_better=False) == 80.0
    assert limb_symmetry_index(2.0, 2.5, higher_is_better=False) == 125.0
    assert limb_symmetry_index(0, 2.0, higher_is_better=False) is None


def test_field_lsi_takes_the_involved_side_from_the_values():
    pair = {"left": 18, "right": 25}
    assert field_lsi(HEEL_RAISE, pair, Limb.LEFT) == 72.0
    assert field_lsi(HEEL_RAISE, pair, Limb.RIGHT) == 138.9
    assert field_lsi(HEEL_RAISE, pair, "left") == 72.0  # a plain string works too


def test_both_sides_involved_gives_no_index():
    assert field_lsi(HEEL_RAISE, {"left": 18, "right": 25}, Limb.BOTH) is None


def test_unknown_involved_side_gives_no_index():
    assert field_lsi(HEEL_RAISE, {"left": 18, "right": 25}, None) is None


def test_pairs_without_lsi_never_get_one():
    assert field_lsi(CALF_GIRTH, {"left": 37.5, "right": 36.0}, Limb.RIGHT) is None


def test_lower_is_better_field():
    assert field_lsi(TIMED_HOP, {"left": 2.0, "right": 2.5}, Limb.RIGHT) == 80.0


def test_involved_side_comes_from_values_then_the_episode():
    assert involved_side(TEMPLATE, {"involved_side": "left"}, "right") is Limb.LEFT
    assert involved_side(TEMPLATE, {}, "right") is Limb.RIGHT
    assert involved_side(TEMPLATE, {"involved_side": "both"}) is Limb.BOTH
    assert involved_side(TEMPLATE, {"involved_side": "sideways"}) is None
    assert involved_side(TEMPLATE, {}, "n/a") is None


def test_lsi_by_field_lists_every_lsi_pair():
    values = {"involved_side": "right", "heel_raise": {"left": 25, "right": 20},
              "calf_girth": {"left": 37.0, "right": 36.0}}
    assert lsi_by_field(TEMPLATE, values) == {"heel_raise": 80.0, "timed_hop": None}
    assert lsi_by_field(TEMPLATE, {**values, "involved_side": "both"}) == {
        "heel_raise": None, "timed_hop": None}

"""The exercise figure: forward kinematics keeps every bone its length, the body rests on its
support, every shipped pose fits its box, and every exercise's start differs from its end."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keystone_desk.content.exercises import ExerciseLibrary
from keystone_desk.domain.errors import ValidationError
from keystone_desk.domain.figure_model import (
    ANGLE_LIMITS,
    FIGURE_BOX,
    FOOT_W,
    HEAD_R,
    Ink,
    Orientation,
    Polygon,
    Pose,
    Prop,
    Segment,
    Stance,
    View,
    bounds,
    pose_from_mapping,
    pose_to_mapping,
)
from keystone_desk.domain.figure_motion import heel_travel, rise_cues
from keystone_desk.domain.figure_props import FLOOR_Y, SEAT_CLEARANCE, SEAT_TOP, STEP_H
from keystone_desk.domain.figures import (
    PAIR_BOX,
    SEGMENT_LENGTHS,
    figure_primitives,
    joints,
    pair_primitives,
    placed_joints,
)

LIBRARY = list(ExerciseLibrary.load())
SHIPPED = [(f"{e.id}:{which}", pose) for e in LIBRARY
           for which, pose in (("start", e.figure_start), ("end", e.figure_end))]

angles = st.fixed_dictionaries({name: st.floats(low, high) for name, (low, high)
                                in ANGLE_LIMITS.items()})


@settings(max_examples=60, deadline=None)
@given(angles, st.sampled_from(list(Orientation)))
def test_forward_kinematics_keeps_every_segment_its_length(values, orientation):
    points = joints(Pose(orientation=orientation, **values))
    for (a, b), length in SEGMENT_LENGTHS.items():
        assert math.dist(points[a], points[b]) == pytest.approx(length, abs=1e-6), (a, b)


def sole(points, side):
    return min(points[f"{side}_{part}"][1] for part in ("heel", "ball", "toe")) - FOOT_W / 2


def test_standing_tall_puts_both_feet_flat_on_the_floor_line():
    points = placed_joints(Pose())
    for side in ("near", "far"):
        assert sole(points, side) == pytest.approx(FLOOR_Y)
        assert points[f"{side}_heel"][1] == pytest.approx(points[f"{side}_ball"][1])
    assert points["head"][1] > points["neck"][1] > points["pelvis"][1] > points["near_knee"][1]


def test_up_on_the_toes_the_ball_of_the_foot_stays_on_the_floor_and_the_heel_lifts():
    points = placed_joints(Pose(near_ankle=-30, far_ankle=-30))
    assert sole(points, "near") == pytest.approx(FLOOR_Y)
    assert points["near_heel"][1] > points["near_ball"][1] + 4


def test_on_a_step_the_ball_is_on_the_edge_and_the_heel_drops_below_it():
    points = placed_joints(Pose(props=frozenset({Prop.STEP}), stance=Stance.NEAR, near_ankle=20))
    assert points["near_ball"][1] - FOOT_W / 2 == pytest.approx(FLOOR_Y + STEP_H)
    assert points["near_heel"][1] < points["near_ball"][1] - 2


def test_a_hop_lifts_the_whole_body_off_the_floor():
    ground, hop = placed_joints(Pose()), placed_joints(Pose(lift=7))
    assert hop["head"][1] - ground["head"][1] == pytest.approx(7)


def test_sitting_on_a_bench_with_knees_at_right_angles_puts_the_feet_flat_on_the_floor():
    points = placed_joints(Pose(orientation=Orientation.SITTING, props=frozenset({Prop.BOX}),
                                near_hip=90, near_knee=90, far_hip=90, far_knee=90))
    assert points["pelvis"][1] == pytest.approx(SEAT_TOP + SEAT_CLEARANCE)
    assert sole(points, "near") == pytest.approx(FLOOR_Y)


@pytest.mark.parametrize(("name", "pose"), SHIPPED, ids=[name for name, _ in SHIPPED])
def test_every_shipped_pose_stands_on_its_support(name, pose):
    if pose.orientation is not Orientation.STANDING or pose.lift:
        return
    points = placed_joints(pose)
    feet = {Stance.BOTH: ("near", "far"), Stance.NEAR: ("near",), Stance.FAR: ("far",)}
    if Prop.STEP in pose.props:  # the ball on the step's edge; the heel may drop below it
        lowest = points[f"{feet[pose.stance][0]}_ball"][1]
    else:
        lowest = min(points[f"{s}_{p}"][1] for s in feet[pose.stance] for p in ("heel", "ball"))
    surface = FLOOR_Y + (STEP_H if Prop.STEP in pose.props else 0.0)
    assert lowest - FOOT_W / 2 == pytest.approx(surface, abs=0.05)
    for side in ("near", "far"):  # nothing sinks into the floor
        assert min(points[f"{side}_{p}"][1] for p in ("heel", "ball")) - FOOT_W / 2 >= FLOOR_Y - 0.6


@pytest.mark.parametrize(("name", "pose"), SHIPPED, ids=[name for name, _ in SHIPPED])
def test_every_shipped_pose_fits_inside_the_figure_box(name, pose):
    left, bottom, right, top = bounds(figure_primitives(pose))
    assert left >= 0 and right <= FIGURE_BOX[0], (left, right)
    assert bottom >= 0 and top <= FIGURE_BOX[1], (bottom, top)


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.id)
def test_every_exercise_moves_between_start_and_end(exercise):
    start = figure_primitives(exercise.figure_start)
    end = figure_primitives(exercise.figure_end)
    assert start != end
    assert bounds(pair_primitives(exercise.figure_start, exercise.figure_end))[2] <= PAIR_BOX[0]


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.id)
def test_every_exercise_highlights_a_working_leg(exercise):
    inks = {getattr(p, "ink", None) for p in figure_primitives(exercise.figure_end)}
    assert inks & {Ink.WORKING, Ink.WORKING_FAR}


def test_the_front_view_shows_the_foot_turning_in():
    base = Pose(orientation=Orientation.SITTING, view=View.FRONT, props=frozenset({Prop.BOX}),
                near_hip=90, near_knee=90, far_hip=90, far_knee=90)
    turned = pose_from_mapping({**pose_to_mapping(base), "near_inversion": 30})
    assert figure_primitives(base) != figure_primitives(turned)
    assert figure_primitives(base, view="side") != figure_primitives(base)


def test_a_pose_table_gives_only_what_differs_from_neutral_and_reads_back():
    pose = pose_from_mapping({"orientation": "supine", "props": ["mat"], "near_hip": 60,
                              "near_knee": 129})
    assert pose.orientation is Orientation.SUPINE and pose.props == {Prop.MAT}
    assert pose_to_mapping(pose) == {"orientation": "supine", "props": ["mat"], "near_hip": 60.0,
                                     "near_knee": 129.0}
    assert pose_from_mapping(pose_to_mapping(pose)) == pose


@pytest.mark.parametrize(("table", "key"), [
    ({"near_knee": -20}, "pose.near_knee"), ({"near_kne": 20}, "pose.near_kne"),
    ({"orientation": "upside down"}, "pose.orientation"), ({"props": ["trampoline"]}, "pose.props"),
    ({"near_hip": "90"}, "pose.near_hip"), ({"lift": 50}, "pose.lift"),
])
def test_a_bad_pose_table_names_the_key(table, key):
    with pytest.raises(ValidationError) as caught:
        pose_from_mapping(table)
    assert [p.field for p in caught.value.problems] == [key]


# ----- heel raises and drops: the rise shows at thumbnail size

RAISES = ("heel-raise-double-leg", "heel-raise-single-leg", "heel-raise-quick-rebound",
          "hsr-standing-calf-raise")
DROPS = ("heel-drop-straight-knee-step", "heel-drop-bent-knee-step",
         "heel-drop-straight-knee-floor", "heel-drop-bent-knee-floor")
BY_ID = {e.id: e for e in LIBRARY}
# The builder's list draws a pair 88 px wide (ui/programs/thumbnails.py): 220 units -> 0.4 px.
THUMBNAIL_PX_PER_UNIT = 88 / PAIR_BOX[0]


def _travel(exercise_id: str) -> float:
    e = BY_ID[exercise_id]
    return heel_travel(e.figure_start, e.figure_end, placed_joints(e.figure_start),
                       placed_joints(e.figure_end), View.SIDE)


def _cues(exercise_id: str) -> list:
    e = BY_ID[exercise_id]
    return rise_cues(e.figure_start, e.figure_end, placed_joints(e.figure_start),
                     placed_joints(e.figure_end), View.SIDE, FIGURE_BOX[0] + 20.0)


@pytest.mark.parametrize("exercise_id", RAISES + DROPS)
def test_the_heel_rises_or_drops_far_enough_to_see(exercise_id):
    travel = _travel(exercise_id)
    assert abs(travel) >= 6.0  # units: 2.4 px in the builder's list, 4.3 px on paper at 60 dpi
    assert (travel > 0) == (exercise_id in RAISES)


@pytest.mark.parametrize("exercise_id", RAISES + DROPS)
def test_a_heel_raise_or_drop_carries_a_height_line_and_a_heel_arrow(exercise_id):
    guide, shaft, head = _cues(exercise_id)
    assert isinstance(guide, Segment) and guide.start.y == guide.end.y
    assert guide.end.x - guide.start.x > FIGURE_BOX[0]  # from one head across to the other
    assert isinstance(shaft, Segment) and isinstance(head, Polygon)
    tip = head.points[1]
    tail = shaft.start
    length = abs(tip.y - tail.y)
    assert length * THUMBNAIL_PX_PER_UNIT >= 6  # an arrow still six pixels long in the list
    assert (tip.y > tail.y) == (exercise_id in RAISES)  # up for a raise, down for a drop
    assert min(tip.y, tail.y) > FLOOR_Y  # never through the floor
    e = BY_ID[exercise_id]
    end_head_top = placed_joints(e.figure_end)["head"][1] + HEAD_R
    # The top of the end figure's head stands clear above (raise) or below (drop) the line.
    assert abs(end_head_top - guide.start.y) >= 3.0
    primitives = pair_primitives(e.figure_start, e.figure_end)
    assert guide in primitives and head in primitives


@pytest.mark.parametrize("exercise_id", ["glute-bridge", "stretch-soleus", "pogo-hops",
                                         "band-ankle-inversion", "step-up"])
def test_movements_that_do_not_raise_the_heel_get_no_cues(exercise_id):
    assert _cues(exercise_id) == []

"""Motion cues on a start → end figure pair, for movements too small to see at thumbnail size.

A heel raise lifts the body by a few figure units: drawn as two figures side by side, the start
and the end look the same on a handout or in the builder's list. When a standing pose's heel
rises or drops by `MIN_HEEL_TRAVEL` or more about the ball of the foot (which stays where it
is, unlike a step-up's), the pair gets two cues: a thin height line at the
top of the start figure's head that runs across to the end figure (whose head now stands above
or below it), and an arrow behind the working heel in the end frame pointing the way it moved.
Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .figure_model import (
    FIGURE_BOX,
    HEAD_R,
    Ink,
    Orientation,
    Point,
    Polygon,
    Pose,
    Primitive,
    Segment,
    Stance,
    Vec,
    View,
)
from .figure_props import FLOOR_Y

MIN_HEEL_TRAVEL = 3.0  # figure units of heel travel that earn the cues
MAX_BALL_SHIFT = 1.5  # a heel raise pivots on the ball of the foot, which stays put
ARROW_MIN = 16.0  # the heel arrow is at least this long, however small the travel
ARROW_W, GUIDE_W = 2.4, 0.9
HEEL_GAP = 5.0  # between the heel and the arrow behind it


def heel_travel(start: Pose, end: Pose, start_points: Mapping[str, Vec],
                end_points: Mapping[str, Vec], view: View) -> float:
    """How far the working heel moved up (positive) or down between the frames, in figure
    units; 0 when the cues do not apply (not standing, a front view, a hop)."""
    if (view is not View.SIDE or start.orientation is not Orientation.STANDING
            or end.orientation is not Orientation.STANDING or start.lift or end.lift):
        return 0.0
    side = _stance_side(end)
    ball_moved = math.dist(start_points[f"{side}_ball"][:2], end_points[f"{side}_ball"][:2])
    if ball_moved > MAX_BALL_SHIFT:  # stepping up or along: not a rise on the ball of the foot
        return 0.0
    return end_points[f"{side}_heel"][1] - start_points[f"{side}_heel"][1]


def rise_cues(start: Pose, end: Pose, start_points: Mapping[str, Vec],
              end_points: Mapping[str, Vec], view: View, offset: float) -> list[Primitive]:
    """The height line and the heel arrow for a pair whose end frame is drawn `offset` units to
    the right; [] when the heel hardly moves."""
    travel = heel_travel(start, end, start_points, end_points, view)
    if abs(travel) < MIN_HEEL_TRAVEL:
        return []
    head_top = start_points["head"][1] + HEAD_R + 1.2
    left = start_points["head"][0] - HEAD_R - 5.0
    right = min(end_points["head"][0] + offset + HEAD_R + 5.0, 2 * FIGURE_BOX[0])
    guide = Segment(Point(left, head_top), Point(right, head_top), GUIDE_W, Ink.ARROW)
    heel = end_points[f"{_stance_side(end)}_heel"]
    x = heel[0] + offset - HEEL_GAP
    before = start_points[f"{_stance_side(end)}_heel"][1]
    middle, half = (before + heel[1]) / 2, max(abs(travel), ARROW_MIN) / 2
    middle = max(middle, FLOOR_Y + 1.0 + half)  # an arrow to the floor stops at the floor
    tail, tip = (middle - half, middle + half) if travel > 0 else (middle + half, middle - half)
    head = 4.5 if travel > 0 else -4.5
    return [guide, Segment(Point(x, tail), Point(x, tip - head * 0.6), ARROW_W, Ink.ARROW),
            Polygon((Point(x - 3.2, tip - head), Point(x, tip), Point(x + 3.2, tip - head)),
                    Ink.ARROW, Ink.ARROW, 0.8)]


def _stance_side(pose: Pose) -> str:
    return "far" if pose.stance is Stance.FAR else "near"

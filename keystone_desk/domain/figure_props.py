"""The props around an exercise figure: step, box or bench, wall, mat, band, weight, leg press.

Props are placed from where the body ended up (the step's edge under the ball of the standing foot,
the wall just beyond the hands, the footplate under the balls of the feet), so a start and an end
pose share their props without either pose giving coordinates. Everything is grey except the band.
Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from .figure_model import (
    ARM_W,
    FOOT_W,
    HIP_HALF,
    LEG_W,
    PROP_W,
    SHANK,
    THIGH,
    TRUNK,
    TRUNK_W,
    BandAnchor,
    Ink,
    Orientation,
    Point,
    Polygon,
    Polyline,
    Pose,
    Primitive,
    Prop,
    Segment,
    Stance,
    Vec,
    View,
)

FLOOR_Y = 5.0
STEP_H = 10.0
BOX_H = 14.0
MAT_H = 1.6
SEAT_CLEARANCE = 2.6  # hip joint above the seat
# A bench high enough that, with hips and knees at 90°, the feet rest flat on the floor.
SEAT_TOP = FLOOR_Y + SHANK + 2.0 + FOOT_W / 2 - SEAT_CLEARANCE
SLED_SEAT_TOP = FLOOR_Y + 12.0
BAND_W = 1.7
SEATED_X = 36.0  # where figures.py puts the pelvis of a seated figure

Projected = Mapping[str, Point]


def prop_primitives(pose: Pose, view: View, p: Projected, project: Callable[[Vec], Point],
                    ) -> tuple[list[Primitive], dict[str, list[Primitive]]]:
    """Props drawn behind the body, and {"behind_trunk": [...], "front": [...]} drawn over it."""
    back: list[Primitive] = []
    behind_trunk: list[Primitive] = []
    front: list[Primitive] = []
    props = pose.props
    if Prop.MAT in props:
        back.append(_rect(6.0, FLOOR_Y, 94.0, FLOOR_Y + MAT_H))
    if pose.lift and pose.orientation is Orientation.STANDING:
        back.append(_shadow(p))
    if Prop.STEP in props:
        ball = p["far_ball" if pose.stance is Stance.FAR else "near_ball"]
        edge = ball.x - 1.5
        back.append(_rect(edge, FLOOR_Y, min(edge + 26.0, 97.0), FLOOR_Y + STEP_H))
    if Prop.BOX in props and pose.orientation is Orientation.STANDING:
        x = p["near_ball"].x
        back.append(_rect(x - 12.0, FLOOR_Y, x + 8.0, FLOOR_Y + BOX_H))
    if Prop.BOX in props and pose.orientation is Orientation.SITTING:
        back += (_bench(p["pelvis"].x, SEAT_TOP) if view is View.SIDE
                 else _bench_facing(project))
    if Prop.SLED in props:
        back += _sled(p)
    if Prop.WALL in props:
        x = max(p["near_hand"].x, p["far_hand"].x) + ARM_W / 2 + 0.2
        back.append(_rect(x, FLOOR_Y, x + 6.0, 92.0))
    if Prop.WEIGHT in props:
        if pose.orientation is Orientation.SITTING:
            front.append(_knee_weight(p))
        else:
            behind_trunk.append(_backpack(p))
    if Prop.BAND in props:
        posts, strands = _band(pose, view, p, project)
        back += posts
        front += strands
    return back, {"behind_trunk": behind_trunk, "front": front}


def _shadow(p: Projected) -> Polygon:
    """A flat ellipse on the floor under the feet of a figure in the air."""
    feet = [p[f"{side}_{part}"].x for side in ("near", "far") for part in ("heel", "toe")]
    cx, rx, ry = (min(feet) + max(feet)) / 2, (max(feet) - min(feet)) / 2 + 3.0, 1.5
    turns = [a * math.pi / 12 for a in range(24)]
    return Polygon(tuple(Point(cx + rx * math.cos(t), FLOOR_Y + ry * math.sin(t)) for t in turns),
                   Ink.SHADOW)


def _rect(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return Polygon((Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1)),
                   Ink.PROP_FILL, Ink.PROP, PROP_W)


def _unit(a: Point, b: Point) -> tuple[float, float]:
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _along(origin: Point, u: tuple[float, float], n: tuple[float, float]) -> Callable[..., Point]:
    """Points given as (distance along u, distance along n) from origin."""
    return lambda a, b: Point(origin.x + u[0] * a + n[0] * b, origin.y + u[1] * a + n[1] * b)


def _bar(a: Point, b: Point, thickness: float) -> Polygon:
    u = _unit(a, b)
    n = (-u[1] * thickness / 2, u[0] * thickness / 2)
    return Polygon((Point(a.x + n[0], a.y + n[1]), Point(b.x + n[0], b.y + n[1]),
                    Point(b.x - n[0], b.y - n[1]), Point(a.x - n[0], a.y - n[1])),
                   Ink.PROP_FILL, Ink.PROP, PROP_W)


def _bench(pelvis_x: float, top: float) -> list[Primitive]:
    left, right = pelvis_x - 12.0, pelvis_x + 12.0
    legs = [Segment(Point(x, top - 3.0), Point(x, FLOOR_Y), 2.0, Ink.PROP)
            for x in (left + 2.0, right - 2.0)]
    return [*legs, _rect(left, top - 3.0, right, top)]


def _bench_facing(project: Callable[[Vec], Point]) -> list[Primitive]:
    """The front edge of the seat and its front legs, behind the knees of a seated figure."""
    front_x, half, top = SEATED_X + 9.0, 13.0, SEAT_TOP
    legs = [Segment(project((front_x - 1.5, top - 3.0, z)), project((front_x - 1.5, FLOOR_Y, z)),
                    2.0, Ink.PROP) for z in (-half + 1.5, half - 1.5)]
    edge = Polygon(tuple(project(v) for v in ((front_x, top, -half), (front_x, top, half),
                                              (front_x, top - 3.0, half),
                                              (front_x, top - 3.0, -half))),
                   Ink.PROP_FILL, Ink.PROP, PROP_W)
    return [*legs, edge]


def _sled(p: Projected) -> list[Primitive]:
    pelvis = p["pelvis"]
    up = _unit(pelvis, p["neck"])
    back = (-up[1], up[0])  # behind the trunk
    at = _along(pelvis, up, back)
    rest = _bar(at(-3.0, TRUNK_W / 2 + 1.6), at(TRUNK + 2.0, TRUNK_W / 2 + 1.6), 3.0)
    seat = _rect(pelvis.x - 9.0, SLED_SEAT_TOP - 3.0, pelvis.x + 7.0, SLED_SEAT_TOP)
    post = Segment(Point(pelvis.x - 1.0, SLED_SEAT_TOP - 3.0), Point(pelvis.x - 1.0, FLOOR_Y),
                   2.4, Ink.PROP)
    leg = _unit(p["near_hip"], p["near_ankle"])
    toes = (-leg[1], leg[0]) if leg[0] >= 0 else (leg[1], -leg[0])
    plate_at = _along(p["near_ball"], leg, toes)
    plate = _bar(plate_at(FOOT_W / 2 + 1.6, -5.0), plate_at(FOOT_W / 2 + 1.6, 13.0), 2.6)
    base = plate_at(FOOT_W / 2 + 4.0, -5.0)
    rail = Segment(Point(pelvis.x + 7.0, SLED_SEAT_TOP - 3.0), base, 2.0, Ink.PROP)
    stand = Segment(base, Point(base.x, FLOOR_Y), 2.4, Ink.PROP)
    return [post, seat, rest, rail, stand, plate]


def _backpack(p: Projected) -> Polygon:
    pelvis = p["pelvis"]
    up = _unit(pelvis, p["neck"])
    at = _along(pelvis, up, (-up[1], up[0]))
    near, far = TRUNK_W / 2 - 0.5, TRUNK_W / 2 + 5.0
    return Polygon((at(8.0, near), at(19.0, near), at(18.0, far), at(9.0, far)),
                   Ink.PROP_FILL, Ink.PROP, 2.2)


def _knee_weight(p: Projected) -> Polygon:
    knee, hip = p["near_knee"], p["near_hip"]
    u = _unit(knee, hip)
    c = Point(knee.x + u[0] * 5.5, knee.y + u[1] * 5.5 + LEG_W / 2 + 3.6)
    return Polygon((Point(c.x - 6.0, c.y - 3.2), Point(c.x + 6.0, c.y - 3.2),
                    Point(c.x + 5.0, c.y + 3.2), Point(c.x - 5.0, c.y + 3.2)),
                   Ink.PROP_FILL, Ink.PROP, 2.0)


def _between(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2)


def _sole_normal(p: Projected, side: str) -> tuple[float, float]:
    along = _unit(p[f"{side}_heel"], p[f"{side}_ball"])
    return along[1], -along[0]  # clockwise from heel→ball: out of the sole


def _band(pose: Pose, view: View, p: Projected, project: Callable[[Vec], Point],
          ) -> tuple[list[Primitive], list[Primitive]]:
    """(posts drawn behind the body, band strands drawn in front of it)."""
    side = "far" if pose.working.value == "far" else "near"
    anchor = pose.band_anchor
    if view is View.FRONT:
        outer = _between(p[f"{side}_ankle"], p[f"{side}_ball_outer"])
        if anchor is BandAnchor.OTHER_FOOT:
            other = "far" if side == "near" else "near"
            return [], [Polyline((outer, _between(p[f"{other}_ankle"], p[f"{other}_ball_outer"])),
                                 BAND_W, Ink.BAND)]
        # A table leg on the outer side of the working foot, level with the ankle.
        x, z = SEATED_X + THIGH + 3.0, (1.0 if side == "near" else -1.0) * (HIP_HALF + 10.0)
        post = Polygon(tuple(project(v) for v in ((x, FLOOR_Y, z - 1.2), (x, FLOOR_Y, z + 1.2),
                                                  (x, FLOOR_Y + 9.0, z + 1.2),
                                                  (x, FLOOR_Y + 9.0, z - 1.2))),
                       Ink.PROP_FILL, Ink.PROP, PROP_W)
        return [post], [Polyline((outer, project((x, FLOOR_Y + 4.0, z))), BAND_W, Ink.BAND)]
    n = _sole_normal(p, side)
    ball, toe = p[f"{side}_ball"], p[f"{side}_toe"]
    under = FOOT_W / 2 + 0.4
    if anchor is BandAnchor.FRONT:
        pelvis = p["pelvis"]
        post_x = pelvis.x + THIGH + SHANK + 22.0
        hold = Point(post_x, FLOOR_Y + 9.0)
        middle = _between(ball, toe)
        top_of_foot = Point(middle.x - n[0] * under, middle.y - n[1] * under)
        return ([_rect(post_x - 1.5, FLOOR_Y, post_x + 1.5, hold.y + 6.0)],
                [Polyline((top_of_foot, hold), BAND_W, Ink.BAND)])
    hand = p["near_hand"]
    sole = Point(ball.x + n[0] * under, ball.y + n[1] * under)
    tip = _unit(ball, toe)
    beyond = Point(toe.x + tip[0] * 1.8, toe.y + tip[1] * 1.8)
    return [], [Polyline((hand, sole, beyond, hand), BAND_W, Ink.BAND)]

"""Exercise illustrations drawn from joint angles: a small parametric figure and its props.

`figure_primitives(pose)` runs forward kinematics over fixed segment lengths (in 3-D, so a leg can
lift sideways in side-lying and a foot can turn in when seen from the front), puts the body on its
support (feet on the floor or the step, seat on the bench, back on the mat), adds the props and
returns plain primitives in the FIGURE_BOX, y up. The Qt view (ui/figure_view.py) and the PDF
drawing (pdf/figures.py) only paint these primitives, so screen and paper show the same figure.
Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from .figure_model import (
    ARM_ROOT_HALF,
    ARM_W,
    FIGURE_BOX,
    FOOT_HALF,
    FOOT_POINTS,
    FOOT_W,
    FOREARM,
    HALO_W,
    HEAD_R,
    HIP_HALF,
    LEG_W,
    NECK,
    NECK_W,
    PROP_W,
    SHANK,
    SHOULDER_HALF,
    THIGH,
    TRUNK,
    TRUNK_W,
    UPPER_ARM,
    Circle,
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
    Working,
)
from .figure_motion import rise_cues
from .figure_props import (
    FLOOR_Y,
    MAT_H,
    SEAT_CLEARANCE,
    SEAT_TOP,
    SEATED_X,
    SLED_SEAT_TOP,
    STEP_H,
    prop_primitives,
)

__all__ = ["FIGURE_BOX", "PAIR_BOX", "SEGMENT_LENGTHS", "Vec", "figure_primitives", "joints",
           "pair_primitives", "placed_joints"]

Matrix = tuple[Vec, Vec, Vec]  # rows

STANDING_X = 46.0  # where the near foot's ball goes
LYING_X = 50.0
PAIR_GAP = 20.0
FRONT_ZOOM = 3.2  # the front view is a close-up of the lower legs and feet
FRONT_PITCH = 15.0  # degrees the front view looks down, so knees and feet show their depth
FRONT_WIDTH = 1.5  # strokes are a little heavier in the close-up
PAIR_BOX = (2 * FIGURE_BOX[0] + PAIR_GAP, FIGURE_BOX[1])

SEGMENT_LENGTHS: Mapping[tuple[str, str], float] = {
    **{(f"{s}_hip", f"{s}_knee"): THIGH for s in ("near", "far")},
    **{(f"{s}_knee", f"{s}_ankle"): SHANK for s in ("near", "far")},
    **{(f"{s}_shoulder", f"{s}_elbow"): UPPER_ARM for s in ("near", "far")},
    **{(f"{s}_elbow", f"{s}_hand"): FOREARM for s in ("near", "far")},
    **{(f"{s}_ankle", f"{s}_ball"): math.hypot(7.6, 2.0) for s in ("near", "far")},
    ("pelvis", "neck"): TRUNK,
    ("neck", "head"): NECK + HEAD_R,
}

_IDENTITY: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
# Body axes: x forward, y up, z toward the viewer's side (the near side).
_ORIENTATIONS: Mapping[Orientation, Matrix] = {
    Orientation.STANDING: _IDENTITY,
    Orientation.SITTING: _IDENTITY,
    Orientation.SUPINE: ((0, -1, 0), (1, 0, 0), (0, 0, 1)),  # head left, face up
    Orientation.PRONE: ((0, 1, 0), (-1, 0, 0), (0, 0, 1)),  # head right, face down
    Orientation.SIDE_LYING: ((0, -1, 0), (0, 0, 1), (-1, 0, 0)),  # head left, near side up
}


def _rz(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _rx(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _mul(a: Matrix, b: Matrix) -> Matrix:
    cols = list(zip(*b, strict=True))
    return tuple(tuple(sum(x * y for x, y in zip(row, col, strict=True)) for col in cols)
                 for row in a)  # type: ignore[return-value]


def _apply(m: Matrix, v: Vec) -> Vec:
    x, y, z = v
    return (m[0][0] * x + m[0][1] * y + m[0][2] * z, m[1][0] * x + m[1][1] * y + m[1][2] * z,
            m[2][0] * x + m[2][1] * y + m[2][2] * z)


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def joints(pose: Pose) -> dict[str, Vec]:
    """Every joint in 3-D, pelvis at the origin, before the body is put on its support."""
    pelvis_frame = _mul(_ORIENTATIONS[pose.orientation], _rz(-pose.trunk))
    out: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    out["neck"] = _apply(pelvis_frame, (0.0, TRUNK, 0.0))
    out["head"] = _add(out["neck"], _apply(_mul(pelvis_frame, _rz(-pose.head)),
                                           (0.0, NECK + HEAD_R, 0.0)))
    for side, sign in (("near", 1.0), ("far", -1.0)):
        angle = {name: getattr(pose, f"{side}_{name}") for name in
                 ("hip", "knee", "ankle", "abduction", "inversion", "shoulder", "elbow")}
        hip = _apply(pelvis_frame, (0.0, 0.0, sign * HIP_HALF))
        thigh = _mul(pelvis_frame, _mul(_rz(angle["hip"]), _rx(-sign * angle["abduction"])))
        knee = _add(hip, _apply(thigh, (0.0, -THIGH, 0.0)))
        shank = _mul(thigh, _rz(-angle["knee"]))
        ankle = _add(knee, _apply(shank, (0.0, -SHANK, 0.0)))
        foot = _mul(shank, _mul(_rz(angle["ankle"]), _rx(sign * angle["inversion"])))
        out.update({f"{side}_hip": hip, f"{side}_knee": knee, f"{side}_ankle": ankle})
        for name, offset in FOOT_POINTS.items():
            out[f"{side}_{name}"] = _add(ankle, _apply(foot, offset))
        for part, (x, y, _) in (("ball", FOOT_POINTS["ball"]), ("instep", (1.5, -0.6, 0.0))):
            out[f"{side}_{part}_inner"] = _add(ankle, _apply(foot, (x, y, -sign * FOOT_HALF)))
            out[f"{side}_{part}_outer"] = _add(ankle, _apply(foot, (x, y, sign * FOOT_HALF)))
        out[f"{side}_shoulder_corner"] = _add(out["neck"],
                                              _apply(pelvis_frame, (0, 0, sign * SHOULDER_HALF)))
        shoulder = _add(out["neck"], _apply(pelvis_frame, (0.0, -1.5, sign * ARM_ROOT_HALF)))
        arm = _mul(pelvis_frame, _rz(angle["shoulder"]))
        elbow = _add(shoulder, _apply(arm, (0.0, -UPPER_ARM, 0.0)))
        hand = _add(elbow, _apply(_mul(arm, _rz(angle["elbow"])), (0.0, -FOREARM, 0.0)))
        out.update({f"{side}_shoulder": shoulder, f"{side}_elbow": elbow, f"{side}_hand": hand})
    return out


def _reach(name: str) -> float:
    """How far the drawn stroke extends around a joint (for resting the body on a surface)."""
    if name == "head":
        return HEAD_R
    if name in ("pelvis", "neck") or name.endswith(("_hip", "_shoulder_corner")):
        return TRUNK_W / 2
    if name.endswith(("_heel", "_ball", "_toe", "_ball_inner", "_ball_outer", "_instep_inner",
                      "_instep_outer")):
        return FOOT_W / 2
    if name.endswith(("_shoulder", "_elbow", "_hand")):
        return ARM_W / 2
    return LEG_W / 2


def _stance_feet(pose: Pose) -> tuple[str, ...]:
    return {Stance.BOTH: ("near", "far"), Stance.NEAR: ("near",), Stance.FAR: ("far",)}[pose.stance]


def _sole_bottom(points: Mapping[str, Vec], side: str, toes_bend: bool) -> float:
    heel, ball, toe = (points[f"{side}_{n}"][1] for n in ("heel", "ball", "toe"))
    if toes_bend:  # a foot carrying weight stands on its ball; the toes bend flat (_bend_toes)
        toe = max(toe, ball)
    return min(heel, ball, toe) - FOOT_W / 2


def placed_joints(pose: Pose) -> dict[str, Vec]:
    """The joints moved onto the pose's support: feet on the floor or step, seat on the bench,
    the lowest part of a lying body on the floor or mat; then lifted by `pose.lift`."""
    points = joints(pose)
    if pose.orientation is Orientation.STANDING:
        feet = _stance_feet(pose)
        if Prop.STEP in pose.props:
            ball = points[f"{feet[0]}_ball"]
            dy = FLOOR_Y + STEP_H - (ball[1] - FOOT_W / 2)
        else:
            dy = FLOOR_Y - min(_sole_bottom(points, side, not pose.lift) for side in feet)
        dx = STANDING_X - points["near_ball"][0]
    elif pose.orientation is Orientation.SITTING:
        if Prop.SLED in pose.props:
            seat = SLED_SEAT_TOP
        elif Prop.BOX in pose.props:
            seat = SEAT_TOP
        else:
            seat = FLOOR_Y + (MAT_H if Prop.MAT in pose.props else 0.0)
        dy = seat + SEAT_CLEARANCE
        dx = SEATED_X
    else:
        ground = FLOOR_Y + (MAT_H if Prop.MAT in pose.props else 0.0)
        dy = ground - min(p[1] - _reach(name) for name, p in points.items())
        dx = LYING_X
    dy += pose.lift
    dx += pose.shift
    placed = {name: (p[0] + dx, p[1] + dy, p[2]) for name, p in points.items()}
    for side in _weight_bearing(pose):
        _bend_toes(placed, side)
    return placed


def _weight_bearing(pose: Pose) -> tuple[str, ...]:
    if pose.orientation is Orientation.STANDING:
        return _stance_feet(pose) if not pose.lift else ()
    if pose.orientation is Orientation.SITTING and Prop.BOX in pose.props:
        return ("near", "far")
    return ()


def _bend_toes(points: dict[str, Vec], side: str) -> None:
    """Up on the toes, the toes bend back and stay flat instead of digging into the floor."""
    ball, toe = points[f"{side}_ball"], points[f"{side}_toe"]
    if toe[1] >= ball[1]:
        return
    length = math.hypot(toe[0] - ball[0], toe[1] - ball[1])
    points[f"{side}_toe"] = (ball[0] + math.copysign(length, toe[0] - ball[0]), ball[1], toe[2])


def _projector(pose: Pose, view: View, points: Mapping[str, Vec]) -> Callable[[Vec], Point]:
    if view is View.SIDE:
        return lambda v: Point(round(v[0], 3), round(v[1], 3))
    # Facing the viewer, seen a little from above and close up: the near side on the picture's
    # left, the pelvis centred, the feet on the floor line.
    centre = 50.0 + pose.shift
    pelvis_z, feet_x = points["pelvis"][2], points["near_ball"][0]
    cos, sin = math.cos(math.radians(FRONT_PITCH)), math.sin(math.radians(FRONT_PITCH))

    def project(v: Vec) -> Point:
        height = (v[1] - FLOOR_Y) * cos - (v[0] - feet_x) * sin
        return Point(round(centre - (v[2] - pelvis_z) * FRONT_ZOOM, 3),
                     round(FLOOR_Y + height * FRONT_ZOOM, 3))

    return project


def _limb_inks(pose: Pose) -> tuple[Ink, Ink]:
    near = Ink.WORKING if pose.working in (Working.NEAR, Working.BOTH) else Ink.BODY
    far = Ink.WORKING_FAR if pose.working in (Working.FAR, Working.BOTH) else Ink.BODY_FAR
    return near, far


def figure_primitives(pose: Pose, view: View | str | None = None) -> list[Primitive]:
    """The figure in `pose` as primitives inside FIGURE_BOX (0..100 both ways, y up).

    `view` defaults to the pose's own view. "side" shows the whole body; "front" is a close-up of
    the lower legs and feet facing the viewer, for movements a side view cannot show."""
    view = View(view) if view is not None else pose.view
    points = placed_joints(pose)
    project = _projector(pose, view, points)
    p = {name: project(v) for name, v in points.items()}
    near_ink, far_ink = _limb_inks(pose)
    back, front = prop_primitives(pose, view, p, project)
    floor = Segment(Point(2.0, FLOOR_Y - PROP_W / 2), Point(98.0, FLOOR_Y - PROP_W / 2),
                    PROP_W, Ink.PROP)
    if view is View.FRONT:
        legs = _leg(p, "far", far_ink, view) + _halo(_leg(p, "near", near_ink, view))
        return back + [floor] + legs + front["front"]
    body: list[Primitive] = []
    body += _arm(p, "far", Ink.BODY_FAR)
    body += _leg(p, "far", far_ink, view)
    body += front["behind_trunk"]
    body.append(Polygon((p["near_hip"], p["near_shoulder_corner"], p["far_shoulder_corner"],
                         p["far_hip"]), Ink.BODY, Ink.BODY, TRUNK_W))
    body.append(Segment(p["neck"], p["head"], NECK_W, Ink.BODY))
    body.append(Circle(p["head"], HEAD_R, Ink.BODY))
    body += _halo(_leg(p, "near", near_ink, view))
    body += _halo(_arm(p, "near", Ink.BODY))
    return back + [floor] + body + front["front"]


def _leg(p: Mapping[str, Point], side: str, ink: Ink, view: View) -> list[Primitive]:
    hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
    if view is View.FRONT:
        sole = (p[f"{side}_instep_inner"], p[f"{side}_ball_inner"], p[f"{side}_toe"],
                p[f"{side}_ball_outer"], p[f"{side}_instep_outer"])
        return [Polyline((knee, ankle), LEG_W * FRONT_WIDTH, ink),
                Polygon(sole, ink, ink, FOOT_W * FRONT_WIDTH)]
    foot = (ankle, p[f"{side}_heel"], p[f"{side}_ball"], p[f"{side}_toe"])
    return [Polyline((hip, knee, ankle), LEG_W, ink), Polygon(foot, ink, ink, FOOT_W)]


def _halo(limb: list[Primitive]) -> list[Primitive]:
    """The limb over a slightly wider copy in the paper colour, so it stands apart from the trunk
    or the other leg behind it."""
    under: list[Primitive] = []
    for prim in limb:
        match prim:
            case Polyline():
                under.append(Polyline(prim.points, prim.width + HALO_W, Ink.HALO))
            case Segment():
                under.append(Segment(prim.start, prim.end, prim.width + HALO_W, Ink.HALO))
            case Polygon():
                under.append(Polygon(prim.points, Ink.HALO, Ink.HALO, prim.width + HALO_W))
    return under + limb


def _arm(p: Mapping[str, Point], side: str, ink: Ink) -> list[Primitive]:
    return [Polyline((p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]), ARM_W, ink)]


def pair_primitives(start: Pose, end: Pose, view: View | str | None = None) -> list[Primitive]:
    """Start and end side by side with an arrow between, inside PAIR_BOX (220 × 100); a heel
    raise or drop also gets a height line and a heel arrow (domain.figure_motion)."""
    offset = FIGURE_BOX[0] + PAIR_GAP
    moved = [_transform(prim, lambda q: Point(q.x + offset, q.y))
             for prim in figure_primitives(end, view)]
    y = FIGURE_BOX[1] * 0.45
    left, right = FIGURE_BOX[0] + 3.0, offset - 3.0
    arrow: list[Primitive] = [
        Segment(Point(left, y), Point(right - 4.0, y), 2.2, Ink.ARROW),
        Polygon((Point(right - 6.0, y + 4.0), Point(right, y), Point(right - 6.0, y - 4.0)),
                Ink.ARROW, Ink.ARROW, 1.0),
    ]
    # A heel raise or drop moves the body a few units only: the cues make it visible.
    cues = rise_cues(start, end, placed_joints(start), placed_joints(end),
                     View(view) if view is not None else end.view, offset)
    return cues + figure_primitives(start, view) + arrow + moved


def _transform(prim: Primitive, move: Callable[[Point], Point]) -> Primitive:
    """The same primitive with every point moved (stroke widths unchanged)."""
    match prim:
        case Segment():
            return Segment(move(prim.start), move(prim.end), prim.width, prim.ink)
        case Polyline():
            return Polyline(tuple(move(q) for q in prim.points), prim.width, prim.ink)
        case Circle():
            return Circle(move(prim.centre), prim.radius, prim.fill, prim.outline, prim.width)
        case Polygon():
            return Polygon(tuple(move(q) for q in prim.points), prim.fill, prim.outline, prim.width)
    raise TypeError(prim)

"""The vocabulary of exercise illustrations: a Pose (joint angles, body orientation, props) and the
drawing primitives a figure is made of, with the palette both renderers share.

A pose is data: exercise files give it as a TOML table of the angles that differ from neutral, and a
clinic's custom exercise can store it as JSON, so `pose_from_mapping` / `pose_to_mapping` live here
beside the type. Angles are in degrees, anatomical: flexion positive (hip, knee, shoulder, elbow,
head), ankle dorsiflexion positive and plantarflexion negative, trunk lean forward positive. "Near"
limbs face the viewer in the side view and are drawn in front; the working leg is highlighted.
Primitives are plain shapes in a box `FIGURE_BOX` units wide and high, y pointing up, so the Qt
painter and the reportlab drawing make the same picture. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from .errors import FieldProblem, ValidationError

FIGURE_BOX = (100.0, 100.0)
Vec = tuple[float, float, float]

# Proportions in figure units: a standing figure is about 73 units tall.
THIGH, SHANK, TRUNK, NECK, HEAD_R = 18.0, 18.0, 22.0, 2.5, 5.0
UPPER_ARM, FOREARM = 12.5, 12.0
HIP_HALF, SHOULDER_HALF, ARM_ROOT_HALF, FOOT_HALF = 3.2, 5.0, 9.3, 2.0
# The foot's centre line relative to the ankle (forward, up, outward).
FOOT_POINTS: Mapping[str, Vec] = {"heel": (-2.2, -2.0, 0.0), "ball": (7.6, -2.0, 0.0),
                                  "toe": (10.2, -1.6, 0.0)}
# Stroke widths: one set for every figure, on screen and on paper.
LEG_W, ARM_W, TRUNK_W, NECK_W, FOOT_W = 4.8, 3.6, 9.6, 3.6, 3.2
HALO_W = 1.8  # added to a near limb's width for its halo
PROP_W = 1.2


class Orientation(StrEnum):
    STANDING = "standing"
    SITTING = "sitting"  # on a bench when the pose has a box, else on the floor
    SUPINE = "supine"  # on the back, head to the left
    PRONE = "prone"  # face down, head to the right
    SIDE_LYING = "side_lying"  # on the far side, near leg on top, seen from behind


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"  # facing the viewer (ankle inversion/eversion, where a side view shows nothing)


class Prop(StrEnum):
    STEP = "step"  # a stair: the stance foot's ball on its back edge, the heel free to drop
    BOX = "box"  # standing: a box under the near foot; sitting: the bench or chair
    WALL = "wall"  # just in front of the hands
    BAND = "band"  # an elastic band from the working foot to `band_anchor`
    MAT = "mat"  # an exercise mat under a lying or floor-sitting body
    WEIGHT = "weight"  # a backpack when standing, a weight across the knees when sitting
    SLED = "sled"  # a leg-press machine: reclined seat and a footplate under the balls of the feet


class BandAnchor(StrEnum):
    HANDS = "hands"  # the ends held in the near hand
    FRONT = "front"  # tied to a post in front of the feet (pulls the foot down)
    OUTSIDE = "outside"  # tied to a post on the outer side of the working foot (front view)
    OTHER_FOOT = "other_foot"  # looped around the other foot (front view)


class Stance(StrEnum):
    BOTH = "both"
    NEAR = "near"
    FAR = "far"


class Working(StrEnum):
    NEAR = "near"
    FAR = "far"
    BOTH = "both"
    NONE = "none"


class Ink(StrEnum):
    """What a primitive is, which the palette turns into a colour."""

    BODY = "body"
    BODY_FAR = "body_far"
    WORKING = "working"
    WORKING_FAR = "working_far"
    PROP = "prop"  # outlines of props, the floor line
    PROP_FILL = "prop_fill"
    BAND = "band"
    ARROW = "arrow"
    SHADOW = "shadow"  # on the floor under a figure in the air
    HALO = "halo"  # the paper colour, a thin gap that keeps a near limb apart from what is behind


PALETTE: Mapping[Ink, str] = {
    Ink.BODY: "#3d4752",
    Ink.BODY_FAR: "#98a2ad",
    Ink.WORKING: "#2b79b8",
    Ink.WORKING_FAR: "#94bddf",
    Ink.PROP: "#8f969d",
    Ink.PROP_FILL: "#dfe2e5",
    Ink.BAND: "#c07a2c",
    Ink.ARROW: "#9aa0a6",
    Ink.SHADOW: "#c4c8cc",
    Ink.HALO: "#ffffff",
}
# Black-and-white, low-ink handouts: greys only, the working leg a shade darker than the body.
LOW_INK_PALETTE: Mapping[Ink, str] = {
    Ink.BODY: "#6b6b6b",
    Ink.BODY_FAR: "#b8b8b8",
    Ink.WORKING: "#262626",
    Ink.WORKING_FAR: "#8c8c8c",
    Ink.PROP: "#9a9a9a",
    Ink.PROP_FILL: "#f0f0f0",
    Ink.BAND: "#4d4d4d",
    Ink.ARROW: "#9a9a9a",
    Ink.SHADOW: "#d0d0d0",
    Ink.HALO: "#ffffff",
}


# Joint ranges a pose may ask for (degrees); wide enough for every exercise, narrow enough to
# catch a sign mistake in a file (a knee bent backwards).
ANGLE_LIMITS: Mapping[str, tuple[float, float]] = {
    "trunk": (-90, 100), "head": (-45, 60),
    "near_hip": (-45, 150), "near_knee": (0, 160), "near_ankle": (-60, 40),
    "near_abduction": (-10, 60), "near_inversion": (-40, 40),
    "far_hip": (-45, 150), "far_knee": (0, 160), "far_ankle": (-60, 40),
    "far_abduction": (-10, 60), "far_inversion": (-40, 40),
    "near_shoulder": (-60, 190), "near_elbow": (0, 160),
    "far_shoulder": (-60, 190), "far_elbow": (0, 160),
}


@dataclass(frozen=True, slots=True)
class Pose:
    """One position of the body; every angle defaults to standing tall, arms by the sides."""

    orientation: Orientation = Orientation.STANDING
    view: View = View.SIDE
    trunk: float = 0.0
    head: float = 0.0
    near_hip: float = 0.0
    near_knee: float = 0.0
    near_ankle: float = 0.0
    near_abduction: float = 0.0
    near_inversion: float = 0.0  # turning the sole inward; negative is eversion
    far_hip: float = 0.0
    far_knee: float = 0.0
    far_ankle: float = 0.0
    far_abduction: float = 0.0
    far_inversion: float = 0.0
    near_shoulder: float = 5.0
    near_elbow: float = 10.0
    far_shoulder: float = -5.0
    far_elbow: float = 10.0
    props: frozenset[Prop] = frozenset()
    band_anchor: BandAnchor = BandAnchor.HANDS
    stance: Stance = Stance.BOTH  # which foot/feet carry the body when standing
    working: Working = Working.NEAR
    lift: float = 0.0  # height of the feet above the ground (hopping, running)
    shift: float = 0.0  # horizontal nudge so a wide pose fits the box

    def __post_init__(self) -> None:
        problems = [
            FieldProblem(name, f"{value:g}° is outside {low:g}…{high:g}°")
            for name, (low, high) in ANGLE_LIMITS.items()
            if not low <= (value := getattr(self, name)) <= high
        ]
        if not 0 <= self.lift <= 20:
            problems.append(FieldProblem("lift", "give a height from 0 to 20"))
        if not -40 <= self.shift <= 40:
            problems.append(FieldProblem("shift", "give a nudge from -40 to 40"))
        if problems:
            raise ValidationError(problems)


_ENUM_FIELDS: Mapping[str, type[StrEnum]] = {
    "orientation": Orientation, "view": View, "band_anchor": BandAnchor, "stance": Stance,
    "working": Working,
}
_NUMBER_FIELDS = frozenset(ANGLE_LIMITS) | {"lift", "shift"}
POSE_KEYS = frozenset(f.name for f in fields(Pose))


def pose_from_mapping(data: Mapping[str, Any], where: str = "pose") -> Pose:
    """A Pose from a TOML/JSON table; ValidationError names `where.key` for anything wrong."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for key, raw in data.items():
        place = f"{where}.{key}"
        if key not in POSE_KEYS:
            known = ", ".join(sorted(POSE_KEYS))
            problems.append(FieldProblem(place, f"unknown key; use one of {known}"))
        elif key in _ENUM_FIELDS:
            choices = _ENUM_FIELDS[key]
            if raw not in {member.value for member in choices}:
                names = ", ".join(m.value for m in choices)
                problems.append(FieldProblem(place, f"choose one of {names}"))
            else:
                values[key] = choices(raw)
        elif key == "props":
            prop_names = {p.value for p in Prop}
            if not isinstance(raw, list) or not all(isinstance(p, str) and p in prop_names for p in raw):
                problems.append(FieldProblem(place, "list props from " + ", ".join(sorted(prop_names))))
            else:
                values[key] = frozenset(Prop(p) for p in raw)
        elif key in _NUMBER_FIELDS:
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                problems.append(FieldProblem(place, "give a number of degrees"))
            else:
                values[key] = float(raw)
    if problems:
        raise ValidationError(problems)
    try:
        return Pose(**values)
    except ValidationError as exc:
        raise ValidationError([FieldProblem(f"{where}.{p.field}", p.message)
                               for p in exc.problems]) from None


def pose_to_mapping(pose: Pose) -> dict[str, Any]:
    """Only what differs from the neutral pose, in the same shape `pose_from_mapping` reads."""
    neutral = Pose()
    out: dict[str, Any] = {}
    for f in fields(Pose):
        value = getattr(pose, f.name)
        if value == getattr(neutral, f.name):
            continue
        if f.name == "props":
            out[f.name] = sorted(p.value for p in value)
        elif isinstance(value, StrEnum):
            out[f.name] = value.value
        else:
            out[f.name] = value
    return out


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight stroke with round caps."""

    start: Point
    end: Point
    width: float
    ink: Ink


@dataclass(frozen=True, slots=True)
class Polyline:
    """Joined strokes with round caps and joins (a limb, a band)."""

    points: tuple[Point, ...]
    width: float
    ink: Ink


@dataclass(frozen=True, slots=True)
class Circle:
    centre: Point
    radius: float
    fill: Ink | None
    outline: Ink | None = None
    width: float = 0.0


@dataclass(frozen=True, slots=True)
class Polygon:
    """A filled shape; with an outline of `width` its corners are rounded."""

    points: tuple[Point, ...]
    fill: Ink | None
    outline: Ink | None = None
    width: float = 0.0


Primitive = Segment | Polyline | Circle | Polygon


def primitive_points(primitive: Primitive) -> list[tuple[Point, float]]:
    """Every point a primitive reaches, with how far its stroke or radius extends around it."""
    match primitive:
        case Segment(start=a, end=b, width=w):
            return [(a, w / 2), (b, w / 2)]
        case Polyline(points=points, width=w):
            return [(p, w / 2) for p in points]
        case Circle(centre=c, radius=r, width=w):
            return [(c, r + w / 2)]
        case Polygon(points=points, width=w):
            return [(p, w / 2) for p in points]
    raise TypeError(primitive)


def bounds(primitives: list[Primitive]) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of everything drawn, strokes included."""
    reach = [(p, r) for prim in primitives for p, r in primitive_points(prim)]
    return (min(p.x - r for p, r in reach), min(p.y - r for p, r in reach),
            max(p.x + r for p, r in reach), max(p.y + r for p, r in reach))
